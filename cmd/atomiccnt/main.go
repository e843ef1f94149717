// The atomiccnt command reports struct fields, package-level variables
// and array elements that are accessed both atomically and plainly.
//
// Run it on packages directly:
//
//	atomiccnt ./...
//
// or as a vet tool, which analyses each package once and caches the
// results:
//
//	go vet -vettool=$(which atomiccnt) ./...
//
// or for code scanning in CI, writing a SARIF 2.1.0 log:
//
//	atomiccnt -format=sarif ./... > atomiccnt.sarif
//
// See the documentation of package
// github.com/atomiccnt/atomiccnt/passes/atomiccnt (go doc, or pkg.go.dev
// once the module is published) for what it reports and why.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/atomiccnt/atomiccnt/internal/locker"
	"github.com/atomiccnt/atomiccnt/internal/reshape"
	"github.com/atomiccnt/atomiccnt/internal/startheap"
	"github.com/atomiccnt/atomiccnt/internal/toolid"
	"github.com/atomiccnt/atomiccnt/internal/variants"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

func main() {
	startheap.Set(startheap.Goal)
	args := os.Args[1:]
	if len(args) == 1 && args[0] == "help" {
		// go vet's usage error says "Run 'atomiccnt help' for a full
		// list of flags", as cmd/vet has that command.
		args = []string{"-help"}
		os.Args = append(os.Args[:1], args...)
	}
	c := parseCommandLine(args, &atomiccnt.Analyzer.Flags)
	switch c.driver(args) {
	case vetSARIF:
		fmt.Fprintln(os.Stderr, "atomiccnt: -format=sarif works only standalone (atomiccnt -format=sarif ./...), not as go vet's tool")
		os.Exit(2)
	case vetBaselineFlag:
		fmt.Fprintf(os.Stderr, "atomiccnt: under go vet, name the baseline with %s=/absolute/path, not -baseline: go vet caches results by their flags, not by the file's contents\n", baselineEnv)
		os.Exit(2)
	case printToolID:
		// go vet keys its cache of each package's results on this line
		// and the flags, not on the files the tool reads: the line
		// covers the baseline's contents, or an edited baseline would
		// leave the old results standing.
		line, err := toolid.Line(c.baseline)
		if err != nil {
			// go vet shows this as its failure to obtain the tool's
			// build ID: say which setting is wrong.
			fmt.Fprintf(os.Stderr, "atomiccnt: %s: %v\n", c.baselineSource(), err)
			os.Exit(1)
		}
		fmt.Println(line)
		os.Exit(0)
	case printVersion:
		fmt.Println(toolid.Version("atomiccnt"))
		os.Exit(0)
	case noPackages:
		fmt.Fprintln(os.Stderr, "usage: atomiccnt [flags] packages...")
		fmt.Fprintln(os.Stderr, helpHint)
		os.Exit(2)
	case twoFormats:
		fmt.Fprintln(os.Stderr, "atomiccnt: -json and -format=sarif exclude each other: choose one output format")
		os.Exit(2)
	case baselineAndOutput:
		os.Exit(usageError(os.Stderr, "-write-baseline writes the baseline and prints no reports: it takes no -json, -format or -fix"))
	case writeBaseline:
		os.Exit(writeBaselineMain(c, os.Stderr))
	case fixAndOutput:
		os.Exit(usageError(os.Stderr, "-json does not take %s: -fix prints what it leaves as text", strings.Join(c.driverOnly, " ")))
	case useFix:
		os.Exit(fixMain(c, c.diff, os.Stdout, os.Stderr))
	case useSARIF:
		os.Exit(sarifMain(c, os.Stdout, os.Stderr))
	case useJSON:
		os.Exit(jsonMain(c, os.Stdout, os.Stderr))
	case useText:
		os.Exit(textMain(c, os.Stderr))
	}
	// Everything else is singlechecker's. It parses the standard flag
	// set, which so also takes -format=text, and lists it for -help.
	// But not for -flags: go vet asks the tool for its flags with it,
	// and rejects any other flag up front, once. A -format that it
	// passed on would fail in each package's process, each printing
	// the error.
	if !c.printFlags {
		var format formatFlag = "text"
		flag.Var(&format, "format", formatUsage)
		flag.String("write-baseline", "", writeBaselineUsage)
	}
	// flag.CommandLine.Usage, set, takes precedence over flag.Usage,
	// which singlechecker sets to print the analyzer's documentation.
	flag.CommandLine.Usage = func() { usage(os.Stdout, os.Stderr, errors.Is(c.err, flag.ErrHelp)) }
	a := *atomiccnt.Analyzer
	if c.printFlags {
		// go vet asks once which flags the tool takes and refuses any
		// other itself, once, before it runs the tool on each package.
		// Under go vet the baseline is ATOMICCNT_BASELINE's: go vet
		// caches results by their flags, not by the file's contents.
		a.Flags = withoutFlag(&a.Flags, "baseline")
	}
	if c.fix {
		// -fix applies one fix of each report, the first, and the
		// driver says so for each report with a second; it need not.
		reshape.Diagnostics(&a, reshape.FirstFix)
	}
	singlechecker.Main(variants.Share(&a, locker.Methods()...))
}

// withoutFlag returns a copy of fs without the flag name.
func withoutFlag(fs *flag.FlagSet, name string) flag.FlagSet {
	var out flag.FlagSet
	out.Init(fs.Name(), flag.ContinueOnError)
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name != name {
			out.Var(f.Value, f.Name, f.Usage)
		}
	})
	return out
}
