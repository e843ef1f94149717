package main

// The command has several drivers: singlechecker for -fix, the
// diagnostic flags and go vet's protocol, and its own for text, -json
// and -format=sarif, standalone. To choose one it parses the command line first, with
// a flag set that mirrors singlechecker's: the same names, each
// boolean or not as there, so that it finds the package patterns where
// singlechecker would. singlechecker then parses the arguments again,
// with the standard flag set; the standalone drivers take this parse's
// values, the analyzer's flags included.

import (
	"flag"
	"io"
	"os"
	"slices"
	"strings"
)

// A commandLine is what the first parse of the arguments found.
type commandLine struct {
	flags *flag.FlagSet

	format     formatFlag
	json       bool
	test       bool
	context    int // -c
	fix        bool
	diff       bool
	printFlags bool       // -flags, go vet's query of the tool's flags
	version    versionArg // -V
	// writeBaseline is -write-baseline, and baseline the analyzer's
	// -baseline, which the standalone drivers check before they start.
	writeBaseline string
	baseline      string
	baselineFlag  bool // -baseline is on the command line, not from ATOMICCNT_BASELINE

	// driverOnly lists the flags set (as "-fix") that only
	// singlechecker implements.
	driverOnly []string
	patterns   []string
	// err is the parse error, flag.ErrHelp for -h and -help: parsing
	// stops there, and singlechecker reports it with the real flag set.
	err error
}

// driverOnlyFlags are singlechecker's flags that the standalone
// drivers do not implement. -v is one: singlechecker
// documents it as having no effect but takes it as -debug=v.
var driverOnlyFlags = []string{"fix", "diff", "debug", "cpuprofile", "memprofile", "trace", "v"}

// parseCommandLine parses args, the command's arguments, with the
// analyzer's flags, which it sets.
func parseCommandLine(args []string, analyzer *flag.FlagSet) *commandLine {
	c := &commandLine{format: "text"}
	fs := flag.NewFlagSet("atomiccnt", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	c.flags = fs

	// The flags that the standalone drivers implement.
	fs.Var(&c.format, "format", formatUsage)
	fs.BoolVar(&c.json, "json", false, "emit JSON output")
	fs.BoolVar(&c.test, "test", true, "indicates whether test files should be analyzed, too")
	fs.IntVar(&c.context, "c", -1, "display offending line with this many lines of context")
	fs.StringVar(&c.writeBaseline, "write-baseline", "", writeBaselineUsage)
	// The analyzer's own flags set its variables here too: the
	// standalone drivers use them as parsed.
	analyzer.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })

	// The other flags of singlechecker, whose values are its own.
	fs.BoolVar(&c.fix, "fix", false, "")
	fs.BoolVar(&c.diff, "diff", false, "")
	fs.String("debug", "", "")
	fs.String("cpuprofile", "", "")
	fs.String("memprofile", "", "")
	fs.String("trace", "", "")
	fs.Bool("v", false, "")
	fs.BoolVar(&c.printFlags, "flags", false, "")
	fs.Var(&c.version, "V", "")
	// Legacy vet flags with no effect.
	fs.Bool("source", false, "")
	fs.Bool("all", false, "")
	fs.String("tags", "", "")

	c.err = fs.Parse(args)
	c.patterns = fs.Args()
	if f := analyzer.Lookup("baseline"); f != nil {
		fs.Visit(func(g *flag.Flag) { c.baselineFlag = c.baselineFlag || g.Name == "baseline" })
		if !c.baselineFlag {
			if env := os.Getenv(baselineEnv); env != "" {
				f.Value.Set(env)
			}
		}
		c.baseline = f.Value.String()
	}
	fs.Visit(func(f *flag.Flag) {
		if slices.Contains(driverOnlyFlags, f.Name) {
			c.driverOnly = append(c.driverOnly, "-"+f.Name)
		}
	})
	return c
}

// A driver is what runs the command, or the error that stops it.
type driver int

const (
	useSinglechecker  driver = iota // the diagnostic flags, usage errors, -help, and go vet's protocol
	useFix                          // -fix or -diff, standalone
	useSARIF                        // -format=sarif
	useJSON                         // -json, standalone
	useText                         // text, standalone
	printVersion                    // a bare -V
	printToolID                     // -V=full, go vet's query of what its cache should key on
	noPackages                      // a usage error: no package patterns
	twoFormats                      // a usage error: -json and -format=sarif
	writeBaseline                   // -write-baseline, standalone
	baselineAndOutput               // a usage error: -write-baseline with an output format or a singlechecker flag
	fixAndOutput                    // a usage error: -fix or -diff with -json
	vetSARIF                        // -format=sarif in go vet's protocol
	vetBaselineFlag                 // -baseline in go vet's protocol, whose cache would not see the file change
)

// driver chooses the driver for args, which c holds parsed.
func (c *commandLine) driver(args []string) driver {
	switch {
	case vetUnit(args):
		// go vet does not pass -format (see main); a direct call
		// might.
		if c.format == "sarif" {
			return vetSARIF
		}
		if c.baselineFlag {
			return vetBaselineFlag
		}
		return useSinglechecker
	case c.err != nil:
		// Usage errors and -help are reported with the real flag set,
		// singlechecker's (see usage).
		return useSinglechecker
	case c.version.wantsLine():
		// The drivers' -V takes only "full", go vet's protocol; a user
		// who asks for the version gets it.
		return printVersion
	case c.version == "full":
		return printToolID
	case c.printFlags, c.version != "":
		// go vet's protocol, -flags and -V=full, is singlechecker's.
		return useSinglechecker
	case len(c.patterns) == 0:
		return noPackages
	case c.json && c.format == "sarif":
		return twoFormats
	case c.writeBaseline != "":
		if c.json || c.format == "sarif" || len(c.driverOnly) > 0 {
			return baselineAndOutput
		}
		return writeBaseline
	case c.format == "sarif":
		return useSARIF
	case (c.fix || c.diff) && c.json:
		return fixAndOutput
	case (c.fix || c.diff) && len(c.driverOnly) == countTrue(c.fix, c.diff):
		return useFix
	case len(c.driverOnly) > 0:
		return useSinglechecker
	case c.json:
		return useJSON
	}
	return useText
}

// vetUnit reports whether args follow go vet's protocol: flags and the
// configuration file of one package.
func vetUnit(args []string) bool {
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// versionArg is -V. go vet asks for -V=full, which singlechecker
// answers; a bare -V (or -V=true) asks for the version line.
type versionArg string

func (v *versionArg) String() string { return string(*v) }

func (v *versionArg) Set(s string) error {
	*v = versionArg(s)
	return nil
}

func (v *versionArg) IsBoolFlag() bool { return true }

// wantsLine reports whether -V asks for the version line rather than
// go vet's -V=full.
func (v versionArg) wantsLine() bool { return v == "true" }

// countTrue returns how many of bs are true.
func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
