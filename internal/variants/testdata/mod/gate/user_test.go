package gate_test

import (
	"testing"

	"example.com/v/user"
)

func TestUser(t *testing.T) { user.Set() }
