// This file contains tests for the atomiccnt checker: a concurrent
// context's reads cross packages as facts. Stats.Snapshot runs on the
// exporter's goroutine; concuser increments Stats.Hits plainly.

package conclib

type Stats struct {
	Hits  int64 // want Hits:"concurrentread conclib.Stats.Snapshot@conclib.go:16"
	Drops int64 // want Drops:"concurrentread conclib.Stats.Snapshot@conclib.go:16"
}

// Snapshot is called by the stats exporter's goroutine.
//
//atomiccnt:concurrent called by the stats exporter's goroutine
func (s *Stats) Snapshot() (int64, int64) {
	return s.Hits, s.Drops // want `non-atomic read of Stats.Drops by Stats.Snapshot, which is written concurrently \(increment at conclib.go:20\)`
}

func (s *Stats) Drop() {
	s.Drops++ // want `non-atomic increment of Stats.Drops, which is read concurrently by Stats.Snapshot \(at conclib.go:16\)`
}

// Gauge is written plainly here, and read by a concurrent context in
// concuser, which the fact about the write tells.
type Gauge struct {
	Level int64 // want Level:`write \+=@conclib\.go:29`
}

func (g *Gauge) Raise() { g.Level += 2 }
