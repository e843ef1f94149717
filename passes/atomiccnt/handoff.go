package atomiccnt

import (
	"fmt"
	"go/ast"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// handoffDirective, in a function's doc comment, says that the
// function's callers hand over the object that one of its pointer
// parameters points to, with the reason:
//
//	//atomiccnt:handoff buf the caller must not use buf after the call
//	func (b *Buffer) WriteBuffer(buf *Buffer) error { ... }
//
// No other goroutine holds the object while the function runs, so the
// function owns it from its entry, as it owns what it allocates. The
// analysis holds the callers it sees to it: a caller that uses the
// argument after the call has not handed it over.
const handoffDirective = "//atomiccnt:handoff"

// handoffs holds a package's handoff directives.
type handoffs struct {
	// params are the parameters that well-formed directives name, and
	// comments the directive of each.
	params   map[*ssa.Parameter]bool
	comments map[*ssa.Parameter]*ast.Comment
	// bad are the directives that name nothing, with why.
	bad []badHandoff
}

type badHandoff struct {
	c   *ast.Comment
	why string
}

// collectHandoffs reads the handoff directives of files, whose
// functions, with bodies, are funcs.
func collectHandoffs(files []*ast.File, funcs []*ssa.Function) *handoffs {
	h := &handoffs{}
	for _, f := range files {
		var docOf map[*ast.Comment]*ast.FuncDecl
		for _, g := range f.Comments {
			for _, c := range g.List {
				rest, ok := parseNamedDirective(c, handoffDirective)
				if !ok {
					continue
				}
				if docOf == nil {
					docOf = funcDocs(f)
				}
				name, reason, _ := strings.Cut(rest, " ")
				fd := docOf[c]
				fn := declared(funcs, fd)
				switch {
				case name == "" || strings.TrimSpace(reason) == "":
					h.bad = append(h.bad, badHandoff{c, "missing parameter or reason"})
				case fn == nil:
					h.bad = append(h.bad, badHandoff{c, "outside the doc comment of a function with a body, it hands over nothing"})
				default:
					p := paramNamed(fn, name)
					if p == nil {
						h.bad = append(h.bad, badHandoff{c, fmt.Sprintf("%s is not a pointer parameter of %s", name, fd.Name.Name)})
						continue
					}
					if h.params == nil {
						h.params = make(map[*ssa.Parameter]bool)
						h.comments = make(map[*ssa.Parameter]*ast.Comment)
					}
					h.params[p] = true
					h.comments[p] = c
				}
			}
		}
	}
	return h
}

// declared returns the function of funcs that fd declares, or nil
// (for nil, or a function without a body). Directives are few, and a
// scan for each is cheaper than an index of every package.
func declared(funcs []*ssa.Function, fd *ast.FuncDecl) *ssa.Function {
	if fd == nil {
		return nil
	}
	for _, fn := range funcs {
		if fn.Syntax() == fd {
			return fn
		}
	}
	return nil
}

// paramNamed returns fn's pointer parameter (or receiver) called name.
func paramNamed(fn *ssa.Function, name string) *ssa.Parameter {
	for _, p := range fn.Params {
		if p.Name() == name && loc.IsPointerLike(p.Type()) {
			return p
		}
	}
	return nil
}

// reportHandoffs reports the directives that name nothing, and each
// call that hands over an argument it goes on using: a use of the same
// value that may run after the call.
func (c *checker) reportHandoffs() {
	for _, b := range c.handoffs.bad {
		c.out.report(analysis.Diagnostic{
			Pos:      b.c.Slash,
			End:      b.c.End(),
			Category: category.Directive,
			Message:  "malformed " + handoffDirective + " directive: " + b.why,
		})
	}
	if len(c.handoffs.params) == 0 {
		return
	}
	for _, fn := range c.funcs {
		for _, s := range c.graph.CallsIn(fn) {
			if _, deferred := s.Instr.(*ssa.Defer); deferred || s.Arg {
				continue // a deferred call takes the object over at the function's exit
			}
			args := s.Instr.Common().Args
			for i, p := range s.Callee.Params {
				if !c.handoffs.params[p] || i >= len(args) {
					continue
				}
				use := usedAfter(s.Instr, args[i])
				if use == nil {
					continue
				}
				where := ""
				if use.Pos().IsValid() {
					where = " (at " + syntax.FileLine(c.pass.Fset, use.Pos()) + ")"
				}
				c.out.report(analysis.Diagnostic{
					Pos:      s.Instr.Pos(),
					Category: category.Handoff,
					Message: fmt.Sprintf("%s hands over its argument %s to %s, whose %s directive says its callers let go of it, but uses it after the call%s",
						fn.Name(), p.Name(), s.Callee.Name(), handoffDirective, where),
					Related: []analysis.RelatedInformation{{Pos: c.handoffs.comments[p].Slash, Message: "the directive"}},
				})
			}
		}
	}
}

// usedAfter returns an instruction that uses v and may run after call,
// or nil.
func usedAfter(call ssa.CallInstruction, v ssa.Value) ssa.Instruction {
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	from := call.Block()
	after := make(map[*ssa.BasicBlock]bool)
	work := append([]*ssa.BasicBlock(nil), from.Succs...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if after[b] {
			continue
		}
		after[b] = true
		work = append(work, b.Succs...)
	}
	index := -1
	for i, instr := range from.Instrs {
		if instr == call {
			index = i
		}
	}
	for _, r := range *refs {
		if r == call && !after[from] {
			continue // a call that runs again, in a loop, uses it again
		}
		if _, ok := r.(*ssa.DebugRef); ok {
			continue
		}
		if b := r.Block(); after[b] {
			return r
		} else if b == from {
			for i := index + 1; i < len(from.Instrs); i++ {
				if from.Instrs[i] == r {
					return r
				}
			}
		}
	}
	return nil
}
