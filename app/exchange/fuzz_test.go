package exchange

import (
	"bytes"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"giamsat/db"
)

const fuzzPassphrase = "mật khẩu thử"

var (
	fuzzOnce  sync.Once
	fuzzStore *db.Store
)

// FuzzReadPackage reads any bytes as a package: it never panics, a package
// it accepts is received whole or not at all, and whatever it refuses says
// why in both languages. Seeds: testdata/fuzz/FuzzReadPackage (a plain and an
// encrypted package of the sample data, and broken ones).
func FuzzReadPackage(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzOnce.Do(func() {
			s, err := db.Open(filepath.Join(dir, "fuzz.db"))
			if err != nil {
				panic(err)
			}
			fuzzStore = s
		})
		pkg, err := ReadFrom(ctx, bytes.NewReader(data), int64(len(data)), fuzzPassphrase)
		var re *RefusedError
		if err != nil {
			if !errors.As(err, &re) || len(re.Problems) == 0 || re.Message("en") == re.Message("vi") {
				t.Fatalf("refused without reasons in both languages: %v", err)
			}
			return
		}
		plan, err := Prepare(ctx, fuzzStore, pkg)
		if err != nil {
			if !errors.As(err, &re) {
				t.Fatalf("plan failed without a refusal: %v", err)
			}
			return
		}
		before := counts(t, fuzzStore)
		if err := plan.Apply(ctx, fuzzStore, "fuzz", nil); err != nil {
			if after := counts(t, fuzzStore); after != before {
				t.Fatalf("a failed receipt changed the database: %v → %v (%v)", before, after, err)
			}
		}
	})
}

// counts is the number of rows of every synced table and of the log.
func counts(t *testing.T, s *db.Store) [10]int {
	t.Helper()
	var out [10]int
	for i, table := range db.SyncedTables() {
		h, err := s.HeldRecords(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = len(h)
	}
	log, err := s.Exchanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out[9] = len(log)
	return out
}
