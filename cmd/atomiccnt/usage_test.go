package main_test

import (
	"strings"
	"testing"
)

// TestUsageErrors checks that a usage error prints the error and a
// line pointing at -help, not the help, and exits 2, whichever driver
// the rest of the command line would have chosen.
func TestUsageErrors(t *testing.T) {
	bin := buildTool(t)
	dir := writeModule(t, "crosspkg.txtar")
	const hint = "run 'atomiccnt -help' for usage\n"
	for _, tc := range []struct {
		args string
		want string
	}{
		{"-nosuchflag ./...", "flag provided but not defined: -nosuchflag\n"},
		{"-json -nosuchflag ./...", "flag provided but not defined: -nosuchflag\n"},
		{"-format=sarif -nosuchflag ./...", "flag provided but not defined: -nosuchflag\n"},
		{"-format=xml ./...", `invalid value "xml" for flag -format: want text or sarif` + "\n"},
		{"-reads=maybe ./...", `invalid boolean value "maybe" for -reads: parse error` + "\n"},
		{"-c", "flag needs an argument: -c\n"},
		{"", "usage: atomiccnt [flags] packages...\n"},
		{"-json", "usage: atomiccnt [flags] packages...\n"},
		{"-format=sarif -reads=false", "usage: atomiccnt [flags] packages...\n"},
		{"-format=sarif -fix ./...", "atomiccnt: -format=sarif does not take -fix\n"},
		{"-json -diff ./...", "atomiccnt: -json does not take -diff: -fix prints what it leaves as text\n"},
	} {
		out, code := run(t, dir, bin, strings.Fields(tc.args)...)
		if code != 2 || out != tc.want+hint {
			t.Errorf("atomiccnt %s: exit %d, output:\n%s\nwant exit 2, output:\n%s", tc.args, code, out, tc.want+hint)
		}
	}
}
