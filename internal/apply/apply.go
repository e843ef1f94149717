// Package apply merges suggested fixes into file contents and prints
// what they change as a unified diff that git apply takes. It knows
// nothing of analysis: a fix is a set of byte-range edits, applied whole
// or not at all.
package apply

import (
	"cmp"
	"fmt"
	"slices"
)

// An Edit replaces the bytes [Start, End) of a file with New.
type Edit struct {
	Start, End int
	New        string
}

// A Fix is edits to one or more files, by file name, that are applied
// together or not at all.
type Fix map[string][]Edit

// A Merger accumulates fixes whose edits do not overlap.
type Merger struct {
	edits map[string][]Edit
}

// NewMerger returns an empty Merger.
func NewMerger() *Merger { return &Merger{edits: make(map[string][]Edit)} }

// Add adds fix if none of its edits conflicts with an edit of a fix
// added before, and reports whether it did. An edit identical to one
// already added counts once: two fixes that add the same import do not
// conflict.
func (m *Merger) Add(fix Fix) bool {
	for name, edits := range fix {
		for i, e := range edits {
			if conflicts(e, m.edits[name]) || conflicts(e, edits[i+1:]) {
				return false
			}
		}
	}
	for name, edits := range fix {
		for _, e := range edits {
			if !slices.Contains(m.edits[name], e) {
				m.edits[name] = append(m.edits[name], e)
			}
		}
	}
	return true
}

// Files returns the names of the files that the added fixes edit, in
// order.
func (m *Merger) Files() []string {
	var names []string
	for name := range m.edits {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Apply returns src with the edits added for the file name applied.
func (m *Merger) Apply(name string, src []byte) ([]byte, error) {
	return applyEdits(src, m.edits[name])
}

// conflicts reports whether e overlaps an edit of others other than
// an identical one. Two insertions at one offset conflict: their order
// would be a guess.
func conflicts(e Edit, others []Edit) bool {
	for _, o := range others {
		switch {
		case o == e:
		case e.Start == e.End && o.Start == o.End:
			if e.Start == o.Start {
				return true
			}
		case e.Start < o.End && o.Start < e.End:
			return true
		case e.Start == e.End && o.Start < e.Start && e.Start < o.End,
			o.Start == o.End && e.Start < o.Start && o.Start < e.End:
			return true
		}
	}
	return false
}

// applyEdits applies non-overlapping edits to src.
func applyEdits(src []byte, edits []Edit) ([]byte, error) {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b Edit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	var out []byte
	last := 0
	for _, e := range sorted {
		if e.Start < last || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) out of order or out of range (file of %d bytes)", e.Start, e.End, len(src))
		}
		out = append(out, src[last:e.Start]...)
		out = append(out, e.New...)
		last = e.End
	}
	return append(out, src[last:]...), nil
}
