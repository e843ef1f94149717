package main

import (
	"github.com/atomiccnt/atomiccnt/internal/sarif"
	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// rules describes atomiccnt's diagnostic categories as SARIF rules. The
// texts are the "# Category" sections of passes/atomiccnt/doc.go, and
// the help URIs their pkg.go.dev anchors, which the diagnostics' URLs
// point to as well; TestRulesMatchDoc keeps both in step.
var rules = []sarif.RuleInfo{
	{
		ID:      "plainwrite",
		Name:    "PlainWrite",
		Short:   "A plain write to a location that is accessed atomically elsewhere.",
		Full:    "A plain write (x.f = v, x.f++, x.f += n, x.f |= m, or a copy of a whole array) to a location that is accessed atomically elsewhere. Every write to a location shared between goroutines must be atomic, or be ordered with all other accesses by a lock or another happens-before edge: an atomic reader does not make a plain writer safe. Use the atomic function matching the read-modify-write (atomic.AddUint32(&x.f, 1) for x.f++), or change the field's type to a typed atomic such as atomic.Uint32.",
		HelpURI: categoryURL("plainwrite"),
	},
	{
		ID:      "plainread",
		Name:    "PlainRead",
		Short:   "A plain read of a location that is written atomically elsewhere.",
		Full:    "A plain read of a location that is written atomically elsewhere: the reader races with the atomic writers and may see a stale or torn value. Read it with the matching atomic load (atomic.LoadInt64(&s.n)). Use -reads=false to report only writes.",
		HelpURI: categoryURL("plainread"),
	},
	{
		ID:      "structcopy",
		Name:    "StructCopy",
		Short:   "A copy of a whole struct that includes a field accessed atomically elsewhere.",
		Full:    "A copy of a whole struct value that includes a field accessed atomically elsewhere: snap := *s.stats, passing *p by value, calling a method with a value receiver through a pointer, or assigning *s = Stats{}. The copy reads (or writes) every field plainly, so it races with the atomic accesses just as a plain access to the field would. Copy the fields one by one with atomic loads, or make the field a typed atomic, which go vet's copylocks check then keeps from being copied.",
		HelpURI: categoryURL("structcopy"),
	},
	{
		ID:      "concurrentwrite",
		Name:    "ConcurrentWrite",
		Short:   "A plain write to a counter that a concurrent context reads.",
		Full:    "A plain write to a counter (with -allconcurrent, any location) that a concurrent context (the garbage collector, a function marked //atomiccnt:concurrent) reads without a lock the write holds. No access to the counter need be atomic: the concurrent read makes it shared, and the write races with it. Make the write and the read atomic (atomic.AddInt64(&s.n, 1) for s.n++, atomic.LoadInt64(&s.n) for the read), change the field to a typed atomic, or hold the same lock on both sides.",
		HelpURI: categoryURL("concurrentwrite"),
	},
	{
		ID:      "concurrentread",
		Name:    "ConcurrentRead",
		Short:   "A concurrent context's plain read of a counter that other code writes plainly.",
		Full:    "A plain read, by a concurrent context, of a counter that other code writes plainly without a lock the read holds: the read may see a torn or stale value. Read it atomically, and make the writes atomic too. Use -reads=false to report only writes.",
		HelpURI: categoryURL("concurrentread"),
	},
	{
		ID:      "importedwrite",
		Name:    "ImportedWrite",
		Short:   "An atomic access to a variable that an imported package writes plainly.",
		Full:    "An atomic access to a variable that an imported package writes plainly. The imported package could not see this package's atomic access when it was analysed, so the conflict is reported here, at the atomic access, naming the plain write. The fix belongs in the imported package: its writes must become atomic too.",
		HelpURI: categoryURL("importedwrite"),
	},
	{
		ID:      "explain",
		Name:    "Explain",
		Short:   "With -explain, a plain access that is not reported, and the rule that spared it.",
		Full:    "Reported only with -explain: a plain access to an atomically accessed location that is not reported, and the rule that spared it (an unpublished local object, an exclusive phase, a directive, a lock that every conflicting atomic access holds too, the writer reading back its own value, or atomic accesses only to other memory, such as a sealed container). Use it to audit the analyzer's exemptions.",
		HelpURI: categoryURL("explain"),
	},
	{
		ID:      "directive",
		Name:    "Directive",
		Short:   "An atomiccnt directive without a reason, or out of place.",
		Full:    "An //atomiccnt:ignore or //atomiccnt:concurrent directive without a reason, or an //atomiccnt:concurrent directive outside a function's doc comment. Such a directive has no effect until it says why the access is safe or why the function runs concurrently.",
		HelpURI: categoryURL("directive"),
	},
}

// categoryURL is the pkg.go.dev anchor of the category's doc heading.
func categoryURL(category string) string {
	return atomiccnt.Analyzer.URL + "#hdr-Category_" + category
}
