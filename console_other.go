//go:build !windows

package main

// attachConsole is needed on Windows only: elsewhere a program started from
// a terminal writes to it.
func attachConsole() {}
