package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
