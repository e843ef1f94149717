package atomiccnt

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// ignoreDirective is the comment that suppresses reports, followed by
// a reason: //atomiccnt:ignore the GC only reads this with the world stopped.
const ignoreDirective = "//atomiccnt:ignore"

// concurrentDirective marks a function as a concurrent context, with
// the reason it runs concurrently:
//
//	//atomiccnt:concurrent called by the metrics scraper's goroutine
//	func (s *Server) scrape() { ... }
const concurrentDirective = "//atomiccnt:concurrent"

// directives holds the well-formed ignore directives of a package.
type directives struct {
	// lines holds the source lines that directives cover: a directive
	// on a line of its own covers the next line, and a directive after
	// code covers its own line.
	lines map[lineKey]bool
	// funcs holds the functions whose doc comments carry a directive,
	// which covers the whole body, function literals included.
	funcs map[*ast.FuncDecl]bool
	// forced holds the lines that a checklocks +checklocksforce comment
	// covers, as lines holds an ignore directive's: the code says the
	// locks a call's callee requires are held there.
	forced map[lineKey]bool
	// malformed holds directives without a reason, which cover nothing.
	malformed []*ast.Comment
	// spaced holds comments that read as a directive but for a space
	// after the slashes ("// atomiccnt:ignore"), which cover nothing.
	spaced []*ast.Comment
}

// directiveNames are the names of atomiccnt's directives.
var directiveNames = []string{ignoreDirective, concurrentDirective, handoffDirective}

// spacedDirective returns the directive that the comment c would be
// without the space after its slashes, as in "// atomiccnt:ignore
// reason": the go command's own directives (//go:build, //go:noinline)
// take none, and neither do these. It returns "" for any other comment.
func spacedDirective(c *ast.Comment) string {
	rest, ok := strings.CutPrefix(c.Text, "//")
	if !ok || !strings.HasPrefix(rest, " ") {
		return ""
	}
	for _, name := range directiveNames {
		if _, ok := parseNamedDirective(&ast.Comment{Text: "//" + strings.TrimLeft(rest, " ")}, name); ok {
			return name
		}
	}
	return ""
}

type lineKey struct {
	file *token.File
	line int
}

// parseDirective reports whether c is an ignore directive and returns
// its reason, which is empty if the directive is malformed. The reason
// may follow the directive directly or, as golangci-lint's nolintlint
// asks of //nolint, after a second "//".
func parseDirective(c *ast.Comment) (reason string, ok bool) {
	return parseNamedDirective(c, ignoreDirective)
}

// parseNamedDirective is parseDirective for the directive name, such
// as //atomiccnt:concurrent.
func parseNamedDirective(c *ast.Comment, name string) (reason string, ok bool) {
	rest, ok := strings.CutPrefix(c.Text, name)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	rest = strings.TrimPrefix(rest, "//")
	return strings.TrimSpace(rest), true
}

func collectDirectives(fset *token.FileSet, files []*ast.File) *directives {
	d := &directives{
		lines:  make(map[lineKey]bool),
		funcs:  make(map[*ast.FuncDecl]bool),
		forced: make(map[lineKey]bool),
	}
	for _, f := range files {
		var found, forced []*ast.Comment
		for _, g := range f.Comments {
			for _, c := range g.List {
				if text := strings.TrimSpace(strings.TrimPrefix(c.Text, "//")); text == "+checklocksforce" || strings.HasPrefix(text, "+checklocksforce:") || strings.HasPrefix(text, "+checklocksforce ") {
					forced = append(forced, c)
				}
				if spacedDirective(c) != "" {
					d.spaced = append(d.spaced, c)
				}
				if reason, ok := parseDirective(c); ok {
					if reason == "" {
						d.malformed = append(d.malformed, c)
					} else {
						found = append(found, c)
					}
				}
			}
		}
		if len(found) == 0 && len(forced) == 0 {
			continue
		}
		tf := fset.File(f.FileStart)
		code := codeLines(tf, f)
		// A comment after code covers its own line, and one on a line
		// of its own the next.
		cover := func(lines map[lineKey]bool, c *ast.Comment) {
			line := tf.Line(c.Slash)
			if !code[line] {
				line++
			}
			lines[lineKey{tf, line}] = true
		}
		for _, c := range found {
			cover(d.lines, c)
		}
		for _, c := range forced {
			cover(d.forced, c)
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil {
				for _, c := range fd.Doc.List {
					if reason, ok := parseDirective(c); ok && reason != "" {
						d.funcs[fd] = true
					}
				}
			}
		}
	}
	return d
}

// codeLines returns the lines of f on which some syntax ends, so that a
// comment on such a line follows code rather than standing alone.
func codeLines(tf *token.File, f *ast.File) map[int]bool {
	lines := make(map[int]bool)
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil, *ast.Comment, *ast.CommentGroup:
			return false
		}
		if n.End().IsValid() {
			lines[tf.Line(n.End())] = true
		}
		return true
	})
	return lines
}

// covers reports whether a directive suppresses reports at pos, in fn.
func (d *directives) covers(fset *token.FileSet, pos token.Pos, fn *ssa.Function) bool {
	if len(d.funcs) > 0 {
		top := fn
		for top.Parent() != nil {
			top = top.Parent()
		}
		if decl, ok := top.Syntax().(*ast.FuncDecl); ok && d.funcs[decl] {
			return true
		}
	}
	if len(d.lines) > 0 {
		tf := fset.File(pos)
		return tf != nil && d.lines[lineKey{tf, tf.Line(pos)}]
	}
	return false
}

// forces reports whether a +checklocksforce comment covers pos.
func (d *directives) forces(fset *token.FileSet, pos token.Pos) bool {
	tf := fset.File(pos)
	return tf != nil && d.forced[lineKey{tf, tf.Line(pos)}]
}

// funcDocs maps each comment of a function's doc comment in f to the
// function.
func funcDocs(f *ast.File) map[*ast.Comment]*ast.FuncDecl {
	docOf := make(map[*ast.Comment]*ast.FuncDecl)
	for _, decl := range f.Decls {
		if fd, ok := decl.(*ast.FuncDecl); ok && fd.Doc != nil {
			for _, c := range fd.Doc.List {
				docOf[c] = fd
			}
		}
	}
	return docOf
}
