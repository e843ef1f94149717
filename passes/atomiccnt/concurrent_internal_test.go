package atomiccnt

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestGCEntryPoints checks the garbage collector's entry points against
// the installed Go's runtime: each must be a function with a body there,
// but for the names the table marks as old. A name missing from another
// Go version finds nothing, which the runtime-shaped test packages,
// declaring only a few of the names, exercise.
func TestGCEntryPoints(t *testing.T) {
	bp, err := build.Import("runtime", "", build.FindOnly)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(bp.Dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	funcs := make(map[string]bool)
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Body != nil {
				funcs[fd.Name.Name] = true
			}
		}
	}
	if len(funcs) < 1000 {
		t.Fatalf("found only %d functions in %s; is GOROOT complete?", len(funcs), bp.Dir)
	}
	for _, e := range gcEntryPoints {
		if e.pkg != "runtime" {
			t.Errorf("entry point %s.%s: only the runtime's are checked", e.pkg, e.name)
			continue
		}
		if funcs[e.name] == e.old {
			if e.old {
				t.Errorf("runtime.%s is marked old but exists in the installed Go", e.name)
			} else {
				t.Errorf("runtime.%s does not exist in the installed Go", e.name)
			}
		}
	}
}
