package own

import (
	"fmt"
	"go/constant"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/ssatest"
)

// ownershipSrc is the program the ownership tests ask about. Each store
// to a field .n is a probe, named by the number it stores.
const ownershipSrc = `package p

type T struct {
	n    int
	next *T
}

var global *T

func allocated() {
	t := &T{}
	t.n = 1
	global = t
	t.n = 2
}

func newT() *T { return &T{} }

func constructed() {
	t := newT()
	t.n = 3
}

func (t *T) init() { t.n = 0 }

func initialised() {
	t := &T{}
	t.init()
	t.n = 4
}

func keep(t *T) { global = t }

func kept() {
	t := &T{}
	keep(t)
	t.n = 5
}

func fill(t *T) { t.n = 6 }

func fills() {
	fill(&T{})
	fill(new(T))
}

func fillShared(t *T) { t.n = 7 }

func fillsShared() {
	fillShared(global)
}

func worker(t *T) {}

func started() {
	t := &T{}
	go worker(t)
	t.n = 8
}

func linked() {
	p, q := &T{}, &T{}
	p.next = q
	global = p
	q.n = 9
}

func sent(ch chan *T) {
	t := &T{}
	ch <- t
	t.n = 10
}

func loaded() {
	global.n = 11
}

type S struct{ st *T }

func newS() *S {
	s := &S{}
	s.st = &T{}
	return s
}

func owningField() {
	s := newS()
	s.st.n = 12
}

type U struct{ st *T }

func newU() *U {
	u := &U{}
	u.st = &T{}
	return u
}

func (u *U) leak() { global = u.st }

func leakedField() {
	u := newU()
	u.st.n = 13
}
`

// TestOwnership asks the analysis about each probe of ownershipSrc:
// whether its function owns the object there (OwnedAt), where the
// object stopped being owned (Publication, described as -explain does),
// and how the function came to own it (Ownership).
func TestOwnership(t *testing.T) {
	tests := []struct {
		probe       int64
		owned       bool
		publication string // DescribeEscape of Publication, with its line; "" if none
		ownership   string // a part of Ownership; "" if it must be empty
	}{
		{1, true, "", "allocated by the function"},
		{2, false, "stored at line 13", "allocated by the function"},
		{3, true, "", "returned by newT, a constructor"},
		{4, true, "", "allocated by the function"},           // init keeps nothing
		{5, false, "passed to keep at line 36", "allocated"}, // keep stores it
		{6, true, "", "passed by every call while its caller owns it"},
		{7, false, "", ""}, // one caller passes a shared object
		{8, false, "passed to a go statement at line 57", "allocated"},
		{9, false, "stored at line 64", "allocated"}, // linked with p, which is published
		{10, false, "sent at line 70", "allocated"},
		{11, false, "", ""},
		{12, true, "", "its owning field st points to this one"},
		{13, false, "", ""}, // U.st lets its object out, so it owns nothing
	}
	pkg := ssatest.BuildPackage(t, "p", ownershipSrc)
	ea, probes := ownershipProbes(t, pkg)
	fset := pkg.Prog.Fset
	for _, tc := range tests {
		store, ok := probes[tc.probe]
		if !ok {
			t.Errorf("probe %d: no store of it", tc.probe)
			continue
		}
		if got := ea.OwnedAt(store.Addr, store); got != tc.owned {
			t.Errorf("probe %d: OwnedAt = %v, want %v", tc.probe, got, tc.owned)
		}
		got := ""
		if e := ea.Publication(store.Addr, store); e != nil {
			got = fmt.Sprintf("%s at line %d", DescribeEscape(e), fset.Position(e.Pos()).Line)
		}
		if got != tc.publication {
			t.Errorf("probe %d: Publication = %q, want %q", tc.probe, got, tc.publication)
		}
		how := ea.Ownership(store.Addr, store)
		if tc.ownership == "" && how != "" || !strings.Contains(how, tc.ownership) {
			t.Errorf("probe %d: Ownership = %q, want %q in it", tc.probe, how, tc.ownership)
		}
	}
}

// ownershipProbes analyses pkg and returns the analysis and the stores
// of integer constants to fields named n, by the constant.
func ownershipProbes(t *testing.T, pkg *ssa.Package) (*Analysis, map[int64]*ssa.Store) {
	t.Helper()
	var funcs []*ssa.Function
	for fn := range ssautil.AllFunctions(pkg.Prog) {
		if fn.Pkg == pkg && len(fn.Blocks) > 0 && fn.Synthetic == "" {
			funcs = append(funcs, fn)
		}
	}
	slices.SortFunc(funcs, func(a, b *ssa.Function) int { return strings.Compare(a.String(), b.String()) })
	pass := &analysis.Pass{
		Fset:             pkg.Prog.Fset,
		Pkg:              pkg.Pkg,
		ImportObjectFact: func(types.Object, analysis.Fact) bool { return false },
	}
	ea := New(pass, funcs, calls.NewGraph(funcs, nil), nil)
	probes := make(map[int64]*ssa.Store)
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				store, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := store.Addr.(*ssa.FieldAddr)
				c, isConst := store.Val.(*ssa.Const)
				if !ok || !isConst || fa.Field != 0 || c.Value.Kind() != constant.Int {
					continue
				}
				if n := c.Int64(); n > 0 {
					probes[n] = store
				}
			}
		}
	}
	return ea, probes
}
