package fix

import (
	"go/ast"
	"go/token"
	"go/types"
)

// InnermostForTest exposes innermost to the package's external tests.
func InnermostForTest(b *Builder, file *ast.File, pos token.Pos) *types.Scope {
	return b.innermost(file, pos)
}
