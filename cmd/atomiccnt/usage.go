package main

// A usage error prints the error and a line that points at -help, as
// the go command does, not the help itself: the help is long, and the
// error would scroll off above it.

import (
	"flag"
	"fmt"
	"io"
)

// helpHint follows a usage error.
const helpHint = "run 'atomiccnt -help' for usage"

// usage is the command line's Usage function: the flag package calls
// it after printing a parse error to stderr, and for -h and -help,
// when the help goes to stdout, for a pager.
func usage(stdout, stderr io.Writer, help bool) {
	if !help {
		fmt.Fprintln(stderr, helpHint)
		return
	}
	printHelp(stdout, flag.CommandLine)
}
