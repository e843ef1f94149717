// This file contains tests for the atomiccnt checker: objects that no
// other goroutine can reach because their function owns them, through
// linked objects, owned parameters and owned slices, and atomic
// accesses to owned objects, which race with nothing.

package ownership

import (
	"errors"
	"sync"
	"sync/atomic"
)

var nodes []*node

func keep(n *node) { nodes = append(nodes, n) }

// Linked objects: a tree and the nodes that point back to it.

type tree struct {
	size  int64
	root  *node
	nodes []*node
}

type node struct {
	tree *tree
	next *node
}

func (t *tree) Size() int64 { return atomic.LoadInt64(&t.size) }

// nope: the tree and its root point to each other, and neither has
// escaped.
func newTree() *tree {
	t := &tree{}
	t.root = &node{tree: t}
	t.size = 1
	return t
}

// nope: newTree links its objects and returns them fresh, so the
// caller owns the tree.
func growTree() *tree {
	t := newTree()
	t.size = 2
	return t
}

// nope: append holds the node it is given, and the slice goes into
// the tree.
func newForest() *tree {
	t := &tree{}
	t.nodes = append(t.nodes, &node{tree: t})
	t.size = 3
	return t
}

// Publishing a node publishes the tree it points to.
func publishRoot() {
	t := &tree{}
	n := &node{tree: t}
	t.root = n
	t.size = 1 // nope: before publication
	keep(n)
	t.size = 2 // want `non-atomic write to tree.size`
}

// So does publishing a node loaded from the tree once it is linked.
func publishLoaded() {
	t := &tree{}
	t.root = &node{tree: t}
	keep(t.root)
	t.size = 3 // want `non-atomic write to tree.size`
}

// And from the result of a constructor that links its objects.
func publishFromConstructor() {
	t := newTree()
	keep(t.root)
	t.size = 4 // want `non-atomic write to tree.size`
}

// A node that is already shared does not become the tree's own.
func linkShared() {
	t := &tree{}
	nodes[0].tree = t
	t.size = 5 // want `non-atomic write to tree.size`
}

// Owned parameters: functions that only this package calls, on objects
// their callers own.

type server struct {
	conns int64
	peers int64
	seen  int64
}

func (s *server) Conns() int64 { return atomic.LoadInt64(&s.conns) }
func (s *server) Peers() int64 { return atomic.LoadInt64(&s.peers) }
func (s *server) Seen() int64  { return atomic.AddInt64(&s.seen, 1) }

// nope: every caller of init owns the server it passes.
func (s *server) init() {
	s.conns = 0
	s.setPeers(1)
}

// nope: owned in turn, through init.
func (s *server) setPeers(n int64) { s.peers = n }

func newServer() *server {
	s := &server{}
	s.init()
	return s
}

var servers []*server

// reset has a caller that does not own the server.
func (s *server) reset() {
	s.conns = 0 // want `non-atomic write to server.conns`
}

func newServer2() *server {
	s := &server{}
	s.reset()
	return s
}

func restart() { servers[0].reset() }

// A go statement hands the object to another goroutine.
func (s *server) run() {
	s.peers = 2 // want `non-atomic write to server.peers`
}

func start() {
	s := &server{}
	go s.run()
}

// An owned parameter escapes like any object: after it, the callee
// does not own it either.
func (s *server) register() {
	s.conns = 1 // nope: not published yet
	servers = append(servers, s)
	s.conns = 2 // want `non-atomic write to server.conns`
}

func newRegistered() {
	s := &server{}
	s.register()
}

// Atomic accesses to owned objects race with nothing.

type gauge struct{ v int64 }

// nope: the atomic store is to a gauge its function owns.
func newGauge() *gauge {
	g := &gauge{}
	atomic.StoreInt64(&g.v, 1)
	return g
}

func (g *gauge) Value() int64 { return g.v }

type meter struct{ v int64 }

func newMeter() *meter {
	m := &meter{}
	atomic.StoreInt64(&m.v, 1)
	return m
}

func (m *meter) Mark() { atomic.AddInt64(&m.v, 1) }

func (m *meter) Value() int64 {
	return m.v // want `non-atomic read of meter.v, which is written atomically \(atomic.AddInt64 at ownership.go:\d+\)`
}

// Owned slices: the elements of a slice that an owned object holds.

type ring struct{ slots []uint64 }

func (r *ring) Load(i int) uint64 { return atomic.LoadUint64(&r.slots[i]) }

// nope: the ring is fresh, and its slots are its own.
func newRing(n int) *ring {
	r := &ring{slots: make([]uint64, n)}
	for i := range r.slots {
		r.slots[i] = uint64(i)
	}
	return r
}

func (r *ring) Reset() {
	for i := range r.slots {
		r.slots[i] = 0 // want `non-atomic write to an element of ring.slots`
	}
}

// A slice field that may hold a slice others hold owns no elements.

type window struct{ slots []uint64 }

var sharedSlots = make([]uint64, 8)

func (w *window) Add(i int) { atomic.AddUint64(&w.slots[i], 1) }

func (w *window) grow() { w.slots = append(w.slots, 0) }

func newWindow() *window {
	w := &window{slots: make([]uint64, 4)}
	w.grow()
	w.slots[0] = 1 // nope: only made for it, and grown by append
	return w
}

type tally struct{ counts []uint64 }

func (t *tally) Add(i int) { atomic.AddUint64(&t.counts[i], 1) }

func newTally() *tally {
	t := &tally{counts: sharedSlots}
	t.counts[0] = 1 // want `non-atomic write to an element of tally.counts`
	return t
}

// Calls that return an object pointing to their argument: the result
// is linked with the argument.

type pool struct {
	size    int64
	workers []*worker
}

type worker struct{ pool *pool }

func (p *pool) Size() int64 { return atomic.LoadInt64(&p.size) }

func newWorker(p *pool) *worker { return &worker{pool: p} }

func (p *pool) spawn() (*worker, error) { return &worker{pool: p}, nil }

// nope: each worker points to the pool, and goes into the pool.
func newPool() *pool {
	p := &pool{}
	p.workers = append(p.workers, newWorker(p))
	if _, err := p.spawn(); err != nil {
		return nil
	}
	p.size = 2
	return p
}

var workers []*worker

// The worker published publishes the pool.
func newPublishedPool() *pool {
	p := &pool{}
	w, _ := p.spawn()
	workers = append(workers, w)
	p.size = 1 // want `non-atomic write to pool.size`
	return p
}

// Methods of sync's types keep their receiver, and a deferred call
// that keeps the object publishes nothing.

type guarded struct {
	mu sync.Mutex
	n  int64
}

func (g *guarded) Add() { atomic.AddInt64(&g.n, 1) }

// A deferred call runs when its object may have been published: its
// parameter is not owned.
func (g *guarded) lockAndSet() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n = 1 // want `non-atomic write to guarded.n`
}

// nope: locking the guard's mutex does not publish the guard.
func newGuarded() *guarded {
	g := &guarded{}
	g.mu.Lock()
	g.n = 2
	g.mu.Unlock()
	defer g.lockAndSet()
	g.n = 3
	return g
}

var guards []*guarded

func (g *guarded) publish() { guards = append(guards, g) }

// A deferred call that publishes the object does so at the latest when
// it runs: the analysis takes it at the defer statement.
func deferPublish() {
	g := &guarded{}
	defer g.publish()
	g.n = 4 // want `non-atomic write to guarded.n`
}

// A call that keeps the object and returns something else does not
// link its result with it.

type stats struct{ sent, recv uint64 }

func (s *stats) snapshot() *stats {
	d := &stats{}
	d.sent = atomic.LoadUint64(&s.sent)
	d.recv = atomic.LoadUint64(&s.recv)
	return d
}

var snapshots []*stats

// nope: the snapshot holds copies of the counters, not the stats.
func newStats() *stats {
	s := &stats{}
	snapshots = append(snapshots, s.snapshot())
	s.sent = 1
	return s
}

// Function literals that capture the object: called here, they keep
// it; started as goroutines or kept, they publish it.

type cache struct {
	mu   sync.Mutex
	hits int64
}

func (c *cache) Hit() { atomic.AddInt64(&c.hits, 1) }

// nope: the literals are only called, and only lock and count.
func newCache() *cache {
	c := &cache{}
	withLock := func() {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	withLock()
	defer func() { c.mu.Unlock() }()
	c.mu.Lock()
	c.hits = 1
	return c
}

var hooks []func()

func hookedCache() *cache {
	c := &cache{}
	hooks = append(hooks, func() { c.Hit() })
	c.hits = 2 // want `non-atomic write to cache.hits`
	return c
}

func startedCache() *cache {
	c := &cache{}
	go func() { c.Hit() }()
	c.hits = 3 // want `non-atomic write to cache.hits`
	return c
}

func leakyCache() *cache {
	c := &cache{}
	func() { keepCache(c) }()
	c.hits = 4 // want `non-atomic write to cache.hits`
	return c
}

var caches []*cache

func keepCache(c *cache) { caches = append(caches, c) }

// A method whose receiver a called literal captures keeps it.
func (c *cache) lockedInit() {
	do := func() {
		c.mu.Lock()
		c.mu.Unlock()
	}
	do()
	if c == nil {
		c = &cache{}
	}
}

// nope: lockedInit keeps its receiver.
func newCache2() *cache {
	c := &cache{}
	c.lockedInit()
	c.hits = 5
	return c
}

// nope: the body of a range-over-func loop runs while the loop does.
func newCache3(keys func(func(string) bool)) *cache {
	c := &cache{}
	for range keys {
		c.mu.Lock()
		c.mu.Unlock()
	}
	c.hits = 6
	return c
}

// Constructors that return their object in an interface, and objects
// that a method stores into another argument's object.

type Metric interface{ Value() int64 }

type selfRef struct{ self Metric }

func (r *selfRef) init(self Metric) { r.self = self }

type counter struct {
	selfRef
	n int64
}

func (c *counter) Inc()         { atomic.AddInt64(&c.n, 1) }
func (c *counter) Value() int64 { return atomic.LoadInt64(&c.n) }

// nope: init stores the counter into its own selfRef.
func NewCounter() Metric { // want NewCounter:"fresh"
	c := &counter{}
	c.init(c)
	c.n = 1
	return c
}

// nope: the test owns the counter that NewCounter returns.
func useCounter() int64 {
	c := NewCounter().(*counter)
	c.Inc()
	return c.n
}

var metrics []Metric

// The interface published, what an assertion takes out of it is shared.
func publishThenAssert() int64 {
	m := NewCounter()
	metrics = append(metrics, m)
	c := m.(*counter)
	c.Inc()
	return c.n // want `non-atomic read of counter.n`
}

// init's argument stored into a shared object publishes it.
func sharedSelf() {
	c := &counter{}
	(&selfRef{}).init(c)
	metrics[0].(*counter).init(c)
	c.n = 2 // want `non-atomic write to counter.n`
}

// An interface that escapes publishes its object.
func publishInterface() {
	c := &counter{}
	metrics = append(metrics, c)
	c.n = 3 // want `non-atomic write to counter.n`
}

// A constructor may fail: return nil, err gives the caller no object.

type encoder struct{ last int64 }

func (e *encoder) encode() { atomic.SwapInt64(&e.last, 1) }

func NewEncoder(n int) (*encoder, error) { // want NewEncoder:"fresh"
	if n <= 0 {
		return nil, errors.New("no shards")
	}
	return &encoder{}, nil
}

// nope: the caller owns the encoder that NewEncoder returns.
func useEncoder() {
	e, err := NewEncoder(1)
	if err != nil {
		return
	}
	e.encode()
	e.last -= 2
}

var encoders []*encoder

// Not a constructor: one of its returns gives an object others hold.
func encoderFor(n int) *encoder {
	if n < len(encoders) {
		return encoders[n]
	}
	if n < 0 {
		return nil
	}
	return &encoder{}
}

func useEncoderFor() {
	e := encoderFor(1)
	e.encode()
	e.last -= 2 // want `non-atomic update \(-=\) of encoder.last`
}

// Owning fields: an unexported pointer field that only ever holds an
// object allocated for it, and whose loads go nowhere, owns that
// object: whoever owns the holder owns it too.

type hits struct{ n int64 }

type frontend struct {
	hits *hits // owns its object
}

func newFrontend() *frontend { return &frontend{hits: &hits{}} }

func (f *frontend) Hit() { atomic.AddInt64(&f.hits.n, 1) }

func (f *frontend) reset() { f.hits = &hits{} }

// nope: the caller owns the frontend, so it owns its hits too.
func useFrontend() int64 {
	f := newFrontend()
	f.Hit()
	f.reset()
	f.Hit()
	return f.hits.n
}

var frontends []*frontend

// The frontend published, its hits are shared too.
func publishFrontend() int64 {
	f := newFrontend()
	frontends = append(frontends, f)
	return f.hits.n // want `non-atomic read of hits.n`
}

// A field that may hold an object others hold owns nothing.

type backend struct {
	hits *hits
}

var sharedHits = &hits{}

func newBackend() *backend { return &backend{hits: &hits{}} }

func (b *backend) Hit()   { atomic.AddInt64(&b.hits.n, 1) }
func (b *backend) share() { b.hits = sharedHits }

func useBackend() int64 {
	b := newBackend()
	b.share()
	b.Hit()
	return b.hits.n // want `non-atomic read of hits.n`
}

// Nor does one whose pointer is handed out.

type proxy struct {
	hits *hits
}

func newProxy() *proxy { return &proxy{hits: &hits{}} }

func (p *proxy) Hit()         { atomic.AddInt64(&p.hits.n, 1) }
func (p *proxy) Stats() *hits { return p.hits }

func useProxy() int64 {
	p := newProxy()
	p.Hit()
	return p.hits.n // want `non-atomic read of hits.n`
}

// Nor one of a struct that is copied whole: the copy shares the object.

type relay struct {
	hits *hits
}

func newRelay() *relay { return &relay{hits: &hits{}} }

func (r *relay) Hit() { atomic.AddInt64(&r.hits.n, 1) }

var relays []relay

func useRelay() int64 {
	r := newRelay()
	relays = append(relays, *r)
	r.Hit()
	return r.hits.n // want `non-atomic read of hits.n`
}

// A struct copied whole copies the pointers it holds: startEngine publishes
// the handler through the copy of the literal in eng.

type handler struct{ n int64 }

func (h *handler) Inc() { atomic.AddInt64(&h.n, 1) }

type engineState struct {
	h    *handler
	name string
}

var engines []*engineState

func startEngine(h *handler, name string) {
	eng := engineState{h: h, name: name}
	engines = append(engines, &eng)
}

func useStart() int64 {
	h := &handler{}
	startEngine(h, "e")
	h.Inc()
	return h.n // want `non-atomic read of handler.n`
}
