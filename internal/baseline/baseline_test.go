package baseline

import (
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, test := range []struct {
		name, in string
		want     []Entry
		err      string
	}{
		{name: "empty"},
		{name: "comments", in: "# a\n\n   # b\n"},
		{
			name: "entry",
			in:   "# head\nruntime mfinal.go queuefinalizer plainwrite finq.cnt 2 # the lock orders it\n",
			want: []Entry{{Key: Key{"runtime", "mfinal.go", "queuefinalizer", "plainwrite", "finq.cnt"}, Count: 2, Reason: "the lock orders it", Line: 2}},
		},
		{
			name: "quoted and tabs",
			in:   "p\t\"a b.go\"  (*T).m plainread \"x#y\" 1\n",
			want: []Entry{{Key: Key{"p", "a b.go", "(*T).m", "plainread", "x#y"}, Count: 1, Line: 1}},
		},
		{name: "too few", in: "p f.go f plainread x\n", err: "b:1: want 6 fields"},
		{name: "bad count", in: "\np f.go f plainread x 0\n", err: "b:2: the count \"0\""},
		{name: "bad quote", in: "p \"f.go f plainread x 1\n", err: "b:1: bad quoted field"},
		{name: "duplicate", in: "p f.go f plainread x 1\np f.go f plainread x 2 # again\n", err: "b:2: the same entry as line 1"},
	} {
		t.Run(test.name, func(t *testing.T) {
			f, err := Parse("b", []byte(test.in))
			if test.err != "" {
				if err == nil || !strings.Contains(err.Error(), test.err) {
					t.Fatalf("Parse: error %v, want one with %q", err, test.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(f.Entries, test.want) {
				t.Errorf("Parse: %+v, want %+v", f.Entries, test.want)
			}
		})
	}
}

func TestFormatReadsBack(t *testing.T) {
	entries := []Entry{
		{Key: Key{"q", "b.go", "-", "structcopy", "*s"}, Count: 1},
		{Key: Key{"p", "a b.go", "(*T).m", "plainread", "x.n"}, Count: 3, Reason: "read after # the join"},
	}
	data := Format(entries)
	f, err := Parse("b", data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if len(f.Entries) != 2 || f.Entries[0].Package != "p" {
		t.Fatalf("Format does not sort by key, or Parse lost entries:\n%s", data)
	}
	for i, want := range []Entry{entries[1], entries[0]} {
		got := f.Entries[i]
		got.Line = 0
		if got != want {
			t.Errorf("entry %d reads back as %+v, want %+v", i, got, want)
		}
	}
}

func TestCount(t *testing.T) {
	a := Key{"p", "a.go", "f", "plainread", "x.n"}
	b := Key{"p", "a.go", "g", "plainwrite", "x.n"}
	old := &File{Entries: []Entry{{Key: b, Count: 7, Reason: "why"}}}
	got := Count([]Key{a, b, a}, old)
	want := []Entry{{Key: a, Count: 2}, {Key: b, Count: 1, Reason: "why"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Count = %+v, want %+v", got, want)
	}
}

func TestKeyOf(t *testing.T) {
	const src = `package p

var global = s.n

func f() { s.n++ }

func (t *T) m() { atomic.AddInt32(&t.stats.n, 1) }

func (t T[K]) g() { x := *t.p; _ = a[i + 1].n }
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "dir/x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	at := func(substr string) token.Pos {
		i := strings.Index(src, substr)
		if i < 0 {
			t.Fatalf("no %q", substr)
		}
		return file.FileStart + token.Pos(i)
	}
	for _, test := range []struct {
		pos  token.Pos
		want Key
	}{
		{at("n\n\nfunc f"), Key{"p", "x.go", "-", "c", "s.n"}},
		{at("n++"), Key{"p", "x.go", "f", "c", "s.n"}},
		{at("stats.n"), Key{"p", "x.go", "(*T).m", "c", "&t.stats.n"}},
		{at("AddInt32"), Key{"p", "x.go", "(*T).m", "c", "atomic.AddInt32"}},
		{at("(&t"), Key{"p", "x.go", "(*T).m", "c", "atomic.AddInt32(&t.stats.n,1)"}},
		{at("*t.p"), Key{"p", "x.go", "T.g", "c", "*t.p"}},
		{at("n }"), Key{"p", "x.go", "T.g", "c", "a[i+1].n"}},
		{at("package"), Key{"p", "x.go", "-", "c", "-"}},
	} {
		if got := KeyOf(fset, file, "p", test.pos, "c"); got != test.want {
			t.Errorf("KeyOf at %v = %+v, want %+v", fset.Position(test.pos), got, test.want)
		}
	}
}

func TestJudge(t *testing.T) {
	k := func(fn string) Key { return Key{"p", "a.go", fn, "plainread", "x.n"} }
	f := &File{Entries: []Entry{
		{Key: k("ok"), Count: 2},
		{Key: k("over"), Count: 1},
		{Key: k("gone"), Count: 1, Line: 3},
		{Key: k("fewer"), Count: 3, Line: 4},
		{Key: Key{"p", "a_test.go", "T", "plainread", "x.n"}, Count: 1}, // not among the files
		{Key: Key{"q", "a.go", "ok", "plainread", "x.n"}, Count: 1},     // another package
	}}
	keys := []Key{k("ok"), k("over"), k("ok"), k("over"), k("fewer"), k("new")}
	v := f.Judge("p", []string{"a.go"}, keys)
	if want := []bool{true, false, true, false, true, false}; !reflect.DeepEqual(v.Accepted, want) {
		t.Errorf("Accepted = %v, want %v", v.Accepted, want)
	}
	if e, ok := v.Exceeded[k("over")]; !ok || e.Count != 1 || len(v.Exceeded) != 1 {
		t.Errorf("Exceeded = %v, want the entry of over", v.Exceeded)
	}
	want := []Stale{{f.Entries[2], 0}, {f.Entries[3], 1}}
	if !reflect.DeepEqual(v.Stale, want) {
		t.Errorf("Stale = %+v, want %+v", v.Stale, want)
	}
	if got := want[0].Describe(); got != "baseline entry p a.go gone plainread x.n matches no report: remove it" {
		t.Errorf("Describe = %q", got)
	}
	if got := want[1].Describe(); got != "baseline entry p a.go fewer plainread x.n accepts 3 reports, and 1 remains: set its count to 1" {
		t.Errorf("Describe = %q", got)
	}
}
