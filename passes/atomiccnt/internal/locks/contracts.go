package locks

import (
	"go/ast"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// Contracts. A function may declare in its doc comment that its callers
// hold a lock, in the vocabulary Go code already uses:
//
//   - gVisor checklocks' annotations, +checklocks:b.mu (held) and
//     +checklocksread:b.mu (held for reading), where b is the receiver
//     or a parameter and the path names the lock through its fields;
//   - the convention of doc comments that say the receiver's lock is
//     held on entry: "Lock should be held", "Read lock should be held",
//     "Lock is held on entry", "Assumes the lock is held", which name no
//     lock and so mean the receiver's, if its struct has exactly one.
//
// A contract is a marker, as an assertion in the body is: the function
// holds the lock from its entry.
//
// The annotations also say what a function does to a lock where its
// body may not show it (a lock taken on some paths only, or through a
// function value): +checklocksacquire:b.mu, the function returns holding
// b.mu, and +checklocksrelease:b.mu, it is called holding b.mu and
// returns without it (and their read forms, +checklocksacquireread and
// +checklocksreleaseread). The analysis takes that as the function's
// effect at its calls, with what its body shows. +checklocksalias:a.b.mu=a.mu
// says that two paths name one lock in the function, so that holding
// either on entry holds both.

// A contractKind says what a function's annotation states of a lock.
type contractKind uint8

const (
	heldOnEntryKind contractKind = iota // the callers hold it
	acquiresKind                        // the function returns holding it
	releasesKind                        // the callers hold it and the function lets it go
)

// A contract is a lock that a function's callers hold, or that the
// function acquires or releases for them.
type contract struct {
	lock   loc.Location
	shared bool
	kind   contractKind
	// annotation is the checklocks annotation that states it, or ""
	// for the doc-comment convention, which calls are not checked
	// against: code that follows it says so where it cares to.
	annotation string
}

// held reports whether the contract's lock is held on entry.
func (c contract) held() bool { return c.kind != acquiresKind }

var (
	checklocksAnnotation = regexp.MustCompile(`^\+checklocks(acquire|release)?(read)?:([\w.]+)\s*$`)
	checklocksAlias      = regexp.MustCompile(`^\+checklocksalias:([\w.]+)=([\w.]+)\s*$`)
	// heldOnEntry matches a sentence of a doc comment that says the
	// receiver's lock is held, for reading if its first group is "read".
	heldOnEntry = regexp.MustCompile(`(?i)^(?:the )?(?:(read|write|\(write\)) )?lock (?:should be|must be|needs to be|is) held(?: (?:on|upon) entry)?\.?$|^(?:the )?(?:(read|write|\(write\)) )?lock held on entry\.?$|^assumes? (?:that )?(?:the )?lock is held(?: (?:on|upon) entry)?\.?$`)
)

// contractsOf returns the locks that fn's doc comment says its callers
// hold, or that fn acquires or releases.
func contractsOf(fn *ssa.Function) []contract {
	var out []contract
	for _, text := range docLines(fn) {
		if m := checklocksAnnotation.FindStringSubmatch(text); m != nil {
			kind := heldOnEntryKind
			switch m[1] {
			case "acquire":
				kind = acquiresKind
			case "release":
				kind = releasesKind
			}
			// What a function acquires may be in what it returns
			// (+checklocksacquire:n.mu, n a named result).
			if l, ok := lockAtPath(fn, m[3], kind == acquiresKind); ok {
				out = append(out, contract{lock: l, shared: m[2] == "read", kind: kind, annotation: text})
			}
			continue
		}
		for _, sentence := range strings.SplitAfter(text, ". ") {
			m := heldOnEntry.FindStringSubmatch(strings.TrimSpace(sentence))
			if m == nil {
				continue
			}
			if l, ok := receiverLock(fn); ok {
				out = append(out, contract{lock: l, shared: strings.EqualFold(m[1]+m[2], "read")})
			}
		}
	}
	return out
}

// aliasesOf returns the pairs of locks that fn's +checklocksalias
// annotations say are one, both resolved.
func aliasesOf(fn *ssa.Function) [][2]loc.Location {
	var out [][2]loc.Location
	for _, text := range docLines(fn) {
		m := checklocksAlias.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		a, okA := lockAtPath(fn, m[1], false)
		b, okB := lockAtPath(fn, m[2], false)
		if okA && okB && a != b {
			out = append(out, [2]loc.Location{a, b})
		}
	}
	return out
}

// docLines returns the lines of fn's doc comment, without the slashes.
func docLines(fn *ssa.Function) []string {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Doc == nil {
		return nil
	}
	out := make([]string, len(decl.Doc.List))
	for i, c := range decl.Doc.List {
		out[i] = strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
	}
	return out
}

// declaredEffect returns the effect on the locks that fn's annotations
// state: the locks it acquires and those it releases, as a call of it
// applies them; ok is false if they state none that the package uses.
func (la *Analysis) declaredEffect(fn *ssa.Function) (e effect, ok bool) {
	e = effect{acq: la.Empty(), rel: la.Empty()}
	for _, c := range contractsOf(fn) {
		i, known := la.universe[c.lock]
		if !known || c.kind == heldOnEntryKind {
			continue
		}
		ok = true
		switch {
		case c.kind == releasesKind:
			e.rel.excl.set(i)
		case c.shared:
			e.acq.shared.set(i)
		default:
			e.acq.excl.set(i)
		}
	}
	return e, ok
}

// ignoresLocks reports whether fn's doc comment says +checklocksignore:
// its calls are not checked against their callees' annotations.
func ignoresLocks(fn *ssa.Function) bool {
	return slices.Contains(docLines(fn), "+checklocksignore")
}

// A Violation is a call that does not hold a lock that its callee's
// checklocks annotation says its callers hold.
type Violation struct {
	Call       ssa.CallInstruction // a call or a go statement
	Callee     *ssa.Function
	Lock       string // the lock, as messages name it
	Annotation string // +checklocks:c.mu
}

// Violations returns the calls of the package's functions, in their
// order, that do not hold a lock their callee's annotation requires: a
// +checklocks (or +checklocksrelease) lock held exclusively, a
// +checklocksread (+checklocksreleaseread) one held at all.
// A go statement holds nothing; a deferred call is not checked, since
// it runs at the function's exit, in a state the flow does not track.
func (la *Analysis) Violations() []Violation {
	required := make(map[*ssa.Function][]contract)
	for _, fn := range la.funcs {
		for _, c := range contractsOf(fn) {
			if _, ok := la.universe[c.lock]; ok && c.annotation != "" && c.held() {
				required[fn] = append(required[fn], c)
			}
		}
	}
	if len(required) == 0 {
		return nil
	}
	var out []Violation
	for _, fn := range la.funcs {
		calls := false
		for _, s := range la.graph.CallsIn(fn) {
			if required[s.Callee] != nil {
				calls = true
			}
		}
		if !calls || ignoresLocks(fn) {
			continue
		}
		entry := la.entry[fn]
		if fn.Parent() != nil {
			// As checklocks has it, a function literal holds what its
			// maker holds where it makes it: a cleanup made under the
			// lock runs, deferred, under it.
			entry = entry.Clone()
			entry.add(la.madeHolding(fn))
		}
		la.Flow(fn, entry, func(instr ssa.Instruction, s Set) {
			var call ssa.CallInstruction
			switch instr := instr.(type) {
			case *ssa.Call:
				call = instr
			case *ssa.Go:
				call, s = instr, la.Empty()
			default:
				return
			}
			callee := call.Common().StaticCallee()
			for _, c := range required[callee] {
				i := la.universe[c.lock]
				if s.excl.has(i) || (c.shared && s.shared.has(i)) {
					continue
				}
				out = append(out, Violation{Call: call, Callee: callee, Lock: la.names[i], Annotation: c.annotation})
			}
		})
	}
	return out
}

// madeHolding returns the locks held where the function literal lit is
// made, in its parent (itself held where it is made, for a literal in a
// literal).
func (la *Analysis) madeHolding(lit *ssa.Function) Set {
	parent := lit.Parent()
	entry := la.entry[parent]
	if !entry.Known() {
		return la.Empty()
	}
	if parent.Parent() != nil {
		entry = entry.Clone()
		entry.add(la.madeHolding(parent))
	}
	held := la.Empty()
	first := true
	la.Flow(parent, entry, func(instr ssa.Instruction, s Set) {
		if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == lit {
			if first {
				held, first = s.Clone(), false
			} else {
				held.Meet(s)
			}
		}
	})
	return held
}

// lockAtPath resolves path, b.mu or b.c.mu where b is fn's receiver or
// one of its parameters (or, if results, one of its named results), to
// the lock its last field holds.
func lockAtPath(fn *ssa.Function, path string, results bool) (loc.Location, bool) {
	name, rest, ok := strings.Cut(path, ".")
	if !ok {
		return loc.Location{}, false
	}
	v, ok := fnObject(fn, name, results)
	if !ok {
		return loc.Location{}, false
	}
	st, ok := structOf(v.Type())
	if !ok {
		return loc.Location{}, false
	}
	return fieldPath(st, rest)
}

// fnObject returns fn's receiver or parameter called name, or, if
// results, its named result.
func fnObject(fn *ssa.Function, name string, results bool) (*types.Var, bool) {
	sig := fn.Signature
	if r := sig.Recv(); r != nil && r.Name() == name {
		return r, true
	}
	for i := range sig.Params().Len() {
		if p := sig.Params().At(i); p.Name() == name {
			return p, true
		}
	}
	if results {
		for i := range sig.Results().Len() {
			if r := sig.Results().At(i); r.Name() == name {
				return r, true
			}
		}
	}
	return nil, false
}

// receiverLock returns the one lock of fn's receiver's struct: its one
// field of type sync.Mutex or sync.RWMutex, or a pointer to one.
func receiverLock(fn *ssa.Function) (loc.Location, bool) {
	r := fn.Signature.Recv()
	if r == nil {
		return loc.Location{}, false
	}
	st, ok := structOf(r.Type())
	if !ok {
		return loc.Location{}, false
	}
	var found *types.Var
	for i := range st.NumFields() {
		f := st.Field(i)
		if !isMutex(f.Type()) {
			continue
		}
		if found != nil {
			return loc.Location{}, false // which one?
		}
		found = f
	}
	if found == nil {
		return loc.Location{}, false
	}
	return loc.Location{Var: found}, true
}

// structOf returns the struct that t is, or points to.
func structOf(t types.Type) (*types.Struct, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

// isMutex reports whether t is sync.Mutex or sync.RWMutex, or a pointer
// to one.
func isMutex(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "sync" {
		return false
	}
	name := named.Obj().Name()
	return name == "Mutex" || name == "RWMutex"
}
