package sarif

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/internal/jsonschema"
)

const src = `package p

import "sync/atomic"

type T struct{ n uint32 }

func (t *T) Load() uint32 { return atomic.LoadUint32(&t.n) }

func (t *T) Inc() { /* ünïcödé 😀 */ t.n++ }
`

// posOf returns the position of the first occurrence of substr in the
// file's source.
func posOf(t *testing.T, f *token.File, substr string) token.Pos {
	t.Helper()
	i := strings.Index(src, substr)
	if i < 0 {
		t.Fatalf("no %q in source", substr)
	}
	return f.Pos(i)
}

func TestWriter(t *testing.T) {
	root := t.TempDir()
	name := filepath.Join(root, "dir with space", "p.go")
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	tf := fset.File(file.Pos())
	// A second file outside the root, as a dependency would be.
	outside := fset.AddFile(filepath.Join(t.TempDir(), "dep.go"), -1, 100)
	outside.SetLines([]int{0, 50})

	inc, load := posOf(t, tf, "t.n++"), posOf(t, tf, "atomic.LoadUint32")
	write := analysis.Diagnostic{
		Pos:      inc,
		End:      inc + token.Pos(len("t.n++")),
		Category: "plainwrite",
		URL:      "https://example.com/doc#hdr-Category_plainwrite",
		Message:  "non-atomic increment of T.n, which is accessed atomically (atomic.LoadUint32 at p.go:7)",
		Related:  []analysis.RelatedInformation{{Pos: load, Message: "atomic.LoadUint32 of T.n"}},
		SuggestedFixes: []analysis.SuggestedFix{{
			Message: "Replace with atomic.AddUint32",
			TextEdits: []analysis.TextEdit{
				{Pos: inc, End: inc + token.Pos(len("t.n++")), NewText: []byte("atomic.AddUint32(&t.n, 1)")},
			},
		}},
	}
	unknown := analysis.Diagnostic{Pos: outside.Pos(60), Category: "newcategory", URL: "https://example.com/doc#new", Message: "elsewhere"}

	w, err := NewWriter(Driver{Name: "atomiccnt", InformationURI: "https://example.com/doc"},
		[]RuleInfo{
			{ID: "plainwrite", Name: "NonAtomicWrite", Short: "A plain write.", Full: "A plain write to a location accessed atomically.", HelpURI: "https://example.com/doc#hdr-Category_plainwrite"},
			{ID: "plainread", Name: "PlainRead", Short: "A plain read."}, // a name that is the ID, case aside
		},
		root)
	if err != nil {
		t.Fatal(err)
	}
	w.Add(fset, write)
	w.Add(fset, write) // a test variant's duplicate
	w.Add(fset, unknown)
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())

	var log Log
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if got := len(run.Tool.Driver.Rules); got != 3 {
		t.Fatalf("%d rules, want 3 (plainwrite, plainread and the made-up newcategory)", got)
	}
	if r := run.Tool.Driver.Rules[2]; r.ID != "newcategory" || r.Name != "" || r.HelpURI != "https://example.com/doc#new" {
		t.Errorf("made-up rule = %+v", r)
	}
	if r := run.Tool.Driver.Rules[0]; r.Name != "NonAtomicWrite" {
		t.Errorf("rule %s is named %q, want NonAtomicWrite", r.ID, r.Name)
	}
	if r := run.Tool.Driver.Rules[1]; r.Name != "" {
		t.Errorf("rule %s is named %q, want no name: the ID in other case", r.ID, r.Name)
	}
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file://"+filepath.ToSlash(root)+"/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2 (duplicates merged):\n%s", len(run.Results), buf.Bytes())
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "dir%20with%20space/p.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
		t.Errorf("artifact = %+v", loc.ArtifactLocation)
	}
	// Byte column 44 on line 9 follows "ü", "ï", "ö", "é" (two bytes,
	// one UTF-16 unit each) and "😀" (four bytes, two units).
	if p := tf.Position(inc); p.Line != 9 || p.Column != 44 {
		t.Fatalf("test source changed: increment at %v", p)
	}
	if got := *loc.Region; got.StartLine != 9 || got.StartColumn != 38 || got.EndLine != 9 || got.EndColumn != 43 {
		t.Errorf("region = %+v, want 9:38-9:43 in UTF-16 units", got)
	}
	if r.RuleID != "plainwrite" || r.RuleIndex != 0 {
		t.Errorf("result = %+v", r)
	}
	// The related location's mention links to it.
	if want := "non-atomic increment of T.n, which is accessed atomically (atomic.LoadUint32 at [p.go:7](1))"; r.Message.Text != want {
		t.Errorf("message %q, want %q", r.Message.Text, want)
	}
	if len(r.RelatedLocations) != 1 || r.RelatedLocations[0].PhysicalLocation.Region.StartLine != 7 ||
		r.RelatedLocations[0].Message.Text != "atomic.LoadUint32 of T.n" {
		t.Errorf("related = %+v", r.RelatedLocations)
	}
	if len(r.Fixes) != 1 {
		t.Fatalf("fixes = %+v", r.Fixes)
	}
	rep := r.Fixes[0].ArtifactChanges[0].Replacements[0]
	if off := strings.Index(src, "t.n++"); *rep.DeletedRegion.ByteOffset != off || *rep.DeletedRegion.ByteLength != 5 ||
		rep.InsertedContent.Text != "atomic.AddUint32(&t.n, 1)" {
		t.Errorf("replacement = %+v", rep)
	}
	if out := run.Results[1].Locations[0].PhysicalLocation.ArtifactLocation; out.URIBaseID != "" || !strings.HasPrefix(out.URI, "file:///") {
		t.Errorf("a file outside the root = %+v, want an absolute file URI", out)
	}
}

// TestLinkSites checks the embedded links of a result's message to its
// related locations.
func TestLinkSites(t *testing.T) {
	for _, tc := range []struct {
		msg   string
		sites []string
		want  string
	}{
		{"write to T.n (atomic.Load at p.go:7)", []string{"p.go:7"}, "write to T.n (atomic.Load at [p.go:7](1))"},
		{"write to T.n", []string{"p.go:7"}, "write to T.n"},
		{"write to T.n (atomic.Load at p.go:7)", nil, "write to T.n (atomic.Load at p.go:7)"},
		// Not a mention of the site: a longer line, a longer path.
		{"write (atomic.Load at p.go:70)", []string{"p.go:7"}, "write (atomic.Load at p.go:70)"},
		{"write (atomic.Load at example.com/m/lib/p.go:7)", []string{"p.go:7"}, "write (atomic.Load at example.com/m/lib/p.go:7)"},
		{"write (atomic.Load at mp.go:7)", []string{"p.go:7"}, "write (atomic.Load at mp.go:7)"},
		// Several sites, in the message's order or not, and the same
		// site twice.
		{"at b.go:2, then a.go:1", []string{"a.go:1", "b.go:2"}, "at [b.go:2](2), then [a.go:1](1)"},
		{"at a.go:1 and a.go:1", []string{"a.go:1", "a.go:1"}, "at [a.go:1](1) and [a.go:1](2)"},
		{"at a.go:1", []string{"a.go:1", "a.go:1"}, "at [a.go:1](1)"},
		{"at p.go:7 and lib/p.go:7 and p.go:7", []string{"p.go:7", "p.go:7"}, "at [p.go:7](1) and lib/p.go:7 and [p.go:7](2)"},
		// Brackets in the link text are escaped, not elsewhere.
		{"x[i] at [gen].go:3", []string{"[gen].go:3"}, `x[i] at [\[gen\].go:3](1)`},
	} {
		if got := linkSites(tc.msg, tc.sites); got != tc.want {
			t.Errorf("linkSites(%q, %q) = %q, want %q", tc.msg, tc.sites, got, tc.want)
		}
	}
}

func TestEmptyAndFailed(t *testing.T) {
	w, err := NewWriter(Driver{Name: "atomiccnt"}, nil, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())
	if !strings.Contains(buf.String(), `"results": []`) {
		t.Errorf("an empty run lacks an empty results array:\n%s", buf.Bytes())
	}
	w.Notify("example.com/broken: does not type-check")
	buf.Reset()
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	validate(t, buf.Bytes())
	if !strings.Contains(buf.String(), `"executionSuccessful": false`) {
		t.Errorf("a failed run is not marked:\n%s", buf.Bytes())
	}
}

// validate checks data against the SARIF 2.1.0 schema.
func validate(t *testing.T, data []byte) {
	t.Helper()
	schema, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := jsonschema.Compile(schema)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range s.Validate(data) {
		t.Errorf("invalid SARIF: %v", err)
	}
}
