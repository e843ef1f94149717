package main_test

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
)

// TestTextAsSinglechecker checks that the standalone text driver prints
// what singlechecker prints, with the same exit code, but for paths
// relative to the working directory, the category after each report,
// and the package named where analysis is skipped: with -debug= (no
// debugging, but a flag that only singlechecker implements) the command
// is singlechecker's.
func TestTextAsSinglechecker(t *testing.T) {
	skipped := regexp.MustCompile(`(?m)^atomiccnt: \S+: analysis skipped`)
	category := regexp.MustCompile(`(?m) \(atomiccnt/[a-z]+\)$`)
	relative := regexp.MustCompile(`(?m)^([a-z][^\s:]*\.go:\d+:\d+: )`)
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := buildTool(t)
	for _, archive := range []string{"crosspkg.txtar", "variants.txtar"} {
		dir := writeModule(t, archive)
		for _, args := range [][]string{{"./..."}, {"-reads=false", "./..."}, {"-c", "1", "./..."}, {"-test=false", "./..."}, {"./nosuchdir"}} {
			text, textCode := run(t, dir, bin, args...)
			if !category.MatchString(text) && textCode == 3 {
				t.Errorf("%s: atomiccnt %s: no category in the reports:\n%s", archive, strings.Join(args, " "), text)
			}
			text = skipped.ReplaceAllString(text, "atomiccnt: analysis skipped")
			text = category.ReplaceAllString(text, "")
			text = relative.ReplaceAllString(text, filepath.ToSlash(dir)+"/$1")
			single, singleCode := run(t, dir, bin, append([]string{"-debug="}, args...)...)
			if text != single || textCode != singleCode {
				t.Errorf("%s: atomiccnt %s: exit %d, output\n%s\nsinglechecker: exit %d, output\n%s", archive, strings.Join(args, " "), textCode, text, singleCode, single)
			}
		}
	}
}

// TestProgress checks that the progress line appears only on request
// here (stderr is a pipe), and is cleared before the reports.
func TestProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")

	quiet, _ := run(t, dir, bin, "./lib", "./user")
	if strings.Contains(quiet, "\r") || strings.Contains(quiet, " packages") {
		t.Errorf("progress on a pipe:\n%q", quiet)
	}
	_, stderr, code := cmdtest.RunStdout(t, dir, bin, []string{"./lib", "./user"}, "ATOMICCNT_PROGRESS=always")
	if code != 3 {
		t.Errorf("exit code %d, want 3", code)
	}
	i := strings.LastIndex(stderr, "\r")
	if i < 0 || !strings.Contains(stderr[:i], "atomiccnt: loading packages (") || !strings.Contains(stderr[:i], " packages") {
		t.Fatalf("ATOMICCNT_PROGRESS=always: no progress line:\n%q", stderr)
	}
	if cleared := strings.TrimSpace(stderr[strings.LastIndex(stderr[:i], "\r")+1 : i]); cleared != "" {
		t.Errorf("the progress line is not cleared: %q", stderr[:i+1])
	}
	if reports := stderr[i+1:]; reports != quiet {
		t.Errorf("with progress, the reports differ:\n%q\nwant\n%q", reports, quiet)
	}
	_, stderr, _ = cmdtest.RunStdout(t, dir, bin, []string{"-json", "./lib", "./user"}, "ATOMICCNT_PROGRESS=always")
	if strings.Contains(stderr, "\r") {
		t.Errorf("progress with -json:\n%q", stderr)
	}
}

// TestFailureNamed checks that a package that does not type-check is
// named where its analysis is skipped, and that -json, which a program
// reads, carries the type error in the package's "error".
func TestFailureNamed(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	out, code := run(t, dir, bin, "./broken")
	if code != 1 || !strings.Contains(out, "atomiccnt: example.com/m/broken: analysis skipped due to errors in package\n") {
		t.Errorf("text: exit %d, want 1 and the package named:\n%s", code, out)
	}
	stdout, _, code := cmdtest.RunStdout(t, dir, bin, []string{"-json", "./broken"})
	var tree map[string]map[string]struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("-json: %v\n%s", err, stdout)
	}
	msg := tree["example.com/m/broken"]["atomiccnt"].Error
	if code != 1 || !strings.HasPrefix(msg, "example.com/m/broken: analysis skipped due to errors in package (") || !strings.Contains(msg, "broken.go:") {
		t.Errorf("-json: exit %d, want 1 and the type error in the package's error; got %q", code, msg)
	}
}
