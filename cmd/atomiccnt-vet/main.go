// The atomiccnt-vet command is go vet's own suite of analyzers plus
// atomiccnt, in one vet tool, so that a project replaces
//
//	go vet ./...
//	go vet -vettool=$(which atomiccnt) ./...
//
// with one run that type-checks each package once:
//
//	go vet -vettool=$(which atomiccnt-vet) ./...
//
// Each analyzer can be turned off by name (-atomiccnt=false,
// -printf=false), and atomiccnt's flags take its name as a prefix:
// -atomiccnt.reads=false.
//
// A baseline (atomiccnt -baseline) is not among its flags: go vet
// caches results by the tool and its flags, not by the files the tool
// reads, and only atomiccnt's own command tells go vet the baseline's
// contents (ATOMICCNT_BASELINE=/abs/path go vet -vettool=$(which atomiccnt)).
//
// The suite is golang.org/x/tools/go/analysis/suite/vet at the version
// this module requires, which may differ slightly from the vet of the
// installed Go.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/atomiccnt/atomiccnt/internal/startheap"
	"github.com/atomiccnt/atomiccnt/internal/toolid"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

func main() {
	if slices.Contains(os.Args[1:], "-V=full") || slices.Contains(os.Args[1:], "--V=full") {
		// go vet asks before every run; multichecker would hash the
		// whole executable to answer (see toolid).
		line, err := toolid.Line()
		if err != nil {
			fmt.Fprintf(os.Stderr, "atomiccnt-vet: %v\n", err)
			os.Exit(1)
		}
		fmt.Println(line)
		return
	}
	if versionAsked(os.Args[1:]) {
		fmt.Println(toolid.Version("atomiccnt-vet"))
		return
	}
	startheap.Set(startheap.Goal)
	// Clone: vet.Suite is shared, and append may write into its spare
	// capacity.
	multichecker.Main(append(slices.Clone(vet.Suite), withoutBaseline(atomiccnt.Analyzer))...)
}

// withoutBaseline returns a copy of a whose flags are a's but -baseline.
func withoutBaseline(a *analysis.Analyzer) *analysis.Analyzer {
	b := *a
	b.Flags = flag.FlagSet{}
	b.Flags.Init(a.Name, flag.ContinueOnError)
	a.Flags.VisitAll(func(f *flag.Flag) {
		if f.Name != "baseline" {
			b.Flags.Var(f.Value, f.Name, f.Usage)
		}
	})
	return &b
}

// versionAsked reports whether args are a bare -V (or -V=true), which
// asks for the version line, as go vet's own tool answers it;
// multichecker takes only -V=full.
func versionAsked(args []string) bool {
	if len(args) != 1 {
		return false
	}
	switch args[0] {
	case "-V", "--V", "-V=true", "--V=true":
		return true
	}
	return false
}
