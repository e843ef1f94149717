package main

// The standalone drivers of -json and -format=sarif load and analyse
// packages as singlechecker does, with golang.org/x/tools/go/analysis/checker,
// and then merge what the variants of a package report (mergeVariants)
// before printing it: singlechecker's -json lists each report of a
// package again under its test variant.

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/locker"
	"github.com/atomiccnt/atomiccnt/internal/variants"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// load loads the packages that patterns name, with their tests if
// test is set, as singlechecker does for an analyzer with facts. It
// returns only the errors of the load as a whole: those of single
// packages are in the packages.
func load(patterns []string, test bool) ([]*packages.Package, error) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: test}
	pkgs, err := packages.Load(cfg, patterns...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	return pkgs, err
}

// analyze runs the analyzer on pkgs, sharing the passes of a package's
// variants as the text output does, and merges the variants' reports.
func analyze(pkgs []*packages.Package) (*checker.Graph, error) {
	return analyzeWith(pkgs, nil)
}

// analyzeWith is analyze, with the analyzer that wrap returns for the
// one it is given, if wrap is not nil.
func analyzeWith(pkgs []*packages.Package, wrap func(*analysis.Analyzer) *analysis.Analyzer) (*checker.Graph, error) {
	a := variants.Share(atomiccnt.Analyzer, locker.Methods()...)
	if wrap != nil {
		a = wrap(a)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		return nil, err
	}
	mergeVariants(graph.Roots)
	orderEdits(graph.Roots)
	return graph, nil
}

// orderEdits puts the edits of each root's fixes in file-name and
// offset order. The analyzer reports them so, but the driver sorts them
// again, in place, by token.Pos, whose order across files is the order
// in which the loader happened to add the files to the FileSet: a
// fix's edits came out in a different order on each run. Each fix gets
// a slice of its own, since the diagnostics of one location share the
// same fix.
func orderEdits(roots []*checker.Action) {
	for _, act := range roots {
		fset := act.Package.Fset
		for i := range act.Diagnostics {
			d := &act.Diagnostics[i]
			d.SuggestedFixes = slices.Clone(d.SuggestedFixes)
			for j := range d.SuggestedFixes {
				fix := &d.SuggestedFixes[j]
				fix.TextEdits = slices.Clone(fix.TextEdits)
				slices.SortStableFunc(fix.TextEdits, func(x, y analysis.TextEdit) int {
					px, py := fset.PositionFor(x.Pos, false), fset.PositionFor(y.Pos, false)
					return cmp.Or(cmp.Compare(px.Filename, py.Filename), cmp.Compare(px.Offset, py.Offset),
						cmp.Compare(fset.PositionFor(x.End, false).Offset, fset.PositionFor(y.End, false).Offset),
						cmp.Compare(string(x.NewText), string(y.NewText)))
				})
			}
		}
	}
}

// loadAndAnalyze is how the text and JSON drivers start, as
// singlechecker does: load the packages that c names, print their own
// errors (to os.Stderr, as singlechecker), and analyse them, showing the
// progress on progressTo if it is not nil (see newProgress). A load or
// analysis error is reported on stderr, and ok is false; else code is 1
// if some package has errors, 0 if none has.
func loadAndAnalyze(c *commandLine, stderr io.Writer, progressTo *os.File) (graph *checker.Graph, code int, ok bool) {
	if _, ok := checkBaseline(c, stderr); !ok {
		return nil, 1, false
	}
	var p *progress
	if progressTo != nil {
		p = newProgress(progressTo)
	}
	pkgs, err := load(c.patterns, c.test)
	if err != nil {
		p.finish()
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return nil, 1, false
	}
	p.above(func() {
		if packages.PrintErrors(pkgs) > 0 {
			code = 1
		}
	})
	p.analysing(pkgs)
	graph, err = analyzeWith(pkgs, p.wrap)
	p.finish()
	if err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return nil, 1, false
	}
	nameFailures(graph)
	return graph, code, true
}

// nameFailures prefixes each failed action's error with its package, so
// that "analysis skipped due to errors in package" says which.
func nameFailures(graph *checker.Graph) {
	for act := range graph.All() {
		if act.Err != nil {
			act.Err = fmt.Errorf("%s: %w", act.Package.ID, act.Err)
		}
	}
}

// packageErrors returns the first errors of a package that failed to
// load or type-check, for output that a program reads and that does not
// have the text output's list of them: "b.go:3:23: cannot use ...".
func packageErrors(pkg *packages.Package) string {
	const most = 3
	var msgs []string
	for i, e := range pkg.Errors {
		if i == most {
			msgs = append(msgs, fmt.Sprintf("and %d more", len(pkg.Errors)-most))
			break
		}
		msgs = append(msgs, e.Error())
	}
	return strings.Join(msgs, "; ")
}

// usageError reports a usage error of a standalone driver and returns
// its exit code.
func usageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "atomiccnt: "+format+"\n", args...)
	fmt.Fprintln(stderr, helpHint)
	return 2
}

// A diagnosticKey identifies a diagnostic across the variants of a
// package, which parse its files again: by position, not token.Pos.
type diagnosticKey struct {
	pos, end          token.Position
	category, message string
}

func keyOf(fset *token.FileSet, d analysis.Diagnostic) diagnosticKey {
	return diagnosticKey{fset.Position(d.Pos), fset.Position(d.End), d.Category, d.Message}
}

// mergeVariants removes from the test variant of each package, "p
// [p.test]", the diagnostics that its plain variant, "p", reports too:
// the same files analysed again with the package's test files beside
// them. The text output drops them by position and message; the JSON
// and SARIF outputs, which list diagnostics by package, would repeat
// them.
//
// The plain variant keeps the test variant's version of a diagnostic
// it shares. Its message is the same, but its analysis saw the test
// files, and the plain one withholds the fix that changes a field's
// type, which must rewrite the test files' accesses too.
//
// A test variant's own diagnostics, those in its test files or that
// only the tests' accesses cause, stay where they are, as do the
// external test package's ("p_test [p.test]"), which has no plain
// variant.
//
// A stale baseline entry that the plain variant reports and the test
// variant does not is not stale: the reports it accepts are those that
// only the tests' accesses cause, and the test variant, which has all
// the files, found them.
func mergeVariants(roots []*checker.Action) {
	plain := make(map[string]*checker.Action)
	for _, act := range roots {
		if act.Package.ID == act.Package.PkgPath {
			plain[act.Package.PkgPath] = act
		}
	}
	for _, act := range roots {
		p := plain[act.Package.PkgPath]
		if p == nil || p == act || p.Err != nil || act.Err != nil {
			continue
		}
		index := make(map[diagnosticKey]int)
		for i, d := range p.Diagnostics {
			index[keyOf(p.Package.Fset, d)] = i
		}
		// New slices: the driver and the replays of shared passes
		// may hold the old ones.
		merged := append([]analysis.Diagnostic(nil), p.Diagnostics...)
		shared := make([]bool, len(merged))
		var own []analysis.Diagnostic
		for _, d := range act.Diagnostics {
			if i, ok := index[keyOf(act.Package.Fset, d)]; ok {
				merged[i], shared[i] = d, true
				continue
			}
			own = append(own, d)
		}
		kept := merged[:0]
		for i, d := range merged {
			if shared[i] || d.Category != category.Baseline {
				kept = append(kept, d)
			}
		}
		p.Diagnostics, act.Diagnostics = kept, own
	}
}
