package exchange

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"giamsat/db"
	"giamsat/db/dbtest"
)

// The package of every record of the generated database (20,000 visits,
// about 300,000 records): made, received into an empty database, and
// received a second time, which changes nothing. Figures in
// docs/benchmarks.md.
func BenchmarkPackage20000(b *testing.B) {
	src, _ := dbtest.Generated(b, 20000)
	path := filepath.Join(b.TempDir(), "all"+Extension)
	if _, err := Make(ctx, src, path, Options{}); err != nil {
		b.Fatal(err)
	}
	b.Run("make", func(b *testing.B) {
		for b.Loop() {
			if _, err := Make(ctx, src, path, Options{}); err != nil {
				b.Fatal(err)
			}
		}
		info, _ := os.Stat(path)
		b.ReportMetric(float64(info.Size())/1e6, "MB")
	})
	b.Run("receive-empty", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			dst, err := db.Open(filepath.Join(b.TempDir(), "empty.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			plan := receiveB(b, dst, path)
			b.StopTimer()
			if plan.Changes() < 300000 {
				b.Fatalf("%d records written", plan.Changes())
			}
			dst.Close()
			b.StartTimer()
		}
		reportPeak(b)
	})
	b.Run("receive-again", func(b *testing.B) {
		dst, err := db.Open(filepath.Join(b.TempDir(), "again.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer dst.Close()
		receiveB(b, dst, path)
		b.ResetTimer()
		for b.Loop() {
			if plan := receiveB(b, dst, path); plan.Changes() != 0 {
				b.Fatalf("the second receipt wrote %d records", plan.Changes())
			}
		}
		reportPeak(b)
	})
}

// receiveB receives the package, reporting how long reading, planning and
// writing took.
func receiveB(b *testing.B, s *db.Store, path string) *Plan {
	t0 := time.Now()
	pkg, err := Read(ctx, path, "")
	if err != nil {
		b.Fatal(err)
	}
	t1 := time.Now()
	plan, err := Prepare(ctx, s, pkg)
	if err != nil {
		b.Fatal(err)
	}
	t2 := time.Now()
	// What the plan keeps alive while it is written, out of the timing.
	b.StopTimer()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/1e6, "planned-heap-MB")
	b.StartTimer()
	t3 := time.Now()
	if err := plan.Apply(ctx, s, path, nil); err != nil {
		b.Fatal(err)
	}
	t4 := time.Now()
	b.ReportMetric(t1.Sub(t0).Seconds(), "read-s")
	b.ReportMetric(t2.Sub(t1).Seconds(), "plan-s")
	b.ReportMetric(t4.Sub(t3).Seconds(), "write-s")
	return plan
}

// reportPeak reports the memory the Go runtime took from the system (the
// SQLite page cache is beside it; docs/benchmarks.md has the whole
// process's peak, measured on the command line).
func reportPeak(b *testing.B) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.Sys)/1e6, "sys-MB")
}
