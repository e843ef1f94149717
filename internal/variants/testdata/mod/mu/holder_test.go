package mu_test

import (
	"testing"

	"example.com/v/holder"
)

func TestHolder(t *testing.T) { holder.Copy(new(holder.H)) }
