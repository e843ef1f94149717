// Package atomiccntaudit defines an Analyzer that reports atomiccnt's
// reports of low confidence: the races that atomiccnt finds but does
// not report by default, because the evidence rules of its package
// documentation put them in the low tier (a plain access in a test
// file, for one). Each says why it is low.
//
// The analyzer computes nothing of its own: it requires atomiccnt and
// reports the low tier from its result, so that a driver that runs both
// analyses each package once. Enable it beside atomiccnt, in gopls,
// nogo, golangci-lint or a vet tool, to audit what the default leaves
// out; atomiccnt -confidence=low prints both tiers in one run.
package atomiccntaudit

import (
	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// Analyzer reports atomiccnt's low-confidence reports.
var Analyzer = &analysis.Analyzer{
	Name:     "atomiccntaudit",
	Doc:      "report atomiccnt's reports of low confidence\n\nThe races that atomiccnt finds but leaves out by default, each with the evidence that made it low: see atomiccnt's -confidence flag.",
	URL:      "https://pkg.go.dev/github.com/atomiccnt/atomiccnt/passes/atomiccntaudit",
	Requires: []*analysis.Analyzer{atomiccnt.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	for _, d := range pass.ResultOf[atomiccnt.Analyzer].(*atomiccnt.Result).Low {
		pass.Report(d)
	}
	return nil, nil
}
