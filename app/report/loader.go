package report

import (
	"context"

	"giamsat/db"
)

// loading is rows a background goroutine reads from the store.
type loading[T any] struct {
	done chan struct{}
	rows []T
	err  error
}

// release lets go of the rows once their sheets are written.
func (b *builder) release(l interface{ drop() }) {
	l.drop()
	<-b.ahead
}

func (l *loading[T]) drop() { l.rows = nil }

func (l *loading[T]) wait(ctx context.Context) ([]T, error) {
	select {
	case <-l.done:
		return l.rows, l.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// startLoading reads the records of every visit in the background, one kind
// after the other in the order the sheets need them, each put in the order
// of the visits.
func (b *builder) startLoading() {
	b.sessions = &loading[db.Session]{done: make(chan struct{})}
	b.values = &loading[db.IndicatorValue]{done: make(chan struct{})}
	b.diffs = &loading[db.Difficulty]{done: make(chan struct{})}
	b.requests = &loading[db.Request]{done: make(chan struct{})}
	b.ahead = make(chan struct{}, 2)
	n := len(b.visits)
	b.sum = summaryData{levels: make([][4]levelSum, n), keys: make([]map[string]db.IndicatorValue, n),
		diffs: make([]int, n), open: make([]int, n), diffsCommon: make([]int, n), openCommon: make([]int, n),
		common: map[string]int{}, commonOpen: map[string]int{}}
	b.byDelegation = map[string][]int{}
	for i, v := range b.visits {
		b.byDelegation[v.DelegationID] = append(b.byDelegation[v.DelegationID], i)
	}
	f := b.opts.Filter
	go func() {
		defer close(b.loaderDone)
		// Requests first: the fewest rows, so the writer starts soonest.
		loadInto(b, b.requests, func() ([]db.Request, error) { return b.store.RequestRows(b.ctx, f) },
			func(r db.Request) (string, int) {
				return b.anchorOf(r.Shared(), r.VisitID, r.DelegationID, r.Communes), 0
			}, 1)
		// Sessions go by level within a visit; the rest as they were stored.
		loadInto(b, b.sessions, func() ([]db.Session, error) { return b.store.SessionRows(b.ctx, f) },
			func(s db.Session) (string, int) { return s.VisitID, levelIndex[s.Level] }, len(levelIndex))
		loadInto(b, b.values, func() ([]db.IndicatorValue, error) { return b.store.ValueRows(b.ctx, f) },
			func(v db.IndicatorValue) (string, int) { return v.VisitID, 0 }, 1)
		loadInto(b, b.diffs, func() ([]db.Difficulty, error) { return b.store.DifficultyRows(b.ctx, f) },
			func(d db.Difficulty) (string, int) { return b.anchor(d), 0 }, 1)
	}()
}

// loadInto loads rows into l, ordered by the position of their visit, then
// by the sub-rank (0..ranks-1) key gives.
func loadInto[T any](b *builder, l *loading[T], load func() ([]T, error), key func(T) (string, int), ranks int) {
	defer close(l.done)
	select {
	case b.ahead <- struct{}{}:
	case <-b.ctx.Done():
		l.err = b.ctx.Err()
		return
	}
	rows, err := load()
	if err != nil {
		l.err = err
		return
	}
	// Order by visit, keeping the store's order within a visit, and drop rows
	// of visits the list does not show: a counting sort, one look-up a row,
	// done in place (a copy of every row would double the loader's memory).
	pos := make([]int, len(rows))
	buckets := len(b.visits) * ranks
	start := make([]int, buckets+1)
	for i, r := range rows {
		id, sub := key(r)
		p, ok := b.visitIndex[id]
		if !ok {
			p = -1
		} else {
			p = p*ranks + sub
			start[p+1]++
		}
		pos[i] = p
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	// pos becomes where each row goes: the rows kept first, in order, then
	// those dropped.
	kept, dropped := start[buckets], 0
	for i, p := range pos {
		if p >= 0 {
			pos[i] = start[p]
			start[p]++
		} else {
			pos[i] = kept + dropped
			dropped++
		}
	}
	for i := range rows {
		for pos[i] != i {
			j := pos[i]
			rows[i], rows[j] = rows[j], rows[i]
			pos[i], pos[j] = pos[j], pos[i]
		}
	}
	clear(rows[kept:])
	l.rows = rows[:kept]
}
