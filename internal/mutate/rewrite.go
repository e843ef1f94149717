package main

// The source rewrite: a mutant's text in place of its call, on the
// same lines, so that every other line of the file keeps its number and
// the reports of the mutated file compare line for line with those of
// the original.

import (
	"fmt"
	"slices"
	"strings"
)

// plainForm returns lhs+assign+rhs (or rhs alone, for a load inside an
// expression) with as many newlines as orig, the text it replaces, has
// beyond those of lhs and rhs. The newlines go after an opening
// parenthesis, the one place where a newline can neither end the
// statement (Go inserts a semicolon after an identifier or a closing
// bracket at the end of a line) nor change what the expression means.
func plainForm(orig, lhs, assign, rhs string) string {
	k := strings.Count(orig, "\n") - strings.Count(lhs, "\n") - strings.Count(rhs, "\n")
	if k > 0 {
		rhs = "(" + strings.Repeat("\n", k) + rhs + ")"
	}
	return lhs + assign + rhs
}

// rewrite returns src with the mutants ms, all of one file, applied.
// uses holds the offsets of each name of an atomic package in the file
// (see finder.uses): if the mutants replace every use of one, rewrite
// appends a declaration that uses it (var _ = atomic.Load), since an
// unused import would stop the file from compiling. The declaration
// goes at the end, where it moves no line.
func rewrite(src []byte, ms []*mutant, uses map[string][]int) ([]byte, error) {
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b *mutant) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for _, m := range ms {
		if m.start < at || m.end > len(src) {
			return nil, fmt.Errorf("%s: mutants overlap or lie outside the file", m.key())
		}
		b.Write(src[at:m.start])
		b.WriteString(m.plain)
		at = m.end
	}
	b.Write(src[at:])
	var keep []string
	for _, m := range ms {
		if m.keepPkg == "" || slices.Contains(keep, m.keep) || slices.ContainsFunc(keep, func(k string) bool { return strings.HasPrefix(k, m.keepPkg+".") }) {
			continue
		}
		left := slices.ContainsFunc(uses[m.keepPkg], func(off int) bool {
			return !slices.ContainsFunc(ms, func(m *mutant) bool { return m.start <= off && off < m.end })
		})
		if !left {
			keep = append(keep, m.keep)
		}
	}
	for _, k := range keep {
		fmt.Fprintf(&b, "\nvar _ = %s // keeps the import used (atomiccnt mutation)\n", k)
	}
	return []byte(b.String()), nil
}
