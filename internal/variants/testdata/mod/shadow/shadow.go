// Package shadow's tests give Outer a method of its own, which the
// selector o.Name resolves to in namer's variant compiled against
// shadow's test variant.
package shadow

type Inner struct{}

func (Inner) Name() string { return "inner" }

type Outer struct{ Inner }
