package main_test

import (
	"regexp"
	"strings"
	"testing"
)

// report matches a diagnostic line, not its related information.
var report = regexp.MustCompile(`(?m)^\S+\.go:\d+:\d+: (non-atomic |atomic\.\w+ on ).*$`)

// TestFixpoint applies every fix to a module with races of every form
// the fixes handle: the module must still build, and a second run may
// report only accesses whose diagnostics say why they have no fix.
func TestFixpoint(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "fixpoint.txtar")

	out, code := run(t, dir, bin, "./...")
	if code != 3 {
		t.Fatalf("first run: exit code %d, want 3:\n%s", code, out)
	}
	before := report.FindAllString(out, -1)

	out, _ = run(t, dir, bin, "-fix", "./...")
	if strings.TrimSpace(out) != "" {
		// Not even the driver's "ignoring alternative fix" for the
		// reports that also offer the type fix: -fix keeps the first.
		t.Errorf("-fix printed:\n%s", out)
	}
	if out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("the fixed module does not build:\n%s", out)
	}
	if out, code := run(t, dir, "go", "vet", "./..."); code != 0 {
		t.Errorf("go vet reports the fixed module:\n%s", out)
	}

	out, _ = run(t, dir, bin, "./...")
	after := report.FindAllString(out, -1)
	for _, d := range after {
		if !strings.Contains(d, "; no fix (") {
			t.Errorf("still reported after -fix, with no reason: %s", d)
		}
	}
	// The two accesses that no fix can make atomic: a *=, and the read
	// of the value that global++ (now an atomic add) stores, which
	// needs the add's result. (The generated file's access is not
	// reported at all.)
	if len(after) != 2 {
		t.Errorf("%d reports after -fix, want 2:\n%s", len(after), strings.Join(after, "\n"))
	}
	t.Logf("%d reports before -fix, %d after", len(before), len(after))
}
