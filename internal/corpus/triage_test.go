package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleTriage = "# Reports triaged\n\n" +
	"## The runtime\n\n### p.status (1)\n\n**Benign by design.** Ignored: before the corpus section.\n\n- `proc.go:1` non-atomic read of p.status\n\n" +
	"## The rest of the corpus\n\n" +
	"### std (outside the runtime)\n\n#### sync Pool (1)\n\n**Benign by design.** Words.\n\n- `sync/pool.go:163` non-atomic read of Pool.local\n\n" +
	"### example.com/mod@v1.0.0\n\n#### a race (2)\n\n**True race, matters.** Words. **Not a verdict.**\n\n" +
	"- `a.go:10` non-atomic read of T.n (col 3)\n- `a.go:10` non-atomic read of T.n (col 9)\n\n" +
	"#### a mistake (1)\n\n**Analyzer mistake.** Words.\n\n- `a_test.go:5` plainwrite: non-atomic write to T.n\n\n" +
	"### example.com/noversion\n\n#### benign (1)\n\n**Benign by design (single goroutine).**\n\n- `b.go:7` non-atomic read of U.m\n"

func TestReadVerdicts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "triage.md")
	if err := os.WriteFile(path, []byte(sampleTriage), 0o644); err != nil {
		t.Fatal(err)
	}
	verdicts, err := readVerdicts(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		entry, file string
		line, col   int
		want        string
	}{
		{"std", "sync/pool.go", 163, 14, "benign"},
		{"example.com/mod@v1.0.0", "a.go", 10, 3, "true race"},
		{"example.com/mod@v1.0.0", "a.go", 10, 9, "true race"},
		{"example.com/mod@v1.0.0", "a.go", 10, 5, "untriaged"}, // a column the entries do not name
		{"example.com/mod@v1.0.0", "a_test.go", 5, 2, "mistake"},
		{"example.com/mod@v2.0.0", "a.go", 10, 3, "untriaged"}, // another version
		{"example.com/noversion@v0.1.0", "b.go", 7, 1, "benign"},
		{"runtime", "proc.go", 1, 1, "untriaged"}, // the runtime's section is not read
	} {
		if got := verdictOf(verdicts, tc.entry, tc.file, tc.line, tc.col); got != tc.want {
			t.Errorf("verdictOf(%s, %s:%d:%d) = %s, want %s", tc.entry, tc.file, tc.line, tc.col, got, tc.want)
		}
	}
}

func TestTriageTable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "triage.md")
	if err := os.WriteFile(path, []byte(sampleTriage), 0o644); err != nil {
		t.Fatal(err)
	}
	reports := map[string]string{
		"std":                    "runtime/proc.go:1:1: plainread: left out\nsync/pool.go:163:14: plainread: non-atomic read of Pool.local\n",
		"example.com/mod@v1.0.0": "a.go:10:3: plainread: x\na.go:10:9: plainread: x\na_test.go:5:2: plainwrite: x (low confidence: the plain access is in a test file)\nc.go:1:1: structcopy: new\n",
	}
	for e, r := range reports {
		if err := os.WriteFile(filepath.Join(dir, fileName(e)+".txt"), []byte(r), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	verdicts, err := readVerdicts(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := triageTable(dir, []string{"std", "runtime", "example.com/mod@v1.0.0"}, verdicts)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| plainread | 3 | 2 | 1 | 0 | 0 | 67% |",
		"| plainwrite | 1 | 0 | 0 | 1 | 0 | 0% |",
		"| structcopy | 1 | 0 | 0 | 0 | 1 | 0% |",
		"| in _test.go files | 1 | 0 | 0 | 1 | 0 | 0% |",
		"| in other files | 4 | 2 | 1 | 0 | 1 | 50% |",
		"| high tier (the default output) | 4 | 2 | 1 | 0 | 1 | 50% |",
		"| low tier | 1 | 0 | 0 | 1 | 0 | 0% |",
		"| total | 5 | 2 | 1 | 1 | 1 | 40% |",
		"- example.com/mod@v1.0.0: c.go:1:1: structcopy: new",
	} {
		if !strings.Contains(string(got), want+"\n") {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}
