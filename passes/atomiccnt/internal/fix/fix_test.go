package fix_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/fix"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// A testPkg is a package type-checked from source, with what a pass
// gives the fix builder.
type testPkg struct {
	t     *testing.T
	pass  *analysis.Pass
	srcs  map[string]string
	build *fix.Builder
}

// load type-checks the package of srcs (file name to source) at the Go
// version goVersion ("" for the toolchain's) and returns it with its
// builder.
func load(t *testing.T, goVersion string, srcs map[string]string) *testPkg {
	t.Helper()
	fset := token.NewFileSet()
	var names []string
	for name := range srcs {
		names = append(names, name)
	}
	slices.Sort(names)
	var files []*ast.File
	for _, name := range names {
		f, err := parser.ParseFile(fset, name, srcs[name], parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := &types.Config{Importer: importer.ForCompiler(fset, "source", nil), GoVersion: goVersion}
	pkg, info, err := ssautil.BuildPackage(conf, fset, types.NewPackage("p", "p"), files, ssa.BuilderMode(0))
	if err != nil {
		t.Fatal(err)
	}
	var funcs []*ssa.Function
	for fn := range ssautil.AllFunctions(pkg.Prog) {
		if fn.Pkg == pkg && len(fn.Blocks) > 0 {
			funcs = append(funcs, fn)
		}
	}
	slices.SortFunc(funcs, func(a, b *ssa.Function) int { return strings.Compare(a.String(), b.String()) })
	pass := &analysis.Pass{
		Fset:       fset,
		Files:      files,
		Pkg:        pkg.Pkg,
		TypesInfo:  info,
		TypesSizes: types.SizesFor("gc", "amd64"),
		ReadFile: func(name string) ([]byte, error) {
			if src, ok := srcs[name]; ok {
				return []byte(src), nil
			}
			return nil, os.ErrNotExist
		},
	}
	return &testPkg{t: t, pass: pass, srcs: srcs, build: fix.New(pass, syntax.NewFiles(files), funcs)}
}

// access returns the access to the location that the expression at
// the first occurrence of marker in file denotes: the largest selector
// starting there (or the identifier), at the position the SSA form
// gives a load or store of it, that of the selected name; or, with
// elem, its element that the index expression after it selects, at
// the left bracket.
func (p *testPkg) access(file, marker string, elem, write, update bool) fix.Access {
	p.t.Helper()
	off := strings.Index(p.srcs[file], marker)
	if off < 0 {
		p.t.Fatalf("no %q in %s", marker, file)
	}
	var pos token.Pos
	for _, f := range p.pass.Files {
		if tf := p.pass.Fset.File(f.FileStart); tf.Name() == file {
			pos = tf.Pos(off)
		}
	}
	path, _ := pathTo(p.pass.Files, pos)
	var id *ast.Ident
	var index *ast.IndexExpr
	for _, n := range path {
		if n.Pos() != pos {
			break
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			id = n.Sel
		case *ast.Ident:
			id = n
		case *ast.IndexExpr:
			index = n
		}
	}
	v, ok := p.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		p.t.Fatalf("no variable at %q in %s", marker, file)
	}
	a := fix.Access{Pos: id.Pos(), Var: v.Origin(), Elem: elem, Write: write, Update: update}
	if elem && index != nil {
		a.Pos = index.Lbrack
	}
	return a
}

// pathTo returns the nodes of files that enclose pos, innermost first.
func pathTo(files []*ast.File, pos token.Pos) ([]ast.Node, bool) {
	var path []ast.Node
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil || pos < n.Pos() || pos >= n.End() {
				return false
			}
			path = append([]ast.Node{n}, path...)
			return true
		})
	}
	return path, len(path) > 0
}

// apply returns the source of file with the edits that fall in it.
func (p *testPkg) apply(file string, edits []analysis.TextEdit) string {
	p.t.Helper()
	src := p.srcs[file]
	var tf *token.File
	for _, f := range p.pass.Files {
		if x := p.pass.Fset.File(f.FileStart); x.Name() == file {
			tf = x
		}
	}
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	var out strings.Builder
	at := 0
	for _, e := range edits {
		if p.pass.Fset.File(e.Pos) != tf {
			continue
		}
		start, end := tf.Offset(e.Pos), tf.Offset(e.End)
		if start < at {
			p.t.Fatalf("overlapping edits in %s at offset %d", file, start)
		}
		out.WriteString(src[at:start])
		out.Write(e.NewText)
		at = end
	}
	out.WriteString(src[at:])
	return out.String()
}

// changed returns the lines of src that differ from those of orig, each
// trimmed, so that a case names only what its fix changed.
func changed(orig, src string) string {
	a, b := strings.Split(orig, "\n"), strings.Split(src, "\n")
	var out []string
	for _, line := range b {
		if !slices.Contains(a, line) {
			out = append(out, strings.TrimSpace(line))
		}
	}
	return strings.Join(out, "\n")
}

// TestInnermostScope checks the scope that lookups start from against
// go/types' own Scope.Innermost, at every identifier of a file with
// nested functions, literals, blocks and statements that open scopes.
func TestInnermostScope(t *testing.T) {
	src := `package p

import "sync/atomic"

type T struct{ n int32 }

func f(x *T, c chan int) int32 {
	atomic.AddInt32(&x.n, 1)
	if y := x.n; y > 0 {
		for i := 0; i < 2; i++ {
			switch z := i; z {
			case 1:
				g := func(w int32) int32 { return w + x.n }
				return g(y)
			}
		}
	}
	select {
	case v := <-c:
		return int32(v) + x.n
	default:
	}
	return x.n
}
`
	p := load(t, "", map[string]string{"p.go": src})
	file := p.pass.Files[0]
	checked := 0
	ast.Inspect(file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		want := p.pass.TypesInfo.Scopes[file].Innermost(id.Pos())
		if got := fix.InnermostForTest(p.build, file, id.Pos()); got != want {
			t.Errorf("%s: innermost scope %v, want %v", p.pass.Fset.Position(id.Pos()), got, want)
		}
		checked++
		return true
	})
	if checked < 40 {
		t.Errorf("checked only %d identifiers", checked)
	}
}
