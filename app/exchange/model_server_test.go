//go:build server

package exchange_test

import (
	"encoding/hex"
	"flag"
	"fmt"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"giamsat/app/exchange"
	"giamsat/app/serversync"
	"giamsat/db"
	"giamsat/db/server"
	"giamsat/db/server/servertest"
)

// The model of many PCs with a province server among them
// (docs/server.md): the first PC syncs as the province office, the others
// as members of the sample's delegation or not at all, and every PC still
// exchanges packages. A sync is sometimes killed after its push, between
// the rounds of its pull, or before its settlements are pushed; each round
// pulled is checked by the oracle as a package received; a sync done twice
// must change nothing the second time. At the end every PC holds the same,
// and the server holds exactly that, one version of each record.
//
//	make test-server runs it; one seed:
//	go test -tags 'ci server' ./app/exchange -run WithAServer -seed N -v
var serverSeeds = flag.Int("server-seeds", 30, "TestManyPCsWithAServer: how many seeds to run")

func TestMain(m *testing.M) { os.Exit(servertest.Run(m)) }

func TestManyPCsWithAServer(t *testing.T) {
	u := servertest.Start(t)
	admin, err := server.Connect(ctx, server.Config{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	run := func(t *testing.T, seed uint64) {
		runModel(t, seed, func(m *model) syncServer { return newModelServer(m, admin, u, seed) })
	}
	if *seedFlag != 0 {
		run(t, *seedFlag)
		return
	}
	for seed := *fromFlag; seed < *fromFlag+uint64(*serverSeeds); seed++ {
		if !t.Run(fmt.Sprint(seed), func(t *testing.T) { run(t, seed) }) {
			t.Fatalf("replay with: go test -tags 'ci server' ./app/exchange -run WithAServer -seed %d -v", seed)
		}
	}
}

type modelServer struct {
	admin *pgx.Conn // this seed's database, as its owner
	url   url.URL
	conns map[int]*pgx.Conn
	seed  uint64
	// delegation is the user of the delegation members, made once the
	// province office's first sync has put the delegation on the server.
	delegation string
}

// newModelServer makes a database of its own for the seed, with its
// schema and a user for the province office.
func newModelServer(m *model, admin *pgx.Conn, u string, seed uint64) *modelServer {
	name := fmt.Sprintf("model_%d_%d", seed, len(m.pcs))
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		m.fail("%v", err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		m.fail("%v", err)
	}
	p, err := url.Parse(u)
	if err != nil {
		m.fail("%v", err)
	}
	p.Path = "/" + name
	own, err := server.Connect(ctx, server.Config{URL: p.String()})
	if err != nil {
		m.fail("%v", err)
	}
	m.t.Cleanup(func() {
		own.Close(ctx)
		admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	if _, err := server.Init(ctx, own); err != nil {
		m.fail("server init: %v", err)
	}
	s := &modelServer{admin: own, url: *p, conns: map[int]*pgx.Conn{}, seed: seed}
	s.addUser(m, server.User{Name: fmt.Sprintf("province_%d", seed), Kind: server.Province})
	return s
}

const modelPassword = "mật khẩu của mô hình"

func (s *modelServer) addUser(m *model, u server.User) {
	if err := server.AddUser(ctx, s.admin, u, modelPassword); err != nil {
		m.fail("add user %s: %v", u.Name, err)
	}
}

func (s *modelServer) connect(m *model, p *pc, user string) {
	u := s.url
	u.User = url.UserPassword(user, modelPassword)
	c, err := server.Connect(ctx, server.Config{URL: u.String()})
	if err != nil {
		m.fail("pc%d connect as %s: %v", p.n, user, err)
	}
	m.t.Cleanup(func() { c.Close(ctx) })
	s.conns[p.n] = c
	p.syncs = true
}

func (s *modelServer) join(m *model, p *pc) {
	if p.n == 0 {
		s.connect(m, p, fmt.Sprintf("province_%d", s.seed))
		m.logf("pc0 syncs as the province office")
		s.sync(m, p, false)
		return
	}
	if m.rng.IntN(3) == 0 {
		return // packages only
	}
	if s.delegation == "" {
		g := m.pick(m.pcs[0], "delegations")
		if g == nil {
			return
		}
		s.delegation = fmt.Sprintf("delegation_%d", s.seed)
		s.addUser(m, server.User{Name: s.delegation, Kind: server.Delegation, Which: db.MetaOf(g).ID})
	}
	s.connect(m, p, s.delegation)
	m.logf("pc%d syncs as a member of the delegation", p.n)
}

func (s *modelServer) sync(m *model, p *pc, mayKill bool) {
	conn := s.conns[p.n]
	kill := -1
	if mayKill && m.rng.IntN(4) == 0 {
		kill = m.rng.IntN(3)
	}
	res, pulled, err := serversync.Fetch(ctx, p.store, conn)
	if err != nil {
		m.fail("pc%d sync: %v", p.n, err)
	}
	m.logf("pc%d syncs: pushed %d, already there %d, older %d, kept %d, orphans %d; %d rounds to pull",
		p.n, res.Pushed, res.AlreadyThere, res.Outdated, len(res.Kept), len(res.Orphans), pulled.Rounds())
	if kill == 0 {
		m.logf("pc%d: sync killed after the push", p.n)
		return
	}
	stop := -1
	if kill == 1 && pulled.Rounds() > 0 {
		stop = m.rng.IntN(pulled.Rounds())
	}
	for i := range pulled.Rounds() {
		if i == stop {
			m.logf("pc%d: sync killed before round %d of the pull", p.n, i+1)
			return
		}
		pkg, err := pulled.Package(i)
		if err != nil {
			m.fail("pc%d pull: %v", p.n, err)
		}
		incoming := map[rkey]state{}
		for table, rs := range pkg.Tables {
			for _, r := range rs {
				meta, sum := db.MetaOf(r), db.ContentSum(r)
				incoming[rkey{table, meta.ID}] = state{version: meta.Version.String(), hash: hex.EncodeToString(sum[:]), deleted: meta.Deleted()}
			}
		}
		before := m.state(p)
		plan, err := exchange.Prepare(ctx, p.store, pkg)
		if err != nil {
			m.fail("pc%d prepare round %d: %v", p.n, i+1, err)
		}
		m.answer(plan)
		if err := plan.Apply(ctx, p.store, "server", nil); err != nil {
			m.fail("pc%d apply round %d: %v", p.n, i+1, err)
		}
		m.check(p, fmt.Sprintf("pulls round %d", i+1), plan, before, incoming)
		res.Plans = append(res.Plans, plan)
	}
	if err := pulled.Done(ctx, p.store); err != nil {
		m.fail("pc%d: %v", p.n, err)
	}
	if kill == 2 {
		m.logf("pc%d: sync killed before its settlements were pushed", p.n)
		return
	}
	if res.Settled() {
		if err := serversync.PushSettled(ctx, p.store, conn, res); err != nil {
			m.fail("pc%d push settled: %v", p.n, err)
		}
	}
	if m.rng.IntN(4) == 0 {
		again, err := serversync.Sync(ctx, p.store, conn, serversync.Options{File: "server"})
		if err != nil {
			m.fail("pc%d sync again: %v", p.n, err)
		}
		if again.Pushed > 0 || again.Written() > 0 {
			m.fail("pc%d: the same sync again pushed %d and wrote %d", p.n, again.Pushed, again.Written())
		}
		m.logf("pc%d syncs again: nothing changes", p.n)
	}
}

func (s *modelServer) differs(m *model, p *pc) string {
	rows, err := s.admin.Query(ctx, "SELECT tbl, id, version, content_hash, deleted FROM giamsat.versions")
	if err != nil {
		m.fail("%v", err)
	}
	held := map[rkey][]state{}
	for rows.Next() {
		var k rkey
		var st state
		if err := rows.Scan(&k.table, &k.id, &st.version, &st.hash, &st.deleted); err != nil {
			m.fail("%v", err)
		}
		held[k] = append(held[k], st)
	}
	if err := rows.Err(); err != nil {
		m.fail("%v", err)
	}
	want := m.state(p)
	for k, st := range want {
		got := held[k]
		if len(got) != 1 || got[0].version != st.version || got[0].hash != st.hash || got[0].deleted != st.deleted {
			return fmt.Sprintf("%s %s: the server holds %v, pc%d %s %s deleted %v", k.table, shortID(k.id), got, p.n, st.version, st.hash, st.deleted)
		}
	}
	if len(held) != len(want) {
		return fmt.Sprintf("the server holds %d records, pc%d %d", len(held), p.n, len(want))
	}
	return ""
}
