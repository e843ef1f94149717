// Package syntax finds the syntax of a package at a position: the file
// that holds it, and the innermost statement around it. The pass and
// its fixes ask this for every access they report or rewrite, so each
// answer descends only into what holds the position.
package syntax

import (
	"cmp"
	"go/ast"
	"go/token"
	"slices"
	"sort"
)

// Files indexes a package's files by position.
type Files struct {
	sorted []*ast.File
}

// NewFiles returns the index of files.
func NewFiles(files []*ast.File) *Files {
	sorted := slices.Clone(files)
	slices.SortFunc(sorted, func(a, b *ast.File) int { return cmp.Compare(a.FileStart, b.FileStart) })
	return &Files{sorted: sorted}
}

// Sorted returns the files in position order.
func (fs *Files) Sorted() []*ast.File { return fs.sorted }

// Of returns the file that holds pos, or nil. A search among the
// package's files is cheaper than the file set's, which holds every
// file the driver loaded.
func (fs *Files) Of(pos token.Pos) *ast.File {
	i, found := slices.BinarySearchFunc(fs.sorted, pos, func(f *ast.File, pos token.Pos) int { return cmp.Compare(f.FileStart, pos) })
	if !found {
		i--
	}
	if i < 0 || pos > fs.sorted[i].FileEnd {
		return nil
	}
	return fs.sorted[i]
}

// SameStatement reports whether the positions x and y lie in the same
// innermost statement of one file.
func (fs *Files) SameStatement(x, y token.Pos) bool {
	file := fs.Of(x)
	if file == nil || file != fs.Of(y) {
		return false
	}
	return InnermostStmt(file, x) == InnermostStmt(file, y)
}

// Path returns the nodes of file that enclose pos, innermost first and
// the file last, as astutil.PathEnclosingInterval(file, pos, pos) does
// for a position at the start of a token; it descends only into the
// declaration that holds pos, and the nodes on the way, rather than
// listing and sorting the children of each, the file's declarations
// first.
func Path(file *ast.File, pos token.Pos) []ast.Node {
	path := []ast.Node{file}
	if file.Name != nil && file.Name.Pos() <= pos && pos < file.Name.End() {
		return []ast.Node{file.Name, file}
	}
	i := sort.Search(len(file.Decls), func(i int) bool { return pos < file.Decls[i].End() })
	if i < len(file.Decls) && file.Decls[i].Pos() <= pos {
		fd, _ := file.Decls[i].(*ast.FuncDecl)
		ast.Inspect(file.Decls[i], func(n ast.Node) bool {
			if n == nil || pos < n.Pos() || pos >= n.End() {
				return false
			}
			if fd != nil && n == ast.Node(fd.Type) {
				// A declaration's signature spans its name and receiver,
				// and the path builder has it only around its lists of
				// parameters and results.
				if !inAny(pos, fd.Type.TypeParams, fd.Type.Params, fd.Type.Results) {
					return true
				}
			}
			path = append(path, n)
			return true
		})
	}
	slices.Reverse(path)
	return path
}

// inAny reports whether pos lies in one of lists.
func inAny(pos token.Pos, lists ...*ast.FieldList) bool {
	for _, l := range lists {
		if l != nil && l.Pos() <= pos && pos < l.End() {
			return true
		}
	}
	return false
}

// InnermostStmt returns the innermost statement of file that contains
// pos, or nil. It answers as the first statement of
// astutil.PathEnclosingInterval(file, pos, pos) would, but descends only
// into the declaration and the nodes that hold pos: the path builder
// lists and sorts the children of every node on the way, the file's
// declarations first.
func InnermostStmt(file *ast.File, pos token.Pos) ast.Stmt {
	// The first declaration that ends after pos is the only one that
	// can hold it.
	i := sort.Search(len(file.Decls), func(i int) bool { return pos < file.Decls[i].End() })
	if i == len(file.Decls) {
		return nil
	}
	var inner ast.Stmt
	ast.Inspect(file.Decls[i], func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		if s, ok := n.(ast.Stmt); ok {
			inner = s
		}
		return true
	})
	return inner
}
