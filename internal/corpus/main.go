// The corpus command runs atomiccnt over a pinned list of real modules
// (modules.txt), plus the installed Go's standard library and runtime,
// and writes one table: packages, reports by category, wall time, peak
// memory, panics, and whether two runs gave identical output. It also
// writes every report, one file per module, for triage and for diffing
// one version of the analyzer against another.
//
// It downloads the modules through the module proxy, so it is slow and
// needs the network: it is not part of go test. Run it from the
// repository root:
//
//	go run ./internal/corpus -out docs/realworld
package main

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/atomiccnt/atomiccnt/internal/category"
	"github.com/atomiccnt/atomiccnt/internal/modcopy"
)

//go:embed modules.txt
var moduleList string

var (
	outDir  = flag.String("out", "docs/realworld", "directory for the table (README.md) and the reports")
	work    = flag.String("work", filepath.Join(os.TempDir(), "atomiccnt-corpus"), "directory for module copies")
	runs    = flag.Int("runs", 2, "runs per module, to check that output is deterministic")
	only    = flag.String("only", "", "comma-separated entries or module paths of modules.txt to run (default all)")
	args    = flag.String("args", "", "extra flags for atomiccnt, space-separated")
	fixMode = flag.String("fix", "", "instead of counting reports, apply each report's first fix (first) or its type fix (type) to every module, and build, vet and analyse the result")
	raw     = flag.Bool("raw", false, "also write each entry's -json output, fixes included, canonicalised, as <entry>.json in -out: for diffing the fixes and -explain lines of two versions")
	mutants = flag.String("mutants", "docs/mutants", "directory of the mutation runs' target files (go run ./internal/mutate), whose counts the table shows")
	triage  = flag.String("triage", "", "instead of running, join the report files in -out with the verdicts of this triage `file` (docs/triage.md) and print precision by category and kind of file")
)

// A result is what the runs over one corpus entry gave.
type result struct {
	name       string
	packages   int
	categories map[string]int
	errors     int
	wall       time.Duration
	maxRSS     int64 // kilobytes
	panics     bool
	identical  bool
	reports    []string // "file:line:col: category: message", sorted
	json       []byte   // the first run's -json output, canonicalised
	failure    string
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("corpus: ")
	flag.Parse()
	root, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	bin := filepath.Join(*work, "atomiccnt")
	if err := os.MkdirAll(*work, 0o755); err != nil {
		log.Fatal(err)
	}
	entries, err := modcopy.Select(modcopy.Entries(moduleList), *only)
	if err != nil {
		log.Fatal(err)
	}
	out := *outDir
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		log.Fatal(err)
	}
	if *triage != "" {
		verdicts, err := readVerdicts(*triage)
		if err != nil {
			log.Fatal(err)
		}
		table, err := triageTable(out, entries, verdicts)
		if err != nil {
			log.Fatal(err)
		}
		os.Stdout.Write(table)
		return
	}
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/atomiccnt").CombinedOutput(); err != nil {
		log.Fatalf("building atomiccnt: %v\n%s", err, out)
	}
	if *fixMode != "" {
		if *fixMode != "first" && *fixMode != "type" {
			log.Fatalf("-fix=%s: want first or type", *fixMode)
		}
		var results []*fixResult
		for _, e := range entries {
			if e == "std" || e == "runtime" {
				continue // the standard library cannot be built from a copy
			}
			log.Printf("%s ...", e)
			r := fixEntry(bin, e, *fixMode)
			log.Printf("%s: %d reports, %d fixes applied, build %s, vet %s, %d left %s", e, r.before, r.applied, r.build, r.vet, r.after, r.failure)
			results = append(results, r)
		}
		if err := os.WriteFile(filepath.Join(out, "fixes-"+*fixMode+".md"), fixTable(*fixMode, results), 0o644); err != nil {
			log.Fatal(err)
		}
		return
	}
	var results []*result
	for _, e := range entries {
		log.Printf("%s ...", e)
		r := runEntry(bin, e)
		log.Printf("%s: %d reports, %s, %d MB, identical=%v %s", e, len(r.reports), r.wall.Round(time.Second), r.maxRSS/1024, r.identical, r.failure)
		results = append(results, r)
		if err := os.WriteFile(filepath.Join(out, fileName(e)+".txt"), []byte(strings.Join(r.reports, "\n")+"\n"), 0o644); err != nil {
			log.Fatal(err)
		}
		if *raw {
			if err := os.WriteFile(filepath.Join(out, fileName(e)+".json"), r.json, 0o644); err != nil {
				log.Fatal(err)
			}
		}
	}
	scores, err := readMutantCounts(filepath.Join(root, *mutants), entries)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "README.md"), table(results, scores), 0o644); err != nil {
		log.Fatal(err)
	}
}

func fileName(entry string) string {
	return strings.NewReplacer("/", "_", "@", "_").Replace(entry)
}

// runEntry analyses one corpus entry *runs times.
func runEntry(bin, entry string) *result {
	r := &result{name: entry, categories: make(map[string]int), identical: true}
	dir, patterns, err := prepare(entry)
	if err != nil {
		r.failure = err.Error()
		return r
	}
	r.packages = countPackages(dir, patterns)
	var first []byte
	for i := range *runs {
		// Every tier, so that every report is counted and triaged; the
		// table says which are the default output's.
		cmdArgs := append([]string{"-json", "-confidence=low"}, strings.Fields(*args)...)
		cmd := exec.Command(bin, append(cmdArgs, patterns...)...)
		cmd.Dir = dir
		cmd.Env = modcopy.Env()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		runErr := cmd.Run()
		wall := time.Since(start)
		if cmd.ProcessState == nil {
			r.failure = runErr.Error()
			return r
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = max(r.maxRSS, ru.Maxrss)
		}
		if i == 0 {
			r.wall = wall
			first = stdout.Bytes()
		} else if !bytes.Equal(canonical(first), canonical(stdout.Bytes())) {
			r.identical = false
		}
		combined := stdout.String() + stderr.String()
		if strings.Contains(combined, "panic:") || goroutineTrace.MatchString(combined) || strings.Contains(combined, "internal error") {
			r.panics = true
		}
		if stderr.Len() > 0 && i == 0 {
			r.failure = firstLine(stderr.String())
		}
	}
	r.reports, r.errors = parse(first, dir, r.categories)
	r.json = canonical(first)
	return r
}

// canonical returns atomiccnt's -json output with the edits of each
// fix in file order. The drivers sort a fix's edits by token.Pos, which
// orders files by the order go/packages happened to parse them in, and
// that varies from run to run; the edits themselves do not.
func canonical(out []byte) []byte {
	var buf bytes.Buffer
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var tree map[string]map[string]any
		if err := dec.Decode(&tree); err != nil {
			break
		}
		for _, byAnalyzer := range tree {
			for _, v := range byAnalyzer {
				diags, _ := v.([]any)
				for _, d := range diags {
					fixes, _ := d.(map[string]any)["suggested_fixes"].([]any)
					for _, f := range fixes {
						edits, _ := f.(map[string]any)["edits"].([]any)
						slices.SortStableFunc(edits, func(x, y any) int {
							return strings.Compare(fmt.Sprint(x), fmt.Sprint(y))
						})
					}
				}
			}
		}
		data, _ := json.Marshal(tree) // maps marshal in key order
		buf.Write(data)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// goroutineTrace matches the header of a goroutine's stack trace,
// "goroutine 1 [running]:", and not the reports that name goroutines.
var goroutineTrace = regexp.MustCompile(`goroutine \d+ \[`)

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// prepare returns the directory to run in and the patterns to analyse.
// A module is copied out of the read-only module cache, so that the go
// command may write its go.sum.
func prepare(entry string) (string, []string, error) {
	switch entry {
	case "std", "runtime":
		return *work, []string{entry}, nil
	}
	dst := filepath.Join(*work, fileName(entry))
	if err := modcopy.Prepare(entry, dst); err != nil {
		return "", nil, err
	}
	return dst, []string{"./..."}, nil
}

func countPackages(dir string, patterns []string) int {
	cmd := exec.Command("go", append([]string{"list", "-e"}, patterns...)...)
	cmd.Dir = dir
	cmd.Env = modcopy.Env()
	out, err := cmd.Output()
	if err != nil {
		return 0
	}
	return len(strings.Fields(string(out)))
}

// parse reads atomiccnt's -json output: a map from package to analyzer
// to either a list of diagnostics or an error.
func parse(out []byte, dir string, categories map[string]int) (reports []string, errors int) {
	var tree map[string]map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		if err := dec.Decode(&tree); err != nil {
			break
		}
		for _, byAnalyzer := range tree {
			for _, raw := range byAnalyzer {
				var diags []struct {
					Posn, Category, Message string
				}
				if json.Unmarshal(raw, &diags) != nil {
					errors++
					continue
				}
				for _, d := range diags {
					categories[d.Category]++
					posn := strings.TrimPrefix(d.Posn, dir+string(filepath.Separator))
					posn = strings.TrimPrefix(posn, filepath.Join(runtime.GOROOT(), "src")+string(filepath.Separator))
					reports = append(reports, fmt.Sprintf("%s: %s: %s", posn, d.Category, d.Message))
				}
			}
		}
		tree = nil
	}
	slices.Sort(reports)
	reports = slices.Compact(reports) // test variants repeat their package's reports
	// Recount categories after de-duplication.
	clear(categories)
	for _, r := range reports {
		fields := strings.SplitN(r, ": ", 3)
		if len(fields) == 3 {
			categories[fields[1]]++
		}
	}
	return reports, errors
}

// categoryOrder is the order of the table's columns: every category
// but explain, which the corpus does not ask for.
var categoryOrder = func() []string {
	var ids []string
	for _, c := range category.All() {
		if c.ID != category.Explain {
			ids = append(ids, c.ID)
		}
	}
	return ids
}()

func table(results []*result, scores map[string]mutantCounts) []byte {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	fmt.Fprintf(w, "# Real-world corpus\n\n")
	fmt.Fprintf(w, "Generated by `go run ./internal/corpus` (%s, %s/%s, %d CPUs). Reports are\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Fprintf(w, "counted once per position and message (test variants repeat them); each\n")
	fmt.Fprintf(w, "module's reports are in the file named after it. Wall time and peak RSS\n")
	fmt.Fprintf(w, "are for the first run, with the build cache warm. The mutants are the\n")
	fmt.Fprintf(w, "last mutation run's ([mutants](../mutants/README.md)): mutants counted,\n")
	fmt.Fprintf(w, "caught, missed and not triaged, and missed but triaged equivalent; the\n")
	fmt.Fprintf(w, "runtime's with its baseline in force. The corpus runs atomiccnt with\n")
	fmt.Fprintf(w, "`-confidence=low`, so that every report is counted; high is those of\n")
	fmt.Fprintf(w, "the high tier, the default output.\n\n")
	fmt.Fprintf(w, "| module | packages | %s | total | high | errors | wall | peak RSS | panics | identical | mutants | caught | missed | equivalent |\n", strings.Join(categoryOrder, " | "))
	fmt.Fprintf(w, "|---|---:|%s---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|\n", strings.Repeat("---:|", len(categoryOrder)))
	for _, r := range results {
		if r.failure != "" && len(r.reports) == 0 && r.packages == 0 {
			fmt.Fprintf(w, "| %s | failed: %s |\n", r.name, r.failure)
			continue
		}
		var cells []string
		for _, c := range categoryOrder {
			cells = append(cells, fmt.Sprint(r.categories[c]))
		}
		high := 0
		for _, rep := range r.reports {
			if !lowTier(rep) {
				high++
			}
		}
		fmt.Fprintf(w, "| %s | %d | %s | %d | %d | %d | %.1f s | %d MB | %v | %v | %s |\n",
			r.name, r.packages, strings.Join(cells, " | "), len(r.reports), high, r.errors,
			r.wall.Seconds(), r.maxRSS/1024, yesNo(r.panics), yesNo(r.identical), scores[r.name].cells())
	}
	w.Flush()
	return b.Bytes()
}

// lowTier reports whether the report line rep is of the low tier, which
// atomiccnt -confidence=low marks at the end of its message.
func lowTier(rep string) bool { return strings.Contains(rep, "(low confidence: ") }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
