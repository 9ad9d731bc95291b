//go:build windows && !cgo

package renderer

import "fmt"

// ProbeMain cannot start OpenGL in a build without cgo (used to check that
// the packages compile for Windows; the release is built with cgo).
func ProbeMain(software bool) int {
	fmt.Println("error: built without cgo")
	return 1
}
