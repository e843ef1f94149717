// Package golangci is atomiccnt as a golangci-lint v2 module plugin.
//
// Build a golangci-lint that contains it with a .custom-gcl.yml:
//
//	version: v2.15.0
//	plugins:
//	  - module: github.com/atomiccnt/atomiccnt
//	    import: github.com/atomiccnt/atomiccnt/plugin/golangci
//	    version: latest
//
// and enable it in .golangci.yml:
//
//	linters:
//	  enable:
//	    - atomiccnt
//	  settings:
//	    custom:
//	      atomiccnt:
//	        type: module
//	        settings:
//	          reads: false
//
// The settings are the analyzer's flags, by name, with values of the
// flag's type: reads (default true), explain, allconcurrent and
// goroutines (default false), all booleans, and confidence, the lowest
// tier reported ("high", the default, or "low"). Any other setting is
// an error, so that a misspelt one does not pass silently.
package golangci

import (
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/internal/reshape"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

func init() { register.Plugin("atomiccnt", New) }

// New returns the plugin configured by settings, the value of the
// linter's "settings" key in .golangci.yml (nil when it has none).
func New(settings any) (register.LinterPlugin, error) {
	a, err := configure(atomiccnt.Analyzer, settings)
	if err != nil {
		return nil, err
	}
	forGolangci(a)
	return &plugin{analyzer: a}, nil
}

// forGolangci shapes a's diagnostics for golangci-lint:
//   - each carries only its first suggested fix. The analysis API's fixes
//     are alternatives, and atomiccnt's second fix (changing the field's
//     type) is an alternative to its first (making the access atomic);
//     but golangci-lint's --fix applies every fix of a diagnostic, and
//     when two conflict it drops all of atomiccnt's edits in the file.
//     The first fix is the one atomiccnt -fix applies.
//   - none carries related information. golangci-lint makes each related
//     location an issue of its own, at the conflicting atomic access,
//     which a //nolint:atomiccnt on the report's line does not cover:
//     a run with every report suppressed, or fixed, would still fail.
//     The message names the conflicting access and its place already.
func forGolangci(a *analysis.Analyzer) {
	reshape.Diagnostics(a, func(d *analysis.Diagnostic) {
		reshape.FirstFix(d)
		d.Related = nil
	})
}

type plugin struct{ analyzer *analysis.Analyzer }

func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// GetLoadMode asks for type information: atomiccnt reads the types of
// every expression and builds SSA from them, which golangci-lint's
// syntax-only mode does not provide.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// configure returns a copy of base whose flags are fresh copies of
// base's, set from settings. The copy keeps the package's Analyzer,
// and any other driver in the same process, unaffected; the analyzer
// reads its flags from pass.Analyzer, which is the copy.
func configure(base *analysis.Analyzer, settings any) (*analysis.Analyzer, error) {
	a := *base
	a.Flags = flag.FlagSet{}
	a.Flags.Init(base.Name, flag.ContinueOnError)
	var cloneErr error
	base.Flags.VisitAll(func(f *flag.Flag) {
		if f.Name == "baseline" {
			// golangci-lint has its own way to adopt a linter on old
			// code (new-from-rev, exclusions), and caches results by
			// its configuration, which would not see the file change.
			return
		}
		if err := cloneFlag(&a.Flags, f); err != nil && cloneErr == nil {
			cloneErr = err
		}
	})
	if cloneErr != nil {
		return nil, cloneErr
	}

	values, err := decodeSettings(settings)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names) // report the first bad setting deterministically
	for _, name := range names {
		f := a.Flags.Lookup(name)
		if f == nil {
			return nil, fmt.Errorf("atomiccnt: unknown setting %q (known settings: %s)", name, known(&a.Flags))
		}
		s, err := flagString(f, values[name])
		if err != nil {
			return nil, fmt.Errorf("atomiccnt: setting %q: %v", name, err)
		}
		if err := a.Flags.Set(name, s); err != nil {
			return nil, fmt.Errorf("atomiccnt: setting %q: %v", name, err)
		}
	}
	return &a, nil
}

// decodeSettings turns golangci-lint's settings value, which comes from
// YAML as nested maps, into one raw JSON value per key.
func decodeSettings(settings any) (map[string]json.RawMessage, error) {
	if settings == nil {
		return nil, nil
	}
	data, err := json.Marshal(settings)
	if err != nil {
		return nil, fmt.Errorf("atomiccnt: settings: %v", err)
	}
	var values map[string]json.RawMessage
	if err := json.Unmarshal(data, &values); err != nil {
		return nil, fmt.Errorf("atomiccnt: settings must be a mapping of names to values, not %s", data)
	}
	return values, nil
}

// flagString converts a setting's value to the string that f.Value.Set
// parses, checking it has f's type: a boolean flag takes a YAML boolean,
// not the string "false", which would be too easy to misread.
func flagString(f *flag.Flag, raw json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	getter, _ := f.Value.(flag.Getter)
	switch getter.Get().(type) {
	case bool:
		b, ok := v.(bool)
		if !ok {
			return "", fmt.Errorf("want true or false, got %s", raw)
		}
		return strconv.FormatBool(b), nil
	case string:
		s, ok := v.(string)
		if !ok {
			return "", fmt.Errorf("want a string, got %s", raw)
		}
		return s, nil
	default:
		if _, ok := v.(float64); !ok {
			return "", fmt.Errorf("want a number, got %s", raw)
		}
		return string(raw), nil
	}
}

// cloneFlag defines on fs a flag with f's name, usage and default, and
// its own storage.
func cloneFlag(fs *flag.FlagSet, f *flag.Flag) error {
	getter, ok := f.Value.(flag.Getter)
	if !ok {
		return fmt.Errorf("atomiccnt: flag -%s has a value type the plugin cannot copy", f.Name)
	}
	switch v := getter.Get().(type) {
	case bool:
		fs.Bool(f.Name, v, f.Usage)
	case string:
		fs.String(f.Name, v, f.Usage)
	case int:
		fs.Int(f.Name, v, f.Usage)
	case float64:
		fs.Float64(f.Name, v, f.Usage)
	default:
		return fmt.Errorf("atomiccnt: flag -%s has a value type (%T) the plugin cannot copy", f.Name, v)
	}
	// The default is the flag's definition, not its current value,
	// which a command line may have changed.
	return fs.Set(f.Name, f.DefValue)
}

func known(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return strings.Join(names, ", ")
}
