package variants

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"go/token"
	"go/types"
	"iter"
	"os"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// An inputKey identifies the input of a pass: its package's files, the
// methods its dependencies' test files declare that it could meet, and
// its dependencies' facts about what it can reach. Two variants of a package with the same key give an analysis
// the same syntax, the same types for everything the syntax can reach,
// and the same facts, so a deterministic analysis produces the same
// facts and diagnostics for both, at the same offsets in the same
// files.
//
// The variants of a package differ only in which variants of its
// dependencies they are checked against, and the variants of a
// dependency only in its test files, which add declarations: they
// cannot change the others. The package cannot name an added
// package-level declaration (it would not compile against the plain
// dependency), but an added method joins its type's method set: a
// selector may resolve to it, and an analysis that looks for a method
// of a given name in a type's method set may find it (see Share). What
// the added declarations compute is in the facts.
type inputKey [sha256.Size]byte

// inputFacts are the facts a pass can import.
type inputFacts struct {
	objects  []analysis.ObjectFact
	packages []analysis.PackageFact
}

// snapshotFacts returns the facts that pass can import. Taken when the
// pass starts, they are its dependencies' facts alone.
func snapshotFacts(pass *analysis.Pass) inputFacts {
	return inputFacts{objects: pass.AllObjectFacts(), packages: pass.AllPackageFacts()}
}

// computeKey returns the key of pass's input. It reports false if some
// part of it cannot be named, such as a file that cannot be read.
func (s *sharer) computeKey(pass *analysis.Pass, imported inputFacts) (inputKey, bool) {
	h := sha256.New()
	fmt.Fprintf(h, "package %q %q\n", pass.Pkg.Path(), pass.Pkg.GoVersion())
	if m := pass.Module; m != nil {
		fmt.Fprintf(h, "module %q %q %q\n", m.Path, m.Version, m.GoVersion)
	}
	for _, f := range pass.Files {
		digest, ok := s.fileDigest(pass.Fset.File(f.FileStart).Name())
		if !ok {
			return inputKey{}, false
		}
		h.Write(digest[:])
	}
	for _, f := range pass.OtherFiles {
		fmt.Fprintf(h, "other file %q\n", f)
	}

	reach := s.reach(pass)
	var lines []string
	// A method that a dependency's test file adds to one of its other
	// types can change what a selector resolves to...
	for _, sel := range pass.TypesInfo.Selections {
		if m := sel.Obj(); sel.Kind() != types.FieldVal && m.Pkg() != pass.Pkg && inTestFile(pass.Fset, m) {
			lines = append(lines, "selects "+s.describe(pass.Fset, m))
		}
	}
	// ...and is found by an analysis that looks for a method by name.
	if len(s.inspected) > 0 {
		for dep := range reach {
			for _, m := range s.testMethods(pass.Fset, dep) {
				if s.inspected[m.Name()] {
					lines = append(lines, "test method "+s.describe(pass.Fset, m))
				}
			}
		}
	}

	// The facts of the dependencies about what the package can reach.
	// Object facts are encoded as a driver that runs each package in
	// its own process (go vet) would encode them.
	for _, f := range imported.objects {
		// The objects that test files declare are out of reach, but
		// for the methods listed above.
		if !reach[f.Object.Pkg()] || inTestFile(pass.Fset, f.Object) {
			continue
		}
		enc, ok := s.encodeFact(f.Fact)
		if !ok {
			return inputKey{}, false
		}
		lines = append(lines, "object fact "+s.describe(pass.Fset, f.Object)+" "+enc)
	}
	reachPaths := make(map[string]bool, len(reach))
	for p := range reach {
		reachPaths[p.Path()] = true
	}
	for _, f := range imported.packages {
		if f.Package == pass.Pkg {
			continue
		}
		parts, ok := s.factParts(f.Fact)
		if !ok {
			return inputKey{}, false
		}
		for _, part := range parts {
			if part.about == "" || reachPaths[part.about] {
				lines = append(lines, "package fact "+f.Package.Path()+" "+part.text)
			}
		}
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Fprintln(h, l)
	}
	var key inputKey
	h.Sum(key[:0])
	return key, true
}

// fileDigest returns the digest of the named file's name and content,
// cached: the variants of a package share their files. The content is
// read rather than trusting the name, as cgo's generated files, say,
// live in the build cache.
func (s *sharer) fileDigest(name string) ([sha256.Size]byte, bool) {
	if d, ok := s.fileDigests.Load(name); ok {
		return d.([sha256.Size]byte), true
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return [sha256.Size]byte{}, false
	}
	h := sha256.New()
	fmt.Fprintf(h, "file %q %d\n", name, len(data))
	h.Write(data)
	var d [sha256.Size]byte
	h.Sum(d[:0])
	s.fileDigests.Store(name, d)
	return d, true
}

// A partial package fact is made of parts, each about the objects of
// one other package (as facts.Package is). Only the parts about the
// packages a pass can reach are part of its key.
type partial interface {
	Parts() iter.Seq2[string, string]
}

// A factPart is a part of a package fact: about the objects of the
// package with path about, or, if about is empty, the whole fact.
type factPart struct{ about, text string }

// factParts returns the parts of fact, cached.
func (s *sharer) factParts(fact analysis.Fact) ([]factPart, bool) {
	if parts, ok := s.partsOf.Load(fact); ok {
		return parts.([]factPart), true
	}
	var parts []factPart
	if p, ok := fact.(partial); ok {
		for about, text := range p.Parts() {
			parts = append(parts, factPart{about, "about " + about + " " + text})
		}
	} else {
		enc, ok := s.encodeFact(fact)
		if !ok {
			return nil, false
		}
		parts = []factPart{{"", enc}}
	}
	s.partsOf.Store(fact, parts)
	return parts, true
}

// reach returns the packages whose objects the pass can meet: its
// imports, and the packages that the types of their declarations
// mention, transitively. Their other dependencies it cannot see but
// through facts, nor the declarations of their test files.
func (s *sharer) reach(pass *analysis.Pass) map[*types.Package]bool {
	reach := make(map[*types.Package]bool)
	queue := slices.Clone(pass.Pkg.Imports())
	for len(queue) > 0 {
		p := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if reach[p] || p == pass.Pkg {
			continue
		}
		reach[p] = true
		queue = append(queue, s.mentions(pass.Fset, p)...)
	}
	return reach
}

// mentions returns the other packages whose named types the types of
// pkg's declarations mention (test files' apart), cached.
func (s *sharer) mentions(fset *token.FileSet, pkg *types.Package) []*types.Package {
	if ps, ok := s.mentionsOf.Load(pkg); ok {
		return ps.([]*types.Package)
	}
	found := make(map[*types.Package]bool)
	seen := make(map[types.Type]bool)
	var visit func(t types.Type)
	visitTuple := func(t *types.Tuple) {
		for v := range t.Variables() {
			visit(v.Type())
		}
	}
	visit = func(t types.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Alias:
			visit(types.Unalias(t))
		case *types.Named:
			for arg := range t.TypeArgs().Types() {
				visit(arg)
			}
			if p := t.Obj().Pkg(); p != pkg {
				if p != nil {
					found[p] = true
				}
				return // the other package's own mentions cover the rest
			}
			visit(t.Origin().Underlying())
			for m := range t.Origin().Methods() {
				if !inTestFile(fset, m) {
					visit(m.Type())
				}
			}
		case *types.Map:
			visit(t.Key())
			visit(t.Elem())
		case interface{ Elem() types.Type }: // pointer, slice, array, channel
			visit(t.Elem())
		case *types.Struct:
			for f := range t.Fields() {
				visit(f.Type())
			}
		case *types.Signature:
			visitTuple(t.Params())
			visitTuple(t.Results())
		case *types.Interface:
			for m := range t.ExplicitMethods() {
				visit(m.Type())
			}
			for e := range t.EmbeddedTypes() {
				visit(e)
			}
		case *types.Union:
			for term := range t.Terms() {
				visit(term.Type())
			}
		case *types.TypeParam:
			visit(t.Constraint())
		}
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		if obj := scope.Lookup(name); !inTestFile(fset, obj) {
			visit(obj.Type())
		}
	}
	ps := make([]*types.Package, 0, len(found))
	for p := range found {
		ps = append(ps, p)
	}
	s.mentionsOf.Store(pkg, ps)
	return ps
}

// testMethods returns the methods that pkg's test files declare on the
// types its other files declare, cached. Only a test variant, which
// compiles the test files with the package, has any.
func (s *sharer) testMethods(fset *token.FileSet, pkg *types.Package) []*types.Func {
	if ms, ok := s.testMethodsOf.Load(pkg); ok {
		return ms.([]*types.Func)
	}
	var ms []*types.Func
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || inTestFile(fset, tn) {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		for m := range named.Methods() {
			if inTestFile(fset, m) {
				ms = append(ms, m)
			}
		}
	}
	s.testMethodsOf.Store(pkg, ms)
	return ms
}

// inTestFile reports whether obj is declared in a test file.
func inTestFile(fset *token.FileSet, obj types.Object) bool {
	tf := fset.File(obj.Pos())
	return tf != nil && strings.HasSuffix(tf.Name(), "_test.go")
}

// encodeFact returns fact's type and gob encoding, as text. The
// encodings are cached: a package's facts are the same values in
// every importer.
func (s *sharer) encodeFact(fact analysis.Fact) (string, bool) {
	if enc, ok := s.factText.Load(fact); ok {
		return enc.(string), true
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
		return "", false
	}
	enc := fmt.Sprintf("%s %x", reflect.TypeOf(fact), buf.Bytes())
	s.factText.Store(fact, enc)
	return enc, true
}

// describe returns the name and type of obj, an object of another
// package, as text, cached: the importers of a package see the same
// objects.
func (s *sharer) describe(fset *token.FileSet, obj types.Object) string {
	if text, ok := s.objectText.Load(obj); ok {
		return text.(string)
	}
	var text string
	if d, ok := declPosOf(fset, obj); ok {
		// By where it is declared (see declPos). objectpath would
		// name it too, but it searches the package's types for each
		// field and method, and keying the runtime names thousands.
		text = fmt.Sprintf("%s %s:%d", d.name, d.file, d.offset)
	} else {
		text = types.ObjectString(obj, qualifyByPath) + " in " + obj.Pkg().Path()
	}
	text += " " + types.TypeString(obj.Type(), qualifyByPath)
	s.objectText.Store(obj, text)
	return text
}

func qualifyByPath(pkg *types.Package) string { return pkg.Path() }
