package fix

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/types/typeutil"
)

// The type fix rewrites every use of a location, so it must find them
// all without walking every declaration of the package for every
// location it migrates. A useIndex, built by one pass over the
// package's uses, tells it where to look.

// A useIndex records where the package names each variable and import,
// and where its unkeyed composite literals are.
type useIndex struct {
	// mentions holds the positions at which each variable or field is
	// named, in position order.
	mentions map[*types.Var][]token.Pos
	// unkeyed holds the positions of the package's unkeyed composite
	// literals, which set every field of their type, by type, in
	// position order.
	unkeyed typeutil.Map // types.Type to []token.Pos
	// pkgRefs counts the references to each import name, by file.
	pkgRefs map[*types.PkgName]map[*ast.File]int
}

// useIndex returns the package's index, building it on first use.
func (b *Builder) useIndex() *useIndex {
	if b.uses != nil {
		return b.uses
	}
	ix := &useIndex{
		mentions: make(map[*types.Var][]token.Pos),
		pkgRefs:  make(map[*types.PkgName]map[*ast.File]int),
	}
	info := b.pass.TypesInfo
	for id, obj := range info.Uses {
		switch obj := obj.(type) {
		case *types.Var:
			ix.mentions[obj] = append(ix.mentions[obj], id.Pos())
		case *types.PkgName:
			if ix.pkgRefs[obj] == nil {
				ix.pkgRefs[obj] = make(map[*ast.File]int)
			}
			ix.pkgRefs[obj][b.files.Of(id.Pos())]++
		}
	}
	for _, pos := range ix.mentions {
		slices.Sort(pos)
	}
	for _, f := range b.files.Sorted() {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.CompositeLit); ok && len(lit.Elts) > 0 {
				if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed {
					if t := info.TypeOf(lit); t != nil {
						pos, _ := ix.unkeyed.At(t).([]token.Pos)
						ix.unkeyed.Set(t, append(pos, lit.Pos()))
					}
				}
			}
			return true
		})
	}
	b.uses = ix
	return ix
}

// marks returns the positions, in order, of the uses that the type fix
// must rewrite or refuse in the source from from to to: the uses of v,
// and the unkeyed literals of container.
func (b *Builder) marks(from, to token.Pos, v *types.Var, container types.Type) []token.Pos {
	ix := b.useIndex()
	var marks []token.Pos
	within := func(pos []token.Pos) {
		i, _ := slices.BinarySearch(pos, from)
		for ; i < len(pos) && pos[i] < to; i++ {
			marks = append(marks, pos[i])
		}
	}
	within(ix.mentions[v])
	if container != nil {
		lits, _ := ix.unkeyed.At(container).([]token.Pos)
		within(lits)
	}
	slices.Sort(marks)
	return marks
}

// declsUsing returns the declarations of file, in order, that hold a
// use the type fix must rewrite or refuse (see marks): found from the
// uses' positions, rather than by asking of every declaration.
func (b *Builder) declsUsing(file *ast.File, v *types.Var, container types.Type) []ast.Decl {
	var decls []ast.Decl
	last := -1
	for _, pos := range b.marks(file.FileStart, file.FileEnd, v, container) {
		i := sort.Search(len(file.Decls), func(i int) bool { return pos < file.Decls[i].End() })
		if i < len(file.Decls) && file.Decls[i].Pos() <= pos && i != last {
			decls = append(decls, file.Decls[i])
			last = i
		}
	}
	return decls
}
