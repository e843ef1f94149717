package main

// textMain is the text output, standalone: singlechecker's, but with
// paths relative to the working directory and each report's category,
// as go vet and staticcheck print them, and a progress line on a
// terminal (see progress). With a flag that only singlechecker
// implements (-debug, the profiles) the command stays singlechecker's.

import (
	"bytes"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

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
	var buf bytes.Buffer
	printText(&buf, graph, c.context, newPathShortener())
	if _, err := stderr.Write(buf.Bytes()); err != nil {
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

// printText writes the errors of every action and the reports of the
// root ones, each report once (a file of a package and of its test
// variant is reported by both), as singlechecker orders them:
//
//	user/user.go:9:27: non-atomic write to lib.Stats.N, ... (atomiccnt/plainwrite)
//	lib/lib.go:10:1: 	atomic.AddInt64 of lib.Stats.N
//
// With contextLines >= 0, each position is followed by its line and
// that many lines around it.
func printText(w io.Writer, graph *checker.Graph, contextLines int, short *pathShortener) {
	type key struct {
		pos, end token.Position
		message  string
	}
	seen := make(map[key]bool)
	for act := range graph.All() {
		if act.Err != nil {
			fmt.Fprintf(w, "%s: %v\n", act.Analyzer.Name, act.Err)
			continue
		}
		if !act.IsRoot {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			k := key{fset.Position(d.Pos), fset.Position(d.End), d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			printDiagnostic(w, fset, d, act.Analyzer.Name, contextLines, short)
		}
	}
}

// printDiagnostic writes d, its category and its related information.
func printDiagnostic(w io.Writer, fset *token.FileSet, d analysis.Diagnostic, analyzer string, contextLines int, short *pathShortener) {
	msg := d.Message
	if d.Category != "" {
		msg += " (" + analyzer + "/" + d.Category + ")"
	}
	printAt(w, fset, d.Pos, d.End, msg, contextLines, short)
	for _, rel := range d.Related {
		printAt(w, fset, rel.Pos, rel.End, "\t"+rel.Message, contextLines, short)
	}
}

// printAt writes one line of a report at pos, and its context.
func printAt(w io.Writer, fset *token.FileSet, pos, end token.Pos, msg string, contextLines int, short *pathShortener) {
	posn := fset.Position(pos)
	shown := posn
	shown.Filename = short.path(posn.Filename)
	fmt.Fprintf(w, "%s: %s\n", shown, msg)
	if contextLines < 0 {
		return
	}
	last := fset.Position(end)
	if !last.IsValid() {
		last = posn
	}
	data, _ := os.ReadFile(posn.Filename)
	lines := strings.Split(string(data), "\n")
	for i := posn.Line - contextLines; i <= last.Line+contextLines; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
		}
	}
}

// A pathShortener prints file names relative to the working directory
// when they are inside it, as go vet does, and absolute otherwise.
type pathShortener struct{ wd string }

func newPathShortener() *pathShortener {
	wd, _ := os.Getwd()
	return &pathShortener{wd: wd}
}

func (s *pathShortener) path(name string) string {
	if s == nil || s.wd == "" || !filepath.IsAbs(name) {
		return name
	}
	if rel, err := filepath.Rel(s.wd, name); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return name
}
