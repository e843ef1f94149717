// This file contains tests for the golangci-lint plugin's settings.

package stats

import "sync/atomic"

type Stats struct{ n int64 } // want n:"atomicwrite atomic.AddInt64@stats.go:9"

func (s *Stats) Add() { atomic.AddInt64(&s.n, 1) }

func (s *Stats) Reset() { s.n = 0 } // want `non-atomic write to Stats.n`

func (s *Stats) Count() int64 { return s.n } // want `non-atomic read of Stats.n`
