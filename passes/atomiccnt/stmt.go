package atomiccnt

import (
	"go/ast"
	"go/token"
	"sort"
)

// sameStatement reports whether the positions x and y lie in the same
// innermost statement. A load and a store of the same address form one
// read-modify-write only then: v := x.f; x.f = v + 1 is two accesses,
// and an atomic fix must keep them two.
func (c *checker) sameStatement(x, y token.Pos) bool {
	file := c.fileOf(x)
	if file == nil || file != c.fileOf(y) {
		return false
	}
	return innermostStmt(file, x) == innermostStmt(file, y)
}

// innermostStmt returns the innermost statement of file that contains
// pos, or nil. It answers as the first statement of
// astutil.PathEnclosingInterval(file, pos, pos) would, but descends only
// into the declaration and the nodes that hold pos: the path builder
// lists and sorts the children of every node on the way, the file's
// declarations first, and this is called for every read-modify-write.
func innermostStmt(file *ast.File, pos token.Pos) ast.Stmt {
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
