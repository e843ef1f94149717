// Package cmdtest holds the helpers of the commands' integration tests:
// build a command, lay out a module from a txtar archive, run a program
// in it. The tests that use it need the go command and take seconds, so
// BuildTool skips them under -short.
package cmdtest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// BuildTool builds the main package pkg (a path the go command accepts,
// such as "." or "../atomiccnt") into a temporary directory and returns
// the binary's path. Under -short it skips the test instead.
func BuildTool(t *testing.T, pkg string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("integration test: builds a command and runs it")
	}
	name := filepath.Base(pkg)
	if pkg == "." {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		name = filepath.Base(wd)
	}
	bin := filepath.Join(t.TempDir(), name)
	out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// WriteModule extracts the txtar archive at path into a new temporary
// directory and returns the directory.
func WriteModule(t *testing.T, path string) string {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		path := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Run runs name with args in dir and returns its combined output and
// exit code. The go command runs outside any workspace and may update
// go.mod; extra environment entries (KEY=value) come last and win.
func Run(t *testing.T, dir, name string, args []string, env ...string) (string, int) {
	t.Helper()
	out, stderr, code := run(t, dir, name, args, env, true)
	return out + stderr, code
}

// RunStdout is Run with standard output and standard error apart, for
// output that must parse.
func RunStdout(t *testing.T, dir, name string, args []string, env ...string) (stdout, stderr string, code int) {
	t.Helper()
	return run(t, dir, name, args, env, false)
}

func run(t *testing.T, dir, name string, args, env []string, combined bool) (string, string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if combined {
		cmd.Stderr = &stdout
	}
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return stdout.String(), stderr.String(), 0
	case errors.As(err, &exit):
		return stdout.String(), stderr.String(), exit.ExitCode()
	}
	t.Fatalf("running %s %s: %v", name, strings.Join(args, " "), err)
	return "", "", 0
}

// RepoRoot returns the root of the atomiccnt module, the directory
// holding its go.mod, found upwards from the working directory.
func RepoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}
