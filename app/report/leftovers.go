package report

import (
	"os"
	"path/filepath"
	"time"
)

// tempPattern names an export's file while it is written, beside its target.
const tempPattern = ".~giamsat-*.xlsx"

// staleAfter is how long a temporary file may go unchanged before it counts
// as left by an export that was killed: a running export writes its file
// continuously, in seconds.
const staleAfter = 5 * time.Minute

// removeLeftovers deletes, in dir, the temporary files of exports that were
// killed (power cut, ended from the task manager) before they finished.
func removeLeftovers(dir string, now time.Time) {
	names, _ := filepath.Glob(filepath.Join(dir, tempPattern))
	for _, name := range names {
		if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() && now.Sub(st.ModTime()) > staleAfter {
			os.Remove(name)
		}
	}
}
