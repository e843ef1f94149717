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
// See https://pkg.go.dev/github.com/atomiccnt/atomiccnt/passes/atomiccnt
// for what it reports and why.
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

func main() { singlechecker.Main(atomiccnt.Analyzer) }
