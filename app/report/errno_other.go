//go:build !windows

package report

import "syscall"

func isLockErrno(e syscall.Errno) bool { return e == syscall.EBUSY || e == syscall.ETXTBSY }

func isDiskFullErrno(e syscall.Errno) bool { return e == syscall.ENOSPC || e == syscall.EDQUOT }
