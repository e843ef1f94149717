package atomiccnt_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/txtar"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// TestCallFix checks the call fix on every form of plain access, with
// sync/atomic already imported, and that the fixed code is clean.
func TestCallFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomiccnt.Analyzer, "fix")
	checkFixpoint(t, "", "fix")
}

// TestCallFixImports checks how the call fix names the atomic package:
// an import added to a file with none, with one, or in a block, under
// the file's own name for it, or under a free name.
func TestCallFixImports(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomiccnt.Analyzer, "fiximport")
	checkFixpoint(t, "", "fiximport")
}

// TestCallFixRuntime checks the call fix in a runtime-like tree: the
// runtime's function names, its signed deltas, its lack of functions
// for some types, and the canonical finalizer fix of
// golang.org/issue/17503 (commit d3836aba).
func TestCallFixRuntime(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomiccnt.Analyzer, "runtime/fixrt", "runtime/issue17503")
	checkFixpoint(t, "", "runtime/fixrt", "runtime/issue17503")
}

// TestSignFix checks the signedness fix on the runtime of 2016, whose
// atomics took *uint32 but not *int32: finblock.cnt becomes uint32 and
// its accesses calls, as in the fix of golang.org/issue/17503 (commit
// d3836aba), with the reads converted back to int32.
func TestSignFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomiccnt.Analyzer, "runtime/finq2016", "runtime/signfix")
	checkFixpoint(t, "", "runtime/finq2016", "runtime/signfix")
}

// TestCallFixVersion checks that the call fix respects the Go version
// of the file: a module at Go 1.22 cannot call sync/atomic's Or and And.
func TestCallFixVersion(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, filepath.Join(analysistest.TestData(), "fixversion"), atomiccnt.Analyzer, "./...")
}

// TestTypeFix checks the type fix on a package of several files: the
// declaration, the atomic calls (whose import goes when unused), and
// every plain access, each rewritten as a method call.
func TestTypeFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomiccnt.Analyzer, "fixtype")
	checkFixpoint(t, "Change hits to atomic.Int64", "fixtype")
}

// TestTypeFixRefused checks that no location of the fixtypeno package,
// each of which the type fix must refuse (see their nope comments and
// TestTypeFixReasons), is offered one, while its reports keep the call
// fix.
func TestTypeFixRefused(t *testing.T) {
	for _, r := range analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomiccnt.Analyzer, "fixtypeno") {
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				if strings.HasPrefix(fix.Message, "Change ") {
					t.Errorf("%v: unexpected type fix %q", r.Action.Package.Fset.Position(d.Pos), fix.Message)
				}
			}
		}
	}
	checkFixpoint(t, "", "fixtypeno")
}

// checkFixpoint re-runs the analyzer on the golden files of pkgs (the
// section named section of archive goldens): the fixed code must type
// check, and every diagnostic left must say why it has no fix.
func checkFixpoint(t *testing.T, section string, pkgs ...string) {
	t.Helper()
	checkFixpointIn(t, analysistest.TestData(), section, pkgs...)
}

// checkFixpointIn is checkFixpoint for the GOPATH tree at src.
func checkFixpointIn(t *testing.T, src, section string, pkgs ...string) {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".golden") {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		inPkgs := false
		for _, pkg := range pkgs {
			inPkgs = inPkgs || filepath.Dir(rel) == filepath.Join("src", pkg)
		}
		if golden, err := os.ReadFile(path + ".golden"); err == nil && inPkgs {
			data, err = goldenText(golden, section)
			if err != nil {
				return fmt.Errorf("%s.golden: %v", rel, err)
			}
		}
		out := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The goldens keep the sources' want comments, which now mostly
	// match nothing; collect analysistest's complaints and keep only
	// those that are not about a missing diagnostic.
	var rec recorder
	results := analysistest.Run(&rec, dir, atomiccnt.Analyzer, pkgs...)
	for _, msg := range rec.msgs {
		if !strings.Contains(msg, "no diagnostic was reported matching") &&
			!strings.Contains(msg, "unexpected diagnostic") &&
			!strings.Contains(msg, "does not match pattern") &&
			!strings.Contains(msg, "fact") {
			t.Errorf("fixed code: %s", msg)
		}
	}
	for _, r := range results {
		for _, err := range r.Action.Package.Errors {
			t.Errorf("fixed code does not compile: %v", err)
		}
		for _, d := range r.Diagnostics {
			if !strings.Contains(d.Message, "no fix") {
				posn := r.Action.Package.Fset.Position(d.Pos)
				t.Errorf("%s:%d: fixed code still reported: %s", filepath.Base(posn.Filename), posn.Line, d.Message)
			}
		}
	}
}

// goldenText returns the fixed file that a golden describes: the whole
// golden, or for a txtar archive the section named section.
func goldenText(golden []byte, section string) ([]byte, error) {
	ar := txtar.Parse(golden)
	if len(ar.Files) == 0 {
		return golden, nil
	}
	for _, f := range ar.Files {
		if f.Name == section {
			return f.Data, nil
		}
	}
	return nil, fmt.Errorf("no section %q", section)
}

// A recorder is an analysistest.Testing that keeps the errors.
type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// TestFixOrder checks that the first fix of a report is the same
// whichever order the location's accesses have in the file: the pass
// decides every access's verdict before it builds any fix.
func TestFixOrder(t *testing.T) {
	first := make(map[string]string) // type name → first fix's message
	for _, r := range analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "fixorder") {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				t.Errorf("%s: no fix", d.Message)
				continue
			}
			name, _, _ := strings.Cut(strings.TrimPrefix(d.Message, "non-atomic write to "), ".")
			first[name] = d.SuggestedFixes[0].Message
		}
	}
	if len(first) != 2 || first["Before"] != first["After"] {
		t.Errorf("first fixes differ with the order of the accesses: %v", first)
	}
}

// TestFixUsesResult checks that no fix splits an update and a read of
// its result into two atomic operations, and that reads which do not
// use the result are taken along as before.
func TestFixUsesResult(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomiccnt.Analyzer, "fixresult")
	checkFixpoint(t, "Use atomic.AddInt64", "fixresult")
}

// TestFixTakesAlong checks that the call fix of a location's first
// atomic write makes atomic the reads that would race with it, and the
// spared writes that would then race with those reads.
func TestFixTakesAlong(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomiccnt.Analyzer, "fixtake")
	checkFixpoint(t, "Use atomic.StoreInt64", "fixtake")
}
