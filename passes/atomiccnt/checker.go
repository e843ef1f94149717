package atomiccnt

import (
	"flag"
	"fmt"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/locks"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/own"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// boolFlag returns the current value of the analyzer's boolean flag name.
func boolFlag(a *analysis.Analyzer, name string) bool {
	return a.Flags.Lookup(name).Value.(flag.Getter).Get().(bool)
}

// stringFlag returns the current value of the analyzer's flag name,
// or "" if a driver has left the flag out (golangci-lint's plugin
// leaves out -baseline).
func stringFlag(a *analysis.Analyzer, name string) string {
	if f := a.Flags.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// options are the analyzer's flags, read once per pass.
type options struct {
	reads, explain, allConcurrent, goroutines bool
	baseline                                  string // the file -baseline names
	lowest                                    tier   // the lowest tier -confidence reports
}

func readOptions(a *analysis.Analyzer) (options, error) {
	lowest, err := tierFlag(a, "confidence")
	return options{
		reads:         boolFlag(a, "reads"),
		explain:       boolFlag(a, "explain"),
		allConcurrent: boolFlag(a, "allconcurrent"),
		goroutines:    boolFlag(a, "goroutines"),
		baseline:      stringFlag(a, "baseline"),
		lowest:        lowest,
	}, err
}

// tierFlag returns the value of the analyzer's tier flag name, or the
// high tier if a driver has left the flag out.
func tierFlag(a *analysis.Analyzer, name string) (tier, error) {
	f := a.Flags.Lookup(name)
	if f == nil {
		return tierHigh, nil
	}
	t, err := parseTier(f.Value.String())
	if err != nil {
		err = fmt.Errorf("-%s: %v", name, err)
	}
	return t, err
}

// The pass runs in stages, each a type that holds what the stages
// before it computed, so that no stage can run before what it needs:
//
//   - a unit is the package as the type checker and the dependencies'
//     facts see it; prescan decides with it alone whether SSA is needed;
//   - a program adds the package's SSA form and call graph;
//   - a walker adds the analyses the walk of the accesses consults
//     (ownership, containers, wrappers), and records the accesses;
//   - a checker adds the accesses, once recorded, and the analyses that
//     the rules consult with them (locks, the stopped world); the rules
//     are its methods, and the concurrent rule's contexts are a stage of
//     their own, concurrentRule.

// A unit holds what the pass knows before any SSA form: the package,
// its syntax and directives, the analyzer's options and the facts of
// its dependencies.
type unit struct {
	pass       *analysis.Pass
	opts       options
	files      *syntax.Files
	out        *reporter
	directives *directives
	imported   *importedFacts
	marks      *concurrentMarks
	// copies are the copies of structs that prescan and the walk find
	// (copy.go).
	copies *structCopies
}

func newUnit(pass *analysis.Pass) (*unit, error) {
	files := syntax.NewFiles(pass.Files)
	opts, err := readOptions(pass.Analyzer)
	if err != nil {
		return nil, err
	}
	return &unit{
		pass:       pass,
		opts:       opts,
		files:      files,
		out:        &reporter{pass: pass, files: files, explain: opts.explain, lowest: opts.lowest},
		directives: collectDirectives(pass.Fset, pass.Files),
		imported:   &importedFacts{pass: pass, ids: make(map[loc.Location]string), atomic: make(map[*types.Var]bool)},
		copies:     &structCopies{locking: make(map[types.Type]bool)},
		marks:      collectConcurrentMarks(pass.Files),
	}, nil
}

// A program is the package's SSA form and its call graph.
type program struct {
	ssa *ssaPackage
	// funcs are the package's functions with bodies: its source
	// functions, the package initialiser, and the literals it creates.
	funcs []*ssa.Function
	// initAnons are the literals that the package initialiser creates.
	initAnons []*ssa.Function
	// linknamed holds the names that linkname directives mention.
	linknamed map[string]bool
	graph     *calls.Graph
}

// newProgram builds the SSA form of the pass's package.
func newProgram(pass *analysis.Pass, noReturn *noReturns) *program {
	pkg := buildSSA(pass, noReturn)
	// Package-level variable initialisers live in the synthetic init
	// function, which srcFuncs omits: its own accesses are
	// initialisation, but function literals it creates may run later.
	funcs := append([]*ssa.Function(nil), pkg.srcFuncs...)
	var initAnons []*ssa.Function
	if init := pkg.pkg.Func("init"); init != nil {
		funcs = append(funcs, init)
		initAnons = calls.AnonFuncs(init, nil)
		funcs = append(funcs, initAnons...)
	}
	// The sealing rule needs the names that linkname directives
	// mention, as the call graph does.
	linknamed := calls.Linknames(pass.Files)
	return &program{
		ssa:       pkg,
		funcs:     funcs,
		initAnons: initAnons,
		linknamed: linknamed,
		graph:     calls.NewGraph(funcs, linknamed),
	}
}

// A walker walks the program's functions and records their accesses to
// memory, consulting the analyses of ownership, containers and
// wrappers.
type walker struct {
	*unit
	*program
	esc        *own.Analysis
	containers *containers
	handoffs   *handoffs
	// paramUses summarises the accesses each function of the package
	// makes through its pointer parameters (wrapper.go).
	paramUses map[*ssa.Function][]paramUse
	// accesses are what the walk records.
	accesses []*access
}

func newWalker(u *unit, prog *program) *walker {
	paramUses := computeParamUses(prog.funcs, prog.graph)
	handoffs := collectHandoffs(u.pass.Files, prog.funcs)
	esc := own.New(u.pass, prog.funcs, prog.graph, handoffs.params)
	foreign := func(g *ssa.Function) *types.Var { return foreignContainer(esc, g) }
	return &walker{
		unit:       u,
		program:    prog,
		paramUses:  paramUses,
		esc:        esc,
		containers: computeContainers(u.pass.Pkg, prog.funcs, prog.linknamed, prog.graph, foreign),
		handoffs:   handoffs,
	}
}

// walk records the accesses of the package's functions, and of the
// literals its initialiser creates (its own accesses are
// initialisation), with the copies of structs expanded into the
// accesses to their fields.
func (w *walker) walk() []*access {
	for _, fn := range w.ssa.srcFuncs {
		w.walkFunc(fn)
	}
	for _, fn := range w.initAnons {
		w.walkFunc(fn)
	}
	w.expandCopies()
	return w.accesses
}

// A checker applies the rules to the accesses the walk recorded.
type checker struct {
	*walker
	accesses []*access
	locks    *locks.Analysis
	// withoutP holds the functions that may run while the world is
	// stopped, and unstopped the locations they access (withoutp.go).
	withoutP  withoutP
	unstopped map[loc.Location]bool
	tests     *testFuncs
	crashes   crashPaths
	fixer     *fixer // see suggest.go
}

// newChecker returns the checker of the accesses that w recorded, with
// la, the lock analysis of w's program, recording in each access the
// locks it holds and its exemption.
func newChecker(w *walker, accesses []*access, la *locks.Analysis) *checker {
	c := &checker{
		walker:   w,
		accesses: accesses,
		locks:    la,
		withoutP: computeWithoutP(w.funcs, w.graph, calls.IsRuntimePkg(w.pass.Pkg.Path())),
		tests:    newTestFuncs(w.pass.Fset),
		crashes:  make(crashPaths),
	}
	annotateLocks(accesses, la, locks.FieldContracts(w.pass.TypesInfo, w.pass.Files))
	c.unstopped = c.withoutP.unstoppedLocations(accesses)
	for _, a := range accesses {
		a.exempt = c.exemption(a)
	}
	return c
}
