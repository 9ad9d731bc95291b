package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// A record read within quickWait is shown before show returns, in the
// frame of the click that asked for it; a slow one comes back later and
// the window is not held meanwhile.
func TestJobsShowWaitsAMoment(t *testing.T) {
	test.NewTempApp(t)
	j := newJobs(false, func(err error) { t.Error(err) })
	defer j.stop(time.Second)

	shown := false
	j.show(func() {}, func() { shown = true })
	if !shown {
		t.Fatal("quick work was not shown at once")
	}

	// Work that ends only when told: show must return before.
	release, returned, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		j.show(func() { <-release }, func() { close(done) })
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("show held the UI goroutine until its work ended")
	}
	close(release)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("slow work never came back")
	}
}
