package atomiccnt

import (
	"fmt"
	"strings"
)

// Confidence. Every report of a race is in one of two tiers, decided by
// the evidence rules below, each measured on the triaged corpus (see
// docs/triage.md). The analyzer reports the high tier; -confidence=low
// reports both, and the atomiccntaudit analyzer reports the low tier
// alone from this analyzer's result, so that drivers without flags
// (gopls, nogo, golangci-lint) can enable it by name.

// A tier is a report's confidence.
type tier uint8

const (
	tierHigh tier = iota
	tierLow
)

func (t tier) String() string {
	if t == tierLow {
		return "low"
	}
	return "high"
}

// A confidenceFlag is the value of -confidence: the name of the lowest
// tier reported. Its Get is that name, so that drivers that copy flags
// by the type of their values (golangci-lint's plugin) copy it as a
// string; run checks the copy's value with parseTier.
type confidenceFlag struct{ name string }

func (f *confidenceFlag) String() string { return f.name }

func (f *confidenceFlag) Set(s string) error {
	t, err := parseTier(s)
	if err == nil {
		f.name = t.String()
	}
	return err
}

func (f *confidenceFlag) Get() any { return f.name }

// parseTier returns the tier that s names.
func parseTier(s string) (tier, error) {
	switch strings.ToLower(s) {
	case "high":
		return tierHigh, nil
	case "low":
		return tierLow, nil
	}
	return tierHigh, fmt.Errorf("%q is not a confidence: use high or low", s)
}

// evidence is what put a report in its tier: the rule, in words that
// follow "low: " or "high: " in -explain.
type evidence struct {
	tier tier
	why  string
}

// confidenceOf weighs the evidence for the plain access a's report.
//
// A plain access in a _test.go file is low: go test runs tests under
// -race, which finds what they race on, and on the corpus 8 of the 82
// reports in test files were true races (10%), against 27 of 114 in
// other files.
func (u *unit) confidenceOf(a *access) evidence {
	if f := u.pass.Fset.File(a.pos); f != nil && strings.HasSuffix(f.Name(), "_test.go") {
		return evidence{tierLow, "the plain access is in a test file"}
	}
	return evidence{tierHigh, "no evidence rule lowers it"}
}
