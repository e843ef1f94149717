// Package dep stands for a third-party package, whose import path has
// a dot in its first element.
package dep

func Use(n int64) int64 { return n }
