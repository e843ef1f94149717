package atomiccnt_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// TestCanonical runs the analyzer on the finalizer queue of
// golang.org/issue/17503, before and after the fix.
func TestCanonical(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "runtime/issue17503", "runtime/issue17503fixed")
}

func TestUserSpace(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "a")
}

func TestGlobals(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "globals")
}

func TestElements(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "elements")
}

func TestTypeParams(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "typeparams")
}

func TestExemptions(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "exempt", "poolhook")
}

// TestCrossPackage checks that facts carry accesses both ways: atomic
// upstream and plain downstream, plain upstream and atomic downstream,
// and through a package fact about a third package's field.
func TestCrossPackage(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "crosspkg/...")

	// A report whose conflicting access is in another package locates
	// it: the facts name only "file.go:line", and the report's related
	// information gives the position in that package's file.
	found := false
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if !strings.Contains(d.Message, "non-atomic write to lib.Stats.N") {
				continue
			}
			found = true
			if len(d.Related) != 1 {
				t.Fatalf("%s: want one related location, got %v", d.Message, d.Related)
			}
			pos := r.Pass.Fset.Position(d.Related[0].Pos)
			if filepath.Base(pos.Filename) != "lib.go" || pos.Line != 16 || d.Related[0].Message != "atomic.AddInt64 of lib.Stats.N" {
				t.Errorf("related location: got %s %q, want lib.go:16 \"atomic.AddInt64 of lib.Stats.N\"", pos, d.Related[0].Message)
			}
		}
	}
	if !found {
		t.Fatal("no report of the write to lib.Stats.N")
	}
}

func TestGenerated(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "generated")
}

func TestForkJoin(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "forkjoin")
}

// TestSequentialTests checks that top-level tests and benchmarks, which
// go test runs one at a time, do not race with each other unless both
// call t.Parallel.
func TestSequentialTests(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "seqtests")
}

func TestContainers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "containers")
}

func TestStructCopy(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "structcopy")
}

func TestWrappers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "wrappers")
}

// TestPrecision runs the rules that order accesses: locks, exclusive
// phases, and the writer reading back its own value.
func TestPrecision(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "locks", "readback", "mainpkg", "runtime/stw")
}

// TestConcurrent runs the concurrent-context rule: the finalizer queue
// of golang.org/issue/17503 in 2016, with no atomic access at all, and
// after the fix.
func TestConcurrent(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "runtime/finq2016", "runtime/finq2016fixed", "runtime/gcctx", "concurrent")
}

// TestConcurrentFix checks the call fix on the concurrent rule's
// reports: the write and the concurrent read become atomic together.
func TestConcurrentFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), atomiccnt.Analyzer, "fixconcurrent")
	checkFixpoint(t, "", "fixconcurrent")
}

// TestConcurrentTypeFix checks that the concurrent rule's reports on an
// int32 counter, for which the runtime's atomic API has no function
// but a typed atomic, carry the type fix, and that the fixed code is
// clean. The tree has its own stand-in for the atomic API.
func TestConcurrentTypeFix(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "typedrt")
	analysistest.RunWithSuggestedFixes(t, dir, atomiccnt.Analyzer, "runtime/finqtyped")
	checkFixpointIn(t, dir, "", "runtime/finqtyped")
}

func TestSealed(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "sealed/pool", "sealed/client", "sealed/escapes")
}

// TestOwnership runs the rules of ownership: linked objects, owned
// parameters, atomic accesses to owned objects and owned slices.
// TestContracts checks the locks that doc comments say are held:
// checklocks annotations and the "Lock should be held" convention.
func TestContracts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "contracts")
}

// TestLockers checks that a type with Lock and Unlock methods, in
// another package, is a lock.
func TestLockers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "lockers")
}

func TestOwnership(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "ownership")
}

// TestBaseline checks that -baseline leaves out what its file accepts,
// reports all the reports of an entry that accepts fewer, and reports
// its stale entries at their lines.
func TestBaseline(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "src", "baseline")
	file := filepath.Join(dir, "baseline.txt")
	setFlag(t, "baseline", file)
	// The stale entries' reports are in the baseline file, where no
	// want comment can be: the recorder collects them as unexpected.
	rec := &recorder{}
	analysistest.Run(rec, analysistest.TestData(), atomiccnt.Analyzer, "baseline")
	file = filepath.Join("baseline", "baseline.txt") // as analysistest writes it
	want := []string{
		file + ":4:1: unexpected diagnostic: baseline entry baseline baseline.go (*T).gone plainread t.n matches no report: remove it",
		file + ":5:1: unexpected diagnostic: baseline entry baseline baseline.go (*T).once plainread t.k accepts 2 reports, and 1 remains: set its count to 1",
	}
	if !slices.Equal(rec.msgs, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(rec.msgs, "\n"), strings.Join(want, "\n"))
	}

	// With -explain, what it accepted is explained, with the entry's
	// line and reason.
	setFlag(t, "explain", "true")
	rec = &recorder{}
	analysistest.Run(rec, analysistest.TestData(), atomiccnt.Analyzer, "baseline")
	explained := 0
	for _, m := range rec.msgs {
		if strings.Contains(m, "unexpected diagnostic: not reported: non-atomic read of T.n, which is written atomically (atomic.AddInt64 at baseline.go:8): the baseline accepts it (baseline.txt:2: read for a log line, stale at worst)") {
			explained++
		}
	}
	if explained != 2 {
		t.Errorf("with -explain, %d explanations of the reads the baseline accepts, want 2:\n%s", explained, strings.Join(rec.msgs, "\n"))
	}
	setFlag(t, "explain", "false")

	// Without the baseline, what it accepted is reported.
	setFlag(t, "baseline", "")
	rec = &recorder{}
	analysistest.Run(rec, analysistest.TestData(), atomiccnt.Analyzer, "baseline")
	var unexpected []string
	for _, m := range rec.msgs {
		if strings.Contains(m, "unexpected diagnostic: non-atomic read") {
			unexpected = append(unexpected, m[:strings.Index(m, ": ")])
		}
	}
	wantLines := []string{filepath.Join("baseline", "baseline.go:15:11"), filepath.Join("baseline", "baseline.go:16:5"), filepath.Join("baseline", "baseline.go:32:11")}
	if !slices.Equal(unexpected, wantLines) {
		t.Errorf("without the baseline, unexpected reports at %v, want %v", unexpected, wantLines)
	}
}

// setFlag sets the analyzer's flag name to value for the rest of the
// test.
func setFlag(t *testing.T, name, value string) {
	f := atomiccnt.Analyzer.Flags.Lookup(name)
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Value.Set(old) })
}

// TestResultContainers checks that the accesses through the result of
// a function that returns a pointer into a container are in that
// container.
func TestResultContainers(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "resultcontainer/...")
}

// TestHandoff checks the atomiccnt:handoff directive: the function owns
// what its callers hand over, and a caller that goes on using its
// argument is reported.
func TestHandoff(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "handoff")
}
