package main

// jsonMain is -json standalone. singlechecker's -json lists each report
// of a package again under its test variant; this driver lists it once
// (see mergeVariants), in the same JSON, with the same exit codes.
//
// With a flag that only singlechecker implements (-fix, -diff, -debug,
// the profiles), -json stays singlechecker's, duplicates and all:
// -fix prints no JSON, and the others would have to be written again
// here for a diagnostic aid.
//
// Under go vet there is nothing to merge: the go command vets only the
// test variant of a package that has test files.

import (
	"fmt"
	"io"
)

// jsonMain analyses the packages that c names and writes the
// diagnostics to stdout as singlechecker's -json does. It returns
// singlechecker's exit code: 1 when the packages could not be loaded
// (nothing printed) or one of them has errors (printed, with the
// errors on stderr), else 0, whatever is reported.
func jsonMain(c *commandLine, stdout, stderr io.Writer) int {
	graph, code, ok := loadAndAnalyze(c, stderr, nil)
	if !ok {
		return 1
	}
	// The errors go to stderr too, but a program reads the JSON.
	for act := range graph.All() {
		if act.Err != nil && len(act.Package.Errors) > 0 {
			act.Err = fmt.Errorf("%w (%s)", act.Err, packageErrors(act.Package))
		}
	}
	if err := graph.PrintJSON(stdout); err != nil {
		return 1
	}
	return code
}
