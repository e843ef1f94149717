package locker

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestIs checks which types are locks: those whose pointer has every
// method that Methods names, so that the names a variant-sharing driver
// is given are exactly those Is looks up. A type that lacks any one of
// them, or has it with parameters, is not a lock.
func TestIs(t *testing.T) {
	methods := Methods()
	var src strings.Builder
	src.WriteString("package p\n\nimport \"sync\"\n\ntype all struct{}\n")
	for _, m := range methods {
		src.WriteString("func (*all) " + m + "() {}\n")
	}
	for i, missing := range methods {
		name := "without" + missing
		src.WriteString("type " + name + " struct{}\n")
		for _, m := range methods {
			if m != missing {
				src.WriteString("func (*" + name + ") " + m + "() {}\n")
			}
		}
		src.WriteString("type withArg" + missing + " struct{}\n")
		for j, m := range methods {
			params := ""
			if j == i {
				params = "int"
			}
			src.WriteString("func (*withArg" + missing + ") " + m + "(" + params + ") {}\n")
		}
	}
	src.WriteString(`
type holder struct{ mu sync.Mutex }
type iface interface{ Lock(); Unlock() }
var _ = sync.Mutex{}
`)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src.String(), 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := &types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	typ := func(name string) types.Type { return pkg.Scope().Lookup(name).Type() }
	want := map[string]bool{"all": true, "holder": false, "iface": false}
	for _, m := range methods {
		want["without"+m] = false
		want["withArg"+m] = false
	}
	for name, w := range want {
		if got := Is(typ(name)); got != w {
			t.Errorf("Is(%s) = %v, want %v", name, got, w)
		}
	}
	mutex := typ("holder").Underlying().(*types.Struct).Field(0).Type()
	if !Is(mutex) {
		t.Errorf("Is(sync.Mutex) = false")
	}
}
