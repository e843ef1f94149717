// Package modcopy prepares real modules for the repository's measuring
// commands, internal/corpus and internal/bench: a writable copy of a
// module taken out of the read-only module cache, with its dependencies
// downloaded, and the environment that runs the go command on it as its
// own main module.
package modcopy

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
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
	out, err := exec.Command("go", "mod", "download", "-json", entry).Output()
	if err != nil {
		return fmt.Errorf("downloading %s: %v", entry, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Error != "" {
		return fmt.Errorf("downloading %s: %v %s", entry, err, info.Error)
	}
	if err := CopyTree(info.Dir, dst); err != nil {
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
