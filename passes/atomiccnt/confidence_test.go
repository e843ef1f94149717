package atomiccnt_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// TestConfidence checks that by default the analyzer reports the high
// tier alone: the test file's report is low and left out.
func TestConfidence(t *testing.T) {
	setFlag(t, "confidence", "high")
	analysistest.Run(t, analysistest.TestData(), atomiccnt.Analyzer, "confidence")
}

// TestConfidenceExplain checks that -explain names each report's tier
// and its evidence, and why its memory counts as shared, and says which
// reports the tier leaves out.
func TestConfidenceExplain(t *testing.T) {
	setFlag(t, "confidence", "high")
	got := explained(t, "confidence")
	for _, want := range []string{
		"conf.go:13:11: unexpected diagnostic: high confidence: no evidence rule lowers it; shared: it is reached through s, the receiver of (*Stats).Hits, whose callers may share it",
		"conf_test.go:12:7: unexpected diagnostic: not reported: non-atomic read of Stats.hits, which is written atomically (atomic.AddInt64 at conf.go:10) (low confidence: the plain access is in a test file); see -confidence",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("with -explain, no %q in:\n%s", want, got)
		}
	}
}

// TestConfidenceFlag checks that -confidence takes a tier, and nothing
// else.
func TestConfidenceFlag(t *testing.T) {
	f := atomiccnt.Analyzer.Flags.Lookup("confidence")
	old := f.Value.String()
	defer f.Value.Set(old)
	for _, tc := range []struct {
		value, want string
		ok          bool
	}{
		{"high", "high", true},
		{"low", "low", true},
		{"LOW", "low", true},
		{"medium", "", false},
		{"", "", false},
	} {
		err := f.Value.Set(tc.value)
		if (err == nil) != tc.ok {
			t.Errorf("-confidence=%q: error %v, want ok=%v", tc.value, err, tc.ok)
			continue
		}
		if tc.ok && f.Value.String() != tc.want {
			t.Errorf("-confidence=%q: value %q, want %q", tc.value, f.Value, tc.want)
		}
	}
}

// TestSharedExplain checks that -explain says why the memory of a report
// counts as shared: a package-level variable, an object published before
// the access; and, where either side holds a lock, the locks of both.
func TestSharedExplain(t *testing.T) {
	got := explained(t, "sharedwhy")
	for _, want := range []string{
		"sharedwhy.go:15:29: unexpected diagnostic: high confidence: no evidence rule lowers it; shared: it is reached through the package-level variable total",
		"sharedwhy.go:24:8: unexpected diagnostic: high confidence: no evidence rule lowers it; shared: the object its function owned is ",
		"sharedwhy.go:40:11: unexpected diagnostic: high confidence: no evidence rule lowers it; shared: it is reached through a, the receiver of (*A).Get, whose callers may share it; locks: it holds A.mu, the atomic access at sharedwhy.go:35 holds none",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("with -explain, no %q in:\n%s", want, got)
		}
	}
}

// explained returns what analysistest says of the package pkg's
// diagnostics with -explain, every one unexpected, one a line.
func explained(t *testing.T, pkg string) string {
	setFlag(t, "explain", "true")
	rec := new(recorder)
	analysistest.Run(rec, analysistest.TestData(), atomiccnt.Analyzer, pkg)
	return strings.Join(rec.msgs, "\n")
}
