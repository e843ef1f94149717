package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
	"github.com/atomiccnt/atomiccnt/internal/jsonschema"
	"github.com/atomiccnt/atomiccnt/internal/sarif"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// validateSARIF checks data against the SARIF 2.1.0 schema and decodes it.
func validateSARIF(t *testing.T, data string) *sarif.Log {
	t.Helper()
	schema, err := os.ReadFile(filepath.Join("..", "..", "internal", "sarif", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := jsonschema.Compile(schema)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range s.Validate([]byte(data)) {
		t.Errorf("invalid SARIF: %v", err)
	}
	var log sarif.Log
	if err := json.Unmarshal([]byte(data), &log); err != nil {
		t.Fatalf("SARIF does not decode: %v\n%s", err, data)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return &log
}

// TestSARIF runs -format=sarif on the cross-package module and checks
// the log against the schema and against the -json output: the same
// diagnostics, in the same places, each with its category's rule.
func TestSARIF(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	out, stderr, code := cmdtest.RunStdout(t, dir, bin, []string{"-format=sarif", "./lib", "./user"})
	if code != 0 {
		t.Fatalf("exit code %d, want 0 (results are data, as with -json); stderr:\n%s", code, stderr)
	}
	log := validateSARIF(t, out)
	run := log.Runs[0]
	if run.Tool.Driver.Name != "atomiccnt" || len(run.Tool.Driver.Rules) < 4 {
		t.Errorf("driver = %+v", run.Tool.Driver)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.HelpURI == "" || r.Help == nil || r.ShortDescription == nil {
			t.Errorf("rule %s lacks help: %+v", r.ID, r)
		}
		// SARIF1001: a name for people, not the ID in other case.
		if r.Name == "" || strings.EqualFold(r.Name, r.ID) {
			t.Errorf("rule %s is named %q", r.ID, r.Name)
		}
	}

	jsonOut, _ := run1(t, dir, bin, "-json", "./lib", "./user")
	var tree map[string]map[string][]struct {
		Posn     string `json:"posn"`
		Category string `json:"category"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(jsonOut), &tree); err != nil {
		t.Fatal(err)
	}
	want := make(map[string]bool)
	for _, byAnalyzer := range tree {
		for _, d := range byAnalyzer["atomiccnt"] {
			rel, err := filepath.Rel(dir, d.Posn)
			if err != nil {
				t.Fatal(err)
			}
			want[filepath.ToSlash(rel)+" "+d.Category+" "+d.Message] = true
		}
	}
	got := make(map[string]bool)
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %q: artifact %+v is not relative to %%SRCROOT%%", r.Message.Text, loc.ArtifactLocation)
		}
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %q: ruleIndex %d is not rule %s", r.Message.Text, r.RuleIndex, r.RuleID)
		}
		// The rank is the measured precision of the result's tier.
		if want, _ := atomiccnt.Rank(analysis.Diagnostic{Category: r.RuleID, Message: r.Message.Text}); r.Rank == nil || *r.Rank != want {
			t.Errorf("result %q: rank %v, want %v", r.Message.Text, r.Rank, want)
		}
		if p := run.Tool.Driver.Rules[r.RuleIndex].Properties["precision"]; p != "low" {
			t.Errorf("result %q: its rule's precision is %v, want low (measured)", r.Message.Text, p)
		}
		posn := loc.ArtifactLocation.URI + ":" + itoa(loc.Region.StartLine) + ":" + itoa(loc.Region.StartColumn)
		got[posn+" "+r.RuleID+" "+r.Message.Text] = true
	}
	if len(want) != 3 || len(got) != len(want) {
		t.Errorf("SARIF results %v\n-json diagnostics %v", got, want)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("-json reports %q, SARIF does not", k)
		}
	}
}

// unlink returns a SARIF message's text with its embedded links
// ("[file.go:90](1)") as plain text.
func unlink(msg string) string {
	link := regexp.MustCompile(`\[((?:\\.|[^\\\]])*)\]\(\d+\)`)
	return link.ReplaceAllStringFunc(msg, func(l string) string {
		text := link.FindStringSubmatch(l)[1]
		return regexp.MustCompile(`\\(.)`).ReplaceAllString(text, "$1")
	})
}

func run1(t *testing.T, dir, bin string, args ...string) (string, int) {
	t.Helper()
	out, _, code := cmdtest.RunStdout(t, dir, bin, args)
	return out, code
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// TestSARIFExample runs -format=sarif on the bundled example, with -test
// on (the default), so that the generated test main of a package with
// tests is loaded too: every result must be in the example's own file,
// with the atomic load as a related location.
func TestSARIFExample(t *testing.T) {
	bin := buildTool(t)
	root := cmdtest.RepoRoot(t)
	out, stderr, code := cmdtest.RunStdout(t, root, bin, []string{"-format=sarif", "./example/...", "./internal/facts"})
	if code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, stderr)
	}
	text, _ := run(t, root, bin, "./example/...")
	run := validateSARIF(t, out).Runs[0]
	lines := make(map[int]bool)
	for _, r := range run.Results {
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != "example/finalizers/finalizers.go" {
			t.Errorf("result in %s, want only example/finalizers/finalizers.go", loc.ArtifactLocation.URI)
			continue
		}
		lines[loc.Region.StartLine] = true
		if len(r.RelatedLocations) != 1 {
			t.Errorf("result at line %d: %d related locations, want 1 (the atomic load)", loc.Region.StartLine, len(r.RelatedLocations))
			continue
		}
		rel := r.RelatedLocations[0]
		if rel.PhysicalLocation.ArtifactLocation.URI != loc.ArtifactLocation.URI || rel.PhysicalLocation.Region.StartLine != 90 ||
			!strings.Contains(rel.Message.Text, "atomic.LoadUint32") || rel.ID == nil || *rel.ID != 1 {
			t.Errorf("result at line %d: related location %+v %+v", loc.Region.StartLine, rel.PhysicalLocation, rel.Message)
		}
		// The message links its mention of the related location to
		// it, and is otherwise the text output's.
		if !strings.HasSuffix(r.Message.Text, ", which is accessed atomically (atomic.LoadUint32 at [finalizers.go:90](1))") {
			t.Errorf("result at line %d: message %q does not link the related location", loc.Region.StartLine, r.Message.Text)
		}
		if plain := unlink(r.Message.Text); !strings.Contains(text, fmt.Sprintf("finalizers.go:%d:%d: %s (atomiccnt/%s)\n", loc.Region.StartLine, loc.Region.StartColumn, plain, r.RuleID)) {
			t.Errorf("result at line %d: message %q is not the text output's:\n%s", loc.Region.StartLine, plain, text)
		}
	}
	if !lines[58] || !lines[72] || len(lines) != 2 {
		t.Errorf("results at lines %v, want 58 and 72", lines)
	}
}

// TestSARIFErrors checks the failure modes: a package that does not
// type-check still gives a valid log, marked unsuccessful, and exit 1;
// -format is refused by go vet; an unknown format, or -json
// beside -format=sarif, is a usage error; -format=text is the plain
// output.
func TestSARIFErrors(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")

	out, stderr, code := cmdtest.RunStdout(t, dir, bin, []string{"-format=sarif", "./user", "./broken"})
	if code != 1 {
		t.Errorf("broken package: exit code %d, want 1", code)
	}
	if !strings.Contains(stderr, `cannot use "not an int"`) {
		t.Errorf("broken package: stderr lacks the type error:\n%s", stderr)
	}
	sr := validateSARIF(t, out).Runs[0]
	if len(sr.Invocations) != 1 || sr.Invocations[0].ExecutionSuccessful || len(sr.Invocations[0].ToolExecutionNotifications) == 0 {
		t.Errorf("broken package: invocations = %+v, want one unsuccessful, with the error", sr.Invocations)
	}
	if len(sr.Results) != 3 {
		t.Errorf("broken package: %d results, want user's 3", len(sr.Results))
	}

	// go vet learns the tool's flags from -flags, which leaves out
	// -format: go vet rejects it up front, once, rather than each
	// package's process.
	all, code := run(t, dir, "go", "vet", "-vettool="+bin, "-format=sarif", "./lib", "./user")
	if code != 2 || strings.Count(all, "-format") != 1 || !strings.Contains(all, "flag provided but not defined: -format\n") {
		t.Errorf("go vet -format=sarif: exit %d, want 2 and one error naming -format; output:\n%s", code, all)
	}
	// The usage error's advice works.
	all, code = run(t, dir, bin, "help")
	if code != 0 || !strings.Contains(all, "-format") {
		t.Errorf("atomiccnt help: exit %d, output:\n%s", code, all)
	}

	for _, args := range [][]string{{"-json", "-format=sarif", "./lib"}, {"-format", "sarif", "-json", "./lib"}} {
		all, code = run(t, dir, bin, args...)
		if code != 2 || all != "atomiccnt: -json and -format=sarif exclude each other: choose one output format\n" {
			t.Errorf("%s: exit %d, want 2 and one line saying they exclude each other; output:\n%s", strings.Join(args, " "), code, all)
		}
	}

	all, code = run(t, dir, bin, "-format=xml", "./lib")
	if code == 0 || !strings.Contains(all, `invalid value "xml" for flag -format: want text or sarif`) {
		t.Errorf("-format=xml: exit %d, output:\n%s", code, all)
	}

	all, code = run(t, dir, bin, "-format=text", "./lib", "./user")
	if code != 3 {
		t.Errorf("-format=text: exit %d, want 3", code)
	}
	checkReports(t, all, true)
}
