// Package atomiccnt defines an Analyzer that reports memory locations
// accessed both through atomic operations and through plain loads and
// stores.
//
// # Analyzer atomiccnt
//
// atomiccnt: report variables accessed both atomically and non-atomically
//
// A struct field, package-level variable, or element of an array or
// slice held by one (or pointed to by one, p *[n]T), that the program accesses with a function of
// sync/atomic (or of the runtime's internal/runtime/atomic, formerly
// runtime/internal/atomic) is shared between goroutines: that is why
// the atomic operation is there. Under the Go memory model a plain
// access to the same memory that is not ordered with the atomic one by
// a happens-before edge is a data race: a plain write may be torn,
// reordered or kept in a register, and a plain read may see a stale or
// torn value.
//
// The analyzer records every atomic and plain access to each location,
// in the package being analysed and, through facts, in the packages it
// imports. A location is a field (one location for every object of the
// struct type, and every instantiation of a generic type, but distinct
// for each container that holds the struct by value: a field, a
// variable, or the arrays of slices), a package-level
// variable, or the elements of either. A container whose package never
// lets its address out (an unexported field or variable that code only
// selects within, loads or assigns whole, or lends to a function of the
// package that only ever receives it and also only selects within it)
// is sealed: no pointer reaches
// it, so a pool's counters, kept atomically in a stats struct it holds
// by value, do not meet the plain reads of the snapshots of the same
// type that it returns. So is an unexported pointer field or variable
// that holds an object allocated for it alone and is only dereferenced
// or compared. A function of the package that returns the address of a
// struct that a field or variable holds, or of an element of the array
// it holds (return &m.stats[gen]), returns a pointer into that
// container at every call, and what its callers select through the
// result is in it: distinct memory, which cannot race with the other
// containers' accesses. Likewise, the result of a function that returns
// an object it allocates, or another such function's result, is in no
// field or variable that holds a struct by value. Facts carry both to
// the packages that import the function's. It reports a plain access that may race with an
// atomic one:
//
//   - a plain write, against any atomic access;
//   - a plain read, against an atomic write, unless -reads=false (two
//     reads never race; a plain read racing with a plain write is
//     reported at the write);
//   - a copy of a whole struct, which reads or writes every field
//     (category structcopy);
//   - a plain write in an imported package that could not see the atomic
//     access, reported at the atomic access (category importedwrite).
//
// Calls count as the accesses the callee makes through its pointer
// parameters, so a helper such as func inc(p *uint32) {
// atomic.AddUint32(p, 1) }, or a method of type flag int32 that loads
// its receiver atomically, makes inc(&x.n) an atomic access to x.n, in
// this package and in those that import it.
//
// Typed atomics (atomic.Int32 and the like) cannot be accessed plainly
// and are never reported; they are the usual fix.
//
// # Examples
//
// The Go runtime's finalizer queue, before commit d3836aba
// (golang.org/issue/17503), kept the count of each block in a field
// that the garbage collector read while the mutator updated it:
//
//	type finblock struct {
//		cnt uint32
//		...
//	}
//
//	func markroot(...) {
//		for fb := allfin; fb != nil; fb = fb.alllink {
//			cnt := uintptr(atomic.Load(&fb.cnt))
//			...
//		}
//	}
//
//	func queuefinalizer(...) {
//		...
//		finq.cnt++ // non-atomic increment of finblock.cnt, which is accessed atomically (atomic.Load at mgcmark.go:N)
//	}
//
// The fix made the writes atomic.Xadd(&finq.cnt, +1) and
// atomic.Store(&fb.cnt, i-1).
//
// In ordinary code the same race hides behind a getter:
//
//	func (s *Stats) Add()         { atomic.AddInt64(&s.n, 1) }
//	func (s *Stats) Count() int64 { return s.n } // non-atomic read of Stats.n, which is written atomically
//
// # Exemptions
//
// Two accesses race only if nothing orders them. An access is not
// reported when one of these rules, each a happens-before argument,
// orders it with every atomic access it could race with:
//
//   - Owned objects. It goes through a pointer to an object that its
//     function owns and that has not yet escaped (been passed to a call
//     that may keep it, stored where others can reach it, returned,
//     sent or captured; a call keeps what its callee, in this package
//     or, by facts, in another, may let escape, and a call of a
//     function value or an interface method keeps every argument, but
//     reflect.DeepEqual, reflect.TypeOf and runtime.KeepAlive, which
//     only inspect their arguments on the calling goroutine, keep
//     none; merging the pointer with others in a variable is not an
//     escape, what is done with the variable is): no
//     other goroutine can reach it, and the store
//     or send that publishes it orders everything before with everything
//     after. A function owns the objects it allocates (new(T), &T{...},
//     a local variable, make, or the result of a constructor: a
//     function, in this package or another, that returns an object
//     nothing else holds, or nil, directly or in an interface that a
//     type assertion takes it out of, as (*sync.Pool).Get does: the Put
//     that gave the object back synchronizes before the Get that takes
//     it out, and the putter no longer holds it); the objects that every call of it passes
//     while owning them, when only this package calls it, and only
//     directly (c.init() on a c its creator has just made); for a
//     function literal that its creator only calls, what the creator
//     owns at every call (t.Run(name, f) is a call of f: Run returns
//     when f has, unless f calls t.Parallel); and what the owning
//     fields of its owned objects hold (s.st.hits, b.slots[i]): an
//     owning field is an unexported pointer or slice field that the
//     package only ever sets to an object or a slice made for it alone
//     (s.st = &stats{}, b.slots = make(...), or append to it), whose
//     loads it only dereferences, indexes or passes to calls that keep
//     them, and whose struct it never copies whole. A variable rebound
//     to an owned object under a condition holds that object where the
//     branches taken fix the condition the same way (if isq { sub =
//     &copy }; ...; if isq { sub.qw = w }), since a value computed
//     once, or a captured variable assigned once before, cannot change
//     between the two branches.
//   - Linked objects. Storing a pointer to an owned object into another
//     object the function allocated (t.root = &node{tree: t}), or
//     passing it to a call that returns an object pointing to it or
//     stores it into the object of another argument of the same group
//     (c.init(c)), does not publish it: the objects can reach each
//     other, and are published together, where any of them is.
//   - Owned atomics. An atomic access to an owned object races with
//     nothing, so it is not the other side of a race either: a
//     constructor may initialise a counter atomically.
//   - Exclusive phases. It runs when no other goroutine of the program
//     can: during package initialisation, in main before its first go
//     statement (or a call that starts a goroutine), or, in the runtime,
//     between stopping and starting the world, and in functions that
//     assert the world is stopped (assertWorldStopped) and what only
//     they call, and in a function whose one use is to be registered
//     as a pool cleanup (sync.runtime_registerPoolCleanup, in sync or
//     through a linkname to it), which the runtime calls at the start
//     of each collection with the world stopped, and what only it
//     calls. An atomic access in an exclusive phase races with
//     nothing either. Stopping the world stops the Ps, not the threads
//     that run without one: an access in a runtime function whose doc
//     comment says it may run without a P or with the world stopped
//     ("Always runs without a P", "the world may be stopped": sysmon,
//     the signal handlers, an M that dropped its P), unless it is handed
//     a P (pp *p), or in a function such a function calls directly,
//     races with the accesses of the stopped world.
//   - Locks. It holds a lock that the conflicting atomic accesses hold
//     too, one of them exclusively: sync.Mutex and sync.RWMutex
//     (deferred unlocks included), the runtime's lock and rwmutex, and
//     any type with methods Lock and Unlock (RLock and RUnlock) without
//     parameters, as sync.Locker has: a mutex of the code's own, in any
//     package.
//     The locks held are a must-hold dataflow over the function,
//     through helpers that lock and unlock, and into functions that only
//     this package calls, always with the lock held (or that assert it,
//     as the runtime's assertLockHeld does); a deferred call runs
//     holding what every point after its defer statement holds, but for
//     the locks that a call deferred after it releases, which runs
//     first. A lock is identified by
//     where it lives, or where the pointer to it does (mu *sync.Mutex):
//     a field of a type, or a package-level variable. A function holds
//     from its entry the locks its doc comment says its callers hold:
//     gVisor checklocks' +checklocks:b.mu and +checklocksread:b.mu
//     (b its receiver or a parameter), and the convention "Lock should
//     be held" ("Read lock should be held", "Lock is held on entry"),
//     which names the receiver's lock if its struct has exactly one
//     (see docs/triage.md for its precision). A call of a function
//     annotated +checklocksacquire:b.mu (+checklocksacquireread) returns
//     holding b.mu, and one of a function annotated +checklocksrelease:b.mu
//     (+checklocksreleaseread), which holds it from its entry, returns
//     without it, whatever its body shows; +checklocksalias:a.b.mu=a.mu
//     makes holding either lock on entry hold both. An atomic write of a
//     field annotated +checklocks:mu (mu a lock of the same struct,
//     or a path of its fields to one, with +checkatomic or without)
//     holds mu, as the annotation says every write does, where the
//     analysis does not see it taken. A write that
//     holds every lock it holds only for reading (RLock) is not spared:
//     the other holders of the read lock run the same write at once.
//   - The writer reading back. A plain read in a function that itself
//     writes the location, through the same object, reads back its own
//     value when it uses what it reads (a write's value is computed from
//     the read, a write runs before the read on every path to it, or the
//     write holds a lock the read holds), no write of
//     the function holds a lock the read does not hold or is a
//     read-modify-write without one (both say that copies of the
//     function run at once), and every write elsewhere holds a lock the
//     read holds or that its function takes before it (the lock under
//     which the object was handed over), or stores a value computed from
//     its own function's read of the location (an owner the object was
//     handed to). This is the owner of
//     a queue reading its own tail, or the finalizer queue's count read
//     under the lock that orders its writers; a helper that stores a
//     value its read does not give (if c.last != now), or the unlocked
//     fast path of a once, is reported.
//   - Joined goroutines. It follows a wait for the goroutines the
//     function started (sync.WaitGroup.Wait, errgroup.Group.Wait), and
//     the conflicting atomic accesses are made by those goroutines: the
//     fork-join pattern, where workers count atomically and the caller
//     reads the total after the wait.
//   - Local objects. The object the access goes through is allocated by
//     a function and shared only with function literals it starts or
//     calls: an atomic access in any other function cannot reach it.
//   - Separate tests. It is in a top-level test, benchmark, example or
//     fuzz target of a _test.go file (or in a literal or goroutine
//     within one), and so is each conflicting atomic access, in another:
//     go test runs them one at a time, unless both tests call
//     t.Parallel. Nor does a test run alongside itself: an access and an
//     atomic one in the body of the same test (not in a literal within
//     it) run one after the other on its goroutine.
//   - Crash paths. It is a read on a path that can only end in a panic or
//     in a call that does not return (throw, log.Fatal, os.Exit): the
//     value only feeds an error message on the way to a crash.
//   - An //atomiccnt:ignore directive covers it (see Suppression).
//
// With -explain, each plain access that these rules spare is reported
// in category explain, naming the rule, so that the rules can be
// audited.
//
// # Confidence
//
// Each report of a race is of high or low confidence, as evidence rules
// decide; the analyzer reports the high tier. -confidence=low reports
// both, each low report saying why it is low, and the atomiccntaudit
// analyzer (package passes/atomiccntaudit) reports the low tier alone,
// for drivers that enable analyzers by name. With -explain, every report
// is followed by its tier and evidence, and each left-out report is
// explained. The rules, each with its precision on the triaged corpus:
//
//   - Test files. A report whose plain access is in a _test.go file is
//     low: go test -race finds the races that tests run into, and on
//     the corpus 8 of 109 such reports were true races (7%), against 37
//     of 142 elsewhere (26%).
//
// # Suppression
//
// A comment of the form
//
//	//atomiccnt:ignore reason
//
// suppresses the reports on its own line, or on the next line when the
// comment stands on a line of its own; in the doc comment of a
// function, it suppresses every report in the function. The reason is
// required and should say why the access is safe. A directive without
// one suppresses nothing and is itself reported.
//
// A hand-off that the code does not show (an object passed on through a
// worker pool or a channel chain, whose sender no longer uses it) is
// stated in the doc comment of the function that receives it:
//
//	//atomiccnt:handoff buf the caller must not use buf after the call
//
// The function owns what its parameter (or receiver) buf points to from
// its entry, whoever calls it, and a call in the package that goes on
// using its argument is reported (category handoff).
//
// # Baselines
//
// A project that adopts the analyzer with reports it has judged and
// accepted keeps them in a baseline file, and -baseline=FILE reports
// only the rest. atomiccnt -write-baseline=FILE ./... writes one, with
// an entry for the reports of each package, file, function, category
// and location as the code writes it (line numbers are not part of an
// entry, so it survives edits that move lines), the number of such
// reports it accepts, and, after a '#', the reason, which a later
// -write-baseline keeps, as it keeps the entries of packages it does
// not analyse. Under go vet, give the file's absolute path:
// each package is analysed in its own directory.
//
// Where there are more reports of an entry than it accepts, all of
// them are reported, since nothing tells the new one apart. An entry
// that accepts more reports than there are is itself reported, in
// category baseline, at its line of the file, so that the baseline
// shrinks as the code is fixed. An entry is checked only by an
// analysis that has its file: without -test, the entries of test files
// are neither used nor found stale. With -explain, each report that the
// baseline accepts is reported in category explain, with its entry's
// line and reason.
//
// # Concurrent contexts
//
// Before any access to a shared counter is atomic, nothing in the code
// says that it is shared, except who reads it. In 2016 the runtime's
// queuefinalizer did finq.cnt++ under finlock, runfinq did
// fb.cnt = i - 1, and the garbage collector's markroot read fb.cnt
// plainly to size its scan of the block, concurrently with both:
//
//	finq.cnt++ // non-atomic increment of finblock.cnt, which is read concurrently by the garbage collector (markroot at mgcmark.go:N)
//
// A concurrent context is code that runs at the same time as the rest
// of the program with no happens-before edge to it:
//
//   - the Go runtime's garbage collector: the mark worker, its drain
//     loops, markroot and the scan functions, named in a table, and the
//     functions of the runtime that only they call. Code that runs with
//     the world stopped is not part of it. Of the collector's reads,
//     only those of memory reached from a package-level variable count
//     (allfin.alllink.cnt, not gp.stack.lo of a goroutine it suspended):
//     the structures the collector reaches through parameters and calls
//     are guarded by protocols (a P's ownership, span states, suspendG)
//     that the analysis does not model.
//   - a function whose doc comment carries an //atomiccnt:concurrent
//     directive with a reason (as for ignore directives), and every
//     function of its package that it calls;
//   - with -goroutines, the functions that go statements start, except
//     for the writes that happen before the go statement in the
//     function that executes it.
//
// A metrics scrape that runs on the exporter's goroutine is marked so:
//
//	//atomiccnt:concurrent called by the metrics exporter's goroutine
//	func (s *Server) scrape() Stats { ... }
//
// A location that a concurrent context reads, plainly or atomically,
// and that other code writes plainly, without a lock that the read
// holds too and outside the exclusive phases, is reported: each plain
// write (category concurrentwrite) and each of the context's plain
// reads (category concurrentread). The context's own writes are not
// reported. By default only counter-like integer locations are
// considered: incremented or decremented (x++, x -= n, x = y + 1, an
// atomic add), or used as an index, a slice bound or a length;
// -allconcurrent considers every location. A read covered by an ignore
// directive does not count. Facts carry a context's reads of exported
// locations to the packages that import its package.
//
// # Suggested fixes
//
// Each report of a plain access carries up to two fixes, meant to be
// safe to apply without review (atomiccnt -fix, or an editor's quick
// fix): the result compiles, and the analyzer no longer reports it.
//
// The first makes the access a call of the atomic package the file
// already imports (in the runtime, its own; elsewhere sync/atomic,
// imported if need be): x.f++ becomes atomic.AddInt32(&x.f, 1), x.f -= n
// on a uint32 atomic.AddUint32(&x.f, ^uint32(n-1)), x.f = v a store, a
// read a load. The function is looked up in the package as the file's
// Go version sees it, so Or and And need Go 1.23. A single statement
// becomes one atomic operation; two statements stay two. A write that
// becomes the location's first atomic write also makes the package's
// unexempted plain reads of it atomic, since they would now race with
// an atomic write.
//
// The second changes an unexported field or variable to a typed atomic
// (atomic.Int32) and rewrites every access in the package as a method
// call. It is not offered where it could break the program: when the
// location is exported, its address is taken for anything but an
// atomic call, a value of its struct is copied or compared, or a
// composite literal sets it; nor by an analysis of a package without
// the test files in its directory, which may use it (drivers also
// analyse the package with them, and that analysis decides). Where the
// atomic package has neither typed atomics nor functions for the location's type but has them for the
// other signedness (the runtime of 2016 took *uint32, not *int32), the
// second fix changes the type instead, int32 to uint32 as the fix of
// golang.org/issue/17503 did, and makes every access a call: reads
// int32(atomic.Load(&x.f)), writes atomic.Store(&x.f, uint32(v)),
// increments atomic.Xadd(&x.f, +1).
//
// Neither fix splits an update and a later read of its result in the
// same function ("n++; if n%10 == 0", "atomic.AddInt64(&n, 1); if n >
// max") into two atomic operations: another goroutine's update could
// fall between them, so the message says to use the add's result.
//
// Where neither fix is certainly correct, the message ends with the
// reason, as in "; no fix (no atomic operation does *=)".
//
// # Category plainwrite
//
// A plain write to a location that is accessed atomically elsewhere.
//
// The write is x.f = v, x.f++, x.f += n, x.f |= m, or a copy of a whole
// array. Every write to a location shared between goroutines must be
// atomic, or be ordered with all other accesses by a lock or another
// happens-before edge: an atomic reader does not make a plain writer
// safe. Use the atomic function matching the read-modify-write
// (atomic.AddUint32(&x.f, 1) for x.f++), or change the field's type to a
// typed atomic such as atomic.Uint32.
//
// # Category plainread
//
// A plain read of a location that is written atomically elsewhere.
//
// The reader races with the atomic writers and may see a stale or torn
// value. Read it with the matching atomic load (atomic.LoadInt64(&s.n)).
// Use -reads=false to report only writes.
//
// # Category structcopy
//
// A copy of a whole struct that includes a field accessed atomically elsewhere.
//
// The copy is snap := *s.stats, passing *p by value, calling a method
// with a value receiver through a pointer, or assigning *s = Stats{}.
// It reads (or writes) every field plainly, so it races with the atomic
// accesses just as a plain access to the field would. Copy the fields
// one by one with atomic loads, or make the field a typed atomic, which
// go vet's copylocks check then keeps from being copied.
//
// # Category concurrentwrite
//
// A plain write to a counter that a concurrent context reads.
//
// The concurrent context (the garbage collector, a function marked
// //atomiccnt:concurrent) reads the counter (with -allconcurrent, any
// location) without a lock the write holds. No access to the counter
// need be atomic: the concurrent read makes it shared, and the write
// races with it. Make the write and the read atomic
// (atomic.AddInt64(&s.n, 1) for s.n++, atomic.LoadInt64(&s.n) for the
// read), change the field to a typed atomic, or hold the same lock on
// both sides.
//
// # Category concurrentread
//
// A concurrent context's plain read of a counter that other code writes plainly.
//
// The other code writes it without a lock the read holds: the read may
// see a torn or stale value. Read it atomically, and make the writes
// atomic too. Use -reads=false to report only writes.
//
// # Category importedwrite
//
// An atomic access to a variable that an imported package writes plainly.
//
// The imported package could not see this package's atomic access when
// it was analysed, so the conflict is reported here, at the atomic
// access, naming the plain write. The fix belongs in the imported
// package: its writes must become atomic too.
//
// # Category contract
//
// A call that does not hold a lock its callee's checklocks annotation requires.
//
// A function annotated +checklocks:b.mu (or +checklocksread:b.mu, or
// +checklocksrelease:b.mu, which also says it lets the lock go) says
// that its callers hold that lock (at least for reading), and the
// analysis takes it as held in the function's body, where the plain
// accesses it spares are ordered by it. A call made without it breaks
// that contract: take the lock around the call, or correct the
// annotation. As in checklocks, a function literal holds what its maker
// holds where it makes it, and a go statement holds no lock. Deferred
// calls, the calls of functions annotated +checklocksignore, and calls
// on a line that a +checklocksforce comment covers (for a literal that
// runs under the lock where the analysis cannot see it) are not
// checked.
//
// # Category handoff
//
// A call that hands an object over, as its callee's atomiccnt:handoff directive says, and then uses it.
//
// A function whose doc comment says //atomiccnt:handoff p reason owns
// what its parameter p points to from its entry, as it owns what it
// allocates: its callers hand the object over and let go of it, and
// its plain accesses to it are not reported. A call in the package
// that uses the same argument after the call, before or after the
// function returns, has not let go of it: stop using it, or correct the
// directive. A deferred call hands the object over at the function's
// exit and is not checked.
//
// # Category explain
//
// With -explain, a plain access that is not reported, and the rule that spared it.
//
// The access is to an atomically accessed location, and the rule is one
// of the exemptions: an owned object, an exclusive phase, a directive, a
// lock that every conflicting atomic access holds too, the writer
// reading back its own value, atomic accesses only to owned objects or
// to other memory, such as a sealed container. For a reported access,
// an explain report gives its tier and the evidence for it, and why its
// memory counts as shared: for an object that its function owned,
// where the object was published. Where the access or the atomic access
// it races with holds a lock, it names the locks of both, which the lock
// rule found not to exclude each other. Use it to audit the analyzer's
// exemptions.
//
// # Category baseline
//
// An entry of the -baseline file that accepts more reports than there are.
//
// The reports it accepted are gone, fixed or spared by a rule, or fewer
// remain: remove the entry, or lower its count, or write the baseline
// again with -write-baseline.
//
// # Category directive
//
// An atomiccnt directive without a reason, or out of place.
//
// An //atomiccnt:ignore, //atomiccnt:concurrent or //atomiccnt:handoff
// directive without a reason, an //atomiccnt:concurrent or
// //atomiccnt:handoff directive outside a function's doc comment, or a
// hand-off that names no pointer parameter of its function, has no
// effect until it says why the access is safe, why the function runs
// concurrently, or what it takes over. Neither does a comment written
// as one with a space after the slashes ("// atomiccnt:ignore reason"),
// which is a comment, not a directive, as for //go: directives.
package atomiccnt
