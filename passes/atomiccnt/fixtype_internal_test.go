package atomiccnt

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestTypeFixReasons checks why the type fix refuses each location of
// the fixtypeno test package: each has a single reason, and the
// reports' fixes alone would not show which one applied.
func TestTypeFixReasons(t *testing.T) {
	want := map[string]string{
		"Exported.Hits":   "Hits is exported",
		"addressed.n":     "its address is taken",
		"copied.n":        "a copied is copied",
		"compared.n":      "a compared is copied",
		"unkeyed.n":       "an unkeyed composite literal sets it",
		"keyed.n":         "a composite literal sets it",
		"paired.a":        "the field is declared together with others",
		"machine.st":      "no typed atomic for state",
		"seq":             "the declaration has other names or an initial value",
		"node.next":       "no typed atomic for unsafe.Pointer",
		"withGenerated.n": "a use is in a generated file",
	}
	got := make(map[string]string)
	a := *Analyzer
	a.Run = func(pass *analysis.Pass) (any, error) {
		if pass.Pkg.Path() != "fixtypeno" {
			return run(pass)
		}
		c := newChecker(pass)
		c.ssa = buildSSA(pass, computeNoReturns(pass))
		for _, fn := range c.ssa.srcFuncs {
			c.walkFunc(fn)
		}
		names := fieldNames(pass.Pkg)
		for _, s := range c.summarize() {
			if _, why := c.typeFix(s); s.isAtomic() {
				got[names[s.loc.v]] = why
			}
		}
		return nil, nil
	}
	analysistest.Run(discard{}, analysistest.TestData(), &a, "fixtypeno")
	for k, w := range want {
		if got[k] != w {
			t.Errorf("type fix of %s: got reason %q, want %q", k, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("type fix of %s: unexpected reason %q", k, g)
		}
	}
}

// fieldNames names the package's fields T.f and variables v.
func fieldNames(pkg *types.Package) map[*types.Var]string {
	names := make(map[*types.Var]string)
	for _, name := range pkg.Scope().Names() {
		switch obj := pkg.Scope().Lookup(name).(type) {
		case *types.Var:
			names[obj] = name
		case *types.TypeName:
			if st, ok := obj.Type().Underlying().(*types.Struct); ok {
				for i := 0; i < st.NumFields(); i++ {
					names[st.Field(i)] = name + "." + st.Field(i).Name()
				}
			}
		}
	}
	return names
}

type discard struct{}

func (discard) Errorf(string, ...any) {}
