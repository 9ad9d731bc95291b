package app

import (
	"path/filepath"
	"strings"
)

// Where a database lives, as far as losing data is concerned.
const (
	storageLocal     = ""
	storageNetwork   = "network"
	storageRemovable = "removable"
)

// storageKind tells whether path is on a network share or a removable
// drive, where a dropped connection or a stick pulled out while saving can
// lose data: by its form (a UNC path \\server\share) and by what the system
// says of its drive (storageKindOf, per system).
func storageKind(path string) string {
	if strings.HasPrefix(path, `\\`) || strings.HasPrefix(path, "//") {
		return storageNetwork
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return storageKindOf(abs)
}

// storageOf is storageKind; tests put another in its place.
var storageOf = storageKind
