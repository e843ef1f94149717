package main_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
)

// byPosition lists the packages (keys of the JSON tree) that list a
// diagnostic at each position, relative to dir, and the fix titles of
// each listing.
func byPosition(t *testing.T, dir string, tree map[string]map[string][]vetDiagnostic) map[string][]string {
	t.Helper()
	got := make(map[string][]string)
	for pkg, byAnalyzer := range tree {
		for _, d := range byAnalyzer["atomiccnt"] {
			rel, err := filepath.Rel(dir, d.Posn)
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, f := range d.SuggestedFixes {
				titles = append(titles, f.Message)
			}
			got[filepath.ToSlash(rel)] = append(got[filepath.ToSlash(rel)], pkg+": "+strings.Join(titles, ", "))
		}
	}
	for _, v := range got {
		slices.Sort(v)
	}
	return got
}

// TestJSONVariants checks that -json lists a report of a package once,
// as the text output does, although the package's test variant makes
// it again: under the package, with the fixes of the test variant's
// analysis, which saw the test files and so offers the type fix too.
// The test variant keeps the report in its own test file. The SARIF
// log has the same results and fixes; go vet, as the README says,
// lists each report once too. Each runs with -confidence=low, which
// shows the test file's report.
func TestJSONVariants(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "variants.txtar")
	out, stderr, code := cmdtest.RunStdout(t, dir, bin, []string{"-json", "-confidence=low", "./..."})
	if code != 0 {
		t.Fatalf("-json: exit %d, want 0; stderr:\n%s", code, stderr)
	}
	var tree map[string]map[string][]vetDiagnostic
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out)
	}
	const (
		plain   = "example.com/v/p"
		variant = "example.com/v/p [example.com/v/p.test]"
		fixes   = "Use atomic.LoadUint32, Change n to atomic.Uint32"
	)
	got := byPosition(t, dir, tree)
	want := map[string][]string{
		"p/p.go:11:37":     {plain + ": " + fixes},
		"p/p_test.go:7:12": {variant + ": " + fixes},
	}
	if len(got) != len(want) {
		t.Errorf("-json lists diagnostics at %d positions, want %d:\n%s", len(got), len(want), out)
	}
	for posn, w := range want {
		if !slices.Equal(got[posn], w) {
			t.Errorf("-json at %s: %q, want %q", posn, got[posn], w)
		}
	}

	// The same diagnostics, and the same fixes, in the text output
	// and with -fix: two reports.
	text, code := run(t, dir, bin, "-confidence=low", "./...")
	if code != 3 || strings.Count(text, ": non-atomic read of T.n") != 2 {
		t.Errorf("text output: exit %d, want 3 and two reports:\n%s", code, text)
	}

	// With -test=false there is no variant, and the plain analysis
	// withholds the type fix.
	out, _, _ = cmdtest.RunStdout(t, dir, bin, []string{"-json", "-confidence=low", "-test=false", "./..."})
	tree = nil
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("-json -test=false output: %v\n%s", err, out)
	}
	if got := byPosition(t, dir, tree); len(got) != 1 || !slices.Equal(got["p/p.go:11:37"], []string{plain + ": Use atomic.LoadUint32"}) {
		t.Errorf("-json -test=false: %q", got)
	}

	// SARIF merges the variants the same way: the result at p.go
	// offers the type fix.
	out, stderr, code = cmdtest.RunStdout(t, dir, bin, []string{"-format=sarif", "-confidence=low", "./..."})
	if code != 0 {
		t.Fatalf("-format=sarif: exit %d; stderr:\n%s", code, stderr)
	}
	results := validateSARIF(t, out).Runs[0].Results
	if len(results) != 2 {
		t.Errorf("-format=sarif: %d results, want 2", len(results))
	}
	for _, r := range results {
		var titles []string
		for _, f := range r.Fixes {
			titles = append(titles, f.Description.Text)
		}
		if got := strings.Join(titles, ", "); got != fixes {
			t.Errorf("SARIF result at %s:%d: fixes %q, want %q", r.Locations[0].PhysicalLocation.ArtifactLocation.URI, r.Locations[0].PhysicalLocation.Region.StartLine, got, fixes)
		}
	}

	// go vet analyses a package with test files only as its test
	// variant, under the package's path: once, with the type fix.
	vet, _ := run(t, dir, "go", "vet", "-vettool="+bin, "-confidence=low", "-json", "./...")
	got = byPosition(t, dir, decodeVetJSON(t, vet))
	for posn := range want {
		if w := []string{plain + ": " + fixes}; !slices.Equal(got[posn], w) {
			t.Errorf("go vet -json at %s: %q, want %q", posn, got[posn], w)
		}
	}
}
