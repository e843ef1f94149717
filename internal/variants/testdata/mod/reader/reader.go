package reader

import "example.com/v/counter"

func Read(c *counter.Counter) int32 { return c.N }

func Reset(c *counter.Counter) { c.N = 0 }
