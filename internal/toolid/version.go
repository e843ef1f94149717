package toolid

import (
	"runtime"
	"runtime/debug"
)

// Version returns the line a bare -V prints for the command name: the
// module's version, or, built from a clone, devel and the commit; and
// the Go it was built with.
func Version(name string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return name + " (unknown version)"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	return name + " " + v + " " + runtime.Version()
}
