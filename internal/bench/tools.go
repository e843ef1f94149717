package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/atomiccnt/atomiccnt/internal/modcopy"
)

// How a tool is run.
type mode int

const (
	// vet runs go vet, with the tool as -vettool unless it is go vet's
	// own suite.
	vet mode = iota
	// standalone runs the tool's command on the packages.
	standalone
	// staticcheck runs staticcheck, whose cache is its own.
	staticcheck
)

// A tool is one command measured on every target.
type tool struct {
	name  string // as in -tools
	label string // as in the report
	mode  mode
	bin   string // the binary: the vet tool, the standalone command or staticcheck; empty for go vet's own suite
	// binName names the binary in the work directory's bin.
	binName string
}

func allTools() []*tool {
	return []*tool{
		{name: "govet", label: "`go vet` (default suite)", mode: vet},
		{name: "atomiccnt-vet", label: "`go vet -vettool=atomiccnt`", mode: vet, binName: "atomiccnt"},
		{name: "atomiccnt", label: "`atomiccnt` standalone", mode: standalone, binName: "atomiccnt"},
		{name: "bundle-vet", label: "`go vet -vettool=atomiccnt-vet` (vet's suite and atomiccnt)", mode: vet, binName: "atomiccnt-vet"},
		{name: "staticcheck", label: "`staticcheck` v0.8.2", mode: staticcheck, binName: "staticcheck"},
		{name: "nilness", label: "`nilness` standalone (SSA, no facts)", mode: standalone, binName: "nilness"},
		{name: "nilness-vet", label: "`go vet -vettool=nilness`", mode: vet, binName: "nilness"},
		{name: "printf", label: "`printf` standalone (facts, no SSA)", mode: standalone, binName: "printf"},
		{name: "ssafacts", label: "do-nothing buildssa + fact type, standalone", mode: standalone, binName: "ssafacts"},
		{name: "ssafacts-vet", label: "do-nothing buildssa + fact type, `go vet -vettool`", mode: vet, binName: "ssafacts"},
	}
}

func toolNames() []string {
	var names []string
	for _, t := range allTools() {
		names = append(names, t.name)
	}
	return names
}

// The versions of the anchors. x/tools is the version this module
// requires, so that the anchors and atomiccnt share their drivers.
const (
	xtoolsVersion      = "v0.52.0"
	staticcheckVersion = "v0.8.2"
)

// The anchors built from x/tools are main packages of a module of their
// own in the work directory, so that they do not become dependencies of
// this one. nilness is x/tools' own command.
const anchorsGoMod = `module atomiccnt-bench-anchors

go 1.26

require golang.org/x/tools ` + xtoolsVersion + `
`

const printfMain = `// Command printf is x/tools' printf analyzer alone under singlechecker:
// an analyzer with facts on every dependency and no SSA.
package main

import (
	"golang.org/x/tools/go/analysis/passes/printf"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() { singlechecker.Main(printf.Analyzer) }
`

const ssafactsMain = `// Command ssafacts requires buildssa and declares a fact type, and does
// nothing else: the cost of SSA for every package, dependencies
// included, that an analyzer with facts pays under these drivers.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/singlechecker"
)

// fact is never exported; declaring it makes the drivers analyse every
// dependency.
type fact struct{ Seen bool }

func (*fact) AFact()         {}
func (*fact) String() string { return "fact" }

var analyzer = &analysis.Analyzer{
	Name:      "ssafacts",
	Doc:       "ssafacts builds SSA for every package and reports nothing",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer},
	FactTypes: []analysis.Fact{new(fact)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { singlechecker.Main(analyzer) }
`

// buildTools builds the binaries of the selected tools into the work
// directory: atomiccnt from this repository (or takes atomiccntBin),
// the anchors from the module proxy.
func (b *bench) buildTools(atomiccntBin string) error {
	binDir := filepath.Join(b.work, "bin")
	need := map[string]bool{}
	for _, t := range b.tools {
		if t.binName != "" {
			need[t.binName] = true
		}
	}
	if *profileFlag {
		need["atomiccnt"] = true
	}
	if need["atomiccnt"] {
		if atomiccntBin != "" {
			abs, err := filepath.Abs(atomiccntBin)
			if err != nil {
				return err
			}
			b.atomiccnt = abs
		} else {
			b.atomiccnt = filepath.Join(binDir, "atomiccnt")
			log.Printf("building atomiccnt")
			if err := goCommand("", nil, "build", "-o", b.atomiccnt, "./cmd/atomiccnt"); err != nil {
				return err
			}
		}
	}
	if need["atomiccnt-vet"] {
		log.Printf("building atomiccnt-vet")
		if err := goCommand("", nil, "build", "-o", filepath.Join(binDir, "atomiccnt-vet"), "./cmd/atomiccnt-vet"); err != nil {
			return err
		}
	}
	anchors := filepath.Join(b.work, "anchors")
	if need["printf"] || need["ssafacts"] || need["nilness"] {
		for name, src := range map[string]string{"go.mod": anchorsGoMod, "printf/main.go": printfMain, "ssafacts/main.go": ssafactsMain} {
			path := filepath.Join(anchors, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				return err
			}
		}
		log.Printf("building the x/tools %s anchors", xtoolsVersion)
		// tidy writes go.sum from the module cache (or the proxy).
		if err := goCommand(anchors, modcopy.Env(), "mod", "tidy"); err != nil {
			return err
		}
		pkgs := map[string]string{
			"printf":   "./printf",
			"ssafacts": "./ssafacts",
			"nilness":  "golang.org/x/tools/go/analysis/passes/nilness/cmd/nilness",
		}
		for name, pkg := range pkgs {
			if need[name] {
				if err := goCommand(anchors, modcopy.Env(), "build", "-o", filepath.Join(binDir, name), pkg); err != nil {
					return err
				}
			}
		}
	}
	if need["staticcheck"] {
		// go install pkg@version builds staticcheck with the
		// requirements of its own go.mod, as its users get it.
		log.Printf("building staticcheck %s", staticcheckVersion)
		env := modcopy.Env("GOBIN="+binDir, "GOFLAGS=")
		if err := goCommand("", env, "install", "honnef.co/go/tools/cmd/staticcheck@"+staticcheckVersion); err != nil {
			return err
		}
	}
	for _, t := range b.tools {
		switch t.binName {
		case "":
		case "atomiccnt":
			t.bin = b.atomiccnt
		default:
			t.bin = filepath.Join(binDir, t.binName)
		}
	}
	return nil
}

// goCommand runs the go command with args in dir (the current directory
// if empty), with env (the process's if nil), and returns its output
// with the error, if any.
func goCommand(dir string, env []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %v: %v\n%s", args, err, out)
	}
	return nil
}
