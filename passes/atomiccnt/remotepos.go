package atomiccnt

import (
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Facts name a site in another package as "file.go:line", so that they
// do not depend on where the module lives (see factPos). A report whose
// conflicting access is such a site still deserves a location that an
// editor or code scanning can link to: remotePositions finds the site's
// file among those the driver loaded, source or export data, and the
// line in it.

// remotePositions maps the sites of other packages to positions of the
// pass's file set, building its indexes on first use.
type remotePositions struct {
	fset *token.FileSet
	pkg  *types.Package
	// files indexes the file set's files by name; dirs gives each
	// dependency's directories, those of the files that declare its
	// package-level objects, by import path.
	files map[string]*token.File
	dirs  map[string][]string
}

// pos returns the position of line line of the file named base in the
// package with path pkgPath, or token.NoPos if no file of the file set
// is that one or it has fewer lines (export data records only the lines
// that declarations start on).
func (rp *remotePositions) pos(pkgPath, base string, line int) token.Pos {
	if rp.files == nil {
		rp.index()
	}
	for _, dir := range rp.dirs[pkgPath] {
		f := rp.files[filepath.Join(dir, base)]
		if f != nil && line >= 1 && line <= f.LineCount() {
			return f.LineStart(line)
		}
	}
	return token.NoPos
}

// sitePos returns the position of the site "file.go:line" of pkgPath.
func (rp *remotePositions) sitePos(pkgPath, site string) token.Pos {
	base, line, ok := strings.Cut(site, ":")
	if !ok {
		return token.NoPos
	}
	n, err := strconv.Atoi(line)
	if err != nil {
		return token.NoPos
	}
	return rp.pos(pkgPath, base, n)
}

func (rp *remotePositions) index() {
	rp.files = make(map[string]*token.File)
	rp.fset.Iterate(func(f *token.File) bool {
		rp.files[f.Name()] = f
		return true
	})
	rp.dirs = make(map[string][]string)
	seen := make(map[*types.Package]bool)
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		in := make(map[string]bool)
		scope := p.Scope()
		for _, name := range scope.Names() {
			f := rp.fset.File(scope.Lookup(name).Pos())
			if f == nil {
				continue
			}
			if dir := filepath.Dir(f.Name()); !in[dir] {
				in[dir] = true
				rp.dirs[p.Path()] = append(rp.dirs[p.Path()], dir)
			}
		}
		for _, q := range p.Imports() {
			visit(q)
		}
	}
	visit(rp.pkg)
}

// related returns related information that locates the site r, with
// message, if the file set has its line.
func (imp *importedFacts) related(r remoteSite, message string) []analysis.RelatedInformation {
	if imp.positions == nil {
		imp.positions = &remotePositions{fset: imp.pass.Fset, pkg: imp.pass.Pkg}
	}
	pos := imp.positions.sitePos(r.pkg, r.site.Pos)
	if !pos.IsValid() {
		return nil
	}
	return []analysis.RelatedInformation{{Pos: pos, Message: message}}
}
