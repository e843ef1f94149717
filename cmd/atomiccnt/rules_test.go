package main

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

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
