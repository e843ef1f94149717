package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestRuntimeFinalizers runs the tool under go vet on the installed Go's
// runtime. Its mfinal.go is the fixed form of golang.org/issue/17503:
// nothing may be reported on finBlock.cnt, neither the atomic writes nor
// the four plain reads the fix deliberately kept. Then it reverts the
// two atomic writes through an overlay and checks that both are
// reported.
func TestRuntimeFinalizers(t *testing.T) {
	bin := buildTool(t)
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	mfinal := filepath.Join(strings.TrimSpace(string(goroot)), "src", "runtime", "mfinal.go")
	src, err := os.ReadFile(mfinal)
	if err != nil {
		t.Fatal(err)
	}
	writeReport := regexp.MustCompile(`mfinal\.go:(\d+):\d+: non-atomic (?:write to|increment of) finBlock\.cnt, which is accessed atomically \(atomic\.Load at mgcmark\.go:\d+\)`)

	dir := t.TempDir()
	out, _ := run(t, dir, "go", "vet", "-vettool="+bin, "runtime")
	if strings.Contains(out, "panic") {
		t.Fatalf("go vet runtime panicked:\n%s", out)
	}
	checkOnlyDiagnostics(t, out)
	if strings.Contains(out, "finBlock.cnt") {
		t.Errorf("the fixed runtime got reports on finBlock.cnt:\n%s", grepLines(out, "finBlock.cnt"))
	}

	// The mutant: the two writes as they were before commit d3836aba.
	mutant := string(src)
	lines := make(map[string]int)
	for _, r := range []struct{ fixed, plain string }{
		{"atomic.Xadd(&finq.cnt, +1)", "finq.cnt++"},
		{"atomic.Store(&fb.cnt, i-1)", "fb.cnt = i - 1"},
	} {
		i := strings.Index(mutant, r.fixed)
		if i < 0 {
			t.Skipf("%s has no %q; this Go's runtime differs from the one the test knows", mfinal, r.fixed)
		}
		lines[r.plain] = strings.Count(mutant[:i], "\n") + 1
		mutant = mutant[:i] + r.plain + mutant[i+len(r.fixed):]
	}
	mutantFile := filepath.Join(dir, "mfinal.go")
	if err := os.WriteFile(mutantFile, []byte(mutant), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {mfinal: mutantFile}})
	if err != nil {
		t.Fatal(err)
	}
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ = run(t, dir, "go", "vet", "-overlay="+overlayFile, "-vettool="+bin, "runtime")
	reported := make(map[string]bool)
	for _, m := range writeReport.FindAllStringSubmatch(out, -1) {
		reported[m[1]] = true
	}
	for plain, line := range lines {
		if !reported[strconv.Itoa(line)] {
			t.Errorf("the mutant's %q at mfinal.go:%d is not reported; reports on finBlock.cnt:\n%s", plain, line, grepLines(out, "finBlock.cnt"))
		}
	}
}

func grepLines(s, substr string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, substr) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// checkOnlyDiagnostics fails if go vet's output holds anything but
// package headers, diagnostics and their related information: an error
// would otherwise pass for a clean run.
func checkOnlyDiagnostics(t *testing.T, out string) {
	t.Helper()
	diagnostic := regexp.MustCompile(`^(# \S+|\S+\.go:\d+:\d+: .*|\t.*)$`)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line != "" && !diagnostic.MatchString(line) {
			t.Fatalf("go vet printed something other than diagnostics: %q\n%s", line, out)
		}
	}
}
