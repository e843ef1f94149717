// Package gate's variable is accessed atomically only by its tests, so
// user's variant compiled against gate's test variant imports a fact
// that user's own does not.
package gate

type State struct{ On int32 }

var Global State
