package app

import (
	"context"
	"sync"
)

// preload is the database opened and read by Preload.
type preloadJob struct {
	path   string
	done   chan struct{}
	opened opened
}

var (
	preloadMu sync.Mutex
	preloaded *preloadJob
)

// Preload starts opening the database at path ("" is the default one) and
// reading what the navigation shows, in the background, before the window
// exists: the first thing Start does is wait for it.
func Preload(path string) {
	if path == "" {
		path = DefaultDBPath()
	}
	p := &preloadJob{path: path, done: make(chan struct{})}
	preloadMu.Lock()
	preloaded = p
	preloadMu.Unlock()
	go func() {
		defer close(p.done)
		p.opened = openLocked(context.Background(), path, false)
	}()
}

// takePreload returns the preload of path, once, if there is one.
func takePreload(path string) *preloadJob {
	preloadMu.Lock()
	defer preloadMu.Unlock()
	p := preloaded
	preloaded = nil
	if p == nil || p.path != path {
		if p != nil {
			go func() { // not wanted after all: close what it opened
				<-p.done
				if p.opened.store != nil {
					p.opened.store.Close()
				}
				p.opened.lock.release()
			}()
		}
		return nil
	}
	return p
}
