package atomiccnt

import (
	"slices"

	"github.com/atomiccnt/atomiccnt/internal/facts"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// A summary is where the rules meet a location: every access this
// package makes to it, and those that dependencies' facts describe.

// A summary gathers what the pass knows about one location.
type summary struct {
	loc loc.Location
	// accesses are this package's, in position order.
	accesses []*access
	// atomics are the atomic ones among them.
	atomics []*access
	// remote are the accesses that dependencies' facts describe.
	remote []remoteSite
}

// isAtomic reports whether some access the pass can see is atomic.
func (s *summary) isAtomic() bool {
	if len(s.atomics) > 0 {
		return true
	}
	for _, r := range s.remote {
		if r.site.Kind.IsAtomic() {
			return true
		}
	}
	return false
}

// summarize groups the recorded accesses by location, in the order of
// each location's first access.
func (c *checker) summarize() []*summary {
	slices.SortStableFunc(c.accesses, func(a, b *access) int { return a.order.Compare(b.order) })
	index := make(map[loc.Location]*summary)
	var out []*summary
	for _, a := range c.accesses {
		s := index[a.loc]
		if s == nil {
			s = &summary{loc: a.loc, remote: c.imported.sites(a.loc)}
			index[a.loc] = s
			out = append(out, s)
		}
		s.accesses = append(s.accesses, a)
		if a.kind == atomicAccess {
			s.atomics = append(s.atomics, a)
		}
	}
	return out
}

// hasAtomicWrite reports whether an atomic access that may write the
// location is visible to the pass.
func (s *summary) hasAtomicWrite() bool {
	for _, a := range s.atomics {
		if a.api.Op().Writes() && a.exempt != exemptLocal {
			return true
		}
	}
	for _, r := range s.remote {
		if r.site.Kind == facts.AtomicWrite {
			return true
		}
	}
	return false
}

// A witness is the atomic access that a plain access races with.
type witness struct {
	local  *access     // in this package, or
	remote *remoteSite // described by a dependency's facts
	// readLocked names the locks that the plain write holds only for
	// reading, if those are what it races through: the atomic access
	// holds them, but so do the other copies of the write.
	readLocked string
}
