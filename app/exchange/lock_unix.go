//go:build !windows

package exchange

import (
	"os"
	"syscall"
)

// holdFile locks f for as long as it is open, so that another program
// sweeping stale temporary files leaves it alone.
func holdFile(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) }

// removeIfStale removes the file at path unless a program holds it.
func removeIfStale(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return // being written
	}
	os.Remove(path)
}
