package main

// sarifMain is -format=sarif: a SARIF 2.1.0 log of one run, for code
// scanning, written with internal/sarif.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/sarif"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// formatFlag is the -format flag.
type formatFlag string

func (f *formatFlag) String() string { return string(*f) }

func (f *formatFlag) Set(s string) error {
	switch s {
	case "text", "sarif":
		*f = formatFlag(s)
		return nil
	}
	return fmt.Errorf("want text or sarif")
}

const formatUsage = "output `format`: text, or sarif for a SARIF 2.1.0 log on standard output (standalone runs only, not with -json)"

// sarifMain runs the analyzer as singlechecker would, on the packages
// that c names, and writes the diagnostics to stdout as SARIF. It
// returns the exit code: 0 when the log was written and every package
// was analysed, whether or not anything was reported (as with -json);
// 1 when some package could not be loaded or analysed, after writing
// the log with the errors as notifications; 2 for a usage error.
func sarifMain(c *commandLine, stdout, stderr io.Writer) int {
	if len(c.driverOnly) > 0 {
		return usageError(stderr, "-format=sarif does not take %s", strings.Join(c.driverOnly, " "))
	}
	if _, ok := checkBaseline(c, stderr); !ok {
		return 1
	}
	pkgs, err := load(c.patterns, c.test)
	if err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return 1
	}
	graph, err := analyze(pkgs)
	if err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return 1
	}

	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return 1
	}
	w, err := sarif.NewWriter(sarif.Driver{
		Name:           atomiccnt.Analyzer.Name,
		InformationURI: atomiccnt.Analyzer.URL,
		Version:        version(),
	}, rules, wd)
	if err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return 1
	}
	w.RankBy(atomiccnt.Rank)
	if c.baseline != "" {
		// Results are compared with the baseline: those reported are
		// new, and its stale entries' are absent.
		w.CompareWithBaseline(category.Baseline)
	}
	code := 0
	fail := func(msg string) {
		fmt.Fprintln(stderr, msg)
		w.Notify(msg)
		code = 1
	}
	for _, act := range graph.Roots {
		for _, e := range act.Package.Errors {
			fail(e.Error())
		}
		if act.Err != nil {
			if len(act.Package.Errors) == 0 {
				fail(fmt.Sprintf("%s: %v", act.Package.ID, act.Err))
			}
			continue
		}
		for _, d := range act.Diagnostics {
			if d.Category == category.Baseline || ownFile(act.Package, act.Package.Fset.Position(d.Pos).Filename) {
				w.Add(act.Package.Fset, d)
			}
		}
	}
	if err := w.Write(stdout); err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return 1
	}
	return code
}

// ownFile reports whether a diagnostic in file belongs to pkg's own
// sources. With -test, the go command adds a generated test main
// package whose only file lives in the build cache; go vet never
// analyses it, and a SARIF result there could name no file of the
// repository. Files named by //line directives are taken as they are.
func ownFile(pkg *packages.Package, file string) bool {
	return pkg.Dir == "" || filepath.Dir(file) == pkg.Dir
}

// version is the module version of the running binary, or "(devel)".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
