package atomiccntaudit_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/atomiccnt/atomiccnt/passes/atomiccntaudit"
)

// TestAudit checks that the audit analyzer reports the low tier, and
// only it: the test file's report, not the package's own.
func TestAudit(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), atomiccntaudit.Analyzer, "confidence")
}
