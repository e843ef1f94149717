package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// mutantCounts are the figures of one target's last mutation run, as
// internal/mutate writes them in the header of the target's file.
type mutantCounts struct {
	known                               bool
	mutants, caught, missed, equivalent int
}

// cells renders the counts as the table's four cells, or dashes for a
// target that no mutation run covers.
func (m mutantCounts) cells() string {
	if !m.known {
		return "- | - | - | -"
	}
	return fmt.Sprintf("%d | %d | %d | %d", m.mutants, m.caught, m.missed, m.equivalent)
}

var countsHeader = regexp.MustCompile(`(?m)^# counts (.*)$`)

// readMutantCounts reads, for each entry, the counts of dir's target
// file named after it; an entry without one has no counts.
func readMutantCounts(dir string, entries []string) (map[string]mutantCounts, error) {
	out := make(map[string]mutantCounts)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, fileName(e)+".txt"))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		m, err := parseMutantCounts(string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", filepath.Join(dir, fileName(e)+".txt"), err)
		}
		out[e] = m
	}
	return out, nil
}

// parseMutantCounts parses the "# counts name=value ..." header of a
// mutation run's target file.
func parseMutantCounts(text string) (mutantCounts, error) {
	line := countsHeader.FindStringSubmatch(text)
	if line == nil {
		return mutantCounts{}, errors.New("no counts line")
	}
	m := mutantCounts{known: true}
	fields := map[string]*int{"mutants": &m.mutants, "caught": &m.caught, "missed": &m.missed, "equivalent": &m.equivalent}
	seen := 0
	for _, f := range strings.Fields(line[1]) {
		name, value, ok := strings.Cut(f, "=")
		p := fields[name]
		if !ok || p == nil {
			continue
		}
		n, err := strconv.Atoi(value)
		if err != nil {
			return mutantCounts{}, fmt.Errorf("counts: %s is not a number", f)
		}
		*p = n
		seen++
	}
	if seen != len(fields) {
		return mutantCounts{}, errors.New("counts line lacks mutants, caught, missed or equivalent")
	}
	return m, nil
}
