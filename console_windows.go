//go:build windows

package main

import (
	"os"
	"syscall"
)

// attachConsole makes the output of the headless flags reach the console the
// program was started from: a GUI-subsystem program has none of its own.
// Started from Explorer there is no parent console and nothing changes.
func attachConsole() {
	const attachParentProcess = ^uintptr(0) // (DWORD)-1
	kernel32 := syscall.NewLazyDLL("kernel32.dll")
	attach := kernel32.NewProc("AttachConsole")
	if r, _, _ := attach.Call(attachParentProcess); r == 0 {
		return
	}
	if out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		os.Stdout, os.Stderr = out, out
	}
}
