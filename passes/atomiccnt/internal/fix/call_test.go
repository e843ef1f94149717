package fix_test

import (
	"testing"
)

// TestCall checks the call fix of one access: the lines of the file it
// changes (the import included), or the reason it gives for refusing.
func TestCall(t *testing.T) {
	const stats = `
type stats struct {
	n   int32
	u   uint32
	w   int64
	arr [4]uint64
}
`
	for _, tc := range []struct {
		name    string
		version string // the file's Go version, "" for the toolchain's
		header  string // what precedes the package clause
		src     string // the file, after its package clause
		at      string // the access: the first occurrence of this text
		elem    bool   // the access is to an element
		write   bool
		update  bool
		want    string // the changed lines, trimmed
		wantFn  string
		why     string // the reason, instead
	}{
		// Import naming.
		{
			name: "adds the import after the package clause",
			src:  stats + `func f(s *stats) int32 { return s.n }`,
			at:   "s.n }", want: `import "sync/atomic"` + "\n" + `func f(s *stats) int32 { return atomic.LoadInt32(&s.n) }`,
			wantFn: "atomic.LoadInt32",
		},
		{
			name: "makes a single import a block",
			src:  "import \"fmt\"\n" + stats + `func f(s *stats) { s.n = 1; fmt.Println() }`,
			at:   "s.n =", write: true,
			want:   "import (\n\"fmt\"\n\"sync/atomic\"\n)\nfunc f(s *stats) { atomic.StoreInt32(&s.n, 1); fmt.Println() }",
			wantFn: "atomic.StoreInt32",
		},
		{
			name: "adds to a block",
			src:  "import (\n\t\"fmt\"\n)\n" + stats + `func f(s *stats) { s.n = 1; fmt.Println() }`,
			at:   "s.n =", write: true,
			want:   "\"sync/atomic\"\nfunc f(s *stats) { atomic.StoreInt32(&s.n, 1); fmt.Println() }",
			wantFn: "atomic.StoreInt32",
		},
		{
			name: "uses the file's own name",
			src:  "import sa \"sync/atomic\"\n" + stats + `func f(s *stats) { sa.AddInt32(&s.n, 1); s.n++ }`,
			at:   "s.n++", write: true, update: true,
			want:   "func f(s *stats) { sa.AddInt32(&s.n, 1); sa.AddInt32(&s.n, 1) }",
			wantFn: "sa.AddInt32",
		},
		{
			name: "imports under a free name",
			src:  "var atomic = 1\n" + stats + `func f(s *stats) { s.n++ }`,
			at:   "s.n++", write: true, update: true,
			want:   "import atomic2 \"sync/atomic\"\nfunc f(s *stats) { atomic2.AddInt32(&s.n, 1) }",
			wantFn: "atomic2.AddInt32",
		},
		{
			name: "refuses a blank import",
			src:  "import _ \"sync/atomic\"\n" + stats + `func f(s *stats) { s.n++ }`,
			at:   "s.n++", write: true, update: true,
			why: "the file imports sync/atomic as _",
		},
		{
			name: "refuses a shadowed name",
			src:  "import \"sync/atomic\"\n" + stats + `func f(s *stats) { atomic.AddInt32(&s.n, 1); atomic := 2; s.n = int32(atomic) }`,
			at:   "s.n = int32", write: true,
			why: "atomic is shadowed here",
		},
		// Deltas.
		{
			name: "subtracts a variable from an unsigned location",
			src:  stats + `func f(s *stats, d uint32) { s.u -= d }`,
			at:   "s.u -=", write: true, update: true,
			want:   "import \"sync/atomic\"\nfunc f(s *stats, d uint32) { atomic.AddUint32(&s.u, ^uint32(d-1)) }",
			wantFn: "atomic.AddUint32",
		},
		{
			name: "parenthesises an expression it negates",
			src:  stats + `func f(s *stats, a, b uint32) { s.u -= a + b }`,
			at:   "s.u -=", write: true, update: true,
			want:   "import \"sync/atomic\"\nfunc f(s *stats, a, b uint32) { atomic.AddUint32(&s.u, ^uint32((a + b)-1)) }",
			wantFn: "atomic.AddUint32",
		},
		{
			name: "negates a signed delta",
			src:  stats + `func f(s *stats, d int32) { s.n -= d }`,
			at:   "s.n -=", write: true, update: true,
			want:   "import \"sync/atomic\"\nfunc f(s *stats, d int32) { atomic.AddInt32(&s.n, -d) }",
			wantFn: "atomic.AddInt32",
		},
		{
			name: "converts a delta of another type",
			src:  stats + `func f(s *stats, d int) { s.w -= int64(d); s.w += int64(d) }`,
			at:   "s.w +=", write: true, update: true,
			want:   "import \"sync/atomic\"\nfunc f(s *stats, d int) { s.w -= int64(d); atomic.AddInt64(&s.w, int64(d)) }",
			wantFn: "atomic.AddInt64",
		},
		{
			name: "folds a constant in two's complement",
			src:  stats + `func f(s *stats) { s.u -= 3 }`,
			at:   "s.u -=", write: true, update: true,
			want:   "import \"sync/atomic\"\nfunc f(s *stats) { atomic.AddUint32(&s.u, ^uint32(2)) }",
			wantFn: "atomic.AddUint32",
		},
		{
			name: "rewrites x = x + n as one add",
			src:  stats + `func f(s *stats, d int32) { s.n = s.n + d }`,
			at:   "s.n =", write: true, update: true,
			want:   "import \"sync/atomic\"\nfunc f(s *stats, d int32) { atomic.AddInt32(&s.n, d) }",
			wantFn: "atomic.AddInt32",
		},
		{
			name: "keeps a store of a computed value a store",
			src:  stats + `func f(s *stats, v int32) { s.n = v * 2 }`,
			at:   "s.n =", write: true,
			want:   "import \"sync/atomic\"\nfunc f(s *stats, v int32) { atomic.StoreInt32(&s.n, v * 2) }",
			wantFn: "atomic.StoreInt32",
		},
		{
			name: "indexes an element",
			src:  stats + `func f(s *stats, i int) { s.arr[i]++ }`,
			at:   "s.arr[i]", elem: true, write: true, update: true,
			want:   "import \"sync/atomic\"\nfunc f(s *stats, i int) { atomic.AddUint64(&s.arr[i], 1) }",
			wantFn: "atomic.AddUint64",
		},
		// Refusals.
		{
			name: "refuses *=",
			src:  stats + `func f(s *stats) { s.n *= 2 }`,
			at:   "s.n *=", write: true, update: true,
			why: "no atomic operation does *=",
		},
		{
			name: "refuses a multiple assignment",
			src:  stats + `func f(s *stats) { s.n, s.w = 1, 2 }`,
			at:   "s.n,", write: true,
			why: "the write is part of a multiple assignment",
		},
		{
			name: "refuses an operand that reads the location",
			src:  stats + `func f(s *stats) { s.n += s.n }`,
			at:   "s.n +=", write: true, update: true,
			why: "the operand reads the location again",
		},
		{
			name: "refuses a select case",
			src:  stats + `func f(s *stats, c chan int32) { select { case s.n = <-c: } }`,
			at:   "s.n =", write: true,
			why: "the write is a select case",
		},
		{
			name: "refuses a range loop over the elements",
			src:  stats + `func f(s *stats) (t uint64) { for _, v := range s.arr { t += v }; return }`,
			at:   "s.arr {", elem: true,
			why: "a range loop reads each element; index the elements instead",
		},
		{
			name: "refuses a basic type no function takes",
			src:  "type flags struct{ b bool }\n" + `func f(s *flags) bool { return s.b }`,
			at:   "s.b }",
			why:  "sync/atomic has no load for bool",
		},
		{
			name: "refuses a composite type",
			src:  "type pair struct{ b [2]int }\n" + `func f(s *pair) [2]int { return s.b }`,
			at:   "s.b }",
			why:  "no atomic function takes *[2]int",
		},
		{
			name:    "refuses Or before Go 1.23",
			version: "go1.22",
			src:     stats + `func f(s *stats) { s.u |= 4 }`,
			at:      "s.u |=", write: true, update: true,
			why: "sync/atomic has no or before go1.23",
		},
		{
			name:    "uses Or from Go 1.23",
			version: "go1.23",
			src:     stats + `func f(s *stats) { s.u |= 4 }`,
			at:      "s.u |=", write: true, update: true,
			want:   "import \"sync/atomic\"\nfunc f(s *stats) { atomic.OrUint32(&s.u, 4) }",
			wantFn: "atomic.OrUint32",
		},
		{
			name:   "refuses a generated file",
			header: "// Code generated by hand. DO NOT EDIT.\n\n",
			src:    stats + `func f(s *stats) { s.n++ }`,
			at:     "s.n++", write: true, update: true,
			why: "the file is generated",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.header + "package p\n" + tc.src + "\n"
			p := load(t, tc.version, map[string]string{"p.go": src})
			edits, fn, why := p.build.Call(p.access("p.go", tc.at, tc.elem, tc.write, tc.update))
			if why != tc.why {
				t.Fatalf("reason %q, want %q", why, tc.why)
			}
			if why != "" {
				if len(edits) > 0 || fn != "" {
					t.Errorf("refusal with edits %v and function %q", edits, fn)
				}
				return
			}
			if fn != tc.wantFn {
				t.Errorf("function %q, want %q", fn, tc.wantFn)
			}
			if got := changed(src, p.apply("p.go", edits)); got != tc.want {
				t.Errorf("changed lines:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}
