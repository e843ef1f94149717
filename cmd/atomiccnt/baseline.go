package main

// -write-baseline writes the baseline that accepts every report of a
// run, for -baseline (see the package documentation's Baselines): the
// analysis runs without a baseline, and the entries keep the reasons
// that the file they replace, or the one -baseline names, gives them.
// That file's entries for packages and files the run did not analyse
// stay (see unseen).

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis/checker"

	"github.com/atomiccnt/atomiccnt/internal/baseline"
	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// baselineEnv names the baseline file when -baseline does not: under
// go vet it must (see printToolID in main).
const baselineEnv = "ATOMICCNT_BASELINE"

const writeBaselineUsage = "write to `file` a baseline that accepts every report, keeping the reasons of the entries it had (or of -baseline's), and print no reports (standalone only)"

// checkBaseline reads the file that -baseline names, if any, once, so
// that a missing or malformed file is one error, not one per package.
func checkBaseline(c *commandLine, stderr io.Writer) (*baseline.File, bool) {
	if c.baseline == "" {
		return nil, true
	}
	b, err := baseline.Read(c.baseline)
	if err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %s: %v\n", c.baselineSource(), err)
		return nil, false
	}
	return b, true
}

// baselineSource names where the baseline's name came from, for
// errors: the -baseline flag or the environment variable.
func (c *commandLine) baselineSource() string {
	if c.baselineFlag {
		return "-baseline"
	}
	return baselineEnv
}

// writeBaselineMain analyses the packages that c names and writes the
// baseline of their reports to c.writeBaseline. It returns 0 when the
// file is written, 1 when a package could not be loaded or analysed
// (the file is then left as it was: it would lack their entries).
func writeBaselineMain(c *commandLine, stderr *os.File) int {
	old, ok := checkBaseline(c, stderr)
	if !ok {
		return 1
	}
	if old == nil {
		var err error
		old, err = baseline.Read(c.writeBaseline)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "atomiccnt: -write-baseline: %v\n", err)
			return 1
		}
	}
	// Every report, including those the old baseline accepts.
	if err := atomiccnt.Analyzer.Flags.Set("baseline", ""); err != nil {
		panic(err)
	}
	graph, code, ok := loadAndAnalyze(c, stderr, stderr)
	if !ok {
		return 1
	}
	failed := code != 0
	for act := range graph.All() {
		if act.Err != nil {
			fmt.Fprintf(stderr, "atomiccnt: %s: %v\n", act.Package.ID, act.Err)
			failed = true
		}
	}
	if failed {
		fmt.Fprintf(stderr, "atomiccnt: %s not written: some packages could not be analysed\n", c.writeBaseline)
		return 1
	}
	keys := reportKeys(graph)
	entries := baseline.Count(keys, old)
	kept := 0
	if old != nil {
		for _, e := range unseen(graph, old.Entries) {
			entries = append(entries, e)
			kept++
		}
	}
	if err := os.WriteFile(c.writeBaseline, baseline.Format(entries), 0o666); err != nil {
		fmt.Fprintf(stderr, "atomiccnt: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "atomiccnt: wrote %s: %d entr%s for %d report%s", c.writeBaseline,
		len(entries)-kept, plural(len(entries)-kept, "y", "ies"), len(keys), plural(len(keys), "", "s"))
	if kept > 0 {
		fmt.Fprintf(stderr, ", and kept %d entr%s of packages or files not analysed", kept, plural(kept, "y", "ies"))
	}
	fmt.Fprintln(stderr)
	return 0
}

// unseen returns the entries that no analysis of graph could match, and
// that a run over other packages, or with their test files, could: an
// entry of a package that graph did not analyse, or of a file of its
// directory that the analysis did not see (a test file, with
// -test=false; a file that build constraints leave out). An entry of a
// file that no longer exists is not among them.
func unseen(graph *checker.Graph, entries []baseline.Entry) []baseline.Entry {
	type fileKey struct{ pkg, file string }
	analysed := make(map[string]string) // package path to directory
	seen := make(map[fileKey]bool)
	for _, act := range graph.Roots {
		pkg := act.Package
		analysed[pkg.Types.Path()] = pkg.Dir
		for _, name := range pkg.CompiledGoFiles {
			seen[fileKey{pkg.Types.Path(), filepath.Base(name)}] = true
		}
	}
	var out []baseline.Entry
	for _, e := range entries {
		dir, ok := analysed[e.Package]
		switch {
		case !ok:
			out = append(out, e)
		case seen[fileKey{e.Package, e.File}]:
		default:
			if _, err := os.Stat(filepath.Join(dir, e.File)); err == nil {
				out = append(out, e)
			}
		}
	}
	return out
}

// reportKeys returns the baseline keys of the reports of graph's roots,
// in their packages' own files.
func reportKeys(graph *checker.Graph) []baseline.Key {
	var keys []baseline.Key
	for _, act := range graph.Roots {
		pkg := act.Package
		for _, d := range act.Diagnostics {
			if d.Category == category.Explain || d.Category == category.Baseline {
				continue
			}
			file := fileOf(pkg.Syntax, d.Pos)
			if file == nil || !ownFile(pkg, pkg.Fset.Position(d.Pos).Filename) {
				continue
			}
			keys = append(keys, baseline.KeyOf(pkg.Fset, file, pkg.Types.Path(), d.Pos, d.Category))
		}
	}
	return keys
}

// fileOf returns the file among files that holds pos, or nil.
func fileOf(files []*ast.File, pos token.Pos) *ast.File {
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
