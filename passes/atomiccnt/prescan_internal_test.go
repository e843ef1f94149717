package atomiccnt

import (
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestPrescan checks which packages the pre-scan sends to the SSA
// analysis, and, through the packages' want comments, that those it
// spares have nothing to report.
func TestPrescan(t *testing.T) {
	for _, tt := range []struct {
		dir  string
		want map[string]bool
	}{
		{analysistest.TestData(), map[string]bool{
			"prescan/lib":         true,
			"prescan/inplace":     false,
			"prescan/copies":      true,
			"prescan/valuemethod": true,
		}},
		{filepath.Join(analysistest.TestData(), "typedrt"), map[string]bool{
			"runtime/prescantyped": false,
			"runtime/prescanfunc":  true,
		}},
	} {
		var (
			mu  sync.Mutex
			got = make(map[string]bool)
		)
		a := *Analyzer
		a.Run = func(pass *analysis.Pass) (any, error) {
			needs := newChecker(pass).prescan()
			mu.Lock()
			got[pass.Pkg.Path()] = needs
			mu.Unlock()
			return run(pass)
		}
		var pkgs []string
		for pkg := range tt.want {
			pkgs = append(pkgs, pkg)
		}
		analysistest.Run(t, tt.dir, &a, pkgs...)
		for pkg, want := range tt.want {
			if got[pkg] != want {
				t.Errorf("prescan(%s) = %v, want %v", pkg, got[pkg], want)
			}
		}
	}
}
