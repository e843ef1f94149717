package facts_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"testing"

	"github.com/atomiccnt/atomiccnt/internal/facts"
)

// encode gob-encodes a fact the way the analysis drivers do: one
// encoder per value, the concrete type known to the decoder.
func encode(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	return buf.Bytes()
}

func TestCodec(t *testing.T) {
	for _, tc := range []struct {
		name string
		fact any
		zero func() any
	}{
		{
			name: "var",
			fact: &facts.Var{Sites: []facts.Site{
				{Kind: facts.AtomicLoad, Op: "atomic.Load", Pos: "mgcmark.go:197"},
				{Kind: facts.Write, Op: "increment", Pos: "mfinal.go:141", Locks: []string{"runtime.finlock"}},
				{Elem: true, Kind: facts.AtomicWrite, Op: "atomic.CompareAndSwapUint32", Pos: "slots.go:9"},
				{Kind: facts.ConcurrentRead, Op: "lib.Stats.Scrape", Pos: "stats.go:30", Locks: []string{"example.com/lib.Stats.0F2"}},
			}},
			zero: func() any { return new(facts.Var) },
		},
		{
			name: "package",
			fact: &facts.Package{Foreign: []facts.Foreign{
				{PkgPath: "example.com/lib", ObjPath: "T.0F1", Sites: []facts.Site{{Kind: facts.AtomicWrite, Op: "atomic.AddInt64", Pos: "user.go:12"}}},
				{PkgPath: "example.com/lib", ObjPath: "V", Sites: []facts.Site{{Kind: facts.Write, Op: "write", Pos: "user.go:20"}}},
			}},
			zero: func() any { return new(facts.Package) },
		},
		{
			name: "func",
			fact: &facts.Func{Params: []facts.Param{
				{Index: 0, AtomicWrite: "atomic.AddUint32"},
				{Index: 2, PlainRead: true, PlainWrite: true},
			}, Fresh: true, Confined: []facts.Confined{
				{Index: 0},
				{Index: 1, Results: 1, Links: 4},
			}},
			zero: func() any { return new(facts.Func) },
		},
		{
			name: "noreturn",
			fact: &facts.NoReturn{},
			zero: func() any { return new(facts.NoReturn) },
		},
		{
			name: "empty",
			fact: &facts.Package{},
			zero: func() any { return new(facts.Package) },
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first := encode(t, tc.fact)
			got := tc.zero()
			if err := gob.NewDecoder(bytes.NewReader(first)).Decode(got); err != nil {
				t.Fatalf("decoding: %v", err)
			}
			// gob decodes an empty slice as nil; compare the printed form,
			// which is what users and // want expectations see.
			if fmt.Sprint(got) != fmt.Sprint(tc.fact) {
				t.Errorf("round trip changed the fact:\n got %v\nwant %v", got, tc.fact)
			}
			if second := encode(t, got); !bytes.Equal(first, second) {
				t.Errorf("re-encoding gave different bytes:\n%x\n%x", first, second)
			}
			// A fact holds one site per kind, so even a busy location stays
			// far below the budget; 512 bytes catches an accidental blow-up
			// (a map, a full position list) without pinning the encoding.
			if n := len(first); n > 512 {
				t.Errorf("encoded size %d bytes exceeds the 512-byte budget", n)
			}
		})
	}
}

// TestPlainData guards the rules that keep facts deterministic: no
// maps, interfaces, pointers or unexported fields anywhere inside.
func TestPlainData(t *testing.T) {
	for _, v := range []any{facts.Var{}, facts.Package{}, facts.Func{}} {
		checkPlain(t, reflect.TypeOf(v), reflect.TypeOf(v).Name())
	}
}

func checkPlain(t *testing.T, typ reflect.Type, path string) {
	switch typ.Kind() {
	case reflect.Map, reflect.Interface, reflect.Pointer, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		t.Errorf("%s has kind %s, which facts must not hold", path, typ.Kind())
	case reflect.Slice, reflect.Array:
		checkPlain(t, typ.Elem(), path+"[]")
	case reflect.Struct:
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				t.Errorf("%s.%s is unexported, so gob would drop it", path, f.Name)
			}
			checkPlain(t, f.Type, path+"."+f.Name)
		}
	}
}

func TestSort(t *testing.T) {
	p := &facts.Package{Foreign: []facts.Foreign{
		{PkgPath: "b", ObjPath: "X", Sites: []facts.Site{
			{Elem: true, Kind: facts.AtomicLoad, Op: "atomic.Load", Pos: "a.go:1"},
			{Kind: facts.Write, Op: "write", Pos: "a.go:3"},
			{Kind: facts.AtomicWrite, Op: "atomic.Store", Pos: "a.go:2"},
		}},
		{PkgPath: "a", ObjPath: "Y"},
		{PkgPath: "b", ObjPath: "W"},
	}}
	p.Sort()
	want := "a.Y: , b.W: , b.X: atomicwrite atomic.Store@a.go:2; write write@a.go:3; elem atomicload atomic.Load@a.go:1"
	if got := p.String(); got != want {
		t.Errorf("sorted fact:\n got %s\nwant %s", got, want)
	}
}

// TestParts checks that a package fact's parts name each variable's
// package, and that two facts differing in any field of a site have
// different parts: a driver keys passes by them.
func TestParts(t *testing.T) {
	base := facts.Site{Kind: facts.AtomicWrite, Op: "atomic.AddInt32", Pos: "a.go:3", Locks: []string{"p.mu"}}
	variants := map[string]facts.Site{"base": base}
	v := base
	v.Elem = true
	variants["elem"] = v
	v = base
	v.Ctx = "p.f"
	variants["ctx"] = v
	v = base
	v.Sealed = true
	variants["sealed"] = v
	v = base
	v.Locks = []string{"p.other"}
	variants["locks"] = v

	texts := make(map[string]string)
	for name, site := range variants {
		p := &facts.Package{Foreign: []facts.Foreign{
			{PkgPath: "example.com/a", ObjPath: "T.0F", Sites: []facts.Site{site}},
			{PkgPath: "example.com/b", ObjPath: "V"},
		}}
		var paths []string
		for path, text := range p.Parts() {
			paths = append(paths, path)
			if path == "example.com/a" {
				texts[name] = text
			}
		}
		if fmt.Sprint(paths) != "[example.com/a example.com/b]" {
			t.Errorf("%s: parts are about %v, want [example.com/a example.com/b]", name, paths)
		}
	}
	seen := make(map[string]string)
	for name, text := range texts {
		if other, ok := seen[text]; ok {
			t.Errorf("sites %s and %s have the same part %q", name, other, text)
		}
		seen[text] = name
	}
}
