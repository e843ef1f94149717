package main

import (
	"encoding/json"
	"errors"
	"flag"
	"regexp"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// TestParseCommandLine checks the first parse, which chooses the
// driver: the format, -json, the flags only singlechecker implements,
// and where the package patterns start, behind flags that take a value
// and flags that do not.
func TestParseCommandLine(t *testing.T) {
	for _, tc := range []struct {
		args       string
		format     formatFlag
		json       bool
		driverOnly string
		patterns   string
		err        string
	}{
		{args: "./...", format: "text", patterns: "./..."},
		{args: "-format=sarif ./...", format: "sarif", patterns: "./..."},
		{args: "--format=sarif ./...", format: "sarif", patterns: "./..."},
		{args: "-format sarif ./...", format: "sarif", patterns: "./..."},
		{args: "-format=text ./...", format: "text", patterns: "./..."},
		{args: "-json ./...", format: "text", json: true, patterns: "./..."},
		{args: "-c 3 -format=sarif ./...", format: "sarif", patterns: "./..."},
		{args: "-reads=false -format=sarif -test=false ./...", format: "sarif", patterns: "./..."},
		{args: "-reads -json ./a ./b", format: "text", json: true, patterns: "./a ./b"},
		{args: "-json -fix -diff ./...", format: "text", json: true, driverOnly: "-diff -fix", patterns: "./..."},
		{args: "-debug t -json ./...", format: "text", json: true, driverOnly: "-debug", patterns: "./..."},
		{args: "-v -tags x -json ./...", format: "text", json: true, driverOnly: "-v", patterns: "./..."},
		{args: "-- -format=sarif", format: "text", patterns: "-format=sarif"},
		{args: "-json", format: "text", json: true},
		{args: "", format: "text"},
		{args: "-format", format: "text", err: "flag needs an argument: -format"},
		{args: "-format=xml ./...", format: "text", err: `invalid value "xml" for flag -format: want text or sarif`},
		{args: "-nosuchflag ./...", format: "text", err: "flag provided but not defined: -nosuchflag"},
		{args: "-help ./...", format: "text", err: flag.ErrHelp.Error()},
		{args: "-reads=false /tmp/vet.cfg", format: "text", patterns: "/tmp/vet.cfg"},
	} {
		c := parseCommandLine(strings.Fields(tc.args), readsFlag())
		var err string
		if c.err != nil {
			err = c.err.Error()
		}
		if c.format != tc.format || c.json != tc.json || strings.Join(c.driverOnly, " ") != tc.driverOnly ||
			err != tc.err || (tc.err == "" && strings.Join(c.patterns, " ") != tc.patterns) {
			t.Errorf("parseCommandLine(%s) = format %s, json %v, driver-only %q, patterns %q, error %q;\nwant format %s, json %v, driver-only %q, patterns %q, error %q",
				tc.args, c.format, c.json, c.driverOnly, c.patterns, err, tc.format, tc.json, tc.driverOnly, tc.patterns, tc.err)
		}
	}
}

// TestParseCommandLineV checks -V: a bare one asks for the version
// line, go vet's -V=full is singlechecker's.
func TestParseCommandLineV(t *testing.T) {
	for args, want := range map[string]bool{"-V": true, "-V=true": true, "-V=full": false, "./...": false} {
		c := parseCommandLine(strings.Fields(args), flag.NewFlagSet("atomiccnt", flag.ContinueOnError))
		if c.err != nil || c.version.wantsLine() != want {
			t.Errorf("parseCommandLine(%s): error %v, wants the version line %v, want %v", args, c.err, c.version.wantsLine(), want)
		}
	}
	if c := parseCommandLine([]string{"-h"}, flag.NewFlagSet("atomiccnt", flag.ContinueOnError)); !errors.Is(c.err, flag.ErrHelp) {
		t.Errorf("-h: error %v, want flag.ErrHelp", c.err)
	}
}

// TestDriver checks which driver each command line gets, go vet's
// protocol included.
func TestDriver(t *testing.T) {
	for args, want := range map[string]driver{
		"./...":                         useText,
		"-reads=false -c 2 ./...":       useText,
		"-format=text ./...":            useText,
		"-debug=t ./...":                useSinglechecker,
		"-fix ./...":                    useFix,
		"-diff ./...":                   useFix,
		"-fix -diff ./...":              useFix,
		"-fix -debug=t ./...":           useSinglechecker,
		"-json ./...":                   useJSON,
		"-json -fix ./...":              fixAndOutput,
		"-json -debug=t ./...":          useSinglechecker,
		"-json -reads=false -c 2 ./...": useJSON,
		"-format=sarif ./...":           useSARIF,
		"-format=sarif -fix ./...":      useSARIF, // which rejects -fix
		"-format=sarif -json ./...":     twoFormats,
		"-json -format=sarif":           noPackages,
		"":                              noPackages,
		"-reads=false":                  noPackages,
		"-V":                            printVersion,
		"-V=true ./...":                 printVersion,
		"-V=full":                       printToolID,
		"-flags":                        useSinglechecker,
		"-help":                         useSinglechecker,
		"-nosuchflag ./...":             useSinglechecker,
		"-json -nosuchflag ./...":       useSinglechecker,
		"-reads=false -json /tmp/p.cfg": useSinglechecker,
		"-format=sarif /tmp/p.cfg":      vetSARIF,
		"-write-baseline=b ./...":       writeBaseline,
		"-write-baseline=b -json ./...": baselineAndOutput,
		"-write-baseline=b -fix ./...":  baselineAndOutput,
	} {
		fields := strings.Fields(args)
		c := parseCommandLine(fields, readsFlag())
		if got := c.driver(fields); got != want {
			t.Errorf("atomiccnt %s: driver %d, want %d", args, got, want)
		}
	}
}

// readsFlag returns the analyzer flags of the tests: a boolean -reads,
// as the analyzer's.
func readsFlag() *flag.FlagSet {
	fs := flag.NewFlagSet("atomiccnt", flag.ContinueOnError)
	fs.Bool("reads", true, "")
	return fs
}

// TestFlagsMirrored checks that the first parse knows every flag of the
// command, each boolean or not as singlechecker defines it: otherwise
// it would take a flag's value for a package, or a package for a
// value. -flags lists the flags for go vet, with their kind; -help
// lists those that go vet does not take.
func TestFlagsMirrored(t *testing.T) {
	bin := cmdtest.BuildTool(t, ".")
	out, _, code := cmdtest.RunStdout(t, t.TempDir(), bin, []string{"-flags"})
	if code != 0 {
		t.Fatalf("-flags: exit %d", code)
	}
	var vetFlags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal([]byte(out), &vetFlags); err != nil {
		t.Fatalf("-flags output: %v\n%s", err, out)
	}
	want := make(map[string]bool) // name → boolean
	for _, f := range vetFlags {
		want[f.Name] = f.Bool
	}
	help, _ := cmdtest.Run(t, t.TempDir(), bin, []string{"-help"})
	_, list, ok := strings.Cut(help, "\nFlags:\n")
	if !ok {
		t.Fatalf("-help output has no flag list:\n%s", help)
	}
	entry := regexp.MustCompile(`(?m)^  -(\S+)( \w+)?\t?`)
	for _, m := range entry.FindAllStringSubmatch(list, -1) {
		if _, ok := want[m[1]]; !ok {
			want[m[1]] = m[2] == ""
		}
	}
	if len(want) < 20 {
		t.Fatalf("found %d flags in -flags and -help, want 20 or more:\n%s\n%s", len(want), out, help)
	}

	got := make(map[string]bool)
	parseCommandLine(nil, &atomiccnt.Analyzer.Flags).flags.VisitAll(func(f *flag.Flag) {
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		got[f.Name] = ok && b.IsBoolFlag()
	})
	for name, isBool := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("the first parse lacks -%s", name)
		} else if g != isBool {
			t.Errorf("-%s: boolean %v in the first parse, %v in the command", name, g, isBool)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("the first parse has -%s, which the command lacks", name)
		}
	}
}
