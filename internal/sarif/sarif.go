// Package sarif writes go/analysis diagnostics as a SARIF 2.1.0 log,
// the format that GitHub code scanning and other CI dashboards import.
//
// It holds the subset of the SARIF object model that a go/analysis
// driver fills: one run, one tool, a rule per diagnostic category, and
// results with locations, related locations and fixes.
package sarif

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// Version and SchemaURI identify the format written.
const (
	Version   = "2.1.0"
	SchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
)

// srcRoot is the base of relative artifact URIs, by SARIF convention.
const srcRoot = "%SRCROOT%"

// Log is a SARIF log file.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []*Run `json:"runs"`
}

// A Run is one invocation of one tool.
type Run struct {
	Tool               Tool                        `json:"tool"`
	Invocations        []Invocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                      `json:"columnKind"`
	Results            []Result                    `json:"results"`
}

// Tool names the analysis tool of a run.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver is the tool's main component: its name, version and rules.
type Driver struct {
	Name           string `json:"name"`
	InformationURI string `json:"informationUri,omitempty"`
	Version        string `json:"version,omitempty"`
	Rules          []Rule `json:"rules,omitempty"`
}

// A Rule describes one kind of result.
type Rule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     *Message       `json:"shortDescription,omitempty"`
	FullDescription      *Message       `json:"fullDescription,omitempty"`
	Help                 *Message       `json:"help,omitempty"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration *RuleConfig    `json:"defaultConfiguration,omitempty"`
	Properties           map[string]any `json:"properties,omitempty"`
}

// RuleConfig is a rule's default configuration: its level.
type RuleConfig struct {
	Level string `json:"level"`
}

// Message is a text, with an optional Markdown rendering.
type Message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// Invocation says whether the run succeeded, and what went wrong.
type Invocation struct {
	ExecutionSuccessful        bool           `json:"executionSuccessful"`
	ToolExecutionNotifications []Notification `json:"toolExecutionNotifications,omitempty"`
}

// Notification is a problem of the run itself, not a result.
type Notification struct {
	Level   string  `json:"level"`
	Message Message `json:"message"`
}

// Result is one diagnostic: its rule, message, location, related
// locations and fixes.
type Result struct {
	RuleID           string     `json:"ruleId"`
	RuleIndex        int        `json:"ruleIndex"`
	Level            string     `json:"level"`
	Message          Message    `json:"message"`
	Locations        []Location `json:"locations"`
	RelatedLocations []Location `json:"relatedLocations,omitempty"`
	Fixes            []Fix      `json:"fixes,omitempty"`
	// BaselineState is "new" or "absent" (§3.27.24) when the run is
	// compared with a baseline (see Writer.CompareWithBaseline).
	BaselineState string `json:"baselineState,omitempty"`
	// Rank is the result's priority, from 0 to 100 (§3.27.27): the
	// tool's measured precision for results like it.
	Rank *float64 `json:"rank,omitempty"`
}

// Location is a place in a file, with an optional message and an ID by
// which related locations are numbered.
type Location struct {
	ID               *int              `json:"id,omitempty"`
	PhysicalLocation *PhysicalLocation `json:"physicalLocation,omitempty"`
	Message          *Message          `json:"message,omitempty"`
}

// PhysicalLocation is a region of a file.
type PhysicalLocation struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Region           *Region          `json:"region,omitempty"`
}

// ArtifactLocation names a file: a URI, relative to URIBaseID if set.
type ArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// A Region is a span of text: lines and columns (in the run's
// columnKind), or bytes.
type Region struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

// Fix is a suggested fix: replacements in one or more files.
type Fix struct {
	Description     *Message         `json:"description,omitempty"`
	ArtifactChanges []ArtifactChange `json:"artifactChanges"`
}

// ArtifactChange is a fix's replacements in one file.
type ArtifactChange struct {
	ArtifactLocation ArtifactLocation `json:"artifactLocation"`
	Replacements     []Replacement    `json:"replacements"`
}

// Replacement replaces a region of a file with new text.
type Replacement struct {
	DeletedRegion   Region           `json:"deletedRegion"`
	InsertedContent *ArtifactContent `json:"insertedContent,omitempty"`
}

// ArtifactContent is the text a replacement inserts.
type ArtifactContent struct {
	Text string `json:"text"`
}

// A RuleInfo describes a diagnostic category as a rule.
type RuleInfo struct {
	ID       string // the category
	Name     string // a readable PascalCase name, not the ID in other case; optional
	Short    string // one sentence
	Full     string // the category's documentation, plain text
	Markdown string // the same, as Markdown; optional
	HelpURI  string
	// Precision is the rule's precision on code scanning's scale
	// (very-high, high, medium, low); "high" if empty.
	Precision string
}

// A Writer collects the diagnostics of one run and writes the log.
type Writer struct {
	root    string // absolute directory that relative URIs are based on
	run     *Run
	rules   map[string]int // rule ID to index in run.Tool.Driver.Rules
	seen    map[string]bool
	results []Result
	files   map[string][]byte // file contents, for columns; nil if unreadable
	// absentRule, if not empty, is the rule whose results are the
	// baseline's stale entries; see CompareWithBaseline.
	absentRule string
	// rank, if not nil, gives each result its rank; see RankBy.
	rank func(analysis.Diagnostic) (float64, bool)
}

// RankBy gives each result the rank that rank returns for its
// diagnostic, if it returns one.
func (w *Writer) RankBy(rank func(analysis.Diagnostic) (float64, bool)) {
	w.rank = rank
}

// CompareWithBaseline says that the run reports only what a baseline
// does not accept: its results are new, and those of the rule
// absentRule, the baseline's entries that match nothing, absent.
func (w *Writer) CompareWithBaseline(absentRule string) {
	w.absentRule = absentRule
}

// NewWriter returns a Writer for a run of the tool described by driver
// (whose Rules are ignored), with a rule for each element of rules.
// Artifact URIs under root are relative to it, as %SRCROOT%.
func NewWriter(driver Driver, rules []RuleInfo, root string) (*Writer, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	w := &Writer{
		root:  root,
		run:   &Run{Tool: Tool{Driver: driver}, ColumnKind: "utf16CodeUnits"},
		rules: make(map[string]int),
		seen:  make(map[string]bool),
		files: make(map[string][]byte),
	}
	w.run.Tool.Driver.Rules = nil
	w.run.OriginalURIBaseIDs = map[string]ArtifactLocation{srcRoot: {URI: fileURI(root) + "/"}}
	for _, r := range rules {
		w.addRule(r)
	}
	return w, nil
}

func (w *Writer) addRule(r RuleInfo) int {
	if i, ok := w.rules[r.ID]; ok {
		return i
	}
	rule := Rule{
		ID:                   r.ID,
		Name:                 r.Name,
		HelpURI:              r.HelpURI,
		DefaultConfiguration: &RuleConfig{Level: "warning"},
		Properties: map[string]any{
			"tags":             []string{"concurrency", "correctness", "go"},
			"precision":        cmp.Or(r.Precision, "high"),
			"problem.severity": "warning",
		},
	}
	if strings.EqualFold(r.Name, r.ID) {
		// A name is for people, the ID for machines: validators
		// (SARIF1001) want them apart, case aside, or no name.
		rule.Name = ""
	}
	if r.Short != "" {
		rule.ShortDescription = &Message{Text: r.Short}
	}
	if r.Full != "" {
		rule.FullDescription = &Message{Text: r.Full}
		rule.Help = &Message{Text: r.Full, Markdown: r.Markdown}
	}
	w.rules[r.ID] = len(w.run.Tool.Driver.Rules)
	w.run.Tool.Driver.Rules = append(w.run.Tool.Driver.Rules, rule)
	return w.rules[r.ID]
}

// Add records a diagnostic, once: the same diagnostic from a package
// and its test variant is one result. A diagnostic whose category has
// no rule gets one made from its category and URL.
func (w *Writer) Add(fset *token.FileSet, d analysis.Diagnostic) {
	ruleID := cmp.Or(d.Category, "default")
	index, ok := w.rules[ruleID]
	if !ok {
		index = w.addRule(RuleInfo{ID: ruleID, Short: "Diagnostics of category " + ruleID + ".", HelpURI: d.URL})
	}
	loc := w.location(fset, d.Pos, d.End)
	key := fmt.Sprintf("%s\x00%s\x00%+v\x00%s", ruleID, loc.ArtifactLocation.URI, *loc.Region, d.Message)
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	r := Result{
		RuleID:    ruleID,
		RuleIndex: index,
		Level:     "warning",
		Locations: []Location{{PhysicalLocation: loc}},
	}
	if w.rank != nil {
		if rank, ok := w.rank(d); ok {
			r.Rank = &rank
		}
	}
	switch w.absentRule {
	case "":
	case ruleID:
		r.BaselineState = "absent"
	default:
		r.BaselineState = "new"
	}
	var sites []string
	for i, rel := range d.Related {
		id := i + 1
		r.RelatedLocations = append(r.RelatedLocations, Location{
			ID:               &id,
			PhysicalLocation: w.location(fset, rel.Pos, rel.End),
			Message:          &Message{Text: rel.Message},
		})
		p := fset.Position(rel.Pos)
		sites = append(sites, fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line))
	}
	r.Message = Message{Text: linkSites(d.Message, sites)}
	for _, f := range d.SuggestedFixes {
		if fix, ok := w.fix(fset, f); ok {
			r.Fixes = append(r.Fixes, fix)
		}
	}
	w.results = append(w.results, r)
}

// linkSites returns msg with the first mention of each sites[i], a
// related location as messages name it ("file.go:90", the base name
// of the file and the line), made a link to the related location whose
// id is i+1, in the syntax of SARIF 2.1.0's embedded links (§3.11.6):
// "(atomic.LoadUint32 at [finalizers.go:90](1))". A viewer shows the
// text and links it to the location, as editors link the related
// information that the text output prints on a line of its own. Other
// mentions, and sites that msg does not mention, stay as they are.
func linkSites(msg string, sites []string) string {
	type link struct{ start, end, id int }
	var links []link
	taken := func(start, end int) bool {
		for _, l := range links {
			if start < l.end && l.start < end {
				return true
			}
		}
		return false
	}
	for i, site := range sites {
		for from := 0; site != ""; {
			j := strings.Index(msg[from:], site)
			if j < 0 {
				break
			}
			start, end := from+j, from+j+len(site)
			from = start + 1
			// A whole mention: not the tail of a longer path
			// ("lib/lib.go:10"), nor a prefix of a longer line.
			if start > 0 && strings.IndexByte(pathBytes, msg[start-1]) >= 0 ||
				end < len(msg) && '0' <= msg[end] && msg[end] <= '9' ||
				taken(start, end) {
				continue
			}
			links = append(links, link{start, end, i + 1})
			break
		}
	}
	if len(links) == 0 {
		return msg
	}
	slices.SortFunc(links, func(a, b link) int { return cmp.Compare(a.start, b.start) })
	var b strings.Builder
	last := 0
	for _, l := range links {
		b.WriteString(msg[last:l.start])
		// Brackets and backslashes in the link text are escaped.
		fmt.Fprintf(&b, "[%s](%d)", linkEscaper.Replace(msg[l.start:l.end]), l.id)
		last = l.end
	}
	b.WriteString(msg[last:])
	return b.String()
}

// pathBytes are the bytes that may precede a file's base name within a
// longer path or name.
const pathBytes = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./\\"

var linkEscaper = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`)

// Notify records a problem of the run itself, such as a package that
// does not type-check, and marks the run unsuccessful.
func (w *Writer) Notify(msg string) {
	if len(w.run.Invocations) == 0 {
		w.run.Invocations = []Invocation{{ExecutionSuccessful: true}}
	}
	inv := &w.run.Invocations[0]
	inv.ExecutionSuccessful = false
	inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
		Notification{Level: "error", Message: Message{Text: msg}})
}

// Write writes the log as indented JSON, results in position order.
func (w *Writer) Write(out io.Writer) error {
	if len(w.run.Invocations) == 0 {
		w.run.Invocations = []Invocation{{ExecutionSuccessful: true}}
	}
	results := slices.Clone(w.results)
	slices.SortStableFunc(results, func(a, b Result) int {
		pa, pb := a.Locations[0].PhysicalLocation, b.Locations[0].PhysicalLocation
		return cmp.Or(
			cmp.Compare(pa.ArtifactLocation.URI, pb.ArtifactLocation.URI),
			cmp.Compare(pa.Region.StartLine, pb.Region.StartLine),
			cmp.Compare(pa.Region.StartColumn, pb.Region.StartColumn),
			cmp.Compare(a.RuleID, b.RuleID),
			cmp.Compare(a.Message.Text, b.Message.Text))
	})
	run := *w.run
	run.Results = results
	if run.Results == nil {
		run.Results = []Result{} // an empty run still says it found nothing
	}
	log := Log{Schema: SchemaURI, Version: Version, Runs: []*Run{&run}}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// location converts a span to a physical location. Lines and columns
// follow //line directives, as the text output does.
func (w *Writer) location(fset *token.FileSet, pos, end token.Pos) *PhysicalLocation {
	start := fset.Position(pos)
	region := &Region{StartLine: max(start.Line, 1)}
	if start.Column > 0 {
		region.StartColumn = w.column(start)
	}
	if end.IsValid() && end > pos {
		e := fset.Position(end)
		if e.Filename == start.Filename && e.Line >= start.Line && e.Column > 0 {
			region.EndLine = e.Line
			region.EndColumn = w.column(e)
		}
	}
	return &PhysicalLocation{ArtifactLocation: w.artifact(start.Filename), Region: region}
}

// column converts p's byte column to UTF-16 code units, the column kind
// GitHub expects. If the file cannot be read it keeps the byte column,
// which is the same for ASCII lines.
func (w *Writer) column(p token.Position) int {
	data, ok := w.files[p.Filename]
	if !ok {
		data, _ = os.ReadFile(p.Filename)
		w.files[p.Filename] = data
	}
	start := 0
	for line := 1; line < p.Line; line++ {
		i := strings.IndexByte(string(data[start:]), '\n')
		if i < 0 {
			return p.Column
		}
		start += i + 1
	}
	if start+p.Column-1 > len(data) {
		return p.Column
	}
	units := 1
	for _, r := range string(data[start : start+p.Column-1]) {
		units += utf16Len(r)
	}
	return units
}

func utf16Len(r rune) int {
	if r >= 0x10000 && r <= utf8.MaxRune {
		return 2
	}
	return 1
}

// fix converts a suggested fix to a SARIF fix. Edits are byte ranges
// of the files as they are on disk, so they ignore //line directives.
func (w *Writer) fix(fset *token.FileSet, f analysis.SuggestedFix) (Fix, bool) {
	byFile := make(map[string]*ArtifactChange)
	var order []string
	for _, e := range f.TextEdits {
		tf := fset.File(e.Pos)
		if tf == nil {
			return Fix{}, false
		}
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		offset, length := tf.Offset(e.Pos), tf.Offset(end)-tf.Offset(e.Pos)
		name := tf.Name()
		change := byFile[name]
		if change == nil {
			change = &ArtifactChange{ArtifactLocation: w.artifact(name)}
			byFile[name] = change
			order = append(order, name)
		}
		change.Replacements = append(change.Replacements, Replacement{
			DeletedRegion:   Region{ByteOffset: &offset, ByteLength: &length},
			InsertedContent: &ArtifactContent{Text: string(e.NewText)},
		})
	}
	fix := Fix{Description: &Message{Text: f.Message}}
	for _, name := range order {
		fix.ArtifactChanges = append(fix.ArtifactChanges, *byFile[name])
	}
	return fix, len(fix.ArtifactChanges) > 0
}

// artifact names a file: relative to the root when inside it, else by
// an absolute file URI.
func (w *Writer) artifact(filename string) ArtifactLocation {
	if rel, err := filepath.Rel(w.root, filename); err == nil && filepath.IsAbs(filename) && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		u := &url.URL{Path: filepath.ToSlash(rel)}
		return ArtifactLocation{URI: u.String(), URIBaseID: srcRoot}
	}
	return ArtifactLocation{URI: fileURI(filename)}
}

func fileURI(path string) string {
	path = filepath.ToSlash(path)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path // a Windows drive letter
	}
	return (&url.URL{Scheme: "file", Path: path}).String()
}
