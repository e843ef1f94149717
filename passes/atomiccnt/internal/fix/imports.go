package fix

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
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
	// spec is the import spec to add, if the file lacks the import.
	spec string
	// goVersion is the file's language version ("go1.22"), or "" if
	// unknown; it decides whether functions added to sync/atomic after
	// that version may be called.
	goVersion string
	// qualifier names types in reasons, relative to the analysed package.
	qualifier types.Qualifier
}

// runtimeFamily reports whether p is one of the runtime's own atomic
// packages, whose functions differ from sync/atomic's in names and in
// their delta types.
func (p *apiPkg) runtimeFamily() bool { return p.path != atomicapi.SyncAtomic }

// qualified returns the package-qualified spelling of member name.
func (p *apiPkg) qualified(name string) string { return p.name + "." + name }

// atomicPkgFor returns the atomic package for fixes in file at pos,
// or the reason there is none. It is the first that applies of:
//   - the one the file imports, the runtime's before sync/atomic;
//   - one that another file of the package imports;
//   - in the runtime and the packages under it, which must not import
//     sync/atomic, the runtime's own among the dependencies;
//   - sync/atomic.
//
// A package not imported yet is imported under a name that is free.
func (b *Builder) atomicPkgFor(file *ast.File, pos token.Pos) (*apiPkg, string) {
	paths := []string{atomicapi.RuntimeAtomic, atomicapi.RuntimeAtomicOld, atomicapi.SyncAtomic}
	for _, path := range paths {
		name, pkg, found, why := b.importedAs(file, path, pos)
		if why != "" {
			return nil, why
		}
		if found {
			return &apiPkg{path: path, pkg: pkg, name: name, goVersion: b.fileVersion(file), qualifier: types.RelativeTo(b.pass.Pkg)}, ""
		}
	}
	chosen := ""
	for _, path := range paths {
		if chosen == "" && b.packageImports(path) {
			chosen = path
		}
	}
	if chosen == "" && isRuntimeLike(b.pass.Pkg.Path()) {
		for _, path := range paths[:2] {
			if chosen == "" && b.findPackage(path) != nil {
				chosen = path
			}
		}
		if chosen == "" {
			return nil, "no runtime atomic package among the dependencies"
		}
	}
	if chosen == "" {
		chosen = atomicapi.SyncAtomic
	}
	name, spec, why := b.addImport(file, chosen, "atomic", pos)
	if why != "" {
		return nil, why
	}
	return &apiPkg{path: chosen, pkg: b.findPackage(chosen), name: name, spec: spec, goVersion: b.fileVersion(file), qualifier: types.RelativeTo(b.pass.Pkg)}, ""
}

// packageImports reports whether some file of the package imports path.
func (b *Builder) packageImports(path string) bool {
	if b.imported == nil {
		b.imported = make(map[string]bool)
		for _, f := range b.pass.Files {
			for _, spec := range f.Imports {
				if p, err := strconv.Unquote(spec.Path.Value); err == nil {
					b.imported[p] = true
				}
			}
		}
	}
	return b.imported[path]
}

// isRuntimeLike reports whether the package at path belongs to the
// runtime, which implements sync/atomic and so cannot import it.
func isRuntimeLike(path string) bool {
	return path == "runtime" || strings.HasPrefix(path, "runtime/") || strings.HasPrefix(path, "internal/runtime/")
}

// importedAs reports whether file imports path, and if so the name that
// refers to it at pos. A blank or dot import, or a local declaration
// that shadows the name at pos, leaves no usable name: the reason says so.
func (b *Builder) importedAs(file *ast.File, path string, pos token.Pos) (name string, pkg *types.Package, found bool, why string) {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != path {
			continue
		}
		pkgName := b.pass.TypesInfo.PkgNameOf(spec)
		if pkgName == nil {
			return "", nil, false, "the import of " + path + " is ill-typed"
		}
		if spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".") {
			// A blank or dot import: adding a second import of the
			// same path under another name would work, but is a
			// surprising edit for an unusual file.
			return "", nil, false, fmt.Sprintf("the file imports %s as %s", path, spec.Name.Name)
		}
		if obj := b.lookupAt(file, pkgName.Name(), pos); obj != pkgName {
			return "", nil, false, fmt.Sprintf("%s is shadowed here", pkgName.Name())
		}
		return pkgName.Name(), pkgName.Imported(), true, ""
	}
	return "", nil, false, ""
}

// lookupAt returns the object that name refers to at pos in file.
func (b *Builder) lookupAt(file *ast.File, name string, pos token.Pos) types.Object {
	scope := b.innermost(file, pos)
	if scope == nil {
		return nil
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
}

// innermost returns the innermost scope of file that contains pos, as
// Scope.Innermost does; it finds it among the nodes that enclose pos,
// where Innermost searches the children of each scope in turn, the file
// scope's one for each function first.
func (b *Builder) innermost(file *ast.File, pos token.Pos) *types.Scope {
	scopes := b.pass.TypesInfo.Scopes
	for _, n := range syntax.Path(file, pos) {
		// A function's scope, which holds its body, is its type's.
		switch f := n.(type) {
		case *ast.FuncDecl:
			n = f.Type
		case *ast.FuncLit:
			n = f.Type
		}
		if s := scopes[n]; s != nil && s.Contains(pos) {
			return s
		}
	}
	return scopes[file]
}

// importName returns the name under which file refers to path at pos,
// with the import spec to add when the file does not import it yet.
func (b *Builder) importName(file *ast.File, path, want string, pos token.Pos) (name, spec, why string) {
	name, _, found, why := b.importedAs(file, path, pos)
	if why != "" || found {
		return name, "", why
	}
	return b.addImport(file, path, want, pos)
}

// addImport returns the spec that imports path into file under the
// name want, or, if want already means something at pos or elsewhere
// in the file, under a derived name that does not.
func (b *Builder) addImport(file *ast.File, path, want string, pos token.Pos) (name, spec, why string) {
	name = want
	for i := 2; b.nameTaken(file, name, pos); i++ {
		if i > 9 {
			return "", "", "no free name to import " + path
		}
		name = fmt.Sprintf("%s%d", want, i)
	}
	spec = strconv.Quote(path)
	if name != lastElem(path) {
		spec = name + " " + spec
	}
	return name, spec, ""
}

// importEdit returns the edit that adds the import specs to file: into
// the last import declaration, which becomes parenthesised if it was
// not, or as a new declaration after the package clause. The text is
// the same for every fix in the file, so a driver that applies several
// merges the copies into one import.
func (b *Builder) importEdit(file *ast.File, specs ...string) analysis.TextEdit {
	var decl *ast.GenDecl
	// Imports come first: the scan ends at the first other declaration.
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			break
		}
		decl = g
	}
	lines := ""
	for _, spec := range specs {
		lines += "\t" + spec + "\n"
	}
	switch {
	case decl == nil:
		if len(specs) == 1 {
			return insert(file.Name.End(), "\n\nimport "+specs[0])
		}
		return insert(file.Name.End(), "\n\nimport (\n"+lines+")")
	case decl.Rparen.IsValid() && len(decl.Specs) == 0:
		return insert(decl.Rparen, lines)
	case decl.Rparen.IsValid():
		return b.insertIntoBlock(file, decl, lines)
	case isStdSpec(decl.Specs[0].(*ast.ImportSpec)):
		old := b.text(file, decl.Specs[0])
		return replace(decl.Pos(), decl.End(), "import (\n\t"+old+"\n"+lines+")")
	default:
		// The standard library's imports come first, in a group of
		// their own, as goimports writes them.
		old := b.text(file, decl.Specs[0])
		return replace(decl.Pos(), decl.End(), "import (\n"+lines+"\n\t"+old+"\n)")
	}
}

// insertIntoBlock returns the edit that adds lines, the specs of
// standard-library packages (all that fixes import), to the
// parenthesised import declaration decl: into its group of
// standard-library imports, where gofmt keeps them sorted, or as a new
// group before the others, where goimports would put it.
func (b *Builder) insertIntoBlock(file *ast.File, decl *ast.GenDecl, lines string) analysis.TextEdit {
	tf := b.pass.Fset.File(file.Pos())
	lineOf := func(pos token.Pos) int { return tf.Line(pos) }
	// start is where the line of spec (or of its doc comment) begins.
	start := func(spec *ast.ImportSpec) token.Pos {
		pos := spec.Pos()
		if spec.Doc != nil {
			pos = spec.Doc.Pos()
		}
		return tf.LineStart(lineOf(pos))
	}
	newPath := specPath(strings.TrimSpace(strings.SplitN(lines, "\n", 2)[0]))
	var group []*ast.ImportSpec
	for i, s := range decl.Specs {
		spec := s.(*ast.ImportSpec)
		if i > 0 && lineOf(start(spec))-lineOf(decl.Specs[i-1].End()) > 1 {
			if allStd(group) {
				break
			}
			group = nil
		}
		group = append(group, spec)
	}
	if !allStd(group) {
		return insert(start(decl.Specs[0].(*ast.ImportSpec)), lines+"\n")
	}
	for _, spec := range group {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil && p > newPath {
			return insert(start(spec), lines)
		}
	}
	last := group[len(group)-1]
	if next := lineOf(last.End()) + 1; next <= tf.LineCount() {
		return insert(tf.LineStart(next), lines)
	}
	return insert(decl.Rparen, lines)
}

// allStd reports whether the specs are a non-empty group of
// standard-library imports.
func allStd(specs []*ast.ImportSpec) bool {
	for _, spec := range specs {
		if !isStdSpec(spec) {
			return false
		}
	}
	return len(specs) > 0
}

// isStdSpec reports whether spec imports a package of the standard
// library, whose paths' first element has no dot.
func isStdSpec(spec *ast.ImportSpec) bool {
	p, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return false
	}
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}

// specPath returns the import path of a spec's text, as importEdit
// takes it: `"sync/atomic"` or `atomic "sync/atomic"`.
func specPath(spec string) string {
	fields := strings.Fields(spec)
	if len(fields) == 0 {
		return ""
	}
	p, _ := strconv.Unquote(fields[len(fields)-1])
	return p
}

// nameTaken reports whether a new file-level import called name would
// clash with a declaration in the package or file, or be shadowed at pos.
func (b *Builder) nameTaken(file *ast.File, name string, pos token.Pos) bool {
	if b.pass.Pkg.Scope().Lookup(name) != nil {
		return true
	}
	for _, spec := range file.Imports {
		if obj := b.pass.TypesInfo.PkgNameOf(spec); obj != nil && obj.Name() == name {
			return true
		}
	}
	obj := b.lookupAt(file, name, pos)
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
func (b *Builder) findPackage(path string) *types.Package {
	if b.deps == nil {
		b.deps = make(map[string]*types.Package)
		seen := make(map[*types.Package]bool)
		queue := []*types.Package{b.pass.Pkg}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			if _, ok := b.deps[p.Path()]; !ok {
				b.deps[p.Path()] = p
			}
			for _, imp := range p.Imports() {
				if !seen[imp] {
					seen[imp] = true
					queue = append(queue, imp)
				}
			}
		}
	}
	return b.deps[path]
}

// fileVersion returns the Go language version of file, or "" if the
// driver did not say.
func (b *Builder) fileVersion(file *ast.File) string {
	if v := b.pass.TypesInfo.FileVersions[file]; v != "" {
		return v
	}
	return b.pass.Pkg.GoVersion()
}

// atLeast reports whether the language version v, possibly unknown
// (""), permits a feature introduced in min. An unknown version is
// taken to be the toolchain's, which has everything the analyzer knows.
func atLeast(v, min string) bool {
	return v == "" || version.Compare(v, min) >= 0
}
