package holder

import (
	"sync/atomic"

	"example.com/v/mu"
)

type H struct {
	G mu.Guard
	N int32
}

func (h *H) Inc() { atomic.AddInt32(&h.N, 1) }

func Copy(h *H) H { return *h }
