package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/atomiccnt/atomiccnt/internal/apply"
	"github.com/atomiccnt/atomiccnt/internal/modcopy"
)

// The fix mode (-fix=first or -fix=type) proves the suggested fixes on
// real code. For each module it takes a fresh copy, applies one fix of
// every report (with -fix=first, atomiccnt -fix itself, which applies
// each report's first fix; with -fix=type, the type fix, which only
// editors offer, applied here from atomiccnt -json), builds the module,
// vets it (which compiles its tests), and runs atomiccnt again. Every
// report left should be one without a fix, and say why.

// A fixResult is what applying the fixes to one module gave.
type fixResult struct {
	name            string
	before, applied int
	conflicts       int // fixes left out because their edits overlapped an applied one
	build, vet      string
	vetBefore       string // go vet on the module as it was
	after           int
	noFix           map[string]int // reports left without a fix, by reason
	notTaken        []string       // reports left that had a fix of the kind applied
	failure         string
}

// A jsonDiag is a diagnostic of atomiccnt's -json output.
type jsonDiag struct {
	Posn, Message, Category string
	SuggestedFixes          []jsonFix `json:"suggested_fixes"`
}

type jsonFix struct {
	Message string
	Edits   []jsonEdit
}

type jsonEdit struct {
	Filename   string
	Start, End int
	New        string
}

// fixEntry applies the fixes of kind ("first" or "type") to a copy of
// the module of entry.
func fixEntry(bin, entry, kind string) *fixResult {
	r := &fixResult{name: entry, noFix: make(map[string]int)}
	src, _, err := prepare(entry)
	if err != nil {
		r.failure = err.Error()
		return r
	}
	dir := filepath.Join(*work, "fix-"+kind, fileName(entry))
	os.RemoveAll(dir)
	if err := modcopy.CopyTree(src, dir); err != nil {
		r.failure = err.Error()
		return r
	}
	diags, err := jsonDiags(bin, dir)
	if err != nil {
		r.failure = err.Error()
		return r
	}
	r.before = len(diags)
	r.vetBefore = goResult(dir, "vet", "./...")
	if kind == "first" {
		for _, d := range diags {
			if chooseFix(d, kind) != nil {
				r.applied++
			}
		}
		cmd := exec.Command(bin, "-fix", "./...")
		cmd.Dir = dir
		cmd.Env = modcopy.Env()
		// -fix exits 3 when it leaves reports without a fix, which
		// check counts; 1 when it could not apply one.
		if out, err := cmd.CombinedOutput(); err != nil && (cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 3) {
			r.failure = "atomiccnt -fix: " + firstLine(string(out))
			return r
		}
		return r.check(bin, dir, kind)
	}
	// The fixes to apply, one per report, and their edits by file;
	// one whose edits overlap an earlier one's is left out whole.
	merger := apply.NewMerger()
	for _, d := range diags {
		edits := chooseFix(d, kind)
		if edits == nil {
			continue
		}
		fix := make(apply.Fix)
		for _, e := range edits {
			fix[e.Filename] = append(fix[e.Filename], apply.Edit{Start: e.Start, End: e.End, New: e.New})
		}
		if !merger.Add(fix) {
			r.conflicts++
			continue
		}
		r.applied++
	}
	if err := applyEdits(merger); err != nil {
		r.failure = err.Error()
		return r
	}
	return r.check(bin, dir, kind)
}

// check builds and vets the fixed module in dir and runs atomiccnt
// again, recording what is left.
func (r *fixResult) check(bin, dir, kind string) *fixResult {
	r.build = goResult(dir, "build", "./...")
	r.vet = goResult(dir, "vet", "./...")
	after, err := jsonDiags(bin, dir)
	if err != nil {
		r.failure = err.Error()
		return r
	}
	r.after = len(after)
	for _, d := range after {
		if chooseFix(d, kind) != nil {
			r.notTaken = append(r.notTaken, strings.TrimPrefix(d.Posn, dir+string(filepath.Separator))+": "+d.Message)
			continue
		}
		_, why, ok := strings.Cut(d.Message, "; no fix (")
		if !ok {
			_, why, ok = strings.Cut(d.Message, "; no atomic call fits (")
		}
		if !ok && len(d.SuggestedFixes) > 0 {
			// The call fix only: a report does not say why its
			// location has no type fix.
			why, ok = "it offers the call fix only)", true
		}
		if !ok {
			why = "no reason given)"
		}
		r.noFix[strings.TrimSuffix(why, ")")]++
	}
	return r
}

// jsonDiags runs atomiccnt -json on the module in dir and returns its
// diagnostics, once each: test variants repeat their package's, with
// the fixes of all variants.
func jsonDiags(bin, dir string) ([]jsonDiag, error) {
	cmd := exec.Command(bin, "-json", "./...")
	cmd.Dir = dir
	cmd.Env = modcopy.Env()
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
		return nil, err
	}
	var out []jsonDiag
	seen := make(map[string]int) // index in out, by position and message
	dec := json.NewDecoder(&stdout)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			break
		}
		for _, byAnalyzer := range tree {
			for _, raw := range byAnalyzer {
				var diags []jsonDiag
				if json.Unmarshal(raw, &diags) != nil {
					continue // a package's error
				}
				for _, d := range diags {
					k := d.Posn + "\x00" + d.Message
					i, ok := seen[k]
					if !ok {
						seen[k] = len(out)
						out = append(out, d)
						continue
					}
					// The same report from another variant of the
					// package (with or without its tests) may offer
					// a fix this one does not: a driver applies it.
					for _, f := range d.SuggestedFixes {
						if !slices.ContainsFunc(out[i].SuggestedFixes, func(g jsonFix) bool { return g.Message == f.Message }) {
							out[i].SuggestedFixes = append(out[i].SuggestedFixes, f)
						}
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b jsonDiag) int { return cmp.Or(cmp.Compare(a.Posn, b.Posn), cmp.Compare(a.Message, b.Message)) })
	return out, nil
}

// chooseFix returns the edits of d's fix of kind: its first, which
// atomiccnt -fix applies (the call fix, or the type fix where some
// access has no call fix), or its type fix ("Change ..."); nil if it
// has none.
func chooseFix(d jsonDiag, kind string) []jsonEdit {
	for i, f := range d.SuggestedFixes {
		if kind == "first" && i == 0 || kind == "type" && strings.HasPrefix(f.Message, "Change ") {
			return f.Edits
		}
	}
	return nil
}

// applyEdits rewrites each file with the fixes that merger holds.
func applyEdits(merger *apply.Merger) error {
	for _, file := range merger.Files() {
		src, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		out, err := merger.Apply(file, src)
		if err != nil {
			return fmt.Errorf("%s: %v", file, err)
		}
		if err := os.WriteFile(file, out, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// goResult runs the go command in dir and says how it went: "ok" or
// its first line of error.
func goResult(dir string, args ...string) string {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = modcopy.Env()
	out, err := cmd.CombinedOutput()
	if err == nil {
		return "ok"
	}
	return "FAIL: " + firstLine(string(out))
}

// fixTable renders the fix mode's results.
func fixTable(kind string, results []*fixResult) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Suggested fixes applied to the corpus (%s fix)\n\n", kind)
	fmt.Fprintf(&b, "Generated by `go run ./internal/corpus -fix=%s`: for each module, a fresh copy, one %s fix of every report applied (with first, by `atomiccnt -fix`; with type, from `atomiccnt -json`, a fix whose edits overlap one applied before left out), then `go build ./...`, `go vet ./...` (which compiles the tests) and atomiccnt again. A vet failure shows go vet's first line, which may have nothing to do with the fixes.\n\n", kind, kind)
	fmt.Fprintf(&b, "| module | reports | fixes applied | left out (overlap) | build | vet before | vet after | reports after | left without a fix | left with a fix |\n|---|---:|---:|---:|---|---|---|---:|---:|---:|\n")
	total := 0
	for _, r := range results {
		if r.failure != "" {
			fmt.Fprintf(&b, "| %s | failed: %s |\n", r.name, r.failure)
			continue
		}
		noFix := 0
		for _, n := range r.noFix {
			noFix += n
		}
		total += r.applied
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %s | %s | %s | %d | %d | %d |\n", r.name, r.before, r.applied, r.conflicts, r.build, r.vetBefore, r.vet, r.after, noFix, len(r.notTaken))
	}
	fmt.Fprintf(&b, "\n%d fixes applied in all.\n", total)
	for _, r := range results {
		if len(r.noFix) == 0 && len(r.notTaken) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n", r.name)
		var reasons []string
		for why := range r.noFix {
			reasons = append(reasons, why)
		}
		slices.Sort(reasons)
		for _, why := range reasons {
			fmt.Fprintf(&b, "- no fix, %d: %s\n", r.noFix[why], why)
		}
		for _, d := range r.notTaken {
			fmt.Fprintf(&b, "- had a fix that did not take: %s\n", d)
		}
	}
	return b.Bytes()
}
