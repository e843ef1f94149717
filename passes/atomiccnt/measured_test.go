package atomiccnt

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestMeasuredPrecision checks that the precision of each tier is the
// triage's: the rows of its table of tiers.
func TestMeasuredPrecision(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "triage.md"))
	if err != nil {
		t.Fatal(err)
	}
	for tr, row := range map[tier]string{tierHigh: "| high (the default output) |", tierLow: "| low (test files) |"} {
		p := tierPrecision[tr]
		want := fmt.Sprintf("%s %d | %d |", row, p.reports, p.races)
		if !strings.Contains(string(data), want) {
			t.Errorf("docs/triage.md has no row %q: the %s tier's figures differ from the triage's", want, tr)
		}
	}
}

func TestRank(t *testing.T) {
	for _, tc := range []struct {
		d    analysis.Diagnostic
		rank float64
		ok   bool
	}{
		{analysis.Diagnostic{Category: "plainread", Message: "non-atomic read of T.n, which is written atomically (atomic.AddInt64 at t.go:3)"}, 26.1, true},
		{analysis.Diagnostic{Category: "plainread", Message: "non-atomic read of T.n, which is written atomically (atomic.AddInt64 at t.go:3) (low confidence: the plain access is in a test file)"}, 7.3, true},
		{analysis.Diagnostic{Category: "explain", Message: "not reported: ..."}, 0, false},
		{analysis.Diagnostic{Category: "directive", Message: "malformed"}, 0, false},
		{analysis.Diagnostic{Category: "contract", Message: "call of f without T.mu held"}, 0, false},
	} {
		rank, ok := Rank(tc.d)
		if rank != tc.rank || ok != tc.ok {
			t.Errorf("Rank(%s: %s) = %v, %v; want %v, %v", tc.d.Category, tc.d.Message, rank, ok, tc.rank, tc.ok)
		}
	}
}
