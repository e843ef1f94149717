package fix_test

import (
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTypeRefused checks why the type fix refuses each location: each
// case has a single reason, which the fixes of a report would not show.
func TestTypeRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string // the file, after its package clause and import
		loc  string // "T.f" or "v"
		elem bool
		why  string
	}{
		{
			name: "exported",
			src:  `type E struct{ Hits int64 }; func (e *E) f() int64 { atomic.AddInt64(&e.Hits, 1); return e.Hits }`,
			loc:  "E.Hits", why: "Hits is exported",
		},
		{
			name: "address taken",
			src:  `type T struct{ n int32 }; func (x *T) f() *int32 { atomic.AddInt32(&x.n, 1); return &x.n }`,
			loc:  "T.n", why: "its address is taken",
		},
		{
			name: "struct copied",
			src:  `type T struct{ n int32 }; func (x *T) f() T { atomic.AddInt32(&x.n, 1); return *x }`,
			loc:  "T.n", why: "a T is copied",
		},
		{
			name: "struct compared",
			src:  `type T struct{ n uint32 }; func (x *T) f(y *T) bool { atomic.AddUint32(&x.n, 1); return *x == *y }`,
			loc:  "T.n", why: "a T is copied",
		},
		{
			name: "struct passed by value",
			src:  `type T struct{ n uint32 }; func (x *T) f() { atomic.AddUint32(&x.n, 1) }; func g(x T) {}`,
			loc:  "T.n", why: "a T is passed by value",
		},
		{
			name: "unkeyed literal",
			src:  `type T struct{ n uint64; s string }; func f() *T { return &T{0, "x"} }; func (x *T) g() { atomic.AddUint64(&x.n, 1) }`,
			loc:  "T.n", why: "an unkeyed composite literal sets it",
		},
		{
			name: "keyed literal",
			src:  `type T struct{ n uint64 }; func f() *T { return &T{n: 1} }; func (x *T) g() { atomic.AddUint64(&x.n, 1) }`,
			loc:  "T.n", why: "a composite literal sets it",
		},
		{
			name: "declared with others",
			src:  `type T struct{ a, b int32 }; func (x *T) f() { atomic.AddInt32(&x.a, 1) }`,
			loc:  "T.a", why: "the field is declared together with others",
		},
		{
			name: "defined type",
			src:  `type state uint32; type T struct{ st state }; func (x *T) f() { atomic.AddUint32((*uint32)(&x.st), 1) }`,
			loc:  "T.st", why: "no typed atomic for state",
		},
		{
			name: "initial value",
			src:  `var seq int64 = 1; func f() { atomic.AddInt64(&seq, 1) }`,
			loc:  "seq", why: "the declaration has other names or an initial value",
		},
		{
			name: "unsafe pointer",
			src:  `type T struct{ p unsafe.Pointer }; func (x *T) f() unsafe.Pointer { return atomic.LoadPointer(&x.p) }`,
			loc:  "T.p", why: "no typed atomic for unsafe.Pointer",
		},
		{
			name: "element",
			src:  `type T struct{ arr [2]int32 }; func (x *T) f() { atomic.AddInt32(&x.arr[0], 1) }`,
			loc:  "T.arr", elem: true, why: "the location is an element",
		},
		{
			name: "multiplied",
			src:  `type T struct{ n int32 }; func (x *T) f() { atomic.AddInt32(&x.n, 1); x.n *= 2 }`,
			loc:  "T.n", why: "no method does *=",
		},
		{
			name: "measured",
			src:  `type T struct{ n int32 }; func (x *T) f() uintptr { atomic.AddInt32(&x.n, 1); return unsafe.Sizeof(x.n) }`,
			loc:  "T.n", why: "unsafe.Sizeof measures it",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"sync/atomic\"\n\t\"unsafe\"\n)\n\nvar _ unsafe.Pointer\nvar _ = atomic.AddInt32\n\n" + tc.src + "\n"
			p := load(t, "", map[string]string{"p.go": src})
			fix, why := p.build.Type(p.lookup(tc.loc), tc.elem)
			if why != tc.why || (fix != nil) != (why == "") {
				t.Errorf("fix %v, reason %q; want reason %q", fix != nil, why, tc.why)
			}
		})
	}
}

// TestTypeRewrites checks the type fix of a field used in two files:
// the declaration, the atomic calls (whose import goes where it is no
// longer used), and each plain access, as method calls.
func TestTypeRewrites(t *testing.T) {
	srcs := map[string]string{
		"a.go": `package p

import "sync/atomic"

type counter struct{ n int32 }

func (c *counter) inc() { atomic.AddInt32(&c.n, 1) }
`,
		"b.go": `package p

import "sync/atomic"

func (c *counter) get() int32 { return atomic.LoadInt32(&c.n) }
func (c *counter) peek() int32 { return c.n }
func (c *counter) reset() { c.n = 0 }
func (c *counter) sub(d int32) { c.n -= d }
func (c *counter) double() { c.n = c.n + c.n }
`,
	}
	p := load(t, "", srcs)
	fix, why := p.build.Type(p.lookup("counter.n"), false)
	if fix == nil {
		t.Fatalf("no fix: %s", why)
	}
	if fix.Message != "Change n to atomic.Int32" {
		t.Errorf("message %q", fix.Message)
	}
	for file, want := range map[string]string{
		"a.go": "type counter struct{ n atomic.Int32 }\nfunc (c *counter) inc() { c.n.Add(1) }",
		"b.go": strings.Join([]string{
			"func (c *counter) get() int32 { return c.n.Load() }",
			"func (c *counter) peek() int32 { return c.n.Load() }",
			"func (c *counter) reset() { c.n.Store(0) }",
			"func (c *counter) sub(d int32) { c.n.Add(-d) }",
			"func (c *counter) double() { c.n.Add(c.n.Load()) }",
		}, "\n"),
	} {
		got := p.apply(file, fix.TextEdits)
		if diff := changed(srcs[file], got); diff != want {
			t.Errorf("%s: changed lines:\n%s\nwant:\n%s", file, diff, want)
		}
		if file == "b.go" && strings.Contains(got, "sync/atomic") {
			t.Errorf("b.go keeps its unused import:\n%s", got)
		}
	}
	// The result is computed once per location.
	if again, _ := p.build.Type(p.lookup("counter.n"), false); again != fix {
		t.Errorf("a second call built another fix")
	}
}

// lookup returns the package-level variable v, or the field f of the
// package-level struct type T, named "T.f".
func (p *testPkg) lookup(name string) *types.Var {
	p.t.Helper()
	scope := p.pass.Pkg.Scope()
	typ, field, isField := strings.Cut(name, ".")
	if !isField {
		if v, ok := scope.Lookup(name).(*types.Var); ok {
			return v
		}
		p.t.Fatalf("no variable %s", name)
	}
	if tn, ok := scope.Lookup(typ).(*types.TypeName); ok {
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				if st.Field(i).Name() == field {
					return st.Field(i)
				}
			}
		}
	}
	p.t.Fatalf("no field %s", name)
	return nil
}

// TestTypeRefusedGenerated checks that a use in a generated file, which
// its generator would write again, refuses the type fix.
func TestTypeRefusedGenerated(t *testing.T) {
	p := load(t, "", map[string]string{
		"a.go":     "package p\n\nimport \"sync/atomic\"\n\ntype T struct{ n int32 }\n\nfunc (x *T) f() { atomic.AddInt32(&x.n, 1) }\n",
		"a_gen.go": "// Code generated by hand. DO NOT EDIT.\n\npackage p\n\nfunc (x *T) g() int32 { return x.n }\n",
	})
	if _, why := p.build.Type(p.lookup("T.n"), false); why != "a use is in a generated file" {
		t.Errorf("reason %q", why)
	}
}

// TestTestsUnseen checks when an analysis lacks the test files in its
// package's directory: not when it has them, and not for those of the
// external test package, which cannot name what the type fix changes.
func TestTestsUnseen(t *testing.T) {
	const src = "package p\n\nimport \"sync/atomic\"\n\ntype T struct{ n int32 }\n\nfunc (x *T) f() int32 { atomic.AddInt32(&x.n, 1); return x.n }\n"
	for _, tc := range []struct {
		name     string
		testPkg  string // the package clause of the test file on disk
		withTest bool   // whether the analysis has the test file
		want     bool
	}{
		{"without the package's test", "p", false, true},
		{"with the package's test", "p", true, false},
		{"with an external test only", "p_test", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				filepath.Join(dir, "p.go"):      src,
				filepath.Join(dir, "p_test.go"): "package " + tc.testPkg + "\n",
			}
			for name, text := range files {
				if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if !tc.withTest {
				delete(files, filepath.Join(dir, "p_test.go"))
			}
			if got := load(t, "", files).build.TestsUnseen(); got != tc.want {
				t.Errorf("TestsUnseen() = %v, want %v", got, tc.want)
			}
		})
	}
}
