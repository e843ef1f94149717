package main_test

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
)

// The integration tests build the command and run it, standalone and
// under go vet, on a module made from testdata/crosspkg.txtar. They
// need the go command and take a few seconds, so -short skips them.

func buildTool(t *testing.T) string {
	t.Helper()
	return cmdtest.BuildTool(t, ".")
}

func writeModule(t *testing.T, archive string) string {
	t.Helper()
	return cmdtest.WriteModule(t, filepath.Join("testdata", archive))
}

func run(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	return cmdtest.Run(t, dir, name, args)
}

var (
	plainWrite    = regexp.MustCompile(`user/user\.go:9:\d+: non-atomic write to lib\.Stats\.N, which is accessed atomically \(atomic\.AddInt64 at example\.com/m/lib/lib\.go:10\)`)
	plainRead     = regexp.MustCompile(`user/user\.go:11:\d+: non-atomic read of lib\.Stats\.N`)
	importedWrite = regexp.MustCompile(`user/user\.go:13:\d+: atomic\.AddInt32 on lib\.Stats\.Plain, which example\.com/m/lib writes non-atomically \(write at lib\.go:12\)`)
)

func checkReports(t *testing.T, out string, reads bool) {
	t.Helper()
	for _, want := range []*regexp.Regexp{plainWrite, importedWrite} {
		if !want.MatchString(out) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if got := plainRead.MatchString(out); got != reads {
		t.Errorf("read reported = %v, want %v:\n%s", got, reads, out)
	}
	if strings.Contains(out, "panic") {
		t.Errorf("output mentions a panic:\n%s", out)
	}
}

func TestStandalone(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")

	out, code := run(t, dir, bin, "./lib", "./user")
	if code != 3 {
		t.Errorf("exit code %d, want 3 (diagnostics reported)", code)
	}
	checkReports(t, out, true)

	out, code = run(t, dir, bin, "-reads=false", "./lib", "./user")
	if code != 3 {
		t.Errorf("-reads=false: exit code %d, want 3", code)
	}
	checkReports(t, out, false)
}

func TestVet(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")

	// go vet runs the tool once per package, passing facts between
	// the runs through files: the cross-package reports prove that the
	// facts survive serialisation.
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./lib", "./user")
	if code == 0 {
		t.Errorf("go vet exit code 0, want non-zero")
	}
	checkReports(t, out, true)

	out, _ = run(t, dir, "go", "vet", "-vettool="+bin, "-reads=false", "./lib", "./user")
	checkReports(t, out, false)
}

// TestJSON checks the -json output: diagnostics keyed by package and
// analyzer, with category, message and related information.
func TestJSON(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	out, code := run(t, dir, bin, "-json", "./lib", "./user")
	if code != 0 {
		t.Errorf("-json exit code %d, want 0", code)
	}
	type related struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	type diagnostic struct {
		Posn     string    `json:"posn"`
		Category string    `json:"category"`
		Message  string    `json:"message"`
		Related  []related `json:"related"`
	}
	var tree map[string]map[string][]diagnostic
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	diags := tree["example.com/m/user"]["atomiccnt"]
	categories := make(map[string]int)
	for _, d := range diags {
		categories[d.Category]++
	}
	want := map[string]int{"plainwrite": 1, "plainread": 1, "importedwrite": 1}
	for c, n := range want {
		if categories[c] != n {
			t.Errorf("%d diagnostics of category %s, want %d; got %+v", categories[c], c, n, diags)
		}
	}
	if len(tree["example.com/m/lib"]["atomiccnt"]) != 0 {
		t.Errorf("unexpected diagnostics in lib: %+v", tree["example.com/m/lib"])
	}
}

// TestBadInput checks that input the tool cannot analyse gives a clear
// error and a non-zero exit, never a panic or silence.
func TestBadInput(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown package", []string{"example.com/m/nosuch"}, "nosuch"},
		{"ill-typed package", []string{"./broken"}, `cannot use "not an int"`},
		{"unknown flag", []string{"-nosuchflag", "./lib"}, "flag provided but not defined: -nosuchflag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, code := run(t, dir, bin, tc.args...)
			if code == 0 {
				t.Errorf("exit code 0, want non-zero; output:\n%s", out)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output lacks %q:\n%s", tc.want, out)
			}
			if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
				t.Errorf("output shows a panic:\n%s", out)
			}
		})
	}
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "./broken")
	if code == 0 || !strings.Contains(out, `cannot use "not an int"`) {
		t.Errorf("go vet on an ill-typed package: exit %d, output:\n%s", code, out)
	}
}

// TestExplain checks that -explain names the rule that spared each
// plain access, and that the real report is still made.
func TestExplain(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "explain.txtar")
	out, code := run(t, dir, bin, "-explain", "./...")
	if code != 3 {
		t.Errorf("exit code %d, want 3", code)
	}
	for _, want := range []string{
		`p.go:21:4: not reported: non-atomic write to T.n: the object is owned by the function and not yet published (allocated by the function)`,
		`p.go:28:9: not reported: non-atomic write to T.n: it runs in an exclusive phase`,
		`p.go:34:11: not reported: non-atomic read of T.n: every conflicting atomic access holds a lock it holds (T.mu)`,
		`p.go:38:11: not reported: non-atomic read of T.n: an atomiccnt:ignore directive covers it`,
		`p.go:44:9: not reported: non-atomic read of owner.tail: the function writes the location itself and reads back its own value`,
		`p.go:50:37: non-atomic read of T.n, which is written atomically (atomic.AddInt64 at p.go:15)`,
		`p.go:58:47: not reported: non-atomic read of stats.hits: the atomic accesses are to other memory`,
		`p.go:65:4: high confidence: no evidence rule lowers it; shared: the object its function owned is stored at p.go:64 before it`,
		"p.go:64:",
		"\tthe object is published here",
		`p.go:78:33: not reported: non-atomic write to counters.hits: the object is owned by the function and not yet published (passed by every call while its caller owns it, and its owning field st points to this one)`,
		`p.go:84:38: not reported: non-atomic read of counters.hits: the object is owned by the function and not yet published (owned by the function literal's creator at every call, and its owning field st points to this one)`,
		`p.go:95:5: not reported: non-atomic write to T.n: the object is owned by the function and not yet published (allocated by the function, and the branches taken to this access rule out the other values of t)`,
		`inspect.go:10:14: not reported: non-atomic read of T.n: the object is owned by the function and not yet published (allocated by the function, and DeepEqual at inspect.go:9 only inspects it)`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	plain, _ := run(t, dir, bin, "./...")
	if strings.Contains(plain, "not reported") {
		t.Errorf("explanations reported without -explain:\n%s", plain)
	}
}
