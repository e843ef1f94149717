package main

import (
	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/sarif"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// rules describes atomiccnt's diagnostic categories as SARIF rules: the
// texts of their doc.go sections (see internal/category), and as help
// URIs their anchors, which the diagnostics' URLs point to as well.
var rules = func() []sarif.RuleInfo {
	var rules []sarif.RuleInfo
	for _, c := range category.All() {
		rules = append(rules, sarif.RuleInfo{
			ID:      c.ID,
			Name:    c.Name,
			Short:   c.Short,
			Full:    c.Full,
			HelpURI: atomiccnt.Analyzer.URL + "#" + c.Anchor(),
			// A report of a race is a true one a fifth of the time
			// or less (docs/triage.md, and each result's rank); the
			// others are about the run itself.
			Precision: precisionOf(c.ID),
		})
	}
	return rules
}()

// precisionOf returns the precision of category id's reports on code
// scanning's scale: low for the reports of races, whose measured
// precision on the triaged corpus is below 40% in each category;
// very-high for the reports about directives and baselines, which are
// facts about the source; medium for broken contracts.
func precisionOf(id string) string {
	switch id {
	case category.Explain, category.Baseline, category.Directive:
		return "very-high"
	case category.Contract, category.Handoff:
		// A declared contract that a call breaks, as the lock
		// analysis sees it; not measured (no corpus module annotates
		// its locks, and gVisor's annotated packages break none).
		return "medium"
	}
	return "low"
}
