// Package reshape rewrites the diagnostics that an analyzer reports, for
// the drivers that want them in another shape than the analyzer gives.
package reshape

import "golang.org/x/tools/go/analysis"

// Diagnostics makes a report each diagnostic as f rewrites it. It
// changes a's Run: a should be the driver's own copy of the analyzer.
func Diagnostics(a *analysis.Analyzer, f func(*analysis.Diagnostic)) {
	run := a.Run
	a.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			f(&d)
			report(d)
		}
		return run(pass)
	}
}

// FirstFix keeps only the first of d's suggested fixes. The analysis
// API's fixes are alternatives, and atomiccnt offers its call fix first
// and the type fix second; a driver that applies fixes applies one of
// each diagnostic's, and some say so for every diagnostic with two
// ("ignoring alternative fix"), or apply both and drop them all.
func FirstFix(d *analysis.Diagnostic) {
	if len(d.SuggestedFixes) > 1 {
		d.SuggestedFixes = d.SuggestedFixes[:1]
	}
}
