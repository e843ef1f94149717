package atomiccnt

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/atomiccnt/atomiccnt/internal/category"
)

// reportContracts reports the calls that break a checklocks
// annotation of their callee: the lock analysis (package locks) takes
// the annotation as held in the callee, so a call without the lock is
// where its accesses may race.
func (c *checker) reportContracts() {
	ev := evidence{tier: tierHigh, why: "the call breaks a contract the code declares"}
	for _, v := range c.locks.Violations() {
		pos := v.Call.Pos()
		if c.directives.forces(c.pass.Fset, pos) || c.directives.covers(c.pass.Fset, pos, v.Call.Parent()) {
			continue
		}
		c.out.reportWith(analysis.Diagnostic{
			Pos:      pos,
			Category: category.Contract,
			Message: fmt.Sprintf("call of %s without %s held, which its annotation %s requires",
				v.Callee.RelString(c.pass.Pkg), v.Lock, v.Annotation),
		}, &ev)
	}
}
