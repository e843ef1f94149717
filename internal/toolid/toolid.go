// Package toolid answers go vet's -V=full for the commands: the line
// from which the go command takes the identity of a vet tool, which
// keys its cache of each package's results.
//
// The go command runs the tool with -V=full once per go vet, before
// anything else, and takes the last field of the line, "buildID=X", as
// the tool's identity. x/tools' drivers answer with a SHA-256 digest of
// the whole executable, which, for a binary of ten megabytes or more,
// is most of the cost of that run and of a go vet whose results are all
// cached. A binary that the go command built carries its own digest:
// the content part of its Go build ID is a hash of the linked file
// (what `go tool buildid` prints). So the digest is taken of that build
// ID where the executable has one, and of the whole file otherwise.
package toolid

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"fmt"
	"io"
	"os"
)

// Line returns the -V=full line of the running executable. Its identity
// covers the executable and the contents of files, which name inputs
// whose contents the results depend on but that go vet does not see (a
// baseline named by a flag or the environment); empty names are
// skipped.
func Line(files ...string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if id := BuildID(exe); id != "" {
		fmt.Fprintf(h, "go build ID %q\n", id)
	} else if err := hashFile(h, exe); err != nil {
		return "", err
	}
	for _, name := range files {
		if name == "" {
			continue
		}
		fmt.Fprintf(h, "file %q\n", name)
		if err := hashFile(h, name); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%s version devel comments-go-here buildID=%x", exe, h.Sum(nil)), nil
}

func hashFile(w io.Writer, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// BuildID returns the Go build ID recorded in the ELF executable at
// path, or "" if it is not an ELF file or has none (a binary linked
// with -buildid=, or by another toolchain): then only its contents
// identify it. The linker writes the ID as a note named "Go" of type 4
// in the section .note.go.buildid; reading it costs a few section
// headers, not the file.
func BuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	data, err := s.Data()
	if err != nil || len(data) < 16 {
		return ""
	}
	bo := f.ByteOrder
	namesz, descsz, typ := bo.Uint32(data), bo.Uint32(data[4:]), bo.Uint32(data[8:])
	const goBuildIDNote = 4
	if typ != goBuildIDNote || namesz != 4 {
		return ""
	}
	desc := data[16:]
	if !bytes.Equal(data[12:16], []byte("Go\x00\x00")) || uint64(descsz) > uint64(len(desc)) {
		return ""
	}
	return string(desc[:descsz])
}
