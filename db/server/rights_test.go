//go:build server

package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"giamsat/db"
	"giamsat/db/server/servertest"

	"github.com/jackc/pgx/v5"
)

// world is a server with the worked example's shape: two communes, one
// delegation visiting both, and a user of each kind.
type world struct {
	url                   string
	admin                 *pgx.Conn
	province, doan, thong *pgx.Conn
}

func v(table, id, version, body string) Version {
	return Version{Table: table, ID: id, Version: version, Hash: fmt.Sprintf("%032x", len(body)+len(version)), Body: []byte(body)}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{url: servertest.Start(t)}
	w.admin = connect(t, w.url)
	if _, err := Init(ctx, w.admin); err != nil {
		t.Fatal(err)
	}
	// The catalogue and the delegation, as the province would push them.
	if _, err := Push(ctx, w.admin, []Version{
		v("communes", "c-tn", "0:1", `{"id": "c-tn", "name": "Thông Nông", "code": "TN"}`),
		v("communes", "c-ln", "0:1", `{"id": "c-ln", "name": "Lũng Nặm", "code": "LN"}`),
		v("delegations", "d-03", "p:1", `{"id": "d-03", "number": "03"}`),
	}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []User{{role(w.url, "tinh"), Province, ""}, {role(w.url, "doan03"), Delegation, "03"}, {role(w.url, "thongnong"), Commune, "TN"}} {
		if err := AddUser(ctx, w.admin, u, "mật khẩu dài"); err != nil {
			t.Fatal(err)
		}
	}
	as := func(name string) *pgx.Conn {
		p, _ := url.Parse(w.url)
		p.User = url.UserPassword(role(w.url, name), "mật khẩu dài")
		return connect(t, p.String())
	}
	w.province, w.doan, w.thong = as("tinh"), as("doan03"), as("thongnong")
	if _, err := Push(ctx, w.doan, []Version{
		v("members", "m-1", "d:1", `{"id": "m-1", "delegation_id": "d-03", "full_name": "Nông Thanh Tùng"}`),
		v("visits", "v-tn", "d:2", `{"id": "v-tn", "delegation_id": "d-03", "commune_id": "c-tn"}`),
		v("visits", "v-ln", "d:3", `{"id": "v-ln", "delegation_id": "d-03", "commune_id": "c-ln"}`),
		v("difficulties", "k-common", "d:4", `{"id": "k-common", "visit_id": "", "delegation_id": "d-03", "scope": "delegation", "communes": "c-ln,c-tn"}`),
	}); err != nil {
		t.Fatal(err)
	}
	return w
}

// role is name made unique to the test's database: roles are the
// cluster's, shared by the tests.
func role(u, name string) string {
	p, _ := url.Parse(u)
	return name + "_" + strings.TrimPrefix(p.Path, "/")
}

func ids(t *testing.T, c *pgx.Conn) []string {
	t.Helper()
	vs, _, err := Pull(ctx, c, "")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range vs {
		out = append(out, v.ID)
	}
	slices.Sort(out)
	return out
}

// Each row of docs/server.md's table of rights, enforced by the server.
func TestRights(t *testing.T) {
	w := newWorld(t)
	// A commune secretary writes her visits' sessions, values and own
	// difficulties...
	if _, err := Push(ctx, w.thong, []Version{
		v("sessions", "s-tn", "t:1", `{"id": "s-tn", "visit_id": "v-tn", "level": "commune"}`),
		v("indicator_values", "iv-tn", "t:2", `{"id": "iv-tn", "visit_id": "v-tn"}`),
		v("difficulties", "k-tn", "t:3", `{"id": "k-tn", "visit_id": "v-tn", "scope": "commune"}`),
	}); err != nil {
		t.Fatalf("the commune writes its own visit's records: %v", err)
	}
	// ...and nothing else: another commune's visit, a visit, the
	// delegation's findings, a common difficulty, the catalogue.
	for _, bad := range []Version{
		v("sessions", "s-ln", "t:4", `{"id": "s-ln", "visit_id": "v-ln"}`),
		v("visits", "v-x", "t:5", `{"id": "v-x", "delegation_id": "d-03", "commune_id": "c-tn"}`),
		v("requests", "r-tn", "t:6", `{"id": "r-tn", "visit_id": "v-tn"}`),
		v("difficulties", "k-x", "t:7", `{"id": "k-x", "visit_id": "", "delegation_id": "d-03", "scope": "delegation", "communes": "c-tn"}`),
		v("communes", "c-x", "t:8", `{"id": "c-x", "name": "Xã mới"}`),
		v("members", "m-x", "t:9", `{"id": "m-x", "delegation_id": "d-03"}`),
	} {
		if _, err := Push(ctx, w.thong, []Version{bad}); !errors.Is(err, ErrNotAllowed) {
			t.Errorf("the commune wrote %s %s: %v", bad.Table, bad.ID, err)
		}
	}
	// She reads the catalogue, the delegation that visited her and its
	// members, her visit and what is under it, and the common difficulty
	// naming her commune; not the other commune's visit.
	want := []string{"c-ln", "c-tn", "d-03", "iv-tn", "k-common", "k-tn", "m-1", "s-tn", "v-tn"}
	if got := ids(t, w.thong); !slices.Equal(got, want) {
		t.Errorf("the commune reads %v, want %v", got, want)
	}
	// A delegation member writes the delegation's records, not the
	// catalogue, and reads all of the delegation's.
	if _, err := Push(ctx, w.doan, []Version{v("requests", "r-ln", "d:5", `{"id": "r-ln", "visit_id": "v-ln"}`)}); err != nil {
		t.Errorf("the delegation writes a request: %v", err)
	}
	if _, err := Push(ctx, w.doan, []Version{v("indicators", "i-x", "d:6", `{"id": "i-x"}`)}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("the delegation wrote the catalogue: %v", err)
	}
	all := []string{"c-ln", "c-tn", "d-03", "iv-tn", "k-common", "k-tn", "m-1", "r-ln", "s-tn", "v-ln", "v-tn"}
	if got := ids(t, w.doan); !slices.Equal(got, all) {
		t.Errorf("the delegation reads %v, want %v", got, all)
	}
	// The province writes the catalogue.
	if _, err := Push(ctx, w.province, []Version{v("indicators", "i-1", "p:2", `{"id": "i-1", "code": "x"}`)}); err != nil {
		t.Errorf("the province writes the catalogue: %v", err)
	}
	// A refused push stores nothing of what came with it.
	if _, err := Push(ctx, w.thong, []Version{
		v("sessions", "s-tn2", "t:10", `{"id": "s-tn2", "visit_id": "v-tn"}`),
		v("sessions", "s-ln2", "t:11", `{"id": "s-ln2", "visit_id": "v-ln"}`),
	}); err == nil {
		t.Fatal("a push with a record not allowed went through")
	}
	if got := ids(t, w.thong); slices.Contains(got, "s-tn2") {
		t.Error("half a refused push was stored")
	}
}

// The server keeps the versions no other descends from: an update replaces,
// an older version is refused, concurrent ones are both kept, and one that
// descends from both replaces them.
func TestPushKeepsTheLeaves(t *testing.T) {
	w := newWorld(t)
	count := func() int {
		var n int
		w.admin.QueryRow(ctx, "SELECT count(*) FROM giamsat.versions WHERE id = 'm-1'").Scan(&n)
		return n
	}
	push := func(version, body string) string {
		t.Helper()
		got, err := Push(ctx, w.doan, []Version{v("members", "m-1", version, body)})
		if err != nil {
			t.Fatal(err)
		}
		return got[0]
	}
	body := `{"id": "m-1", "delegation_id": "d-03", "full_name": "Nông Thanh Tùng"}`
	for _, step := range []struct {
		version, body, want string
		leaves              int
	}{
		{"d:1", body, Same, 1},
		{"d:7", strings.Replace(body, "Tùng", "Tùng (sửa)", 1), Stored, 1},
		{"d:1", body, Older, 1},
		{"d:7,t:1", strings.Replace(body, "Tùng", "Tùng (TN)", 1), Stored, 1},
		{"d:8", strings.Replace(body, "Tùng", "Tùng (đoàn)", 1), Stored, 2}, // concurrent with d:7,t:1
		{"d:8,t:1,x:1", strings.Replace(body, "Tùng", "Tùng (chọn)", 1), Stored, 1},
	} {
		if got := push(step.version, step.body); got != step.want || count() != step.leaves {
			t.Fatalf("push %s: %s with %d versions held, want %s with %d", step.version, got, count(), step.want, step.leaves)
		}
	}
}

// A pull never passes over a version whose transaction commits after one
// that began later: it reads below every transaction still running, and
// the next pull reads the rest.
func TestPullMissesNothingCommittedLate(t *testing.T) {
	w := newWorld(t)
	_, cursor, err := Pull(ctx, w.province, "")
	if err != nil {
		t.Fatal(err)
	}
	slow := connect(t, w.url)
	tx, err := slow.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "SELECT giamsat.push('sessions', 's-late', 'd:20', repeat('c', 32), false, '{\"id\": \"s-late\", \"visit_id\": \"v-tn\"}')"); err != nil {
		t.Fatal(err)
	}
	if _, err := Push(ctx, w.province, []Version{v("sessions", "s-early", "d:21", `{"id": "s-early", "visit_id": "v-tn"}`)}); err != nil {
		t.Fatal(err)
	}
	got, next, err := Pull(ctx, w.province, cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Fatalf("read %d versions past a transaction still running", len(got))
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	got, _, err = Pull(ctx, w.province, next)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, v := range got {
		seen = append(seen, v.ID)
	}
	slices.Sort(seen)
	if !slices.Equal(seen, []string{"s-early", "s-late"}) {
		t.Fatalf("the next pull read %v", seen)
	}
	// And the same pull again reads them again: applying them twice
	// changes nothing (the same versions).
	if again, _, _ := Pull(ctx, w.province, next); len(again) != 2 {
		t.Fatalf("pulling from the same cursor again read %d", len(again))
	}
}

// PushAll leaves out what the user may not write and stores the rest.
func TestPushAllLeavesOutWhatIsNotAllowed(t *testing.T) {
	w := newWorld(t)
	got, err := PushAll(ctx, w.thong, []Version{
		v("sessions", "s-tn", "t:1", `{"id": "s-tn", "visit_id": "v-tn"}`),
		v("sessions", "s-ln", "t:2", `{"id": "s-ln", "visit_id": "v-ln"}`),
		v("indicator_values", "iv-tn", "t:3", `{"id": "iv-tn", "visit_id": "v-tn"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{Stored, Refused, Stored}) {
		t.Fatalf("PushAll said %v", got)
	}
	if ids := ids(t, w.province); !slices.Contains(ids, "s-tn") || slices.Contains(ids, "s-ln") || !slices.Contains(ids, "iv-tn") {
		t.Fatalf("the server holds %v", ids)
	}
}

// A record pointing to one the server lacks (a visit at a commune not in
// the province's catalogue) is left out: stored, it would refuse every
// PC's pull of it.
func TestNoOrphansOnTheServer(t *testing.T) {
	w := newWorld(t)
	if _, err := Push(ctx, w.doan, []Version{v("visits", "v-x", "d:9", `{"id": "v-x", "delegation_id": "d-03", "commune_id": "c-nowhere"}`)}); !errors.Is(err, ErrOrphan) {
		t.Fatalf("a visit at a commune the server lacks: %v", err)
	}
	got, err := PushAll(ctx, w.doan, []Version{
		v("visits", "v-x", "d:9", `{"id": "v-x", "delegation_id": "d-03", "commune_id": "c-nowhere"}`),
		v("sessions", "s-x", "d:10", `{"id": "s-x", "visit_id": "v-x"}`),
		v("sessions", "s-ok", "d:11", `{"id": "s-ok", "visit_id": "v-ln"}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{Orphan, Orphan, Stored}) {
		t.Fatalf("PushAll said %v", got)
	}
}

// The window's mirror of the rights (db.Rights, which greys what the user
// may not change) agrees with the server's policies, record by record, for
// each kind of user, as WhoAmI tells the PC who it is.
func TestTheWindowAgreesWithTheServer(t *testing.T) {
	w := newWorld(t)
	type candidate struct {
		table, visit, commune, body string // visit: the visit it is under; commune: that visit's
	}
	cands := []candidate{
		{"sessions", "v-tn", "c-tn", `{"visit_id": "v-tn", "level": "commune"}`},
		{"sessions", "v-ln", "c-ln", `{"visit_id": "v-ln", "level": "commune"}`},
		{"indicator_values", "v-tn", "c-tn", `{"visit_id": "v-tn"}`},
		{"difficulties", "v-tn", "c-tn", `{"visit_id": "v-tn", "scope": "commune"}`},
		{"difficulties", "v-ln", "c-ln", `{"visit_id": "v-ln", "scope": "commune"}`},
		{"difficulties", "", "", `{"visit_id": "", "delegation_id": "d-03", "scope": "delegation", "communes": "c-tn"}`},
		{"requests", "v-tn", "c-tn", `{"visit_id": "v-tn"}`},
		{"requests", "", "", `{"visit_id": "", "delegation_id": "d-03", "scope": "delegation", "communes": "c-tn"}`},
		{"visits", "", "c-tn", `{"delegation_id": "d-03", "commune_id": "c-tn"}`},
		{"members", "", "", `{"delegation_id": "d-03"}`},
		{"delegations", "", "", `{"number": "03"}`},
		{"communes", "", "", `{"name": "Xã mới"}`},
		{"indicators", "", "", `{"code": "moi"}`},
	}
	n := 0
	for _, user := range []struct {
		name string
		conn *pgx.Conn
		kind string
	}{{"tinh", w.province, Province}, {"doan03", w.doan, Delegation}, {"thongnong", w.thong, Commune}} {
		rights, err := WhoAmI(ctx, user.conn)
		if err != nil {
			t.Fatal(err)
		}
		if rights.Kind != user.kind {
			t.Fatalf("%s: whoami says %+v", user.name, rights)
		}
		for _, c := range cands {
			n++
			id := fmt.Sprintf("x-%d", n)
			if c.table == "delegations" {
				id = "d-03" // a delegation's own record is its ID
			}
			// A code of its own: one taken would make it an alias.
			body := `{"id": "` + id + `", ` + strings.ReplaceAll(c.body[1:], `"moi"`, fmt.Sprintf(`"moi%d"`, n))
			rec := db.NewRecord(c.table)
			if err := json.Unmarshal([]byte(body), rec); err != nil {
				t.Fatal(err)
			}
			window := rights.MayWriteRecord(rec, "d-03", c.commune)
			_, err := Push(ctx, user.conn, []Version{v(c.table, id, fmt.Sprintf("w%d:1", n), body)})
			server := err == nil
			if err != nil && !errors.Is(err, ErrNotAllowed) {
				t.Fatalf("%s pushing %s: %v", user.name, body, err)
			}
			if window != server {
				t.Errorf("%s, %s %s: the window says writable %v, the server %v", user.name, c.table, body, window, server)
			}
		}
	}
}

// Two PCs that create the same commune under two IDs: the server keeps
// the first, takes the second's ID for it (an alias), and stores what
// points to the alias as pointing to the first; an edit that gives a
// commune it holds another's code is refused.
func TestCommuneCreatedTwice(t *testing.T) {
	w := newWorld(t)
	push := func(c *pgx.Conn, vs ...Version) []string {
		t.Helper()
		got, err := PushAll(ctx, c, vs)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := push(w.province, v("communes", "c-new1", "a:1", `{"id": "c-new1", "name": "Xã Mới", "code": "MOI"}`)); got[0] != Stored {
		t.Fatalf("the first: %v", got)
	}
	got := push(w.province,
		v("communes", "c-new2", "b:1", `{"id": "c-new2", "name": "Xã Mới", "code": " moi "}`),
		v("visits", "v-new2", "b:2", `{"id": "v-new2", "delegation_id": "d-03", "commune_id": "c-new2"}`),
		v("difficulties", "k-new2", "b:3", `{"id": "k-new2", "visit_id": "", "delegation_id": "d-03", "scope": "delegation", "communes": "c-new2,c-tn,c-new1"}`))
	if !slices.Equal(got, []string{Alias, Stored, Stored}) {
		t.Fatalf("the second commune and what points to it: %v", got)
	}
	// Edited again on its PC, the alias stays one.
	if got := push(w.province, v("communes", "c-new2", "b:4", `{"id": "c-new2", "name": "Xã Mới (sửa)", "code": "MOI"}`)); got[0] != Alias {
		t.Errorf("the alias edited: %v", got)
	}
	vs, _, err := Pull(ctx, w.province, "")
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, x := range vs {
		bodies[x.ID] = string(x.Body)
	}
	if _, ok := bodies["c-new2"]; ok {
		t.Error("the server holds the commune twice")
	}
	if !strings.Contains(bodies["v-new2"], `"commune_id": "c-new1"`) {
		t.Errorf("the visit points to %s", bodies["v-new2"])
	}
	if !strings.Contains(bodies["k-new2"], `"communes": "c-new1,c-tn"`) {
		t.Errorf("the common difficulty names %s", bodies["k-new2"])
	}
	// A commune the server holds, given another's code: refused, said.
	if got := push(w.province, v("communes", "c-ln", "0:1,p:9", `{"id": "c-ln", "name": "Lũng Nặm", "code": "TN"}`)); got[0] != Duplicate {
		t.Errorf("a held commune given another's code: %v", got)
	}
	// Its code freed by a deletion, another may take it.
	push(w.province, Version{Table: "communes", ID: "c-new1", Version: "a:2", Hash: fmt.Sprintf("%032x", 1), Deleted: true, Body: []byte(`{"id": "c-new1", "code": "MOI"}`)})
	if got := push(w.province, v("communes", "c-new3", "c:1", `{"id": "c-new3", "name": "Xã Mới", "code": "MOI"}`)); got[0] != Stored {
		t.Errorf("a code freed by a deletion: %v", got)
	}
}
