package atomiccnt_test

import (
	"os"
	"testing"

	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"
)

// TestMain runs the tests with -confidence=low: the rule tests judge
// every report, whatever its tier, or a test file's expected reports
// would pass unseen. The tests of the tiers (confidence_test.go) set
// the default back.
func TestMain(m *testing.M) {
	if err := atomiccnt.Analyzer.Flags.Set("confidence", "low"); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
