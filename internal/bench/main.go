// The bench command measures what atomiccnt costs next to the tools its
// users already run, on a pinned set of targets, and prints one markdown
// report: wall time and peak memory of each tool on each target, the
// ratios that issue 6 sets targets for, the size of the facts atomiccnt
// writes under go vet, and optionally CPU and memory profiles of the
// standalone command.
//
// The tools, each run on every package of the target, tests included:
//
//	govet          go vet (its default suite)
//	atomiccnt-vet  go vet -vettool=atomiccnt
//	atomiccnt      atomiccnt standalone
//	staticcheck    staticcheck v0.8.2
//	nilness        nilness standalone (SSA, no facts)
//	nilness-vet    go vet -vettool=nilness
//	printf         printf standalone: facts on every dependency, no SSA,
//	               the floor for any analyzer with facts under this driver
//	ssafacts       an analyzer that requires buildssa, declares a fact
//	               type and does nothing: what an analyzer with facts
//	               costs if it simply builds SSA everywhere
//	ssafacts-vet   the same under go vet
//
// "Cold" is a run of go vet (or staticcheck) with empty analysis caches
// but every package already compiled: each cold run gets a fresh copy of
// a build cache (GOCACHE) warmed by go list -export -deps -test, and
// staticcheck an empty STATICCHECK_CACHE. "Warm" is the same command
// again, in the same caches. Standalone analyzers keep no cache; they
// run with the warmed build cache. Peak RSS is the rusage Maxrss of the
// command, which is that of its largest process: the analyzer itself for
// a standalone run, the largest vet tool process (or the go command)
// under go vet.
//
// The targets are github.com/cockroachdb/pebble@v1.1.5 as its own main
// module ("pebble"), the standard library ("std"), and, for quick
// iterations on the harness, a small generated module ("tiny"); any other
// module@version works too. The anchors are built from the module proxy
// into the work directory; atomiccnt is built from this repository.
//
// Run it from the repository root, one heavy job at a time: atomiccnt on
// std takes minutes and gigabytes.
//
//	go run ./internal/bench -targets pebble -runs 3 -out bench.md
//	go run ./internal/bench -targets pebble -tools none -profile
//	go run ./internal/bench -targets tiny
//
// The work directory keeps the module copies and a warmed build cache per
// target between invocations; delete it to start over.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

var (
	targetsFlag = flag.String("targets", "pebble,std", "comma-separated targets: pebble, std, tiny, or module@version")
	toolsFlag   = flag.String("tools", "all", "comma-separated tools to measure (all, none, or of: "+strings.Join(toolNames(), ",")+")")
	runsFlag    = flag.Int("runs", 1, "runs of each measurement; the report gives the median")
	outFlag     = flag.String("out", "", "also write the report to this file")
	workFlag    = flag.String("work", filepath.Join(os.TempDir(), "atomiccnt-bench"), "directory for module copies, caches, tools and logs")
	binFlag     = flag.String("atomiccnt", "", "atomiccnt binary to measure (default: build ./cmd/atomiccnt)")
	profileFlag = flag.Bool("profile", false, "also run atomiccnt standalone with -cpuprofile and -memprofile on each target and report the top entries")
)

func main() {
	log.SetFlags(log.Ltime)
	log.SetPrefix("bench: ")
	flag.Parse()
	if *runsFlag < 1 {
		log.Fatal("-runs must be at least 1")
	}
	tools, err := selectTools(*toolsFlag)
	if err != nil {
		log.Fatal(err)
	}
	b := &bench{work: *workFlag, runs: *runsFlag, tools: tools}
	for _, dir := range []string{"bin", "logs", "caches", "prof"} {
		if err := os.MkdirAll(filepath.Join(b.work, dir), 0o755); err != nil {
			log.Fatal(err)
		}
	}
	b.machine = describeMachine()
	b.started = time.Now()
	if err := b.buildTools(*binFlag); err != nil {
		log.Fatal(err)
	}
	for _, name := range strings.Split(*targetsFlag, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		t, err := b.prepareTarget(name)
		if err != nil {
			log.Fatal(err)
		}
		b.measureTarget(t)
		if *profileFlag {
			b.profileTarget(t)
		}
		b.targets = append(b.targets, t)
	}
	report := b.report()
	os.Stdout.Write(report)
	if *outFlag != "" {
		if err := os.WriteFile(*outFlag, report, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// selectTools returns the tools named by the -tools flag, in the order
// of the tools table.
func selectTools(flagValue string) ([]*tool, error) {
	switch flagValue {
	case "all":
		return allTools(), nil
	case "none", "":
		return nil, nil
	}
	names := strings.Split(flagValue, ",")
	for _, n := range names {
		if !slices.Contains(toolNames(), strings.TrimSpace(n)) {
			return nil, fmt.Errorf("unknown tool %q; the tools are %s", n, strings.Join(toolNames(), ", "))
		}
	}
	var tools []*tool
	for _, t := range allTools() {
		if slices.ContainsFunc(names, func(n string) bool { return strings.TrimSpace(n) == t.name }) {
			tools = append(tools, t)
		}
	}
	return tools, nil
}
