package app

import (
	"path/filepath"

	"golang.org/x/sys/windows"
)

func storageKindOf(path string) string {
	root := filepath.VolumeName(path) + `\`
	p, err := windows.UTF16PtrFromString(root)
	if err != nil {
		return storageLocal
	}
	switch windows.GetDriveType(p) {
	case windows.DRIVE_REMOTE:
		return storageNetwork
	case windows.DRIVE_REMOVABLE:
		return storageRemovable
	}
	return storageLocal
}
