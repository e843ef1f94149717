package atomiccnt

import (
	"go/ast"
	"go/types"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	driver "golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/atomiccnt/atomiccnt/internal/facts"
)

// sameAsCtrlflow returns an analyzer that computes the no-return
// facts, compares each answer with ctrlflow's, and reports each
// difference through errorf.
func sameAsCtrlflow(errorf func(format string, args ...any)) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      "noreturn",
		Doc:       "compare computeNoReturns with ctrlflow",
		Requires:  []*analysis.Analyzer{ctrlflow.Analyzer},
		FactTypes: []analysis.Fact{new(facts.NoReturn)},
		Run: func(pass *analysis.Pass) (any, error) {
			cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
			ours := computeNoReturns(pass)
			check := func(fn *types.Func) {
				if got, want := ours.noReturn(fn), cfgs.NoReturn(fn); got != want {
					errorf("%s: %s: noreturn = %v, ctrlflow says %v", pass.Pkg.Path(), fn.FullName(), got, want)
				}
			}
			for _, file := range pass.Files {
				ast.Inspect(file, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.FuncDecl:
						if fn, ok := pass.TypesInfo.Defs[n.Name].(*types.Func); ok {
							check(fn)
						}
					case *ast.ExprStmt:
						// ctrlflow answers for the callees of call
						// statements only.
						if call, ok := n.X.(*ast.CallExpr); ok {
							if fn := typeutil.StaticCallee(pass.TypesInfo, call); fn != nil {
								check(fn)
							}
						}
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

// TestNoReturnFacts checks the facts and answers on the patterns of
// testdata/src/noreturn.
func TestNoReturnFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), sameAsCtrlflow(t.Errorf), "noreturn")
}

// TestNoReturnStd checks that the answers are ctrlflow's on every
// function of some standard packages and their dependencies: the
// runtime's throw and fatal paths, log.Fatal, os.Exit, testing's.
func TestNoReturnStd(t *testing.T) {
	if testing.Short() {
		t.Skip("loads standard packages from source")
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: true}
	pkgs, err := packages.Load(cfg, "log", "os/exec", "testing", "net")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	errorf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		t.Errorf(format, args...)
	}
	if _, err := driver.Analyze([]*analysis.Analyzer{sameAsCtrlflow(errorf)}, pkgs, nil); err != nil {
		t.Fatal(err)
	}
}

// TestNoReturnUnreachable checks that the analysis skips the code after
// calls that facts say cannot return, whether statements or
// expressions.
func TestNoReturnUnreachable(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), Analyzer, "noreturn/user")
}
