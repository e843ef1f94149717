package atomicapi

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAPITable checks the table against the atomic packages of the
// installed Go: every exported function whose first parameter is an
// address must be in the table with the right value type and operation,
// and every table entry must exist there (but for historical names).
//
// It parses every file of the package, whatever its build tags, so the
// functions of all architectures are seen, not only the host's.
func TestAPITable(t *testing.T) {
	for _, tc := range []struct {
		path    string
		entries []entry
	}{
		{SyncAtomic, syncAtomicFuncs},
		{RuntimeAtomic, runtimeAtomicFuncs},
	} {
		t.Run(tc.path, func(t *testing.T) {
			real := addressFuncs(t, tc.path)
			if len(real) < 20 {
				t.Fatalf("found only %d address-taking functions in %s; is GOROOT complete?", len(real), tc.path)
			}
			for name, param := range real {
				f := Lookup(tc.path, name)
				if f == nil {
					t.Errorf("%s.%s(%s ...) is missing from the table", tc.path, name, param)
					continue
				}
				if want := describeParam(f); want != param {
					t.Errorf("%s.%s: table says first parameter %s, the source says %s", tc.path, name, want, param)
				}
				if want := opFromName(name); want != f.op {
					t.Errorf("%s.%s: table says op %v, the name says %v", tc.path, name, f.op, want)
				}
			}
			for _, e := range tc.entries {
				if _, ok := real[e.name]; !ok && !historicalFuncs[e.name] {
					t.Errorf("table entry %s.%s does not exist in the installed Go", tc.path, e.name)
				}
			}
		})
	}
}

// historicalFuncs names the table entries that the installed Go is
// not expected to have.
var historicalFuncs = map[string]bool{"Storep1": true}

// addressFuncs returns the exported functions of the package at path
// whose first parameter is a pointer or unsafe.Pointer, mapped to that
// parameter's type as written.
func addressFuncs(t *testing.T, path string) map[string]string {
	t.Helper()
	// Build.Import with FindOnly locates the directory even for internal
	// packages that no user package may import.
	bp, err := build.Import(path, "", build.FindOnly)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(bp.Dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	funcs := make(map[string]string)
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() || fd.Type.Params.NumFields() == 0 {
				continue
			}
			param := types.ExprString(fd.Type.Params.List[0].Type)
			if strings.HasPrefix(param, "*") || param == "unsafe.Pointer" {
				funcs[fd.Name.Name] = param
			}
		}
	}
	return funcs
}

// describeParam renders the address parameter the table implies.
func describeParam(f *Func) string {
	if f.unsafeAddr {
		return "unsafe.Pointer"
	}
	if f.elem == types.UnsafePointer {
		return "*unsafe.Pointer"
	}
	return "*" + types.Typ[f.elem].Name()
}

// opFromName derives the operation from the naming conventions of both
// APIs, independently of the table.
func opFromName(name string) Op {
	prefixes := []struct {
		prefix string
		op     Op
	}{
		{"CompareAndSwap", CAS}, {"Cas", CAS},
		{"Load", Load}, {"Store", Store},
		{"Add", Add}, {"Xadd", Add},
		{"And", And}, {"Or", Or},
		{"Swap", Swap}, {"Xchg", Swap},
	}
	for _, p := range prefixes {
		if strings.HasPrefix(name, p.prefix) {
			return p.op
		}
	}
	return 0
}

func TestAPIPathsShareNames(t *testing.T) {
	var oldNames, newNames []string
	for key, f := range table {
		switch f.path {
		case RuntimeAtomicOld:
			oldNames = append(oldNames, strings.TrimPrefix(key, RuntimeAtomicOld+"."))
		case RuntimeAtomic:
			newNames = append(newNames, strings.TrimPrefix(key, RuntimeAtomic+"."))
		}
	}
	slices.Sort(oldNames)
	slices.Sort(newNames)
	if !slices.Equal(oldNames, newNames) {
		t.Errorf("the two runtime atomic paths differ:\n%v\n%v", oldNames, newNames)
	}
}
