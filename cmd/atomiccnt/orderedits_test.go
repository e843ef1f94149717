package main

import (
	"go/token"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestOrderEdits checks that a fix's edits come out by file name and
// offset whatever the order of the files' bases in the FileSet, and
// that sorting one diagnostic's fix leaves the slice it shared with
// another alone.
func TestOrderEdits(t *testing.T) {
	fset := token.NewFileSet()
	// b.go is added first, so its positions are lower than a.go's.
	b := fset.AddFile("/p/b.go", -1, 100)
	a := fset.AddFile("/p/a.go", -1, 100)
	shared := []analysis.TextEdit{
		{Pos: b.Pos(10), End: b.Pos(12), NewText: []byte("b10")},
		{Pos: a.Pos(50), End: a.Pos(50), NewText: []byte("a50")},
		{Pos: a.Pos(5), End: a.Pos(6), NewText: []byte("a5")},
	}
	fix := analysis.SuggestedFix{Message: "Change n to atomic.Int64", TextEdits: shared}
	act := &checker.Action{
		Package: &packages.Package{Fset: fset},
		Diagnostics: []analysis.Diagnostic{
			{Pos: a.Pos(5), SuggestedFixes: []analysis.SuggestedFix{fix}},
			{Pos: b.Pos(10), SuggestedFixes: []analysis.SuggestedFix{fix}},
		},
	}
	orderEdits([]*checker.Action{act})
	for _, d := range act.Diagnostics {
		var got []string
		for _, e := range d.SuggestedFixes[0].TextEdits {
			got = append(got, string(e.NewText))
		}
		if want := []string{"a5", "a50", "b10"}; !slices.Equal(got, want) {
			t.Errorf("edits of the diagnostic at %v: %v, want %v", fset.Position(d.Pos), got, want)
		}
	}
	if string(shared[0].NewText) != "b10" {
		t.Errorf("orderEdits sorted the slice the fixes shared")
	}
}
