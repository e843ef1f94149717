package toolid_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/toolid"
)

// TestBuildID checks the ID read from the test binary against what the
// go command reads from it, and that files without one give "".
func TestBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(text, []byte("not an executable\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := ""
	if runtime.GOOS == "linux" {
		out, err := exec.Command("go", "tool", "buildid", exe).Output()
		if err != nil {
			t.Fatalf("go tool buildid: %v", err)
		}
		want = strings.TrimSpace(string(out))
		if want == "" {
			t.Fatal("go tool buildid printed nothing for the test binary")
		}
	}
	for _, tc := range []struct {
		path, want string
	}{
		{exe, want},
		{text, ""},
		{filepath.Join(t.TempDir(), "missing"), ""},
	} {
		if got := toolid.BuildID(tc.path); got != tc.want {
			t.Errorf("BuildID(%s) = %q, want %q", tc.path, got, tc.want)
		}
	}
}

// TestLine checks the shape that the go command parses, and that the
// identity follows the contents of the files named, not their times.
func TestLine(t *testing.T) {
	baseline := filepath.Join(t.TempDir(), "baseline")
	write := func(s string) {
		if err := os.WriteFile(baseline, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	line := func(files ...string) string {
		s, err := toolid.Line(files...)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	plain := line()
	if f := strings.Fields(plain); len(f) != 5 || f[1] != "version" || f[2] != "devel" || !strings.HasPrefix(f[4], "buildID=") || len(f[4]) != len("buildID=")+64 {
		t.Fatalf("Line() = %q, want \"EXE version devel comments-go-here buildID=<64 hex digits>\"", plain)
	}
	if again := line(""); again != plain {
		t.Errorf("Line(\"\") = %q, want Line()'s %q", again, plain)
	}
	write("a 1\n")
	first := line(baseline)
	write("a 2\n")
	second := line(baseline)
	write("a 1\n")
	third := line(baseline)
	if first == plain || first == second || first != third {
		t.Errorf("Line(baseline) with contents 1, 2, 1 = %q, %q, %q: want the first and last equal, and different from the second and from Line()'s %q", first, second, third, plain)
	}
	if _, err := toolid.Line(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Line(a missing file) gave no error")
	}
}
