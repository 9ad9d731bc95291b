package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"giamsat/db"
)

// TestExportBesideAWriterSeesOneMoment exports while another window adds
// visits and deletes others, each with its two requests, in transactions:
// at every moment each live visit has two requests, and so must every
// export.
func TestExportBesideAWriterSeesOneMoment(t *testing.T) {
	s, err := db.Open(filepath.Join(t.TempDir(), "busy.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	d := db.Delegation{Number: "07", IssuingBody: "Tỉnh ủy Cao Bằng"}
	c := db.Commune{Name: "Cần Yên", Kind: "commune", Province: "Cao Bằng"}
	if err := s.Save(ctx, &d); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, &c); err != nil {
		t.Fatal(err)
	}
	var visits []db.Visit
	add := func(day int) {
		v := db.Visit{DelegationID: d.ID, CommuneID: c.ID, Date: db.NewDate(2026, time.Month(1+day%12), 1+day%28)}
		err := s.WithTx(ctx, func(tx *db.Tx) error {
			if err := tx.Save(&v); err != nil {
				return err
			}
			for i := 0; i < 2; i++ {
				if err := tx.Save(&db.Request{VisitID: v.ID, Text: "Báo cáo kết quả", Status: "open"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Error(err)
			return
		}
		visits = append(visits, v)
	}
	for i := 0; i < 400; i++ {
		add(i)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	writes := 0
	go func() {
		defer wg.Done()
		for i := 400; !stop.Load(); i++ {
			add(i)
			old := visits[0]
			visits = visits[1:]
			if err := s.Delete(ctx, &old); err != nil {
				t.Error(err)
				return
			}
			writes++
		}
	}()
	for i := 0; i < 5; i++ {
		res, err := Export(ctx, s, filepath.Join(t.TempDir(), "busy.xlsx"), Options{Lang: "en"})
		if err != nil {
			stop.Store(true)
			wg.Wait()
			t.Fatal(err)
		}
		if got := res.Rows(SheetName("requests", "en")); got != 2*res.Visits {
			t.Errorf("export %d: %d requests for %d visits, want two each", i, got, res.Visits)
		}
	}
	stop.Store(true)
	wg.Wait()
	if writes == 0 {
		t.Fatal("the writer wrote nothing during the exports")
	}
	t.Logf("%d writes beside 5 exports", writes)
}

func TestKilledExportLeftoversAreRemoved(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".~giamsat-123.xlsx")
	fresh := filepath.Join(dir, ".~giamsat-456.xlsx")
	os.WriteFile(stale, []byte("half a zip"), 0o644)
	os.WriteFile(fresh, []byte("another export, running"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stale, old, old)
	s := sampleStore(t)
	if _, err := Export(context.Background(), s, filepath.Join(dir, "báo cáo.xlsx"), Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a killed export's file was left")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a running export's file was removed")
	}
}

func TestNoOldFileIsClaimedKept(t *testing.T) {
	err := targetError("vi", filepath.Join(t.TempDir(), "mới.xlsx"), os.ErrPermission)
	if strings.Contains(err.Error(), "tệp cũ") {
		t.Fatalf("%v", err)
	}
}

// TestExportFromAReadOnlyOpen: an export needs no write access at all.
func TestExportFromAReadOnlyOpen(t *testing.T) {
	s := sampleStore(t)
	path := s.Path()
	s.Close()
	ro, err := db.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	res, err := Export(context.Background(), ro, filepath.Join(t.TempDir(), "chỉ đọc.xlsx"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Visits != 2 {
		t.Fatalf("%d visits exported", res.Visits)
	}
}

// FuzzVerifyWorkbook: what the export reads back to check a workbook may
// be anything (a disk that returned garbage): no panic, and garbage is
// never taken as good.
func FuzzVerifyWorkbook(f *testing.F) {
	// A real workbook, for the fuzzer to change from.
	out := filepath.Join(f.TempDir(), "seed.xlsx")
	if _, err := Export(context.Background(), sampleStore(f), out, Options{}); err == nil {
		if data, err := os.ReadFile(out); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("not a zip"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.xlsx")
		os.WriteFile(path, data, 0o644)
		res := &Result{Sheets: []SheetCount{{Sheet: "Tổng hợp", Rows: 1}}}
		if err := verify(path, res); err == nil && len(data) < 100 {
			t.Fatalf("%d bytes verified as a workbook", len(data))
		}
	})
}
