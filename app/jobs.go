package app

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"giamsat/db"
)

// jobs is the one way the window's work goes off the UI goroutine: the
// work gets copies of what it needs (never the window's state), comes back
// through fyne.Do, is cancelled through ctx and awaited when the window
// closes, and a panic in it becomes an error message instead of a vanished
// window.
type jobs struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	now    bool        // tests: run work and done at once
	failed func(error) // told, on the UI goroutine, of a panic in a job
}

func newJobs(now bool, failed func(error)) *jobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &jobs{ctx: ctx, cancel: cancel, now: now, failed: failed}
}

// run does work off the UI goroutine, then done on it. Once the window is
// closing, done is not run.
func (j *jobs) run(work func(), done func()) { j.start(work, done, 0) }

// quickWait is how long show waits for its work on the UI goroutine.
const quickWait = 60 * time.Millisecond

// show is run for work whose result the user is waiting to see (a record
// chosen in the tree): it waits for the work a moment, and work done in
// that time is shown in the same frame as the click that asked for it. On
// a PC drawing the window in software a frame costs about 175 ms; the
// record otherwise took a frame of its own. Slower work comes back as with
// run: the window never freezes longer than quickWait.
func (j *jobs) show(work func(), done func()) { j.start(work, done, quickWait) }

func (j *jobs) start(work func(), done func(), wait time.Duration) {
	finish := func(err error) {
		if j.ctx.Err() != nil {
			return
		}
		if err != nil {
			j.failed(err)
			return
		}
		done()
	}
	if j.now {
		finish(recovered(work))
		return
	}
	finished := make(chan error, 1)
	j.wg.Add(1)
	go func() {
		err := recovered(work)
		j.wg.Done()
		finished <- err
	}()
	if wait > 0 {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case err := <-finished:
			finish(err)
			return
		case <-timer.C:
		}
	}
	go func() {
		err := <-finished
		fyne.Do(func() { finish(err) })
	}()
}

// try is run for work that reports its own failure (a form's save): done
// is told what work returned, or the error a panic in it became.
func (j *jobs) try(work func() error, done func(error)) {
	var err error
	j.run(func() {
		if perr := recovered(func() { err = work() }); perr != nil {
			err = perr
		}
	}, func() { done(err) })
}

// stop cancels the jobs and waits for them, at most limit; it reports
// whether they all ended. Saves do not watch ctx: a save under way ends.
func (j *jobs) stop(limit time.Duration) bool {
	j.cancel()
	ended := make(chan struct{})
	go func() { j.wg.Wait(); close(ended) }()
	select {
	case <-ended:
		return true
	case <-time.After(limit):
		return false
	}
}

// recovered runs work and turns a panic in it into an error.
func recovered(work func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			fyne.LogError("background job", fmt.Errorf("%v\n%s", r, debug.Stack()))
			err = db.Fail(nil, "The program failed (%v). What was saved is unharmed; try again, and report this if it happens again.", r)
		}
	}()
	work()
	return nil
}
