package atomiccnt

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/own"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// The concurrent-context rule. A location that a concurrent context
// (see concurrent.go) reads, plainly or atomically, and that other code
// writes plainly is shared: the write races with the read unless a lock
// that both hold, an exclusive phase (the world stopped, package
// initialisation) or an unpublished object orders them. Each such write
// is reported, naming the concurrent read, and so is each plain read
// the context makes of it. This finds the races that the atomic rule
// cannot see because no access is atomic yet: the finalizer queue of
// golang.org/issue/17503 before any of its accesses was atomic.
//
// By default the rule considers only counter-like integer locations:
// incremented or decremented, set to x ± k, or used as an index or a
// length. Counters are what concurrent readers of a structure size it
// by, and where a torn or stale value does harm; flags and pointers
// read by the garbage collector are mostly published under the
// collector's own protocol, which the analysis cannot see.
// -allconcurrent considers every location.
//
// An access that the atomic rule reports is not reported again.

// A concurrentRule is the concurrent-context rule applied to the
// checker's accesses: the contexts it found in the program, and the
// methods that weigh accesses against them.
type concurrentRule struct {
	*checker
	concurrency *concurrency
}

// checkConcurrent reports the plain accesses that race with a
// concurrent context's reads, for every location of summaries, and
// returns the rule, whose contexts the facts describe.
func (c *checker) checkConcurrent(summaries []*summary) *concurrentRule {
	for _, cm := range c.marks.malformed {
		c.out.report(analysis.Diagnostic{
			Pos:      cm.Slash,
			End:      cm.End(),
			Category: category.Directive,
			Message:  "malformed " + concurrentDirective + " directive: missing reason",
		})
	}
	for _, cm := range c.marks.misplaced {
		c.out.report(analysis.Diagnostic{
			Pos:      cm.Slash,
			End:      cm.End(),
			Category: category.Directive,
			Message:  concurrentDirective + " directive outside a function's doc comment marks nothing",
		})
	}
	cr := &concurrentRule{checker: c, concurrency: c.findConcurrency(c.funcs)}
	for _, s := range summaries {
		cr.checkConcurrentLocation(s)
	}
	return cr
}

// isConcurrentRead reports whether a is a read that a concurrent
// context makes of shared memory: not of an unpublished local object,
// not in an exclusive phase, and not covered by an ignore directive,
// which declares the read deliberate.
func (cr *concurrentRule) isConcurrentRead(a *access) bool {
	ctx := cr.concurrency.ctxOf[a.fn]
	if ctx == nil || a.copyOf != "" || (a.kind != plainRead && a.kind != atomicAccess) {
		return false
	}
	if ctx.kind == gcContext && !loc.IsGloballyRooted(a.addr) {
		return false
	}
	return !cr.exemptOutright(a)
}

// isOtherWrite reports whether a is a plain write that code other than
// a concurrent context makes, and that no exemption covers.
func (cr *concurrentRule) isOtherWrite(a *access) bool {
	return a.kind == plainWrite && a.copyOf == "" && !cr.concurrency.own[a.fn] && !cr.exemptOutright(a)
}

// checkConcurrentLocation applies the rule to the location that s
// summarises: each plain write by other code that may race with a
// concurrent read is reported, then each plain concurrent read that may
// race with such a write.
func (cr *concurrentRule) checkConcurrentLocation(s *summary) {
	var readers []*access
	for _, a := range s.accesses {
		if cr.isConcurrentRead(a) {
			readers = append(readers, a)
		}
	}
	var remoteReaders []*remoteSite
	for i, r := range s.remote {
		if r.site.Kind == facts.ConcurrentRead {
			remoteReaders = append(remoteReaders, &s.remote[i])
		}
	}
	if len(readers) == 0 && len(remoteReaders) == 0 {
		return
	}
	if !cr.opts.allConcurrent && !cr.counterLike(s) {
		return
	}
	for _, w := range s.accesses {
		if w.kind != plainWrite || w.reported || w.copyOf != "" || cr.concurrency.own[w.fn] {
			continue
		}
		if !cr.isOtherWrite(w) {
			cr.explainConcurrent(s, w, w.exempt.String())
			continue
		}
		reader, related, ok := cr.racingReader(w, readers, remoteReaders)
		if !ok {
			why := "no concurrent read may run with it"
			if locks := cr.locks.Describe(w.locks); locks != "" {
				why += " (it holds " + locks + ")"
			}
			cr.explainConcurrent(s, w, why)
			continue
		}
		cr.reportConcurrentWrite(s, w, reader, related)
	}
	if !cr.opts.reads {
		return
	}
	for _, r := range readers {
		if r.kind != plainRead || r.rmwRead || r.reported || r.exempt == exemptReadBack {
			continue
		}
		if writer, related, ok := cr.racingWriter(s, r); ok {
			cr.reportConcurrentRead(s, r, writer, related)
		}
	}
}

// racingReader returns the first concurrent read that the plain write
// w may race with, described for a message.
func (cr *concurrentRule) racingReader(w *access, readers []*access, remote []*remoteSite) (string, []analysis.RelatedInformation, bool) {
	for _, r := range readers {
		if cr.concurrentRace(r, w) {
			ctx := cr.concurrency.ctxOf[r.fn]
			where := "at " + syntax.FileLine(cr.pass.Fset, r.pos)
			if reader := cr.readerName(r.fn); reader != ctx.name {
				where = reader + " " + where
			}
			desc := ctx.name + " (" + where + ")"
			return desc, []analysis.RelatedInformation{{Pos: r.pos, Message: "concurrent read of " + cr.nameOf(r) + " by " + ctx.name}}, true
		}
	}
	for _, r := range remote {
		if cr.compatibleRemote(w, *r) && !cr.holdsAny(w.locks, r.site.Locks) {
			return fmt.Sprintf("%s (at %s/%s)", r.site.Op, r.pkg, r.site.Pos),
				cr.imported.related(*r, "concurrent read of "+cr.nameOf(w)+" by "+r.site.Op), true
		}
	}
	return "", nil, false
}

// racingWriter returns the first plain write by other code that the
// concurrent read r may race with, described for a message.
func (cr *concurrentRule) racingWriter(s *summary, r *access) (string, []analysis.RelatedInformation, bool) {
	for _, w := range s.accesses {
		if cr.isOtherWrite(w) && cr.concurrentRace(r, w) {
			form := cr.writeForm(w)
			return fmt.Sprintf("%s at %s", form, syntax.FileLine(cr.pass.Fset, w.pos)),
				[]analysis.RelatedInformation{{Pos: w.pos, Message: "non-atomic " + cr.writeWhat(w) + " " + cr.nameOf(w)}}, true
		}
	}
	for _, rs := range s.remote {
		if rs.site.Kind == facts.Write && cr.compatibleRemote(r, rs) && !cr.holdsAny(r.locks, rs.site.Locks) {
			return rs.String(), cr.imported.related(rs, "non-atomic "+rs.site.Op+" of "+cr.nameOf(r)), true
		}
	}
	return "", nil, false
}

// concurrentRace reports whether the concurrent read r and the plain
// write w may run at the same time and touch the same memory. A read
// and a write in the same function are taken to be the function
// reading back what it writes, as the atomic rule's read-back does: in
// the runtime such a function is an owner (of a P, of a gcWork), and
// different copies of it touch different objects. A write that happens
// before the go statement that starts a goroutine context does not
// race with the goroutine, nor does one the goroutine makes itself.
func (cr *concurrentRule) concurrentRace(r, w *access) bool {
	if r.fn == w.fn || !cr.containers.compatible(r.ctx, w.ctx) || cr.locks.Protects(r.locks, w.locks) {
		return false
	}
	ctx := cr.concurrency.ctxOf[r.fn]
	if ctx.kind == goroutineContext && cr.concurrency.ctxOf[w.fn] == ctx {
		// The goroutine's own code: a read and a write on one
		// goroutine are ordered by its program order.
		return false
	}
	for _, g := range ctx.spawns {
		if g.Parent() == w.fn && own.RunsBefore(w.instr, g) {
			return false
		}
	}
	return true
}

// counterLike reports whether the location that s summarises is a
// counter: of integer type, and incremented or decremented (x++,
// x += n, x = y - 1, an atomic add), or used as an index or a length.
func (cr *concurrentRule) counterLike(s *summary) bool {
	if !isIntegerLocation(s.loc) {
		return false
	}
	for _, a := range s.accesses {
		switch a.kind {
		case plainWrite:
			if isCounterWrite(a) {
				return true
			}
		case atomicAccess:
			if a.api.Op() == atomicapi.Add {
				return true
			}
		case plainRead:
			if v, ok := a.instr.(*ssa.UnOp); ok && usedAsBound(v) {
				return true
			}
		}
	}
	for _, r := range s.remote {
		switch r.site.Op {
		case "increment", "decrement", "+=", "-=":
			if r.site.Kind == facts.Write {
				return true
			}
		}
	}
	return false
}

// isIntegerLocation reports whether l holds an integer, or elements
// that are integers.
func isIntegerLocation(l loc.Location) bool {
	b, ok := loc.ValueType(l).(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// isCounterWrite reports whether the plain write a adds to or
// subtracts from a value: x++, x -= n, x = x + n, or x = y ± k for a
// constant k.
func isCounterWrite(a *access) bool {
	store, ok := a.instr.(*ssa.Store)
	if !ok {
		return false
	}
	bin, ok := unconvert(store.Val).(*ssa.BinOp)
	if !ok || (bin.Op != token.ADD && bin.Op != token.SUB) {
		return false
	}
	if a.update {
		return true
	}
	_, xConst := bin.X.(*ssa.Const)
	_, yConst := bin.Y.(*ssa.Const)
	return xConst || yConst
}

// usedAsBound reports whether the loaded value v, converted or offset
// by a constant, indexes an array or slice, bounds a slice expression
// or make, or is compared with a length.
func usedAsBound(v ssa.Value) bool {
	seen := make(map[ssa.Value]bool)
	var visit func(v ssa.Value, depth int) bool
	visit = func(v ssa.Value, depth int) bool {
		if depth > 4 || seen[v] {
			return false
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return false
		}
		for _, ref := range *refs {
			switch ref := ref.(type) {
			case *ssa.IndexAddr:
				if ref.Index == v {
					return true
				}
			case *ssa.Index:
				if ref.Index == v {
					return true
				}
			case *ssa.Slice:
				if ref.Low == v || ref.High == v || ref.Max == v {
					return true
				}
			case *ssa.MakeSlice:
				if ref.Len == v || ref.Cap == v {
					return true
				}
			case *ssa.Convert, *ssa.ChangeType:
				if visit(ref.(ssa.Value), depth+1) {
					return true
				}
			case *ssa.BinOp:
				switch ref.Op {
				case token.ADD, token.SUB:
					if _, ok := otherOperand(ref, v).(*ssa.Const); ok && visit(ref, depth+1) {
						return true
					}
				case token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ:
					if isLength(otherOperand(ref, v)) {
						return true
					}
				}
			}
		}
		return false
	}
	return visit(v, 0)
}

func otherOperand(bin *ssa.BinOp, v ssa.Value) ssa.Value {
	if bin.X == v {
		return bin.Y
	}
	return bin.X
}

// isLength reports whether v is, up to conversions, a call of the
// built-in len or cap.
func isLength(v ssa.Value) bool {
	call, ok := unconvert(v).(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Common().Value.(*ssa.Builtin)
	return ok && (b.Name() == "len" || b.Name() == "cap")
}

// reportConcurrentWrite reports the plain write w, which races with
// the concurrent read described by reader.
func (cr *concurrentRule) reportConcurrentWrite(s *summary, w *access, reader string, related []analysis.RelatedInformation) {
	cr.reportAccess(s, w, nil, category.ConcurrentWrite, related, func(name, which string) string {
		return fmt.Sprintf("non-atomic %s %s, %s read concurrently by %s", cr.writeWhat(w), name, which, reader)
	})
}

// reportConcurrentRead reports the concurrent context's plain read r,
// which races with the write described by writer.
func (cr *concurrentRule) reportConcurrentRead(s *summary, r *access, writer string, related []analysis.RelatedInformation) {
	cr.reportAccess(s, r, nil, category.ConcurrentRead, related, func(name, which string) string {
		return fmt.Sprintf("non-atomic read of %s by %s, %s written concurrently (%s)", name, cr.concurrency.ctxOf[r.fn].name, which, writer)
	})
}

// explainConcurrent reports, with -explain, why the plain write w to a
// concurrently read location is not reported. The atomic rule
// explains the accesses of atomically accessed locations itself.
func (cr *concurrentRule) explainConcurrent(s *summary, w *access, why string) {
	if !cr.opts.explain || s.isAtomic() {
		return
	}
	cr.out.report(analysis.Diagnostic{
		Pos:      w.pos,
		Category: category.Explain,
		Message:  fmt.Sprintf("not reported: non-atomic write to %s, which is read concurrently: %s", cr.nameOf(w), why),
	})
}

// concurrentSites returns the fact sites for the plain reads that this
// package's concurrent contexts make of the location s summarises, so
// that packages importing this one report their plain writes to it.
// Only locations that other packages can name and write are exported,
// and, unless -allconcurrent, only integers.
func (cr *concurrentRule) concurrentSites(s *summary) []facts.Site {
	if len(cr.concurrency.contexts) == 0 || !s.loc.Var.Exported() {
		return nil
	}
	if !cr.opts.allConcurrent && !isIntegerLocation(s.loc) {
		return nil
	}
	var order []*types.Var
	groups := make(map[*types.Var][]*access)
	for _, a := range s.accesses {
		if a.kind != plainRead || a.rmwRead || !cr.isConcurrentRead(a) {
			continue
		}
		ctx := exportedCtx(a.ctx)
		if groups[ctx] == nil {
			order = append(order, ctx)
		}
		groups[ctx] = append(groups[ctx], a)
	}
	var sites []facts.Site
	for _, ctx := range order {
		accs := groups[ctx]
		held := heldByAll(accs)
		id := ""
		if ctx != nil {
			id = cr.imported.varID(loc.Location{Var: ctx})
		}
		sites = append(sites, facts.Site{
			Elem:   s.loc.Elem,
			Kind:   facts.ConcurrentRead,
			Op:     cr.pass.Pkg.Name() + "." + cr.readerName(accs[0].fn),
			Pos:    syntax.FileLine(cr.pass.Fset, accs[0].pos),
			Ctx:    id,
			Sealed: id != "" && cr.containers.isSealed(ctx),
			Locks:  cr.lockIDs(held, true),
		})
	}
	return sites
}

// unconvert returns the value that v converts, through any number of
// conversions: of an integer's type, say, int32(n - 1).
func unconvert(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Convert:
			v = x.X
		default:
			return v
		}
	}
}
