package main

// Running the analyzer: the built atomiccnt binary, standalone, with
// -json, on the target's copy, as a user would run it. Its reports are
// compared line by line with those of the unmutated code.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// A report is one diagnostic, by where it is and its category.
// Messages are left out of the comparison on purpose: a mutant that
// removes the earliest atomic access of a location changes the message
// of every other report on it (it names that access), which is no new
// report.
type report struct {
	file     string // relative to the target's root
	line     int
	category string
	message  string
}

// An analysis is what one run of atomiccnt gave: the reports, and the
// packages that could not be analysed, with the error.
type analysis struct {
	reports []report
	failed  map[string]string
}

// analyse runs atomiccnt on the packages pkgs of t.
func (t *target) analyse(bin string, pkgs []string) (*analysis, error) {
	cmd := exec.Command(bin, append(t.args, pkgs...)...)
	cmd.Dir, cmd.Env = t.dir, t.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	a := &analysis{failed: make(map[string]string)}
	dec := json.NewDecoder(&stdout)
	objects := 0
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			break
		}
		objects++
		for pkg, byAnalyzer := range tree {
			for _, raw := range byAnalyzer {
				var diags []struct{ Posn, Category, Message string }
				if err := json.Unmarshal(raw, &diags); err != nil {
					var e struct{ Error string }
					json.Unmarshal(raw, &e)
					a.failed[pkg] = firstLine(e.Error)
					continue
				}
				for _, d := range diags {
					r, ok := t.parseReport(d.Posn, d.Category, d.Message)
					if ok {
						a.reports = append(a.reports, r)
					}
				}
			}
		}
	}
	// -json exits 0, or 1 when a package failed (listed above); any
	// other end, or no output at all, is the run's own failure.
	if code := cmd.ProcessState.ExitCode(); (code != 0 && code != 1) || (code == 1 && len(a.failed) == 0) || (runErr != nil && cmd.ProcessState == nil) {
		return nil, fmt.Errorf("%s %s: %v\n%s", bin, strings.Join(pkgs, " "), runErr, stderr.String())
	}
	if objects == 0 && stderr.Len() > 0 {
		// A load error (no package at all) prints no JSON.
		for _, p := range pkgs {
			a.failed[p] = firstLine(stderr.String())
		}
	}
	return a, nil
}

// parseReport turns a -json position (an absolute file:line:col) into
// a report on a file of t; reports elsewhere (a baseline file's stale
// entries) are left out.
func (t *target) parseReport(posn, category, message string) (report, bool) {
	i := strings.LastIndex(posn, ":")
	j := strings.LastIndex(posn[:max(i, 0)], ":")
	if j < 0 {
		return report{}, false
	}
	line, err := strconv.Atoi(posn[j+1 : i])
	if err != nil {
		return report{}, false
	}
	rel, err := filepath.Rel(t.root, posn[:j])
	if err != nil || !filepath.IsLocal(rel) {
		return report{}, false
	}
	return report{file: filepath.ToSlash(rel), line: line, category: category, message: message}, true
}

// newReport returns a report of after on m's lines that before does
// not have (by count of reports of each category on each line), or
// nil.
func newReport(m *mutant, before, after *analysis) *report {
	type key struct {
		line     int
		category string
	}
	count := func(a *analysis) map[key]int {
		n := make(map[key]int)
		for _, r := range a.reports {
			if r.file == m.file && m.line <= r.line && r.line <= m.endLine {
				n[key{r.line, r.category}]++
			}
		}
		return n
	}
	was := count(before)
	for i, r := range after.reports {
		if r.file != m.file || r.line < m.line || m.endLine < r.line {
			continue
		}
		k := key{r.line, r.category}
		if was[k] > 0 {
			was[k]--
			continue
		}
		return &after.reports[i]
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
