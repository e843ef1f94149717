package atomiccnt

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
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

func innermostStmt(file *ast.File, pos token.Pos) ast.Stmt {
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for _, n := range path {
		if s, ok := n.(ast.Stmt); ok {
			return s
		}
	}
	return nil
}
