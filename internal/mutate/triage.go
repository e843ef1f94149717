package main

// Triage files: a person's verdict on each missed mutant, read from
// -triage's directory, one markdown file per target
// (docs/mutants/runtime.md). Each verdict is a list item:
//
//	- runtime/mgc.go:123 work.nproc: equivalent: the world is stopped (gcStart holds worldsema)
//	- runtime/proc.go:456 schedt.npidle: hole: the read-back rule spares a reader that runs on every P
//
// naming the mutant as the output does (file:line location), then
// "equivalent" (its plain form cannot race: the reason) or "hole" (it
// can, and the analyzer should have reported it: what it missed). Any
// other line is prose. A list item that names a file:line and does not
// parse is an error, so that a typo does not silently drop a verdict.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
)

// A verdict is the triage of one missed mutant.
type verdict struct {
	equivalent bool
	reason     string
	line       int // in the triage file
}

func (v verdict) String() string {
	if v.equivalent {
		return "equivalent: " + v.reason
	}
	return "hole: " + v.reason
}

var (
	verdictLine = regexp.MustCompile(`^- (\S+:\d+ \S+): (equivalent|hole): (\S.*)$`)
	looksLike   = regexp.MustCompile(`^- \S+\.go:\d+ `)
)

// readVerdicts reads the triage file name; a missing file has no
// verdicts.
func readVerdicts(name string) (map[string]verdict, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseVerdicts(name, string(data))
}

// parseVerdicts parses the text of triage file name.
func parseVerdicts(name, text string) (map[string]verdict, error) {
	verdicts := make(map[string]verdict)
	for i, line := range strings.Split(text, "\n") {
		m := verdictLine.FindStringSubmatch(line)
		if m == nil {
			if looksLike.MatchString(line) {
				return nil, fmt.Errorf("%s:%d: want \"- file:line location: equivalent|hole: reason\", have %q", name, i+1, line)
			}
			continue
		}
		if v, dup := verdicts[m[1]]; dup {
			return nil, fmt.Errorf("%s:%d: %s is triaged already, at line %d", name, i+1, m[1], v.line)
		}
		verdicts[m[1]] = verdict{equivalent: m[2] == "equivalent", reason: m[3], line: i + 1}
	}
	return verdicts, nil
}
