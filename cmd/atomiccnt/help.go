package main

// The help is what a user needs at the terminal: what the command
// reports, how to run it, what its exit status means, the directives,
// the flags that change what it reports, and where the full
// documentation is. The theory (what counts as an access, the rules
// that order accesses, the categories) is the package documentation,
// which singlechecker's help printed first, fifty lines of it.

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

const helpText = `atomiccnt reports memory accessed both atomically and plainly: a struct
field, package-level variable or array element that one place updates
with sync/atomic and another reads or writes directly, with nothing
ordering the two. Such a pair is a data race.

Usage:
  atomiccnt [flags] packages                     print the reports
  atomiccnt -fix [-diff] packages                apply each report's first fix
  atomiccnt -format=sarif packages > out.sarif   write a SARIF 2.1.0 log
  go vet -vettool=$(which atomiccnt) [flags] packages
                                    the same under go vet, package by package

Examples:
  atomiccnt ./...
  atomiccnt -reads=false -test=false ./internal/...
  atomiccnt -explain ./pkg     also show the plain accesses spared, and why
  atomiccnt -diff ./...        show the fixes as a diff for git apply, changing nothing
  go vet -vettool=$(which atomiccnt) -reads=false ./...

Exit status:
  0  nothing reported; with -json or -format=sarif: the run ended
  1  a package could not be loaded or analysed, or -fix could not apply a fix
  2  a usage error
  3  something reported (text output); with -fix: reports without a fix left
  Under go vet: 1 when anything is reported or fails; with -json, when it fails.

Directives, in comments; the reason is required:
  //atomiccnt:ignore reason      on a line, or alone above it: spare its accesses
  //atomiccnt:concurrent reason  in a function's doc comment: it runs concurrently

Main flags:
  -reads=false    report plain writes only, not plain reads
  -explain        also report the plain accesses spared, and the rule that did
  -goroutines     take the functions that go statements start as concurrent
  -allconcurrent  take concurrently read locations of any type, not only counters
  -test=false     leave test files out (standalone only)
  -fix, -diff     apply each report's first fix, print what is left; -diff: as a diff
  -json           JSON on standard output, each report once
  -format=sarif   a SARIF 2.1.0 log on standard output (standalone only)
  -write-baseline=FILE  accept every report of today in FILE
  -baseline=FILE        report only what FILE does not accept, and its stale entries

Environment:
  ATOMICCNT_BASELINE=FILE    the baseline, as -baseline; under go vet, the only
                             way, with an absolute path
  ATOMICCNT_PROGRESS=never   no progress line (shown on a terminal after 2 s)
  ATOMICCNT_PROGRESS=always  a progress line on stderr, terminal or not

Documentation, from a clone of the repository: its README.md, and
  go doc github.com/atomiccnt/atomiccnt/passes/atomiccnt
`

// printHelp writes the help to w, with the flags of fs in full.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, helpText)
	fmt.Fprintln(w, "\nFlags:")
	list := flag.NewFlagSet("atomiccnt", flag.ContinueOnError)
	list.SetOutput(w)
	var legacy []string
	fs.VisitAll(func(f *flag.Flag) {
		if strings.Contains(f.Usage, "no effect (deprecated)") {
			legacy = append(legacy, "-"+f.Name)
			return
		}
		list.Var(f.Value, f.Name, f.Usage)
		// The default, not the value that flags before -help set.
		list.Lookup(f.Name).DefValue = f.DefValue
	})
	list.PrintDefaults()
	// singlechecker keeps these, and says "no effect" of -v too,
	// though it takes it as -debug=v.
	verbose := slices.Contains(legacy, "-v")
	legacy = slices.DeleteFunc(legacy, func(name string) bool { return name == "-v" })
	if len(legacy) > 0 {
		fmt.Fprintf(w, "\nKept for old go vet command lines: %s (no effect)", strings.Join(legacy, ", "))
		if verbose {
			fmt.Fprint(w, " and -v (-debug=v)")
		}
		fmt.Fprintln(w, ".")
	}
}
