package atomiccnt

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/own"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
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
	// shared, for -explain, says why the access's memory may be shared
	// with another goroutine; "" if there is nothing to add. published
	// is where its function's own object was published, if it was.
	shared    string
	published token.Pos
	// locks, for -explain, names the locks that the plain access and
	// the atomic access it races with hold, where either holds one: the
	// lock rule's inputs, for a report the reader expected it to spare.
	locks string
}

// confidenceOf weighs the evidence for the plain access a's report.
//
// A plain access in a _test.go file is low: go test runs tests under
// -race, which finds what they race on, and on the corpus 8 of the 109
// reports in test files were true races (7%), against 37 of 142 in
// other files.
func (u *unit) confidenceOf(a *access) evidence {
	if f := u.pass.Fset.File(a.pos); f != nil && strings.HasSuffix(f.Name(), "_test.go") {
		return evidence{tier: tierLow, why: "the plain access is in a test file"}
	}
	return evidence{tier: tierHigh, why: "no evidence rule lowers it"}
}

// explainShared records in ev, for -explain, why the memory that a
// reaches may be shared: where the object its function owned was
// published before a, or what a reaches it through.
func (c *checker) explainShared(a *access, ev *evidence) {
	if !c.opts.explain {
		return
	}
	if e := c.esc.Publication(a.addr, a.instr); e != nil {
		ev.shared = fmt.Sprintf("the object its function owned is %s at %s before it", own.DescribeEscape(e), syntax.FileLine(c.pass.Fset, e.Pos()))
		ev.published = e.Pos()
		return
	}
	ev.shared = c.sharedBecause(a)
}

// explainLocks records in ev, for -explain, the locks that a and the
// atomic access of w hold, if either holds any.
func (c *checker) explainLocks(a *access, w *witness, ev *evidence) {
	if !c.opts.explain || w == nil || w.local == nil {
		return
	}
	held, other := c.locks.Describe(a.locks), c.locks.Describe(w.local.locks)
	if held == "" && other == "" {
		return
	}
	if held == "" {
		held = "no lock"
	}
	if other == "" {
		other = "none"
	}
	ev.locks = fmt.Sprintf("it holds %s, the atomic access at %s holds %s", held, syntax.FileLine(c.pass.Fset, w.local.pos), other)
}

// sharedBecause says what a reaches its memory through, which other
// goroutines may reach too.
func (c *checker) sharedBecause(a *access) string {
	switch root := loc.BaseOf(a.addr).Root().(type) {
	case *ssa.Global:
		return "it is reached through the package-level variable " + root.Name()
	case *ssa.Parameter:
		what := "parameter"
		if recv := a.fn.Signature.Recv(); recv != nil && a.fn.Params[0] == root {
			what = "receiver"
		}
		return fmt.Sprintf("it is reached through %s, the %s of %s, whose callers may share it", root.Name(), what, a.fn.RelString(c.pass.Pkg))
	case *ssa.FreeVar:
		return fmt.Sprintf("it is reached through %s, which the function literal captures", root.Name())
	case *ssa.UnOp:
		return "it is reached through a pointer loaded from memory other goroutines may reach"
	}
	return ""
}
