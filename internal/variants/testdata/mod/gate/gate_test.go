package gate

import (
	"sync/atomic"
	"testing"
)

func TestSet(t *testing.T) { atomic.StoreInt32(&Global.On, 1) }
