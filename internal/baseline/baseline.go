// Package baseline reads, writes and matches atomiccnt's baseline
// files: the reports a project has accepted as they are, so that only
// new ones are reported.
//
// An entry names a report by what survives unrelated edits: the
// package, the file (its base name), the function declaration that
// holds it, the category, and the location as the code writes it
// (fb.cnt, *s.stats), with how many such reports the entry accepts and
// why. Line numbers are not part of it, so lines can move.
//
// The file is text, one entry per line, in the order Format writes:
//
//	# comment
//	runtime mfinal.go queuefinalizer plainwrite finq.cnt 1 # reason
//
// A field that holds a space, a '#' or a quote is written quoted, as
// a Go string literal.
package baseline

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// A Key names a report, stably.
type Key struct {
	Package  string // the package's path, as the pass sees it (p_test for an external test)
	File     string // the base name of the file
	Func     string // the function declaration that holds it: f, T.m, (*T).m; "-" outside any
	Category string
	Location string // the location as written at the report, without spaces
}

func (k Key) compare(l Key) int {
	return cmp.Or(cmp.Compare(k.Package, l.Package), cmp.Compare(k.File, l.File),
		cmp.Compare(k.Func, l.Func), cmp.Compare(k.Category, l.Category),
		cmp.Compare(k.Location, l.Location))
}

// String renders k as the fields of its entry's line.
func (k Key) String() string {
	return strings.Join([]string{field(k.Package), field(k.File), field(k.Func), field(k.Category), field(k.Location)}, " ")
}

// An Entry accepts Count reports with its key.
type Entry struct {
	Key
	Count  int
	Reason string
	// Line is the entry's line in the file it was read from; 0 for an
	// entry that was not read.
	Line int
}

// A File is a parsed baseline.
type File struct {
	Name    string
	Data    []byte // the file's contents, for positions
	Entries []Entry
}

// Read reads and parses the baseline file name.
func Read(name string) (*File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return Parse(name, data)
}

// Parse parses data, the contents of the baseline file name. An error
// names the line at fault.
func Parse(name string, data []byte) (*File, error) {
	f := &File{Name: name, Data: data}
	seen := make(map[Key]int)
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		fields, reason, err := splitLine(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 6 {
			return nil, fmt.Errorf("%s:%d: want 6 fields (package file function category location count), have %d", name, n, len(fields))
		}
		count, err := strconv.Atoi(fields[5])
		if err != nil || count < 1 {
			return nil, fmt.Errorf("%s:%d: the count %q is not a positive number", name, n, fields[5])
		}
		e := Entry{Key: Key{fields[0], fields[1], fields[2], fields[3], fields[4]}, Count: count, Reason: reason, Line: n}
		if prev, dup := seen[e.Key]; dup {
			return nil, fmt.Errorf("%s:%d: the same entry as line %d: add the counts", name, n, prev)
		}
		seen[e.Key] = n
		f.Entries = append(f.Entries, e)
	}
	return f, nil
}

// splitLine returns the fields of line, and the reason after its '#';
// a line that is only a comment has no fields.
func splitLine(line string) (fields []string, reason string, err error) {
	s := strings.TrimSpace(line)
	for s != "" {
		switch {
		case s[0] == '#':
			if len(fields) == 0 {
				return nil, "", nil // a comment line
			}
			return fields, strings.TrimSpace(s[1:]), nil
		case s[0] == '"':
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil, "", fmt.Errorf("bad quoted field %s", s)
			}
			v, _ := strconv.Unquote(q)
			fields = append(fields, v)
			s = s[len(q):]
			if s != "" && !unicode.IsSpace(rune(s[0])) {
				return nil, "", fmt.Errorf("no space after the quoted field %s", q)
			}
		default:
			end := strings.IndexFunc(s, unicode.IsSpace)
			if end < 0 {
				end = len(s)
			}
			fields = append(fields, s[:end])
			s = s[end:]
		}
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
	}
	return fields, "", nil
}

// field quotes s if it would not read back as one field.
func field(s string) string {
	if s == "" || strings.ContainsAny(s, "#\"") || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

const header = `# atomiccnt baseline: reports accepted as they are. atomiccnt -baseline=FILE
# reports only what this file does not accept, and the entries that no
# longer match. Each line: package, file, function, category, location as
# written, how many such reports it accepts, and after '#' why.
`

// Format returns the baseline file of entries, sorted by key.
func Format(entries []Entry) []byte {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b Entry) int { return a.compare(b.Key) })
	var buf bytes.Buffer
	buf.WriteString(header)
	for _, e := range sorted {
		fmt.Fprintf(&buf, "%s %d", e.Key, e.Count)
		if e.Reason != "" {
			fmt.Fprintf(&buf, " # %s", e.Reason)
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// Count returns one entry for each key in keys, with its number of
// occurrences, and the reason that old, if not nil, gives it.
func Count(keys []Key, old *File) []Entry {
	reasons := make(map[Key]string)
	if old != nil {
		for _, e := range old.Entries {
			reasons[e.Key] = e.Reason
		}
	}
	counts := make(map[Key]int)
	var entries []Entry
	for _, k := range keys {
		if counts[k] == 0 {
			entries = append(entries, Entry{Key: k, Reason: reasons[k]})
		}
		counts[k]++
	}
	for i := range entries {
		entries[i].Count = counts[entries[i].Key]
	}
	return entries
}

// KeyOf returns the key of a report in category at pos, in file, of
// the package whose path is pkgPath.
func KeyOf(fset *token.FileSet, file *ast.File, pkgPath string, pos token.Pos, category string) Key {
	k := Key{Package: pkgPath, Func: "-", Category: category, Location: "-"}
	if tf := fset.File(pos); tf != nil {
		k.File = filepath.Base(tf.Name())
	}
	// The only declaration that can hold pos is the first that ends
	// after it.
	i, _ := slices.BinarySearchFunc(file.Decls, pos, func(d ast.Decl, pos token.Pos) int {
		if d.End() <= pos {
			return -1
		}
		return 1
	})
	if i == len(file.Decls) || pos < file.Decls[i].Pos() {
		return k
	}
	decl := file.Decls[i]
	if fd, ok := decl.(*ast.FuncDecl); ok {
		k.Func = funcName(fd)
	}
	if x := operand(decl, pos); x != nil {
		k.Location = strings.Join(strings.Fields(types.ExprString(x)), "")
	}
	return k
}

// funcName names a function declaration as go doc does: f, T.m,
// (*T).m, without type parameters.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	star := false
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = true, s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	name := types.ExprString(t)
	if star {
		return "(*" + name + ")." + fd.Name.Name
	}
	return name + "." + fd.Name.Name
}

// operand returns the outermost expression around pos, within decl,
// that names memory: an identifier, a selection, an index, a
// dereference, or one of these in parentheses or with its address
// taken; or, if pos is in no such expression, the innermost expression
// that holds it.
func operand(decl ast.Decl, pos token.Pos) ast.Expr {
	var path []ast.Expr
	ast.Inspect(decl, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		if x, ok := n.(ast.Expr); ok {
			path = append(path, x)
		}
		return true
	})
	if len(path) == 0 {
		return nil
	}
	i := len(path) - 1
	for i > 0 && namesMemory(path[i]) && namesMemory(path[i-1]) {
		i--
	}
	return path[i]
}

func namesMemory(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.StarExpr, *ast.ParenExpr:
		return true
	case *ast.UnaryExpr:
		return x.Op == token.AND
	}
	return false
}

// A Verdict is what a baseline makes of one analysis's reports.
type Verdict struct {
	// Accepted says, for each report, whether an entry accepts it: one
	// with its key, that accepts at least as many reports as have it.
	Accepted []bool
	// Exceeded holds the entries that accept fewer reports than have
	// their key. None of those reports is accepted: nothing tells the
	// new one from the old.
	Exceeded map[Key]Entry
	// Stale holds the entries, among those that the analysis could
	// match, that accept more reports than have their key, with the
	// number that do.
	Stale []Stale
}

// A Stale entry accepts more reports than there are.
type Stale struct {
	Entry
	Found int
}

// Judge matches keys, the keys of the reports of one analysis of
// package pkgPath whose files have the base names files, against f's
// entries. Only entries for those files can match, so an analysis
// without a package's test files does not find the entries for them
// stale.
func (f *File) Judge(pkgPath string, files []string, keys []Key) Verdict {
	counts := make(map[Key]int)
	for _, k := range keys {
		counts[k]++
	}
	v := Verdict{Accepted: make([]bool, len(keys))}
	entries := make(map[Key]Entry)
	for _, e := range f.Entries {
		if e.Package != pkgPath || !slices.Contains(files, e.File) {
			continue
		}
		entries[e.Key] = e
		switch n := counts[e.Key]; {
		case n > e.Count:
			if v.Exceeded == nil {
				v.Exceeded = make(map[Key]Entry)
			}
			v.Exceeded[e.Key] = e
		case n < e.Count:
			v.Stale = append(v.Stale, Stale{e, n})
		}
	}
	for i, k := range keys {
		e, ok := entries[k]
		v.Accepted[i] = ok && counts[k] <= e.Count
	}
	return v
}

// ExceededNote is what a report says whose entry accepts fewer reports
// than have its key.
func (e Entry) ExceededNote() string {
	return fmt.Sprintf(" (the baseline accepts %d such report%s in %s, and there are more)", e.Count, plural(e.Count, "", "s"), e.Func)
}

// Describe says what is wrong with a stale entry.
func (s Stale) Describe() string {
	if s.Found == 0 {
		return fmt.Sprintf("baseline entry %s matches no report: remove it", s.Key)
	}
	return fmt.Sprintf("baseline entry %s accepts %d reports, and %d remain%s: set its count to %d", s.Key, s.Count, s.Found, plural(s.Found, "s", ""), s.Found)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
