package atomiccnt

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/ast/astutil"
)

// TestInnermostStmt checks innermostStmt against the path that
// astutil.PathEnclosingInterval gives, at the start and the end of
// every token of this package's own files: real code, with function
// literals, switches, selects and labels.
func TestInnermostStmt(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no source files: %v", err)
	}
	checked := 0
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		tf := fset.File(file.Pos())
		var s scanner.Scanner
		s.Init(tf, src, nil, scanner.ScanComments)
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			end := pos + token.Pos(len(tok.String()))
			if lit != "" {
				end = pos + token.Pos(len(lit))
			}
			for _, p := range []token.Pos{pos, end} {
				if int(p) > tf.Base()+tf.Size() {
					continue
				}
				want := firstStmt(file, p)
				if got := innermostStmt(file, p); got != want {
					t.Errorf("%s: innermostStmt = %s, PathEnclosingInterval gives %s", fset.Position(p), describe(fset, got), describe(fset, want))
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked only %d positions", checked)
	}
}

func firstStmt(file *ast.File, pos token.Pos) ast.Stmt {
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for _, n := range path {
		if s, ok := n.(ast.Stmt); ok {
			return s
		}
	}
	return nil
}

func describe(fset *token.FileSet, s ast.Stmt) string {
	if s == nil {
		return "none"
	}
	return fset.Position(s.Pos()).String()
}
