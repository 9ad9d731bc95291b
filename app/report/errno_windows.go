//go:build windows

package report

import "syscall"

// Windows error codes: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION (a file
// open in Excel), ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL.
func isLockErrno(e syscall.Errno) bool { return e == 32 || e == 33 }

func isDiskFullErrno(e syscall.Errno) bool { return e == 39 || e == 112 }
