package main

import (
	"fmt"
	"log"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/atomiccnt/atomiccnt/internal/modcopy"
)

// A profile is a standalone run of atomiccnt with -cpuprofile and
// -memprofile, and the top entries of each.
type profile struct {
	run  sample
	tops []profileTop
	err  error
}

type profileTop struct {
	title string // what the listing shows
	text  string // go tool pprof -top output
}

// profileEntries is how many entries of each profile the report shows.
const profileEntries = 15

// profileTarget runs atomiccnt standalone on t with profiling on. The
// run is apart from the measured ones, since profiling costs time.
func (b *bench) profileTarget(t *target) {
	log.Printf("%s: profiling atomiccnt", t.name)
	p := &profile{}
	t.profile = p
	dir := filepath.Join(b.work, "prof")
	cpu := filepath.Join(dir, safeName(t.name)+"-cpu.pprof")
	mem := filepath.Join(dir, safeName(t.name)+"-mem.pprof")
	args := append([]string{"-cpuprofile=" + cpu, "-memprofile=" + mem}, t.patterns...)
	p.run, p.err = b.run(t, modcopy.Env("GOCACHE="+t.cache), filepath.Join(b.work, "logs", safeName(t.name)+"-profile.log"), b.atomiccnt, args...)
	if p.err != nil {
		return
	}
	// The heap profile is written at exit, when the analysis graph is
	// gone, so its in-use figures say nothing: allocations are what
	// drive the peak. CPU time is mostly the garbage collector's, so
	// the cumulative listing names the phases that cost it.
	for _, q := range []struct {
		title, option, file string
	}{
		{"CPU, by own time", "-flat", cpu},
		{"CPU, by cumulative time", "-cum", cpu},
		{"memory allocated (alloc_space), by own allocations", "-sample_index=alloc_space", mem},
	} {
		args := []string{"tool", "pprof", "-top", fmt.Sprintf("-nodecount=%d", profileEntries), q.option, b.atomiccnt, q.file}
		out, err := exec.Command("go", args...).CombinedOutput()
		if err != nil {
			p.err = fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
			return
		}
		p.tops = append(p.tops, profileTop{q.title, trimPprofHeader(string(out))})
	}
}

// trimPprofHeader drops the lines of go tool pprof's header that change
// from run to run and say nothing here (build ID, time).
func trimPprofHeader(out string) string {
	var keep []string
	for line := range strings.Lines(strings.TrimSpace(out)) {
		if strings.HasPrefix(line, "Build ID:") || strings.HasPrefix(line, "Time:") || strings.HasPrefix(line, "File:") {
			continue
		}
		keep = append(keep, strings.TrimRight(line, "\n"))
	}
	return strings.Join(keep, "\n")
}
