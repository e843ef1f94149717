package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
)

func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(cmdtest.RepoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// readmeFlags parses the table of the README's "### Flags" section into
// flag name → default.
func readmeFlags(t *testing.T) map[string]string {
	t.Helper()
	text := readme(t)
	_, section, ok := strings.Cut(text, "\n### Flags\n")
	if !ok {
		t.Fatal(`README has no "### Flags" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	row := regexp.MustCompile("(?m)^\\| `-([\\w.-]+)` \\| *`?([^|`]*?)`? *\\|")
	flags := make(map[string]string)
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		flags[m[1]] = strings.TrimSpace(m[2])
	}
	if len(flags) == 0 {
		t.Fatal("README's flags table has no rows")
	}
	return flags
}

// helpFlags parses the flag list of atomiccnt -h into flag name →
// default, leaving out the deprecated flags that have no effect.
func helpFlags(t *testing.T, help string) map[string]string {
	t.Helper()
	_, list, ok := strings.Cut(help, "\nFlags:\n")
	if !ok {
		t.Fatalf("-h output has no flag list:\n%s", help)
	}
	// Each flag starts a line with "  -name [type]", and its usage
	// follows, on the same line or indented on the next ones.
	entry := regexp.MustCompile(`(?m)^  -(\S+)((?: \w+)?)((?:\t[^\n]*|\n    \t[^\n]*)+)`)
	flags := make(map[string]string)
	for _, m := range entry.FindAllStringSubmatch(list, -1) {
		name, typ, usage := m[1], strings.TrimSpace(m[2]), m[3]
		if strings.Contains(usage, "no effect (deprecated)") {
			continue
		}
		def := ""
		if typ == "" {
			def = "false" // a boolean flag shows its default only when true
		}
		if d := regexp.MustCompile(`\(default (.*)\)\s*$`).FindStringSubmatch(usage); d != nil {
			def = strings.Trim(d[1], `"`)
		}
		flags[name] = def
	}
	return flags
}

// TestFlagsDocumented checks the README's flag reference against the
// command: the flags of atomiccnt -h, with their defaults, and those of
// atomiccnt -flags, which go vet uses to decide what it passes on.
func TestFlagsDocumented(t *testing.T) {
	bin := buildTool(t)
	documented := readmeFlags(t)

	help, _ := run(t, t.TempDir(), bin, "-h")
	actual := helpFlags(t, help)
	for name, def := range actual {
		doc, ok := documented[name]
		switch {
		case !ok:
			t.Errorf("flag -%s (default %q) is missing from the README's flags table", name, def)
		case doc != def:
			t.Errorf("flag -%s: the README says default %q, atomiccnt -h says %q", name, doc, def)
		}
	}
	for name := range documented {
		if _, ok := actual[name]; !ok {
			t.Errorf("the README documents -%s, which atomiccnt -h does not list", name)
		}
	}

	out, _, code := cmdtest.RunStdout(t, t.TempDir(), bin, []string{"-flags"})
	if code != 0 {
		t.Fatalf("-flags: exit %d", code)
	}
	var vetFlags []struct {
		Name  string
		Usage string
	}
	if err := json.Unmarshal([]byte(out), &vetFlags); err != nil {
		t.Fatalf("-flags output: %v\n%s", err, out)
	}
	for _, f := range vetFlags {
		if _, ok := documented[f.Name]; !ok && !strings.Contains(f.Usage, "no effect (deprecated)") {
			t.Errorf("-flags lists -%s, which the README does not document", f.Name)
		}
	}
}

// TestReadmeRecipes checks that the configurations the README shows are
// the ones the integration scripts run.
func TestReadmeRecipes(t *testing.T) {
	text := readme(t)
	root := cmdtest.RepoRoot(t)
	for _, file := range []string{
		"integration/golangci/.custom-gcl.yml",
		"integration/golangci/.golangci.yml",
	} {
		data, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "```yaml\n"+string(data)+"```\n") {
			t.Errorf("the README does not show %s as it is:\n%s", file, data)
		}
	}
}

// TestDocLinks checks that every relative link of the README and of the
// documents under docs/ names a file of the tree and, with a #fragment,
// a heading of it: the README links to what moved out of it.
func TestDocLinks(t *testing.T) {
	root := cmdtest.RepoRoot(t)
	docs := []string{filepath.Join(root, "README.md")}
	err := filepath.WalkDir(filepath.Join(root, "docs"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			docs = append(docs, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	// Code is not markdown: SARIF's embedded links, [text](1), are shown
	// in a code span.
	code := regexp.MustCompile("(?s)```.*?```|`[^`]*`")
	checked := 0
	for _, doc := range docs {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, doc)
		for _, m := range link.FindAllStringSubmatch(code.ReplaceAllString(string(data), ""), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, fragment, _ := strings.Cut(target, "#")
			path := doc
			if file != "" {
				path = filepath.Join(filepath.Dir(doc), file)
			}
			checked++
			info, err := os.Stat(path)
			if err != nil {
				t.Errorf("%s: link %s: no such file", rel, target)
				continue
			}
			if fragment != "" && !info.IsDir() && !hasAnchor(t, path, fragment) {
				t.Errorf("%s: link %s: no heading makes the anchor #%s", rel, target, fragment)
			}
		}
	}
	if checked == 0 {
		t.Fatal("found no relative links to check")
	}
}

// hasAnchor reports whether a heading of the markdown file makes the
// anchor, as GitHub derives it: lower case, spaces to hyphens, and
// punctuation other than hyphens and underscores dropped.
func hasAnchor(t *testing.T, path, anchor string) bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		heading, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(heading) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		if b.String() == anchor {
			return true
		}
	}
	return false
}
