// Package locks is the lock analysis: the locks that must be held at
// each instruction of a package's functions, by a forward must-hold
// dataflow over each function's blocks, with interprocedural summaries
// inside the package.
//
// A lock is identified by the location that holds it, like the accesses
// it protects: finlock, hchan.lock, Server.mu. Two accesses that hold the
// same lock (at least one exclusively) do not race; Analysis.Protects is
// the one comparison the rules make.
//
// The world is a pseudo-lock for the exclusive phases, during which no
// other goroutine of the package runs: the runtime holds it between
// stopping and starting the world, package initialisation holds it, and
// so does main until it starts its first goroutine. An access that holds
// the world races with nothing.
package locks

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/calls"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt/internal/loc"
)

// worldLock is the key of the world pseudo-lock, at index 0.
var worldLock = loc.Location{}

// joinedLock is the key of the joined pseudo-lock, at index 1: held
// after a function waits for the goroutines it started
// (sync.WaitGroup.Wait, errgroup.Group.Wait) and until it starts
// another. It orders the function's accesses after those of the
// goroutines it joined; it protects nothing else.
var joinedLock = loc.Location{Elem: true}

// pseudoLocks is the number of pseudo-locks at the start of the
// universe; facts never name them.
const pseudoLocks = 2

// A lockPrimitive is a function that acquires or releases a lock, or
// asserts that one is held.
type lockPrimitive uint8

const (
	lockAcquire lockPrimitive = iota + 1
	lockAcquireShared
	lockRelease
	lockReleaseShared
	worldStop
	worldStart
	// assertHeld marks a function as called with the lock held: the
	// runtime asserts its locking discipline (assertLockHeld(&sched.lock),
	// assertWorldStopped()) at the top of functions that need it.
	assertHeld
	assertWorldStopped
	// joinWait waits for goroutines: the joined pseudo-lock, and, if
	// the WaitGroup is a known location, a join key for it.
	joinWait
	// joinDone signals a WaitGroup that some work is done.
	joinDone
)

// lockPrimitives lists the locking functions of sync and of the runtime.
// The runtime's are matched in any package whose path is runtime or
// starts with runtime/, so that runtime-shaped test packages can use them.
var lockPrimitives = map[calls.Key]lockPrimitive{
	{Pkg: "sync", Recv: "Mutex", Name: "Lock"}:      lockAcquire,
	{Pkg: "sync", Recv: "Mutex", Name: "Unlock"}:    lockRelease,
	{Pkg: "sync", Recv: "RWMutex", Name: "Lock"}:    lockAcquire,
	{Pkg: "sync", Recv: "RWMutex", Name: "Unlock"}:  lockRelease,
	{Pkg: "sync", Recv: "RWMutex", Name: "RLock"}:   lockAcquireShared,
	{Pkg: "sync", Recv: "RWMutex", Name: "RUnlock"}: lockReleaseShared,

	{Pkg: "sync", Recv: "WaitGroup", Name: "Wait"}:                   joinWait,
	{Pkg: "sync", Recv: "WaitGroup", Name: "Done"}:                   joinDone,
	{Pkg: "golang.org/x/sync/errgroup", Recv: "Group", Name: "Wait"}: joinWait,

	{Pkg: "runtime", Recv: "", Name: "lock"}:           lockAcquire,
	{Pkg: "runtime", Recv: "", Name: "lock2"}:          lockAcquire,
	{Pkg: "runtime", Recv: "", Name: "lockWithRank"}:   lockAcquire,
	{Pkg: "runtime", Recv: "", Name: "unlock"}:         lockRelease,
	{Pkg: "runtime", Recv: "", Name: "unlock2"}:        lockRelease,
	{Pkg: "runtime", Recv: "", Name: "unlockWithRank"}: lockRelease,
	{Pkg: "runtime", Recv: "rwmutex", Name: "lock"}:    lockAcquire,
	{Pkg: "runtime", Recv: "rwmutex", Name: "unlock"}:  lockRelease,
	{Pkg: "runtime", Recv: "rwmutex", Name: "rlock"}:   lockAcquireShared,
	{Pkg: "runtime", Recv: "rwmutex", Name: "runlock"}: lockReleaseShared,

	{Pkg: "runtime", Recv: "", Name: "stopTheWorld"}:          worldStop,
	{Pkg: "runtime", Recv: "", Name: "stopTheWorldGC"}:        worldStop,
	{Pkg: "runtime", Recv: "", Name: "stopTheWorldWithSema"}:  worldStop,
	{Pkg: "runtime", Recv: "", Name: "startTheWorld"}:         worldStart,
	{Pkg: "runtime", Recv: "", Name: "startTheWorldGC"}:       worldStart,
	{Pkg: "runtime", Recv: "", Name: "startTheWorldWithSema"}: worldStart,

	{Pkg: "runtime", Recv: "", Name: "assertLockHeld"}:               assertHeld,
	{Pkg: "runtime", Recv: "", Name: "assertWorldStopped"}:           assertWorldStopped,
	{Pkg: "runtime", Recv: "", Name: "assertWorldStoppedOrLockHeld"}: assertHeld,
}

// primitiveOf returns the lock primitive that call invokes, and the
// lock's address argument (nil for the world).
func (la *Analysis) primitiveOf(call *ssa.CallCommon) (lockPrimitive, ssa.Value) {
	fn, ok := call.Value.(*ssa.Function)
	if !ok {
		return 0, nil
	}
	// The flow asks about each call again in every round; the answer
	// depends only on the callee.
	prim, ok := la.prims[fn]
	if !ok {
		prim = primitive(fn)
		la.prims[fn] = prim
	}
	switch prim {
	case 0:
		return 0, nil
	case worldStop, worldStart, assertWorldStopped:
		return prim, nil
	}
	if len(call.Args) == 0 {
		return 0, nil
	}
	return prim, call.Args[0]
}

// primitive returns the lock primitive that fn is, if any.
func primitive(fn *ssa.Function) lockPrimitive {
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return 0
	}
	key, ok := calls.KeyOf(obj)
	if !ok {
		return 0
	}
	if calls.IsRuntimePkg(key.Pkg) {
		key.Pkg = "runtime"
	}
	if prim, ok := lockPrimitives[key]; ok {
		return prim
	}
	return lockerMethod(obj)
}

// lockerMethods are the methods of a type that is a lock by its method
// set, as sync.Locker defines one, and for each its counterpart.
var lockerMethods = map[string]struct {
	prim    lockPrimitive
	partner string
}{
	"Lock":    {lockAcquire, "Unlock"},
	"Unlock":  {lockRelease, "Lock"},
	"RLock":   {lockAcquireShared, "RUnlock"},
	"RUnlock": {lockReleaseShared, "RLock"},
}

// lockerMethod returns the primitive that m is if it is a method Lock,
// Unlock, RLock or RUnlock without parameters or results, of a type that
// has its counterpart too: the mutexes that code defines for itself
// (gVisor's sync.Mutex, a spin lock, a wrapper with lock-order checks)
// are locks as sync's are, whose acquisition and release the analysis
// could not otherwise see across packages.
func lockerMethod(m *types.Func) lockPrimitive {
	lm, ok := lockerMethods[m.Name()]
	if !ok {
		return 0
	}
	sig := m.Signature()
	if sig.Recv() == nil || sig.Params().Len() != 0 || sig.Results().Len() != 0 {
		return 0
	}
	obj, _, _ := types.LookupFieldOrMethod(sig.Recv().Type(), true, m.Pkg(), lm.partner)
	partner, ok := obj.(*types.Func)
	if !ok {
		return 0
	}
	if ps := partner.Signature(); ps.Params().Len() != 0 || ps.Results().Len() != 0 {
		return 0
	}
	return lm.prim
}

// A Analysis holds the package-wide lock facts of one pass.
type Analysis struct {
	// universe numbers the locks the package uses; index 0 is the world.
	universe map[loc.Location]int
	keys     []loc.Location // by index
	names    []string       // by index, as the source spells them
	n        int
	// funcs are the functions analysed, in a deterministic order.
	funcs []*ssa.Function
	// effects summarises what a call to each function does to the locks.
	effects map[*ssa.Function]effect
	// entry holds the locks that every caller holds when calling each
	// function.
	entry map[*ssa.Function]Set
	// marks caches what each function asserts it holds.
	marks map[*ssa.Function]Set
	// joins marks the keys of the universe that are WaitGroups, not
	// locks: holding one means having waited for it.
	joins bitset
	// doneBy holds, for each WaitGroup key, the functions that call its
	// Done.
	doneBy map[int]map[*ssa.Function]bool
	// runtime says the package is the runtime (or shaped like it),
	// whose exclusive phases are stopping the world and bootstrap.
	runtime bool
	// prims caches primitiveOf's answer by callee.
	prims map[*ssa.Function]lockPrimitive
	// events caches eventsOf's answer by function.
	events map[*ssa.Function][][]lockEvent
	// graph is the package's call graph.
	graph *calls.Graph
	// hooks are the functions that the runtime calls with the world
	// stopped (hooks.go).
	hooks map[*ssa.Function]bool
	// declared holds the effects that functions' annotations state
	// (+checklocksacquire, +checklocksrelease), read once.
	declared map[*ssa.Function]effect
	// active holds the functions whose instructions may change the
	// locks held: they take or release a lock, start a goroutine, wait,
	// or call a function that does. In the others the state is the
	// entry state throughout, and flow need not iterate.
	active map[*ssa.Function]bool
}

// New analyses funcs, the functions of the package with
// bodies (literals included), whose call graph is graph; name names a
// lock for messages.
func New(funcs []*ssa.Function, graph *calls.Graph, name func(loc.Location, ssa.Value) string) *Analysis {
	la := &Analysis{
		universe: map[loc.Location]int{worldLock: 0, joinedLock: 1},
		keys:     []loc.Location{worldLock, joinedLock},
		names:    []string{"the world", "the joined goroutines"},
		n:        pseudoLocks,
		funcs:    funcs,
		graph:    graph,
		effects:  make(map[*ssa.Function]effect),
		entry:    make(map[*ssa.Function]Set),
		marks:    make(map[*ssa.Function]Set),
		doneBy:   make(map[int]map[*ssa.Function]bool),
		prims:    make(map[*ssa.Function]lockPrimitive),
		events:   make(map[*ssa.Function][][]lockEvent),
		hooks:    stoppedHooks(funcs),
	}
	for _, fn := range funcs {
		if fn.Pkg != nil && calls.IsRuntimePkg(fn.Pkg.Pkg.Path()) {
			la.runtime = true
		}
	}
	// Number the locks.
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if prim, addr := la.primitiveOf(call.Common()); addr != nil {
					if l, ok := lockKeyOf(addr); ok {
						if _, seen := la.universe[l]; !seen {
							la.universe[l] = la.n
							la.keys = append(la.keys, l)
							la.names = append(la.names, name(l, addr))
							la.n++
						}
						if prim == joinDone {
							i := la.universe[l]
							if la.doneBy[i] == nil {
								la.doneBy[i] = make(map[*ssa.Function]bool)
							}
							la.doneBy[i][fn] = true
						}
					}
				}
			}
		}
	}
	la.joins = la.Empty().excl
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					if prim, addr := la.primitiveOf(call.Common()); prim == joinWait || prim == joinDone {
						if l, ok := lockKeyOf(addr); ok {
							la.joins.set(la.universe[l])
						}
					}
				}
			}
		}
	}
	la.declared = make(map[*ssa.Function]effect)
	for _, fn := range funcs {
		la.effects[fn] = effect{acq: la.Empty(), rel: la.Empty()}
		if e, ok := la.declaredEffect(fn); ok {
			la.declared[fn] = e
		}
	}
	la.computeActive()
	la.computeEffects()
	la.computeEntries()
	return la
}

// Empty returns the Set of no locks, in the universe of the package.
func (la *Analysis) Empty() Set { return newLockset(la.n) }

// lockKeyOf returns the key of the lock at addr, if it is one location:
// the field or variable that holds the lock, or that holds a pointer to
// it (mu *sync.RWMutex), which then names the lock it points to as a
// field that holds a lock names the locks of every object alike.
func lockKeyOf(addr ssa.Value) (loc.Location, bool) {
	locs := loc.Resolve(addr)
	if load, ok := addr.(*ssa.UnOp); ok && load.Op == token.MUL && len(locs) == 0 {
		locs = loc.Resolve(load.X)
	}
	if len(locs) != 1 {
		return loc.Location{}, false
	}
	return locs[0], true
}

// A lockEvent is an instruction that may change the locks held: a call
// or a go statement. The flow meets each again in every round, so what
// transfer needs to know of it is resolved once.
type lockEvent struct {
	instr ssa.Instruction // a *ssa.Call or a *ssa.Go
	prim  lockPrimitive
	// lock is the index of the lock the primitive names: 0 for the
	// world, -1 if its address is not one location.
	lock   int
	sync   *ssa.Function // the function the call runs on the system stack
	callee *ssa.Function // the static callee
}

// eventsOf returns the events of fn's blocks, by block index.
func (la *Analysis) eventsOf(fn *ssa.Function) [][]lockEvent {
	if evs, ok := la.events[fn]; ok {
		return evs
	}
	evs := make([][]lockEvent, len(fn.Blocks))
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				evs[b.Index] = append(evs[b.Index], lockEvent{instr: instr})
			case *ssa.Call:
				call := instr.Common()
				ev := lockEvent{instr: instr, sync: la.graph.OnSystemStack(call), callee: call.StaticCallee()}
				var addr ssa.Value
				ev.prim, addr = la.primitiveOf(call)
				if addr != nil {
					ev.lock = -1
					if l, ok := lockKeyOf(addr); ok {
						ev.lock = la.universe[l]
					}
				}
				evs[b.Index] = append(evs[b.Index], ev)
			}
		}
	}
	la.events[fn] = evs
	return evs
}

// transfer updates s, the locks held before ev, to those held after.
func (la *Analysis) transfer(ev *lockEvent, s Set) {
	if _, ok := ev.instr.(*ssa.Go); ok {
		// A new goroutine ends an exclusive phase, and has not been
		// joined. (In the runtime, a goroutine made while the world
		// is stopped, or during bootstrap, does not run until the
		// scheduler does.)
		if !la.runtime {
			s.excl.clear(0)
		}
		s.excl.clear(1)
		for i := range s.excl {
			s.excl[i] &^= la.joins[i]
		}
		return
	}
	if ev.prim != 0 {
		switch ev.prim {
		case joinWait:
			// Waiting joins the goroutines this function started,
			// and those that signal this WaitGroup.
			s.excl.set(1)
			if ev.lock >= 0 {
				s.excl.set(ev.lock)
			}
			return
		case joinDone:
			return
		}
		i := ev.lock
		if i < 0 {
			return
		}
		switch ev.prim {
		case lockAcquire, worldStop:
			s.shared.clear(i)
			s.excl.set(i)
		case lockAcquireShared:
			if !s.excl.has(i) {
				s.shared.set(i)
			}
		case lockRelease, lockReleaseShared, worldStart:
			s.release(i)
		}
		return
	}
	if ev.sync != nil {
		s.apply(la.effects[ev.sync])
		return
	}
	if ev.callee != nil {
		if e, ok := la.effects[ev.callee]; ok {
			s.apply(la.calleeEffect(e))
		}
	}
}

// calleeEffect is the effect of a call to a function with effect e. In
// the runtime, whether the world is stopped is decided where it is
// stopped and started, directly or in a systemstack closure: a callee
// that could start the world on some path (any allocation could start
// a GC, which stops and starts it) does not do so while it is stopped,
// so calls do not change the world's state there.
func (la *Analysis) calleeEffect(e effect) effect {
	if !la.runtime || (!e.acq.excl.has(0) && !e.rel.excl.has(0)) {
		return e
	}
	e = effect{acq: e.acq.Clone(), rel: e.rel.Clone()}
	e.acq.excl.clear(0)
	e.rel.excl.clear(0)
	return e
}

// Flow runs the must-hold dataflow over fn from the entry state. It
// calls visit, if not nil, with the state before each instruction once
// the states are stable, and returns the meet of the states at fn's
// returns (ok is false if fn never returns).
func (la *Analysis) Flow(fn *ssa.Function, entry Set, visit func(ssa.Instruction, Set)) (exit Set, ok bool) {
	if len(fn.Blocks) == 0 {
		return Set{}, false
	}
	if !la.active[fn] {
		// Nothing changes the state: every instruction sees the entry
		// state (but for a recover block, entered by a panic).
		for _, b := range fn.Blocks {
			s := entry
			if b == fn.Recover {
				s = la.Empty()
			}
			for _, instr := range b.Instrs {
				if visit != nil {
					visit(instr, s)
				}
				if _, isReturn := instr.(*ssa.Return); isReturn {
					ok = true
				}
			}
		}
		return entry.Clone(), ok
	}
	in := make([]Set, len(fn.Blocks))
	in[0] = entry.Clone()
	if fn.Recover != nil {
		// Reached by a panic from anywhere: assume nothing is held.
		in[fn.Recover.Index] = la.Empty()
	}
	events := la.eventsOf(fn)
	step := func(b *ssa.BasicBlock, s Set, visit func(ssa.Instruction, Set)) Set {
		evs := events[b.Index]
		if visit == nil {
			for i := range evs {
				la.transfer(&evs[i], s)
			}
			return s
		}
		for _, instr := range b.Instrs {
			visit(instr, s)
			if len(evs) > 0 && evs[0].instr == instr {
				la.transfer(&evs[0], s)
				evs = evs[1:]
			}
		}
		return s
	}
	// exit, ok accumulate the meet of the states at the returns.
	exit = la.Empty()
	addExit := func(b *ssa.BasicBlock, out Set) {
		if _, isReturn := b.Instrs[len(b.Instrs)-1].(*ssa.Return); !isReturn {
			return
		}
		if !ok {
			copy(exit.excl, out.excl)
			copy(exit.shared, out.shared)
			ok = true
		} else {
			exit.Meet(out)
		}
	}
	scratch := entry.Clone() // the state through a block, reused
	// Without visit, the answer is the meet of the returns' states in
	// the round that changes nothing: every block's state was final
	// then, so a last pass over the blocks would repeat that round.
	for changed := true; changed; {
		changed = false
		ok = false
		for _, b := range fn.Blocks {
			if in[b.Index].excl == nil {
				continue
			}
			copy(scratch.excl, in[b.Index].excl)
			copy(scratch.shared, in[b.Index].shared)
			out := step(b, scratch, nil)
			if visit == nil {
				addExit(b, out)
			}
			for _, succ := range b.Succs {
				if in[succ.Index].excl == nil {
					in[succ.Index] = out.Clone()
					changed = true
					continue
				}
				if in[succ.Index].Meet(out) {
					changed = true
				}
			}
		}
	}
	if visit == nil {
		return exit, ok
	}
	ok = false
	for _, b := range fn.Blocks {
		if in[b.Index].excl == nil {
			continue // unreachable
		}
		addExit(b, step(b, in[b.Index].Clone(), visit))
	}
	return exit, ok
}

// computeActive finds the functions that may change the locks held,
// directly or through the functions they call, to a fixpoint.
func (la *Analysis) computeActive() {
	la.active = make(map[*ssa.Function]bool)
	callers := make(map[*ssa.Function][]*ssa.Function)
	var work []*ssa.Function
	for _, fn := range la.funcs {
		direct := false
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Go:
					direct = true
				case *ssa.Call:
					call := instr.Common()
					if prim, _ := la.primitiveOf(call); prim != 0 {
						direct = true
					} else if g := la.graph.OnSystemStack(call); g != nil {
						callers[g] = append(callers[g], fn)
					} else if g := call.StaticCallee(); g != nil {
						callers[g] = append(callers[g], fn)
					}
				}
			}
		}
		if _, declared := la.declared[fn]; declared || direct {
			la.active[fn] = true
			work = append(work, fn)
		}
	}
	for len(work) > 0 {
		g := work[len(work)-1]
		work = work[:len(work)-1]
		for _, f := range callers[g] {
			if !la.active[f] {
				la.active[f] = true
				work = append(work, f)
			}
		}
	}
}

// computeEffects summarises each function's effect on the locks held:
// run from a state holding every lock the function might release, the
// locks missing on return were released and the new ones acquired. It
// iterates to a fixpoint because a function's effect includes its
// callees'.
//
// A function is summarised again only if the effect of one of its
// callees changed since it was last summarised: otherwise the flow
// would give the same summary, so skipping it changes nothing but the
// time, which for the runtime was most of the lock analysis.
func (la *Analysis) computeEffects() {
	callees := make(map[*ssa.Function][]*ssa.Function)
	for _, fn := range la.funcs {
		if la.active[fn] {
			callees[fn] = la.calleesOf(fn)
		}
	}
	// tick counts the changes of effects; changedAt and flowedAt
	// stamp each function's last change and last summary.
	tick := 0
	changedAt := make(map[*ssa.Function]int)
	flowedAt := make(map[*ssa.Function]int)
	stale := func(fn *ssa.Function) bool {
		at, ok := flowedAt[fn]
		if !ok {
			return true
		}
		for _, g := range callees[fn] {
			if changedAt[g] > at {
				return true
			}
		}
		return false
	}
	for range 10 {
		changed := false
		for _, fn := range la.funcs {
			if !la.active[fn] || !stale(fn) {
				continue
			}
			flowedAt[fn] = tick
			start := la.mayRelease(fn)
			exit, ok := la.Flow(fn, start, nil)
			if !ok {
				continue
			}
			e := effect{acq: exit.Clone(), rel: start.Clone()}
			for i := range e.acq.excl {
				e.acq.excl[i] &^= start.excl[i] | start.shared[i]
				e.acq.shared[i] &^= start.excl[i] | start.shared[i]
				held := exit.excl[i] | exit.shared[i]
				e.rel.excl[i] &^= held
				e.rel.shared[i] &^= held
			}
			if d, ok := la.declared[fn]; ok {
				// The annotation states what the body may not show.
				e.acq.add(d.acq)
				e.rel.add(d.rel)
			}
			old := la.effects[fn]
			if !e.acq.equal(old.acq) || !e.rel.equal(old.rel) {
				la.effects[fn] = e
				changed = true
				tick++
				changedAt[fn] = tick
			}
		}
		if !changed {
			return
		}
	}
}

// calleesOf returns the functions of the package whose effects the
// summary of fn reads: its static callees and the functions it runs
// on the system stack.
func (la *Analysis) calleesOf(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	for _, s := range la.graph.CallsIn(fn) {
		if _, ok := s.Instr.(*ssa.Call); !ok {
			continue
		}
		if _, ok := la.effects[s.Callee]; ok || s.Arg {
			out = append(out, s.Callee)
		}
	}
	return out
}

// mayRelease returns the locks fn's calls might release, held
// exclusively: the starting state for summarising fn.
func (la *Analysis) mayRelease(fn *ssa.Function) Set {
	s := la.Empty()
	for _, evs := range la.eventsOf(fn) {
		for i := range evs {
			ev := &evs[i]
			if _, ok := ev.instr.(*ssa.Go); ok {
				if !la.runtime {
					s.excl.set(0)
				}
				s.excl.set(1)
				la.joins.each(s.excl.set)
				continue
			}
			if ev.prim == lockRelease || ev.prim == lockReleaseShared || ev.prim == worldStart {
				if ev.lock >= 0 {
					s.excl.set(ev.lock)
				}
				continue
			}
			g := ev.sync
			if g == nil {
				g = ev.callee
			}
			if e, ok := la.effects[g]; ok {
				e.rel.excl.each(s.excl.set)
				e.rel.shared.each(s.excl.set)
			}
		}
	}
	return s
}

// computeEntries finds the locks held on entry to each function: those
// its own assertions name, plus, for a function that only this package
// calls and only directly, those held at every call. It starts from
// "every lock" for such functions and refines to the greatest fixpoint,
// so that recursion does not lose what the outside callers hold.
func (la *Analysis) computeEntries() {
	// sites[g] holds the state at each call of g, by call.
	sites := make(map[*ssa.Function]map[ssa.Instruction]Set)
	for _, fn := range la.funcs {
		e := la.markers(fn)
		if la.graph.Internal(fn) {
			e.fill(la.n)
		}
		la.entry[fn] = e
	}
	// Only the calls of internal functions pass a state on: a function
	// that makes none need not be flowed.
	var work []*ssa.Function
	passes := make(map[*ssa.Function]bool)
	for _, fn := range la.funcs {
		if la.callsInternal(fn) {
			work = append(work, fn)
			passes[fn] = true
		}
	}
	queued := make(map[*ssa.Function]bool, len(work))
	for _, fn := range work {
		queued[fn] = true
	}
	for len(work) > 0 {
		fn := work[0]
		work = work[1:]
		queued[fn] = false
		touched := make(map[*ssa.Function]bool)
		record := func(g *ssa.Function, instr ssa.Instruction, state Set) {
			if sites[g] == nil {
				sites[g] = make(map[ssa.Instruction]Set)
			}
			sites[g][instr] = state
			touched[g] = true
		}
		var deferred []*ssa.Defer // of internal functions
		var before map[ssa.Instruction]Set
		if la.defersInternal(fn) {
			before = make(map[ssa.Instruction]Set)
		}
		la.Flow(fn, la.entry[fn], func(instr ssa.Instruction, s Set) {
			if before != nil {
				before[instr] = s.Clone()
			}
			var g *ssa.Function
			switch instr := instr.(type) {
			case *ssa.Call:
				if g = la.graph.OnSystemStack(instr.Common()); g == nil {
					g = instr.Common().StaticCallee()
				}
			case *ssa.Go:
				// A goroutine starts with nothing held.
				if g = instr.Common().StaticCallee(); g != nil && la.graph.Internal(g) {
					record(g, instr, la.Empty())
				}
				return
			case *ssa.Defer:
				if g = instr.Common().StaticCallee(); g != nil && la.graph.Internal(g) {
					deferred = append(deferred, instr)
				}
				return
			}
			if g == nil || !la.graph.Internal(g) {
				return
			}
			record(g, instr, s.Clone())
		})
		for _, d := range deferred {
			record(d.Common().StaticCallee(), d, la.deferredState(d, before))
		}
		for g := range touched {
			e := la.markers(g)
			first := true
			var all Set
			for _, s := range sites[g] {
				if first {
					all, first = s.Clone(), false
				} else {
					all.Meet(s)
				}
			}
			e.add(all)
			if !e.equal(la.entry[g]) {
				la.entry[g] = e
				if passes[g] && !queued[g] {
					queued[g] = true
					work = append(work, g)
				}
			}
		}
	}
}

// deferredState returns the locks held where the call that d defers
// runs, given the state before each instruction of d's function: at a
// return or a panic after d, so what every instruction reachable from d
// holds, without the locks that a call deferred after d may release, as
// it runs first (last in, first out).
func (la *Analysis) deferredState(d *ssa.Defer, before map[ssa.Instruction]Set) Set {
	fn := d.Parent()
	var held Set
	meet := func(instr ssa.Instruction) {
		s, ok := before[instr]
		if !ok {
			return // unreachable
		}
		if !held.Known() {
			held = s.Clone()
		} else {
			held.Meet(s)
		}
		if later, ok := instr.(*ssa.Defer); ok && later != d {
			la.releasedBy(later, held)
		}
	}
	start := d.Block()
	at := slices.Index(start.Instrs, ssa.Instruction(d))
	for _, instr := range start.Instrs[at+1:] {
		meet(instr)
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := slices.Clone(start.Succs)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] || b == fn.Recover {
			continue
		}
		seen[b] = true
		for _, instr := range b.Instrs {
			if b == start && instr == ssa.Instruction(d) {
				break // round a loop: d runs again, the rest is met
			}
			meet(instr)
		}
		work = append(work, b.Succs...)
	}
	if !held.Known() {
		return la.Empty()
	}
	return held
}

// releasedBy removes from s the locks that the deferred call d may
// release.
func (la *Analysis) releasedBy(d *ssa.Defer, s Set) {
	call := d.Common()
	if prim, addr := la.primitiveOf(call); addr != nil {
		if prim == lockRelease || prim == lockReleaseShared {
			if l, ok := lockKeyOf(addr); ok {
				if i, ok := la.universe[l]; ok {
					s.release(i)
				}
			}
		}
		return
	}
	if g := call.StaticCallee(); g != nil {
		if e, ok := la.effects[g]; ok {
			s.remove(e.rel)
		}
	}
}

// defersInternal reports whether fn defers a call of one of the
// internal functions.
func (la *Analysis) defersInternal(fn *ssa.Function) bool {
	for _, s := range la.graph.CallsIn(fn) {
		if _, ok := s.Instr.(*ssa.Defer); ok && !s.Arg && la.graph.Internal(s.Callee) {
			return true
		}
	}
	return false
}

// callsInternal reports whether fn calls, starts or defers one of the
// internal functions: whether computeEntries's flow of fn would record
// a state at any call.
func (la *Analysis) callsInternal(fn *ssa.Function) bool {
	for _, s := range la.graph.CallsIn(fn) {
		if la.graph.Internal(s.Callee) {
			return true
		}
	}
	return false
}

// markers returns the locks fn asserts it holds (in its body, or by a
// contract in its doc comment: see contracts.go), and the world for the
// functions of the exclusive phases: init functions, the package
// initialiser, main.main, the runtime's schedinit, and the hooks the
// runtime calls with the world stopped.
func (la *Analysis) markers(fn *ssa.Function) Set {
	if s, ok := la.marks[fn]; ok {
		return s.Clone()
	}
	s := la.Empty()
	if fn.Parent() == nil && fn.Signature.Recv() == nil && fn.Pkg != nil {
		name := fn.Name()
		if name == "init" || strings.HasPrefix(name, "init#") ||
			(name == "main" && fn.Pkg.Pkg.Name() == "main") ||
			(name == "schedinit" && calls.IsRuntimePkg(fn.Pkg.Pkg.Path())) {
			// schedinit is the runtime's bootstrap, which runs on the
			// only thread before the scheduler starts (see the
			// bootstrap sequence in proc.go).
			s.excl.set(0)
		}
	}
	if la.hooks[fn] {
		s.excl.set(0)
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			switch prim, addr := la.primitiveOf(call.Common()); prim {
			case assertWorldStopped:
				s.excl.set(0)
			case assertHeld:
				if l, ok := lockKeyOf(addr); ok {
					s.excl.set(la.universe[l])
				}
			}
		}
	}
	for _, c := range contractsOf(fn) {
		i, ok := la.universe[c.lock]
		switch {
		case !ok || !c.held():
			// A lock the package never takes orders nothing here,
			// and one the function acquires is not held on entry.
		case c.shared:
			if !s.excl.has(i) {
				s.shared.set(i)
			}
		default:
			s.shared.clear(i)
			s.excl.set(i)
		}
	}
	for _, pair := range aliasesOf(fn) {
		i, okI := la.universe[pair[0]]
		j, okJ := la.universe[pair[1]]
		if !okI || !okJ {
			continue
		}
		for range 2 {
			if s.excl.has(i) {
				s.shared.clear(j)
				s.excl.set(j)
			} else if s.shared.has(i) && !s.excl.has(j) {
				s.shared.set(j)
			}
			i, j = j, i
		}
	}
	la.marks[fn] = s
	return s.Clone()
}

// Describe names the locks of s for messages.
func (la *Analysis) Describe(s Set) string {
	var names []string
	for i := pseudoLocks; i < la.n; i++ {
		if la.joins.has(i) {
			continue
		}
		if s.excl.has(i) || s.shared.has(i) {
			names = append(names, la.names[i])
		}
	}
	return strings.Join(names, ", ")
}

// Protects reports whether s and t exclude each other by a lock: some
// lock other than the pseudo-locks and WaitGroups is held by both, and
// exclusively by at least one.
func (la *Analysis) Protects(s, t Set) bool {
	if !s.protects(t) {
		return false
	}
	s, t = s.Clone(), t.Clone()
	for i := range s.excl {
		s.excl[i] &^= la.joins[i]
		s.shared[i] &^= la.joins[i]
	}
	return s.protects(t)
}

// Acquisitions returns the calls of fn that acquire a lock which an
// access holding t excludes (see Protects): a lock primitive, or a call
// of a helper that returns with the lock held. A function that takes
// the lock a writer holds is ordered after that writer's earlier
// critical sections, whatever it does once it has let go.
func (la *Analysis) Acquisitions(fn *ssa.Function, t Set) []ssa.Instruction {
	if !t.Known() {
		return nil
	}
	var out []ssa.Instruction
	for _, evs := range la.eventsOf(fn) {
		for i := range evs {
			ev := &evs[i]
			acq := la.Empty()
			switch {
			case ev.prim == lockAcquire && ev.lock >= pseudoLocks:
				acq.excl.set(ev.lock)
			case ev.prim == lockAcquireShared && ev.lock >= pseudoLocks:
				acq.shared.set(ev.lock)
			case ev.prim != 0:
				continue
			case ev.sync != nil:
				acq = la.effects[ev.sync].acq
			case ev.callee != nil:
				e, ok := la.effects[ev.callee]
				if !ok {
					continue
				}
				acq = e.acq
			default:
				continue
			}
			if la.Protects(acq, t) {
				out = append(out, ev.instr)
			}
		}
	}
	return out
}

// SharedOnly reports whether s holds some lock, and holds every lock
// it holds only for reading: the other holders of those locks may run
// alongside. The pseudo-locks count as exclusive.
func (la *Analysis) SharedOnly(s Set) bool {
	if !s.Known() || s.World() || s.Joined() {
		return false
	}
	excl, shared := false, false
	s.excl.each(func(i int) {
		if !la.joins.has(i) {
			excl = true
		}
	})
	s.shared.each(func(i int) {
		if i >= pseudoLocks && !la.joins.has(i) {
			shared = true
		}
	})
	return shared && !excl
}

// JoinedBy reports whether an access holding s has waited for a
// WaitGroup whose Done fn, or a function literal enclosing fn, calls.
func (la *Analysis) JoinedBy(s Set, fn *ssa.Function) bool {
	found := false
	la.joins.each(func(i int) {
		if found || !s.excl.has(i) {
			return
		}
		for f := fn; f != nil; f = f.Parent() {
			if la.doneBy[i][f] {
				found = true
				return
			}
		}
	})
	return found
}

// Entry returns the locks held on entry to fn.
func (la *Analysis) Entry(fn *ssa.Function) Set { return la.entry[fn] }

// Locks returns the locks of s that facts can name, held exclusively
// or, if !exclusive, shared: every lock but the pseudo-locks and the
// WaitGroups waited for, in the order of the universe.
func (la *Analysis) Locks(s Set, exclusive bool) []loc.Location {
	held := s.shared
	if exclusive {
		held = s.excl
	}
	var out []loc.Location
	held.each(func(i int) {
		if i >= pseudoLocks && !la.joins.has(i) {
			out = append(out, la.keys[i])
		}
	})
	return out
}
