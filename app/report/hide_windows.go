package report

import "syscall"

// hide keeps an export's temporary file out of sight in Explorer.
func hide(path string) {
	if p, err := syscall.UTF16PtrFromString(path); err == nil {
		if attrs, err := syscall.GetFileAttributes(p); err == nil {
			syscall.SetFileAttributes(p, attrs|syscall.FILE_ATTRIBUTE_HIDDEN)
		}
	}
}
