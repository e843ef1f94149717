package reshape

import (
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestDiagnostics checks that a reshaped analyzer reports what f makes
// of each diagnostic, and that FirstFix keeps one fix.
func TestDiagnostics(t *testing.T) {
	a := &analysis.Analyzer{
		Name: "twofixes",
		Doc:  "reports one diagnostic with two alternative fixes, one with none",
		Run: func(pass *analysis.Pass) (any, error) {
			pass.Report(analysis.Diagnostic{Message: "two", SuggestedFixes: []analysis.SuggestedFix{{Message: "first"}, {Message: "second"}}})
			pass.Report(analysis.Diagnostic{Message: "none"})
			return nil, nil
		},
	}
	Diagnostics(a, FirstFix)
	var got []analysis.Diagnostic
	if _, err := a.Run(&analysis.Pass{Report: func(d analysis.Diagnostic) { got = append(got, d) }}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0].SuggestedFixes) != 1 || got[0].SuggestedFixes[0].Message != "first" || len(got[1].SuggestedFixes) != 0 {
		t.Errorf("reported %+v, want the first fix of the first diagnostic and none for the second", got)
	}
}
