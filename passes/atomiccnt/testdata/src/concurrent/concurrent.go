// This file contains tests for the atomiccnt checker: functions marked
// //atomiccnt:concurrent, which run concurrently with the rest of the
// program, such as a metrics scrape on the exporter's goroutine. No
// access to the counters they read is atomic.

package concurrent

import "sync"

type Server struct {
	mu       sync.Mutex
	requests int64 // counted by handle, read by scrape
	errors   int64 // counted under mu, read by scrape under mu
	state    int32 // set to constants: not a counter
	ticks    int64 // read by watchdog, deliberately without care
	conns    []int
	nconns   int // an index
}

var srv Server

func init() {
	srv.requests = 100 // nope: package initialisation
}

func newServer() *Server {
	s := &Server{}
	s.requests = 10 // nope: the server is not published yet
	return s
}

func (s *Server) handle(failed bool) {
	s.requests++ // want `non-atomic increment of Server.requests, which is read concurrently by Server.scrape \(at concurrent.go:52\)`
	if failed {
		s.mu.Lock()
		s.errors++ // nope: scrape reads errors holding s.mu
		s.mu.Unlock()
	}
	s.state = 2 // nope: not a counter
}

func (s *Server) accept(c int) {
	s.conns[s.nconns] = c
	s.nconns = s.nconns + 1 // want `non-atomic write to Server.nconns, which is read concurrently by Server.scrape \(Server.open at concurrent.go:62\); no fix \(sync/atomic has no add for int\)`
}

// scrape reports the server's counters.
//
//atomiccnt:concurrent called by the metrics exporter's goroutine
func (s *Server) scrape() (int64, int64, int32, int) {
	// want +1 `non-atomic read of Server.requests by Server.scrape, which is written concurrently \(increment at concurrent.go:33\)`
	r := s.requests
	s.mu.Lock()
	e := s.errors // nope: under s.mu, like every write
	s.mu.Unlock()
	return r, e, s.state, s.open() // nope: state is not a counter
}

// open runs concurrently too: scrape calls it.
func (s *Server) open() int {
	// want +1 `non-atomic read of Server.nconns by Server.scrape, which is written concurrently \(write at concurrent.go:44\); no fix \(sync/atomic has no load for int\)`
	return s.nconns
}

func (s *Server) tick() {
	s.ticks++ // nope: the only concurrent read is covered by an ignore directive
}

//atomiccnt:concurrent called by the watchdog goroutine
func (s *Server) watchdog() int64 {
	return s.ticks //atomiccnt:ignore a stale count only delays the watchdog
}

// want +2 `malformed //atomiccnt:concurrent directive: missing reason`
//
//atomiccnt:concurrent
func unmarked(s *Server) int64 {
	return s.requests // nope: the directive without a reason marks nothing
}

func misplaced() {
	// want +1 `//atomiccnt:concurrent directive outside a function's doc comment marks nothing`
	//atomiccnt:concurrent the directive goes in a doc comment
}

// A Batch counts the jobs it ran. Waiting for a WaitGroup orders a
// function after the goroutines that signal it, not after another
// function that waits for the same group: finish and progress both
// return from Wait and then run at the same time.
type Batch struct {
	wg   sync.WaitGroup
	runs int64
}

func (b *Batch) finish() {
	b.wg.Wait()
	b.runs++ // want `non-atomic increment of Batch.runs, which is read concurrently by Batch.progress \(at concurrent.go:\d+\)`
}

//atomiccnt:concurrent called by the progress bar's goroutine
func (b *Batch) progress() int64 {
	b.wg.Wait()
	// want +1 `non-atomic read of Batch.runs by Batch.progress, which is written concurrently \(increment at concurrent.go:\d+\)`
	return b.runs
}
