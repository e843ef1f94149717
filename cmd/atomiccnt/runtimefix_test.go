package main_test

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRuntimeFixes applies the first fix of every report on the
// installed Go's runtime, the one tree that uses the runtime's own
// atomic package and its typed atomics, through an overlay: the runtime
// must still build, and go vet with the tool may then report only what
// carries no fix.
func TestRuntimeFixes(t *testing.T) {
	bin := buildTool(t)
	dir := t.TempDir()
	out, _ := run(t, dir, bin, "-json", "runtime")
	type diagnostic struct {
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Message string `json:"message"`
			Edits   []edit `json:"edits"`
		} `json:"suggested_fixes"`
	}
	var tree map[string]map[string][]diagnostic
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("-json output: %v\n%.2000s", err, out)
	}

	// Merge the first fixes as a driver would: identical edits once,
	// a fix that overlaps another left out.
	accepted := make(map[string][]edit)
	var fixes, dropped int
	for _, pkg := range slices.Sorted(maps.Keys(tree)) {
		for _, d := range tree[pkg]["atomiccnt"] {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			fixes++
			edits := d.SuggestedFixes[0].Edits
			if !mergeable(accepted, edits) {
				dropped++
				continue
			}
			for _, e := range edits {
				if !slices.Contains(accepted[e.Filename], e) {
					accepted[e.Filename] = append(accepted[e.Filename], e)
				}
			}
		}
	}
	if fixes == 0 {
		t.Fatalf("no fixes on the runtime:\n%.2000s", out)
	}
	replace := make(map[string]string)
	for name, edits := range accepted {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortStableFunc(edits, func(a, b edit) int { return b.Start - a.Start })
		for _, e := range edits {
			src = append(src[:e.Start:e.Start], append([]byte(e.New), src[e.End:]...)...)
		}
		fixed := filepath.Join(dir, filepath.Base(name))
		if err := os.WriteFile(fixed, src, 0o644); err != nil {
			t.Fatal(err)
		}
		replace[name] = fixed
	}
	overlay, _ := json.Marshal(map[string]map[string]string{"Replace": replace})
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d fixes (%d overlapping, left out) in %d files", fixes, dropped, len(replace))

	if out, code := run(t, dir, "go", "build", "-overlay="+overlayFile, "runtime"); code != 0 {
		t.Fatalf("the fixed runtime does not build:\n%s", out)
	}
	out, _ = run(t, dir, "go", "vet", "-overlay="+overlayFile, "-vettool="+bin, "runtime")
	if strings.Contains(out, "panic") {
		t.Fatalf("go vet panicked:\n%s", out)
	}
	left := report.FindAllString(out, -1)
	for _, d := range left {
		if !strings.Contains(d, "; no fix (") && dropped == 0 {
			t.Errorf("reported after the fixes, with no reason: %s", d)
		}
	}
	t.Logf("%d reports left, each saying why it has no fix", len(left))
}

// An edit is a text edit as -json prints it.
type edit struct {
	Filename   string `json:"filename"`
	Start, End int
	New        string `json:"new"`
}

// mergeable reports whether edits can join accepted without
// overlapping an edit that differs from them.
func mergeable(accepted map[string][]edit, edits []edit) bool {
	for _, e := range edits {
		for _, a := range accepted[e.Filename] {
			if a == e {
				continue
			}
			overlap := e.Start < a.End && a.Start < e.End
			sameInsertion := e.Start == e.End && a.Start == a.End && e.Start == a.Start
			if overlap || sameInsertion {
				return false
			}
		}
	}
	return true
}
