package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// runtimeBaselineGo is the Go whose runtime docs/baseline's file was
// written for: the triage of docs/triage.md. Another runtime has other
// reports, and the file does not describe it.
const runtimeBaselineGo = "go1.26.8"

// A revert puts an access of the runtime back as it was before the fix
// of golang.org/issue/17503.
type revert struct{ file, fixed, plain string }

var (
	revertWrites = []revert{
		{"mfinal.go", "atomic.Xadd(&finq.cnt, +1)", "finq.cnt++"},
		{"mfinal.go", "atomic.Store(&fb.cnt, i-1)", "fb.cnt = i - 1"},
	}
	revert2016 = append(slices.Clone(revertWrites), revert{"mgcmark.go", "uintptr(atomic.Load(&fb.cnt))", "uintptr(fb.cnt)"})
)

// overlayReverting writes, in dir, the runtime's files with reverts
// applied and the overlay file that puts them in place of the
// installed ones. It returns the overlay file, and the position
// ("mfinal.go:123") of each revert, by its plain form. It skips the
// test if the runtime lacks one of the fixed forms.
func overlayReverting(t *testing.T, dir string, reverts []revert) (string, map[string]string) {
	t.Helper()
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	rtdir := filepath.Join(strings.TrimSpace(string(goroot)), "src", "runtime")
	srcs := make(map[string]string)
	at := make(map[string]string)
	for _, r := range reverts {
		src, ok := srcs[r.file]
		if !ok {
			data, err := os.ReadFile(filepath.Join(rtdir, r.file))
			if err != nil {
				t.Fatal(err)
			}
			src = string(data)
		}
		i := strings.Index(src, r.fixed)
		if i < 0 {
			t.Skipf("%s has no %q; this Go's runtime differs from the one the test knows", r.file, r.fixed)
		}
		at[r.plain] = r.file + ":" + strconv.Itoa(strings.Count(src[:i], "\n")+1)
		srcs[r.file] = src[:i] + r.plain + src[i+len(r.fixed):]
	}
	replace := make(map[string]string)
	for file, src := range srcs {
		mutant := filepath.Join(dir, file)
		if err := os.WriteFile(mutant, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		replace[filepath.Join(rtdir, file)] = mutant
	}
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": replace})
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	return overlayFile, at
}

// TestRuntimeBaseline runs the tool under go vet on the runtime with
// the baseline in docs/baseline, which accepts every report that
// docs/triage.md judged: the runtime as installed gets none, the
// canonical mutant (the two writes of golang.org/issue/17503 reverted)
// exactly its two, and the state of 2016 (the collector's read
// reverted too) the concurrent rule's three.
func TestRuntimeBaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("vets the runtime three times")
	}
	if v, err := exec.Command("go", "env", "GOVERSION").Output(); err != nil || strings.TrimSpace(string(v)) != runtimeBaselineGo {
		t.Skipf("the runtime baseline is %s's; this is %s", runtimeBaselineGo, v)
	}
	bin := buildTool(t)
	file, err := filepath.Abs(filepath.Join("..", "..", "docs", "baseline", "runtime-go1.26.baseline"))
	if err != nil {
		t.Fatal(err)
	}
	// Under go vet the baseline is named by the environment, so that
	// the cache of results knows its contents (see internal/toolid).
	t.Setenv("ATOMICCNT_BASELINE", file)
	reported := func(overlay string) []string {
		t.Helper()
		args := []string{"vet", "-json", "-vettool=" + bin}
		if overlay != "" {
			args = append(args, "-overlay="+overlay)
		}
		out, _ := run(t, t.TempDir(), "go", append(args, "runtime")...)
		var got []string
		for _, d := range decodeFixes(t, out) {
			got = append(got, filepath.Base(d.Posn[:strings.LastIndex(d.Posn, ":")])+": "+d.Category+": "+d.Message)
		}
		slices.Sort(got)
		return got
	}

	if got := reported(""); len(got) > 0 {
		t.Errorf("the installed runtime gets %d reports with its baseline:\n%s", len(got), strings.Join(got, "\n"))
	}

	for _, test := range []struct {
		name    string
		reverts []revert
		want    func(at map[string]string) []string
	}{
		{"mutant", revertWrites, func(at map[string]string) []string {
			return []string{
				at["finq.cnt++"] + ": plainwrite: non-atomic increment of finBlock.cnt, which is accessed atomically (atomic.Load at mgcmark.go:",
				at["fb.cnt = i - 1"] + ": plainwrite: non-atomic write to finBlock.cnt, which is accessed atomically (atomic.Load at mgcmark.go:",
			}
		}},
		{"2016", revert2016, func(at map[string]string) []string {
			return []string{
				at["finq.cnt++"] + ": concurrentwrite: non-atomic increment of finBlock.cnt, which is read concurrently by the garbage collector (markroot at mgcmark.go:",
				at["fb.cnt = i - 1"] + ": concurrentwrite: non-atomic write to finBlock.cnt, which is read concurrently by the garbage collector (markroot at mgcmark.go:",
				at["uintptr(fb.cnt)"] + ": concurrentread: non-atomic read of finBlock.cnt by the garbage collector, which is written concurrently (",
			}
		}},
	} {
		overlay, at := overlayReverting(t, t.TempDir(), test.reverts)
		got := reported(overlay)
		want := test.want(at)
		slices.Sort(want)
		ok := len(got) == len(want)
		for i := range min(len(got), len(want)) {
			ok = ok && strings.HasPrefix(got[i], want[i])
		}
		if !ok {
			t.Errorf("%s: with the baseline, reports:\n%s\nwant reports beginning:\n%s", test.name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
