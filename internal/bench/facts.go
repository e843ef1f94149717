package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// The facts of a go vet run are measured where the vet driver leaves
// them: each vet action writes a file of facts (the "vetx" file, named by
// VetxOutput in its vet.cfg) that the go command hands to the actions of
// the packages that import it. go vet -work keeps them. The file of a
// package holds its own facts and, re-exported, the facts of its
// dependencies about fields, methods and types (x/tools'
// internal/facts), so it is the real cost of the facts downstream; the
// package's own facts are split out by decoding the file.

// factSizes is what the vetx files of one go vet run hold.
type factSizes struct {
	packages  []pkgFacts // sorted by facts bytes, largest first
	decoded   bool       // whether own facts were split out
	decodeErr string
}

// pkgFacts is the facts file of one package.
type pkgFacts struct {
	path       string
	types      int // bytes of type information (x/tools v0.52 and later put it in the file)
	facts      int // bytes of facts, the package's own and re-exported
	own        int // atomiccnt's facts about the package's own objects
	reexported int // atomiccnt's facts about its dependencies' objects
	required   int // facts of the analyzers atomiccnt requires (none now; ctrlflow's until it computed its own no-return facts)
	ownBytes   int // bytes of the package's own facts alone, gob-encoded as the driver does
	// withTests says the file is of the package with its test files,
	// the only one vetted when no other package imports it.
	withTests bool
}

// gobFact mirrors the element type of the gob-encoded list in x/tools'
// internal/facts.
type gobFact struct {
	PkgPath string
	Object  string // an objectpath.Path
	Fact    analysis.Fact
}

// ownTypes holds atomiccnt's own fact types. The facts files also hold
// the facts of the analyzers it requires, if any (ctrlflow's, in older
// versions), which the report counts in the file but not as
// atomiccnt's own.
var ownTypes = map[reflect.Type]bool{}

func init() {
	// The drivers register each fact type, of every analyzer they run,
	// under its type's name; so must a decoder.
	seen := map[*analysis.Analyzer]bool{}
	var register func(a *analysis.Analyzer)
	register = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
		for _, req := range a.Requires {
			register(req)
		}
	}
	register(atomiccnt.Analyzer)
	for _, f := range atomiccnt.Analyzer.FactTypes {
		ownTypes[reflect.TypeOf(f)] = true
	}
}

// collectFacts reads the vetx files of the go vet run whose output is in
// logPath, if tl is one whose facts the report shows, and removes the
// run's work directory.
func (b *bench) collectFacts(t *target, tl *tool, logPath string) error {
	out, err := os.ReadFile(logPath)
	if err != nil {
		return err
	}
	work := workDir(out)
	if work == "" {
		return fmt.Errorf("no WORK= line in %s", logPath)
	}
	defer os.RemoveAll(work)
	switch tl.name {
	case "govet":
		t.vetFacts, err = readVetxFiles(work, false)
	case "atomiccnt-vet":
		t.facts, err = readVetxFiles(work, true)
	}
	return err
}

// workDir returns the directory of the WORK= line that go build -work
// prints.
func workDir(out []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if dir, ok := strings.CutPrefix(sc.Text(), "WORK="); ok {
			return strings.TrimSpace(dir)
		}
	}
	return ""
}

// readVetxFiles reads the facts files that the vet actions under work
// wrote, one per package. With decode it
// splits out each package's own facts, which needs the fact types to be
// atomiccnt's.
func readVetxFiles(work string, decode bool) (*factSizes, error) {
	cfgs, err := filepath.Glob(filepath.Join(work, "b*", "vet.cfg"))
	if err != nil {
		return nil, err
	}
	type vetAction struct {
		ID, ImportPath, VetxOutput string
		GoFiles                    []string
		withTests                  bool
	}
	// The go command vets a package that has tests with its test files
	// (naming that test variant after the package: ID is the import
	// path), and vets the package without them too when another package
	// imports it. The variant's facts reach only its own tests, so the
	// package without test files is the one to count; a package that
	// nothing imports has only the variant.
	chosen := map[string]vetAction{}
	for _, path := range cfgs {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var a vetAction
		if err := json.Unmarshal(data, &a); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		if a.ID != a.ImportPath || a.VetxOutput == "" {
			continue // the test packages, "p [p.test]" and "p_test [p.test]"
		}
		a.withTests = slices.ContainsFunc(a.GoFiles, isTestFile)
		if prev, ok := chosen[a.ImportPath]; !ok || prev.withTests && !a.withTests {
			chosen[a.ImportPath] = a
		}
	}
	fs := &factSizes{decoded: decode}
	for _, a := range chosen {
		vetx, err := os.ReadFile(a.VetxOutput)
		if err != nil {
			continue // the tool failed on this package
		}
		types, factData := splitVetx(vetx)
		p := pkgFacts{path: a.ImportPath, types: len(types), facts: len(factData), withTests: a.withTests}
		if decode && len(factData) > 0 {
			if err := ownFacts(&p, factData); err != nil && fs.decodeErr == "" {
				fs.decodeErr = fmt.Sprintf("%s: %v", a.ImportPath, err)
			}
		}
		fs.packages = append(fs.packages, p)
	}
	if len(fs.packages) == 0 {
		return nil, fmt.Errorf("no facts files under %s", work)
	}
	slices.SortFunc(fs.packages, func(x, y pkgFacts) int {
		if x.facts != y.facts {
			return y.facts - x.facts
		}
		return strings.Compare(x.path, y.path)
	})
	return fs, nil
}

func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.go") }

// splitVetx splits a facts file into its type information and its
// facts. Since x/tools v0.52 the file starts with "vetx" and two
// little-endian lengths; before, it held facts only.
func splitVetx(data []byte) (types, facts []byte) {
	if len(data) >= 12 && string(data[:4]) == "vetx" {
		tl := uint64(binary.LittleEndian.Uint32(data[4:8]))
		fl := uint64(binary.LittleEndian.Uint32(data[8:12]))
		if 12+tl+fl <= uint64(len(data)) {
			return data[12 : 12+tl], data[12+tl : 12+tl+fl]
		}
	}
	return nil, data
}

// ownFacts decodes the facts of p's file and measures those of p itself.
func ownFacts(p *pkgFacts, data []byte) error {
	var all []gobFact
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&all); err != nil {
		return err
	}
	var own []gobFact
	for _, f := range all {
		switch {
		case !ownTypes[reflect.TypeOf(f.Fact)]:
			p.required++
		case f.PkgPath == p.path:
			own = append(own, f)
		default:
			p.reexported++
		}
	}
	p.own = len(own)
	if len(own) > 0 {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(own); err != nil {
			return err
		}
		p.ownBytes = buf.Len()
	}
	return nil
}

// totals sums the packages' figures.
func (fs *factSizes) totals() (facts, own, types int) {
	for _, p := range fs.packages {
		facts += p.facts
		own += p.ownBytes
		types += p.types
	}
	return
}
