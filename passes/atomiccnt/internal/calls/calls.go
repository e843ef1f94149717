// Package calls is the package's static call graph as the analyzer's
// stages need it: which function a call or a go statement runs, which
// functions only this package calls (and only directly), and how
// functions are named across packages. A pass builds its Graph once.
package calls

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A Key names a function or method: its package's path, its
// receiver's type name (empty for a function) and its name.
type Key struct{ Pkg, Recv, Name string }

// KeyOf returns fn's funcKey, if its package and its receiver's type
// have names.
func KeyOf(fn *types.Func) (Key, bool) {
	if fn.Pkg() == nil {
		return Key{}, false
	}
	key := Key{Pkg: fn.Pkg().Path(), Name: fn.Name()}
	if fn.Signature().Recv() != nil {
		named := RecvNamed(fn)
		if named == nil {
			return Key{}, false
		}
		key.Recv = named.Obj().Name()
	}
	return key, true
}

// RecvNamed returns the named type of method fn's receiver, through a
// pointer, or nil.
func RecvNamed(fn *types.Func) *types.Named {
	t := fn.Signature().Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, _ := types.Unalias(t).(*types.Named)
	return named
}

// SystemstackArg returns the function literal (or function) passed to
// the runtime's systemstack, which runs it before returning.
func SystemstackArg(call *ssa.CallCommon) *ssa.Function {
	fn, ok := call.Value.(*ssa.Function)
	if !ok || fn.Name() != "systemstack" || fn.Pkg == nil || !IsRuntimePkg(fn.Pkg.Pkg.Path()) || len(call.Args) != 1 {
		return nil
	}
	return FuncOf(call.Args[0])
}

// FuncOf returns the function that v, a function value, denotes.
func FuncOf(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		fn, _ := v.Fn.(*ssa.Function)
		return fn
	}
	return nil
}

// internalFuncs returns the functions among funcs, the package's
// functions with bodies, whose every caller the analysis sees: not
// exported, not named by a linkname directive (linknamed), not methods
// that an interface call or method value could reach, and used only as
// the callee of direct calls (or of go and defer statements, or
// systemstack). They must have at least one such call: a function with
// none is called from elsewhere (assembly, another package through
// linkname), or never.
func internalFuncs(funcs []*ssa.Function, linknamed map[string]bool) map[*ssa.Function]bool {
	byObj := make(map[types.Object]*ssa.Function)
	for _, fn := range funcs {
		if obj := fn.Object(); obj != nil {
			byObj[obj] = fn
		}
	}
	invoked := make(map[string]bool) // method names called through interfaces
	escapes := make(map[*ssa.Function]bool)
	called := make(map[*ssa.Function]bool)
	escape := func(g *ssa.Function) {
		escapes[g] = true
		if g.Synthetic != "" {
			// A method value or method expression wrapper: the method
			// it wraps can now be called from anywhere.
			if f := byObj[g.Object()]; f != nil {
				escapes[f] = true
			}
		}
	}
	var operands []*ssa.Value // reused: Operands appends
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					// The closure's uses decide whether its function
					// escapes; its bindings are captured variables.
					if g := FuncOf(mc); g != nil && !OnlyCalled(mc) {
						escape(g)
					}
					continue
				}
				if call, ok := instr.(ssa.CallInstruction); ok {
					common := call.Common()
					if common.IsInvoke() {
						invoked[common.Method.Name()] = true
					}
					if g := common.StaticCallee(); g != nil {
						called[g] = true
					}
					if g := SystemstackArg(common); g != nil {
						called[g] = true
					}
				}
				operands = instr.Operands(operands[:0])
				for _, op := range operands {
					if op == nil {
						continue
					}
					if g, ok := (*op).(*ssa.Function); ok && !IsCallee(instr, g) {
						escape(g)
					}
				}
			}
		}
	}
	internal := make(map[*ssa.Function]bool)
	for _, fn := range funcs {
		if escapes[fn] || !called[fn] {
			continue
		}
		if obj, ok := fn.Object().(*types.Func); ok {
			if obj.Exported() || linknamed[obj.Name()] {
				continue
			}
			if obj.Signature().Recv() != nil && invoked[obj.Name()] {
				continue
			}
		}
		internal[fn] = true
	}
	return internal
}

// IsCallee reports whether v is the function that instr calls.
func IsCallee(instr ssa.Instruction, v ssa.Value) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	common := call.Common()
	if common.Value == v {
		for _, arg := range common.Args {
			if arg == v {
				return false
			}
		}
		return true
	}
	return SystemstackArg(common) != nil && common.Args[0] == v
}

// OnlyCalled reports whether every use of the closure mc calls it.
func OnlyCalled(mc *ssa.MakeClosure) bool {
	refs := mc.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		if _, ok := ref.(*ssa.DebugRef); ok {
			continue
		}
		if !IsCallee(ref, mc) {
			return false
		}
	}
	return true
}

// Linknames returns the local names that //go:linkname directives in
// files mention: such functions are called from other packages.
func Linknames(files []*ast.File) map[string]bool {
	names := make(map[string]bool)
	for _, f := range files {
		for _, g := range f.Comments {
			for _, c := range g.List {
				if rest, ok := strings.CutPrefix(c.Text, "//go:linkname "); ok {
					if fields := strings.Fields(rest); len(fields) > 0 {
						names[fields[0]] = true
					}
				}
			}
		}
	}
	return names
}

// AnonFuncs appends the function literals nested in fn to out.
func AnonFuncs(fn *ssa.Function, out []*ssa.Function) []*ssa.Function {
	for _, anon := range fn.AnonFuncs {
		out = append(out, anon)
		out = AnonFuncs(anon, out)
	}
	return out
}

// IsRuntimePkg reports whether path is the runtime's, or a package under
// it: the runtime's own locks and phases are matched in any such
// package, so that runtime-shaped test packages can use them.
func IsRuntimePkg(path string) bool {
	return path == "runtime" || strings.HasPrefix(path, "runtime/")
}
