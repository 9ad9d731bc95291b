//go:build windows

package main

import (
	"os"
	"syscall"
)

// attachConsole makes the output of the headless flags reach the console the
// program was started from: a GUI-subsystem program has none of its own.
// Output already redirected (to a file or a pipe) stays where it goes.
// Started from Explorer there is no parent console and nothing changes.
func attachConsole() {
	if valid(os.Stdout) && valid(os.Stderr) {
		return
	}
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := attach.Call(attachParentProcess); r == 0 {
		return
	}
	out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if !valid(os.Stdout) {
		os.Stdout = out
	}
	if !valid(os.Stderr) {
		os.Stderr = out
	}
}

// valid reports whether f is a handle the program can write to.
func valid(f *os.File) bool {
	if f == nil {
		return false
	}
	h := syscall.Handle(f.Fd())
	if h == syscall.InvalidHandle || h == 0 {
		return false
	}
	_, err := syscall.GetFileType(h)
	return err == nil
}
