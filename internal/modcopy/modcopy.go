// Package modcopy prepares real modules for the repository's measuring
// commands, internal/corpus, internal/mutate and internal/bench: the
// entries of the corpus list, a writable copy of a module taken out of
// the read-only module cache, with its dependencies downloaded, and the
// environment that runs the go command on it as its own main module.
package modcopy

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Env returns the process environment plus the settings that make the
// go command treat the directory it runs in as its own main module, with
// the installed toolchain: no workspace, go.mod and go.sum updated as
// needed, no toolchain switch. Entries of extra (KEY=value) come last and
// so win.
func Env(extra ...string) []string {
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	return append(env, extra...)
}

// Prepare makes dst a copy of module entry ("path@version"), downloaded
// through the module proxy, and downloads the module's dependencies, so
// that later runs of the go command in dst need no network. A module
// from before go.mod gets one, with its dependencies at their latest
// versions. If dst already exists, Prepare assumes an earlier call made
// it and does nothing.
func Prepare(entry, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	src, err := Source(entry)
	if err != nil {
		return err
	}
	if err := CopyTree(src, dst); err != nil {
		return err
	}
	steps := [][]string{{"go", "mod", "download"}}
	if _, err := os.Stat(filepath.Join(dst, "go.mod")); err != nil {
		path, _, _ := strings.Cut(entry, "@")
		steps = [][]string{{"go", "mod", "init", path}, {"go", "mod", "tidy", "-e"}}
	}
	for _, step := range steps {
		cmd := exec.Command(step[0], step[1:]...)
		cmd.Dir = dst
		cmd.Env = Env()
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s in %s: %v\n%s", strings.Join(step, " "), entry, err, out)
		}
	}
	return nil
}

// Source downloads module entry ("path@version") through the module
// proxy, if it is not in the module cache yet, and returns its
// directory there, which is read-only: the pristine files that a copy
// made by Prepare started from.
func Source(entry string) (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", entry).Output()
	if err != nil {
		return "", fmt.Errorf("downloading %s: %v", entry, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Error != "" {
		return "", fmt.Errorf("downloading %s: %v %s", entry, err, info.Error)
	}
	return info.Dir, nil
}

// Entries returns the entries of a corpus list (internal/corpus's
// modules.txt): one module@version, "std" or "runtime" a line, with
// blank lines and # comments left out.
func Entries(list string) []string {
	var entries []string
	for _, line := range strings.Split(list, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			entries = append(entries, line)
		}
	}
	return entries
}

// Select returns the entries that only (comma-separated entries or
// module paths) names, all of them if only is empty; an error if it
// names none.
func Select(entries []string, only string) ([]string, error) {
	if only == "" {
		return entries, nil
	}
	want := strings.Split(only, ",")
	entries = slices.DeleteFunc(slices.Clone(entries), func(e string) bool {
		path, _, _ := strings.Cut(e, "@")
		return !slices.Contains(want, e) && !slices.Contains(want, path)
	})
	if len(entries) == 0 {
		return nil, fmt.Errorf("no entry of the corpus list matches -only=%s", only)
	}
	return entries, nil
}

// CopyTree copies the directory tree src to dst, making every directory
// and file writable (files in the module cache are read-only).
func CopyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(path, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
