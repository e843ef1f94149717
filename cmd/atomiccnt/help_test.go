package main

import (
	"flag"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// TestHelp checks the help: short, with its sections, on stdout for
// -h, -help and help (which go vet's usage error suggests), and listing
// every flag that the command defines (the first parse's flags, which
// TestFlagsMirrored checks against the command's).
func TestHelp(t *testing.T) {
	bin := cmdtest.BuildTool(t, ".")
	var help string
	for _, arg := range []string{"-h", "-help", "--help", "help"} {
		stdout, stderr, code := cmdtest.RunStdout(t, t.TempDir(), bin, []string{arg})
		if code != 0 || stderr != "" {
			t.Errorf("atomiccnt %s: exit %d, stderr:\n%s", arg, code, stderr)
		}
		if help == "" {
			help = stdout
		} else if stdout != help {
			t.Errorf("atomiccnt %s prints another help:\n%s", arg, stdout)
		}
	}
	top, list, ok := strings.Cut(help, "\nFlags:\n")
	if !ok {
		t.Fatalf("the help has no flag list:\n%s", help)
	}
	if n := strings.Count(top, "\n"); n > 50 {
		t.Errorf("the help has %d lines before its flag list, want 50 or fewer", n)
	}
	for _, want := range []string{
		"\nUsage:\n",
		"  atomiccnt [flags] packages ",
		"  go vet -vettool=$(which atomiccnt) [flags] packages",
		"  atomiccnt -format=sarif packages ",
		"  atomiccnt -fix [-diff] packages ",
		"\nExamples:\n",
		"\nExit status:\n  0  ", "\n  1  ", "\n  2  ", "\n  3  ",
		"\n  //atomiccnt:ignore reason ",
		"\n  //atomiccnt:concurrent reason ",
		"\nMain flags:\n",
		"\n  go doc github.com/atomiccnt/atomiccnt/passes/atomiccnt\n",
	} {
		if !strings.Contains(top, want) {
			t.Errorf("the help lacks %q:\n%s", want, top)
		}
	}
	// The flags that change what is reported, or how, come first.
	_, main, _ := strings.Cut(top, "\nMain flags:\n")
	main, _, _ = strings.Cut(main, "\n\n")
	for _, name := range []string{"reads", "explain", "goroutines", "allconcurrent", "test", "fix", "diff", "json", "format"} {
		if !regexp.MustCompile(`(?m)^  (-\w+, )?-` + name + `\b`).MatchString(main) {
			t.Errorf("the help's main flags lack -%s:\n%s", name, main)
		}
	}
	// The analyzer's documentation is go doc's to show.
	if first, _, _ := strings.Cut(atomiccnt.Analyzer.Doc, "\n\n"); strings.Contains(help, first) {
		t.Errorf("the help shows the analyzer's documentation:\n%s", help)
	}

	// Every flag, in the list or on its last line, with the legacy
	// flags.
	listed := make(map[string]bool)
	for _, m := range regexp.MustCompile(`(?m)^  -(\S+)`).FindAllStringSubmatch(list, -1) {
		listed[m[1]] = true
	}
	legacy := regexp.MustCompile(`\nKept for old go vet command lines: (.*)\.\n$`).FindStringSubmatch(list)
	if legacy == nil {
		t.Errorf("the help's flag list does not end with the legacy flags:\n%s", list)
	} else {
		for _, m := range regexp.MustCompile(`-(\w+)`).FindAllStringSubmatch(legacy[1], -1) {
			listed[m[1]] = true
		}
	}
	parseCommandLine(nil, &atomiccnt.Analyzer.Flags).flags.VisitAll(func(f *flag.Flag) {
		if !listed[f.Name] {
			t.Errorf("the help does not list -%s", f.Name)
		}
	})
}

// TestExitStatus checks the exit codes that the help gives: for text
// output, -json, -format=sarif, -fix and go vet, on a package with
// nothing to report, packages with reports, and a package that does
// not type-check.
func TestExitStatus(t *testing.T) {
	bin := cmdtest.BuildTool(t, ".")
	dir := cmdtest.WriteModule(t, filepath.Join("testdata", "crosspkg.txtar"))
	for _, tc := range []struct {
		args string
		want int
	}{
		{"./lib", 0},
		{"./lib ./user", 3},
		{"./broken", 1},
		{"./user ./broken", 1},
		{"-json ./lib ./user", 0},
		{"-json ./user ./broken", 1},
		{"-format=sarif ./lib ./user", 0},
		{"-format=sarif ./user ./broken", 1},
		{"-fix -diff ./lib", 0},
		{"-fix -diff ./lib ./user", 3}, // a report without a fix is left
		{"-diff ./user ./broken", 1},
		{"-nosuchflag ./lib", 2},
		{"", 2},
		{"vet ./lib", 0},
		{"vet ./lib ./user", 1},
		{"vet ./broken", 1},
		{"vet -json ./lib ./user", 0},
		{"vet -json ./broken", 1},
	} {
		name, args := bin, strings.Fields(tc.args)
		if len(args) > 0 && args[0] == "vet" {
			name, args = "go", append([]string{"vet", "-vettool=" + bin}, args[1:]...)
		}
		if out, code := cmdtest.Run(t, dir, name, args); code != tc.want {
			t.Errorf("%s %s: exit %d, want %d; output:\n%s", filepath.Base(name), strings.Join(args, " "), code, tc.want, out)
		}
	}
}
