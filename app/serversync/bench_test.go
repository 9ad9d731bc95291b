//go:build server

package serversync

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/jackc/pgx/v5"

	"giamsat/db"
	"giamsat/db/dbtest"
	"giamsat/db/server"
	"giamsat/db/server/servertest"
)

// Syncs of the generated database (20,000 visits, about 300,000 records)
// with a server of its own, each beside its yardstick: the same rows read
// from SQLite and copied into a bare PostgreSQL table with COPY. Figures
// in docs/benchmarks.md (make bench-server).
//
//   - first: a PC holding the 20,000 visits syncs with an empty server
//     (pushes everything, pulls it back, changes nothing);
//   - first-empty-pc: an empty PC's first sync with that server (pulls
//     everything and writes it);
//   - ten-visits: on a PC in step with the server, 10 visits edited, then
//     a sync.
func BenchmarkSync20000(b *testing.B) {
	_, src := dbtest.Generated(b, 20000)
	u := servertest.Start(b)
	admin, err := server.Connect(ctx, server.Config{URL: u})
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close(ctx)
	n := 0
	// fresh makes a new server database with the schema and a province
	// user, and returns the user's connection.
	outer := b
	fresh := func(b *testing.B) *pgx.Conn {
		n++
		name := fmt.Sprintf("bench_%d", n)
		if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
			b.Fatal(err)
		}
		p, _ := url.Parse(u)
		p.Path = "/" + name
		own, err := server.Connect(ctx, server.Config{URL: p.String()})
		if err != nil {
			b.Fatal(err)
		}
		defer own.Close(ctx)
		if _, err := server.Init(ctx, own); err != nil {
			b.Fatal(err)
		}
		user := fmt.Sprintf("province_%d", n)
		if err := server.AddUser(ctx, own, server.User{Name: user, Kind: server.Province}, "mật khẩu đo"); err != nil {
			b.Fatal(err)
		}
		p.User = url.UserPassword(user, "mật khẩu đo")
		c, err := server.Connect(ctx, server.Config{URL: p.String()})
		if err != nil {
			b.Fatal(err)
		}
		outer.Cleanup(func() { c.Close(ctx) }) // "first" leaves its server to "first-empty-pc"
		return c
	}
	// pcCopy is a copy of the generated database, as on another PC.
	pcCopy := func(b *testing.B) *db.Store {
		path := filepath.Join(b.TempDir(), "pc.db")
		s, err := db.Open(src)
		if err != nil {
			b.Fatal(err)
		}
		err = s.Backup(ctx, path)
		s.Close()
		if err != nil {
			b.Fatal(err)
		}
		if s, err = db.Open(path); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return s
	}
	var full *pgx.Conn // a server holding the 20,000 visits, after "first"
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			c, s := fresh(b), pcCopy(b)
			runtime.GC()
			b.StartTimer()
			r, err := Sync(ctx, s, c, Options{File: "server"})
			if err != nil {
				b.Fatal(err)
			}
			if r.Pushed < 300000 || r.Written() != 0 {
				b.Fatalf("pushed %d, wrote %d", r.Pushed, r.Written())
			}
			full = c
		}
		reportPeak(b)
		// What the server stores: the versions with their indexes, the
		// scopes and the records' lock rows.
		var size int64
		if err := full.QueryRow(ctx, `SELECT pg_total_relation_size('giamsat.versions') + pg_total_relation_size('giamsat.scope')
			+ pg_total_relation_size('giamsat.record_locks')`).Scan(&size); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(size)/1e6, "server-MB")
	})
	b.Run("yardstick-copy", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			c := fresh(b)
			s, err := db.Open(src)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.Exec(ctx, `CREATE TEMP TABLE yard (tbl text, id text, version text, content_hash text, deleted boolean, body jsonb)`); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			var rows [][]any
			err = s.ExchangeRecords(ctx, db.Selection{}, func(table string, r db.Record) error {
				m := db.MetaOf(r)
				body, err := json.Marshal(r)
				rows = append(rows, []any{table, m.ID, m.Version.String(), m.Hash, m.Deleted(), string(body)})
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			copied, err := c.CopyFrom(ctx, pgx.Identifier{"yard"}, []string{"tbl", "id", "version", "content_hash", "deleted", "body"}, pgx.CopyFromRows(rows))
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			s.Close()
			if copied < 300000 {
				b.Fatalf("copied %d", copied)
			}
			b.StartTimer()
		}
	})
	b.Run("first-empty-pc", func(b *testing.B) {
		if full == nil {
			b.Skip("needs the server of first")
		}
		for b.Loop() {
			b.StopTimer()
			s, err := db.Open(filepath.Join(b.TempDir(), "empty.db"))
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			b.StartTimer()
			r, err := Sync(ctx, s, full, Options{File: "server"})
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if r.Written() < 300000 {
				b.Fatalf("wrote %d", r.Written())
			}
			s.Close()
			b.StartTimer()
		}
		reportPeak(b)
	})
	b.Run("ten-visits", func(b *testing.B) {
		c, s := fresh(b), pcCopy(b)
		if _, err := Sync(ctx, s, c, Options{File: "server"}); err != nil {
			b.Fatal(err)
		}
		vs, err := s.Visits(ctx, db.VisitFilter{})
		if err != nil {
			b.Fatal(err)
		}
		round := 0
		for b.Loop() {
			b.StopTimer()
			round++
			for i := range 10 {
				v := vs[(round*10+i)%len(vs)]
				v.Assessment = fmt.Sprintf("Đánh giá lần %d", round)
				if err := s.Save(ctx, &v); err != nil {
					b.Fatal(err)
				}
			}
			b.StartTimer()
			r, err := Sync(ctx, s, c, Options{File: "server"})
			if err != nil {
				b.Fatal(err)
			}
			if r.Pushed != 10 {
				b.Fatalf("pushed %d", r.Pushed)
			}
		}
	})
	b.Run("ten-visits-yardstick", func(b *testing.B) {
		c := fresh(b)
		if _, err := c.Exec(ctx, `CREATE TEMP TABLE yard (tbl text, id text, version text, content_hash text, deleted boolean, body jsonb)`); err != nil {
			b.Fatal(err)
		}
		s := pcCopy(b)
		vs, err := s.Visits(ctx, db.VisitFilter{})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			var rows [][]any
			for _, v := range vs[:10] {
				body, _ := json.Marshal(&v)
				rows = append(rows, []any{"visits", v.ID, v.Version.String(), v.Hash, false, string(body)})
			}
			if _, err := c.CopyFrom(ctx, pgx.Identifier{"yard"}, []string{"tbl", "id", "version", "content_hash", "deleted", "body"}, pgx.CopyFromRows(rows)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func reportPeak(b *testing.B) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.Sys)/1e6, "sys-MB")
}
