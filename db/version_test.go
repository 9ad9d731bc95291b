package db

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func v(dots ...any) Version {
	var out Version
	for i := 0; i < len(dots); i += 2 {
		out = out.With(dots[i].(string), uint64(dots[i+1].(int)))
	}
	return out
}

func TestVersionOrder(t *testing.T) {
	cases := []struct {
		a, b Version
		want Order
	}{
		{v("a", 1), v("a", 1), Same},
		{v("a", 1), v("a", 2), Older},
		{v("a", 2), v("a", 1), Newer},
		{v("a", 1), v("a", 1, "b", 1), Older},
		{v("a", 2), v("a", 1, "b", 1), Concurrent},
		{v("0", 1, "b", 3), v("0", 1, "c", 2), Concurrent},
		{v("0", 3, "b", 3), v("0", 1, "b", 2), Newer},
	}
	for _, c := range cases {
		if got := c.a.Compare(c.b); got != c.want {
			t.Errorf("%v vs %v: %v, want %v", c.a, c.b, got, c.want)
		}
	}
	m := Merge(v("a", 2, "c", 1), v("a", 1, "b", 4))
	if m.String() != "a:2,b:4,c:1" {
		t.Fatalf("merge: %v", m)
	}
	if m.Compare(v("a", 2, "c", 1)) != Newer || m.Compare(v("a", 1, "b", 4)) != Newer {
		t.Fatal("a merge must descend from both")
	}
}

func TestVersionForms(t *testing.T) {
	in := v("0", 1, "5f3a9c", 12)
	b, _ := json.Marshal(in)
	if string(b) != `{"0":1,"5f3a9c":12}` {
		t.Fatalf("json: %s", b)
	}
	var back Version
	if err := json.Unmarshal(b, &back); err != nil || back.Compare(in) != Same || back.Check() != nil {
		t.Fatalf("back: %v %v", back, err)
	}
	p, err := ParseVersion(in.String())
	if err != nil || p.Compare(in) != Same {
		t.Fatalf("compact: %v %v", p, err)
	}
	for _, bad := range []string{`{"a":0}`, `{"a":-1}`, `{"a":1.5}`, `{"a":9007199254740992}`, `{"A":1}`, `{}`, `[1]`, `{"a":"1"}`} {
		var x Version
		if err := json.Unmarshal([]byte(bad), &x); err == nil && x.Check() == nil {
			t.Errorf("%s accepted as %v", bad, x)
		}
	}
}

func TestContentHashIsCanonical(t *testing.T) {
	nfc := &Commune{Name: "Lũng Nặm", Kind: "commune"}
	nfd := &Commune{Name: "Lu\u0303ng Na\u0323\u0306m", Kind: "commune"}
	if ContentHash(nfc) != ContentHash(nfd) {
		t.Fatal("NFC and NFD of one name hash apart")
	}
	a := &Session{VisitID: "v", Level: "commune"}
	b := &Session{VisitID: "v", Level: "commune", Held: IntPtr(0)}
	if ContentHash(a) == ContentHash(b) {
		t.Fatal("an unknown count hashes as a zero")
	}
	c := *nfc
	c.DeletedAt = now()
	if ContentHash(&c) == ContentHash(nfc) {
		t.Fatal("a tombstone hashes as the live record")
	}
	c = *nfc
	c.ID, c.Revision, c.UpdatedAt = "x", 7, now()
	if ContentHash(&c) != ContentHash(nfc) {
		t.Fatal("the hash depends on the ID, revision or times")
	}
}

// A save steps the version under this database's replica; a save that
// changes nothing keeps it; a deletion steps it again for each record
// it takes.
func TestSavesStepTheVersion(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	g := &Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng"}
	mustSave(t, s, g)
	if len(g.Version) != 1 || g.Hash != ContentHash(g) {
		t.Fatalf("new record: %v %q", g.Version, g.Hash)
	}
	first := g.Version
	same := *g
	mustSave(t, s, &same)
	if same.Version.Compare(first) != Same {
		t.Fatalf("an unchanged save changed the version: %v", same.Version)
	}
	same.Notes = "đã sửa"
	mustSave(t, s, &same)
	if same.Version.Compare(first) != Newer {
		t.Fatalf("an edit gave %v after %v", same.Version, first)
	}
	m := &Member{DelegationID: g.ID, FullName: "Nông Thanh Tùng", Role: "head"}
	mustSave(t, s, m)
	before, _ := Get[Member](ctx, s, m.ID)
	if err := s.Delete(ctx, &same); err != nil {
		t.Fatal(err)
	}
	after, err := s.Lookup(ctx, "members", m.ID)
	if err != nil || !MetaOf(after).Deleted() || MetaOf(after).Version.Compare(before.Version) != Newer ||
		MetaOf(after).Hash != ContentHash(after) {
		t.Fatalf("cascaded tombstone: %+v %v", after, err)
	}
}

// A copy of the database file in another place takes a replica of its
// own; so does a restored backup; the original keeps its.
func TestCopiesTakeANewReplica(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "a.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	g := &Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng"}
	mustSave(t, s, g)
	replicaOf := func(s *Store) string {
		var r string
		if err := s.WithTx(ctx, func(tx *Tx) error { var err error; r, err = tx.Replica(); return err }); err != nil {
			t.Fatal(err)
		}
		return r
	}
	orig := replicaOf(s)
	origID := mustID(t, s)
	if g.Version[0].Replica != orig {
		t.Fatalf("saved under %v, replica %s", g.Version, orig)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	s.Close()
	data, _ := os.ReadFile(path)
	copyPath := filepath.Join(dir, "copy.db")
	os.WriteFile(copyPath, data, 0o644)
	c, err := Open(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if r := replicaOf(c); r == orig {
		t.Fatal("a copy elsewhere kept the original's replica")
	}
	if a, b := origID, mustID(t, c); a == b {
		t.Fatal("a copy elsewhere kept the original's database ID")
	}
	c.Close()
	s, _ = Open(path)
	if replicaOf(s) != orig {
		t.Fatal("the original lost its replica")
	}
	s.Close()
	if _, err := Restore(ctx, backup, path); err != nil {
		t.Fatal(err)
	}
	s, _ = Open(path)
	defer s.Close()
	if replicaOf(s) == orig {
		t.Fatal("a restored backup kept the replica the original went on with")
	}
}

// A received version holding steps of this replica beyond its counter
// (this file is an older copy of itself) makes it take a new replica.
func TestAVersionFromTheFutureRenewsTheReplica(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	g := &Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng"}
	mustSave(t, s, g)
	mine := g.Version[0]
	future := &Delegation{Meta: Meta{ID: "g2", CreatedAt: now(), UpdatedAt: now(), Revision: 1,
		Version: Version{{mine.Replica, mine.Counter + 5}}}, Number: "04", IssuingBody: "Tỉnh ủy Cao Bằng"}
	var after string
	err := s.WithTx(ctx, func(tx *Tx) error {
		if err := tx.Put(future); err != nil {
			return err
		}
		d, err := tx.Step()
		after = d.Replica
		return err
	})
	if err != nil || after == mine.Replica {
		t.Fatalf("replica after a version from the future: %s (was %s), %v", after, mine.Replica, err)
	}
}

// Records of a database from before versions get theirs by the rule of
// LegacyVersion: the same on two PCs that hold the same copy.
func TestMigrationGivesLegacyVersions(t *testing.T) {
	const at = "'2025-03-01T08:00:00.000Z', '2025-03-01T08:00:00.000Z'"
	s := migratedFrom(t, 3,
		"INSERT INTO communes (id, created_at, updated_at, changed_at, revision, synced_revision, name) VALUES ('c1', "+at+", '2025-03-01T08:00:00.000Z', 3, 3, 'Lũng Nặm')",
		"INSERT INTO communes (id, created_at, updated_at, changed_at, revision, synced_revision, name) VALUES ('c2', "+at+", '2025-03-01T08:00:00.000Z', 5, 2, 'Thông Nông')",
		"INSERT INTO communes (id, created_at, updated_at, changed_at, revision, synced_revision, name) VALUES ('c3', "+at+", '2025-03-01T08:00:00.000Z', 1, 0, 'Hà Quảng')")
	defer s.Close()
	ctx := context.Background()
	dbID, _ := s.DatabaseID(ctx)
	for id, want := range map[string]Version{
		"c1": v("0", 3),
		"c2": v("0", 2).With(LegacyReplica(dbID), 5),
		"c3": v("0", 1),
	} {
		c, err := Get[Commune](ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Version.Compare(want) != Same || c.Hash != ContentHash(c) {
			t.Errorf("%s: %v %q, want %v (%v)", id, c.Version, c.Hash, want, err)
		}
	}
	ind, err := Get[Indicator](ctx, s, StableID("indicator/poor_households"))
	if err != nil || ind.Version.Compare(v("0", 1)) != Same {
		t.Fatalf("built-in indicator: %v %v", ind, err)
	}
}

func mustID(t *testing.T, s *Store) string {
	id, err := s.DatabaseID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// The hash worked out from a record equals the one a migration works out
// from the row SQLite stores, for every kind of field.
func TestContentHashOfRecordAndRowAgree(t *testing.T) {
	recs := []Record{
		&Session{VisitID: "v", Level: "commune", Held: IntPtr(2), Participants: nil, Note: "Lũng Nặm"},
		&Indicator{Code: "x", NameVI: "Tỷ lệ", Unit: "percent", Min: FloatPtr(0), Max: FloatPtr(99.5), Key: true},
		&IndicatorValue{VisitID: "v", IndicatorID: "i", Value: 53.25, Qualifier: "more_than"},
		&Difficulty{VisitID: "v", Category: "other", Description: "a", Status: "open", Deadline: NewDate(2026, 12, 31)},
		&Difficulty{DelegationID: "d", Communes: "c1,c2", Scope: "delegation", Category: "other", Description: "a", Status: "open"},
		&Delegation{Number: "03", PeriodFrom: NewDate(2026, 11, 1)},
	}
	for _, r := range recs {
		cols := r.appendColumns(nil)
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.name
		}
		vals := values(cols)
		for i, v := range vals {
			if b, ok := v.(bool); ok { // SQLite stores a boolean as a whole number
				vals[i] = map[bool]int64{true: 1, false: 0}[b]
			}
		}
		if a, b := ContentHash(r), hashValues(r.table(), false, names, vals); a != b {
			t.Errorf("%s: record %s, row %s", r.table(), a, b)
		}
	}
}

// Migration 6 makes a difficulty common to a delegation's communes, noted at
// one of its visits, a record of the delegation naming the communes of its
// live visits; its version stays, its hash is worked out again, and it is
// marked changed so that the next package to those communes carries it.
func TestMigrationMakesCommonDifficultiesTheDelegations(t *testing.T) {
	const at = "'2025-03-01T08:00:00.000Z', '2025-03-01T08:00:00.000Z', '2025-03-01T08:00:00.000Z'"
	meta := "id, created_at, updated_at, changed_at, version"
	s := migratedFrom(t, 5,
		"INSERT INTO delegations ("+meta+", number) VALUES ('d', "+at+", '0:1', '03')",
		"INSERT INTO communes ("+meta+", name, kind) VALUES ('c1', "+at+", '0:1', 'Lũng Nặm', 'commune')",
		"INSERT INTO communes ("+meta+", name, kind) VALUES ('c2', "+at+", '0:1', 'Thông Nông', 'commune')",
		"INSERT INTO communes ("+meta+", name, kind) VALUES ('c3', "+at+", '0:1', 'Hà Quảng', 'commune')",
		"INSERT INTO visits ("+meta+", delegation_id, commune_id, visit_date) VALUES ('v1', "+at+", '0:1', 'd', 'c1', '2026-11-18')",
		"INSERT INTO visits ("+meta+", delegation_id, commune_id, visit_date) VALUES ('v2', "+at+", '0:1', 'd', 'c2', '2026-11-19')",
		"INSERT INTO visits ("+meta+", delegation_id, commune_id, visit_date, deleted_at) VALUES ('v3', "+at+", '0:1', 'd', 'c3', '2026-11-20', '2026-11-21T00:00:00.000Z')",
		"INSERT INTO difficulties ("+meta+", visit_id, category, description, status, scope) VALUES ('common', "+at+", 'a:2,b:1', 'v2', 'staffing', 'Thiếu công chức', 'open', 'delegation')",
		"INSERT INTO difficulties ("+meta+", visit_id, category, description, status, scope) VALUES ('own', "+at+", '0:1', 'v2', 'facilities', 'Trụ sở chật', 'open', 'commune')",
	)
	defer s.Close()
	ctx := context.Background()
	c, err := Get[Difficulty](ctx, s, "common")
	if err != nil {
		t.Fatal(err)
	}
	if c.VisitID != "" || c.DelegationID != "d" || c.Communes != "c1,c2" || !c.Shared() {
		t.Errorf("common difficulty after the migration: visit %q, delegation %q, communes %q", c.VisitID, c.DelegationID, c.Communes)
	}
	if c.Version.String() != "a:2,b:1" || c.Hash != ContentHash(c) || !c.ChangedAt.After(c.UpdatedAt) {
		t.Errorf("common difficulty: version %v, hash %q (want %q), changed %v", c.Version, c.Hash, ContentHash(c), c.ChangedAt)
	}
	o, err := Get[Difficulty](ctx, s, "own")
	if err != nil || o.VisitID != "v2" || o.DelegationID != "" || o.Communes != "" || o.Hash != ContentHash(o) {
		t.Errorf("own difficulty after the migration: %+v, %v", o, err)
	}
	for _, commune := range []string{"c1", "c2"} {
		v := &Visit{Meta: Meta{ID: map[string]string{"c1": "v1", "c2": "v2"}[commune]}, DelegationID: "d", CommuneID: commune}
		ds, err := s.VisitDifficulties(ctx, v)
		if err != nil || len(ds) != map[string]int{"c1": 1, "c2": 2}[commune] {
			t.Errorf("%s's visit shows %d difficulties (%v)", commune, len(ds), err)
		}
	}
	var problems int
	if err := s.readDB.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&problems); err != nil || problems != 0 {
		t.Errorf("foreign key problems after the migration: %d, %v", problems, err)
	}
	// A common difficulty with no communes, or with a visit, is refused.
	bad := *c
	bad.Communes = ""
	if err := s.Save(ctx, &bad); err == nil {
		t.Error("saved a common difficulty naming no commune")
	}
	bad = *c
	bad.VisitID = "v1"
	if err := s.Save(ctx, &bad); err == nil {
		t.Error("saved a common difficulty with a visit")
	}
}
