package main

// A progress line. A run on a large tree (std, a monorepo) takes tens of
// seconds with nothing to show; on a terminal, after two seconds, the
// text driver shows on stderr how many packages are done of how many,
// and one being analysed, on one line that it rewrites and clears
// before the reports. Nothing is shown when stderr is not a terminal
// (CI logs, editors, pipes), nor with -json or SARIF, whose output a
// program reads. ATOMICCNT_PROGRESS=never turns it off; =always shows
// it from the start whatever stderr is (for tests, and for a terminal
// that the check misses).

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

const (
	progressDelay = 2 * time.Second
	progressEvery = 250 * time.Millisecond
)

// A progress shows the analysis's progress on a terminal; a nil
// *progress shows nothing.
type progress struct {
	w       *os.File
	total   int
	done    atomic.Int64
	current atomic.Pointer[string]

	stop  chan struct{}
	wg    sync.WaitGroup
	width int // of the line last written, to clear it
}

// newProgress returns the progress of an analysis of pkgs written to w,
// or nil if w is not a terminal and the environment does not ask for it.
func newProgress(w *os.File, pkgs []*packages.Package) *progress {
	delay := progressDelay
	switch os.Getenv("ATOMICCNT_PROGRESS") {
	case "never":
		return nil
	case "always":
		delay = 0
	default:
		if fi, err := w.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
			return nil
		}
	}
	p := &progress{w: w, stop: make(chan struct{})}
	// The analyzer runs on every package of the import graph: facts
	// flow from each to its importers.
	packages.Visit(pkgs, nil, func(*packages.Package) { p.total++ })
	if delay == 0 {
		p.show() // at once, however soon the analysis ends
	}
	p.wg.Add(1)
	go p.run(delay)
	return p
}

// wrap returns an analyzer that runs a and counts its passes.
func (p *progress) wrap(a *analysis.Analyzer) *analysis.Analyzer {
	if p == nil {
		return a
	}
	counted := *a
	counted.Run = func(pass *analysis.Pass) (any, error) {
		path := pass.Pkg.Path()
		p.current.Store(&path)
		defer p.done.Add(1)
		return a.Run(pass)
	}
	return &counted
}

func (p *progress) run(delay time.Duration) {
	defer p.wg.Done()
	select {
	case <-time.After(delay):
	case <-p.stop:
		return
	}
	tick := time.NewTicker(progressEvery)
	defer tick.Stop()
	for {
		p.show()
		select {
		case <-tick.C:
		case <-p.stop:
			return
		}
	}
}

// show rewrites the line: "atomiccnt: 120/2045 packages (net/http)".
func (p *progress) show() {
	line := fmt.Sprintf("atomiccnt: %d/%d packages", p.done.Load(), p.total)
	if cur := p.current.Load(); cur != nil {
		line += " (" + *cur + ")"
	}
	pad := max(p.width-len(line), 0)
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", pad))
	p.width = len(line)
}

// finish stops the progress and clears its line, if it wrote one.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
	}
}
