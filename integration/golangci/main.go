// Command golangci-lint is golangci-lint v2 with the atomiccnt module
// plugin compiled in: what "golangci-lint custom" builds from
// .custom-gcl.yml, built here without its git clone of golangci-lint,
// from the module proxy alone. run.sh builds and exercises it.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	// The plugin registers itself, as the plugins.go that
	// "golangci-lint custom" generates would make it.
	_ "github.com/atomiccnt/atomiccnt/plugin/golangci"
)

func main() {
	// "(devel)" makes golangci-lint salt its analysis cache with the
	// binary's hash, so a rebuilt plugin never reuses stale results.
	info := commands.BuildInfo{Version: "(devel)", Commit: "atomiccnt integration build", Date: "(unknown)"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
	}
	if err := commands.Execute(info); err != nil {
		if silencesErrors(os.Args[1:]) {
			fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		}
		os.Exit(exitcodes.Failure)
	}
}

// silencesErrors reports whether the golangci-lint command that args run
// leaves its error to main. Cobra prints a command's error itself
// ("Error: ...") unless the command silences it, as migrate and config
// verify do; printing it again here would show every other error twice.
func silencesErrors(args []string) bool {
	var words []string
	for _, arg := range args {
		if arg == "--" {
			break
		}
		if !strings.HasPrefix(arg, "-") {
			words = append(words, arg)
		}
	}
	switch {
	case len(words) >= 1 && words[0] == "migrate":
		return true
	case len(words) >= 2 && words[0] == "config" && words[1] == "verify":
		return true
	}
	return false
}
