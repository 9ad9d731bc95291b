package report

import (
	"context"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
	"giamsat/db/dbtest"
)

func benchDB(b *testing.B) *db.Store {
	s, _ := dbtest.Generated(b, 20000)
	return s
}

// peakHeap samples the heap while fn runs and returns the largest figure.
func peakHeap(fn func()) uint64 {
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// BenchmarkExportAll exports every delegation of the generated database.
func BenchmarkExportAll(b *testing.B) {
	s := benchDB(b)
	dir := b.TempDir()
	var res *Result
	runtime.GC()
	b.ResetTimer()
	peak := peakHeap(func() {
		for i := 0; i < b.N; i++ {
			var err error
			res, err = Export(context.Background(), s, filepath.Join(dir, "all.xlsx"), Options{})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	rows := 0
	for _, sc := range res.Sheets {
		rows += sc.Rows
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// capturedRows returns, sheet by sheet in workbook order, the rows the
// export of the generated database writes.
func capturedRows(b *testing.B, s *db.Store) ([]string, map[string][][]any) {
	rows := map[string][][]any{}
	var order []string
	f, _, err := build(context.Background(), s, Options{capture: func(sheet string, row []any) {
		if _, ok := rows[sheet]; !ok {
			order = append(order, sheet)
		}
		rows[sheet] = append(rows[sheet], row)
	}})
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	return order, rows
}

// BenchmarkStreamWriterYardstick writes, with excelize's StreamWriter alone,
// exactly the cells BenchmarkExportAll writes (captured from the export:
// the same values and styles, row by row, in the same sheets) and saves the
// file. It is the figure the export is held to (within 1.5x): the export's
// own work is reading the store, shaping the cells and checking the file.
func BenchmarkStreamWriterYardstick(b *testing.B) {
	s := benchDB(b)
	order, rows := capturedRows(b, s)
	cells := 0
	for _, rs := range rows {
		for _, r := range rs {
			cells += len(r)
		}
	}

	dir := b.TempDir()
	runtime.GC()
	b.ResetTimer()
	peak := peakHeap(func() {
		for i := 0; i < b.N; i++ {
			f := excelize.NewFile()
			for si, name := range order {
				if si == 0 {
					f.SetSheetName("Sheet1", name)
				} else {
					f.NewSheet(name)
				}
			}
			for _, name := range order {
				sw, err := f.NewStreamWriter(name)
				if err != nil {
					b.Fatal(err)
				}
				for r, row := range rows[name] {
					cell, _ := excelize.CoordinatesToCellName(1, r+1)
					if err := sw.SetRow(cell, row); err != nil {
						b.Fatal(err)
					}
				}
				if err := sw.Flush(); err != nil {
					b.Fatal(err)
				}
			}
			if err := f.SaveAs(filepath.Join(dir, "yardstick.xlsx")); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(cells), "cells")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
