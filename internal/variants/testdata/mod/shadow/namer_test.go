package shadow_test

import (
	"testing"

	"example.com/v/namer"
	"example.com/v/shadow"
)

func TestName(t *testing.T) { namer.Name(shadow.Outer{}) }
