package main_test

import (
	"strings"
	"testing"
)

// TestConcurrentFlags checks the concurrent rule's flags end to end:
// by default only counters a marked function reads are reported;
// -allconcurrent adds the flag it reads, and -goroutines the counter a
// goroutine reads, but not the one written before the go statement.
func TestConcurrentFlags(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "concurrent.txtar")
	const (
		requests = `p.go:14:4: non-atomic increment of Server.requests, which is read concurrently by Server.scrape (at p.go:20)`
		closed   = `p.go:15:4: non-atomic write to Server.closed, which is read concurrently by Server.scrape (at p.go:20)`
		done     = `p.go:26:4: non-atomic write to Server.done, which is read concurrently by the goroutine started at p.go:25 (Server.work at p.go:30)`
		jobs     = `Server.jobs`
	)
	for _, tc := range []struct {
		flags        []string
		want, unwant []string
	}{
		{nil, []string{requests}, []string{closed, done, jobs}},
		{[]string{"-allconcurrent"}, []string{requests, closed}, []string{done, jobs}},
		{[]string{"-goroutines"}, []string{requests, done}, []string{closed, jobs}},
	} {
		out, code := run(t, dir, bin, append(tc.flags, "./...")...)
		if code != 3 {
			t.Errorf("%v: exit code %d, want 3:\n%s", tc.flags, code, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tc.flags, w, out)
			}
		}
		for _, w := range tc.unwant {
			if strings.Contains(out, w) {
				t.Errorf("%v: output has %q:\n%s", tc.flags, w, out)
			}
		}
	}
}
