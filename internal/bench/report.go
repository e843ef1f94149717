package main

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// machine describes where the bench ran.
type machine struct {
	cpus   int
	model  string
	memory string
	goVer  string
}

func describeMachine() machine {
	m := machine{cpus: runtime.NumCPU(), model: "unknown CPU", memory: "unknown memory"}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(data)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.model = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(data), "MemTotal: %d kB", &kb); err == nil {
			m.memory = fmt.Sprintf("%.0f GB", float64(kb)/(1<<20))
		}
	}
	if out, err := goOutput("version"); err == nil {
		m.goVer = strings.TrimSpace(out)
	} else {
		m.goVer = runtime.Version()
	}
	return m
}

func goOutput(args ...string) (string, error) {
	out, err := exec.Command("go", args...).Output()
	return string(out), err
}

// loadavg returns the first three fields of /proc/loadavg.
func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// median returns the median of xs (the mean of the middle two for an
// even count), or 0 for none.
func median[T ~int64 | ~float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func walls(ss []sample) []time.Duration {
	var d []time.Duration
	for _, s := range ss {
		d = append(d, s.wall)
	}
	return d
}

func rsses(ss []sample) []int64 {
	var r []int64
	for _, s := range ss {
		r = append(r, s.rss)
	}
	return r
}

func fmtWall(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	if d < 10*time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// fmtRSS formats kilobytes.
func fmtRSS(kb int64) string {
	if kb == 0 {
		return "—"
	}
	if kb >= 1<<20 {
		return fmt.Sprintf("%.2f GB", float64(kb)/(1<<20))
	}
	return fmt.Sprintf("%d MB", kb>>10)
}

func fmtBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 10<<10:
		return fmt.Sprintf("%d KB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// ratioCell formats x/y, marked against limit when limit is positive.
func ratioCell(x, y, limit float64) string {
	if x == 0 || y == 0 {
		return "—"
	}
	r := x / y
	cell := fmt.Sprintf("%.2f×", r)
	if limit > 0 {
		if r <= limit {
			cell += " ✓"
		} else {
			cell += " ✗"
		}
	}
	return cell
}

// A figure picks one number out of a target's results.
type figure func(t *target) float64

func coldWall(tool string) figure {
	return func(t *target) float64 {
		if r := t.results[tool]; r != nil {
			return median(walls(r.cold)).Seconds()
		}
		return 0
	}
}

func warmWall(tool string) figure {
	return func(t *target) float64 {
		if r := t.results[tool]; r != nil {
			return median(walls(r.warm)).Seconds()
		}
		return 0
	}
}

func peakRSS(tool string) figure {
	return func(t *target) float64 {
		if r := t.results[tool]; r != nil {
			return float64(median(rsses(r.cold)))
		}
		return 0
	}
}

// A series picks one number per round out of a target's results.
type series func(t *target) []float64

// perRound returns the series of one number of each of tool's samples
// that of picks (the cold or the warm runs).
func perRound(tool string, of func(*result) []sample, value func(sample) float64) series {
	return func(t *target) []float64 {
		var out []float64
		if r := t.results[tool]; r != nil {
			for _, s := range of(r) {
				out = append(out, value(s))
			}
		}
		return out
	}
}

func coldRuns(r *result) []sample { return r.cold }
func warmRuns(r *result) []sample { return r.warm }

func wallSeconds(s sample) float64 { return s.wall.Seconds() }
func rssKB(s sample) float64       { return float64(s.rss) }

func coldWalls(tool string) series { return perRound(tool, coldRuns, wallSeconds) }
func warmWalls(tool string) series { return perRound(tool, warmRuns, wallSeconds) }
func peakRSSes(tool string) series { return perRound(tool, coldRuns, rssKB) }

// roundRatios pairs x and y by round, the tools of one round having
// run one after another, and returns each round's x/y; a round that
// lacks either figure is left out.
func roundRatios(x, y []float64) []float64 {
	var out []float64
	for i := range min(len(x), len(y)) {
		if x[i] > 0 && y[i] > 0 {
			out = append(out, x[i]/y[i])
		}
	}
	return out
}

// The ratios of the report: issue 6's targets, then references. The
// targets also have their figures round by round (xr, yr).
var ratios = []struct {
	name   string
	limit  float64 // 0 for a reference
	x, y   figure
	xr, yr series
}{
	{"atomiccnt vet cold / go vet cold", 1.0, coldWall("atomiccnt-vet"), coldWall("govet"), coldWalls("atomiccnt-vet"), coldWalls("govet")},
	{"atomiccnt vet warm / go vet warm", 1.5, warmWall("atomiccnt-vet"), warmWall("govet"), warmWalls("atomiccnt-vet"), warmWalls("govet")},
	{"atomiccnt standalone / printf standalone, wall", 1.1, coldWall("atomiccnt"), coldWall("printf"), coldWalls("atomiccnt"), coldWalls("printf")},
	{"atomiccnt standalone / printf standalone, peak RSS", 1.1, peakRSS("atomiccnt"), peakRSS("printf"), peakRSSes("atomiccnt"), peakRSSes("printf")},
	// Issue 16: what a project pays to add atomiccnt to the vet it runs.
	{"atomiccnt-vet bundle cold / go vet cold", 1.1, coldWall("bundle-vet"), coldWall("govet"), coldWalls("bundle-vet"), coldWalls("govet")},
	{"atomiccnt-vet bundle warm / go vet warm", 1.05, warmWall("bundle-vet"), warmWall("govet"), warmWalls("bundle-vet"), warmWalls("govet")},
	{"do-nothing buildssa vet cold / go vet cold", 0, coldWall("ssafacts-vet"), coldWall("govet"), nil, nil},
	{"do-nothing buildssa standalone / printf, wall", 0, coldWall("ssafacts"), coldWall("printf"), nil, nil},
	{"do-nothing buildssa standalone / printf, peak RSS", 0, peakRSS("ssafacts"), peakRSS("printf"), nil, nil},
	{"atomiccnt standalone / do-nothing buildssa, wall", 0, coldWall("atomiccnt"), coldWall("ssafacts"), nil, nil},
	{"atomiccnt standalone / do-nothing buildssa, peak RSS", 0, peakRSS("atomiccnt"), peakRSS("ssafacts"), nil, nil},
	{"atomiccnt standalone / staticcheck cold, wall", 0, coldWall("atomiccnt"), coldWall("staticcheck"), nil, nil},
}

func (b *bench) report() []byte {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	m := b.machine
	fmt.Fprintf(w, "# atomiccnt benchmark\n\n")
	fmt.Fprintf(w, "`go run ./internal/bench %s` on %s: %d CPUs (%s), %s, %s/%s, %s.\n",
		strings.Join(os.Args[1:], " "), b.started.Format("2006-01-02 15:04 MST"), m.cpus, m.model, m.memory, runtime.GOOS, runtime.GOARCH, m.goVer)
	fmt.Fprintf(w, "Median of %d run(s). Load average (1, 5, 15 min) before each target: %s; at the end: %s.\n\n",
		b.runs, b.loads(), loadavg())
	fmt.Fprintf(w, "Cold: empty vet (or staticcheck) cache, every package already compiled in the build cache. ")
	fmt.Fprintf(w, "Warm: the same command again. Standalone analyzers have no cache: their one time is in the cold column. ")
	fmt.Fprintf(w, "Peak RSS: of the analyzer process standalone; under go vet, of the largest process (one vet tool run, or the go command), in the cold run.\n\n")
	for _, t := range b.targets {
		fmt.Fprintf(w, "- **%s**: %s, %d packages (`%s` in %s)\n", t.name, t.desc, t.packages, strings.Join(t.patterns, " "), t.dir)
	}
	fmt.Fprintln(w)

	if len(b.tools) > 0 && len(b.targets) > 0 {
		b.timeTable(w)
		b.ratioTable(w)
		b.scalingTable(w)
		b.notes(w)
	}
	for _, t := range b.targets {
		b.factsSection(w, t)
	}
	for _, t := range b.targets {
		profileSection(w, t)
	}
	w.Flush()
	return buf.Bytes()
}

// scalingTable compares the scale targets: each tool's time at each
// size, and how it grows from the smallest target of the same kind
// (the same -gen and -test suffixes). Issue 16's targets: from 2k to 16k
// functions, atomiccnt's time grows at most 10x; at 16k it takes at
// most 1.5x go vet's default suite, cold.
func (b *bench) scalingTable(w *bufio.Writer) {
	var scaled []*target
	for _, t := range b.targets {
		if t.scale > 0 {
			scaled = append(scaled, t)
		}
	}
	if len(scaled) == 0 {
		return
	}
	kind := func(t *target) string { return strings.TrimLeft(strings.TrimPrefix(t.name, "scale"), "0123456789k") }
	slices.SortStableFunc(scaled, func(x, y *target) int {
		return cmp.Or(cmp.Compare(kind(x), kind(y)), cmp.Compare(x.scale, y.scale))
	})
	fmt.Fprintf(w, "## Scaling\n\nOne generated file of n functions (see scale targets in run.go). Time is the median cold wall time; growth is against the smallest target of the same kind; the last column is atomiccnt standalone over `go vet`'s default suite, cold (issue 16: growth from 2k to 16k at most 10x, and at most 1.5x `go vet` at 16k).\n\n")
	var tools []*tool
	for _, tl := range b.tools {
		if tl.name != "staticcheck" {
			tools = append(tools, tl)
		}
	}
	fmt.Fprintf(w, "| target | functions |")
	for _, tl := range tools {
		fmt.Fprintf(w, " %s | growth |", tl.name)
	}
	fmt.Fprintf(w, " atomiccnt / go vet |\n|---|---:|%s---:|\n", strings.Repeat("---:|---:|", len(tools)))
	base := map[string]*target{}
	for _, t := range scaled {
		if base[kind(t)] == nil {
			base[kind(t)] = t
		}
		first := base[kind(t)]
		fmt.Fprintf(w, "| %s | %d |", t.name, t.scale)
		for _, tl := range tools {
			x, x0 := coldWall(tl.name)(t), coldWall(tl.name)(first)
			if x == 0 {
				fmt.Fprintf(w, " — | |")
				continue
			}
			growth := "—"
			if x0 > 0 && t != first {
				growth = fmt.Sprintf("%.1f×", x/x0)
			}
			fmt.Fprintf(w, " %s | %s |", fmtWall(time.Duration(x*float64(time.Second))), growth)
		}
		if a, v := coldWall("atomiccnt")(t), coldWall("govet")(t); a > 0 && v > 0 {
			fmt.Fprintf(w, " %.2f× |", a/v)
		} else {
			fmt.Fprintf(w, " — |")
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func (b *bench) loads() string {
	var l []string
	for _, t := range b.targets {
		l = append(l, t.name+" "+t.loadavg)
	}
	return strings.Join(l, ", ")
}

func (b *bench) timeTable(w *bufio.Writer) {
	fmt.Fprintf(w, "## Time and memory\n\n| tool |")
	for _, t := range b.targets {
		fmt.Fprintf(w, " %s cold | %s warm | %s peak RSS |", t.name, t.name, t.name)
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---:|---:|---:|", len(b.targets)))
	for _, tl := range b.tools {
		fmt.Fprintf(w, "| %s |", tl.label)
		for _, t := range b.targets {
			r := t.results[tl.name]
			if r == nil || len(r.cold) == 0 {
				fmt.Fprintf(w, " failed | | |")
				continue
			}
			fmt.Fprintf(w, " %s | %s | %s |", fmtWall(median(walls(r.cold))), fmtWall(median(walls(r.warm))), fmtRSS(median(rsses(r.cold))))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func (b *bench) ratioTable(w *bufio.Writer) {
	fmt.Fprintf(w, "## Ratios\n\nIssue 6's and issue 16's targets (✓ met, ✗ missed), then references.\n\n| ratio | target |")
	for _, t := range b.targets {
		fmt.Fprintf(w, " %s |", t.name)
	}
	fmt.Fprintf(w, "\n|---|---|%s\n", strings.Repeat("---:|", len(b.targets)))
	for _, r := range ratios {
		limit := "reference"
		if r.limit > 0 {
			limit = "≤ " + strconv.FormatFloat(r.limit, 'f', -1, 64) + "×"
		}
		fmt.Fprintf(w, "| %s | %s |", r.name, limit)
		for _, t := range b.targets {
			fmt.Fprintf(w, " %s |", ratioCell(r.x(t), r.y(t), r.limit))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)

	// The ratio of two medians hides how far the rounds spread, which
	// on a shared machine can exceed a target's margin.
	fmt.Fprintf(w, "The targets' ratios round by round (each round runs the tools one after another), and the median of those:\n\n| ratio |")
	for _, t := range b.targets {
		fmt.Fprintf(w, " %s |", t.name)
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(b.targets)))
	for _, r := range ratios {
		if r.xr == nil {
			continue
		}
		fmt.Fprintf(w, "| %s |", r.name)
		for _, t := range b.targets {
			rs := roundRatios(r.xr(t), r.yr(t))
			if len(rs) == 0 {
				fmt.Fprintf(w, " — |")
				continue
			}
			var cells []string
			for _, x := range rs {
				cells = append(cells, fmt.Sprintf("%.2f", x))
			}
			fmt.Fprintf(w, " %s (median %.2f×) |", strings.Join(cells, ", "), median(rs))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// notes lists the runs that did not exit 0 (analyzers exit non-zero
// when they report something, so this is not in itself a failure) and
// the tools that could not be run.
func (b *bench) notes(w *bufio.Writer) {
	var notes []string
	for _, t := range b.targets {
		for _, tl := range b.tools {
			r := t.results[tl.name]
			if r == nil {
				continue
			}
			if r.err != nil {
				notes = append(notes, fmt.Sprintf("%s on %s: %v", tl.name, t.name, r.err))
			}
			for _, s := range slices.Concat(r.cold, r.warm) {
				if s.exit != 0 {
					notes = append(notes, fmt.Sprintf("%s on %s: exit status %d, %s (%s)", tl.name, t.name, s.exit, firstOutputLine(s.log), filepath.Base(s.log)))
					break
				}
			}
		}
	}
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(w, "Exit statuses other than 0 (analyzers exit non-zero when they report; the logs are in %s):\n\n", filepath.Join(b.work, "logs"))
	for _, n := range notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
	fmt.Fprintln(w)
}

// firstOutputLine returns the first line of a log after the command
// line, shortened.
func firstOutputLine(logPath string) string {
	data, err := os.ReadFile(logPath)
	if err != nil {
		return "no log"
	}
	lines := strings.Split(string(data), "\n")
	for _, l := range lines[1:] {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "WORK=") {
			if len(l) > 120 {
				l = l[:120] + "…"
			}
			return "`" + strings.ReplaceAll(l, "`", "'") + "`"
		}
	}
	return "no output"
}

func (b *bench) factsSection(w *bufio.Writer, t *target) {
	fs := t.facts
	if fs == nil {
		return
	}
	facts, own, types := fs.totals()
	n := len(fs.packages)
	fmt.Fprintf(w, "## Facts on %s\n\n", t.name)
	fmt.Fprintf(w, "The facts files (vetx) that `go vet -vettool=atomiccnt` wrote in its first cold run, one for each of %d packages (the target's and their dependencies'; of a package that no other imports, the only file there is, with its tests, marked \"+ tests\"). ", n)
	fmt.Fprintf(w, "A package's file holds its own facts and, re-exported, its dependencies' facts about fields, methods and types; \"own\" is the package's own facts alone, gob-encoded as the driver encodes them.\n\n")
	fmt.Fprintf(w, "- facts in all files: %s, %s per package on average, the largest %s (%s)\n", fmtBytes(facts), fmtBytes(facts/n), fmtBytes(fs.packages[0].facts), fs.packages[0].path)
	if fs.decoded && fs.decodeErr == "" {
		largestOwn := slices.MaxFunc(fs.packages, func(x, y pkgFacts) int { return x.ownBytes - y.ownBytes })
		withOwn := 0
		for _, p := range fs.packages {
			if p.own > 0 {
				withOwn++
			}
		}
		fmt.Fprintf(w, "- own facts: %s in all, %d packages with any, the largest %s (%s)\n", fmtBytes(own), withOwn, fmtBytes(largestOwn.ownBytes), largestOwn.path)
	} else if fs.decodeErr != "" {
		fmt.Fprintf(w, "- own facts: not split out (%s)\n", fs.decodeErr)
	}
	if types > 0 {
		fmt.Fprintf(w, "- type information in the same files (x/tools v0.52's vetx format): %s\n", fmtBytes(types))
	}
	if v := t.vetFacts; v != nil {
		vf, _, _ := v.totals()
		fmt.Fprintf(w, "- for comparison, go vet's own suite: %s of facts for %d packages, the largest %s (%s)\n", fmtBytes(vf), len(v.packages), fmtBytes(v.packages[0].facts), v.packages[0].path)
	}
	fmt.Fprintf(w, "\nThe %d packages with the largest files; facts are counted: atomiccnt's about the package's own objects, atomiccnt's re-exported, and those of the analyzers it requires (none in this version).\n\n", min(10, n))
	fmt.Fprintf(w, "| package | own | re-exported | required | own bytes | fact bytes in file |\n|---|---:|---:|---:|---:|---:|\n")
	for _, p := range fs.packages[:min(10, n)] {
		path := p.path
		if p.withTests {
			path += " + tests"
		}
		fmt.Fprintf(w, "| %s | %d | %d | %d | %s | %s |\n", path, p.own, p.reexported, p.required, fmtBytes(p.ownBytes), fmtBytes(p.facts))
	}
	fmt.Fprintln(w)
	if path, err := writeFactsTSV(b.work, t); err == nil {
		fmt.Fprintf(w, "Every package: %s.\n\n", path)
	}
}

// writeFactsTSV writes the facts figures of every package of t.
func writeFactsTSV(work string, t *target) (string, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "package\twith_tests\town\treexported\trequired\town_bytes\tfact_bytes\ttype_bytes\n")
	for _, p := range t.facts.packages {
		fmt.Fprintf(&buf, "%s\t%v\t%d\t%d\t%d\t%d\t%d\t%d\n", p.path, p.withTests, p.own, p.reexported, p.required, p.ownBytes, p.facts, p.types)
	}
	path := filepath.Join(work, "facts-"+safeName(t.name)+".tsv")
	return path, os.WriteFile(path, buf.Bytes(), 0o644)
}

func profileSection(w *bufio.Writer, t *target) {
	p := t.profile
	if p == nil {
		return
	}
	fmt.Fprintf(w, "## Profiles of atomiccnt standalone on %s\n\n", t.name)
	if p.err != nil {
		fmt.Fprintf(w, "Failed: %v\n\n", p.err)
		return
	}
	fmt.Fprintf(w, "The profiled run: %s, %s peak RSS, exit status %d.\n\n", fmtWall(p.run.wall), fmtRSS(p.run.rss), p.run.exit)
	for _, top := range p.tops {
		fmt.Fprintf(w, "%s, top %d:\n\n```\n%s\n```\n\n", top.title, profileEntries, top.text)
	}
}
