package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Counting verdicts. docs/triage.md judges every report on the corpus
// outside the runtime: a section per module ("### module@version"), a
// group per reason ("#### ...") whose paragraph starts with the verdict
// in bold, and a line per report ("- `file:line` message", with
// "(col N)" where two share a line). With -triage, the harness joins the
// report files of a run with those verdicts and prints precision by
// category and by kind of file, so that a rule's effect is measured
// against the judgement, not against the count alone.

// A verdictKey names a triaged report; col is 0 when the entry gives
// none.
type verdictKey struct {
	module, file string
	line, col    int
}

var (
	triageModule  = regexp.MustCompile("^### (\\S+)")
	triageVerdict = regexp.MustCompile(`^\*\*([^*]+)\*\*`)
	triageReport  = regexp.MustCompile("^- `([^`:]+):(\\d+)`(.*)$")
	triageCol     = regexp.MustCompile(`\(col (\d+)\)`)
	reportLine    = regexp.MustCompile(`^(\S+?):(\d+):(\d+): (\w+): `)
)

// readVerdicts reads the verdicts of the triage file at path, from its
// section on the corpus outside the runtime on.
func readVerdicts(path string) (map[verdictKey]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := string(data)
	start := strings.Index(text, "\n## The rest of the corpus")
	if start < 0 {
		return nil, fmt.Errorf("%s: no section \"The rest of the corpus\"", path)
	}
	verdicts := make(map[verdictKey]string)
	var module, verdict string
	for line := range strings.SplitSeq(text[start:], "\n") {
		if m := triageModule.FindStringSubmatch(line); m != nil {
			module, verdict = m[1], ""
			continue
		}
		if strings.HasPrefix(line, "#### ") {
			verdict = ""
			continue
		}
		if m := triageVerdict.FindStringSubmatch(line); m != nil && verdict == "" {
			switch v := strings.ToLower(m[1]); {
			case strings.HasPrefix(v, "true"):
				verdict = "true race"
			case strings.HasPrefix(v, "benign"):
				verdict = "benign"
			case strings.HasPrefix(v, "analyzer"):
				verdict = "mistake"
			}
			continue
		}
		m := triageReport.FindStringSubmatch(line)
		if m == nil || module == "" || verdict == "" {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		col := 0
		if c := triageCol.FindStringSubmatch(m[3]); c != nil {
			col, _ = strconv.Atoi(c[1])
		}
		k := verdictKey{module, m[1], n, col}
		if _, dup := verdicts[k]; !dup {
			verdicts[k] = verdict
		}
	}
	return verdicts, nil
}

// verdictOf returns the verdict of a report of entry at file:line:col,
// or "untriaged".
func verdictOf(verdicts map[verdictKey]string, entry, file string, line, col int) string {
	path, _, _ := strings.Cut(entry, "@")
	for _, module := range []string{entry, path} {
		for _, c := range []int{col, 0} {
			if v, ok := verdicts[verdictKey{module, file, line, c}]; ok {
				return v
			}
		}
	}
	return "untriaged"
}

var verdictColumns = []string{"true race", "benign", "mistake", "untriaged"}

// triageTable joins the report files in dir of entries (the runtime
// left out, as the triage does) with verdicts, and renders the counts.
func triageTable(dir string, entries []string, verdicts map[verdictKey]string) ([]byte, error) {
	counts := make(map[string]map[string]int) // row -> verdict -> reports
	add := func(row, v string) {
		if counts[row] == nil {
			counts[row] = make(map[string]int)
		}
		counts[row][v]++
	}
	var untriaged []string
	for _, e := range entries {
		if e == "runtime" {
			continue
		}
		f, err := os.Open(filepath.Join(dir, fileName(e)+".txt"))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			m := reportLine.FindStringSubmatch(sc.Text())
			if m == nil || (e == "std" && strings.HasPrefix(m[1], "runtime/")) {
				continue
			}
			line, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			v := verdictOf(verdicts, e, m[1], line, col)
			if v == "untriaged" {
				untriaged = append(untriaged, e+": "+sc.Text())
			}
			kind := "in other files"
			if strings.HasSuffix(m[1], "_test.go") {
				kind = "in _test.go files"
			}
			tier := "high tier (the default output)"
			if lowTier(sc.Text()) {
				tier = "low tier"
			}
			add(m[4], v)
			add(kind, v)
			add(tier, v)
			add("total", v)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	var rows []string
	for row := range counts {
		if row != "total" && !strings.HasPrefix(row, "in ") && !strings.Contains(row, " tier") {
			rows = append(rows, row)
		}
	}
	slices.Sort(rows)
	rows = append(rows, "in _test.go files", "in other files")
	for _, tier := range []string{"high tier (the default output)", "low tier"} {
		if counts[tier] != nil {
			rows = append(rows, tier)
		}
	}
	rows = append(rows, "total")

	var b strings.Builder
	b.WriteString("| | reports | " + strings.Join(verdictColumns, " | ") + " | precision |\n")
	b.WriteString("|---|---:|" + strings.Repeat("---:|", len(verdictColumns)) + "---:|\n")
	for _, row := range rows {
		c := counts[row]
		total := 0
		for _, v := range verdictColumns {
			total += c[v]
		}
		fmt.Fprintf(&b, "| %s | %d |", row, total)
		for _, v := range verdictColumns {
			fmt.Fprintf(&b, " %d |", c[v])
		}
		precision := "—"
		if total > 0 {
			precision = fmt.Sprintf("%.0f%%", 100*float64(c["true race"])/float64(total))
		}
		fmt.Fprintf(&b, " %s |\n", precision)
	}
	if len(untriaged) > 0 {
		b.WriteString("\nNot triaged yet:\n\n")
		for _, u := range untriaged {
			b.WriteString("- " + u + "\n")
		}
	}
	return []byte(b.String()), nil
}
