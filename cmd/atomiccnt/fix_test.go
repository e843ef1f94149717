package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
)

// report matches a diagnostic line, not its related information.
var report = regexp.MustCompile(`(?m)^\S+\.go:\d+:\d+: (non-atomic |atomic\.\w+ on ).*$`)

// TestFixpoint applies every fix to a module with races of every form
// the fixes handle: the module must still build, and a second run may
// report only accesses whose diagnostics say why they have no fix.
func TestFixpoint(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "fixpoint.txtar")

	out, code := run(t, dir, bin, "./...")
	if code != 3 {
		t.Fatalf("first run: exit code %d, want 3:\n%s", code, out)
	}
	before := report.FindAllString(out, -1)

	out, code = run(t, dir, bin, "-fix", "./...")
	// What -fix leaves it prints, as the next run reports it; and not
	// the driver's "ignoring alternative fix" for the reports that
	// also offer the type fix: -fix keeps the first.
	left := report.FindAllString(out, -1)
	if code != 3 || !regexp.MustCompile(`(?m)^atomiccnt: applied \d+ fixes to \d+ files; 2 reports left$`).MatchString(out) || strings.Contains(out, "alternative") {
		t.Errorf("-fix: exit %d, want 3, and a summary of 2 reports left:\n%s", code, out)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("the fixed module does not build:\n%s", out)
	}
	if out, code := run(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet reports the fixed module:\n%s", out)
	}

	out, _ = run(t, dir, bin, "./...")
	after := report.FindAllString(out, -1)
	for _, d := range after {
		if !strings.Contains(d, "; no fix (") {
			t.Errorf("still reported after -fix, with no reason: %s", d)
		}
	}
	// The two accesses that no fix can make atomic: a *=, and the read
	// of the value that global++ (now an atomic add) stores, which
	// needs the add's result. (The generated file's access is not
	// reported at all.)
	if len(after) != 2 {
		t.Errorf("%d reports after -fix, want 2:\n%s", len(after), strings.Join(after, "\n"))
	}
	// The lines move and the messages may name the fixed code, so
	// only the number must be the same.
	if len(left) != len(after) {
		t.Errorf("-fix said it left\n%s\nbut the next run reports\n%s", strings.Join(left, "\n"), strings.Join(after, "\n"))
	}
	t.Logf("%d reports before -fix, %d after", len(before), len(after))
}

// TestFixLeft checks what -fix says of the reports it leaves, and that
// -diff prints a patch that git apply takes, changing no file itself.
func TestFixLeft(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "fixleft.txtar")
	src := filepath.Join(dir, "srv", "srv.go")
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}

	patch, stderr, code := cmdtest.RunStdout(t, dir, bin, []string{"-diff", "./..."})
	if code != 3 {
		t.Errorf("-diff: exit %d, want 3 (a report is left):\n%s", code, stderr)
	}
	if !strings.HasPrefix(patch, "--- a/srv/srv.go\n+++ b/srv/srv.go\n@@ ") || !strings.Contains(patch, "+\tatomic.AddInt64(&s.hits, 1)\n") {
		t.Errorf("-diff printed:\n%s", patch)
	}
	if data, _ := os.ReadFile(src); string(data) != string(orig) {
		t.Errorf("-diff changed srv.go")
	}
	if _, err := exec.LookPath("git"); err == nil {
		cmd := exec.Command("git", "apply", "--check", "-")
		cmd.Dir = dir
		cmd.Stdin = strings.NewReader(patch)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("git apply --check refuses the -diff output: %v\n%s\n%s", err, out, patch)
		}
	}

	out, code := cmdtest.Run(t, dir, bin, []string{"-fix", "./..."})
	if code != 3 {
		t.Errorf("-fix: exit %d, want 3 (a report is left)", code)
	}
	for _, want := range []string{
		"srv.go:8:4: non-atomic increment of server.requests, which is accessed atomically (atomic.LoadInt64 at srv.go:19); no fix (the read at srv.go:9 needs the value this increment stores: use the result of atomic.AddInt64) (atomiccnt/plainwrite)\n",
		"atomiccnt: applied 1 fix to 1 file; 1 report left\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("-fix output lacks %q:\n%s", want, out)
		}
	}
	if data, _ := os.ReadFile(src); !strings.Contains(string(data), "\tatomic.AddInt64(&s.hits, 1)\n") {
		t.Errorf("-fix did not fix srv.go:\n%s", data)
	}
}

// TestFixModuleCache runs -fix on a module inside the module cache, as
// a user who tries the tool on a dependency does: it must edit nothing
// there, say why, and fail.
func TestFixModuleCache(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "fixleft.txtar")
	src := filepath.Join(dir, "srv", "srv.go")
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	out, code := cmdtest.Run(t, dir, bin, []string{"-fix", "./..."}, "GOMODCACHE="+filepath.Dir(dir), "GOFLAGS=-mod=mod")
	if code != 1 {
		t.Errorf("-fix in the module cache: exit %d, want 1:\n%s", code, out)
	}
	if !strings.Contains(out, "srv.go, in the module cache)") || !strings.Contains(out, "applied 0 fixes to 0 files; 2 reports left") {
		t.Errorf("-fix does not say it left the module cache alone:\n%s", out)
	}
	if data, _ := os.ReadFile(src); string(data) != string(orig) {
		t.Errorf("-fix edited a file in the module cache")
	}
}
