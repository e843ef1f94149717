package calls

import "golang.org/x/tools/go/ssa"

// A Site is a call of a function of the package: an instruction of
// Caller that runs Callee, as its static callee or, when Arg is set, as
// the argument of the runtime's systemstack, which runs it before
// returning.
type Site struct {
	Caller *ssa.Function
	Instr  ssa.CallInstruction
	Callee *ssa.Function
	Arg    bool
}

// A Graph is the static call graph of a package's functions: every
// site at which one calls another, and the functions whose every call
// it holds.
type Graph struct {
	sites    map[*ssa.Function][]Site // by callee, in the order of the functions and their instructions
	out      map[*ssa.Function][]Site // by caller, in instruction order
	starts   map[*ssa.Function]map[*ssa.Function]bool
	internal map[*ssa.Function]bool
	// onStack maps each call of systemstack to its argument, a
	// function of the package.
	onStack map[*ssa.CallCommon]*ssa.Function
}

// NewGraph builds the call graph of funcs, the package's functions with
// bodies, literals included; linknamed holds the names that linkname
// directives mention (see Linknames), which other packages call.
func NewGraph(funcs []*ssa.Function, linknamed map[string]bool) *Graph {
	g := &Graph{
		sites:    make(map[*ssa.Function][]Site),
		out:      make(map[*ssa.Function][]Site),
		starts:   make(map[*ssa.Function]map[*ssa.Function]bool),
		internal: internalFuncs(funcs, linknamed),
		onStack:  make(map[*ssa.CallCommon]*ssa.Function),
	}
	inPkg := make(map[*ssa.Function]bool, len(funcs))
	for _, fn := range funcs {
		inPkg[fn] = true
	}
	add := func(s Site) {
		g.sites[s.Callee] = append(g.sites[s.Callee], s)
		g.out[s.Caller] = append(g.out[s.Caller], s)
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				common := call.Common()
				if arg := SystemstackArg(common); arg != nil {
					add(Site{Caller: fn, Instr: call, Callee: arg, Arg: true})
					if inPkg[arg] {
						g.onStack[common] = arg
					}
				}
				callee := common.StaticCallee()
				if callee == nil {
					continue
				}
				add(Site{Caller: fn, Instr: call, Callee: callee})
				if _, ok := call.(*ssa.Go); ok {
					if g.starts[fn] == nil {
						g.starts[fn] = make(map[*ssa.Function]bool)
					}
					g.starts[fn][callee] = true
				}
			}
		}
	}
	return g
}

// CallsOf returns the sites that call fn, in the order of the functions
// the graph was built from and of their instructions.
func (g *Graph) CallsOf(fn *ssa.Function) []Site { return g.sites[fn] }

// CallsIn returns the sites in fn, in instruction order; a call of
// systemstack is two sites, its argument's first.
func (g *Graph) CallsIn(fn *ssa.Function) []Site { return g.out[fn] }

// OnSystemStack returns the function of the package that call, a call
// of the runtime's systemstack, runs before it returns, or nil.
func (g *Graph) OnSystemStack(call *ssa.CallCommon) *ssa.Function { return g.onStack[call] }

// Internal reports whether the graph holds every call of fn: fn is not
// exported, not named by a linkname directive, not a method that an
// interface call or a method value could reach, and used only as the
// callee of direct calls (or of go and defer statements, or of
// systemstack), of which it has at least one.
func (g *Graph) Internal(fn *ssa.Function) bool { return g.internal[fn] }

// StartedBy reports whether fn runs in a goroutine that f starts: fn, or
// a function literal that encloses it, is the callee of a go statement
// in f.
func (g *Graph) StartedBy(fn, f *ssa.Function) bool {
	started := g.starts[f]
	for ; fn != nil; fn = fn.Parent() {
		if started[fn] {
			return true
		}
	}
	return false
}
