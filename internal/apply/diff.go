package apply

import (
	"fmt"
	"strings"
)

// context is the number of unchanged lines around each change in a
// hunk, as diff -u and git diff use.
const context = 3

// Unified returns the changes from old to new of the file at path, a
// slash-separated path relative to the directory git apply (or patch
// -p1) runs in, as a unified diff with git's a/ and b/ prefixes. It
// returns "" when the contents are equal.
func Unified(path string, old, new []byte) string {
	a, b := splitLines(string(old)), splitLines(string(new))
	ops := lineDiff(a, b)
	var sb strings.Builder
	for _, h := range hunks(ops) {
		if sb.Len() == 0 {
			fmt.Fprintf(&sb, "--- a/%s\n+++ b/%s\n", path, path)
		}
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", span(h.aStart, h.aLen), span(h.bStart, h.bLen))
		for _, op := range h.ops {
			prefix, line := " ", ""
			switch op.kind {
			case eq:
				line = a[op.a]
			case del:
				prefix, line = "-", a[op.a]
			case ins:
				prefix, line = "+", b[op.b]
			}
			sb.WriteString(prefix + line)
			if !strings.HasSuffix(line, "\n") {
				sb.WriteString("\n\\ No newline at end of file\n")
			}
		}
	}
	return sb.String()
}

// span formats a hunk's range: its first line, 1-based, and its
// length, as diff -u does (a range of one line has no length, an empty
// one starts at the line before).
func span(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

type opKind int

const (
	eq opKind = iota
	del
	ins
)

// An op is one line of the diff: kept (a and b), deleted (a) or
// inserted (b), by index.
type op struct {
	kind opKind
	a, b int
}

// lineDiff returns a shortest edit script from a to b, by Myers'
// O(ND) algorithm: fixes change few lines of large files.
func lineDiff(a, b []string) []op {
	n, m := len(a), len(b)
	max := n + m
	v := make([]int, 2*max+2)
	var trace [][]int
	offset := max + 1
	for d := 0; d <= max; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1]
			} else {
				x = v[offset+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[offset+k] = x
			if x >= n && y >= m {
				return backtrack(trace, a, b, offset, d)
			}
		}
	}
	return nil // not reached: d = n+m always ends
}

// backtrack recovers the script from the saved rows of lineDiff.
func backtrack(trace [][]int, a, b []string, offset, d int) []op {
	x, y := len(a), len(b)
	var rev []op
	for ; d >= 0; d-- {
		v := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x, y = x-1, y-1
			rev = append(rev, op{eq, x, y})
		}
		if d > 0 {
			if x == prevX {
				rev = append(rev, op{ins, x, prevY})
			} else {
				rev = append(rev, op{del, prevX, y})
			}
		}
		x, y = prevX, prevY
	}
	ops := make([]op, len(rev))
	for i, o := range rev {
		ops[len(rev)-1-i] = o
	}
	return ops
}

// A hunk is a run of changes with their context.
type hunk struct {
	aStart, aLen, bStart, bLen int
	ops                        []op
}

// hunks groups ops into hunks, joining changes less than twice the
// context apart.
func hunks(ops []op) []hunk {
	var out []hunk
	for i := 0; i < len(ops); {
		if ops[i].kind == eq {
			i++
			continue
		}
		start := max(i-context, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != eq {
				end = j + 1
			} else if j-end >= 2*context {
				break
			}
		}
		stop := min(end+context, len(ops))
		h := hunk{ops: ops[start:stop]}
		h.aStart, h.bStart = ops[start].a, ops[start].b
		for _, o := range h.ops {
			if o.kind != ins {
				h.aLen++
			}
			if o.kind != del {
				h.bLen++
			}
		}
		out = append(out, h)
		i = stop
	}
	return out
}
