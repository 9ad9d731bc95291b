package db

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
)

// benchVisits is the size of the generated database the query benchmarks use.
const benchVisits = 20000

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// GeneratedDB returns the path of a database made by Generate(20000), built
// once into the temporary folder and reused by later runs.
func generatedDB(b *testing.B) string {
	benchOnce.Do(func() {
		benchPath = filepath.Join(os.TempDir(), "giamsat-bench-20000.db")
		if s, err := Open(benchPath); err == nil {
			var n int
			s.readDB.QueryRow("SELECT count(*) FROM visits").Scan(&n)
			s.Close()
			if n == benchVisits {
				return
			}
		}
		os.Remove(benchPath)
		s, err := Open(benchPath)
		if err != nil {
			benchErr = err
			return
		}
		defer s.Close()
		_, benchErr = s.Generate(context.Background(), benchVisits, 1)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

func BenchmarkTotalsPerDelegation(b *testing.B) {
	s, err := Open(generatedDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	dels, err := s.Delegations(ctx)
	if err != nil || len(dels) == 0 {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := dels[i%len(dels)]
		t, err := s.Totals(ctx, TotalsFilter{DelegationID: d.ID})
		if err != nil || len(t.Sessions) == 0 {
			b.Fatal(err)
		}
	}
}

func BenchmarkTotalsAllDelegations(b *testing.B) {
	s, err := Open(generatedDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Totals(context.Background(), TotalsFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}

const benchSessions = 100000

func benchVisit(b *testing.B) (*Store, string) {
	s, err := Open(filepath.Join(b.TempDir(), "insert.db"))
	if err != nil {
		b.Fatal(err)
	}
	c := &Commune{Name: "Lũng Nặm", Kind: "commune"}
	d := &Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng"}
	for _, r := range []Record{c, d} {
		if err := s.Save(context.Background(), r); err != nil {
			b.Fatal(err)
		}
	}
	v := &Visit{DelegationID: d.ID, CommuneID: c.ID, Date: NewDate(2026, 11, 18)}
	if err := s.Save(context.Background(), v); err != nil {
		b.Fatal(err)
	}
	return s, v.ID
}

// BenchmarkInsertSessionsStore inserts 100,000 sessions in one transaction
// through the store: validation, NFC, a new UUID and times for each.
func BenchmarkInsertSessionsStore(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, visit := benchVisit(b)
		b.StartTimer()
		err := s.WithTx(context.Background(), func(t *Tx) error {
			for j := 0; j < benchSessions; j++ {
				se := Session{VisitID: visit, Level: "party_cell", Held: IntPtr(j % 50), Participants: IntPtr(j),
					Expected: IntPtr(j + 10), Mode: "in_person", Note: "Chi bộ thôn Nà Giàng"}
				if err := t.Save(&se); err != nil {
					return err
				}
			}
			return nil
		})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchSessions), "ns/row")
}

// BenchmarkInsertSessionsBare is the yardstick: a bare database/sql loop
// with one prepared statement writing the same rows to the same table.
func BenchmarkInsertSessionsBare(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, visit := benchVisit(b)
		b.StartTimer()
		tx, err := s.write.Begin()
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.Prepare(`INSERT INTO sessions (id, created_at, updated_at, revision, deleted_at, visit_id, level,
			held, held_qualifier, participants, participants_qualifier, expected, mode, link_points, note)
			VALUES (?, ?, ?, 1, NULL, ?, ?, ?, '', ?, '', ?, ?, NULL, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		at := time.Now().UTC().Format(stampLayout)
		for j := 0; j < benchSessions; j++ {
			if _, err := st.Exec(uuid.NewString(), at, at, visit, "party_cell", j%50, j, j+10, "in_person", "Chi bộ thôn Nà Giàng"); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchSessions), "ns/row")
}

// BenchmarkInsertPackageBare is the yardstick of receiving a package of the
// whole generated database (app/exchange's BenchmarkPackage20000): the same
// 302,500 records, already in memory, written into an empty database by a
// bare database/sql loop, one prepared INSERT a table, in one transaction.
// No reading, checking, matching or log: what SQLite alone takes.
func BenchmarkInsertPackageBare(b *testing.B) {
	src, err := Open(generatedDB(b))
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	type rec struct {
		table string
		r     Record
	}
	var all []rec
	err = src.ExchangeRecords(context.Background(), Selection{}, func(table string, r Record) error {
		all = append(all, rec{table, r})
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		s, err := Open(filepath.Join(b.TempDir(), "bare.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		tx, err := s.write.Begin()
		if err != nil {
			b.Fatal(err)
		}
		stmts := map[string]*sql.Stmt{}
		for _, x := range all {
			st := stmts[x.table]
			if st == nil {
				if st, err = tx.Prepare(insertSQL(x.r) + " ON CONFLICT(id) DO NOTHING"); err != nil {
					b.Fatal(err)
				}
				stmts[x.table] = st
			}
			if _, err := st.Exec(values(allColumns(x.r))...); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(all)), "records")
}
