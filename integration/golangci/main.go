// Command golangci-lint is golangci-lint v2 with the atomiccnt module
// plugin compiled in: what "golangci-lint custom" builds from
// .custom-gcl.yml, built here without its git clone of golangci-lint,
// from the module proxy alone. run.sh builds and exercises it.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

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
		fmt.Fprintf(os.Stderr, "golangci-lint: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
