package locks

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// Field contracts. checklocks' annotation on a struct field,
// +checklocks:mu, says that every access to the field holds mu, a lock
// of the same struct named by a path of its fields (mu, or inner.mu),
// exclusively to write; +checkatomic beside it lets atomic reads go
// without the lock. Either way every write of the field holds mu, so an
// atomic write that the analysis sees without it (in a function whose
// callers hold the lock, which the package does not show) holds it by
// the annotation, as checklocks checks; a plain read holding mu then
// races with none of them.

// A FieldContract is the lock that a field's annotation says guards it.
type FieldContract struct {
	Lock       loc.Location
	Annotation string // +checklocks:mu
}

// FieldContracts returns the fields of the structs declared in files
// that a +checklocks annotation guards, with their locks.
func FieldContracts(info *types.Info, files []*ast.File) map[*types.Var]FieldContract {
	var out map[*types.Var]FieldContract
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			tst, ok := info.TypeOf(st).(*types.Struct)
			if !ok {
				return true
			}
			for _, field := range st.Fields.List {
				path, annotation := fieldAnnotation(field)
				if path == "" {
					continue
				}
				l, ok := fieldPath(tst, path)
				if !ok {
					continue
				}
				for _, name := range field.Names {
					if v, ok := info.Defs[name].(*types.Var); ok {
						if out == nil {
							out = make(map[*types.Var]FieldContract)
						}
						out[v] = FieldContract{Lock: l, Annotation: annotation}
					}
				}
			}
			return true
		})
	}
	return out
}

// fieldAnnotation returns the lock path of field's +checklocks
// annotation, in its doc comment or its line comment, and the
// annotation.
func fieldAnnotation(field *ast.Field) (path, annotation string) {
	for _, g := range []*ast.CommentGroup{field.Doc, field.Comment} {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			if m := checklocksAnnotation.FindStringSubmatch(text); m != nil && m[1] == "" && m[2] == "" {
				return m[3], text
			}
		}
	}
	return "", ""
}

// fieldPath resolves path, mu or inner.mu, from the fields of st to the
// lock its last field holds.
func fieldPath(st *types.Struct, path string) (loc.Location, bool) {
	var field *types.Var
	for _, name := range strings.Split(path, ".") {
		if st == nil {
			return loc.Location{}, false
		}
		field = nil
		for i := range st.NumFields() {
			if f := st.Field(i); f.Name() == name {
				field = f
			}
		}
		if field == nil {
			return loc.Location{}, false
		}
		st, _ = structOf(field.Type())
	}
	return loc.Location{Var: field}, true
}

// Hold returns s with the lock l held exclusively as well, if the
// package takes l at all; otherwise s, since no access holds it.
func (la *Analysis) Hold(s Set, l loc.Location) Set {
	i, ok := la.universe[l]
	if !ok || s.excl.has(i) {
		return s
	}
	s = s.Clone()
	s.shared.clear(i)
	s.excl.set(i)
	return s
}
