package atomiccnt

import "golang.org/x/tools/go/analysis"

// typeFix returns the fix that migrates the location that s summarises
// to a typed atomic, or the reason there is none.
func (c *checker) typeFix(s *summary) (*analysis.SuggestedFix, string) {
	return nil, "not implemented"
}
