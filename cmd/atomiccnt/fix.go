package main

// fixMain is -fix and -diff, standalone: it applies the first fix of
// each report, or with -diff prints what they change, and then says
// what it left and why. singlechecker's -fix prints nothing about the
// reports it leaves, edits any file a fix names (the module cache's
// too, where it can), and prints a diff that git apply refuses.

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/atomiccnt/atomiccnt/internal/apply"
)

// A fixReport is a report of a root package, with what -fix did with
// its first fix.
type fixReport struct {
	fset *token.FileSet
	diag analysis.Diagnostic
	// left says why the report stays: its fix was not applied
	// ("it would edit ... in the module cache"). It is empty for a
	// report whose fix was applied, and for one with no fix, whose
	// message says why.
	left  string
	fixed bool
}

// fixMain applies (or, with diffOnly, prints as a diff) the first fix
// of each report in the packages that c names. It prints the reports
// that remain on stderr, with why their fix was not applied, and a
// summary line. The exit code is 1 when the packages could not be
// analysed, a fix could not be applied or a file not written; else 3
// when reports without a fix remain; 0 when none does.
func fixMain(c *commandLine, diffOnly bool, stdout io.Writer, stderr *os.File) int {
	graph, code, ok := loadAndAnalyze(c, stderr, stderr)
	if !ok {
		return 1
	}
	for act := range graph.All() {
		if act.Err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", act.Analyzer.Name, act.Err)
			code = 1
		}
	}
	guard, err := newEditGuard()
	if err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return 1
	}
	reports := rootReports(graph)
	generated := generatedFiles(graph)
	merger := apply.NewMerger()
	for i := range reports {
		r := &reports[i]
		if len(r.diag.SuggestedFixes) == 0 {
			continue
		}
		fix, why := toFix(r.fset, r.diag.SuggestedFixes[0], guard, generated)
		switch {
		case why != "":
			r.left = why
		case !merger.Add(fix):
			r.left = "its fix overlaps another one applied in this run: run -fix again"
		default:
			r.fixed = true
		}
	}

	files, written := 0, 0
	for _, name := range merger.Files() {
		old, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
			code = 1
			continue
		}
		updated, err := merger.Apply(name, old)
		if err != nil {
			fmt.Fprintf(stderr, "atomiccnt: %s: %v (was the file changed during the run?)\n", name, err)
			code = 1
			continue
		}
		if gofmt, err := format.Source(updated); err == nil {
			updated = gofmt
		}
		files++
		if diffOnly {
			fmt.Fprint(stdout, apply.Unified(guard.patchPath(name), old, updated))
			continue
		}
		if err := writeKeepingMode(name, updated); err != nil {
			fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
			code = 1
			continue
		}
		written++
	}

	fixed, left, refused := 0, 0, 0
	short := newPathShortener()
	for _, r := range reports {
		switch {
		case r.fixed:
			fixed++
			continue
		case r.left != "":
			refused++
		}
		left++
		printLeft(stderr, r, short)
	}
	verb := "applied"
	if diffOnly {
		verb = "would apply"
	}
	fmt.Fprintf(stderr, "atomiccnt: %s %s to %s; %s left\n", verb, count(fixed, "fix", "fixes"), count(files, "file", "files"), count(left, "report", "reports"))
	switch {
	case code != 0, refused > 0, !diffOnly && written < files:
		return 1
	case left > 0:
		return 3
	}
	return 0
}

// rootReports returns the reports of the root packages, each once (a
// file of a package and of its test variant is reported in both), in
// order of position.
func rootReports(graph *checker.Graph) []fixReport {
	type key struct {
		pos     token.Position
		message string
	}
	seen := make(map[key]bool)
	var reports []fixReport
	for _, act := range graph.Roots {
		if act.Err != nil {
			continue
		}
		for _, d := range act.Diagnostics {
			k := key{act.Package.Fset.Position(d.Pos), d.Message}
			if !seen[k] {
				seen[k] = true
				reports = append(reports, fixReport{fset: act.Package.Fset, diag: d})
			}
		}
	}
	slices.SortStableFunc(reports, func(a, b fixReport) int {
		pa, pb := a.fset.Position(a.diag.Pos), b.fset.Position(b.diag.Pos)
		return cmp.Or(cmp.Compare(pa.Filename, pb.Filename), cmp.Compare(pa.Offset, pb.Offset), cmp.Compare(a.diag.Message, b.diag.Message))
	})
	return reports
}

// generatedFiles returns the names of the root packages' generated
// files, which no fix edits: the generator would undo it.
func generatedFiles(graph *checker.Graph) map[string]bool {
	generated := make(map[string]bool)
	for _, act := range graph.Roots {
		for _, f := range act.Package.Syntax {
			if ast.IsGenerated(f) {
				generated[act.Package.Fset.File(f.FileStart).Name()] = true
			}
		}
	}
	return generated
}

// toFix converts fix to edits by file name, or says why it may not be
// applied.
func toFix(fset *token.FileSet, fix analysis.SuggestedFix, guard *editGuard, generated map[string]bool) (apply.Fix, string) {
	out := make(apply.Fix)
	for _, e := range fix.TextEdits {
		file := fset.File(e.Pos)
		if file == nil {
			return nil, "its fix has an edit outside the package's files"
		}
		name := file.Name()
		if generated[name] {
			return nil, "its fix would edit " + filepath.Base(name) + ", a generated file"
		}
		if why := guard.refuses(name); why != "" {
			return nil, "its fix would edit " + name + ", " + why
		}
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		out[name] = append(out[name], apply.Edit{Start: file.Offset(e.Pos), End: file.Offset(end), New: string(e.NewText)})
	}
	return out, ""
}

// printLeft prints a report that -fix leaves as the text output does,
// with the reason its fix was not applied.
func printLeft(w io.Writer, r fixReport, short *pathShortener) {
	d := r.diag
	if r.left != "" {
		d.Message += "; not fixed (" + r.left + ")"
	}
	printDiagnostic(w, r.fset, d, "atomiccnt", -1, short)
}

// writeKeepingMode writes data to the existing file name, keeping its
// permissions.
func writeKeepingMode(name string, data []byte) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, info.Mode().Perm())
}

// An editGuard knows which files -fix may edit: none in the module
// cache or in GOROOT, which belong to every module that uses them.
type editGuard struct {
	modCache, goroot string
	// modules are the directories of the main modules, which -diff
	// paths are relative to.
	modules []string
}

// newEditGuard asks the go command where the module cache and GOROOT
// are, and which main modules the working directory has.
func newEditGuard() (*editGuard, error) {
	out, err := exec.Command("go", "env", "GOMODCACHE", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOMODCACHE GOROOT: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return nil, fmt.Errorf("go env GOMODCACHE GOROOT printed %q", out)
	}
	g := &editGuard{modCache: lines[0], goroot: lines[1]}
	if out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output(); err == nil {
		g.modules = strings.Fields(string(bytes.TrimSpace(out)))
	}
	return g, nil
}

// refuses says why -fix may not edit the file name, or "".
func (g *editGuard) refuses(name string) string {
	switch {
	case within(g.modCache, name):
		return "in the module cache"
	case within(g.goroot, name):
		return "in GOROOT"
	}
	return ""
}

// patchPath returns the path of the file name in a diff: relative to
// the main module that holds it, else to the working directory, so that
// git apply run there takes the diff.
func (g *editGuard) patchPath(name string) string {
	for _, dir := range g.modules {
		if within(dir, name) {
			rel, _ := filepath.Rel(dir, name)
			return filepath.ToSlash(rel)
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, name); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(name)
}

// within reports whether the file name is inside the directory dir.
func within(dir, name string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(dir, name)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// count formats n with the singular or plural noun: "1 fix", "2 fixes".
func count(n int, one, many string) string {
	return fmt.Sprintf("%d %s", n, plural(n, one, many))
}
