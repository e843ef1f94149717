package atomiccnt

import (
	"go/ast"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/category"
)

func TestExtractDoc(t *testing.T) {
	for _, tc := range []struct {
		name, content, want, err string
	}{
		{
			name:    "section up to next heading",
			content: "// Package p does.\n//\n// # Analyzer x\n//\n// x: check things\n//\n// Details here.\n//\n// # Other\n//\n// Not included.\npackage p\n",
			want:    "check things\n\nDetails here.",
		},
		{
			name:    "section at end",
			content: "// # Analyzer x\n//\n// x: check things\npackage p\n",
			want:    "check things",
		},
		{
			name:    "other analyzer first",
			content: "// # Analyzer xy\n//\n// xy: wrong one\n//\n// # Analyzer x\n//\n// x: right one\npackage p\n",
			want:    "right one",
		},
		{
			name:    "no heading",
			content: "// Package p.\npackage p\n",
			err:     `no "# Analyzer x" heading`,
		},
		{
			name:    "no title line",
			content: "// # Analyzer x\n//\n// Something else.\npackage p\n",
			err:     `not followed by a "x: title" line`,
		},
		{
			name:    "no package comment",
			content: "package p\n",
			err:     "no package comment",
		},
		{
			name:    "not Go",
			content: "this is not Go",
			err:     "parsing doc",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := extractDoc(tc.content, "x")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("extractDoc error = %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("extractDoc = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDocTitle checks the title line that go vet -help and gopls show.
func TestDocTitle(t *testing.T) {
	title, _, _ := strings.Cut(Analyzer.Doc, "\n")
	if want := "report variables accessed both atomically and non-atomically"; title != want {
		t.Errorf("title = %q, want %q", title, want)
	}
}

// TestCategoryAnchors checks that every category's URL anchor is the
// ID that pkg.go.dev gives a heading of doc.go.
func TestCategoryAnchors(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", doc, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	ids := make(map[string]bool)
	var p comment.Parser
	for _, block := range p.Parse(commentText(f.Doc)).Content {
		if h, ok := block.(*comment.Heading); ok {
			ids[h.DefaultID()] = true
		}
	}
	for _, c := range category.All() {
		if anchor := c.Anchor(); !ids[anchor] {
			t.Errorf("category %s links to #%s, which is not a heading of doc.go (have %v)", c.ID, anchor, ids)
		}
	}
}

func commentText(g *ast.CommentGroup) string { return g.Text() }
