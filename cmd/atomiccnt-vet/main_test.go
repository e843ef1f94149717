package main_test

import (
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
	"github.com/atomiccnt/atomiccnt/internal/toolid"
)

var (
	plainWrite = regexp.MustCompile(`user/user\.go:9:\d+: non-atomic write to lib\.Stats\.N, which is accessed atomically \(atomic\.AddInt64 at example\.com/m/lib/lib\.go:9\)`)
	plainRead  = regexp.MustCompile(`user/user\.go:11:\d+: non-atomic read of lib\.Stats\.N`)
	printf     = regexp.MustCompile(`user/user\.go:13:\d+: fmt\.Sprintf format %d has arg "not a number" of wrong type string`)
)

// TestVet runs the bundled tool under go vet: one run reports both
// atomiccnt's cross-package diagnostics and the standard suite's, and
// each analyzer can be configured or turned off by name.
func TestVet(t *testing.T) {
	bin := cmdtest.BuildTool(t, ".")
	dir := cmdtest.WriteModule(t, filepath.Join("testdata", "mixed.txtar"))
	for _, tc := range []struct {
		flags []string
		want  map[*regexp.Regexp]bool
	}{
		{nil, map[*regexp.Regexp]bool{plainWrite: true, plainRead: true, printf: true}},
		{[]string{"-atomiccnt.reads=false"}, map[*regexp.Regexp]bool{plainWrite: true, plainRead: false, printf: true}},
		{[]string{"-atomiccnt=false"}, map[*regexp.Regexp]bool{plainWrite: false, plainRead: false, printf: true}},
		{[]string{"-printf=false"}, map[*regexp.Regexp]bool{plainWrite: true, plainRead: true, printf: false}},
	} {
		t.Run(strings.Join(append([]string{"flags"}, tc.flags...), " "), func(t *testing.T) {
			args := append([]string{"vet", "-vettool=" + bin}, tc.flags...)
			out, code := cmdtest.Run(t, dir, "go", append(args, "./lib", "./user"))
			if code == 0 {
				t.Errorf("go vet exit code 0, want non-zero")
			}
			for re, want := range tc.want {
				if got := re.MatchString(out); got != want {
					t.Errorf("reported %q = %v, want %v; output:\n%s", re, got, want, out)
				}
			}
			if strings.Contains(out, "panic") {
				t.Errorf("output mentions a panic:\n%s", out)
			}
		})
	}
}

// TestNoBaseline checks that the bundle does not take a baseline, which
// go vet's cache would not see change.
func TestNoBaseline(t *testing.T) {
	bin := cmdtest.BuildTool(t, ".")
	out, code := cmdtest.Run(t, t.TempDir(), bin, []string{"-flags"})
	if code != 0 || !strings.Contains(out, `"atomiccnt.reads"`) || strings.Contains(out, "baseline") {
		t.Errorf("atomiccnt-vet -flags: exit %d, want 0, atomiccnt.reads and no baseline:\n%s", code, out)
	}
}

// TestToolID checks the answer to -V=full, with which go vet keys its
// cache: the shape the go command parses, from a binary that has the Go
// build ID the answer is taken from (internal/toolid tests the rest).
func TestToolID(t *testing.T) {
	bin := cmdtest.BuildTool(t, ".")
	out, code := cmdtest.Run(t, t.TempDir(), bin, []string{"-V=full"})
	f := strings.Fields(out)
	if code != 0 || len(f) != 5 || f[0] != bin || f[1] != "version" || f[2] != "devel" || !strings.HasPrefix(f[4], "buildID=") {
		t.Fatalf("atomiccnt-vet -V=full: exit %d, output %q; want 0 and \"%s version devel comments-go-here buildID=...\"", code, out, bin)
	}
	if toolid.BuildID(bin) == "" && runtime.GOOS == "linux" {
		t.Errorf("the bundle built by go build has no Go build ID")
	}
}

// TestVersion checks that a bare -V prints the version line, as go
// vet's own tool does, where multichecker takes only -V=full.
func TestVersion(t *testing.T) {
	bin := cmdtest.BuildTool(t, ".")
	for _, arg := range []string{"-V", "-V=true"} {
		out, code := cmdtest.Run(t, t.TempDir(), bin, []string{arg})
		if code != 0 || !strings.HasPrefix(out, "atomiccnt-vet ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("atomiccnt-vet %s: exit %d, output %q; want 0 and the version line", arg, code, out)
		}
	}
}
