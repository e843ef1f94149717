package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/atomiccnt/atomiccnt/internal/locker"
	"github.com/atomiccnt/atomiccnt/internal/sarif"
	"github.com/atomiccnt/atomiccnt/internal/variants"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// formatFlag is the -format flag. The command line is scanned for it
// before singlechecker.Main runs (see sarifRequested); it is also
// defined in the standard flag set so that -help lists it and
// -format=text is accepted.
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

const formatUsage = "output `format`: text (-json also works), or sarif for a SARIF 2.1.0 log on standard output (standalone runs only)"

// sarifRequested reports whether args ask for -format=sarif. It looks
// at every argument up to "--", not only the leading flags, so that it
// cannot miss the flag behind another flag's value.
func sarifRequested(args []string) bool {
	v, _ := flagValue(args, "format")
	if v == "" {
		// -format sarif, the value in the next argument.
		for i, arg := range args {
			if (arg == "-format" || arg == "--format") && i+1 < len(args) {
				v = args[i+1]
			}
		}
	}
	return v == "sarif"
}

// flagValue returns the value that args give the flag name, before any
// "--": the text after "=", or "" if there is none; and whether args
// name the flag.
func flagValue(args []string, name string) (string, bool) {
	for _, arg := range args {
		if arg == "--" || !strings.HasPrefix(arg, "-") {
			if arg == "--" {
				return "", false
			}
			continue
		}
		n, value, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-"), "=")
		if n == name {
			return value, true
		}
	}
	return "", false
}

// sarifMain runs the analyzer as singlechecker would, on the packages
// that args name, and writes the diagnostics to stdout as SARIF. It
// returns the exit code: 0 when the log was written and every package
// was analysed, whether or not anything was reported (as with -json);
// 1 when some package could not be loaded or analysed, after writing
// the log with the errors as notifications; 2 for a usage error.
func sarifMain(args []string, stdout, stderr io.Writer) int {
	// go vet passes its own flags (-json and others) and a .cfg file.
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		fmt.Fprintln(stderr, "atomiccnt: -format=sarif works only standalone (atomiccnt -format=sarif ./...), not as go vet's tool")
		return 2
	}
	fs := flag.NewFlagSet("atomiccnt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var format formatFlag
	fs.Var(&format, "format", formatUsage)
	test := fs.Bool("test", true, "indicates whether test files should be analyzed, too")
	atomiccnt.Analyzer.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: atomiccnt -format=sarif [-test=false] [analyzer flags] packages...\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		fs.Usage()
		return 2
	}

	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: *test}, patterns...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return 1
	}
	a := variants.Share(atomiccnt.Analyzer, locker.Methods()...)
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
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
			if ownFile(act.Package, act.Package.Fset.Position(d.Pos).Filename) {
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
