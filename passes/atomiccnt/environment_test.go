package atomiccnt_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// envSource is the package of TestNoEnvironment: one report, and the
// fact behind it.
const envSource = `// This file contains tests for the atomiccnt checker.
package envcheck

import "sync/atomic"

type Counter struct{ n int64 } // want n:"atomicwrite atomic.AddInt64@envcheck.go:8"

func (c *Counter) inc() { atomic.AddInt64(&c.n, 1) }

func (c *Counter) reset() {
	c.n = 0 // want ` + "`" + `non-atomic write to Counter.n, which is accessed atomically \(atomic.AddInt64 at envcheck.go:8\)` + "`" + `
}
`

// envBaseline accepts the package's one report.
const envBaseline = "envcheck envcheck.go (*Counter).reset plainwrite c.n 1 # accepted: TestNoEnvironment must not see this file\n"

// TestNoEnvironment checks that the analyzer needs nothing from its
// environment, as nogo and gopls run it: no flag, no environment
// variable, no file but the package's own. A baseline that accepts the
// package's one report is put wherever a setting could plausibly be
// looked for (ATOMICCNT_BASELINE, the working directory, the package's
// directory and the GOPATH root, HOME and XDG_CONFIG_HOME): were the
// analyzer to read any of them, the report would be missing. A copy
// of the analyzer with -baseline set to the file first shows that it
// does hide the report, so that its absence would be seen.
func TestNoEnvironment(t *testing.T) {
	setFlag(t, "confidence", "high") // TestMain's setting
	a := atomiccnt.Analyzer
	a.Flags.VisitAll(func(f *flag.Flag) {
		if f.Value.String() != f.DefValue {
			t.Fatalf("-%s is %q, not its default %q: the test must run the analyzer without flags", f.Name, f.Value, f.DefValue)
		}
	})

	dir := t.TempDir()
	pkgDir := filepath.Join(dir, "src", "envcheck")
	home := filepath.Join(dir, "home")
	work := filepath.Join(dir, "work")
	writeEnvFile(t, filepath.Join(pkgDir, "envcheck.go"), envSource)
	baseline := filepath.Join(dir, "atomiccnt.baseline")
	for _, name := range []string{
		baseline,
		filepath.Join(pkgDir, "atomiccnt.baseline"),
		filepath.Join(pkgDir, ".atomiccnt.baseline"),
		filepath.Join(dir, "src", "atomiccnt.baseline"),
		filepath.Join(work, "atomiccnt.baseline"),
		filepath.Join(work, ".atomiccnt.baseline"),
		filepath.Join(home, "atomiccnt.baseline"),
		filepath.Join(home, ".atomiccnt.baseline"),
		filepath.Join(home, ".config", "atomiccnt", "baseline"),
		filepath.Join(home, ".config", "atomiccnt", "atomiccnt.baseline"),
	} {
		writeEnvFile(t, name, envBaseline)
	}

	// The go command that analysistest runs keeps its build cache,
	// which HOME would otherwise move.
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	t.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	t.Setenv("ATOMICCNT_BASELINE", baseline)
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Chdir(work)

	// The control: with -baseline, the file hides the report.
	rec := &envRecorder{}
	withBaseline := copyWithFlag(t, a, "baseline", baseline)
	if n := countDiagnostics(analysistest.Run(rec, dir, withBaseline, "envcheck")); n != 0 {
		t.Fatalf("with -baseline=%s, %d reports, want 0: the file does not accept the report, and the check below proves nothing (errors: %v)", baseline, n, rec.msgs)
	}
	if !strings.Contains(strings.Join(rec.msgs, "\n"), "non-atomic write to Counter.n") {
		t.Fatalf("with -baseline, analysistest did not miss the report: %v", rec.msgs)
	}

	// The check: without a flag, everything around it is ignored and
	// the report is made.
	if n := countDiagnostics(analysistest.Run(t, dir, a, "envcheck")); n != 1 {
		t.Errorf("%d reports, want 1", n)
	}
}

func writeEnvFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyWithFlag returns a copy of a with flags of its own, at their
// defaults but name, set to value: the shared analyzer's flags stay
// untouched.
func copyWithFlag(t *testing.T, a *analysis.Analyzer, name, value string) *analysis.Analyzer {
	t.Helper()
	b := *a
	b.Flags = flag.FlagSet{}
	b.Flags.Init(a.Name, flag.ContinueOnError)
	a.Flags.VisitAll(func(f *flag.Flag) {
		switch v := f.Value.(flag.Getter).Get().(type) {
		case bool:
			b.Flags.Bool(f.Name, v, f.Usage)
		case string:
			b.Flags.String(f.Name, v, f.Usage)
		case fmt.Stringer:
			b.Flags.Var(f.Value, f.Name, f.Usage) // shared: set only name
			if f.Name == name {
				t.Fatalf("copyWithFlag cannot set -%s: its value is shared", name)
			}
		default:
			t.Fatalf("flag -%s has a value of type %T: copyWithFlag needs a case for it", f.Name, v)
		}
	})
	if err := b.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	return &b
}

func countDiagnostics(results []*analysistest.Result) int {
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	return n
}

// envRecorder collects what analysistest reports, for a run that is
// expected to miss its want comments.
type envRecorder struct{ msgs []string }

func (r *envRecorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
