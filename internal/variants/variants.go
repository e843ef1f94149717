// Package variants lets a standalone driver run an analyzer once for
// the variants of a package that give it the same input.
//
// Loaded with its tests, a package is type-checked again for each test
// of a package it imports: the test of internal/cpu, say, compiles its
// own variant of the runtime, "runtime [internal/cpu.test]", against
// the test variant of internal/cpu. The standard library has nine
// variants of the runtime and a dozen of net/http. An analyzer with
// facts runs on every one of them, though almost all differ from the
// plain package only in declarations the package never names: on std
// those passes were two thirds of atomiccnt's analysis time.
//
// Share wraps an analyzer so that a pass whose input matches an earlier
// variant's replays that variant's facts and diagnostics instead of
// running. The input is what the analysis can see (see key.go): the
// package's files, the methods that its dependencies' test files add
// where it could meet them, and its dependencies' facts about the
// packages it can reach. It is for one driver run over one snapshot
// of the files, as singlechecker's; not for long-lived drivers such as
// gopls, whose files change between passes.
package variants

import (
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Share returns a copy of a whose passes share their outcome with the
// earlier variants of their package that had the same input. The copy
// shares a's flags, and has no result: a result is an in-memory value
// that later analyzers would read, a replay has none, and no analyzer
// requires the copy. It is for a driver that runs a as its root.
//
// inspected names the methods that a looks for by name in the method
// sets of the types it meets, rather than through the syntax's
// selectors (a type with Lock and Unlock methods is a lock, say): a
// dependency's test file that adds one tells its variants apart.
func Share(a *analysis.Analyzer, inspected ...string) *analysis.Analyzer {
	s := &sharer{run: a.Run, groups: make(map[string]*group), inspected: make(map[string]bool)}
	for _, name := range inspected {
		s.inspected[name] = true
	}
	shared := *a
	shared.Run = func(pass *analysis.Pass) (any, error) {
		_, err := s.runPass(pass)
		return nil, err
	}
	shared.ResultType = nil
	return &shared
}

// A sharer holds the passes of one driver run, grouped by package path.
type sharer struct {
	run       func(*analysis.Pass) (any, error)
	inspected map[string]bool

	mu     sync.Mutex
	groups map[string]*group

	// Caches for computeKey, by file name, fact, object and package.
	fileDigests, factText, partsOf, objectText, testMethodsOf, mentionsOf sync.Map
}

// A group holds the passes that ran for the variants of one package.
type group struct {
	mu   sync.Mutex
	runs []*outcome
}

// An outcome is one pass that ran: its input, and what it produced.
type outcome struct {
	sharer *sharer
	pass   *analysis.Pass
	// imported are the facts the pass could import, taken when it
	// started: its own exports join the same table as it runs.
	imported inputFacts

	keyOnce sync.Once
	key     inputKey
	keyOK   bool

	done chan struct{} // closed when the pass has run
	// The following are set before done is closed.
	replayable  bool
	objectFacts []analysis.ObjectFact
	pkgFacts    []analysis.Fact
	diagnostics []analysis.Diagnostic
}

// inputKey returns the key of o's input, computing it once.
func (o *outcome) inputKey() (inputKey, bool) {
	o.keyOnce.Do(func() { o.key, o.keyOK = o.sharer.computeKey(o.pass, o.imported) })
	return o.key, o.keyOK
}

func (s *sharer) runPass(pass *analysis.Pass) (any, error) {
	s.mu.Lock()
	g := s.groups[pass.Pkg.Path()]
	if g == nil {
		g = new(group)
		s.groups[pass.Pkg.Path()] = g
	}
	s.mu.Unlock()

	self := &outcome{sharer: s, pass: pass, imported: snapshotFacts(pass), done: make(chan struct{})}
	g.mu.Lock()
	if len(g.runs) == 0 {
		// The first variant to arrive runs. Most packages have only
		// one, so its key is computed only if another one comes.
		g.runs = append(g.runs, self)
		g.mu.Unlock()
		return s.record(self)
	}
	g.mu.Unlock()

	// Computed outside the lock: the variants of the runtime arrive
	// together, and keying one reads all its files.
	key, ok := self.inputKey()
	if !ok {
		return s.run(pass)
	}
	g.mu.Lock()
	var match *outcome
	for _, o := range g.runs {
		if k, ok := o.inputKey(); ok && k == key {
			match = o
			break
		}
	}
	if match == nil {
		g.runs = append(g.runs, self)
		g.mu.Unlock()
		return s.record(self)
	}
	g.mu.Unlock()

	<-match.done
	if match.replayable && replay(pass, match) {
		return nil, nil
	}
	return s.run(pass)
}

// record runs o's pass, recording what it exports and reports.
func (s *sharer) record(o *outcome) (result any, err error) {
	pass := o.pass
	inner := *pass
	inner.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		pass.ExportObjectFact(obj, fact)
		o.objectFacts = append(o.objectFacts, analysis.ObjectFact{Object: obj, Fact: fact})
	}
	inner.ExportPackageFact = func(fact analysis.Fact) {
		pass.ExportPackageFact(fact)
		o.pkgFacts = append(o.pkgFacts, fact)
	}
	inner.Report = func(d analysis.Diagnostic) {
		pass.Report(d)
		o.diagnostics = append(o.diagnostics, d)
	}
	// A pass that fails or panics is not replayed: the variants that
	// wait for it run themselves, and fail in their own right.
	defer close(o.done)
	result, err = s.run(&inner)
	o.replayable = err == nil
	return result, err
}

// replay exports the facts and reports the diagnostics of o, a pass
// with the same input as pass, as pass's own. It reports false, having
// done nothing, if some object or position has no counterpart in pass.
func replay(pass *analysis.Pass, o *outcome) bool {
	from := o.pass
	if from.Fset != pass.Fset {
		return false
	}
	objs, ok := counterparts(from, pass, o.objectFacts)
	if !ok {
		return false
	}
	m := newPosMap(from, pass)
	diags := make([]analysis.Diagnostic, len(o.diagnostics))
	for i, d := range o.diagnostics {
		var ok bool
		if diags[i], ok = m.diagnostic(d); !ok {
			return false
		}
	}
	for i, f := range o.objectFacts {
		pass.ExportObjectFact(objs[i], f.Fact)
	}
	for _, f := range o.pkgFacts {
		pass.ExportPackageFact(f)
	}
	for _, d := range diags {
		pass.Report(d)
	}
	return true
}

// counterparts returns, for each fact's object, declared in from's
// package, the object declared at the same place in pass's.
func counterparts(from, pass *analysis.Pass, facts []analysis.ObjectFact) ([]types.Object, bool) {
	want := make(map[declPos][]int)
	for i, f := range facts {
		d, ok := declPosOf(from.Fset, f.Object)
		if !ok {
			return nil, false
		}
		want[d] = append(want[d], i)
	}
	objs := make([]types.Object, len(facts))
	found := 0
	for _, obj := range pass.TypesInfo.Defs {
		if obj == nil {
			continue
		}
		d, ok := declPosOf(pass.Fset, obj)
		if !ok {
			continue
		}
		for _, i := range want[d] {
			if objs[i] == nil {
				objs[i] = obj
				found++
			}
		}
	}
	return objs, found == len(facts)
}

// A declPos is where an object is declared: the same in every variant
// of its package, which are type-checked from the same files.
type declPos struct {
	file   string
	offset int
	name   string
}

func declPosOf(fset *token.FileSet, obj types.Object) (declPos, bool) {
	tf := fset.File(obj.Pos())
	if tf == nil {
		return declPos{}, false
	}
	return declPos{tf.Name(), tf.Offset(obj.Pos()), obj.Name()}, true
}

// A posMap maps positions in one pass's files to the same offsets in
// the files of the same name in another's. Positions in other files
// are kept: the passes of a driver run share one file set.
type posMap struct {
	fset  *token.FileSet
	from  map[*token.File]bool
	files map[string]*token.File
}

func newPosMap(from, to *analysis.Pass) *posMap {
	m := &posMap{fset: from.Fset, from: make(map[*token.File]bool), files: make(map[string]*token.File)}
	for _, f := range from.Files {
		m.from[from.Fset.File(f.FileStart)] = true
	}
	for _, f := range to.Files {
		tf := to.Fset.File(f.FileStart)
		m.files[tf.Name()] = tf
	}
	return m
}

// pos maps p, reporting false if its file has no counterpart.
func (m *posMap) pos(p token.Pos) (token.Pos, bool) {
	if !p.IsValid() {
		return p, true
	}
	tf := m.fset.File(p)
	if tf == nil || !m.from[tf] {
		return p, true
	}
	to := m.files[tf.Name()]
	if to == nil || to.Size() != tf.Size() {
		return token.NoPos, false
	}
	return to.Pos(tf.Offset(p)), true
}

// diagnostic returns d with every position mapped.
func (m *posMap) diagnostic(d analysis.Diagnostic) (analysis.Diagnostic, bool) {
	ok := true
	mapPos := func(p *token.Pos) {
		q, found := m.pos(*p)
		ok = ok && found
		*p = q
	}
	mapPos(&d.Pos)
	mapPos(&d.End)
	d.Related = append([]analysis.RelatedInformation(nil), d.Related...)
	for i := range d.Related {
		mapPos(&d.Related[i].Pos)
		mapPos(&d.Related[i].End)
	}
	d.SuggestedFixes = append([]analysis.SuggestedFix(nil), d.SuggestedFixes...)
	for i := range d.SuggestedFixes {
		fix := &d.SuggestedFixes[i]
		fix.TextEdits = append([]analysis.TextEdit(nil), fix.TextEdits...)
		for j := range fix.TextEdits {
			mapPos(&fix.TextEdits[j].Pos)
			mapPos(&fix.TextEdits[j].End)
		}
	}
	return d, ok
}
