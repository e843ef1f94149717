// This file contains tests for the atomiccnt checker: sync/atomic's Or
// and And functions arrived in Go 1.23, so a module that declares Go
// 1.22 gets no call fix for |= and &=, while Add stays available.

package fixversion

import "sync/atomic"

type Flags struct {
	Bits uint32 // want Bits:"atomicwrite atomic.AddUint32@bits.go:14"
}

func (f *Flags) Touch() { // want Touch:"confines 0"
	atomic.AddUint32(&f.Bits, 1)
}

func (f *Flags) Set(m uint32) { // want Set:"confines 0"
	f.Bits |= m // want `; no fix \(sync/atomic has no or before go1.23\)`
	f.Bits &= m // want `; no fix \(sync/atomic has no and before go1.23\)`
	f.Bits += m // want `non-atomic update \(\+=\) of Flags.Bits`
}
