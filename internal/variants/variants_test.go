package variants_test

import (
	"fmt"
	"go/token"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/atomiccnt/atomiccnt/internal/variants"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// counted returns a copy of atomiccnt's analyzer that counts its runs
// by package path.
func counted() (*analysis.Analyzer, map[string]int) {
	var mu sync.Mutex
	runs := make(map[string]int)
	a := *atomiccnt.Analyzer
	a.Run = func(pass *analysis.Pass) (any, error) {
		mu.Lock()
		runs[pass.Pkg.Path()]++
		mu.Unlock()
		return atomiccnt.Analyzer.Run(pass)
	}
	return &a, runs
}

func load(t *testing.T) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: true, Dir: "testdata/mod"}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors loading testdata/mod", n)
	}
	return pkgs
}

// outcomes runs a on pkgs and describes, by package ID, the facts each
// action exports and the diagnostics it reports. It fails the test if
// a position lies in a file of the same package other than the
// action's own: a replayed variant must report in its own files.
func outcomes(t *testing.T, a *analysis.Analyzer, pkgs []*packages.Package) map[string]string {
	t.Helper()
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string)
	for act := range graph.All() {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		pkg := act.Package
		own := make(map[*token.File]bool)
		for _, f := range pkg.Syntax {
			own[pkg.Fset.File(f.FileStart)] = true
		}
		pos := func(p token.Pos) string {
			if tf := pkg.Fset.File(p); tf != nil && !own[tf] && strings.HasPrefix(tf.Name(), pkg.Dir) {
				t.Errorf("%s: position %s is in another variant's file", pkg.ID, pkg.Fset.Position(p))
			}
			return pkg.Fset.Position(p).String()
		}
		var lines []string
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == pkg.Types {
				lines = append(lines, fmt.Sprintf("fact %s: %s: %v", pos(f.Object.Pos()), f.Object.Name(), f.Fact))
			}
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == pkg.Types {
				lines = append(lines, fmt.Sprintf("package fact: %v", f.Fact))
			}
		}
		slices.Sort(lines)
		for _, d := range act.Diagnostics {
			lines = append(lines, fmt.Sprintf("diagnostic %s-%s: %s", pos(d.Pos), pos(d.End), d.Message))
			for _, r := range d.Related {
				lines = append(lines, fmt.Sprintf("\trelated %s: %s", pos(r.Pos), r.Message))
			}
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					lines = append(lines, fmt.Sprintf("\tedit %s-%s: %q", pos(e.Pos), pos(e.End), e.NewText))
				}
			}
		}
		out[pkg.ID] = strings.Join(lines, "\n")
	}
	return out
}

func TestShare(t *testing.T) {
	pkgs := load(t)
	want := outcomes(t, atomiccnt.Analyzer, pkgs)
	a, runs := counted()
	got := outcomes(t, variants.Share(a, "Lock", "Unlock"), pkgs)

	// Sharing changes nothing that a pass exports or reports.
	if len(got) != len(want) {
		t.Errorf("got %d actions, want %d", len(got), len(want))
	}
	for id, w := range want {
		if g := got[id]; g != w {
			t.Errorf("%s, shared:\n%s\nunshared:\n%s", id, g, w)
		}
	}

	// The test variants that give a package another input.
	const (
		counterTest = "reader [example.com/v/counter.test]"
		gateTest    = "user [example.com/v/gate.test]"
	)
	// The fixture exercises what it means to: a replayed variant
	// reports, and a variant with other facts reports otherwise.
	for _, id := range []string{"example.com/v/reader", "example.com/v/" + counterTest} {
		if !strings.Contains(want[id], "non-atomic read of counter.Counter.N") {
			t.Errorf("%s reports no read of counter.Counter.N:\n%s", id, want[id])
		}
	}
	if want["example.com/v/user"] == want["example.com/v/"+gateTest] {
		t.Errorf("user's variants have the same outcome:\n%s", want["example.com/v/user"])
	}

	for path, n := range map[string]int{
		// reader and reader [counter.test]: the same input.
		"example.com/v/reader": 1,
		// gate's test variant exports a fact on Global.On.
		"example.com/v/user": 2,
		// mu's test variant makes Guard a lock.
		"example.com/v/holder": 2,
		// o.Name selects the method that shadow's test file adds.
		"example.com/v/namer": 2,
	} {
		if runs[path] != n {
			t.Errorf("%s ran %d times, want %d", path, runs[path], n)
		}
	}
}

// TestShareInspected checks that only the methods named as inspected
// tell variants apart: without Lock and Unlock, holder's variants share
// one run.
func TestShareInspected(t *testing.T) {
	pkgs := load(t)
	a, runs := counted()
	outcomes(t, variants.Share(a), pkgs)
	if runs["example.com/v/holder"] != 1 {
		t.Errorf("holder ran %d times, want 1", runs["example.com/v/holder"])
	}
}
