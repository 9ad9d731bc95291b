package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// benchStore opens the database Generate(20000) makes, built once into the
// temporary folder and shared with the other packages' benchmarks.
func benchStore(b *testing.B) (*db.Store, string) {
	path := filepath.Join(os.TempDir(), "giamsat-bench-20000.db")
	s, err := db.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	vs, err := s.Visits(context.Background(), db.VisitFilter{})
	if err != nil {
		b.Fatal(err)
	}
	if len(vs) != 20000 {
		s.Close()
		os.Remove(path)
		if s, err = db.Open(path); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Generate(context.Background(), 20000, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.Cleanup(func() { s.Close() })
	return s, path
}

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
		u.jobs.Wait()
		w.Close()
		u.closeStore()
		b.StartTimer()
	}
}
