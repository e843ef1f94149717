package main_test

import (
	"strings"
	"testing"
)

// TestConcurrentFlags checks the concurrent rule's flags end to end:
// by default only counters a marked function reads are reported;
// -allconcurrent adds the flag it reads, and -goroutines the counter a
// goroutine reads, but not the one written before the go statement, nor
// the one the goroutine writes itself (through a helper that its
// starter calls too: the mode prefers missing that race to reporting
// every helper a goroutine shares). -explain says why the counter
// under a lock is not reported.
func TestConcurrentFlags(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "concurrent.txtar")
	const (
		requests = `p.go:16:4: non-atomic increment of Server.requests, which is read concurrently by Server.scrape (at p.go:22)`
		closed   = `p.go:17:4: non-atomic write to Server.closed, which is read concurrently by Server.scrape (at p.go:22)`
		done     = `p.go:41:4: non-atomic write to Server.done, which is read concurrently by the goroutine started at p.go:40 (Server.work at p.go:47)`
		jobs     = `Server.jobs`
		steps    = `Server.steps`
		errors   = `p.go:27:4: not reported: non-atomic write to Server.errors, which is read concurrently: no concurrent read may run with it (it holds Server.mu)`
	)
	for _, tc := range []struct {
		flags        []string
		want, unwant []string
	}{
		{nil, []string{requests}, []string{closed, done, jobs, steps, errors, "Server.errors"}},
		{[]string{"-explain"}, []string{requests, errors}, []string{closed, done, jobs, steps}},
		{[]string{"-allconcurrent"}, []string{requests, closed}, []string{done, jobs, steps}},
		{[]string{"-goroutines"}, []string{requests, done}, []string{closed, jobs, steps}},
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
