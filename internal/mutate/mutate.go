package main

// One target's mutation run: load its packages, find the mutants,
// leave out those that cannot be reported, sample, analyse the
// unmutated code once and each batch of mutants once, and judge each.

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/packages"
)

// A status is what became of a mutant.
type status string

const (
	caught      status = "caught"
	missed      status = "missed"
	equivalent  status = "equivalent" // missed, and triaged as unable to race
	notCompiled status = "not-compiled"
	notCounted  status = "not-counted"
)

// An outcome is a mutant's status, with the report that caught it, the
// compile error that dropped it, or the triage's verdict on a miss.
type outcome struct {
	m      *mutant
	status status
	note   string
}

// A config is how to run: the atomiccnt binary, the sample and its
// seed, and how many mutants a batch may hold.
type config struct {
	bin    string
	sample int // 0: every mutant
	seed   uint64
	batch  int
	// progress, if set, is told of each batch.
	progress func(format string, args ...any)
}

// A run is the result of one target.
type run struct {
	name       string
	candidates int            // atomic calls on a location with a plain form
	skipped    map[string]int // atomic calls on a location without one, by why
	outcomes   []outcome      // every mutant: the sampled ones and those not counted
	wall       time.Duration
	analyses   int                         // runs of atomiccnt
	uses       map[string]map[string][]int // see finder.uses
	leftOut    []string                    // packages that do not compile unmutated, with the first error
}

// count returns how many outcomes have status s.
func (r *run) count(s status) int {
	n := 0
	for _, o := range r.outcomes {
		if o.status == s {
			n++
		}
	}
	return n
}

// mutateTarget runs the mutants of t.
func mutateTarget(t *target, c config, verdicts map[string]verdict) (*run, error) {
	start := time.Now()
	r := &run{name: t.name}
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
			packages.NeedTypesInfo | packages.NeedImports | packages.NeedDeps,
		Dir: t.dir,
		Env: t.env,
	}
	pkgs, err := packages.Load(cfg, t.patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %v", t.name, err)
	}
	// A package that does not compile as it is (go-metrics' stathat,
	// whose dependency is gone from the proxy) cannot have its mutants
	// judged: it is left out, with the others that import it.
	var ok []*packages.Package
	for _, p := range pkgs {
		var errs []string
		packages.Visit([]*packages.Package{p}, nil, func(d *packages.Package) {
			for _, e := range d.Errors {
				errs = append(errs, e.Error())
			}
		})
		if len(errs) > 0 {
			r.leftOut = append(r.leftOut, fmt.Sprintf("%s (%s)", p.PkgPath, errs[0]))
			continue
		}
		ok = append(ok, p)
	}
	if len(ok) == 0 {
		return nil, fmt.Errorf("loading %s: no package compiles: %s", t.name, strings.Join(r.leftOut, "; "))
	}
	pkgs = ok

	f := newFinder(t.root)
	for _, p := range pkgs {
		if err := f.addPackage(p); err != nil {
			return nil, err
		}
	}
	r.skipped, r.uses = f.skipped, f.uses
	r.candidates = len(f.mutants)
	byLoc := make(map[location][]*access)
	for _, a := range f.accesses {
		byLoc[a.loc] = append(byLoc[a.loc], a)
	}
	deps := make(map[*packages.Package]map[*packages.Package]bool)
	visible := func(from, to *packages.Package) bool {
		if deps[from] == nil {
			deps[from] = make(map[*packages.Package]bool)
			packages.Visit([]*packages.Package{from}, func(p *packages.Package) bool {
				deps[from][p] = true
				return true
			}, nil)
		}
		return deps[from][to]
	}
	var sampled []*mutant
	for _, m := range f.mutants {
		if counted(m, byLoc, visible) {
			sampled = append(sampled, m)
		} else {
			r.outcomes = append(r.outcomes, outcome{m: m, status: notCounted})
		}
	}
	sampled = sample(sampled, c.sample, c.seed)

	// The unmutated code's reports, once, on every package that holds
	// a sampled mutant.
	var paths []string
	for _, m := range sampled {
		paths = append(paths, m.pkg.PkgPath)
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	before := &analysis{}
	if len(paths) > 0 {
		before, err = t.analyse(c.bin, paths)
		r.analyses++
		if err != nil {
			return nil, err
		}
		if len(before.failed) > 0 {
			return nil, fmt.Errorf("%s: the unmutated code fails to analyse: %v", t.name, before.failed)
		}
	}
	for i, b := range batches(sampled, c.batch) {
		if c.progress != nil {
			c.progress("%s: batch %d, %d mutants in %s", t.name, i+1, len(b), b[0].pkg.PkgPath)
		}
		outs, err := runBatch(t, c, b, before, f.uses, r)
		if err != nil {
			return nil, err
		}
		r.outcomes = append(r.outcomes, outs...)
	}
	for i, o := range r.outcomes {
		if o.status != missed {
			continue
		}
		if v, ok := verdicts[o.m.key()]; ok {
			if v.equivalent {
				r.outcomes[i].status = equivalent
			}
			r.outcomes[i].note = v.String()
		}
	}
	slices.SortFunc(r.outcomes, func(a, b outcome) int {
		return cmp.Or(strings.Compare(a.m.file, b.m.file), cmp.Compare(a.m.start, b.m.start))
	})
	r.wall = time.Since(start)
	return r, nil
}

// sample returns n of ms (all if n is 0 or at least len(ms)), chosen
// by a hash of the seed and each mutant's key, in file order. A hash
// rather than a random permutation keeps the choice the same across
// Go versions, and a mutant's membership independent of the others.
func sample(ms []*mutant, n int, seed uint64) []*mutant {
	if n <= 0 || n >= len(ms) {
		return ms
	}
	rank := func(m *mutant) uint64 {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], seed)
		h := sha256.Sum256(append(b[:], m.key()+" "+m.call...))
		return binary.LittleEndian.Uint64(h[:8])
	}
	ms = slices.Clone(ms)
	slices.SortStableFunc(ms, func(a, b *mutant) int { return cmp.Compare(rank(a), rank(b)) })
	ms = ms[:n]
	sortMutants(ms)
	return ms
}

// batches groups ms, in file order, into batches of at most size
// mutants of one package each, in which no two mutants share a
// location (each must be the only change to its location) or a line
// of a file (a report is matched to a mutant by its line).
func batches(ms []*mutant, size int) [][]*mutant {
	var out [][]*mutant
	open := make(map[string][]int) // package -> indexes of its batches in out
	for _, m := range ms {
		fits := func(b []*mutant) bool {
			return len(b) < max(size, 1) && !slices.ContainsFunc(b, func(o *mutant) bool {
				return o.loc == m.loc || (o.file == m.file && o.line <= m.endLine && m.line <= o.endLine)
			})
		}
		placed := false
		for _, i := range open[m.pkg.PkgPath] {
			if fits(out[i]) {
				out[i] = append(out[i], m)
				placed = true
				break
			}
		}
		if !placed {
			open[m.pkg.PkgPath] = append(open[m.pkg.PkgPath], len(out))
			out = append(out, []*mutant{m})
		}
	}
	return out
}

// runBatch writes the mutants of b into t's copy, analyses their
// package, restores the files and judges each mutant. If the package
// fails to analyse, a batch of several is run again one mutant at a
// time, so that a mutant that does not compile is dropped alone.
func runBatch(t *target, c config, b []*mutant, before *analysis, uses map[string]map[string][]int, r *run) ([]outcome, error) {
	byFile := make(map[string][]*mutant)
	for _, m := range b {
		byFile[m.file] = append(byFile[m.file], m)
	}
	files := make(map[string][]byte)
	var names []string
	for file, ms := range byFile {
		src, err := os.ReadFile(filepath.Join(t.pristine, file))
		if err != nil {
			return nil, err
		}
		mutated, err := rewrite(src, ms, uses[file])
		if err != nil {
			return nil, err
		}
		files[file] = mutated
		names = append(names, file)
	}
	if err := t.write(files); err != nil {
		return nil, err
	}
	after, err := t.analyse(c.bin, []string{b[0].pkg.PkgPath})
	r.analyses++
	if rerr := t.restore(names); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return nil, err
	}
	if msg, failed := after.failed[b[0].pkg.PkgPath]; failed || len(after.failed) > 0 {
		if len(b) > 1 {
			var outs []outcome
			for _, m := range b {
				o, err := runBatch(t, c, []*mutant{m}, before, uses, r)
				if err != nil {
					return nil, err
				}
				outs = append(outs, o...)
			}
			return outs, nil
		}
		if msg == "" {
			msg = fmt.Sprint(after.failed)
		}
		return []outcome{{m: b[0], status: notCompiled, note: msg}}, nil
	}
	var outs []outcome
	for _, m := range b {
		if rep := newReport(m, before, after); rep != nil {
			outs = append(outs, outcome{m: m, status: caught, note: fmt.Sprintf("%s:%d: %s", rep.file, rep.line, rep.category)})
		} else {
			outs = append(outs, outcome{m: m, status: missed})
		}
	}
	return outs, nil
}
