package namer

import "example.com/v/shadow"

func Name(o shadow.Outer) string { return o.Name() }
