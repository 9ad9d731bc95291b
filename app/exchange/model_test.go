package exchange_test

import (
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"giamsat/app/exchange"
	"giamsat/db"
)

// The model-based test of exchanges among many PCs: 3 to 6 databases, random
// edits, creations and deletions, packages whole and of changes only, of
// everything, one delegation or one commune, delivered out of order, lost,
// delivered twice, relayed, a database restored from a backup, conflicts
// answered at random. An oracle follows what each version of each record
// has seen (the edits in its history) and checks, at every receipt, that a
// version replaced or passed over without a conflict shown held nothing the
// other lacked; after a final exchange among all, every PC holds the same
// records, and no live record lies under a deleted one.
//
//	go test ./app/exchange -run TestManyPCs -seed 1234 -v   (replays one seed)
//	go test ./app/exchange -run TestManyPCs -seeds 2000      (more seeds)
var (
	seedFlag  = flag.Uint64("seed", 0, "TestManyPCs: replay this seed only")
	seedsFlag = flag.Int("seeds", 200, "TestManyPCs: how many seeds to run")
	fromFlag  = flag.Uint64("seed-from", 1, "TestManyPCs: the first seed to run")
)

func TestManyPCs(t *testing.T) {
	seeds := *seedsFlag
	if testing.Short() {
		seeds = min(seeds, 10)
	}
	if *seedFlag != 0 {
		runModel(t, *seedFlag, nil)
		return
	}
	for seed := *fromFlag; seed < *fromFlag+uint64(seeds); seed++ {
		if !t.Run(fmt.Sprint(seed), func(t *testing.T) { runModel(t, seed, nil) }) {
			t.Fatalf("replay with: go test ./app/exchange -run TestManyPCs -seed %d -v", seed)
		}
	}
}

var (
	templateOnce sync.Once
	templateData []byte
	templateErr  error
)

// template is a database with the sample, made once: each PC starts as a
// copy of it (a copy takes an identity of its own when opened).
func template(t *testing.T) []byte {
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "giamsat-model")
		if err != nil {
			templateErr = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "template.db")
		s, err := db.Open(path)
		if err != nil {
			templateErr = err
			return
		}
		if _, err := s.LoadSample(ctx); err != nil {
			templateErr = err
		}
		s.Close()
		templateData, err = os.ReadFile(path)
		if templateErr == nil {
			templateErr = err
		}
	})
	if templateErr != nil {
		t.Fatal(templateErr)
	}
	return templateData
}

type rkey struct{ table, id string }

type state struct {
	version, hash string
	deleted       bool
	refs          []string
}

// events is the set of edits a version has seen.
type events map[int]bool

func (e events) union(o events) events {
	out := events{}
	for k := range e {
		out[k] = true
	}
	for k := range o {
		out[k] = true
	}
	return out
}

func (e events) within(o events) bool {
	for k := range e {
		if !o[k] {
			return false
		}
	}
	return true
}

type pc struct {
	n      int
	path   string
	store  *db.Store
	backup string
	syncs  bool // with the server, when there is one
}

type mail struct {
	from, to int
	path     string
	sent     map[rkey]state // the sender's records when it was made
}

type model struct {
	t       *testing.T
	rng     *rand.Rand
	dir     string
	pcs     []*pc
	mail    []mail
	hist    map[rkey]map[string]events // record, version: edits seen
	hashes  map[rkey]map[string]string // record, version: content hash
	nEvents int
	log     []string
	// server is a province server among the PCs (model_server_test.go,
	// with the build tag server); nil in the model of packages only.
	server syncServer
}

// syncServer is the province server as the model uses it.
type syncServer interface {
	// join makes p a PC that syncs, or not, at random (the first PC
	// always, as the province office).
	join(m *model, p *pc)
	// sync syncs p with the server, perhaps killed half-way, and checks
	// what each round of the pull wrote as a package received.
	sync(m *model, p *pc, mayKill bool)
	// differs says how the server differs from what p holds ("" when it
	// holds the same, one version of each record).
	differs(m *model, p *pc) string
}

func (m *model) logf(format string, args ...any) {
	m.log = append(m.log, fmt.Sprintf(format, args...))
}

func (m *model) fail(format string, args ...any) {
	m.t.Helper()
	m.t.Fatalf("%s\nsteps:\n  %s", fmt.Sprintf(format, args...), strings.Join(m.log, "\n  "))
}

// runModel runs one seed; server, when not nil, makes a province server
// among the PCs once they are made.
func runModel(t *testing.T, seed uint64, server func(*model) syncServer) {
	m := &model{t: t, rng: rand.New(rand.NewPCG(seed, seed*7919)), dir: memDir(t),
		hist: map[rkey]map[string]events{}, hashes: map[rkey]map[string]string{}}
	data := template(t)
	// IDs and times from the seed, so that a seed replays exactly.
	ids := rand.New(rand.NewPCG(seed, 1))
	uuid.SetRand(readerFunc(func(b []byte) (int, error) {
		for i := range b {
			b[i] = byte(ids.Uint32())
		}
		return len(b), nil
	}))
	defer uuid.SetRand(nil)
	clock := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	defer db.SetClock(func() time.Time { clock = clock.Add(time.Millisecond); return clock })()
	n := 3 + m.rng.IntN(4)
	for i := range n {
		p := &pc{n: i, path: filepath.Join(m.dir, fmt.Sprintf("pc%d.db", i))}
		if err := os.WriteFile(p.path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m.open(p)
		m.pcs = append(m.pcs, p)
	}
	for k, s := range m.state(m.pcs[0]) {
		m.register(k, s, events{})
	}
	if server != nil {
		m.server = server(m)
		for _, p := range m.pcs {
			m.server.join(m, p)
		}
	}
	defer func() {
		for _, p := range m.pcs {
			p.store.Close()
		}
	}()
	steps := 40 + m.rng.IntN(50)
	for range steps {
		p := m.pcs[m.rng.IntN(len(m.pcs))]
		switch r := m.rng.IntN(100); {
		case r < 30:
			m.local(p, "edit", m.edit)
		case r < 42:
			m.local(p, "create", m.create)
		case r < 50:
			m.local(p, "delete", m.remove)
		case r < 72:
			if p.syncs && m.rng.IntN(2) == 0 {
				m.server.sync(m, p, true)
				break
			}
			m.send(p)
		case r < 94:
			m.deliver()
		case r < 95:
			m.backupOrRestore(p)
		case r < 96:
			m.copyToNewPC(p)
		default:
			if len(m.mail) > 0 {
				i := m.rng.IntN(len(m.mail))
				m.logf("package %s lost", filepath.Base(m.mail[i].path))
				m.mail = slices.Delete(m.mail, i, i+1)
			}
		}
	}
	m.finalExchange()
}

func (m *model) open(p *pc) {
	s, err := db.Open(p.path)
	if err != nil {
		m.fail("open pc%d: %v", p.n, err)
	}
	p.store = s
}

// state reads what a PC holds of every record.
func (m *model) state(p *pc) map[rkey]state {
	out := map[rkey]state{}
	for _, table := range db.SyncedTables() {
		held, err := p.store.HeldRecords(ctx, table)
		if err != nil {
			m.fail("pc%d: %v", p.n, err)
		}
		refs, err := p.store.LiveReferences(ctx, table)
		if err != nil {
			m.fail("pc%d: %v", p.n, err)
		}
		for id, h := range held {
			out[rkey{table, id}] = state{h.Version.String(), hex.EncodeToString(h.Hash[:]), h.Deleted, refs[id]}
		}
	}
	return out
}

// register notes what version v of a record has seen; a version seen again
// must say the same.
func (m *model) register(k rkey, s state, e events) {
	if m.hist[k] == nil {
		m.hist[k], m.hashes[k] = map[string]events{}, map[string]string{}
	}
	if h, ok := m.hashes[k][s.version]; ok && h != s.hash {
		m.fail("%v: version %s stands for two contents", k, s.version)
	}
	if old, ok := m.hist[k][s.version]; ok {
		if !e.within(old) {
			m.logf("  (%s %s at %s gains events: had %v, now also %v)", k.table, shortID(k.id), s.version, keys(old), keys(e))
		}
		e = e.union(old)
	}
	m.hist[k][s.version], m.hashes[k][s.version] = e, s.hash
}

func (m *model) histOf(k rkey, s state) events {
	e, ok := m.hist[k][s.version]
	if !ok {
		m.fail("%v: version %s appeared from nowhere", k, s.version)
	}
	return e
}

// local runs an edit of the user's on p: every record it changes gains a
// new event on top of what its version had seen.
func (m *model) local(p *pc, what string, op func(p *pc) string) {
	before := m.state(p)
	desc := op(p)
	if desc == "" {
		return
	}
	m.nEvents++
	ev := m.nEvents
	m.logf("pc%d %s: %s (event %d)", p.n, what, desc, ev)
	for k, s := range m.state(p) {
		old, had := before[k]
		if had && old.version == s.version {
			if old.hash != s.hash || old.deleted != s.deleted {
				m.fail("pc%d %v: content changed under the same version", p.n, k)
			}
			continue
		}
		e := events{ev: true}
		if had {
			e = e.union(m.histOf(k, old))
		}
		m.register(k, s, e)
	}
}

// pick returns a random live record of one of tables on p, or nil.
func (m *model) pick(p *pc, tables ...string) db.Record {
	var keys []rkey
	for k, s := range m.state(p) {
		if !s.deleted && slices.Contains(tables, k.table) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].table+keys[i].id < keys[j].table+keys[j].id })
	k := keys[m.rng.IntN(len(keys))]
	r, err := p.store.Lookup(ctx, k.table, k.id)
	if err != nil {
		m.fail("pc%d: %v", p.n, err)
	}
	return r
}

func (m *model) save(p *pc, r db.Record) {
	if err := p.store.Save(ctx, r); err != nil {
		m.fail("pc%d save %s: %v", p.n, db.TableOf(r), err)
	}
}

func (m *model) edit(p *pc) string {
	r := m.pick(p, "delegations", "members", "visits", "sessions", "difficulties", "requests", "communes", "indicators")
	if m.rng.IntN(4) == 0 {
		r = m.pick(p, "difficulties", "requests") // many of them common: their lists change often
	}
	if r == nil {
		return ""
	}
	text := fmt.Sprintf("sửa %d", m.rng.IntN(4)) // few values: equal edits happen too
	switch v := r.(type) {
	case *db.Delegation:
		v.Notes = text
	case *db.Member:
		v.Position = text
	case *db.Visit:
		if m.rng.IntN(2) == 0 {
			v.Assessment = text
		} else {
			v.Place = text
		}
	case *db.Session:
		v.Note = text
	case *db.Difficulty:
		if v.Shared() && m.rng.IntN(4) != 0 {
			// Another commune named, or one no longer (never the last).
			c := m.pick(p, "communes")
			ids := db.SplitIDs(v.Communes)
			if c == nil {
				return ""
			}
			if id := db.MetaOf(c).ID; slices.Contains(ids, id) && len(ids) > 1 {
				v.Communes = db.JoinIDs(slices.DeleteFunc(ids, func(x string) bool { return x == id }))
				text = "communes less " + shortID(id)
			} else {
				v.Communes = db.UnionIDs(v.Communes, id)
				text = "communes and " + shortID(id)
			}
			break
		}
		v.Remedy = text
	case *db.Request:
		if v.Shared() && m.rng.IntN(4) != 0 {
			// Another commune named, or one no longer (never the last).
			c := m.pick(p, "communes")
			if c == nil {
				return ""
			}
			ids := db.SplitIDs(v.Communes)
			if id := db.MetaOf(c).ID; slices.Contains(ids, id) && len(ids) > 1 {
				v.Communes = db.JoinIDs(slices.DeleteFunc(ids, func(x string) bool { return x == id }))
				text = "communes less " + shortID(id)
			} else {
				v.Communes = db.UnionIDs(v.Communes, id)
				text = "communes and " + shortID(id)
			}
		}
		v.Text = "Kiến nghị " + text
	case *db.Commune:
		v.Notes = text
	case *db.Indicator:
		v.NameEN = text
	}
	m.save(p, r)
	return fmt.Sprintf("%s %s → %q", db.TableOf(r), shortID(db.MetaOf(r).ID), text)
}

func (m *model) create(p *pc) string {
	switch m.rng.IntN(4) {
	case 0:
		g := m.pick(p, "delegations")
		c := m.pick(p, "communes")
		if g == nil || c == nil {
			return ""
		}
		v := &db.Visit{DelegationID: db.MetaOf(g).ID, CommuneID: db.MetaOf(c).ID, Date: db.NewDate(2026, 11, 1+m.rng.IntN(28))}
		m.save(p, v)
		return "visit " + shortID(v.ID)
	case 1:
		g := m.pick(p, "delegations")
		if g == nil {
			return ""
		}
		mem := &db.Member{DelegationID: db.MetaOf(g).ID, FullName: fmt.Sprintf("Thành viên %d", m.rng.IntN(100)), Role: "member"}
		m.save(p, mem)
		return "member " + shortID(mem.ID)
	}
	if m.rng.IntN(3) == 0 {
		// A difficulty common to one to three communes.
		g := m.pick(p, "delegations")
		if g == nil {
			return ""
		}
		var ids []string
		for range 1 + m.rng.IntN(3) {
			if c := m.pick(p, "communes"); c != nil {
				ids = append(ids, db.MetaOf(c).ID)
			}
		}
		if len(ids) == 0 {
			return ""
		}
		// A difficulty or a request common to one to three communes.
		var d db.Record = &db.Difficulty{DelegationID: db.MetaOf(g).ID, Communes: db.JoinIDs(ids), Scope: "delegation",
			Category: "other", Description: "Khó khăn chung mới", Status: "open"}
		if m.rng.IntN(2) == 0 {
			d = &db.Request{DelegationID: db.MetaOf(g).ID, Communes: db.JoinIDs(ids), Scope: "delegation",
				Text: "Kiến nghị chung mới", Status: "open"}
		}
		m.save(p, d)
		return fmt.Sprintf("common %s %s of delegation %s, communes %s", db.TableOf(d), shortID(db.MetaOf(d).ID), shortID(db.MetaOf(g).ID), *db.CommunesOf(d))
	}
	v := m.pick(p, "visits")
	if v == nil {
		return ""
	}
	var r db.Record = &db.Difficulty{VisitID: db.MetaOf(v).ID, Category: "other", Description: "Khó khăn mới", Status: "open", Scope: "commune"}
	if m.rng.IntN(2) == 0 {
		r = &db.Request{VisitID: db.MetaOf(v).ID, Text: "Kiến nghị mới", Status: "open"}
	}
	m.save(p, r)
	return fmt.Sprintf("%s %s under visit %s", db.TableOf(r), shortID(db.MetaOf(r).ID), shortID(db.MetaOf(v).ID))
}

func (m *model) remove(p *pc) string {
	tables := []string{"difficulties", "requests", "members", "sessions", "visits"}
	if m.rng.IntN(10) == 0 {
		tables = []string{"delegations"}
	}
	r := m.pick(p, tables...)
	if r == nil {
		return ""
	}
	if err := p.store.Delete(ctx, r); err != nil {
		m.fail("pc%d delete: %v", p.n, err)
	}
	return fmt.Sprintf("%s %s", db.TableOf(r), shortID(db.MetaOf(r).ID))
}

// send makes a package on p for another PC: whole or changes only, of
// everything, a delegation or a commune.
func (m *model) send(p *pc) {
	to := m.rng.IntN(len(m.pcs) - 1)
	if to >= p.n {
		to++
	}
	opt := exchange.Options{Recipient: fmt.Sprintf("pc%d", to), OnlyChanges: m.rng.IntN(3) == 0}
	what := "all"
	switch m.rng.IntN(4) {
	case 0:
		if g := m.pick(p, "delegations"); g != nil {
			opt.Selection.DelegationID = db.MetaOf(g).ID
			what = "delegation " + shortID(db.MetaOf(g).ID)
		}
	case 1:
		if c := m.pick(p, "communes"); c != nil {
			opt.Selection.CommuneID = db.MetaOf(c).ID
			what = "commune " + shortID(db.MetaOf(c).ID)
		}
	}
	path := filepath.Join(m.dir, fmt.Sprintf("p%d-from%d-to%d.giamsat", len(m.log), p.n, to))
	if _, err := exchange.Make(ctx, p.store, path, opt); err != nil {
		m.fail("pc%d make: %v", p.n, err)
	}
	m.logf("pc%d sends %s to pc%d (changes only %v): %s", p.n, what, to, opt.OnlyChanges, filepath.Base(path))
	m.mail = append(m.mail, mail{from: p.n, to: to, path: path, sent: m.state(p)})
}

// deliver receives a package waiting, chosen at random (so out of order),
// sometimes leaving it to be delivered again.
func (m *model) deliver() {
	if len(m.mail) == 0 {
		return
	}
	i := m.rng.IntN(len(m.mail))
	ml := m.mail[i]
	if m.rng.IntN(5) != 0 {
		m.mail = slices.Delete(m.mail, i, i+1)
	}
	m.receive(m.pcs[ml.to], ml)
}

func (m *model) backupOrRestore(p *pc) {
	if p.backup == "" || m.rng.IntN(2) == 0 {
		p.backup = filepath.Join(m.dir, fmt.Sprintf("pc%d-backup-%d.db", p.n, len(m.log)))
		if err := p.store.Backup(ctx, p.backup); err != nil {
			m.fail("pc%d backup: %v", p.n, err)
		}
		m.logf("pc%d backup %s", p.n, filepath.Base(p.backup))
		return
	}
	p.store.Close()
	if _, err := db.Restore(ctx, p.backup, p.path); err != nil {
		m.fail("pc%d restore: %v", p.n, err)
	}
	m.open(p)
	m.logf("pc%d restored from %s", p.n, filepath.Base(p.backup))
}

// copyToNewPC puts a copy of p's database file on a new PC, which goes on
// from there with an identity of its own (at most six PCs).
func (m *model) copyToNewPC(p *pc) {
	if len(m.pcs) >= 6 {
		return
	}
	if err := p.store.Checkpoint(ctx); err != nil {
		m.fail("pc%d checkpoint: %v", p.n, err)
	}
	data, err := os.ReadFile(p.path)
	if err != nil {
		m.fail("pc%d: %v", p.n, err)
	}
	q := &pc{n: len(m.pcs), path: filepath.Join(m.dir, fmt.Sprintf("pc%d.db", len(m.pcs)))}
	if err := os.WriteFile(q.path, data, 0o644); err != nil {
		m.fail("copy: %v", err)
	}
	m.open(q)
	m.pcs = append(m.pcs, q)
	if m.server != nil {
		m.server.join(m, q) // the copy holds the marks of p's syncs
	}
	m.logf("pc%d's database copied to a new pc%d", p.n, q.n)
	// The copy holds what p held, versions and all: nothing new to note.
	for k, s := range m.state(q) {
		m.histOf(k, s)
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(b []byte) (int, error) { return f(b) }

func keys(e events) []int {
	var out []int
	for k := range e {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// memDir is a folder in memory where there is one (/dev/shm): the model
// writes thousands of small transactions, each synced to disk.
func memDir(t *testing.T) string {
	dir, err := os.MkdirTemp("/dev/shm", "giamsat-model")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
