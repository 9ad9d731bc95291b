//go:build !windows

package app

import (
	"path/filepath"
	"strings"
	"syscall"
)

// Magic numbers of network file systems (statfs f_type on Linux).
var networkFS = map[int64]bool{
	0x6969: true, 0x517B: true, 0xFF534D42: true, 0xFE534D42: true, // NFS, SMB, CIFS, SMB2
	0x65735546: true, // FUSE (sshfs and the like)
}

func storageKindOf(path string) string {
	for _, prefix := range []string{"/media/", "/run/media/"} {
		if strings.HasPrefix(path, prefix) {
			return storageRemovable
		}
	}
	var st syscall.Statfs_t
	if syscall.Statfs(filepath.Dir(path), &st) == nil && networkFS[int64(st.Type)] {
		return storageNetwork
	}
	return storageLocal
}
