package atomiccnt

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
)

// The SSA builder ends a block at a call that cannot return, which
// keeps the code after log.Fatal or the runtime's throw out of the
// analysis. Which calls cannot return is ctrlflow's question, and this
// file answers it with ctrlflow's algorithm and facts of its own,
// because requiring ctrlflow cost more than the rest of the analysis on
// most packages: it builds and keeps a control-flow graph of every
// function of every package the driver loads, and an inspector to find
// them. Here a function gets a graph only if its body has something
// that can stop it returning: a call statement to panic, to a function
// of the package not yet visited or to one that does not return, a loop
// without condition, an empty select or a goto. Without one of those,
// every path reaches the end of the body, and the graph would say so.
// The graph is built as ctrlflow builds it, with the same recursion
// through the package's calls in the same order, so the answers are
// ctrlflow's.

// noReturns finds which functions cannot return, for one package.
type noReturns struct {
	pass  *analysis.Pass
	decls map[*types.Func]*ast.FuncDecl
	// started breaks cycles in the recursion through calls, as
	// ctrlflow does: a call to a function whose graph is being built
	// may return.
	started map[*types.Func]bool
	// never holds the package's functions that cannot return, and
	// caches what facts say of imported ones.
	never map[*types.Func]bool
}

// computeNoReturns finds the functions of the package that cannot
// return, and exports a fact for each that other packages can call.
func computeNoReturns(pass *analysis.Pass) *noReturns {
	nr := &noReturns{
		pass:    pass,
		decls:   make(map[*types.Func]*ast.FuncDecl),
		started: make(map[*types.Func]bool),
		never:   make(map[*types.Func]bool),
	}
	var order []*types.Func
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					nr.decls[fn] = fd
					order = append(order, fn)
				}
			}
		}
	}
	for _, fn := range order {
		nr.build(fn)
	}
	for _, fn := range order {
		// Only a function with an exported name can be called from
		// another package, the methods of unexported types included.
		if nr.never[fn] && fn.Exported() {
			pass.ExportObjectFact(fn, new(facts.NoReturn))
		}
	}
	return nr
}

// noReturn reports whether fn, of the package or not, cannot return.
// ctrlflow answers only for the callees of call statements; facts
// answer for any static callee of another package, which keeps a
// function that never returns but has a result (must(err), say) from
// looking like one that does.
func (nr *noReturns) noReturn(fn *types.Func) bool {
	if never, ok := nr.never[fn]; ok {
		return never
	}
	if _, ok := nr.decls[fn]; ok || fn.Pkg() == nil {
		return false
	}
	never := nr.pass.ImportObjectFact(fn, new(facts.NoReturn))
	nr.never[fn] = never
	return never
}

// build decides whether the package's function fn can return.
func (nr *noReturns) build(fn *types.Func) {
	if nr.started[fn] {
		return
	}
	nr.started[fn] = true
	never, known := knownNoReturn(fn)
	if body := nr.decls[fn].Body; !known && body != nil && nr.mayStop(body) {
		never = cfg.New(body, nr.mayReturn).NoReturn()
	}
	if never {
		nr.never[fn] = true
	}
}

// mayReturn reports whether call, a call statement, may return. It is
// the control-flow graph builder's oracle.
func (nr *noReturns) mayReturn(call *ast.CallExpr) bool {
	if isPanic(nr.pass.TypesInfo, call) {
		return false
	}
	fn := typeutil.StaticCallee(nr.pass.TypesInfo, call)
	if fn == nil {
		return true
	}
	if _, ok := nr.decls[fn]; ok {
		nr.build(fn)
		return !nr.never[fn]
	}
	return !nr.noReturn(fn)
}

// mayStop reports whether body, outside its function literals, has a
// statement that can keep control from reaching its end: see the
// comment at the top of the file.
func (nr *noReturns) mayStop(body *ast.BlockStmt) bool {
	return anyStmt(body, func(s ast.Stmt) bool {
		switch s := s.(type) {
		case *ast.ForStmt:
			return s.Cond == nil
		case *ast.SelectStmt:
			return len(s.Body.List) == 0
		case *ast.BranchStmt:
			return s.Tok == token.GOTO
		case *ast.ExprStmt:
			call, ok := s.X.(*ast.CallExpr)
			return ok && nr.mayStopAt(call)
		}
		return false
	})
}

// anyStmt reports whether f holds for s or a statement nested in it,
// function literals aside. Statements nest
// only in statements (and function literals), so this visits what
// ast.Inspect would without walking a single expression.
func anyStmt(s ast.Stmt, f func(ast.Stmt) bool) bool {
	if s == nil {
		return false
	}
	if f(s) {
		return true
	}
	list := func(stmts []ast.Stmt) bool {
		for _, s := range stmts {
			if anyStmt(s, f) {
				return true
			}
		}
		return false
	}
	switch s := s.(type) {
	case *ast.BlockStmt:
		return list(s.List)
	case *ast.LabeledStmt:
		return anyStmt(s.Stmt, f)
	case *ast.IfStmt:
		return anyStmt(s.Init, f) || anyStmt(s.Body, f) || anyStmt(s.Else, f)
	case *ast.ForStmt:
		return anyStmt(s.Init, f) || anyStmt(s.Post, f) || anyStmt(s.Body, f)
	case *ast.RangeStmt:
		return anyStmt(s.Body, f)
	case *ast.SwitchStmt:
		return anyStmt(s.Init, f) || anyStmt(s.Body, f)
	case *ast.TypeSwitchStmt:
		return anyStmt(s.Init, f) || anyStmt(s.Assign, f) || anyStmt(s.Body, f)
	case *ast.SelectStmt:
		return anyStmt(s.Body, f)
	case *ast.CaseClause:
		return list(s.Body)
	case *ast.CommClause:
		return anyStmt(s.Comm, f) || list(s.Body)
	}
	return false
}

// mayStopAt reports whether the call statement call may not return,
// without building any graph: mayReturn's question, answered yes for
// the package's functions not yet visited.
func (nr *noReturns) mayStopAt(call *ast.CallExpr) bool {
	if isPanic(nr.pass.TypesInfo, call) {
		return true
	}
	fn := typeutil.StaticCallee(nr.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	if _, ok := nr.decls[fn]; ok {
		// A function whose graph is built, or being built, has its
		// answer; the graph of fn must recur into any other, in the
		// builder's order.
		return !nr.started[fn] || nr.never[fn]
	}
	return nr.noReturn(fn)
}

func isPanic(info *types.Info, call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	return ok && info.Uses[id] == panicBuiltin
}

var panicBuiltin = types.Universe.Lookup("panic")

// knownNoReturn reports whether fn is known, not by its body, to
// return or not: the functions that end the thread, whose bodies are
// assembly or loops the analysis cannot see through, and the logging
// packages' Fatal and Panic methods, as ctrlflow and staticcheck list
// them.
func knownNoReturn(fn *types.Func) (never, known bool) {
	key, ok := calls.KeyOf(fn)
	if !ok {
		return false, false
	}
	never, known = knownNoReturns[key]
	return never, known
}

// knownNoReturns maps functions and methods, by package, receiver type
// (empty for a function) and name, to whether they never return.
var knownNoReturns = func() map[calls.Key]bool {
	m := make(map[calls.Key]bool)
	add := func(never bool, pkg, recv string, names ...string) {
		for _, name := range names {
			m[calls.Key{Pkg: pkg, Recv: recv, Name: name}] = never
		}
	}
	add(true, "syscall", "", "Exit", "ExitProcess", "ExitThread")
	add(true, "runtime", "", "Goexit", "fatalthrow", "fatalpanic", "exit")
	add(true, "go.uber.org/zap", "Logger", "Fatal", "Panic")
	add(true, "go.uber.org/zap", "SugaredLogger", "Fatal", "Fatalw", "Fatalf", "Panic", "Panicw", "Panicf")
	add(true, "github.com/sirupsen/logrus", "Logger", "Exit", "Panic", "Panicf", "Panicln")
	add(true, "github.com/sirupsen/logrus", "Entry", "Panicf", "Panicln")
	add(true, "k8s.io/klog", "", "Exit", "ExitDepth", "Exitf", "Exitln", "Fatal", "FatalDepth", "Fatalf", "Fatalln")
	add(true, "k8s.io/klog/v2", "", "Exit", "ExitDepth", "Exitf", "Exitln", "Fatal", "FatalDepth", "Fatalf", "Fatalln")
	// Compiler intrinsics that return, whatever their bodies say.
	add(false, "internal/abi", "", "EscapeNonString")
	add(false, "hash/maphash", "", "Comparable")
	return m
}()
