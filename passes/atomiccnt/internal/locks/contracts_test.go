package locks

import "testing"

// TestHeldOnEntry checks the sentences that the doc-comment convention
// takes to say the receiver's lock is held, and those it must not.
func TestHeldOnEntry(t *testing.T) {
	for _, tc := range []struct {
		sentence string
		held     bool
		read     bool
	}{
		{"Lock should be held.", true, false},
		{"Lock should be held", true, false},
		{"lock must be held", true, false},
		{"Lock is held on entry.", true, false},
		{"Lock held on entry.", true, false},
		{"Lock should be held upon entry.", true, false},
		{"Write lock should be held.", true, false},
		{"(Write) lock held on entry.", true, false},
		{"Read lock should be held.", true, true},
		{"Assumes the lock is held.", true, false},
		{"Assume lock is held.", true, false},
		{"Lock should not be held.", false, false},
		{"No lock held on entry.", false, false},
		{"Lock must not be held upon entry.", false, false},
		{"Server lock is held on entry.", false, false}, // another object's lock
		{"Lock should be held (due to use of random generator).", false, false},
		{"The lock should be held while iterating.", false, false},
	} {
		m := heldOnEntry.FindStringSubmatch(tc.sentence)
		if (m != nil) != tc.held {
			t.Errorf("%q: held=%v, want %v", tc.sentence, m != nil, tc.held)
			continue
		}
		if m != nil {
			if read := m[1]+m[2] == "read" || m[1]+m[2] == "Read"; read != tc.read {
				t.Errorf("%q: read=%v, want %v", tc.sentence, read, tc.read)
			}
		}
	}
}
