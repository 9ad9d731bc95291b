package report

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"giamsat/db"
)

// loadInto puts rows in the order of their visits, then of their rank, keeps
// the store's order among equals, and drops rows of visits not shown.
func TestLoadIntoOrdersInPlace(t *testing.T) {
	type row struct {
		visit string
		rank  int
		seq   int // the store's order
	}
	b := &builder{ctx: context.Background(), ahead: make(chan struct{}, 1), visitIndex: map[string]int{}}
	for i := range 50 {
		id := fmt.Sprintf("v%02d", i)
		b.visits = append(b.visits, db.VisitRow{Visit: db.Visit{Meta: db.Meta{ID: id}}})
		b.visitIndex[id] = i
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var rows []row
	for seq := range 2000 {
		v := fmt.Sprintf("v%02d", rng.IntN(60)) // v50..v59 are not shown
		rows = append(rows, row{visit: v, rank: rng.IntN(3), seq: seq})
	}
	l := &loading[row]{done: make(chan struct{})}
	loadInto(b, l, func() ([]row, error) { return rows, nil }, func(r row) (string, int) { return r.visit, r.rank }, 3)
	want := 0
	for _, r := range rows {
		if _, ok := b.visitIndex[r.visit]; ok {
			want++
		}
	}
	if len(l.rows) != want {
		t.Fatalf("%d rows kept, want %d", len(l.rows), want)
	}
	for i := 1; i < len(l.rows); i++ {
		a, c := l.rows[i-1], l.rows[i]
		ka, kc := b.visitIndex[a.visit]*3+a.rank, b.visitIndex[c.visit]*3+c.rank
		if ka > kc || ka == kc && a.seq > c.seq {
			t.Fatalf("rows %d and %d out of order: %+v, %+v", i-1, i, a, c)
		}
	}
}
