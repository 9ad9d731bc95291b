// Package dbtest gives benchmarks the large database they measure against.
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
