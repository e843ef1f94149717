package fix

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
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
	// unkeyed holds the package's unkeyed composite literals, which set
	// every field of their type, in position order.
	unkeyed []unkeyedLit
	// pkgRefs counts the references to each import name, by file.
	pkgRefs map[*types.PkgName]map[*ast.File]int
}

// An unkeyedLit is an unkeyed composite literal.
type unkeyedLit struct {
	pos token.Pos
	typ types.Type
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
	for _, f := range b.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.CompositeLit); ok && len(lit.Elts) > 0 {
				if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed {
					ix.unkeyed = append(ix.unkeyed, unkeyedLit{lit.Pos(), info.TypeOf(lit)})
				}
			}
			return true
		})
	}
	slices.SortFunc(ix.unkeyed, func(a, b unkeyedLit) int { return cmp.Compare(a.pos, b.pos) })
	b.uses = ix
	return ix
}

// mayUse reports whether the source between from and to can hold a use
// that the type fix must rewrite or refuse: a use of v, or an unkeyed
// literal of container.
func (b *Builder) mayUse(from, to token.Pos, v *types.Var, container types.Type) bool {
	ix := b.useIndex()
	pos := ix.mentions[v]
	if i, _ := slices.BinarySearch(pos, from); i < len(pos) && pos[i] < to {
		return true
	}
	if container != nil {
		i, _ := slices.BinarySearchFunc(ix.unkeyed, from, func(l unkeyedLit, pos token.Pos) int { return cmp.Compare(l.pos, pos) })
		for ; i < len(ix.unkeyed) && ix.unkeyed[i].pos < to; i++ {
			if t := ix.unkeyed[i].typ; t != nil && types.Identical(t, container) {
				return true
			}
		}
	}
	return false
}
