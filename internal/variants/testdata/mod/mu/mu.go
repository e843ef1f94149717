// Package mu's tests make Guard a lock, which a type's method set
// tells, not a selector.
package mu

type Guard struct{ held bool }
