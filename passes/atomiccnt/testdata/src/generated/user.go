// This file contains tests for the atomiccnt checker: hand-written code
// next to generated code is reported as usual.

package generated

func (m *Message) Peek() uint32 {
	return m.state // want `non-atomic read of Message.state, which is written atomically \(atomic.StoreUint32 at gen.go:\d+\)`
}
