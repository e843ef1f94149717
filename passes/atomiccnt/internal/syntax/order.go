package syntax

import (
	"cmp"
	"fmt"
	"go/token"
	"path/filepath"
)

// An Order is a position in a form that sorts the same in every run.
type Order struct {
	file   string
	offset int
}

// OrderOf returns pos in the form of an Order.
func OrderOf(fset *token.FileSet, pos token.Pos) Order {
	if tf := fset.File(pos); tf != nil {
		return Order{tf.Name(), tf.Offset(pos)}
	}
	return Order{}
}

// Compare orders a and b by file name, then by offset.
func (a Order) Compare(b Order) int {
	return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.offset, b.offset))
}

// FileLine renders pos as a fact position, "file.go:line".
func FileLine(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}
