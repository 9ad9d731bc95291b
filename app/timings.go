package app

import (
	"fmt"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// Timings of what a person waits for on the real window, written when the
// environment variable GIAMSAT_TIMINGS names a file: a line per event with
// its name and milliseconds. app/internal/windowbench drives the window
// under Xvfb and reads them; docs/benchmarks.md has the figures. Each is
// measured to the frame after the change, by queueing the stop behind the
// repaint with fyne.Do.
var timings struct {
	once    sync.Once
	file    *os.File
	started time.Time
}

// processStart is as early as this package can know the program started.
var processStart = time.Now()

// timing records, on the next frame, how long passed since start.
func timing(name string, start time.Time) {
	if !timingsOn() {
		return
	}
	fyne.Do(func() {
		fmt.Fprintf(timings.file, "%s %.1f\n", name, float64(time.Since(start).Microseconds())/1000)
	})
}

// lasted records at once how long work that began at start took (work off
// the UI goroutine: reading a record).
func lasted(name string, start time.Time) {
	if timingsOn() {
		fmt.Fprintf(timings.file, "%s %.1f\n", name, float64(time.Since(start).Microseconds())/1000)
	}
}

// timingsOn opens the file of GIAMSAT_TIMINGS once; false without one.
func timingsOn() bool {
	timings.once.Do(func() {
		if path := os.Getenv("GIAMSAT_TIMINGS"); path != "" {
			f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
			if err == nil {
				timings.file = f
			}
		}
	})
	return timings.file != nil
}
