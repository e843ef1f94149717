package apply

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestMerger(t *testing.T) {
	src := []byte("0123456789")
	for _, tc := range []struct {
		name  string
		fixes []Fix
		added []bool
		want  string
	}{
		{"disjoint", []Fix{{"f": {{1, 2, "a"}}}, {"f": {{5, 6, "b"}}}}, []bool{true, true}, "0a234b6789"},
		{"adjacent", []Fix{{"f": {{1, 2, "a"}}}, {"f": {{2, 3, "b"}}}}, []bool{true, true}, "0ab3456789"},
		{"overlap", []Fix{{"f": {{1, 4, "a"}}}, {"f": {{3, 5, "b"}}}}, []bool{true, false}, "0a456789"},
		{"identical edits count once", []Fix{{"f": {{0, 0, "x"}, {1, 2, "a"}}}, {"f": {{0, 0, "x"}, {5, 6, "b"}}}}, []bool{true, true}, "x0a234b6789"},
		{"two insertions at one offset", []Fix{{"f": {{3, 3, "a"}}}, {"f": {{3, 3, "b"}}}}, []bool{true, false}, "012a3456789"},
		{"insertion inside a replacement", []Fix{{"f": {{2, 6, "R"}}}, {"f": {{4, 4, "i"}}}}, []bool{true, false}, "01R6789"},
		{"a conflicting fix adds none of its edits", []Fix{{"f": {{1, 2, "a"}}}, {"f": {{8, 9, "z"}, {1, 3, "b"}}}}, []bool{true, false}, "0a23456789"},
		{"a fix's own edits overlap", []Fix{{"f": {{1, 3, "a"}, {2, 4, "b"}}}}, []bool{false}, "0123456789"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMerger()
			for i, f := range tc.fixes {
				if got := m.Add(f); got != tc.added[i] {
					t.Errorf("Add(fix %d) = %v, want %v", i, got, tc.added[i])
				}
			}
			got, err := m.Apply("f", src)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("Apply = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestUnified(t *testing.T) {
	lines := func(n int, change map[int]string) string {
		var sb strings.Builder
		for i := 1; i <= n; i++ {
			if s, ok := change[i]; ok {
				sb.WriteString(s)
				continue
			}
			sb.WriteString("l" + string(rune('a'+i-1)) + "\n")
		}
		return sb.String()
	}
	for _, tc := range []struct {
		name     string
		old, new string
		want     string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", lines(5, nil), lines(5, map[int]string{3: "X\n"}),
			"--- a/p/f.go\n+++ b/p/f.go\n@@ -1,5 +1,5 @@\n la\n lb\n-lc\n+X\n ld\n le\n"},
		{"insertion at the top", "a\nb\n", "new\na\nb\n",
			"--- a/p/f.go\n+++ b/p/f.go\n@@ -1,2 +1,3 @@\n+new\n a\n b\n"},
		{"two hunks", lines(20, nil), lines(20, map[int]string{2: "X\n", 18: "Y\n"}),
			"--- a/p/f.go\n+++ b/p/f.go\n@@ -1,5 +1,5 @@\n la\n-lb\n+X\n lc\n ld\n le\n@@ -15,6 +15,6 @@\n lo\n lp\n lq\n-lr\n+Y\n ls\n lt\n"},
		{"changes six lines apart share a hunk", lines(9, nil), lines(9, map[int]string{1: "X\n", 8: "Y\n"}),
			"--- a/p/f.go\n+++ b/p/f.go\n@@ -1,9 +1,9 @@\n-la\n+X\n lb\n lc\n ld\n le\n lf\n lg\n-lh\n+Y\n li\n"},
		{"no newline at end", "a\nb", "a\nc",
			"--- a/p/f.go\n+++ b/p/f.go\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
		{"deletion of the only line", "a\n", "",
			"--- a/p/f.go\n+++ b/p/f.go\n@@ -1 +0,0 @@\n-a\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Unified("p/f.go", []byte(tc.old), []byte(tc.new))
			if got != tc.want {
				t.Errorf("Unified =\n%s\nwant\n%s", got, tc.want)
			}
			if got != "" {
				checkGitApply(t, tc.old, tc.new, got)
			}
		})
	}
}

// checkGitApply applies patch with git apply to a file holding old and
// checks that the result is new: the diff is for git, not only like it.
func checkGitApply(t *testing.T, old, new, patch string) {
	t.Helper()
	git, err := exec.LookPath("git")
	if err != nil {
		t.Log("no git: the patch is not applied")
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "p", "f.go")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(git, "apply", "-")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(patch)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s", err, out)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != new {
		t.Errorf("after git apply: %q, want %q", got, new)
	}
}
