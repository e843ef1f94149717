// This file contains tests for the atomiccnt checker's pre-scan.
//
// The package holds lib.Stats by value, as a field, but never loads or
// stores the whole struct: it selects fields, takes the address and
// calls pointer methods. Nothing here can race with lib's atomic adds,
// so the pre-scan spares the package the SSA analysis.

package inplace

import "prescan/lib"

type server struct {
	stats lib.Stats
	name  string
}

func (s *server) hit() { s.stats.Inc() }

func (s *server) handle() *lib.Stats { return &(s.stats) }

func (s *server) dropped() int64 { return s.stats.Dropped }

func newServer() *server { return &server{stats: lib.Stats{Dropped: 1}} }

var _ *lib.Stats

func use(*lib.Stats) {}

func pass(s *server) { use(&s.stats) }
