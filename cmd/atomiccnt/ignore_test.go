package main_test

import (
	"os/exec"
	"path"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
)

// TestBuildOutputsIgnored checks that git ignores what go build writes
// for each command of the repository, built at the top of the tree or
// in the command's directory, so that no binary is committed by
// mistake.
func TestBuildOutputsIgnored(t *testing.T) {
	root := cmdtest.RepoRoot(t)
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	if out, code := cmdtest.Run(t, root, "git", []string{"rev-parse", "--is-inside-work-tree"}); code != 0 || strings.TrimSpace(out) != "true" {
		t.Skip("not a git checkout")
	}
	out, code := cmdtest.Run(t, root, "go", []string{"list", "-f", `{{if eq .Name "main"}}{{.Dir}}{{end}}`, "./..."})
	if code != 0 {
		t.Fatalf("go list: exit %d\n%s", code, out)
	}
	var outputs []string
	for _, dir := range strings.Fields(out) {
		rel := strings.TrimPrefix(strings.TrimPrefix(dir, root), "/")
		name := path.Base(rel)
		outputs = append(outputs, name, rel+"/"+name)
	}
	if len(outputs) == 0 {
		t.Fatal("go list found no commands")
	}
	for _, o := range outputs {
		if _, code := cmdtest.Run(t, root, "git", []string{"check-ignore", "-q", "--no-index", o}); code != 0 {
			t.Errorf("git does not ignore %s, which go build writes", o)
		}
	}
}
