package main_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
)

// vetDiagnostic is one diagnostic of go vet -json (and atomiccnt -json).
type vetDiagnostic struct {
	Posn     string `json:"posn"`
	Category string `json:"category"`
	Message  string `json:"message"`
	Related  []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
	SuggestedFixes []struct {
		Message string `json:"message"`
	} `json:"suggested_fixes"`
}

// decodeVetJSON decodes go vet -json output: a stream of JSON objects,
// one per package, each mapping the package to the analyzers'
// diagnostics, possibly between "# package" comment lines. It merges
// them into one tree.
func decodeVetJSON(t *testing.T, out string) map[string]map[string][]vetDiagnostic {
	t.Helper()
	var kept []string
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "#") {
			kept = append(kept, line)
		}
	}
	tree := make(map[string]map[string][]vetDiagnostic)
	dec := json.NewDecoder(strings.NewReader(strings.Join(kept, "\n")))
	for {
		var unit map[string]map[string][]vetDiagnostic
		err := dec.Decode(&unit)
		if err == io.EOF {
			return tree
		}
		if err != nil {
			t.Fatalf("go vet -json output does not decode: %v\n%s", err, out)
		}
		for pkg, byAnalyzer := range unit {
			if tree[pkg] == nil {
				tree[pkg] = make(map[string][]vetDiagnostic)
			}
			for a, diags := range byAnalyzer {
				tree[pkg][a] = append(tree[pkg][a], diags...)
			}
		}
	}
}

// TestVetJSON checks go vet -json with the tool: the facts that lib
// exports reach user through vet's fact files, and the diagnostics keep
// their category and cross-package wording.
func TestVetJSON(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	out, code := run(t, dir, "go", "vet", "-vettool="+bin, "-json", "./lib", "./user")
	if code != 0 {
		t.Errorf("go vet -json exit code %d, want 0 (diagnostics are data, not failure):\n%s", code, out)
	}
	tree := decodeVetJSON(t, out)
	if diags := tree["example.com/m/lib"]["atomiccnt"]; len(diags) != 0 {
		t.Errorf("unexpected diagnostics in lib: %+v", diags)
	}
	want := map[string]*regexp.Regexp{
		"plainwrite":    regexp.MustCompile(`^non-atomic write to lib\.Stats\.N, which is accessed atomically \(atomic\.AddInt64 at example\.com/m/lib/lib\.go:10\)$`),
		"plainread":     regexp.MustCompile(`^non-atomic read of lib\.Stats\.N, which is written atomically \(atomic\.AddInt64 at example\.com/m/lib/lib\.go:10\)$`),
		"importedwrite": regexp.MustCompile(`^atomic\.AddInt32 on lib\.Stats\.Plain, which example\.com/m/lib writes non-atomically \(write at lib\.go:12\)$`),
	}
	got := make(map[string]int)
	for _, d := range tree["example.com/m/user"]["atomiccnt"] {
		got[d.Category]++
		re, ok := want[d.Category]
		if !ok {
			t.Errorf("unexpected category %q: %+v", d.Category, d)
			continue
		}
		if !re.MatchString(d.Message) {
			t.Errorf("%s message %q does not match %q", d.Category, d.Message, re)
		}
		if !strings.HasPrefix(d.Posn, filepath.Join(dir, "user", "user.go")+":") {
			t.Errorf("%s at %s, want in user/user.go", d.Category, d.Posn)
		}
	}
	for c := range want {
		if got[c] != 1 {
			t.Errorf("%d diagnostics of category %s in user, want 1; output:\n%s", got[c], c, out)
		}
	}
}

// TestGoTool follows the README's tool-directive recipe in a fresh
// module (see withTool), then go tool runs the command standalone and
// as go vet's tool.
func TestGoTool(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: runs go get and go vet")
	}
	dir := withTool(t)
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gomod), "\ntool github.com/atomiccnt/atomiccnt/cmd/atomiccnt\n") {
		t.Errorf("go.mod lacks the tool directive:\n%s", gomod)
	}
	offline := "GOPROXY=off"
	out, code := cmdtest.Run(t, dir, "go", []string{"tool", "atomiccnt", "./lib", "./user"}, offline)
	if code != 3 {
		t.Errorf("go tool atomiccnt: exit %d, want 3", code)
	}
	checkReports(t, out, true)

	tool, code := cmdtest.Run(t, dir, "go", []string{"tool", "-n", "atomiccnt"}, offline)
	if code != 0 {
		t.Fatalf("go tool -n atomiccnt: exit %d\n%s", code, tool)
	}
	out, _ = cmdtest.Run(t, dir, "go", []string{"vet", "-vettool=" + strings.TrimSpace(tool), "./lib", "./user"}, offline)
	checkReports(t, out, true)
}

// withTool returns a fresh module that records atomiccnt as a tool, as
// the README's install route from a clone does: go mod edit with a
// replace by this repository, the requirement at the zero
// pseudo-version and the tool, then go mod tidy. The go command must
// never ask a proxy about atomiccnt's own module path (a proxy that
// refuses an unknown path stops go get -tool that way). Other modules
// come from the module cache or, when it lacks them, from the proxy the
// environment names, as they would for a user: go mod tidy loads the
// tests of the tool's dependencies, and their modules (go-cmp for
// x/tools' go/packages) are ones that no build of this repository
// downloads, so an empty module cache must not fail the test.
func withTool(t *testing.T) string {
	t.Helper()
	dir := writeModule(t, "crosspkg.txtar")
	root := cmdtest.RepoRoot(t)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	text := readme(t)
	const (
		require = "-require=github.com/atomiccnt/atomiccnt@v0.0.0-00010101000000-000000000000"
		tool    = "-tool=github.com/atomiccnt/atomiccnt/cmd/atomiccnt"
	)
	for _, line := range []string{
		"go mod edit -replace=github.com/atomiccnt/atomiccnt=/path/to/atomiccnt " + require + " " + tool,
		"go mod tidy",
	} {
		if !strings.Contains(text, "\n"+line+"\n") {
			t.Fatalf("the README does not show %q", line)
		}
	}
	steps := [][]string{
		{"mod", "edit", "-replace=github.com/atomiccnt/atomiccnt=" + root, require, tool},
		{"mod", "tidy"},
	}
	// The first proxy in the list sees every request: it fails the test
	// on one for atomiccnt and answers "not found" to the rest, which
	// the go command then asks the environment's own proxy.
	watch := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/github.com/atomiccnt/") {
			t.Errorf("the go command asked the proxy for %s", r.URL.Path)
		}
		http.NotFound(w, r)
	}))
	defer watch.Close()
	upstream, code := cmdtest.Run(t, dir, "go", []string{"env", "GOPROXY"})
	if code != 0 {
		t.Fatalf("go env GOPROXY: exit %d\n%s", code, upstream)
	}
	proxy := "GOPROXY=" + watch.URL + "," + strings.TrimSpace(upstream)
	for _, args := range steps {
		if out, code := cmdtest.Run(t, dir, "go", args, proxy, "GOSUMDB=off"); code != 0 {
			t.Fatalf("go %s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
	}
	return dir
}

// TestInstallFromClone follows the README's install route from a clone:
// go install of both commands from the repository, then -V.
func TestInstallFromClone(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: runs go install")
	}
	const recipe = "go install ./cmd/atomiccnt ./cmd/atomiccnt-vet"
	if !strings.Contains(readme(t), "\n"+recipe+" ") {
		t.Fatalf("the README does not show %q", recipe)
	}
	bin := t.TempDir()
	root := cmdtest.RepoRoot(t)
	if out, code := cmdtest.Run(t, root, "go", strings.Fields(recipe)[1:], "GOBIN="+bin); code != 0 {
		t.Fatalf("%s: exit %d\n%s", recipe, code, out)
	}
	for _, name := range []string{"atomiccnt", "atomiccnt-vet"} {
		if _, err := os.Stat(filepath.Join(bin, name)); err != nil {
			t.Errorf("%s did not install %s: %v", recipe, name, err)
		}
	}
	out, code := cmdtest.Run(t, root, filepath.Join(bin, "atomiccnt"), []string{"-V"})
	if code != 0 || !strings.HasPrefix(out, "atomiccnt ") {
		t.Errorf("atomiccnt -V: exit %d, output %q", code, out)
	}
}

// TestVetToolRecipe runs the README's line that gives go vet the tool
// that go tool -n names: in a module that has the tool it reports, and
// in one that lacks it the line fails, where the plain command
// substitution would run go vet's own suite and pass.
func TestVetToolRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test: runs go get and go vet")
	}
	const recipe = `tool=$(go tool -n atomiccnt) && go vet -vettool="$tool" ./...`
	if !strings.Contains(readme(t), "\n"+recipe+"\n") {
		t.Fatalf("the README does not show %q", recipe)
	}
	dir := withTool(t)
	out, code := cmdtest.Run(t, dir, "bash", []string{"-c", recipe}, "GOPROXY=off")
	if code == 0 {
		t.Errorf("the recipe passed where atomiccnt reports:\n%s", out)
	}
	checkReports(t, out, true)

	bare := t.TempDir()
	if err := os.WriteFile(filepath.Join(bare, "go.mod"), []byte("module example.com/bare\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bare, "p.go"), []byte("package p\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = cmdtest.Run(t, bare, "bash", []string{"-c", recipe}, "GOPROXY=off")
	if code == 0 || !strings.Contains(out, `no such tool "atomiccnt"`) {
		t.Errorf("without the tool the recipe exits %d, want a failure naming the tool:\n%s", code, out)
	}
}
