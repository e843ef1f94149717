package locks

import (
	"go/constant"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/ssatest"
)

// TestLockFlow runs the lock analysis on small functions and checks the
// locks it finds held at each probe, a call at("name"): through locking
// and unlocking, deferred unlocks, branches, helpers that lock, functions
// only called with a lock held, read and write locks, waits for
// goroutines, and main before and after its first go statement.
func TestLockFlow(t *testing.T) {
	const src = `package main

import "sync"

func at(string) {}

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	wg sync.WaitGroup
	n  int
}

var global sync.Mutex

func (s *S) plain() {
	at("before")
	s.mu.Lock()
	at("locked")
	s.mu.Unlock()
	at("unlocked")
}

func (s *S) deferred() {
	s.mu.Lock()
	defer s.mu.Unlock()
	at("deferred")
}

func (s *S) branch(b bool) {
	if b {
		s.mu.Lock()
		at("one branch")
	}
	at("after the branch")
	if b {
		s.mu.Unlock()
	}
}

func (s *S) both(b bool) {
	if b {
		s.mu.Lock()
	} else {
		s.mu.Lock()
	}
	at("both branches")
	s.mu.Unlock()
}

func (s *S) lock()   { s.mu.Lock() }
func (s *S) unlock() { s.mu.Unlock() }

func (s *S) helpers() {
	s.lock()
	at("after a locking helper")
	s.unlock()
	at("after an unlocking helper")
}

func (s *S) underLock() { at("entry of a function called with the lock held") }

func (s *S) caller1() { s.mu.Lock(); s.underLock(); s.mu.Unlock() }
func (s *S) caller2() { s.mu.Lock(); defer s.mu.Unlock(); s.underLock() }

func (s *S) mixed() { at("entry of a function called with and without the lock") }

func (s *S) caller3() { s.mu.Lock(); s.mixed(); s.mu.Unlock() }
func (s *S) caller4() { s.mixed() }

func (s *S) readWrite() {
	s.rw.RLock()
	at("read-locked")
	s.rw.RUnlock()
	s.rw.Lock()
	at("write-locked")
	s.rw.Unlock()
	global.Lock()
	at("global")
	global.Unlock()
}

func (s *S) fork() {
	for i := 0; i < 2; i++ {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.n++ }()
	}
	at("forked")
	s.wg.Wait()
	at("joined")
}

func main() {
	at("main before go")
	go func() { at("goroutine") }()
	at("main after go")
}
`
	want := map[string]string{
		"before":                    "",
		"locked":                    "S.mu",
		"unlocked":                  "",
		"deferred":                  "S.mu",
		"one branch":                "S.mu",
		"after the branch":          "",
		"both branches":             "S.mu",
		"after a locking helper":    "S.mu",
		"after an unlocking helper": "",
		"entry of a function called with the lock held":        "S.mu",
		"entry of a function called with and without the lock": "",
		"read-locked":    "S.rw(shared)",
		"write-locked":   "S.rw",
		"global":         "global",
		"forked":         "",
		"joined":         "joined S.wg",
		"main before go": "world",
		"main after go":  "",
		"goroutine":      "",
	}
	la, probes := lockProbes(t, src)
	for name, w := range want {
		got, ok := probes[name]
		if !ok {
			t.Errorf("%s: no probe", name)
			continue
		}
		if got := describeHeld(la, got); got != w {
			t.Errorf("%s: held %q, want %q", name, got, w)
		}
	}
	// Read and write locks exclude each other, and two readers do not.
	read, write, locked := probes["read-locked"], probes["write-locked"], probes["locked"]
	for _, tc := range []struct {
		name string
		s, t Set
		want bool
	}{
		{"read and write", read, write, true},
		{"read and read", read, read, false},
		{"write and write", write, write, true},
		{"different locks", write, locked, false},
		{"joined and joined", probes["joined"], probes["joined"], false},
		{"world and world", probes["main before go"], probes["main before go"], false},
	} {
		if got := la.Protects(tc.s, tc.t); got != tc.want {
			t.Errorf("protects(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// lockProbes analyses the package of src and returns the locks held at
// each call at("name"), by name.
func lockProbes(t *testing.T, src string) (*Analysis, map[string]Set) {
	t.Helper()
	pkg := ssatest.BuildPackage(t, "main", src)
	var funcs []*ssa.Function
	for fn := range ssautil.AllFunctions(pkg.Prog) {
		if fn.Pkg == pkg && len(fn.Blocks) > 0 && fn.Synthetic == "" {
			funcs = append(funcs, fn)
		}
	}
	slices.SortFunc(funcs, func(a, b *ssa.Function) int { return strings.Compare(a.String(), b.String()) })
	la := New(funcs, calls.NewGraph(funcs, nil), func(l loc.Location, _ ssa.Value) string {
		if l.Var.IsField() {
			return "S." + l.Var.Name()
		}
		return l.Var.Name()
	})
	probes := make(map[string]Set)
	for _, fn := range funcs {
		la.Flow(fn, la.entry[fn], func(instr ssa.Instruction, s Set) {
			call, ok := instr.(ssa.CallInstruction)
			if !ok || call.Common().StaticCallee() == nil || call.Common().StaticCallee().Name() != "at" {
				return
			}
			probes[constant.StringVal(call.Common().Args[0].(*ssa.Const).Value)] = s.Clone()
		})
	}
	return la, probes
}

// describeHeld names the locks of s: the world and the joined
// goroutines when held, then each lock, marked when held shared.
func describeHeld(la *Analysis, s Set) string {
	var names []string
	if s.excl.has(0) {
		names = append(names, "world")
	}
	if s.excl.has(1) {
		names = append(names, "joined")
	}
	for i := pseudoLocks; i < la.n; i++ {
		switch {
		case s.excl.has(i):
			names = append(names, la.names[i])
		case s.shared.has(i):
			names = append(names, la.names[i]+"(shared)")
		}
	}
	return strings.Join(names, " ")
}
