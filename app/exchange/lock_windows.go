//go:build windows

package exchange

import "os"

// holdFile does nothing on Windows: a file another program has open
// cannot be removed there.
func holdFile(*os.File) error { return nil }

// removeIfStale removes the file at path; Windows refuses while a program
// has it open.
func removeIfStale(path string) { os.Remove(path) }
