package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// docCategories returns the "# Category" sections of the analyzer's
// doc.go, each as paragraphs of one line.
func docCategories(t *testing.T) map[string]string {
	t.Helper()
	path := filepath.Join("..", "..", "passes", "atomiccnt", "doc.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	sections := make(map[string]string)
	for _, sec := range strings.Split(f.Doc.Text(), "\n# ")[1:] {
		title, body, _ := strings.Cut(sec, "\n")
		id, ok := strings.CutPrefix(title, "Category ")
		if !ok {
			continue
		}
		var paras []string
		for _, p := range strings.Split(strings.TrimSpace(body), "\n\n") {
			paras = append(paras, strings.Join(strings.Fields(p), " "))
		}
		sections[id] = strings.Join(paras, "\n\n")
	}
	return sections
}

// TestRulesMatchDoc checks that the SARIF rules are the categories of
// doc.go, with its texts: a changed or added category section must be
// copied into rules.go.
func TestRulesMatchDoc(t *testing.T) {
	doc := docCategories(t)
	seen := make(map[string]bool)
	for _, r := range rules {
		seen[r.ID] = true
		want, ok := doc[r.ID]
		if !ok {
			t.Errorf("rule %s has no # Category %s section in doc.go", r.ID, r.ID)
			continue
		}
		if r.Full != want {
			t.Errorf("rule %s: the text differs from doc.go; update rules.go to\n\t\tFull: %q,", r.ID, want)
		}
		if !strings.HasSuffix(r.Short, ".") || strings.Contains(strings.TrimSuffix(r.Short, "."), ". ") {
			t.Errorf("rule %s: the short description %q is not one sentence", r.ID, r.Short)
		}
		if want := fmt.Sprintf("%s#hdr-Category_%s", atomiccnt.Analyzer.URL, r.ID); r.HelpURI != want {
			t.Errorf("rule %s: help URI %s, want %s", r.ID, r.HelpURI, want)
		}
	}
	for id, text := range doc {
		if !seen[id] {
			t.Errorf("doc.go's category %s has no SARIF rule; add to rules.go:\n\t\tID: %q,\n\t\tFull: %q,", id, id, text)
		}
	}
}

// TestRuleURLs runs the analyzer in process on the cross-package module
// and checks that each diagnostic's URL is its rule's help URI.
func TestRuleURLs(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages with the go command")
	}
	dir := cmdtest.WriteModule(t, filepath.Join("testdata", "crosspkg.txtar"))
	t.Setenv("GOWORK", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, "./lib", "./user")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{atomiccnt.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	help := make(map[string]string)
	for _, r := range rules {
		help[r.ID] = r.HelpURI
	}
	var n int
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			n++
			if d.URL != help[d.Category] {
				t.Errorf("%s diagnostic URL %q, want the rule's %q", d.Category, d.URL, help[d.Category])
			}
		}
	}
	if n == 0 {
		t.Error("no diagnostics")
	}
}

func TestSarifRequested(t *testing.T) {
	for _, tc := range []struct {
		args string
		want bool
	}{
		{"./...", false},
		{"-format=sarif ./...", true},
		{"--format=sarif ./...", true},
		{"-format sarif ./...", true},
		{"-format=text ./...", false},
		{"-json ./...", false},
		{"-c 3 -format=sarif ./...", true},
		{"-reads=false -format=sarif -test=false ./...", true},
		{"-- -format=sarif", false},
		{"-format", false},
		{"/tmp/vet.cfg", false},
		{"-format=sarif /tmp/vet.cfg", true}, // then rejected by sarifMain
	} {
		if got := sarifRequested(strings.Fields(tc.args)); got != tc.want {
			t.Errorf("sarifRequested(%s) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
