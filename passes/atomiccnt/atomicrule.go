package atomiccnt

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/own"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// The atomic rule. Two accesses to a location may race unless one of
// the rules of ordering (see ordering) puts one before the other, or
// both only read. A plain access is reported if it may race with an
// atomic one: that is the mixing this analyzer is about. (A plain
// access racing with another plain one is a data race too, but not
// one that the atomic accesses tell us about.)

// check reports the plain accesses of one location that may race with
// an atomic access. Every access gets its verdict before any report is
// built: the fixes of one report depend on the verdicts of the
// location's other accesses (see someCallFixMissing), so they must not
// depend on the order of the accesses in the file.
func (c *checker) check(s *summary) {
	if !s.isAtomic() {
		return
	}
	for _, v := range c.decide(s) {
		if v.race {
			c.reportPlain(s, v.a, v.w)
		} else {
			c.explainExempt(s, v.a, v.locks)
		}
	}
	c.checkImportedWrites(s)
}

// A verdict is the atomic rule's decision on one plain access a: the
// atomic access w it may race with, or, in a.exempt, the rule that
// spared it, with the locks that did if it was the lock rule.
type verdict struct {
	a     *access
	race  bool
	w     witness
	locks string
}

// decide returns the verdicts of the plain accesses of s that the
// atomic rule judges, in s's order, and records each exemption in its
// access.
func (c *checker) decide(s *summary) []verdict {
	var out []verdict
	for _, a := range s.accesses {
		if a.kind == atomicAccess || a.rmwRead || (a.kind == plainRead && !c.opts.reads) {
			continue
		}
		if a.exempt == notExempt && a.kind == plainRead && c.readsBack(s, a) {
			a.exempt = exemptReadBack
		}
		if a.exempt != notExempt {
			out = append(out, verdict{a: a})
			continue
		}
		w, spared, ok := c.conflict(s, a)
		if !ok {
			a.exempt = spared
			out = append(out, verdict{a: a, locks: c.locks.Describe(a.locks)})
			continue
		}
		out = append(out, verdict{a: a, race: true, w: w})
	}
	return out
}

// conflict returns the first atomic access that a may race with: in
// this package, or else described by facts. If there is none, spared
// says which rule ordered them: joining goroutines, the sequence of
// tests, locks (the default), or, if every atomic access is to memory
// that a cannot reach, none.
func (c *checker) conflict(s *summary, a *access) (w witness, spared exemption, ok bool) {
	spared = exemptLocked
	// other and met say whether some atomic access that a could race
	// with was to other memory, and whether some was not.
	var other, met bool
	stopped := false // some atomic access was ordered with a by the stopped world
	scope := c.esc.ScopeOf(a.addr)
	owned := false         // some atomic access that a could race with is to an owned object
	var lockedWith *access // the first atomic access that a lock orders with a
	for _, q := range s.atomics {
		if a.kind == plainRead && !q.api.Op().Writes() {
			continue // two reads
		}
		if q.exempt == exemptLocal && !q.exclusive() {
			owned = true
			continue
		}
		switch why := c.ordering(a, q, scope); why {
		case notExempt:
			return witness{local: q}, notExempt, true
		case exemptExclusive:
			stopped = true
		case exemptOtherMemory:
			other = true
		case exemptTests, exemptSameTest:
			met = true
			if spared == exemptLocked {
				spared = why
			}
		case exemptJoined:
			met = true
			spared = exemptJoined
		case exemptLocked:
			met = true
			if lockedWith == nil {
				lockedWith = q
			}
		default:
			met = true
		}
	}
	for i, r := range s.remote {
		if scope != nil {
			break // other packages cannot reach a local object
		}
		k := r.site.Kind
		if !k.IsAtomic() || (a.kind == plainRead && k != facts.AtomicWrite) {
			continue
		}
		if !c.compatibleRemote(a, r) {
			other = true
			continue
		}
		met = true
		if c.holdsAny(a.locks, r.site.Locks) {
			continue
		}
		return witness{remote: &s.remote[i]}, notExempt, true
	}
	if lockedWith != nil && spared == exemptLocked && writes(a) && scope == nil && c.locks.SharedOnly(a.locks) {
		// A read lock orders a with the writers that hold it
		// exclusively, but not with the other holders of the read lock,
		// and a write's other holders are copies of itself.
		return witness{local: lockedWith, readLocked: c.locks.Describe(a.locks)}, notExempt, true
	}
	switch {
	case other && !met:
		spared = exemptOtherMemory
	case owned && !met && !other:
		spared = exemptOwnedAtomics
	case stopped && a.exclusive() && !met && !other:
		// The world was stopped at a, not only at the atomic accesses:
		// a's exemption, weighed pair by pair (withoutp.go).
		spared = exemptExclusive
	}
	return witness{}, spared, false
}

// ordering returns the rule that orders the plain access a with the
// access q, atomic or about to become so (the write a call fix makes
// atomic), or notExempt if they may race. scope is a's scopeOf.
func (c *checker) ordering(a, q *access, scope map[*ssa.Function]bool) exemption {
	switch {
	case c.stoppedApart(a, q):
		return exemptExclusive
	case !c.containers.compatible(a.ctx, q.ctx):
		return exemptOtherMemory
	case c.tests.sequentialTests(a.fn, q.fn):
		return exemptTests
	case a.fn == q.fn && c.tests.testEntry(a.fn) == a.fn:
		// go test calls each test function once at a time, on one
		// goroutine: its own accesses are in program order.
		return exemptSameTest
	case scope != nil && !own.InScope(q.fn, scope):
		return exemptLocal // q cannot reach a's local object
	}
	if qs := c.esc.ScopeOf(q.addr); qs != nil && !own.InScope(a.fn, qs) {
		return exemptLocal // a cannot reach q's local object
	}
	if c.locks.Protects(a.locks, q.locks) {
		return exemptLocked
	}
	if (a.joined() && c.graph.StartedBy(q.fn, a.fn)) || c.locks.JoinedBy(a.locks, q.fn) {
		return exemptJoined
	}
	return notExempt
}

// stoppedApart reports whether the world is stopped at one of a and q
// and the other cannot run then: its function holds a P, or it is made
// by the thread that stopped the world.
func (c *checker) stoppedApart(a, q *access) bool {
	return (q.exclusive() && !c.withoutP.unstopped(a)) || (a.exclusive() && !c.withoutP.unstopped(q))
}

// racesOnceAtomic reports whether the plain read r would be reported
// once the plain write w, the location's only write that could be
// atomic, were atomic: check's rules applied to the pair. The call fix
// of w takes such reads along.
func (c *checker) racesOnceAtomic(s *summary, r, w *access) bool {
	if r.kind != plainRead || r.rmwRead || c.exemptAlone(r) || c.readsBack(s, r) {
		return false
	}
	return c.ordering(r, w, c.esc.ScopeOf(r.addr)) == notExempt
}

// readsBack reports whether the plain read a is the location's writer
// reading back its own value, which no concurrent write can change:
//
//   - a's function writes the location itself, through the same object
//     (the same pointer, or the same package-level variable), and uses
//     what it reads: the value of one of those writes is computed from
//     the read (t := r.tail; ...; store(&r.tail, t+1)), or the write runs
//     before the read on every path to it (c.mcl = v; if c.mcl == 0), or
//     the write and the read hold a lock in common. A writer that stores a value the
//     read does not give (if c.last != now { store(&c.last, now) })
//     works as well when many goroutines run it at once, which is then
//     how it is run;
//   - none of those writes holds a lock that a does not hold, nor is a
//     read-modify-write without one: a lock around the write says that
//     copies of the function run at once, and a read before it (the
//     fast path of a once) races with them;
//   - every other write of the location in the package, in another
//     function or through another object, holds a lock that a holds
//     too, or a lock that a's function takes before a on every path to
//     it (the drainer of the finalizer queue detaches its block under
//     the lock the fillers hold, then counts it down unlocked), or is a
//     store of a value computed from its own function's read of the
//     location (the owner to which the block was handed, counting down
//     what it read). Any other write is a concurrent writer the read can
//     race with: a lock that a's function does not take orders that
//     write only with the other holders of the lock (a config reload
//     storing a client's limit under the server's lock while the client
//     reads back its own under the client's), and a read-modify-write
//     is never an owner's.
//
// Writes to objects their function owns, and in exclusive phases,
// cannot race and do not count. In the code it was measured on, such a
// writer is an owner (the goroutine that drains a block it detached,
// the P that owns a run queue) or the holder of a lock. The read in a
// function that increments atomically, the classic
// "atomic.AddInt64(&s.n, 1); if s.n > max" race, is still reported, and
// so is "v := s.n; s.n = v + 1" where others add to s.n atomically.
func (c *checker) readsBack(s *summary, a *access) bool {
	uses := false
	base := loc.BaseOf(a.addr)
	for _, w := range s.accesses {
		if !writes(w) || w.exempt == exemptLocal || c.stoppedApart(a, w) || !c.containers.compatible(w.ctx, a.ctx) {
			continue
		}
		locked := c.locks.Protects(w.locks, a.locks)
		if w.fn != a.fn || loc.BaseOf(w.addr) != base {
			if !locked && !c.takesLockBefore(a, w) && (isReadModifyWrite(w) || !fedByOwnRead(s, w)) {
				return false // another writer
			}
			continue
		}
		switch {
		case locked:
			uses = true
		case !w.locks.IsEmpty(), isReadModifyWrite(w):
			return false // copies of the function write at once
		case feeds(a, w), own.RunsBefore(w.instr, a.instr):
			uses = true // a write computed from the read, or one the read reads back
		}
	}
	return uses
}

// takesLockBefore reports whether a's function takes a lock that the
// write w holds, on every path to a: the memory model orders w before a
// through that lock if w's critical section came first, which is how an
// object taken out from under the lock reaches its new owner.
func (c *checker) takesLockBefore(a, w *access) bool {
	for _, instr := range c.locks.Acquisitions(a.fn, w.locks) {
		if own.RunsBefore(instr, a.instr) {
			return true
		}
	}
	return false
}

// fedByOwnRead reports whether the write w stores a value computed from
// a read of its location, through the same object, in its function.
func fedByOwnRead(s *summary, w *access) bool {
	base := loc.BaseOf(w.addr)
	for _, r := range s.accesses {
		if r.fn == w.fn && !writes(r) && loc.BaseOf(r.addr) == base && feeds(r, w) {
			return true
		}
	}
	return false
}

// feeds reports whether the value that the write w stores is computed
// from the plain read r, through arithmetic and conversions in w's
// function.
func feeds(r, w *access) bool {
	read, ok := r.instr.(ssa.Value)
	if !ok {
		return false
	}
	var val ssa.Value
	switch instr := w.instr.(type) {
	case *ssa.Store:
		val = instr.Val
	case ssa.CallInstruction:
		if args := instr.Common().Args; len(args) >= 2 {
			val = args[len(args)-1]
		}
	}
	// Only a phi can lead back to a value already seen; the depth
	// bounds the rest.
	var seen map[*ssa.Phi]bool
	var from func(v ssa.Value, depth int) bool
	from = func(v ssa.Value, depth int) bool {
		if v == read {
			return true
		}
		if v == nil || depth == 0 {
			return false
		}
		switch v := v.(type) {
		case *ssa.BinOp:
			return from(v.X, depth-1) || from(v.Y, depth-1)
		case *ssa.UnOp:
			return v.Op != token.MUL && from(v.X, depth-1)
		case *ssa.Convert:
			return from(v.X, depth-1)
		case *ssa.ChangeType:
			return from(v.X, depth-1)
		case *ssa.Phi:
			if seen[v] {
				return false
			}
			if seen == nil {
				seen = make(map[*ssa.Phi]bool)
			}
			seen[v] = true
			for _, e := range v.Edges {
				if from(e, depth-1) {
					return true
				}
			}
		}
		return false
	}
	return from(val, 8)
}

// isReadModifyWrite reports whether w reads, modifies and writes back
// the location in one operation: an atomic add, and, or, swap or
// compare-and-swap, or a plain x++, x += n.
func isReadModifyWrite(w *access) bool {
	switch w.kind {
	case atomicAccess:
		return w.api.Op().Writes() && w.api.Op() != atomicapi.Store
	case plainWrite:
		return w.update
	}
	return false
}

// checkImportedWrites reports a location that this package accesses
// atomically while a dependency writes it plainly without knowing: the
// dependency saw no atomic access, so only this package can tell. The
// report goes at the first atomic access here that may race with the
// write and that no directive covers.
func (c *checker) checkImportedWrites(s *summary) {
	for _, r := range s.remote {
		if r.site.Kind != facts.Write {
			continue
		}
		for _, q := range s.atomics {
			if q.exempt == exemptIgnored || q.exempt == exemptLocal || q.exclusive() || !c.compatibleRemote(q, r) || c.holdsAny(q.locks, r.site.Locks) {
				continue
			}
			ev := c.confidenceOf(q)
			c.out.reportWith(analysis.Diagnostic{
				Pos:      q.pos,
				Category: category.ImportedWrite,
				Message: fmt.Sprintf("%s on %s, which %s writes non-atomically (%s at %s)",
					q.opName(), c.nameOf(q), r.pkg, r.site.Op, r.site.Pos),
			}, &ev)
			return
		}
	}
}

// describeWitness renders w, the atomic access that a may race with,
// for a message, and as related information.
func (c *checker) describeWitness(a *access, w witness) (string, []analysis.RelatedInformation) {
	if q := w.local; q != nil {
		return fmt.Sprintf("%s at %s", q.opName(), syntax.FileLine(c.pass.Fset, q.pos)),
			[]analysis.RelatedInformation{{Pos: q.pos, Message: fmt.Sprintf("%s of %s", q.opName(), c.nameOf(q))}}
	}
	r := *w.remote
	return r.String(), c.imported.related(r, fmt.Sprintf("%s of %s", r.site.Op, c.nameOf(a)))
}

// explainExempt reports, with -explain, why a is not reported.
func (c *checker) explainExempt(s *summary, a *access, locks string) {
	if !c.opts.explain {
		return
	}
	what := "read of"
	if a.kind == plainWrite {
		what = "write to"
	}
	why := a.exempt.String()
	if locks != "" {
		why += " (" + locks + ")"
	}
	if a.exempt == exemptLocal {
		if how := c.esc.Ownership(a.addr, a.instr); how != "" {
			why += " (" + how + ")"
		}
	}
	c.out.report(analysis.Diagnostic{
		Pos:      a.pos,
		Category: category.Explain,
		Message:  fmt.Sprintf("not reported: non-atomic %s %s: %s", what, c.nameOf(a), why),
	})
}

// reportPlain reports the plain access a, which may race with w.
func (c *checker) reportPlain(s *summary, a *access, w witness) {
	a.reported = true
	site, related := c.describeWitness(a, w)
	if a.copyOf != "" {
		c.copies.reports = append(c.copies.reports, copyReport{a, w, site, related})
		return
	}
	cat, what, how := category.PlainRead, "read of", "written"
	if a.kind == plainWrite {
		cat, what, how = category.PlainWrite, c.writeWhat(a), "accessed"
	}
	c.reportAccess(s, a, &w, cat, related, func(name, which string) string {
		msg := fmt.Sprintf("non-atomic %s %s, %s %s atomically (%s)", what, name, which, how, site)
		if w.readLocked != "" {
			msg += fmt.Sprintf(", holding %s only for reading: other holders may write at once", w.readLocked)
		}
		return msg
	})
}

// writeWhat describes the plain write a for a message: "write to",
// "increment of", "update (+=) of".
func (c *checker) writeWhat(a *access) string {
	if what := c.writeNoun(a); what != "write" {
		return what + " of"
	}
	return "write to"
}

// writeNoun names the plain write a: "write", "increment", "update
// (+=)".
func (c *checker) writeNoun(a *access) string {
	switch form := c.writeForm(a); form {
	case "write", "increment", "decrement":
		return form
	default:
		return "update (" + form + ")"
	}
}
