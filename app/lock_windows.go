package app

import (
	"os"
	"syscall"

	"golang.org/x/sys/windows"
)

// The lock covers a byte far past the text, since Windows locks are
// mandatory: a second window must still read who holds the lock.
const lockOffset = 1 << 30

func lockFile(f *os.File) error {
	ol := windows.Overlapped{Offset: lockOffset}
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
}

func unlockFile(f *os.File) {
	ol := windows.Overlapped{Offset: lockOffset}
	windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, &ol)
}

// hideLock keeps the lock file out of sight in Explorer.
func hideLock(path string) {
	if p, err := syscall.UTF16PtrFromString(path); err == nil {
		if attrs, err := syscall.GetFileAttributes(p); err == nil {
			syscall.SetFileAttributes(p, attrs|syscall.FILE_ATTRIBUTE_HIDDEN)
		}
	}
}
