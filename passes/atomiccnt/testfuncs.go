package atomiccnt

import (
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
)

// The testing package runs a package's top-level tests, benchmarks,
// examples and fuzz targets one at a time, except for tests that call
// t.Parallel, which run alongside each other. Code inside one of them
// (the function, its literals, the goroutines they start) therefore
// does not overlap with code inside another: a benchmark that adds to
// a sink atomically from b.RunParallel does not race with another that
// stores to it plainly. A goroutine that outlives its test breaks this,
// and is a bug of its own.

// testFuncs tells which top-level test a function runs in, and which
// tests run in parallel, for one pass.
type testFuncs struct {
	fset *token.FileSet
	// entries and parallels cache, per function, the top-level test it
	// runs in, and whether a test runs in parallel.
	entries   map[*ssa.Function]*ssa.Function
	parallels map[*ssa.Function]bool
}

func newTestFuncs(fset *token.FileSet) *testFuncs {
	return &testFuncs{
		fset:      fset,
		entries:   make(map[*ssa.Function]*ssa.Function),
		parallels: make(map[*ssa.Function]bool),
	}
}

// testEntry returns the top-level test, benchmark, example or fuzz
// target of a _test.go file that fn is or is nested in, or nil.
func (ts *testFuncs) testEntry(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if e, ok := ts.entries[fn]; ok {
		return e
	}
	var entry *ssa.Function
	if isTestEntry(fn) && strings.HasSuffix(ts.fset.Position(fn.Pos()).Filename, "_test.go") {
		entry = fn
	}
	ts.entries[fn] = entry
	return entry
}

// isTestEntry reports whether fn has the name and signature of a
// function that go test runs itself.
func isTestEntry(fn *ssa.Function) bool {
	sig := fn.Signature
	if sig.Recv() != nil || sig.Results().Len() != 0 || fn.Object() == nil {
		return false
	}
	name := fn.Name()
	for _, p := range []struct{ prefix, param string }{
		{"Test", "T"}, {"Benchmark", "B"}, {"Fuzz", "F"}, {"Example", ""},
	} {
		if !hasTestPrefix(name, p.prefix) {
			continue
		}
		if p.param == "" {
			return sig.Params().Len() == 0
		}
		return sig.Params().Len() == 1 && calls.IsTestingPtr(sig.Params().At(0).Type(), p.param)
	}
	return false
}

// hasTestPrefix reports whether name is prefix followed by nothing or
// by a character that is not a lower-case letter, as go test requires.
func hasTestPrefix(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	rest := name[len(prefix):]
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLower(r)
}

// sequentialTests reports whether f and g run in different top-level
// tests (or benchmarks, examples, fuzz targets) that go test does not
// run at the same time.
func (ts *testFuncs) sequentialTests(f, g *ssa.Function) bool {
	ef, eg := ts.testEntry(f), ts.testEntry(g)
	if ef == nil || eg == nil || ef == eg {
		return false
	}
	return !ts.parallel(ef) || !ts.parallel(eg)
}

// parallel memoises parallelTest.
func (ts *testFuncs) parallel(entry *ssa.Function) bool {
	p, ok := ts.parallels[entry]
	if !ok {
		p = calls.CallsParallel(entry)
		ts.parallels[entry] = p
	}
	return p
}
