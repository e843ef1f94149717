package main_test

import (
	"encoding/json"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRuntimeFinalizers2016 puts the installed Go's finalizer queue back
// in its state before golang.org/issue/17503 was fixed, when no access
// to the block count was atomic: an overlay reverts the three atomic
// accesses of finBlock.cnt in mfinal.go and mgcmark.go. Only the
// concurrent rule can see the race then: both writes and the garbage
// collector's read must be reported, and the first fix of each report,
// applied as a driver would, must give back the installed sources,
// which is what commit d3836aba wrote (cnt was an int32 then; it is a
// uint32 now). The unmodified runtime must get at most five reports
// from the concurrent rule (none with Go 1.26).
func TestRuntimeFinalizers2016(t *testing.T) {
	bin := buildTool(t)
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	rtdir := filepath.Join(strings.TrimSpace(string(goroot)), "src", "runtime")
	dir := t.TempDir()

	out, _ := run(t, dir, "go", "vet", "-json", "-vettool="+bin, "runtime")
	var unmodified []string
	for _, d := range decodeFixes(t, out) {
		if strings.HasPrefix(d.Category, "concurrent") {
			unmodified = append(unmodified, d.Posn+": "+d.Message)
		}
	}
	if len(unmodified) > 5 {
		t.Errorf("the concurrent rule reports %d times on the unmodified runtime, more than 5:\n%s", len(unmodified), strings.Join(unmodified, "\n"))
	}

	reverts := []struct{ file, fixed, plain string }{
		{"mfinal.go", "atomic.Xadd(&finq.cnt, +1)", "finq.cnt++"},
		{"mfinal.go", "atomic.Store(&fb.cnt, i-1)", "fb.cnt = i - 1"},
		{"mgcmark.go", "uintptr(atomic.Load(&fb.cnt))", "uintptr(fb.cnt)"},
	}
	original := make(map[string]string) // by overlay file
	replace := make(map[string]string)
	lines := make(map[string]int) // the reverted lines, by plain form
	for _, r := range reverts {
		path := filepath.Join(rtdir, r.file)
		mutant := filepath.Join(dir, r.file)
		src, ok := original[mutant]
		if !ok {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			src = string(data)
			original[mutant] = src
		}
		cur := src
		if data, err := os.ReadFile(mutant); err == nil {
			cur = string(data)
		}
		i := strings.Index(cur, r.fixed)
		if i < 0 {
			t.Skipf("%s has no %q; this Go's runtime differs from the one the test knows", path, r.fixed)
		}
		lines[r.plain] = strings.Count(cur[:i], "\n") + 1
		cur = cur[:i] + r.plain + cur[i+len(r.fixed):]
		if err := os.WriteFile(mutant, []byte(cur), 0o644); err != nil {
			t.Fatal(err)
		}
		replace[path] = mutant
	}
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": replace})
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}

	out, _ = run(t, dir, "go", "vet", "-json", "-overlay="+overlayFile, "-vettool="+bin, "runtime")
	diags := decodeFixes(t, out)
	want := []struct {
		plain, file string
		re          *regexp.Regexp
	}{
		{"finq.cnt++", "mfinal.go", regexp.MustCompile(`^non-atomic increment of finBlock\.cnt, which is read concurrently by the garbage collector \(markroot at mgcmark\.go:\d+\)$`)},
		{"fb.cnt = i - 1", "mfinal.go", regexp.MustCompile(`^non-atomic write to finBlock\.cnt, which is read concurrently by the garbage collector \(markroot at mgcmark\.go:\d+\)$`)},
		{"uintptr(fb.cnt)", "mgcmark.go", regexp.MustCompile(`^non-atomic read of finBlock\.cnt by the garbage collector, which is written concurrently \((increment|write) at mfinal\.go:\d+\)$`)},
	}
	accepted := make(map[string][]edit)
	for _, w := range want {
		plain, file, re := w.plain, w.file, w.re
		posn := regexp.MustCompile(regexp.QuoteMeta(string(filepath.Separator)+file) + ":" + strconv.Itoa(lines[plain]) + `:\d+$`)
		var found *fixDiagnostic
		for i, d := range diags {
			if posn.MatchString(d.Posn) && re.MatchString(d.Message) {
				found = &diags[i]
			}
		}
		if found == nil {
			t.Errorf("the reverted %q at %s:%d is not reported; reports on finBlock.cnt:\n%s", plain, file, lines[plain], grepDiagnostics(diags, "finBlock.cnt"))
			continue
		}
		if len(found.SuggestedFixes) == 0 {
			t.Errorf("%s: no fix", found.Message)
			continue
		}
		edits := found.SuggestedFixes[0].Edits
		for i := range edits {
			// go vet caches its output: the names may be those of an
			// earlier run's temporary directory.
			edits[i].Filename = filepath.Base(edits[i].Filename)
		}
		if !mergeable(accepted, edits) {
			t.Errorf("%s: the fix %q conflicts with another's", found.Message, found.SuggestedFixes[0].Message)
			continue
		}
		for _, e := range edits {
			if !slices.Contains(accepted[e.Filename], e) {
				accepted[e.Filename] = append(accepted[e.Filename], e)
			}
		}
	}
	if t.Failed() {
		return
	}
	for mutant, orig := range original {
		src, err := os.ReadFile(mutant)
		if err != nil {
			t.Fatal(err)
		}
		edits := accepted[filepath.Base(mutant)]
		slices.SortStableFunc(edits, func(a, b edit) int { return b.Start - a.Start })
		for _, e := range edits {
			src = append(src[:e.Start:e.Start], append([]byte(e.New), src[e.End:]...)...)
		}
		// Drivers format what they fix (fb.cnt = i - 1 becomes
		// atomic.Store(&fb.cnt, i-1)).
		formatted, err := format.Source(src)
		if err != nil {
			t.Fatalf("the fixed %s does not parse: %v", filepath.Base(mutant), err)
		}
		if string(formatted) != orig {
			t.Errorf("the fixes of %s do not give back the installed source:\n%s", filepath.Base(mutant), firstDifference(string(formatted), orig))
		}
	}
}

// A fixDiagnostic is a diagnostic of go vet -json with its fixes.
type fixDiagnostic struct {
	Posn           string `json:"posn"`
	Category       string `json:"category"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []edit `json:"edits"`
	} `json:"suggested_fixes"`
}

// decodeFixes decodes the diagnostics of go vet -json output, a stream
// of JSON objects between "# package" lines, for every package.
func decodeFixes(t *testing.T, out string) []fixDiagnostic {
	t.Helper()
	var kept []string
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "#") {
			kept = append(kept, line)
		}
	}
	var all []fixDiagnostic
	dec := json.NewDecoder(strings.NewReader(strings.Join(kept, "\n")))
	for {
		var unit map[string]map[string]json.RawMessage
		err := dec.Decode(&unit)
		if err == io.EOF {
			return all
		}
		if err != nil {
			t.Fatalf("go vet -json output does not decode: %v\n%.2000s", err, out)
		}
		for _, byAnalyzer := range unit {
			for _, raw := range byAnalyzer {
				var diags []fixDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("go vet -json: %s", raw) // an error object: the analysis failed
				}
				all = append(all, diags...)
			}
		}
	}
}

func grepDiagnostics(diags []fixDiagnostic, substr string) string {
	var out []string
	for _, d := range diags {
		if strings.Contains(d.Message, substr) {
			out = append(out, d.Posn+": "+d.Message)
		}
	}
	return strings.Join(out, "\n")
}

// firstDifference shows the first line where got and want differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + g[i] + "\nwant: " + w[i]
		}
	}
	return "the lengths differ"
}
