package atomiccnt

import (
	"fmt"
	"go/token"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/internal/baseline"
	"github.com/atomiccnt/atomiccnt/internal/category"
)

// readBaseline reads the baseline file that -baseline names.
func readBaseline(name string) (*baseline.File, error) {
	b, err := baseline.Read(name)
	if err != nil && !filepath.IsAbs(name) {
		// go vet runs the tool in each package's directory.
		err = fmt.Errorf("%v (under go vet, a relative path is relative to each package's directory)", err)
	}
	return b, err
}

// applyBaseline returns qs, the pass's reports in order, without those
// that the baseline accepts, and with a report of each of its entries
// for this package that accepts more than there are. Reports in
// category explain are neither matched nor counted; reports of every
// tier are, so that an entry for a report of a tier not shown is not
// stale.
func (r *reporter) applyBaseline(qs []queued) []queued {
	pass := r.pass
	var files []string
	for _, f := range pass.Files {
		files = append(files, filepath.Base(pass.Fset.File(f.FileStart).Name()))
	}
	// at holds, for each report, the index of its key in keys, or -1
	// for a report that no entry can match.
	var keys []baseline.Key
	at := make([]int, len(qs))
	for i, q := range qs {
		at[i] = -1
		if q.d.Category == category.Explain {
			continue
		}
		if file := r.files.Of(q.d.Pos); file != nil {
			at[i] = len(keys)
			keys = append(keys, baseline.KeyOf(pass.Fset, file, pass.Pkg.Path(), q.d.Pos, q.d.Category))
		}
	}
	v := r.baseline.Judge(pass.Pkg.Path(), files, keys)
	var out []queued
	for i, q := range qs {
		j := at[i]
		switch {
		case j < 0:
			out = append(out, q)
		case v.Accepted[j]:
			if r.explain {
				msg := fmt.Sprintf("not reported: %s: the baseline accepts it (%s)", q.d.Message, r.acceptedBy(keys[j]))
				out = append(out, queued{d: r.explained(q.d, msg)})
			}
		default:
			if e, ok := v.Exceeded[keys[j]]; ok {
				q.d.Message += e.ExceededNote()
			}
			out = append(out, q)
		}
	}
	if len(v.Stale) > 0 {
		tf := r.baselineFile()
		for _, s := range v.Stale {
			out = append(out, queued{d: analysis.Diagnostic{
				Pos:      tf.LineStart(s.Line),
				Category: category.Baseline,
				URL:      docURL + "#" + category.Anchor(category.Baseline),
				Message:  s.Describe(),
			}})
		}
	}
	return out
}

// baselineFile adds the baseline file to the pass's file set, so that
// reports can point into it, as they point into the package's files.
func (r *reporter) baselineFile() *token.File {
	b := r.baseline
	tf := r.pass.Fset.AddFile(b.Name, -1, len(b.Data))
	tf.SetLinesForContent(b.Data)
	return tf
}

// acceptedBy names the baseline's entry for k, and its reason.
func (r *reporter) acceptedBy(k baseline.Key) string {
	for _, e := range r.baseline.Entries {
		if e.Key == k {
			where := fmt.Sprintf("%s:%d", filepath.Base(r.baseline.Name), e.Line)
			if e.Reason == "" {
				return where
			}
			return where + ": " + e.Reason
		}
	}
	return filepath.Base(r.baseline.Name)
}
