package main

// A progress line. A run on a large tree (std, a monorepo) takes tens of
// seconds with nothing to show; on a terminal, after two seconds, the
// text driver shows on stderr that it is loading the packages, and
// then how many are analysed of how many, and one being analysed, on
// one line that it rewrites and clears before the reports. Nothing is shown when stderr is not a terminal
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

// A progress shows the run's progress on a terminal: loading, then the
// analysis. A nil *progress shows nothing.
type progress struct {
	w       *os.File
	start   time.Time
	total   atomic.Int64 // packages to analyse; 0 while loading
	done    atomic.Int64
	current atomic.Pointer[string]

	stop chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex // serialises writes to w
	// width is that of the line last written, to clear it.
	width int
}

// newProgress returns the progress of a run, written to w, which starts
// with loading; or nil if w is not a terminal and the environment does
// not ask for it.
func newProgress(w *os.File) *progress {
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
	p := &progress{w: w, start: time.Now(), stop: make(chan struct{})}
	if delay == 0 {
		p.show() // at once, however soon the run ends
	}
	p.wg.Add(1)
	go p.run(delay)
	return p
}

// analysing moves the progress from loading to the analysis of pkgs.
func (p *progress) analysing(pkgs []*packages.Package) {
	if p == nil {
		return
	}
	// The analyzer runs on every package of the import graph: facts
	// flow from each to its importers.
	n := 0
	packages.Visit(pkgs, nil, func(*packages.Package) { n++ })
	p.total.Store(int64(n))
}

// above runs print, which writes to the progress's file, with the
// progress line cleared, so that its output stands above the line.
func (p *progress) above(print func()) {
	if p == nil {
		print()
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	print()
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

// show rewrites the line: "atomiccnt: loading packages (12 s)", then
// "atomiccnt: 120/2045 packages (net/http)".
func (p *progress) show() {
	p.mu.Lock()
	defer p.mu.Unlock()
	var line string
	if total := p.total.Load(); total == 0 {
		line = fmt.Sprintf("atomiccnt: loading packages (%d s)", int(time.Since(p.start).Seconds()))
	} else {
		line = fmt.Sprintf("atomiccnt: %d/%d packages", p.done.Load(), total)
		if cur := p.current.Load(); cur != nil {
			line += " (" + *cur + ")"
		}
	}
	pad := max(p.width-len(line), 0)
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", pad))
	p.width = len(line)
}

// clear clears the line, if one is written; p.mu is held.
func (p *progress) clear() {
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
	}
}

// finish stops the progress and clears its line, if it wrote one.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}
