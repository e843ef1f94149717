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
// The suite is golang.org/x/tools/go/analysis/suite/vet at the version
// this module requires, which may differ slightly from the vet of the
// installed Go.
package main

import (
	"slices"

	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/atomiccnt/atomiccnt/internal/startheap"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

func main() {
	startheap.Set(startheap.Goal)
	// Clone: vet.Suite is shared, and append may write into its spare
	// capacity.
	multichecker.Main(append(slices.Clone(vet.Suite), atomiccnt.Analyzer)...)
}
