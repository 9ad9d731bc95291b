//go:build !windows

package renderer

// Start does nothing here: the system's OpenGL draws the window.
func Start(force bool) {}

// ProbeMain reports that probing is Windows's: there is nothing to choose.
func ProbeMain(software bool) int { return 0 }

// Available reports whether software drawing can be chosen: only on
// Windows, with Mesa beside the program.
func Available() bool { return false }
