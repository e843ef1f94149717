// This file contains tests for the atomiccnt checker: a library that
// writes its exported fields plainly, unaware that importers use them
// atomically.

package plain

type Gauge struct {
	V     int32 // want V:"write write@plain.go:17"
	Hits  int64
	Label string
	v     int32
}

var Total uint32 // want Total:"write increment@plain.go:22"

func (g *Gauge) Set(v int32) {
	g.V = v
	g.v = v // nope: unexported, so no importer can access it
}

func Add() {
	Total++
	_ = Total // nope: reads do not go into facts
}

// nope: the label is not of a type the atomic APIs take.
func (g *Gauge) SetLabel(l string) { g.Label = l }
