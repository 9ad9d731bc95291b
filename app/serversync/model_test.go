//go:build server

package serversync

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"giamsat/app/exchange"
	"giamsat/db"
	"giamsat/db/dbtest"
	"giamsat/db/server"
)

var (
	syncSeed  = flag.Int64("sync-seed", 0, "replay one seed of TestManyPCsThroughTheServer")
	syncSeeds = flag.Int("sync-seeds", 12, "how many seeds TestManyPCsThroughTheServer runs")
)

// Three PCs edit the same records and sync through the server in a random
// order; then each syncs until nothing moves. Every PC and the server must
// then hold the same versions (one per record on the server), and the last
// edit of each figure must have won unless a conflict was shown for it.
// Replay a seed: make test-server with
// go test -tags 'ci server' ./app/serversync -run ManyPCs -sync-seed N -v.
func TestManyPCsThroughTheServer(t *testing.T) {
	u, admin := newServer(t)
	seeds := []int64{}
	if *syncSeed != 0 {
		seeds = append(seeds, *syncSeed)
	} else {
		for i := range *syncSeeds {
			seeds = append(seeds, int64(i+1))
		}
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { manyPCs(t, admin, u, seed) })
	}
}

type editKey struct{ table, id string }

func manyPCs(t *testing.T, admin *pgx.Conn, u string, seed int64) {
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	// Each seed in a database of its own.
	name := fmt.Sprintf("seed_%d", seed)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	p, _ := url.Parse(u)
	p.Path = "/" + name
	adm, err := server.Connect(ctx, server.Config{URL: p.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close(ctx)
	if _, err := server.Init(ctx, adm); err != nil {
		t.Fatal(err)
	}
	role := "pc_" + name
	if err := server.AddUser(ctx, adm, server.User{Name: role, Kind: server.Province}, "mật khẩu dài"); err != nil {
		t.Fatal(err)
	}
	p.User = url.UserPassword(role, "mật khẩu dài")
	conns := make([]*pgx.Conn, 3)
	stores := make([]*db.Store, 3)
	for i := range stores {
		if i == 0 {
			stores[i] = dbtest.Sample(t)
		} else {
			s, err := db.Open(filepath.Join(t.TempDir(), fmt.Sprintf("pc%d.db", i)))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			stores[i] = s
		}
		c, err := server.Connect(ctx, server.Config{URL: p.String()})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		conns[i] = c
	}
	conflicted := map[editKey]bool{}
	settle := func(pl *exchange.Plan) error {
		for _, c := range pl.Conflicts {
			conflicted[editKey{c.Table, db.MetaOf(c.Local).ID}] = true
			if testing.Verbose() {
				l, in := db.MetaOf(c.Local), db.MetaOf(c.Incoming)
				t.Logf("conflict %s: local %s %s, incoming %s %s, take incoming %v", l.ID[:8], l.UpdatedAt.Format("15:04:05.000000"), l.Version, in.UpdatedAt.Format("15:04:05.000000"), in.Version, c.TakeIncoming)
			}
		}
		return nil
	}
	doSync := func(i int) *Result {
		r, err := Sync(ctx, stores[i], conns[i], Options{File: "server", Settle: settle})
		if err != nil {
			t.Fatalf("seed %d: pc%d sync: %v", seed, i, err)
		}
		return r
	}
	for i := range stores {
		doSync(i)
	}
	// The figures edited: the last value typed for each session.
	last := map[editKey]int{}
	for step := range 40 {
		i := rng.IntN(3)
		if rng.IntN(3) == 0 {
			doSync(i)
			continue
		}
		vs, _ := stores[i].Visits(ctx, db.VisitFilter{})
		if len(vs) == 0 {
			continue
		}
		d, err := stores[i].VisitDetail(ctx, vs[rng.IntN(len(vs))].ID)
		if err != nil || len(d.Sessions) == 0 {
			continue
		}
		se := d.Sessions[rng.IntN(len(d.Sessions))]
		n := 1000 + step*10 + i
		se.Participants = &n
		if err := stores[i].Save(ctx, &se); err != nil {
			t.Fatalf("seed %d: pc%d save: %v", seed, i, err)
		}
		last[editKey{"sessions", se.ID}] = n
	}
	// Sync until nothing moves: a round in which no PC sends or writes.
	for round := 0; ; round++ {
		if round > 6 {
			t.Fatalf("seed %d: the PCs did not settle in 6 rounds", seed)
		}
		moved := false
		for i := range stores {
			r := doSync(i)
			if testing.Verbose() {
				t.Logf("round %d pc%d: pushed %d, same %d, older %d, written %d in %d rounds", round, i, r.Pushed, r.AlreadyThere, r.Outdated, r.Written(), len(r.Plans))
				for _, pl := range r.Plans {
					if pl.Changes() > 0 {
						t.Logf("%s", pl.Report("en"))
					}
				}
			}
			if r.Pushed > 0 || r.Written() > 0 {
				moved = true
			}
		}
		if !moved {
			break
		}
	}
	// One version of each record on the server: every conflict settled.
	var leaves int
	if err := adm.QueryRow(ctx, "SELECT count(*) FROM (SELECT tbl, id FROM giamsat.versions GROUP BY tbl, id HAVING count(*) > 1) x").Scan(&leaves); err != nil {
		t.Fatal(err)
	}
	if leaves != 0 {
		t.Errorf("seed %d: %d records keep concurrent versions on the server", seed, leaves)
	}
	// Every PC holds the same.
	want := heldAll(t, stores[0])
	for i := 1; i < 3; i++ {
		got := heldAll(t, stores[i])
		for k, v := range want {
			if got[k] != v {
				t.Fatalf("seed %d: pc%d holds %v as %q, pc0 as %q", seed, i, k, got[k], v)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("seed %d: pc%d holds %d records, pc0 %d", seed, i, len(got), len(want))
		}
	}
	// The last figure typed won, unless a conflict was shown for it.
	keys := slices.Collect(func(yield func(editKey) bool) {
		for k := range last {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		if conflicted[k] {
			continue
		}
		se, err := db.Get[db.Session](ctx, stores[0], k.id)
		if err != nil {
			t.Fatal(err)
		}
		if se.Participants == nil || *se.Participants != last[k] {
			t.Errorf("seed %d: session %s holds %v, the last typed was %d, and no conflict was shown", seed, k.id, se.Participants, last[k])
		}
	}
}
