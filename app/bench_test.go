package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
	"giamsat/db/dbtest"
)

func benchStore(b *testing.B) (*db.Store, string) { return dbtest.Generated(b, 20000) }

// BenchmarkNavigationFilter types "thong nong" into the search, one
// keystroke per filter, over the 20,000 visits of the generated database.
func BenchmarkNavigationFilter(b *testing.B) {
	s, _ := benchStore(b)
	ctx := context.Background()
	dels, err := s.Delegations(ctx)
	if err != nil {
		b.Fatal(err)
	}
	visits, err := s.Visits(ctx, db.VisitFilter{})
	if err != nil {
		b.Fatal(err)
	}
	var m navModel
	m.setData(dels, visits)
	query := []rune("thong nong")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.filter(string(query[:i%len(query)+1]))
	}
	b.StopTimer()
	m.filter("nà giàng")
	b.ReportMetric(float64(m.visitCount()), "visits-shown")
}

// BenchmarkNavigationLoad reads what the tree shows from the generated
// database: every delegation and visit, then the tree model.
func BenchmarkNavigationLoad(b *testing.B) {
	s, _ := benchStore(b)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		dels, err := s.Delegations(ctx)
		if err != nil {
			b.Fatal(err)
		}
		visits, err := s.Visits(ctx, db.VisitFilter{})
		if err != nil {
			b.Fatal(err)
		}
		var m navModel
		m.setData(dels, visits)
	}
}

// BenchmarkWindowEmpty is the yardstick for the start: a window with one
// label, laid out and rendered once by Fyne's test driver.
func BenchmarkWindowEmpty(b *testing.B) {
	a := test.NewTempApp(b)
	for i := 0; i < b.N; i++ {
		w := a.NewWindow("Giám sát")
		w.SetContent(widget.NewLabel("Giám sát"))
		w.Show()
		test.RenderToMarkup(w.Canvas())
		w.Close()
	}
}

// BenchmarkWindowLargeDatabase builds the main window on the generated
// database as a start does, to its first render: the store opens and the
// tree fills in the background, so the window does not wait for them.
func BenchmarkWindowLargeDatabase(b *testing.B) {
	_, path := benchStore(b)
	a := test.NewTempApp(b)
	for i := 0; i < b.N; i++ {
		w := a.NewWindow("Giám sát")
		u := Start(a, w, Options{DBPath: path, Lang: "vi"})
		w.Show()
		test.RenderToMarkup(w.Canvas())
		b.StopTimer()
		u.shutdown()
		w.Close()
		b.StartTimer()
	}
}
