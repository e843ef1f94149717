// The mutate command measures atomiccnt's recall. It takes the atomic
// accesses a program makes (calls of sync/atomic's and the runtime's
// atomic functions on &x, x a field, a package-level variable or an
// element), turns each into its plain form (a load into x, a store
// into x = v, an add into x += d, and, or and swap alike) and runs the
// built atomiccnt on the result: the mutant must be reported at its
// line, unless its plain form cannot race (an equivalent mutant, which
// a person judges in the target's triage file). Mutants of a location
// that no other atomic access is left to conflict with are not counted.
//
// Targets are the runtime and the modules of internal/corpus's
// modules.txt (copied out of the module cache, since the mutants must
// be written somewhere), or any module directory. It builds atomiccnt
// and needs the network for modules not yet downloaded, so it is not
// part of go test (its test runs a fixed module). Run it from the
// repository root:
//
//	go run ./internal/mutate -only runtime -sample 80
//	go run ./internal/mutate -only github.com/allegro/bigcache/v3 -out /tmp/m
//	go run ./internal/mutate -dir ./internal/mutate/testdata/counters -out /tmp/m
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/atomiccnt/atomiccnt/internal/modcopy"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("mutate: ")
	var (
		only     = flag.String("only", "", "comma-separated entries or module paths of the corpus list to mutate (runtime, module@version); required unless -dir")
		dir      = flag.String("dir", "", "mutate this module `directory` instead (a copy of it)")
		list     = flag.String("modules", "internal/corpus/modules.txt", "the corpus list")
		n        = flag.Int("sample", 0, "mutate a sample of `n` of each target's counted mutants (0: all)")
		seed     = flag.Uint64("seed", 1, "the sample's seed")
		batch    = flag.Int("batch", 1, "analyse up to `n` mutants of one package at once (each of a different location, on different lines)")
		out      = flag.String("out", "docs/mutants", "directory for each target's file and the table (README.md)")
		triage   = flag.String("triage", "docs/mutants", "directory of the triage files, <target>.md")
		work     = flag.String("work", filepath.Join(os.TempDir(), "atomiccnt-mutate"), "directory for the copies")
		baseline = flag.String("runtime-baseline", "docs/baseline/runtime-go1.26.baseline", "the baseline `file` the runtime is analysed with (empty: none)")
		bin      = flag.String("atomiccnt", "", "the atomiccnt `binary` to run (default: built from ./cmd/atomiccnt)")
		verbose  = flag.Bool("v", false, "log each batch")
	)
	flag.Parse()
	if flag.NArg() > 0 || (*only == "") == (*dir == "") {
		log.Fatal("usage: go run ./internal/mutate -only entries | -dir directory [flags]; see -help")
	}
	data, err := os.ReadFile(*list)
	if err != nil {
		log.Fatal(err)
	}
	order := modcopy.Entries(string(data))
	entries := []string{""}
	if *only != "" {
		if entries, err = modcopy.Select(order, *only); err != nil {
			log.Fatal(err)
		}
	}
	if err := os.MkdirAll(*work, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	c := config{bin: *bin, sample: *n, seed: *seed, batch: *batch}
	if *verbose {
		c.progress = log.Printf
	}
	if c.bin == "" {
		c.bin = filepath.Join(*work, "atomiccnt")
		if out, err := exec.Command("go", "build", "-o", c.bin, "./cmd/atomiccnt").CombinedOutput(); err != nil {
			log.Fatalf("building atomiccnt: %v\n%s", err, out)
		}
	}
	failed := false
	for _, e := range entries {
		t, err := prepareTarget(e, *dir, *work, *baseline)
		if err != nil {
			log.Fatal(err)
		}
		verdicts, err := readVerdicts(filepath.Join(*triage, fileName(t.name)+".md"))
		if err != nil {
			log.Fatal(err)
		}
		r, err := mutateTarget(t, c, verdicts)
		if err != nil {
			log.Printf("%s: %v", t.name, err)
			failed = true
			continue
		}
		printRun(r, verdicts)
		if err := r.write(*out, c); err != nil {
			log.Fatal(err)
		}
	}
	if err := writeTable(*out, order); err != nil {
		log.Fatal(err)
	}
	if failed {
		os.Exit(1)
	}
}

// printRun prints r's counts, its missed mutants, and the verdicts
// that name a mutant that is not missed: stale, or a wrong key.
func printRun(r *run, verdicts map[string]verdict) {
	fmt.Printf("%s: %s\n", r.name, r.summaryLine())
	for _, p := range r.leftOut {
		fmt.Printf("\tleft out, does not compile unmutated: %s\n", p)
	}
	seen := make(map[string]status)
	for _, o := range r.outcomes {
		seen[o.m.key()] = o.status
		if o.status == missed || o.status == notCompiled {
			fmt.Printf("\t%s\n", o.line())
		}
	}
	var stale []string
	for k, v := range verdicts {
		if s, ok := seen[k]; ok && s != missed && s != equivalent {
			stale = append(stale, fmt.Sprintf("\t%s (line %d): the mutant is %s", k, v.line, s))
		}
	}
	if len(stale) > 0 {
		fmt.Printf("%s: triage entries for mutants that are not missed:\n%s\n", r.name, strings.Join(stale, "\n"))
	}
}
