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

// TestChecklocksAnnotation checks how the function annotations are
// read: what each says of its lock, and the forms that are not ones.
func TestChecklocksAnnotation(t *testing.T) {
	for _, tc := range []struct {
		text         string
		ok           bool
		effect, read string
		path         string
	}{
		{"+checklocks:c.mu", true, "", "", "c.mu"},
		{"+checklocksread:c.mu", true, "", "read", "c.mu"},
		{"+checklocksacquire:c.inner.mu", true, "acquire", "", "c.inner.mu"},
		{"+checklocksacquireread:c.mu", true, "acquire", "read", "c.mu"},
		{"+checklocksrelease:c.mu", true, "release", "", "c.mu"},
		{"+checklocksreleaseread:c.mu  ", true, "release", "read", "c.mu"},
		{"+checklocksreadacquire:c.mu", false, "", "", ""},
		{"+checklocksignore", false, "", "", ""},
		{"+checklocksalias:a.mu=b.mu", false, "", "", ""},
		{"+checklocks:c.mu and more", false, "", "", ""},
	} {
		m := checklocksAnnotation.FindStringSubmatch(tc.text)
		if (m != nil) != tc.ok {
			t.Errorf("%q: matched=%v, want %v", tc.text, m != nil, tc.ok)
			continue
		}
		if m != nil && (m[1] != tc.effect || m[2] != tc.read || m[3] != tc.path) {
			t.Errorf("%q: effect %q, read %q, path %q; want %q, %q, %q", tc.text, m[1], m[2], m[3], tc.effect, tc.read, tc.path)
		}
	}
	for _, tc := range []struct {
		text, a, b string
	}{
		{"+checklocksalias:c.shard.mu=c.mu", "c.shard.mu", "c.mu"},
		{"+checklocksalias:rb.ep.mu=ep.mu", "rb.ep.mu", "ep.mu"},
		{"+checklocksalias:c.mu", "", ""},
		{"+checklocksalias:a.mu=b.mu=c.mu", "", ""},
	} {
		m := checklocksAlias.FindStringSubmatch(tc.text)
		if tc.a == "" {
			if m != nil {
				t.Errorf("%q: matched as an alias, want no match", tc.text)
			}
			continue
		}
		if m == nil || m[1] != tc.a || m[2] != tc.b {
			t.Errorf("%q: got %v, want %q = %q", tc.text, m, tc.a, tc.b)
		}
	}
}
