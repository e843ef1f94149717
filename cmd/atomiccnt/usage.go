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
// it after printing a parse error, and for -h and -help.
func usage(w io.Writer, help bool) {
	if !help {
		fmt.Fprintln(w, helpHint)
		return
	}
	// singlechecker's help, which it sets flag.Usage to print.
	flag.Usage()
}
