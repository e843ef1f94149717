package atomiccnt

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/atomicapi"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/fix"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/own"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/syntax"
)

// This file decides which suggested fixes a report offers; the
// internal/fix package builds them. Two fixes are offered, in this
// order, because drivers apply only the first fix of a diagnostic:
//   - the call fix makes the one reported access atomic with a call
//     into the atomic package the file already uses;
//   - the type fix changes the location's type to a typed atomic and
//     rewrites every access in the package.

// A fixer holds the fix builder of the pass and what the choice of
// fixes remembers per location.
type fixer struct {
	build *fix.Builder
	// callMissing memoises someCallFixMissing.
	callMissing map[loc.Location]bool
}

// fixes returns the pass's fixer, made on first use: most packages
// report nothing.
func (c *checker) fixes() *fixer {
	if c.fixer == nil {
		c.fixer = &fixer{
			build:       fix.New(c.pass, c.files, c.funcs),
			callMissing: make(map[loc.Location]bool),
		}
	}
	return c.fixer
}

// fixAccess describes the plain access a to the fix builder.
func fixAccess(a *access) fix.Access {
	return fix.Access{Pos: a.pos, Var: a.loc.Var, Elem: a.loc.Elem, Write: a.kind == plainWrite, Update: a.update}
}

// suggestFixes returns the fixes for the diagnostic about the plain
// access a to the location that s summarises, and a note to append to
// the diagnostic's message when there is no call fix.
func (c *checker) suggestFixes(s *summary, a *access) ([]analysis.SuggestedFix, string) {
	if a.via != "" {
		// The access is in the wrapper's body, for every caller: the
		// fix belongs there, not at this call.
		return nil, "; no fix (" + a.via + " makes the access)"
	}
	var fixes []analysis.SuggestedFix
	call, whyNoCall := c.callFix(s, a)
	// The type fix's reason for refusing stays unsaid: it concerns the
	// location, not this access, and the call fix's reason is the one
	// the user can act on here.
	typed, _ := c.fixes().build.Type(s.loc.Var, s.loc.Elem)
	if typed != nil && updateReadBack(s, nil) != nil {
		// The type fix would make the update and the read of its
		// result two atomic operations, as the call fixes would.
		typed = nil
	}
	// Without the package's test files the type fix may miss their uses
	// of the location: the analysis with them offers it. The note below
	// is the same as theirs, so that the two report alike.
	withheld := typed != nil && c.fixes().build.TestsUnseen()
	if typed != nil && c.someCallFixMissing(s) {
		// A driver applies the first fix of each diagnostic. Were the
		// call fixes first, an access without one would stay plain and
		// its type fix would conflict with the others' call fixes; so
		// for such a location the type fix comes first everywhere, and
		// the identical copies merge into one. Where it is withheld,
		// the analysis with the tests gives the fixes.
		if withheld {
			return nil, typeNote(call, whyNoCall)
		}
		fixes = append(fixes, *typed)
		typed = nil
	}
	if withheld {
		typed = nil
		if call == nil {
			return nil, typeNote(call, whyNoCall)
		}
	}
	if call != nil {
		fixes = append(fixes, *call)
	}
	if typed != nil {
		fixes = append(fixes, *typed)
	}
	switch {
	case call != nil:
		return fixes, ""
	case len(fixes) > 0:
		return fixes, typeNote(call, whyNoCall)
	}
	return nil, "; no fix (" + whyNoCall + ")"
}

// typeNote is the note of a report whose location has a type fix: none
// if the access has a call fix, else why it has none.
func typeNote(call *analysis.SuggestedFix, whyNoCall string) string {
	if call != nil {
		return ""
	}
	return "; no atomic call fits (" + whyNoCall + "), so the fix changes the type"
}

// callFix returns the call fix for the plain access a to the location
// that s summarises, or the reason there is none.
func (c *checker) callFix(s *summary, a *access) (*analysis.SuggestedFix, string) {
	build := c.fixes().build
	edits, fn, why := build.Call(fixAccess(a))
	if why != "" {
		return nil, why
	}
	if a.kind == plainRead {
		if w := updateReadBack(s, a); w != nil {
			return nil, "it needs the value that " + c.updateHint(w)
		}
	}
	if a.kind == plainWrite && c.opts.reads && !s.hasAtomicWrite() {
		// The write becomes the location's first atomic write, and
		// every plain read of it then races with an atomic write, which
		// the analyzer reports. Those reads raced with this plain write
		// before, a race the analyzer reports at the write; so the fix
		// of the write makes them atomic too. The reads that the race
		// rules would spare stay plain; a read with no call fix is
		// reported, with its reason, on the next run.
		var taken []*access
		for _, r := range s.accesses {
			if c.racesOnceAtomic(s, r, a) {
				if a.update && readsResult(s, a, r) {
					why := fmt.Sprintf("the read at %s needs the value this %s stores", syntax.FileLine(c.pass.Fset, r.pos), c.writeNoun(a))
					if isAddFunc(fn) {
						why += ": use the result of " + fn
					}
					return nil, why
				}
				if more, _, why := build.Call(fixAccess(r)); why == "" {
					edits = append(edits, more...)
					taken = append(taken, r)
				}
			}
		}
		// The write and the reads made atomic are the other side of a
		// race with each plain write that was spared only because no
		// atomic access could see it; those writes become atomic too.
		taken = append(taken, a)
		for _, w := range s.accesses {
			if w != a && w.kind == plainWrite && w.exempt != notExempt && !c.exemptAlone(w) && c.racesWithAny(w, taken) {
				if more, _, why := build.Call(fixAccess(w)); why == "" {
					edits = append(edits, more...)
				}
			}
		}
	}
	return &analysis.SuggestedFix{Message: "Use " + fn, TextEdits: fix.Dedup(edits)}, ""
}

// racesWithAny reports whether the plain write w may race with one of
// the accesses, once they are atomic.
func (c *checker) racesWithAny(w *access, reads []*access) bool {
	scope := c.esc.ScopeOf(w.addr)
	for _, r := range reads {
		if c.ordering(w, r, scope) == notExempt {
			return true
		}
	}
	return false
}

// updateHint describes the update w whose value a read needs, and
// how to have it: "the increment at f.go:9 stores: use the result of
// atomic.AddInt64 there".
func (c *checker) updateHint(w *access) string {
	at := syntax.FileLine(c.pass.Fset, w.pos)
	if w.kind == atomicAccess {
		return fmt.Sprintf("%s at %s stores: use its result there", w.api.Qualified(), at)
	}
	hint := fmt.Sprintf("the %s at %s stores", c.writeNoun(w), at)
	if _, fn, why := c.fixes().build.Call(fixAccess(w)); why == "" && isAddFunc(fn) {
		hint += ": use the result of " + fn + " there"
	}
	return hint
}

// someCallFixMissing reports whether some access to the location that
// s summarises is reported without a call fix.
func (c *checker) someCallFixMissing(s *summary) bool {
	fx := c.fixes()
	missing, ok := fx.callMissing[s.loc]
	if ok {
		return missing
	}
	for _, a := range s.accesses {
		if a.kind == atomicAccess || a.rmwRead || a.exempt != notExempt {
			continue
		}
		if a.kind == plainRead && !(c.opts.reads && s.hasAtomicWrite()) {
			continue // not reported
		}
		if _, _, why := fx.build.Call(fixAccess(a)); why != "" {
			missing = true
			break
		}
	}
	fx.callMissing[s.loc] = missing
	return missing
}

// readsResult reports whether the plain read r uses the value that the
// read-modify-write w of the location that s summarises stores: r
// follows w in w's function, through the same object, with no other
// write of it between. Made atomic on their own, the add and a later
// load may see another goroutine's add between them ("n++; if n%10 ==
// 0" fires twice or never); only the add's result keeps the meaning.
func readsResult(s *summary, w, r *access) bool {
	if r.fn != w.fn || loc.BaseOf(r.addr) != loc.BaseOf(w.addr) || !own.RunsBefore(w.instr, r.instr) {
		return false
	}
	for _, x := range s.accesses {
		if x != w && x.fn == w.fn && writes(x) && own.RunsBefore(w.instr, x.instr) && own.RunsBefore(x.instr, r.instr) {
			return false
		}
	}
	return true
}

// writes reports whether the access a writes its location.
func writes(a *access) bool {
	return a.kind == plainWrite || (a.kind == atomicAccess && a.api.Op().Writes())
}

// updateReadBack returns the read-modify-write of the location that s
// summarises (a plain update or an atomic add) whose result the plain
// read r uses (readsResult), or, for a nil r, any such update with such
// a read: the type fix rewrites them all. A plain update that cannot
// race keeps its meaning as two atomic operations, so it does not
// count.
func updateReadBack(s *summary, r *access) *access {
	for _, w := range s.accesses {
		switch {
		case w.kind == plainWrite && w.update && w.exempt == notExempt:
		case w.kind == atomicAccess && w.api.Op() == atomicapi.Add:
		default:
			continue
		}
		for _, q := range s.accesses {
			if (r == nil || q == r) && q.kind == plainRead && !q.rmwRead && readsResult(s, w, q) {
				return w
			}
		}
	}
	return nil
}

// isAddFunc reports whether the atomic function fn (atomic.AddInt64,
// the runtime's atomic.Xadd) adds, and so returns the new value.
func isAddFunc(fn string) bool {
	return strings.Contains(strings.ToLower(fn), "add")
}
