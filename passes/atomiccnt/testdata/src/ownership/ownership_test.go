package ownership

import (
	"sync/atomic"
	"testing"
)

// Function literals and subtests that a test runs on an object it owns.

type probe struct{ n int64 }

func newProbe() *probe { return &probe{} }

func (p *probe) Inc() { atomic.AddInt64(&p.n, 1) }

var probes []*probe

// nope: check is only called, while the test owns p.
func TestCalledLiteral(t *testing.T) {
	p := newProbe()
	check := func() {
		if p.n != 1 {
			t.Fatal("count")
		}
	}
	p.Inc()
	check()
}

// nope: t.Run returns when the subtest has, so the test still owns p.
func TestSubtest(t *testing.T) {
	p := newProbe()
	t.Run("inc", func(t *testing.T) {
		p.Inc()
		_ = p.n
	})
	_ = p.n
}

// A parallel subtest runs after t.Run returns.
func TestParallelSubtest(t *testing.T) {
	p := newProbe()
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p.Inc()
			_ = p.n // want `non-atomic read of probe.n`
		})
	}
}

// A literal that assigns the variable may give it any object.
func TestReassigned(t *testing.T) {
	p := newProbe()
	swap := func() {
		p = probes[0]
		_ = p.n // want `non-atomic read of probe.n`
	}
	p.Inc()
	swap()
}

// A literal that also runs elsewhere does not run on the test's object alone.
func TestStartedLiteral(t *testing.T) {
	p := newProbe()
	read := func() { _ = p.n } // want `non-atomic read of probe.n`
	go read()
	p.Inc()
	read()
}
