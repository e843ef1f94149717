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
// See https://pkg.go.dev/github.com/atomiccnt/atomiccnt/passes/atomiccnt
// for what it reports and why.
package main

import (
	"flag"
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/atomiccnt/atomiccnt/internal/locker"
	"github.com/atomiccnt/atomiccnt/internal/startheap"
	"github.com/atomiccnt/atomiccnt/internal/variants"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

func main() {
	startheap.Set(startheap.Goal)
	if sarifRequested(os.Args[1:]) {
		os.Exit(sarifMain(os.Args[1:], os.Stdout, os.Stderr))
	}
	// Everything else, go vet's protocol included, is singlechecker's.
	// It parses the standard flag set, which so also takes -format=text.
	var format formatFlag = "text"
	flag.Var(&format, "format", formatUsage)
	singlechecker.Main(variants.Share(atomiccnt.Analyzer, locker.Methods()...))
}
