//go:build server

package serversync

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"giamsat/app/exchange"
	"giamsat/db"
	"giamsat/db/dbtest"
	"giamsat/db/server"
	"giamsat/db/server/servertest"
)

var ctx = context.Background()

func TestMain(m *testing.M) { os.Exit(servertest.Run(m)) }

func as(t *testing.T, u, name string) *pgx.Conn {
	t.Helper()
	p, _ := url.Parse(u)
	p.User = url.UserPassword(name, "mật khẩu dài")
	c, err := server.Connect(ctx, server.Config{URL: p.String()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(ctx) })
	return c
}

// newServer is a database of the test's own on the test cluster, set up,
// and its owner's connection (closed when the test ends).
func newServer(t *testing.T) (string, *pgx.Conn) {
	t.Helper()
	u := servertest.Start(t)
	admin, err := server.Connect(ctx, server.Config{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close(ctx) })
	if _, err := server.Init(ctx, admin); err != nil {
		t.Fatal(err)
	}
	return u, admin
}

// province adds a user of the province office, its name made the
// database's own (roles are the cluster's), with the password of as.
func province(t *testing.T, admin *pgx.Conn, u, name string) string {
	t.Helper()
	p, _ := url.Parse(u)
	user := name + "_" + filepath.Base(p.Path)
	if err := server.AddUser(ctx, admin, server.User{Name: user, Kind: server.Province}, "mật khẩu dài"); err != nil {
		t.Fatal(err)
	}
	return user
}

// heldAll is what a database holds of every record: version, hash and
// whether deleted, to compare PCs.
func heldAll(t *testing.T, s *db.Store) map[editKey]string {
	t.Helper()
	out := map[editKey]string{}
	for _, table := range db.SyncedTables() {
		h, err := s.HeldRecords(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		for id, v := range h {
			out[editKey{table, id}] = fmt.Sprintf("%s %x %v", v.Version, v.Hash, v.Deleted)
		}
	}
	return out
}

func sync(t *testing.T, s *db.Store, c *pgx.Conn) *Result {
	t.Helper()
	r, err := Sync(ctx, s, c, Options{File: "server"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func session(t *testing.T, s *db.Store, commune, level string) *db.Session {
	t.Helper()
	vs, _ := s.Visits(ctx, db.VisitFilter{Query: commune})
	if len(vs) != 1 {
		t.Fatalf("%d visits at %s", len(vs), commune)
	}
	d, err := s.VisitDetail(ctx, vs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range d.Sessions {
		if se.Level == level {
			return &se
		}
	}
	t.Fatalf("no %s session at %s", level, commune)
	return nil
}

// The province's PC, which holds the worked example, and Thông Nông's,
// which starts empty, sync through a real server: each gets what it may
// read, an edit goes round, what the commune may not write stays on its
// PC, and a conflict is shown, settled once and gone everywhere.
func TestTwoPCsThroughTheServer(t *testing.T) {
	u, admin := newServer(t)
	tinh := province(t, admin, u, "tinh")
	p, _ := url.Parse(u)
	suffix := "_" + filepath.Base(p.Path)
	province := dbtest.Sample(t)
	if r := sync(t, province, as(t, u, tinh)); r.Pushed < 30 || len(r.Kept) != 0 {
		t.Fatalf("the province's first sync pushed %d, kept %d", r.Pushed, len(r.Kept))
	}
	if err := server.AddUser(ctx, admin, server.User{Name: "thongnong" + suffix, Kind: server.Commune, Which: "Thông Nông"}, "mật khẩu dài"); err != nil {
		t.Fatal(err)
	}
	commune, err := db.Open(filepath.Join(t.TempDir(), "thongnong.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer commune.Close()
	tn := as(t, u, "thongnong"+suffix)
	r := sync(t, commune, tn)
	if r.Written() == 0 {
		t.Fatal("the commune's first sync wrote nothing")
	}
	if vs, _ := commune.Visits(ctx, db.VisitFilter{}); len(vs) != 1 || vs[0].CommuneName != "Thông Nông" {
		t.Fatalf("the commune holds visits %v, want only its own", vs)
	}
	// The same sync again changes nothing.
	if r := sync(t, commune, tn); r.Written() != 0 || r.Pushed != 0 {
		t.Fatalf("a second sync wrote %d, pushed %d", r.Written(), r.Pushed)
	}

	// Thông Nông corrects its commune-level participants and the
	// delegation's notes; only the first is hers to write.
	se := session(t, commune, "thong nong", "commune")
	n := 111
	se.Participants = &n
	if err := commune.Save(ctx, se); err != nil {
		t.Fatal(err)
	}
	d, _ := commune.ResolveDelegation(ctx, "03")
	d.Notes = "ghi chú của xã"
	if err := commune.Save(ctx, d); err != nil {
		t.Fatal(err)
	}
	r = sync(t, commune, tn)
	if r.Pushed != 1 || len(r.Kept) != 1 || db.TableOf(r.Kept[0]) != "delegations" {
		t.Fatalf("the commune pushed %d and kept %v", r.Pushed, r.Kept)
	}
	sync(t, province, as(t, u, tinh))
	if got := session(t, province, "thong nong", "commune"); got.Participants == nil || *got.Participants != 111 {
		t.Fatalf("the province holds %v participants", got.Participants)
	}
	if d, _ := province.ResolveDelegation(ctx, "03"); d.Notes == "ghi chú của xã" {
		t.Fatal("the delegation's notes, which the commune may not write, reached the province")
	}

	// Both change the same figure before either syncs: a conflict.
	pc := as(t, u, tinh)
	a, b := session(t, province, "thong nong", "commune"), session(t, commune, "thong nong", "commune")
	na, nb := 112, 113
	a.Participants, b.Participants = &na, &nb
	if err := province.Save(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := commune.Save(ctx, b); err != nil {
		t.Fatal(err)
	}
	sync(t, province, pc)
	conflicts := 0
	_, err = Sync(ctx, commune, tn, Options{File: "server", Settle: func(p *exchange.Plan) error {
		conflicts += len(p.Conflicts)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if conflicts != 1 {
		t.Fatalf("the commune was shown %d conflicts, want 1", conflicts)
	}
	// The commune's choice goes up; the province takes it as an update.
	sync(t, commune, tn)
	conflicts = 0
	if _, err := Sync(ctx, province, pc, Options{File: "server", Settle: func(p *exchange.Plan) error {
		conflicts += len(p.Conflicts)
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	ga, gb := session(t, province, "thong nong", "commune"), session(t, commune, "thong nong", "commune")
	if conflicts != 0 || *ga.Participants != *gb.Participants || ga.Version.String() != gb.Version.String() {
		t.Fatalf("after the choice: province %d (%s), commune %d (%s), %d conflicts shown again",
			*ga.Participants, ga.Version, *gb.Participants, gb.Version, conflicts)
	}
}

// Two PCs of the province office that each create the same new commune,
// under two IDs, and a visit there: the server keeps one commune, takes the
// second's for it, and every PC ends with one commune of that code and
// both visits at it, without a conflict. An empty PC gets the same.
func TestSameCommuneCreatedOnTwoPCs(t *testing.T) {
	u, admin := newServer(t)
	user := province(t, admin, u, "vanphong")
	first := dbtest.Sample(t)
	sync(t, first, as(t, u, user))
	second, err := db.Open(filepath.Join(t.TempDir(), "second.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	sync(t, second, as(t, u, user))
	pcs := []*db.Store{first, second}
	for i, s := range pcs {
		c := &db.Commune{Name: "Xã Mới", Kind: "commune", Province: "Cao Bằng", Code: "09999"}
		if err := s.Save(ctx, c); err != nil {
			t.Fatal(err)
		}
		d, err := s.ResolveDelegation(ctx, "03")
		if err != nil {
			t.Fatal(err)
		}
		v := &db.Visit{DelegationID: d.ID, CommuneID: c.ID, Date: db.NewDate(2026, 11, 10+i), Place: fmt.Sprintf("Hội trường %d", i+1)}
		if err := s.Save(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	third, err := db.Open(filepath.Join(t.TempDir(), "third.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	pcs = append(pcs, third)
	for round := range 2 {
		for i, s := range pcs {
			r := sync(t, s, as(t, u, user))
			for _, pl := range r.Plans {
				if len(pl.Conflicts) > 0 {
					t.Errorf("round %d, pc%d: %d conflicts", round, i+1, len(pl.Conflicts))
				}
			}
			if round == 0 && i == 1 && len(r.Aliased) != 1 {
				t.Errorf("the second PC's commune said %d times taken for the server's", len(r.Aliased))
			}
		}
	}
	for i, s := range pcs {
		cs, err := s.Communes(ctx, "Xã Mới")
		if err != nil || len(cs) != 1 {
			t.Fatalf("pc%d holds %d communes Xã Mới (%v)", i+1, len(cs), err)
		}
		vs, err := s.Visits(ctx, db.VisitFilter{Query: "Xã Mới"})
		if err != nil || len(vs) != 2 {
			t.Fatalf("pc%d holds %d visits at Xã Mới (%v)", i+1, len(vs), err)
		}
		for _, v := range vs {
			if v.CommuneID != cs[0].ID {
				t.Errorf("pc%d: a visit at %s, not at its Xã Mới %s", i+1, v.CommuneID, cs[0].ID)
			}
		}
	}
	var copies int
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM giamsat.versions WHERE tbl = 'communes' AND body->>'code' = '09999'").Scan(&copies); err != nil || copies != 1 {
		t.Errorf("the server holds %d communes of the code (%v)", copies, err)
	}
	// One version of each record: a visit pulled pointing to the first
	// commune and pushed back is the same version, whatever its hash.
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM giamsat.versions GROUP BY tbl, id HAVING count(*) > 1) x").Scan(&copies); err != nil || copies != 0 {
		t.Errorf("the server holds %d records in two versions (%v)", copies, err)
	}
}

// Syncs killed at random moments (the context cancelled: the connection
// dropped, the local transaction rolled back), each retried on a new
// connection, on the pushing side and on the pulling side: every kill
// leaves both databases whole, and once syncs run to the end the two PCs
// and the server hold the same versions, one of each record.
func TestKilledSyncs(t *testing.T) {
	u, admin := newServer(t)
	user := province(t, admin, u, "tinh")
	// A PC with a few hundred records to push, and an empty one to pull.
	full, err := db.Open(filepath.Join(t.TempDir(), "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	if _, err := full.Generate(ctx, 40, 3); err != nil {
		t.Fatal(err)
	}
	empty, err := db.Open(filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	rng := rand.New(rand.NewPCG(7, 11))
	killed := 0
	for _, s := range []*db.Store{full, empty} {
		// The kills fall anywhere in the first 300 ms of a sync (the
		// whole of a small one), then later and later.
		begin := time.Now()
		span := 300 * time.Millisecond
		for try := 0; ; try++ {
			if try > 40 {
				t.Fatal("the sync never ran to its end")
			}
			c := as(t, u, user)
			kctx, cancel := context.WithTimeout(ctx, time.Duration(rng.Int64N(int64(span)))+time.Millisecond)
			_, err := Sync(kctx, s, c, Options{File: "server"})
			cancel()
			if err == nil {
				break
			}
			killed++
			// Whole after the kill: the database checks, and reads.
			if problems, err := s.QuickCheck(ctx); err != nil || len(problems) > 0 {
				t.Fatalf("after a sync killed: %v %v", problems, err)
			}
			if _, err := s.Visits(ctx, db.VisitFilter{}); err != nil {
				t.Fatalf("after a sync killed: %v", err)
			}
			if try > 10 {
				span *= 2 // give the rest a chance to end
			}
		}
		t.Logf("synced after %v", time.Since(begin))
	}
	if killed == 0 {
		t.Fatal("no sync was killed")
	}
	for _, s := range []*db.Store{full, empty, full} {
		r := sync(t, s, as(t, u, user))
		t.Logf("final sync: pushed %d, same %d, older %d, kept %d, orphans %d, aliased %d, duplicates %d, written %d",
			r.Pushed, r.AlreadyThere, r.Outdated, len(r.Kept), len(r.Orphans), len(r.Aliased), len(r.Duplicates), r.Written())
	}
	a, b := heldAll(t, full), heldAll(t, empty)
	for k, v := range a {
		if b[k] != v {
			t.Logf("%s: %s on the full PC, %q on the other", k, v, b[k])
		}
	}
	if len(a) != len(b) {
		t.Fatalf("the PCs hold %d and %d records", len(a), len(b))
	}
	for k, v := range a {
		if b[k] != v {
			t.Fatalf("%s: %s on one PC, %s on the other", k, v, b[k])
		}
	}
	var n, leaves int
	if err := admin.QueryRow(ctx, "SELECT count(DISTINCT (tbl, id)), count(*) FROM giamsat.versions").Scan(&n, &leaves); err != nil {
		t.Fatal(err)
	}
	if n != len(a) || leaves != n {
		t.Fatalf("the server holds %d records in %d versions; the PCs %d", n, leaves, len(a))
	}
	t.Logf("%d syncs killed", killed)
}
