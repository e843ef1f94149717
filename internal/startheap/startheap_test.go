package startheap

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestStartPercent(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		goal, current uint64
		percent, want int
	}{
		{128 * mb, 4 * mb, 100, 3200},
		{128 * mb, 4 * mb, 50, 1600}, // the goal scales with GOGC
		{6 * mb, 4 * mb, 100, 150},
		{4 * mb, 4 * mb, 100, 100}, // already there
		{2 * mb, 4 * mb, 100, 100}, // never lowered
		{128 * mb, 4 * mb, -1, -1}, // the collector is off
		{128 * mb, 0, 100, 100},    // no goal to scale
		{1 << 62, 1, 100, math.MaxInt32},
	} {
		if got := startPercent(tc.goal, tc.current, tc.percent); got != tc.want {
			t.Errorf("startPercent(%d, %d, %d) = %d, want %d", tc.goal, tc.current, tc.percent, got, tc.want)
		}
	}
}

// childEnv marks the test binary run by TestSet, in which TestMain
// calls Set before anything else can start the collector.
const childEnv = "STARTHEAP_TEST_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		if err := child(mode); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestSet runs child in a fresh process, without GOGC or GOMEMLIMIT.
func TestSet(t *testing.T) {
	runChild(t, "raise")
}

// TestSetEnv runs child with GOGC set, which Set must leave alone.
func TestSetEnv(t *testing.T) {
	runChild(t, "env", "GOGC=100")
}

func runChild(t *testing.T, mode string, env ...string) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GOGC=") || strings.HasPrefix(kv, "GOMEMLIMIT=")
	})
	cmd.Env = append(cmd.Env, env...)
	cmd.Env = append(cmd.Env, childEnv+"="+mode)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

var live [][]byte

// child checks that after Set(64 MB) the heap holds 40 MB without a
// collection, which at the default GOGC takes several, and that GOGC is
// back at 100 once a collection has run. In mode "env", GOGC is set in
// the environment and must stay as it is.
func child(mode string) error {
	const mb = 1 << 20
	Set(64 * mb)
	if mode == "env" {
		if gogc := read("/gc/gogc:percent"); gogc != 100 {
			return fmt.Errorf("GOGC after Set with GOGC=100 in the environment = %d", gogc)
		}
		return nil
	}
	if gogc := read("/gc/gogc:percent"); gogc <= 100 {
		return fmt.Errorf("GOGC after Set = %d, want it raised", gogc)
	}
	for range 40 {
		live = append(live, make([]byte, mb))
	}
	if n := read("/gc/cycles/total:gc-cycles"); n != 0 {
		return fmt.Errorf("%d collections with 40 MB allocated, want none", n)
	}
	deadline := time.Now().Add(10 * time.Second)
	for read("/gc/gogc:percent") != 100 {
		if time.Now().After(deadline) {
			return fmt.Errorf("GOGC still %d after a collection", read("/gc/gogc:percent"))
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	return nil
}

func read(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
