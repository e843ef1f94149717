// This file contains tests for the atomiccnt checker's no-return facts.

package lib

import "os"

func Fatal(msg string) { // want Fatal:"noreturn"
	println(msg)
	os.Exit(1)
}

type Logger struct{ prefix string }

func (l *Logger) Panic(msg string) { // want Panic:"noreturn"
	panic(l.prefix + msg)
}

// exit cannot return either, but no other package can call it.
func exit() { os.Exit(2) }

func Checked(err error) {
	if err != nil {
		exit()
	}
}

// Must never returns, though it has a result, so its calls are
// expressions, not call statements.
func Must(err error) int { // want Must:"noreturn"
	panic(err)
}
