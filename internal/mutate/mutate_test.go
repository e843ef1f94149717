package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/cmdtest"
	"github.com/atomiccnt/atomiccnt/internal/modcopy"
)

// TestRewrite checks the source rewrite on its own: the plain form
// in place of the call, on as many lines, and the import kept used
// when no use of it is left.
func TestRewrite(t *testing.T) {
	// mut makes the mutant of the first occurrence of call in src.
	mut := func(src, call, lhs, assign, rhs string) *mutant {
		i := strings.Index(src, call)
		if i < 0 {
			t.Fatalf("no %q in the source", call)
		}
		return &mutant{file: "f.go", start: i, end: i + len(call), plain: plainForm(call, lhs, assign, rhs), keep: "atomic.LoadInt32", keepPkg: "atomic"}
	}
	// usesOf returns the offsets of "atomic." in src.
	usesOf := func(src string) map[string][]int {
		var offs []int
		for i := 0; ; {
			j := strings.Index(src[i:], "atomic.")
			if j < 0 {
				break
			}
			offs = append(offs, i+j)
			i += j + 1
		}
		return map[string][]int{"atomic": offs}
	}
	for _, test := range []struct {
		name, src              string
		call, lhs, assign, rhs string
		want                   string
	}{
		{
			name: "load in an expression",
			src:  "return atomic.LoadInt32(&s.n) + 1\natomic.LoadInt32(&x)\n",
			call: "atomic.LoadInt32(&s.n)", rhs: "s.n",
			want: "return s.n + 1\natomic.LoadInt32(&x)\n",
		},
		{
			name: "store",
			src:  "atomic.StoreInt32(&s.n, v)\natomic.LoadInt32(&x)\n",
			call: "atomic.StoreInt32(&s.n, v)", lhs: "s.n", assign: " = ", rhs: "v",
			want: "s.n = v\natomic.LoadInt32(&x)\n",
		},
		{
			name: "add over two lines keeps them",
			src:  "atomic.AddInt32(\n\t&s.n, 1)\nnext()\natomic.LoadInt32(&x)\n",
			call: "atomic.AddInt32(\n\t&s.n, 1)", lhs: "s.n", assign: " += ", rhs: "1",
			want: "s.n += (\n1)\nnext()\natomic.LoadInt32(&x)\n",
		},
		{
			name: "load over three lines keeps them",
			src:  "f(atomic.LoadInt32(\n&s.\nn))\natomic.LoadInt32(&x)\n",
			call: "atomic.LoadInt32(\n&s.\nn)", rhs: "s.\nn",
			want: "f((\ns.\nn))\natomic.LoadInt32(&x)\n",
		},
		{
			name: "the last use of the import",
			src:  "package p\n\nfunc f() { atomic.AddInt32(&n, -1) }\n",
			call: "atomic.AddInt32(&n, -1)", lhs: "n", assign: " -= ", rhs: "1",
			want: "package p\n\nfunc f() { n -= 1 }\n\nvar _ = atomic.LoadInt32 // keeps the import used (atomiccnt mutation)\n",
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			m := mut(test.src, test.call, test.lhs, test.assign, test.rhs)
			got, err := rewrite([]byte(test.src), []*mutant{m}, usesOf(test.src))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != test.want {
				t.Errorf("rewrite:\n%s\nwant:\n%s", got, test.want)
			}
			if strings.Count(string(got), "\n") < strings.Count(test.src, "\n") {
				t.Errorf("rewrite lost lines")
			}
		})
	}

	t.Run("overlapping mutants", func(t *testing.T) {
		src := "atomic.StoreInt32(&s.n, atomic.LoadInt32(&s.m))\n"
		outer := mut(src, "atomic.StoreInt32(&s.n, atomic.LoadInt32(&s.m))", "s.n", " = ", "atomic.LoadInt32(&s.m)")
		inner := mut(src, "atomic.LoadInt32(&s.m)", "", "", "s.m")
		if _, err := rewrite([]byte(src), []*mutant{inner, outer}, usesOf(src)); err == nil {
			t.Errorf("rewrite of overlapping mutants: no error")
		}
	})
}

func TestParseVerdicts(t *testing.T) {
	text := "# Triage\n\nProse, and a list:\n\n- not a verdict\n" +
		"- runtime/mgc.go:12 work.nproc: equivalent: the world is stopped\n" +
		"- runtime/proc.go:34 schedt.npidle: hole: read back by every P\n"
	got, err := parseVerdicts("t.md", text)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]verdict{
		"runtime/mgc.go:12 work.nproc":     {equivalent: true, reason: "the world is stopped", line: 6},
		"runtime/proc.go:34 schedt.npidle": {reason: "read back by every P", line: 7},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d verdicts, want %d: %v", len(got), len(want), got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("verdict of %s = %+v, want %+v", k, got[k], v)
		}
	}
	for _, bad := range []string{
		"- runtime/mgc.go:12 work.nproc: equivalnet: typo\n",
		"- runtime/mgc.go:12 work.nproc: hole:\n",
		"- a.go:1 x: hole: once\n- a.go:1 x: equivalent: twice\n",
	} {
		if _, err := parseVerdicts("t.md", bad); err == nil {
			t.Errorf("parseVerdicts(%q): no error", bad)
		}
	}
}

// TestSample checks that a sample is a fixed function of the seed, in
// file order.
func TestSample(t *testing.T) {
	var ms []*mutant
	for i := range 50 {
		ms = append(ms, &mutant{file: "f.go", line: i + 1, start: i * 10, locName: "T.f", call: "atomic.Load(&x.f)"})
	}
	a, b, c := sample(ms, 10, 1), sample(ms, 10, 1), sample(ms, 10, 2)
	if len(a) != 10 || !slices.Equal(a, b) {
		t.Fatalf("two samples with seed 1 differ or have the wrong size: %d, %d", len(a), len(b))
	}
	if slices.Equal(a, c) {
		t.Errorf("the samples of seeds 1 and 2 are the same")
	}
	if !slices.IsSortedFunc(a, func(x, y *mutant) int { return x.start - y.start }) {
		t.Errorf("the sample is not in file order")
	}
	if got := sample(ms, 0, 1); len(got) != len(ms) {
		t.Errorf("sample 0 has %d mutants, want all %d", len(got), len(ms))
	}
}

// TestMutate runs the mutator on testdata/counters, whose mutants and
// outcomes its comments describe, and on a copy of example/finalizers,
// and checks the counts exactly and the mutated text of one mutant of
// each kind.
func TestMutate(t *testing.T) {
	bin := cmdtest.BuildTool(t, "../../cmd/atomiccnt")
	work := t.TempDir()
	c := config{bin: bin, batch: 4}

	tg, err := prepareTarget("", "testdata/counters", work, "")
	if err != nil {
		t.Fatal(err)
	}
	verdicts, err := readVerdicts("testdata/counters.md")
	if err != nil {
		t.Fatal(err)
	}
	r, err := mutateTarget(tg, c, verdicts)
	if err != nil {
		t.Fatal(err)
	}
	want := "candidates=18 not-counted=1 sampled=17 not-compiled=0 mutants=17 caught=16 missed=0 equivalent=1"
	if got := r.summaryLine(); !strings.HasPrefix(got, want+" wall=") {
		t.Errorf("counts:\n%s\nwant:\n%s", got, want)
	}
	if n := r.skipped["in a generated file"]; n != 2 {
		t.Errorf("atomic calls not mutated in generated.go: %d, want 2", n)
	}
	var missedKeys []string
	for _, o := range r.outcomes {
		if o.status == missed || o.status == equivalent {
			missedKeys = append(missedKeys, string(o.status)+" "+o.m.key()+" ["+o.note+"]")
		}
	}
	if want := []string{"equivalent counters.go:98 Stats.n [equivalent: s is a Stats that Fresh has just made, which no other goroutine can reach]"}; !slices.Equal(missedKeys, want) {
		t.Errorf("missed:\n%s\nwant:\n%s", strings.Join(missedKeys, "\n"), strings.Join(want, "\n"))
	}
	// The mutated text of one mutant of each kind, and the import kept.
	src, err := os.ReadFile(filepath.Join(tg.pristine, "counters.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		key  string
		op   op
		want string
	}{
		{"counters.go:18 Stats.n", opAdd, "func (s *Stats) Inc() { s.n += 1 }"},
		{"counters.go:21 Stats.n", opLoad, "func (s *Stats) Count() int64 { return s.n }"},
		{"counters.go:26 Stats.counts[]", opAdd, "\ts.counts[i&3] += (\n1)\n}"},
		{"counters.go:48 Stats.ready", opStore, "func (s *Stats) SetReady() { s.ready = 1 }"},
	} {
		i := slices.IndexFunc(r.outcomes, func(o outcome) bool { return o.m.key() == k.key && o.m.op == k.op })
		if i < 0 {
			t.Errorf("no %s mutant %s", k.op, k.key)
			continue
		}
		got, err := rewrite(src, []*mutant{r.outcomes[i].m}, r.uses["counters.go"])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(got), k.want) {
			t.Errorf("the mutant %s does not contain %q:\n%s", k.key, k.want, got)
		}
		if strings.Count(string(got), "\n") != strings.Count(string(src), "\n") {
			t.Errorf("the mutant %s moved lines", k.key)
		}
	}
	// The copy is the original again.
	copied, err := os.ReadFile(filepath.Join(tg.root, "counters.go"))
	if err != nil || string(copied) != string(src) {
		t.Errorf("the copy was not restored (%v)", err)
	}

	// example/finalizers: its one atomic call is a load of a location
	// that nothing writes atomically, so its mutant is not counted.
	mod := filepath.Join(t.TempDir(), "finalizers")
	if err := modcopy.CopyTree("../../example/finalizers", mod); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/finalizers\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tg, err = prepareTarget("", mod, work, "")
	if err != nil {
		t.Fatal(err)
	}
	r, err = mutateTarget(tg, c, nil)
	if err != nil {
		t.Fatal(err)
	}
	want = "candidates=1 not-counted=1 sampled=0 not-compiled=0 mutants=0 caught=0 missed=0 equivalent=0"
	if got := r.summaryLine(); !strings.HasPrefix(got, want+" wall=") {
		t.Errorf("example/finalizers: counts:\n%s\nwant:\n%s", got, want)
	}
}
