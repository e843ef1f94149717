package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/atomiccnt/atomiccnt/internal/modcopy"
)

// A bench is one invocation of the command.
type bench struct {
	work      string
	runs      int
	tools     []*tool
	atomiccnt string // the atomiccnt binary
	machine   machine
	started   time.Time
	targets   []*target
}

// A target is a set of packages that every tool analyses.
type target struct {
	name     string
	desc     string // what the name stands for, for the report
	dir      string // where the tools run
	patterns []string
	packages int
	cache    string // the warmed build cache, copied for every cold run
	loadavg  string // /proc/loadavg before the first measurement
	results  map[string]*result
	facts    *factSizes
	vetFacts *factSizes // of go vet's own suite, for comparison
	profile  *profile
}

// A sample is one run of one command.
type sample struct {
	wall time.Duration
	rss  int64 // Maxrss, KiB
	exit int
	log  string // the combined output
}

// A result holds the runs of one tool on one target. Standalone tools
// have only cold runs.
type result struct {
	cold, warm []sample
	err        error
}

// The targets known by name.
var namedTargets = map[string]string{
	"pebble": "github.com/cockroachdb/pebble@v1.1.5",
	"std":    "std",
	"tiny":   "tiny",
}

// tinyModule is the "tiny" target: a module of two packages over a
// small part of the standard library, for trying the harness out.
var tinyModule = map[string]string{
	"go.mod": "module tiny\n\ngo 1.26\n",
	"counter/counter.go": `// Package counter counts, atomically and not.
package counter

import "sync/atomic"

// A Counter counts events.
type Counter struct{ n int64 }

// Add counts one event.
func (c *Counter) Add() { atomic.AddInt64(&c.n, 1) }

// Count returns the count, racing with Add.
func (c *Counter) Count() int64 { return c.n }
`,
	"main.go": `package main

import (
	"fmt"

	"tiny/counter"
)

func main() {
	var c counter.Counter
	c.Add()
	fmt.Println(c.Count())
}
`,
}

// prepareTarget lays out the target's directory and warms its build
// cache.
func (b *bench) prepareTarget(name string) (*target, error) {
	spec, ok := namedTargets[name]
	if !ok {
		if !strings.Contains(name, "@") {
			return nil, fmt.Errorf("unknown target %q: want pebble, std, tiny or module@version", name)
		}
		spec = name
	}
	t := &target{name: name, desc: spec, patterns: []string{"./..."}, results: map[string]*result{}}
	mods := filepath.Join(b.work, "mod")
	switch spec {
	case "std":
		// Outside any module: the standard library is its own.
		t.dir = filepath.Join(mods, "std")
		t.patterns = []string{"std"}
		t.desc = "the standard library"
		if err := os.MkdirAll(t.dir, 0o755); err != nil {
			return nil, err
		}
	case "tiny":
		t.dir = filepath.Join(mods, "tiny")
		t.desc = "a generated module"
		for path, src := range tinyModule {
			path = filepath.Join(t.dir, path)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				return nil, err
			}
		}
	default:
		t.dir = filepath.Join(mods, safeName(spec))
		log.Printf("%s: copying the module", name)
		if err := modcopy.Prepare(spec, t.dir); err != nil {
			return nil, err
		}
	}
	out, err := t.command(modcopy.Env(), "go", append([]string{"list", "-e"}, t.patterns...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("%s: go list: %v", name, err)
	}
	t.packages = len(strings.Fields(string(out)))

	// The template build cache: every package, and every test variant,
	// compiled (go list -export compiles without linking). Later
	// invocations reuse it.
	t.cache = filepath.Join(b.work, "caches", "template-"+safeName(name))
	done := t.cache + ".done"
	if _, err := os.Stat(done); err != nil {
		log.Printf("%s: warming a build cache (compiling every package and test variant)", name)
		start := time.Now()
		os.RemoveAll(t.cache)
		args := append([]string{"list", "-e", "-export", "-deps", "-test", "-f", "{{if .Error}}{{.ImportPath}}: {{.Error}}{{end}}"}, t.patterns...)
		cmd := t.command(modcopy.Env("GOCACHE="+t.cache), "go", args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("%s: warming the build cache: %v\n%s", name, err, out)
		}
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			return nil, err
		}
		log.Printf("%s: warmed in %s", name, time.Since(start).Round(time.Second))
	}
	return t, nil
}

func safeName(s string) string {
	return strings.NewReplacer("/", "_", "@", "_").Replace(s)
}

func (t *target) command(env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = t.dir
	cmd.Env = env
	return cmd
}

// measureTarget runs every selected tool on t, one command at a time.
// Each round runs every tool once, so that on a shared machine a change
// of load falls on all the tools rather than on one.
func (b *bench) measureTarget(t *target) {
	t.loadavg = loadavg()
	for _, tl := range b.tools {
		t.results[tl.name] = &result{}
	}
	for i := range b.runs {
		for _, tl := range b.tools {
			r := t.results[tl.name]
			if r.err != nil {
				continue
			}
			if r.err = b.measureOnce(t, tl, i, r); r.err != nil {
				log.Printf("%s: %s: %v", t.name, tl.name, r.err)
			}
		}
	}
}

// measureOnce makes the i'th run (cold and, if the tool has a cache,
// warm) of tl on t and appends the samples to r.
func (b *bench) measureOnce(t *target, tl *tool, i int, r *result) error {
	logName := func(phase string) string {
		return filepath.Join(b.work, "logs", fmt.Sprintf("%s-%s-%s%d.log", safeName(t.name), tl.name, phase, i+1))
	}
	record := func(s sample, phase string) {
		log.Printf("%s: %s %s: %.1f s, %d MB, exit %d", t.name, tl.name, phase, s.wall.Seconds(), s.rss>>10, s.exit)
	}
	switch tl.mode {
	case standalone:
		s, err := b.run(t, modcopy.Env("GOCACHE="+t.cache), logName("run"), tl.bin, t.patterns...)
		if err != nil {
			return err
		}
		record(s, "run")
		r.cold = append(r.cold, s)
		return nil
	}

	// Cold: a fresh copy of the warmed build cache.
	cache := filepath.Join(b.work, "caches", "run")
	os.RemoveAll(cache)
	if err := modcopy.CopyTree(t.cache, cache); err != nil {
		return err
	}
	defer os.RemoveAll(cache)
	env := modcopy.Env("GOCACHE=" + cache)
	var name string
	var args []string
	switch tl.mode {
	case vet:
		name, args = "go", []string{"vet"}
		if tl.bin != "" {
			args = append(args, "-vettool="+tl.bin)
		}
	case staticcheck:
		scCache := filepath.Join(b.work, "caches", "staticcheck")
		os.RemoveAll(scCache)
		if err := os.MkdirAll(scCache, 0o755); err != nil {
			return err
		}
		defer os.RemoveAll(scCache)
		env = append(env, "STATICCHECK_CACHE="+scCache)
		name = tl.bin
	}
	args = append(args, t.patterns...)

	coldArgs := args
	if tl.mode == vet && i == 0 {
		// Keep the work directory of the first cold run, where each
		// vet action left its vet.cfg and the facts file it wrote.
		coldArgs = append([]string{"vet", "-work"}, args[1:]...)
	}
	cold, err := b.run(t, env, logName("cold"), name, coldArgs...)
	if err != nil {
		return err
	}
	record(cold, "cold")
	r.cold = append(r.cold, cold)
	if tl.mode == vet && i == 0 {
		if err := b.collectFacts(t, tl, cold.log); err != nil {
			log.Printf("%s: %s: fact sizes: %v", t.name, tl.name, err)
		}
	}
	warm, err := b.run(t, env, logName("warm"), name, args...)
	if err != nil {
		return err
	}
	record(warm, "warm")
	r.warm = append(r.warm, warm)
	return nil
}

// run runs one command in t's directory, with its output to logPath,
// and measures it.
func (b *bench) run(t *target, env []string, logPath, name string, args ...string) (sample, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return sample{}, err
	}
	defer f.Close()
	fmt.Fprintf(f, "$ %s %s\n", name, strings.Join(args, " "))
	cmd := t.command(env, name, args...)
	cmd.Stdout, cmd.Stderr = f, f
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return sample{}, err
	}
	s := sample{wall: wall, exit: cmd.ProcessState.ExitCode(), log: logPath}
	// The rusage of a waited-for process covers its own waited-for
	// descendants too, and Maxrss is the largest of them.
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss
	}
	return s, nil
}
