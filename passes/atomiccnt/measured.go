package atomiccnt

import (
	"math"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/internal/category"
)

// Measured precision. docs/triage.md judges every report on the corpus
// outside the runtime; these are its figures for each tier, true races
// among the reports, which TestMeasuredPrecision keeps equal to the
// triage's table. SARIF logs give them as each result's rank.
var tierPrecision = [...]struct{ races, reports int }{
	tierHigh: {37, 142},
	tierLow:  {8, 109},
}

// lowSuffix opens the note that ends each low report's message.
const lowSuffix = " (low confidence: "

// Rank returns the measured precision, from 0 to 100, of the tier of
// the report d, which this analyzer made; ok is false for a diagnostic
// that reports no race (an explanation, a directive, a stale baseline
// entry) or whose precision is not measured (a broken contract).
func Rank(d analysis.Diagnostic) (rank float64, ok bool) {
	switch d.Category {
	case category.Explain, category.Baseline, category.Directive, category.Contract, category.Handoff:
		// Not reports of races, or (contract) not measured: no corpus
		// module annotates its locks.
		return 0, false
	}
	t := tierHigh
	if strings.Contains(d.Message, lowSuffix) {
		t = tierLow
	}
	p := tierPrecision[t]
	return math.Round(1000*float64(p.races)/float64(p.reports)) / 10, true
}
