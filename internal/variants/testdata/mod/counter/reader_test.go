package counter_test

import (
	"testing"

	"example.com/v/counter"
	"example.com/v/reader"
)

func TestRead(t *testing.T) { reader.Read(new(counter.Counter)) }
