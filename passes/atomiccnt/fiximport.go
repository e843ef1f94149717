package atomiccnt

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// This file decides which atomic package a fix may call in a given
// file, and under which name, adding the import when there is none.

// An apiPkg is the atomic package that fixes in one file call.
type apiPkg struct {
	path string
	// pkg is the package's type information, or nil when the
	// analysed package does not depend on it at all (then only the
	// built-in knowledge of sync/atomic vouches for a function).
	pkg *types.Package
	// name qualifies the package's members in the file.
	name string
	// imports are the edits that add the import, if the file lacks it.
	imports []analysis.TextEdit
	// goVersion is the file's language version ("go1.22"), or "" if
	// unknown; it decides whether functions added to sync/atomic after
	// that version may be called.
	goVersion string
}

// runtimeFamily reports whether p is one of the runtime's own atomic
// packages, whose functions differ from sync/atomic's in names and in
// their delta types.
func (p *apiPkg) runtimeFamily() bool { return p.path != syncAtomic }

// qualified returns the package-qualified spelling of member name.
func (p *apiPkg) qualified(name string) string { return p.name + "." + name }

// atomicPkgFor returns the atomic package for fixes in file at pos:
// the runtime's when the file imports it, else sync/atomic, imported
// under a free name when the file does not import it yet. It returns
// a reason instead when no name can refer to it at pos.
func (c *checker) atomicPkgFor(file *ast.File, pos token.Pos) (*apiPkg, string) {
	// Prefer what the file already uses: a runtime file calls the
	// runtime's atomics, never sync/atomic.
	for _, path := range []string{runtimeAtomic, runtimeAtomicOld, syncAtomic} {
		name, pkg, found, why := c.importedAs(file, path, pos)
		if why != "" {
			return nil, why
		}
		if found {
			return &apiPkg{path: path, pkg: pkg, name: name, goVersion: c.fileVersion(file)}, ""
		}
	}
	name, edits, why := c.addImport(file, syncAtomic, "atomic", pos)
	if why != "" {
		return nil, why
	}
	return &apiPkg{path: syncAtomic, pkg: c.findPackage(syncAtomic), name: name, imports: edits, goVersion: c.fileVersion(file)}, ""
}

// importedAs reports whether file imports path, and if so the name that
// refers to it at pos. A blank or dot import, or a local declaration
// that shadows the name at pos, leaves no usable name: the reason says so.
func (c *checker) importedAs(file *ast.File, path string, pos token.Pos) (name string, pkg *types.Package, found bool, why string) {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != path {
			continue
		}
		pkgName := c.pass.TypesInfo.PkgNameOf(spec)
		if pkgName == nil {
			return "", nil, false, "the import of " + path + " is ill-typed"
		}
		if spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".") {
			// A blank or dot import: adding a second import of the
			// same path under another name would work, but is a
			// surprising edit for an unusual file.
			return "", nil, false, fmt.Sprintf("the file imports %s as %s", path, spec.Name.Name)
		}
		if obj := c.lookupAt(file, pkgName.Name(), pos); obj != pkgName {
			return "", nil, false, fmt.Sprintf("%s is shadowed here", pkgName.Name())
		}
		return pkgName.Name(), pkgName.Imported(), true, ""
	}
	return "", nil, false, ""
}

// lookupAt returns the object that name refers to at pos in file.
func (c *checker) lookupAt(file *ast.File, name string, pos token.Pos) types.Object {
	scope := c.pass.TypesInfo.Scopes[file]
	if scope == nil {
		return nil
	}
	if inner := scope.Innermost(pos); inner != nil {
		scope = inner
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
}

// importName returns the name under which file refers to path at pos,
// with the edits that import it when the file does not yet.
func (c *checker) importName(file *ast.File, path, want string, pos token.Pos) (string, []analysis.TextEdit, string) {
	name, _, found, why := c.importedAs(file, path, pos)
	if why != "" || found {
		return name, nil, why
	}
	return c.addImport(file, path, want, pos)
}

// addImport returns the edits that import path into file under the
// name want, or, if want already means something at pos or elsewhere
// in the file, under a derived name that does not.
func (c *checker) addImport(file *ast.File, path, want string, pos token.Pos) (string, []analysis.TextEdit, string) {
	name := want
	for i := 2; c.nameTaken(file, name, pos); i++ {
		if i > 9 {
			return "", nil, "no free name to import " + path
		}
		name = fmt.Sprintf("%s%d", want, i)
	}
	spec := strconv.Quote(path)
	if name != lastElem(path) {
		spec = name + " " + spec
	}
	// Insert after the last import declaration, or after the package
	// clause. The text is the same for every fix in the file, so the
	// driver merges the copies into one import.
	var decl *ast.GenDecl
	for _, d := range file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			decl = g
		}
	}
	var edit analysis.TextEdit
	switch {
	case decl == nil:
		edit = analysis.TextEdit{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport " + spec)}
	case decl.Rparen.IsValid():
		edit = analysis.TextEdit{Pos: decl.Rparen, End: decl.Rparen, NewText: []byte("\t" + spec + "\n")}
	default:
		edit = analysis.TextEdit{Pos: decl.End(), End: decl.End(), NewText: []byte("\nimport " + spec)}
	}
	return name, []analysis.TextEdit{edit}, ""
}

// nameTaken reports whether a new file-level import called name would
// clash with a declaration in the package or file, or be shadowed at pos.
func (c *checker) nameTaken(file *ast.File, name string, pos token.Pos) bool {
	if c.pass.Pkg.Scope().Lookup(name) != nil {
		return true
	}
	for _, spec := range file.Imports {
		if obj := c.pass.TypesInfo.PkgNameOf(spec); obj != nil && obj.Name() == name {
			return true
		}
	}
	obj := c.lookupAt(file, name, pos)
	return obj != nil && obj.Parent() != types.Universe
}

func lastElem(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[i+1:]
		}
	}
	return path
}

// findPackage returns the type information of the package path among
// the analysed package's dependencies, or nil.
func (c *checker) findPackage(path string) *types.Package {
	seen := make(map[*types.Package]bool)
	queue := []*types.Package{c.pass.Pkg}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if p.Path() == path {
			return p
		}
		for _, imp := range p.Imports() {
			if !seen[imp] {
				seen[imp] = true
				queue = append(queue, imp)
			}
		}
	}
	return nil
}

// fileVersion returns the Go language version of file, or "" if the
// driver did not say.
func (c *checker) fileVersion(file *ast.File) string {
	if v := c.pass.TypesInfo.FileVersions[file]; v != "" {
		return v
	}
	return c.pass.Pkg.GoVersion()
}

// atLeast reports whether the language version v, possibly unknown
// (""), permits a feature introduced in min. An unknown version is
// taken to be the toolchain's, which has everything the analyzer knows.
func atLeast(v, min string) bool {
	return v == "" || version.Compare(v, min) >= 0
}
