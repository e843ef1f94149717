package syntax

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/ast/astutil"
)

// TestInnermostStmt checks InnermostStmt, and Path at the start of
// every token but comments, against the path that
// astutil.PathEnclosingInterval gives, at the start and the end of
// every token of the pass's own files: real code, with function
// literals, switches, selects and labels.
func TestInnermostStmt(t *testing.T) {
	files, err := filepath.Glob("../../*.go")
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
				if got := InnermostStmt(file, p); got != want {
					t.Errorf("%s: InnermostStmt = %s, PathEnclosingInterval gives %s", fset.Position(p), describe(fset, got), describe(fset, want))
				}
				if p == pos && tok != token.COMMENT {
					wantPath, _ := astutil.PathEnclosingInterval(file, p, p)
					if got := Path(file, p); !slices.Equal(got, wantPath) {
						t.Errorf("%s (%s): Path = %s, PathEnclosingInterval gives %s", fset.Position(p), tok, describePath(got), describePath(wantPath))
					}
				}
				checked++
			}
		}
	}
	if checked < 1000 {
		t.Errorf("checked only %d positions", checked)
	}
}

func describePath(path []ast.Node) string {
	var s []string
	for _, n := range path {
		s = append(s, fmt.Sprintf("%T", n))
	}
	return strings.Join(s, " ")
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

// TestFilesOf checks which file holds a position, for files parsed out
// of order, at their edges and between them.
func TestFilesOf(t *testing.T) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range []string{"a.go", "b.go", "c.go"} {
		f, err := parser.ParseFile(fset, name, "package p\n\nvar "+name[:1]+" int\n", 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	a, b, c := files[0], files[1], files[2]
	index := NewFiles([]*ast.File{c, a, b})
	for _, tc := range []struct {
		pos  token.Pos
		want *ast.File
	}{
		{a.FileStart, a},
		{a.FileEnd, a},
		{b.Package, b},
		{c.FileEnd, c},
		{c.FileEnd + 1, nil},
		{a.FileStart - 1, nil},
		{token.NoPos, nil},
	} {
		if got := index.Of(tc.pos); got != tc.want {
			t.Errorf("Of(%d) = %v, want %v", tc.pos, got, tc.want)
		}
	}
	if !index.SameStatement(b.Package, b.Package) || index.SameStatement(a.Package, b.Package) {
		t.Errorf("SameStatement across files")
	}
}
