package main

// textMain is the text output, standalone: singlechecker's, with a
// progress line on a terminal (see progress). With a flag that only
// singlechecker implements (-fix, -diff, -debug, the profiles) the
// command stays singlechecker's.

import "os"

// textMain analyses the packages that c names and writes the
// diagnostics to stderr as singlechecker does. It returns
// singlechecker's exit code: 1 when the packages could not be loaded or
// analysed, or one of them has errors; else 3 when something is
// reported, 0 when nothing is.
func textMain(c *commandLine, stderr *os.File) int {
	graph, code, ok := loadAndAnalyze(c, stderr, stderr)
	if !ok {
		return 1
	}
	if err := graph.PrintText(stderr, c.context); err != nil {
		return 1
	}
	failed, reported := false, false
	for act := range graph.All() {
		if act.Err != nil {
			failed = true
		} else if act.IsRoot && len(act.Diagnostics) > 0 {
			reported = true
		}
	}
	switch {
	case failed:
		return 1
	case reported:
		return max(code, 3)
	}
	return code
}
