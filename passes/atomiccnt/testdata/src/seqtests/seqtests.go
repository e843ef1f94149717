// Package seqtests contains tests for the atomiccnt checker: go test
// runs top-level tests and benchmarks one at a time (see seq_test.go).
package seqtests

import "sync/atomic"

var hits int64

// Bump may run anywhere, during any test.
func Bump() { atomic.AddInt64(&hits, 1) }
