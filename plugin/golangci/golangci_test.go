package golangci

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

func readsOf(t *testing.T, a *analysis.Analyzer) string {
	t.Helper()
	f := a.Flags.Lookup("reads")
	if f == nil {
		t.Fatal("no reads flag")
	}
	return f.Value.String()
}

// TestSettings checks the decoding of the plugin's settings, as
// golangci-lint passes them: nil, or maps decoded from YAML.
func TestSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		reads    string // the reads flag afterwards, if no error
		err      string // a substring of the error
	}{
		{"none", nil, "true", ""},
		{"empty", map[string]any{}, "true", ""},
		{"reads off", map[string]any{"reads": false}, "false", ""},
		{"reads on", map[string]any{"reads": true}, "true", ""},
		{"unknown", map[string]any{"raeds": false}, "", `atomiccnt: unknown setting "raeds" (known settings: allconcurrent, confidence, explain, goroutines, reads)`},
		{"string for bool", map[string]any{"reads": "false"}, "", `atomiccnt: setting "reads": want true or false, got "false"`},
		{"number for bool", map[string]any{"reads": 0}, "", `atomiccnt: setting "reads": want true or false, got 0`},
		{"not a mapping", []any{"reads"}, "", `atomiccnt: settings must be a mapping of names to values, not ["reads"]`},
		{"first bad of two", map[string]any{"zz": 1, "aa": 2}, "", `unknown setting "aa"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(tc.settings)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("New(%v) error = %v, want one containing %q", tc.settings, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New(%v): %v", tc.settings, err)
			}
			analyzers, err := p.BuildAnalyzers()
			if err != nil || len(analyzers) != 1 {
				t.Fatalf("BuildAnalyzers() = %v, %v; want one analyzer", analyzers, err)
			}
			a := analyzers[0]
			if a.Name != "atomiccnt" {
				t.Errorf("analyzer name %q, want atomiccnt (the //nolint name)", a.Name)
			}
			if got := readsOf(t, a); got != tc.reads {
				t.Errorf("reads = %s, want %s", got, tc.reads)
			}
			if got := readsOf(t, atomiccnt.Analyzer); got != "true" {
				t.Errorf("the package's Analyzer changed: reads = %s", got)
			}
		})
	}
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("atomiccnt")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	// The analyzer reads types and builds SSA from them, which
	// golangci-lint's syntax mode does not give.
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
}

// TestAnalyzer runs the configured copies: the analyzer must read its
// flags from the copy, not from the package's Analyzer.
func TestAnalyzer(t *testing.T) {
	for _, tc := range []struct {
		pkg      string
		settings any
	}{
		{"stats", nil},
		{"statsnoreads", map[string]any{"reads": false}},
	} {
		p, err := New(tc.settings)
		if err != nil {
			t.Fatal(err)
		}
		analyzers, _ := p.BuildAnalyzers()
		analysistest.Run(t, analysistest.TestData(), analyzers[0], tc.pkg)
	}
}

// TestForGolangci checks that the plugin passes golangci-lint only the
// first of a diagnostic's alternative fixes, and no related
// information, which golangci-lint would make issues of their own.
func TestForGolangci(t *testing.T) {
	a := &analysis.Analyzer{
		Name: "twofixes",
		Doc:  "reports one diagnostic with two alternative fixes and related information",
		Run: func(pass *analysis.Pass) (any, error) {
			pass.Report(analysis.Diagnostic{
				Message:        "d",
				SuggestedFixes: []analysis.SuggestedFix{{Message: "first"}, {Message: "second"}},
				Related:        []analysis.RelatedInformation{{Message: "the atomic access"}},
			})
			return nil, nil
		},
	}
	forGolangci(a)
	var got []analysis.Diagnostic
	pass := &analysis.Pass{Report: func(d analysis.Diagnostic) { got = append(got, d) }}
	if _, err := a.Run(pass); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].SuggestedFixes) != 1 || got[0].SuggestedFixes[0].Message != "first" || len(got[0].Related) != 0 {
		t.Errorf("reported %+v, want one diagnostic with only the first fix and no related information", got)
	}
}
