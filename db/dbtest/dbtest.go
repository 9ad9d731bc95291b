// Package dbtest helps tests and benchmarks of several packages: the worked
// example, the large generated database they measure against, and a
// damaged file.
package dbtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"giamsat/db"
)

// Generated opens a database made by Generate(n), as `giamsat -generate n`
// makes it, built once into the temporary folder and reused by later runs
// and other packages. The store is closed when tb ends.
func Generated(tb testing.TB, n int) (*db.Store, string) {
	tb.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("giamsat-bench-%d.db", n))
	s, err := db.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	vs, err := s.Visits(context.Background(), db.VisitFilter{})
	if err != nil {
		tb.Fatal(err)
	}
	if len(vs) != n {
		s.Close()
		os.Remove(path)
		if s, err = db.Open(path); err != nil {
			tb.Fatal(err)
		}
		if _, err := s.Generate(context.Background(), n, 1); err != nil {
			tb.Fatal(err)
		}
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

// Sample opens a new database holding the worked example (Delegation No.
// 03 at Lũng Nặm and Thông Nông), closed when tb ends.
func Sample(tb testing.TB) *db.Store {
	tb.Helper()
	s, err := db.Open(filepath.Join(tb.TempDir(), "sample.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if _, err := s.LoadSample(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return s
}

// Damage overwrites 8 KiB in the middle of the database file at path, as a
// failing disk would, and returns the file's new bytes.
func Damage(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || len(data) < 64*1024 {
		t.Fatalf("database too small to damage: %d bytes, %v", len(data), err)
	}
	for i := len(data) / 2; i < len(data)/2+8192; i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}
