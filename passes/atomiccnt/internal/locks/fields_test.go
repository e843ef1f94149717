package locks

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// TestFieldContracts checks which fields a +checklocks annotation
// guards, in a doc or a line comment, and the lock its path names.
func TestFieldContracts(t *testing.T) {
	const src = `package p

import "sync"

type inner struct{ mu sync.Mutex }

type S struct {
	mu sync.Mutex
	in inner

	// +checklocks:mu
	a int32
	b int32 // +checklocks:mu
	// +checklocks:in.mu
	c, d int32
	// +checkatomic
	// +checklocks:mu
	e int32
	// +checklocksread:mu
	f int32
	// +checklocks:nosuch
	g int32
	// +checklocks:in.nosuch
	h int32
	// the lock is mu: +checklocks:mu
	i int32
	j int32
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: make(map[*ast.Ident]types.Object), Types: make(map[ast.Expr]types.TypeAndValue)}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	got := make(map[string]string)
	locks := make(map[string]*types.Var)
	for v, c := range FieldContracts(info, []*ast.File{f}) {
		got[v.Name()] = c.Lock.Var.Name() + " " + c.Annotation
		locks[v.Name()] = c.Lock.Var
		if owner := c.Lock.Var.Pkg(); owner == nil || owner.Name() != "p" {
			t.Errorf("%s: lock %v is not a field of p", v.Name(), c.Lock.Var)
		}
	}
	want := map[string]string{
		"a": "mu +checklocks:mu",
		"b": "mu +checklocks:mu",
		"c": "mu +checklocks:in.mu",
		"d": "mu +checklocks:in.mu",
		"e": "mu +checklocks:mu",
	}
	if locks["a"] == nil || locks["a"] == locks["c"] || locks["c"] != locks["d"] {
		t.Errorf("a's lock is S.mu, c's and d's inner.mu: got %v, %v, %v", locks["a"], locks["c"], locks["d"])
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: got %q, want %q", name, got[name], w)
		}
	}
	for name, g := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: got %q, want no contract", name, g)
		}
	}
}
