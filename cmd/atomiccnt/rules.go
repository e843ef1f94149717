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
		})
	}
	return rules
}()
