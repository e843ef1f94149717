package main

// The targets: where the mutants are written and analysed. Mutants are
// never written where the code lives (the module cache is read-only,
// and go vet refuses overlays of it; the standalone tool takes no
// overlay at all), but into a copy: of a corpus module, made by
// modcopy; of a directory; or, for the runtime, of the installed
// GOROOT, made of hard links, with GOROOT pointing at it. A mutated
// file replaces its link (written beside it and renamed over it), so
// the installed tree is never written through a shared inode.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/atomiccnt/atomiccnt/internal/modcopy"
)

// A target is one entry prepared for mutation.
type target struct {
	name     string
	root     string   // the copy: file names are relative to it
	pristine string   // the unmutated tree that root copies
	dir      string   // where the go command and atomiccnt run
	env      []string // their environment
	patterns []string // the packages to mutate
	args     []string // atomiccnt's flags, beyond -json
	journal  string   // the file that lists the files being mutated
}

// prepareTarget prepares entry: "runtime", a module@version of the
// corpus list, or (dir set) a module directory. work holds the copies.
func prepareTarget(entry, dir, work, runtimeBaseline string) (*target, error) {
	t := &target{name: entry, args: []string{"-json", "-test=false"}}
	switch {
	case dir != "":
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		t.name, t.pristine = filepath.Base(abs), abs
		t.root = filepath.Join(work, "dir-"+fileName(abs))
		// A directory may change between runs: copy it afresh.
		if err := os.RemoveAll(t.root); err != nil {
			return nil, err
		}
		if err := modcopy.CopyTree(abs, t.root); err != nil {
			return nil, err
		}
		t.dir, t.env, t.patterns = t.root, modcopy.Env(), []string{"./..."}
	case entry == "runtime":
		out, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			return nil, fmt.Errorf("go env GOROOT: %v", err)
		}
		goroot := strings.TrimSpace(string(out))
		cp := filepath.Join(work, "goroot")
		if _, err := os.Stat(cp); errors.Is(err, fs.ErrNotExist) {
			if err := linkTree(goroot, cp); err != nil {
				os.RemoveAll(cp)
				return nil, fmt.Errorf("linking a copy of %s: %v", goroot, err)
			}
		}
		t.pristine, t.root = filepath.Join(goroot, "src"), filepath.Join(cp, "src")
		t.dir, t.env, t.patterns = work, modcopy.Env("GOROOT="+cp), []string{"runtime"}
		if runtimeBaseline != "" {
			b, err := filepath.Abs(runtimeBaseline)
			if err != nil {
				return nil, err
			}
			if _, err := os.Stat(b); err != nil {
				return nil, fmt.Errorf("-runtime-baseline: %v", err)
			}
			t.args = append(t.args, "-baseline="+b)
		}
	case entry == "std":
		return nil, errors.New("std is not supported: mutate the runtime, or a module")
	default:
		src, err := modcopy.Source(entry)
		if err != nil {
			return nil, err
		}
		t.pristine, t.root = src, filepath.Join(work, fileName(entry))
		if err := modcopy.Prepare(entry, t.root); err != nil {
			return nil, err
		}
		t.dir, t.env, t.patterns = t.root, modcopy.Env(), []string{"./..."}
	}
	t.journal = t.root + ".mutating"
	return t, t.recover()
}

func fileName(entry string) string {
	return strings.NewReplacer("/", "_", "@", "_").Replace(strings.TrimPrefix(entry, "/"))
}

// linkTree makes dst a copy of the tree src made of hard links.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		}
		return os.Link(path, target)
	})
}

// write writes the mutated content of file (relative to root) into
// the copy, after naming the file in the journal, so that an
// interrupted run's mutants are undone by the next (see recover).
func (t *target) write(files map[string][]byte) error {
	var names []string
	for f := range files {
		names = append(names, f)
	}
	if err := os.WriteFile(t.journal, []byte(strings.Join(names, "\n")), 0o644); err != nil {
		return err
	}
	for f, data := range files {
		if err := replaceFile(filepath.Join(t.root, f), data); err != nil {
			return err
		}
	}
	return nil
}

// restore puts the pristine content of files back and clears the
// journal.
func (t *target) restore(files []string) error {
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(t.pristine, f))
		if err != nil {
			return err
		}
		if err := replaceFile(filepath.Join(t.root, f), data); err != nil {
			return err
		}
	}
	return os.Remove(t.journal)
}

// recover restores the files that an interrupted run left mutated.
func (t *target) recover() error {
	data, err := os.ReadFile(t.journal)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return t.restore(strings.Fields(string(data)))
}

// replaceFile writes data to a new file beside name and renames it
// over name: a hard link that name was is replaced, not written
// through. An unchanged file is left alone.
func replaceFile(name string, data []byte) error {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp := name + ".atomiccnt-mutant"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
