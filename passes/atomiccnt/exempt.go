package atomiccnt

import (
	"golang.org/x/tools/go/ssa"
)

// exemption returns the reason a cannot race with another goroutine
// whatever the other accesses do, or notExempt.
func (c *checker) exemption(a *access) exemption {
	if c.esc.OwnedAt(a.addr, a.instr) {
		// An atomic access to an object no other goroutine can reach
		// races with nothing either.
		return exemptLocal
	}
	if a.kind != atomicAccess {
		if a.exclusive() && !c.unstopped[a.loc] {
			return exemptExclusive
		}
		if a.kind == plainRead && c.crashes.doomed(a.instr.Block()) {
			return exemptCrash
		}
	}
	if c.directives.covers(c.pass.Fset, a.pos, a.fn) {
		return exemptIgnored
	}
	return notExempt
}

// exemptOutright reports whether a cannot race whatever the other
// accesses are: the exemptions that hold for every rule. The atomic
// rule's lock and read-back exemptions concern its atomic accesses, and
// this rule weighs locks against the concurrent reads itself.
func (c *checker) exemptOutright(a *access) bool {
	return c.exemptAlone(a) || a.exclusive()
}

// exemptAlone reports whether a's own exemption holds against every
// other access. The stopped world is such an exemption only if no
// thread without a P accesses a's location (withoutp.go); otherwise the
// atomic rule weighs it pair by pair.
func (c *checker) exemptAlone(a *access) bool {
	switch a.exempt {
	case exemptLocal, exemptIgnored, exemptCrash:
		return true
	case exemptExclusive:
		return !c.unstopped[a.loc]
	}
	return false
}

// crashPaths caches, per function, the blocks that end in a panic.
type crashPaths map[*ssa.Function][]bool

// doomed reports whether every path from b ends in a panic: b ends in
// one (the SSA builder puts one after each call that cannot return), or
// all its successors are doomed.
func (cp crashPaths) doomed(b *ssa.BasicBlock) bool {
	fn := b.Parent()
	d, ok := cp[fn]
	if !ok {
		d = doomedBlocks(fn)
		cp[fn] = d
	}
	return d[b.Index]
}

func doomedBlocks(fn *ssa.Function) []bool {
	d := make([]bool, len(fn.Blocks))
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if d[b.Index] {
				continue
			}
			doomed := false
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic); ok {
				doomed = true
			} else if len(b.Succs) > 0 {
				doomed = true
				for _, s := range b.Succs {
					if !d[s.Index] {
						doomed = false
						break
					}
				}
			}
			if doomed {
				d[b.Index] = true
				changed = true
			}
		}
	}
	return d
}
