package atomiccnt

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// mustExtractDoc is like extractDoc but panics on error: the input is
// the package's own embedded doc.go, so an error is a programming
// mistake that the tests catch.
func mustExtractDoc(content, name string) string {
	doc, err := extractDoc(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// extractDoc returns the section of the package doc comment of the Go
// source content that starts with the heading "# Analyzer name", in the
// form Analyzer.Doc expects: the section's first line is "name: title",
// and the result is the title followed by the rest of the section, up
// to the next heading.
func extractDoc(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("parsing doc: %v", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc has no package comment")
	}
	// Text renders headings as "# Heading" lines between blank lines.
	text := f.Doc.Text()
	heading := "# Analyzer " + name + "\n"
	start := strings.Index("\n"+text, "\n"+heading)
	if start < 0 {
		return "", fmt.Errorf("package comment has no %q heading", strings.TrimSpace(heading))
	}
	section := text[start+len(heading):]
	if end := strings.Index(section, "\n# "); end >= 0 {
		section = section[:end]
	}
	section = strings.TrimSpace(section)
	body, ok := strings.CutPrefix(section, name+":")
	if !ok {
		return "", fmt.Errorf("heading %q is not followed by a %q line", strings.TrimSpace(heading), name+": title")
	}
	return strings.TrimSpace(body), nil
}
