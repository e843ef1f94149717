package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
)

// TestBaselineStandalone writes a baseline of a module's reports, runs
// with it, and then with it edited: an entry removed brings its report
// back, an entry that matches nothing is reported at its line, and
// writing the baseline again keeps the reasons and drops the stale
// entry. The SARIF log marks reports new and stale entries absent.
func TestBaselineStandalone(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	file := filepath.Join(dir, "atomiccnt.baseline")
	pkgs := []string{"./lib", "./user"}

	out, code := run(t, dir, bin, append([]string{"-write-baseline=" + file}, pkgs...)...)
	if code != 0 || !strings.Contains(out, "wrote "+file+": 3 entries for 3 reports") {
		t.Fatalf("-write-baseline: exit %d, output:\n%s", code, out)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"example.com/m/user user.go Bump importedwrite atomic.AddInt32(&s.Plain,1) 1",
		"example.com/m/user user.go Count plainread s.N 1",
		"example.com/m/user user.go Reset plainwrite s.N 1",
	}
	if got := entryLines(string(data)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the baseline's entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	out, code = run(t, dir, bin, append([]string{"-baseline=" + file}, pkgs...)...)
	if code != 0 || out != "" {
		t.Fatalf("with its baseline: exit %d, output:\n%s", code, out)
	}

	// Lines that move, and a new function beside, change no entry.
	user := filepath.Join(dir, "user", "user.go")
	src, err := os.ReadFile(user)
	if err != nil {
		t.Fatal(err)
	}
	moved := strings.Replace(string(src), "func Reset", "// Reset resets.\n\nfunc Unrelated() {}\n\nfunc Reset", 1)
	if err := os.WriteFile(user, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = run(t, dir, bin, append([]string{"-baseline=" + file}, pkgs...)...)
	if code != 0 || out != "" {
		t.Fatalf("with its baseline, after lines moved: exit %d, output:\n%s", code, out)
	}
	if err := os.WriteFile(user, src, 0o644); err != nil {
		t.Fatal(err)
	}

	// Give one entry a reason, remove another, add one that matches
	// nothing.
	edited := strings.Replace(string(data), want[1]+"\n", want[1]+" # read for a log line\n", 1)
	edited = strings.Replace(edited, want[2]+"\n", "", 1)
	edited += "example.com/m/user user.go Gone plainread s.N 1\n"
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	staleLine := strings.Count(edited, "\n")
	out, code = run(t, dir, bin, append([]string{"-baseline=" + file}, pkgs...)...)
	wantOut := []*regexp.Regexp{
		regexp.MustCompile(`user\.go:9:\d+: non-atomic write to lib\.Stats\.N`),
		// The file is in the working directory: its path is relative.
		regexp.MustCompile(`(?m)^atomiccnt\.baseline:` + itoa(staleLine) + `:1: baseline entry example\.com/m/user user\.go Gone plainread s\.N matches no report: remove it`),
	}
	for _, re := range wantOut {
		if !re.MatchString(out) {
			t.Errorf("with the edited baseline, no report matching %s; exit %d, output:\n%s", re, code, out)
		}
	}
	if n := strings.Count(out, "\n") - strings.Count(out, ": \t"); n != 2 || code != 3 {
		t.Errorf("with the edited baseline: exit %d and %d reports, want 3 and 2:\n%s", code, n, out)
	}

	sarifOut, _ := run1(t, dir, bin, append([]string{"-format=sarif", "-baseline=" + file}, pkgs...)...)
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID        string `json:"ruleId"`
				BaselineState string `json:"baselineState"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(sarifOut), &log); err != nil {
		t.Fatalf("%v\n%s", err, sarifOut)
	}
	var states []string
	for _, r := range log.Runs[0].Results {
		states = append(states, r.RuleID+"="+r.BaselineState)
	}
	// Results sort by file: the baseline's name sorts before user/.
	if got := strings.Join(states, " "); got != "baseline=absent plainwrite=new" {
		t.Errorf("SARIF results' baseline states: %s, want baseline=absent plainwrite=new", got)
	}

	out, code = run(t, dir, bin, append([]string{"-baseline=" + file, "-write-baseline=" + file}, pkgs...)...)
	if code != 0 {
		t.Fatalf("-write-baseline over the edited one: exit %d\n%s", code, out)
	}
	data, err = os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want[1] += " # read for a log line"
	if got := entryLines(string(data)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the baseline written again:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWriteBaselineSubset writes a baseline over two packages, then
// again over one: the other's entries stay.
func TestWriteBaselineSubset(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	file := filepath.Join(dir, "atomiccnt.baseline")
	if out, code := run(t, dir, bin, "-write-baseline="+file, "./lib", "./user"); code != 0 {
		t.Fatalf("-write-baseline: exit %d\n%s", code, out)
	}
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out, code := run(t, dir, bin, "-write-baseline="+file, "./lib")
	if code != 0 || !strings.Contains(out, "wrote "+file+": 0 entries for 0 reports, and kept 3 entries of packages or files not analysed") {
		t.Fatalf("-write-baseline ./lib: exit %d\n%s", code, out)
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("written over one package, the baseline\n%s\nwas\n%s", after, before)
	}

	// An entry of a file that a test run would see stays; one of a file
	// that is gone does not.
	if err := os.WriteFile(filepath.Join(dir, "user", "user_test.go"), []byte("package user\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	extra := "example.com/m/user user_test.go TestX plainread s.N 1 # a test's\n" +
		"example.com/m/user gone.go F plainread s.N 1 # a deleted file's\n"
	if err := os.WriteFile(file, append(before, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = run(t, dir, bin, "-test=false", "-write-baseline="+file, "./lib", "./user")
	if code != 0 || !strings.Contains(out, "wrote "+file+": 3 entries for 3 reports, and kept 1 entry of packages or files not analysed") {
		t.Fatalf("-test=false -write-baseline: exit %d\n%s", code, out)
	}
	after, err = os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got := entryLines(string(after)); len(got) != 4 || !strings.Contains(string(after), "user_test.go TestX") || strings.Contains(string(after), "gone.go") {
		t.Errorf("the baseline written without tests:\n%s", after)
	}
}

func entryLines(data string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(data), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestBaselineErrors checks the command lines that cannot work: a
// baseline that cannot be read (one error, not one per package), one
// that does not parse, -write-baseline with an output format, and
// -baseline under go vet, whose cache keys on flags, not files.
func TestBaselineErrors(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	bad := filepath.Join(dir, "bad.baseline")
	if err := os.WriteFile(bad, []byte("example.com/m/user user.go Count plainread\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-baseline=missing.baseline", "./lib", "./user"}, 1, "atomiccnt: -baseline: open missing.baseline: no such file or directory\n"},
		{[]string{"-baseline=" + bad, "./user"}, 1, "atomiccnt: -baseline: " + bad + ":1: want 6 fields (package file function category location count), have 4\n"},
		{[]string{"-write-baseline=x", "-json", "./user"}, 2, "atomiccnt: -write-baseline writes the baseline and prints no reports: it takes no -json, -format or -fix\nrun 'atomiccnt -help' for usage\n"},
	} {
		out, code := run(t, dir, bin, test.args...)
		if code != test.code || out != test.want {
			t.Errorf("atomiccnt %s: exit %d, output:\n%s\nwant exit %d, output:\n%s", strings.Join(test.args, " "), code, out, test.code, test.want)
		}
	}

	// go vet refuses -baseline itself, once, not in each package.
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "-baseline="+bad, "./lib", "./user")
	if code == 0 || strings.Count(out, "flag provided but not defined: -baseline") != 1 {
		t.Errorf("go vet -baseline: exit %d, output:\n%s", code, out)
	}
	// A direct call in go vet's protocol says what to do instead.
	out, code = run(t, dir, bin, "-baseline="+bad, filepath.Join(dir, "vet.cfg"))
	if code != 2 || !strings.Contains(out, "atomiccnt: under go vet, name the baseline with ATOMICCNT_BASELINE=/absolute/path, not -baseline") {
		t.Errorf("atomiccnt -baseline p.cfg: exit %d, output:\n%s", code, out)
	}
	// A missing file named by the environment is named as such, where
	// go vet shows the tool's failure to give its ID.
	missing := filepath.Join(dir, "missing.baseline")
	out, code = cmdtest.Run(t, dir, "go", []string{"vet", "-vettool=" + bin, "./user"}, "ATOMICCNT_BASELINE="+missing)
	if code == 0 || !strings.Contains(out, "atomiccnt: ATOMICCNT_BASELINE: open "+missing+": no such file or directory") {
		t.Errorf("go vet with a missing ATOMICCNT_BASELINE: exit %d, output:\n%s", code, out)
	}
}

// TestBaselineVet checks that go vet, with the baseline named by
// ATOMICCNT_BASELINE, reports what it does not accept, and that an
// edit of the file reaches the results that go vet has cached.
func TestBaselineVet(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	file := filepath.Join(dir, "atomiccnt.baseline")
	all := "example.com/m/user user.go Bump importedwrite atomic.AddInt32(&s.Plain,1) 1\n" +
		"example.com/m/user user.go Count plainread s.N 1\n" +
		"example.com/m/user user.go Reset plainwrite s.N 1\n"
	env := "ATOMICCNT_BASELINE=" + file
	for _, test := range []struct {
		baseline string
		want     []string
	}{
		{all, nil},
		// Cached, unless the tool's ID says the file changed.
		{strings.Replace(all, "Count", "Other", 1), []string{
			`user\.go:11:\d+: non-atomic read of lib\.Stats\.N`,
			`atomiccnt\.baseline:2:1: baseline entry example\.com/m/user user\.go Other plainread s\.N matches no report`,
		}},
	} {
		if err := os.WriteFile(file, []byte(test.baseline), 0o644); err != nil {
			t.Fatal(err)
		}
		out, code := cmdtest.Run(t, dir, "go", []string{"vet", "-vettool=" + bin, "./lib", "./user"}, env)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		var got []string
		for _, l := range lines {
			if l != "" && !strings.HasPrefix(l, "#") && !strings.Contains(l, ": \t") { // not related information
				got = append(got, l)
			}
		}
		if len(got) != len(test.want) || (len(test.want) == 0) != (code == 0) {
			t.Errorf("go vet with baseline\n%s: exit %d, output:\n%s", test.baseline, code, out)
			continue
		}
		for i, re := range test.want {
			if !regexp.MustCompile(re).MatchString(got[i]) {
				t.Errorf("go vet: line %q does not match %s", got[i], re)
			}
		}
	}
}

// TestBaselineTestVariant checks that an entry accepting a report that
// only the test variant of a package makes is not reported stale by the
// plain variant, which has no test files to make it.
func TestBaselineTestVariant(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "testonly.txtar")
	out, code := run(t, dir, bin, "./lib")
	if code != 3 || !strings.Contains(out, "lib.go:5:") {
		t.Fatalf("without a baseline: exit %d, want 3 and the read at lib.go:5:\n%s", code, out)
	}
	file := filepath.Join(dir, "atomiccnt.baseline")
	if out, code := run(t, dir, bin, "-write-baseline="+file, "./lib"); code != 0 {
		t.Fatalf("-write-baseline: exit %d\n%s", code, out)
	}
	out, code = run(t, dir, bin, "-baseline="+file, "./lib")
	if code != 0 || out != "" {
		t.Errorf("with its baseline: exit %d, output:\n%s", code, out)
	}
}
