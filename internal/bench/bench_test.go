package main

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/atomiccnt/atomiccnt/internal/facts"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{5}, 5},
		{[]time.Duration{9, 1, 5}, 5},
		{[]time.Duration{4, 1, 3, 2}, 2}, // mean of 2 and 3, truncated
		{[]time.Duration{10, 20}, 15},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	in := []time.Duration{3, 1, 2}
	median(in)
	if in[0] != 3 {
		t.Errorf("median sorted its argument: %v", in)
	}
}

func TestRatioCell(t *testing.T) {
	for _, tc := range []struct {
		x, y, limit float64
		want        string
	}{
		{2, 1, 0, "2.00×"},
		{1, 2, 1.0, "0.50× ✓"},
		{1.5, 1, 1.5, "1.50× ✓"},
		{3, 2, 1.1, "1.50× ✗"},
		{0, 2, 1, "—"},
		{2, 0, 1, "—"},
	} {
		if got := ratioCell(tc.x, tc.y, tc.limit); got != tc.want {
			t.Errorf("ratioCell(%v, %v, %v) = %q, want %q", tc.x, tc.y, tc.limit, got, tc.want)
		}
	}
}

func TestRoundRatios(t *testing.T) {
	for _, tc := range []struct {
		x, y, want []float64
		median     float64
	}{
		{nil, nil, nil, 0},
		{[]float64{2, 3}, []float64{1, 2}, []float64{2, 1.5}, 1.75},
		{[]float64{1, 4, 9}, []float64{2, 2, 3}, []float64{0.5, 2, 3}, 2},
		{[]float64{1, 0, 3}, []float64{1, 5, 0}, []float64{1}, 1},  // rounds without a figure
		{[]float64{6, 8, 10}, []float64{3, 4}, []float64{2, 2}, 2}, // an unfinished round
	} {
		got := roundRatios(tc.x, tc.y)
		if !slices.Equal(got, tc.want) {
			t.Errorf("roundRatios(%v, %v) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
		if m := median(got); m != tc.median {
			t.Errorf("median(%v) = %v, want %v", got, m, tc.median)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{fmtWall(0), "—"},
		{fmtWall(1234 * time.Millisecond), "1.23 s"},
		{fmtWall(24100 * time.Millisecond), "24.1 s"},
		{fmtRSS(0), "—"},
		{fmtRSS(559 << 10), "559 MB"},
		{fmtRSS(13 << 20), "13.00 GB"},
		{fmtBytes(318), "318 B"},
		{fmtBytes(3789), "3.7 KB"},
		{fmtBytes(53 << 10), "53 KB"},
		{fmtBytes(3 << 20), "3.0 MB"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestWorkDir(t *testing.T) {
	out := []byte("$ go vet -work ./...\nWORK=/tmp/go-build123\nfoo.go:1:1: bad\n")
	if got := workDir(out); got != "/tmp/go-build123" {
		t.Errorf("workDir = %q", got)
	}
	if got := workDir([]byte("no work\n")); got != "" {
		t.Errorf("workDir without WORK= = %q", got)
	}
}

func TestSplitVetx(t *testing.T) {
	var file []byte
	file = append(file, "vetx"...)
	file = binary.LittleEndian.AppendUint32(file, 3)
	file = binary.LittleEndian.AppendUint32(file, 2)
	file = append(file, "TTTFF"...)
	types, fs := splitVetx(file)
	if string(types) != "TTT" || string(fs) != "FF" {
		t.Errorf("splitVetx = %q, %q; want TTT, FF", types, fs)
	}
	// The format before x/tools v0.52: facts only.
	types, fs = splitVetx([]byte("gobdata"))
	if types != nil || string(fs) != "gobdata" {
		t.Errorf("splitVetx(old format) = %q, %q", types, fs)
	}
	// Lengths beyond the data: not the new format.
	bad := append([]byte("vetx"), 0xff, 0, 0, 0, 0, 0, 0, 0)
	if types, fs = splitVetx(bad); types != nil || len(fs) != len(bad) {
		t.Errorf("splitVetx(bad lengths) = %q, %q", types, fs)
	}
}

func TestOwnFacts(t *testing.T) {
	all := []gobFact{
		{PkgPath: "a", Object: "T.f", Fact: &facts.Var{Sites: []facts.Site{{Kind: facts.AtomicWrite, Op: "atomic.AddInt64", Pos: "a.go:3"}}}},
		{PkgPath: "a", Fact: &facts.Package{}},
		{PkgPath: "b", Object: "U.g", Fact: &facts.Var{}},
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(all); err != nil {
		t.Fatal(err)
	}
	p := pkgFacts{path: "a"}
	if err := ownFacts(&p, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if p.own != 2 || p.reexported != 1 || p.required != 0 {
		t.Errorf("own, reexported, required = %d, %d, %d; want 2, 1, 0", p.own, p.reexported, p.required)
	}
	if p.ownBytes <= 0 || p.ownBytes >= buf.Len() {
		t.Errorf("own bytes = %d, want between 0 and the whole %d", p.ownBytes, buf.Len())
	}
}

func TestSelectTools(t *testing.T) {
	if tools, err := selectTools("all"); err != nil || len(tools) != len(allTools()) {
		t.Errorf("selectTools(all) = %d tools, %v", len(tools), err)
	}
	if tools, err := selectTools("none"); err != nil || len(tools) != 0 {
		t.Errorf("selectTools(none) = %d tools, %v", len(tools), err)
	}
	tools, err := selectTools("printf, govet")
	if err != nil || len(tools) != 2 || tools[0].name != "govet" || tools[1].name != "printf" {
		t.Errorf("selectTools(printf, govet) = %v, %v; want govet, printf in table order", tools, err)
	}
	if _, err := selectTools("govet,nosuch"); err == nil {
		t.Errorf("selectTools accepted an unknown tool")
	}
}

// TestScaleTargets checks the names of the scale targets and that a
// small one type-checks, with its test, and is reported on.
func TestScaleTargets(t *testing.T) {
	for name, want := range map[string]int{"scale2k": 2000, "scale300": 300, "scale16k-gen-test": 16000, "scale16k-test": 16000, "scales": 0, "scale2k-bogus": 0} {
		if got := scaleSize(name); got != want {
			t.Errorf("scaleSize(%q) = %d, want %d", name, got, want)
		}
	}
	files := scaleModule(40, false, true)
	if !strings.Contains(files["stats/stats.go"], "func Add38(d int64) { s.C") || !strings.Contains(files["stats/stats_test.go"], "Load39()") {
		t.Errorf("scaleModule(40) lacks its functions:\n%s", files["stats/stats.go"])
	}
	if !strings.HasPrefix(scaleModule(2, true, false)["stats/stats.go"], "// Code generated") {
		t.Errorf("scaleModule(2, generated) has no generated-code header")
	}
}
