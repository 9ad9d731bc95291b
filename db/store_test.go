package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrationsFromEmptyFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A file of 0 bytes is never a database this program made: refused,
	// left as it is, never silently made a new database.
	if _, err := Open(path); !errors.Is(err, ErrEmptyFile) {
		t.Fatalf("opening a 0-byte file: %v", err)
	}
	if st, err := os.Stat(path); err != nil || st.Size() != 0 {
		t.Fatal("the empty file was changed")
	}
	os.Remove(path)
	// A new file is made and migrated.
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != len(migrations) {
		t.Fatalf("schema version %d, %v; want %d", v, err, len(migrations))
	}
	inds, err := s.Indicators(ctx)
	if err != nil || len(inds) != len(DefaultIndicators()) {
		t.Fatalf("catalogue has %d indicators (%v), want %d", len(inds), err, len(DefaultIndicators()))
	}
	s.Close()
	// Opening again applies nothing and keeps the data.
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inds2, _ := s.Indicators(ctx)
	if len(inds2) != len(inds) {
		t.Fatalf("reopened catalogue has %d indicators, want %d", len(inds2), len(inds))
	}
	var appID int
	if err := s.readDB.QueryRow("PRAGMA application_id").Scan(&appID); err != nil || appID != ApplicationID {
		t.Fatalf("application_id %x, %v", appID, err)
	}
	var mode string
	if err := s.write.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q, %v", mode, err)
	}
	var sync int
	if err := s.write.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
		t.Fatalf("synchronous %d, %v; want 2 (FULL)", sync, err)
	}
}

func checksum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestRefusesFilesNotOurs(t *testing.T) {
	dir := t.TempDir()
	notSQLite := filepath.Join(dir, "notes.db")
	os.WriteFile(notSQLite, []byte("Biên bản làm việc với xã Lũng Nặm\n"), 0o644)

	foreign := filepath.Join(dir, "foreign.db")
	fdb, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('x')"); err != nil {
		t.Fatal(err)
	}
	fdb.Close()

	otherApp := filepath.Join(dir, "otherapp.db")
	odb, _ := sql.Open("sqlite", otherApp)
	if _, err := odb.Exec("PRAGMA application_id = 1234; CREATE TABLE t(x)"); err != nil {
		t.Fatal(err)
	}
	odb.Close()

	newer := filepath.Join(dir, "newer.db")
	s, err := Open(newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.write.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()

	for _, c := range []struct {
		path string
		want error
	}{
		{notSQLite, ErrNotSQLite},
		{foreign, ErrForeignDatabase},
		{otherApp, ErrForeignDatabase},
		{newer, ErrNewerDatabase},
	} {
		before := checksum(t, c.path)
		entries, _ := os.ReadDir(dir)
		s, err := Open(c.path)
		if err == nil {
			s.Close()
			t.Fatalf("%s: opened, want %v", c.path, c.want)
		}
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.path, err, c.want)
		}
		var ue *UserError
		if !errors.As(err, &ue) || ue.Message("vi") == "" || ue.Message("en") == "" {
			t.Errorf("%s: %v is not a bilingual user error", c.path, err)
		}
		if after := checksum(t, c.path); after != before {
			t.Errorf("%s: file changed", c.path)
		}
		if entries2, _ := os.ReadDir(dir); len(entries2) != len(entries) {
			t.Errorf("%s: files appeared beside it (%d -> %d)", c.path, len(entries), len(entries2))
		}
	}
}

func TestRoundTripEveryRecord(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	inds, _ := s.Indicators(ctx)
	c := &Commune{Name: "Lũng Nặm", Kind: "commune", Province: "Cao Bằng", Code: "01393", Notes: "Xã biên giới"}
	d := &Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng", DecisionRef: "15-QĐ/TU", ReportRef: "12-BC/ĐGS",
		Subject: "Giám sát", PeriodFrom: NewDate(2026, 11, 1), PeriodTo: NewDate(2026, 11, 30), Notes: "ghi chú"}
	mustSave(t, s, c, d)
	m := &Member{DelegationID: d.ID, FullName: "Nông Thanh Tùng", Role: "head", Position: "Trưởng Ban", SortOrder: 1}
	v := &Visit{DelegationID: d.ID, CommuneID: c.ID, Date: NewDate(2026, 11, 18), Place: "Trụ sở", ChairedBy: "A",
		Attendees: "B", Assessment: "C", Conclusions: "D"}
	mustSave(t, s, m, v)
	se := &Session{VisitID: v.ID, Level: "party_cell", Held: IntPtr(41), Participants: IntPtr(1200),
		ParticipantsQualifier: "more_than", Expected: IntPtr(1250), Mode: "online", LinkPoints: IntPtr(12), Note: "n"}
	iv := &IndicatorValue{VisitID: v.ID, IndicatorID: inds[0].ID, Value: 53.5, Qualifier: "about", Note: "x"}
	di := &Difficulty{VisitID: v.ID, Category: "facilities", Description: "Chật hẹp", Remedy: "Xây mới",
		Responsible: "UBND xã", Deadline: NewDate(2027, 3, 1), Status: "in_progress"}
	rq := &Request{VisitID: v.ID, Text: "Báo cáo", Deadline: NewDate(2026, 12, 31), Status: "open"}
	ind := &Indicator{Code: "households", NameVI: "Số hộ", NameEN: "Households", Unit: "count", UnitLabel: "hộ",
		Min: FloatPtr(0), SortOrder: 99}
	mustSave(t, s, se, iv, di, rq, ind)

	check := func(want any, got any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(reflect.ValueOf(got).Elem().Interface(), reflect.ValueOf(want).Elem().Interface()) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
		}
	}
	g1, err := Get[Commune](ctx, s, c.ID)
	check(c, g1, err)
	g2, err := Get[Delegation](ctx, s, d.ID)
	check(d, g2, err)
	g3, err := Get[Member](ctx, s, m.ID)
	check(m, g3, err)
	g4, err := Get[Visit](ctx, s, v.ID)
	check(v, g4, err)
	g5, err := Get[Session](ctx, s, se.ID)
	check(se, g5, err)
	g6, err := Get[IndicatorValue](ctx, s, iv.ID)
	check(iv, g6, err)
	g7, err := Get[Difficulty](ctx, s, di.ID)
	check(di, g7, err)
	g8, err := Get[Request](ctx, s, rq.ID)
	check(rq, g8, err)
	g9, err := Get[Indicator](ctx, s, ind.ID)
	check(ind, g9, err)

	if c.Revision != 1 || c.CreatedAt.IsZero() || len(c.ID) != 36 {
		t.Fatalf("new Record meta: %+v", c.Meta)
	}
	c.Notes = "Đã sửa"
	mustSave(t, s, c)
	g1, _ = Get[Commune](ctx, s, c.ID)
	if g1.Revision != 2 || g1.Notes != "Đã sửa" || g1.UpdatedAt.Before(g1.CreatedAt) {
		t.Fatalf("after update: %+v", g1)
	}
}

func mustSave(t *testing.T, s *Store, recs ...Record) {
	t.Helper()
	for _, r := range recs {
		if err := s.Save(context.Background(), r); err != nil {
			t.Fatalf("save %T: %v", r, err)
		}
	}
}

func TestNothingInvalidIsStored(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	inds, _ := s.Indicators(ctx)
	byCode := map[string]Indicator{}
	for _, i := range inds {
		byCode[i.Code] = i
	}
	c := &Commune{Name: "Thông Nông", Kind: "commune"}
	d := &Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng"}
	mustSave(t, s, c, d)
	v := &Visit{DelegationID: d.ID, CommuneID: c.ID, Date: NewDate(2026, 11, 19)}
	mustSave(t, s, v)

	bad := []struct {
		r     Record
		field string
	}{
		{&Commune{Kind: "commune"}, "Name"},
		{&Delegation{Number: "04", IssuingBody: "X", PeriodFrom: NewDate(2026, 5, 2), PeriodTo: NewDate(2026, 5, 1)}, "PeriodTo"},
		{&Session{VisitID: v.ID, Level: "commune", Participants: IntPtr(-1)}, "Participants"},
		{&IndicatorValue{VisitID: v.ID, IndicatorID: byCode["poor_households"].ID, Value: 101}, "Value"},
		{&IndicatorValue{VisitID: v.ID, IndicatorID: byCode["ntm_criteria"].ID, Value: 20}, "Value"},
		{&IndicatorValue{VisitID: v.ID, IndicatorID: byCode["ntm_criteria"].ID, Value: 8.5}, "Value"},
		{&IndicatorValue{VisitID: v.ID, IndicatorID: "no-such-indicator", Value: 1}, "IndicatorID"},
		{&Difficulty{VisitID: v.ID, Category: "facilities", Status: "open"}, "Description"},
		{&Request{VisitID: v.ID, Text: "x", Status: "lost"}, "Status"},
	}
	for _, b := range bad {
		err := s.Save(ctx, b.r)
		var errs Errors
		if !errors.As(err, &errs) || errs.For(b.field) == nil {
			t.Errorf("%T: error %v, want one on %s", b.r, err, b.field)
		}
		if b.r.meta().ID != "" {
			t.Errorf("%T: got an ID although refused", b.r)
		}
	}
	// A percentage of plan may exceed 100.
	mustSave(t, s, &IndicatorValue{VisitID: v.ID, IndicatorID: byCode["budget_revenue"].ID, Value: 145, Qualifier: "more_than"})
	var n int
	s.readDB.QueryRow("SELECT count(*) FROM indicator_values").Scan(&n)
	if n != 1 {
		t.Fatalf("%d indicator values stored, want 1", n)
	}
}

func TestSampleLoadsOnce(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	first, err := s.LoadSample(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first.Added == 0 || first.Present != 0 {
		t.Fatalf("first load: %+v", first)
	}
	second, err := s.LoadSample(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if second.Added != 0 || second.Present != first.Added {
		t.Fatalf("second load: %+v, first %+v", second, first)
	}
	dels, _ := s.Delegations(ctx)
	if len(dels) != 1 || dels[0].Number != "03" {
		t.Fatalf("delegations: %+v", dels)
	}
	members, _ := s.Members(ctx, dels[0].ID)
	if len(members) != 2 || members[0].FullName != "Nông Thanh Tùng" || members[1].FullName != "Lý Văn Giang" {
		t.Fatalf("members: %+v", members)
	}
	visits, _ := s.Visits(ctx, VisitFilter{DelegationID: dels[0].ID})
	if len(visits) != 2 {
		t.Fatalf("%d visits", len(visits))
	}
	tot, err := s.Totals(ctx, TotalsFilter{DelegationID: dels[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ commune, level string }
	got := map[key]SessionTotal{}
	for _, st := range tot.Sessions {
		got[key{st.CommuneName, st.Level}] = st
	}
	for _, w := range []struct {
		commune, level    string
		held, participant int
		qualified         bool
	}{
		{"Lũng Nặm", "commune", 2, 122, false},
		{"Lũng Nặm", "party_cell", 40, 563, false},
		{"Thông Nông", "commune", 1, 110, false},
		{"Thông Nông", "party_cell", 41, 1200, true},
		{"Thông Nông", "mass_org", 44, 2450, false},
	} {
		st := got[key{w.commune, w.level}]
		if st.Held != w.held || st.Participants != w.participant || st.Qualified != w.qualified {
			t.Errorf("%s %s: %+v", w.commune, w.level, st)
		}
	}
	if st := got[key{"Lũng Nặm", "mass_org"}]; st.HeldKnown || st.ParticipantsKnown || st.Rows != 1 {
		t.Errorf("Lũng Nặm mass organisations should be recorded without counts: %+v", st)
	}
	// The four difficulties the source names for both communes are
	// recorded once, for the delegation, and counted once.
	diffs := map[string]int{}
	for _, dc := range tot.Difficulties {
		if !dc.Shared || dc.CommuneID != "" || dc.DelegationID != dels[0].ID {
			t.Errorf("a difficulty count not common to the delegation: %+v", dc)
		}
		diffs[dc.Category] += dc.Count
	}
	if len(diffs) != 4 || diffs["facilities"] != 1 || diffs["propaganda"] != 1 {
		t.Errorf("difficulties by category: %v", diffs)
	}
	if len(tot.Indicators) != 8 {
		t.Errorf("%d indicator totals, want 8", len(tot.Indicators))
	}
}

// A database that holds an earlier sample, with the common difficulties
// and the requests once per commune, is brought to today's when the sample
// is loaded again: those records are deleted (so the deletion travels),
// unless edited; the delegation's requests to both communes are there once.
func TestSampleRetiresEarlierCommonDifficulties(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if _, err := s.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	visits, _ := s.Visits(ctx, VisitFilter{}) // Lũng Nặm, then Thông Nông
	var old []Record
	for ci, commune := range []string{"lung-nam", "thong-nong"} {
		for _, sd := range sampleDifficulties {
			old = append(old, &Difficulty{Meta: Meta{ID: StableID("sample/difficulty/03/" + commune + "/" + sd.category)},
				VisitID: visits[ci].ID, Category: sd.category, Description: "x", Status: "open"})
		}
		for i, text := range sampleRequests {
			old = append(old, &Request{Meta: Meta{ID: StableID("sample/request/03/" + commune + "/" + string(rune('a'+i)))},
				VisitID: visits[ci].ID, Text: text, Status: "open"})
		}
	}
	if len(old) != len(retiredSample()) {
		t.Fatalf("%d records of the earlier sample, retiredSample has %d", len(old), len(retiredSample()))
	}
	for _, r := range old {
		if err := s.WithTx(ctx, func(t *Tx) error { _, err := t.Ensure(r); return err }); err != nil {
			t.Fatal(err)
		}
	}
	old[0].(*Difficulty).Remedy = "edited here"
	mustSave(t, s, old[0])
	rep, err := s.LoadSample(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Retired != len(old)-1 || rep.Added != 0 {
		t.Fatalf("report %+v, want %d retired", rep, len(old)-1)
	}
	for i, r := range old {
		got, err := s.Lookup(ctx, TableOf(r), MetaOf(r).ID)
		if i == 0 && (err != nil || got.(*Difficulty).Remedy != "edited here" || MetaOf(got).Deleted()) {
			t.Errorf("the edited record: %+v, %v", got, err)
		}
		if i > 0 && err == nil && !MetaOf(got).Deleted() {
			t.Errorf("record %d of the earlier sample still there", i)
		}
	}
	common, err := s.CommonRequests(ctx, visits[0].DelegationID)
	if err != nil || len(common) != len(sampleRequests) {
		t.Fatalf("%d common requests, want %d (%v)", len(common), len(sampleRequests), err)
	}
	if rep, _ := s.LoadSample(ctx); rep.Retired != 0 {
		t.Errorf("loaded a third time: %+v", rep)
	}
}

func TestDeleteCascadesAsTombstones(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if _, err := s.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	visits, _ := s.Visits(ctx, VisitFilter{Query: "lung nam"})
	if len(visits) != 1 {
		t.Fatalf("%d visits found for lung nam", len(visits))
	}
	v := visits[0].Visit
	deps, err := s.Dependents(ctx, &v)
	if err != nil {
		t.Fatal(err)
	}
	// The difficulties and requests common to both communes are the
	// delegation's: the visit does not take them.
	if deps["sessions"] != 3 || deps["indicator_values"] != 4 || deps["difficulties"] != 0 || deps["requests"] != 0 {
		t.Fatalf("dependents: %v", deps)
	}
	// A commune with visits cannot go.
	c, _ := Get[Commune](ctx, s, v.CommuneID)
	if err := s.Delete(ctx, c); err == nil {
		t.Fatal("deleted a commune that has visits")
	}
	if err := s.Delete(ctx, &v); err != nil {
		t.Fatal(err)
	}
	if _, err := Get[Visit](ctx, s, v.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted visit still found: %v", err)
	}
	if ss, _ := s.Sessions(ctx, v.ID); len(ss) != 0 {
		t.Fatalf("%d sessions left", len(ss))
	}
	var rows, tomb int
	s.readDB.QueryRow("SELECT count(*), count(deleted_at) FROM sessions WHERE visit_id = ?", v.ID).Scan(&rows, &tomb)
	if rows != 3 || tomb != 3 {
		t.Fatalf("sessions rows %d, tombstones %d; want 3 and 3", rows, tomb)
	}
	// Loading the sample again does not bring a deleted record back.
	if rep, _ := s.LoadSample(ctx); rep.Added != 0 {
		t.Fatalf("sample brought back %d records", rep.Added)
	}
	// Deleting the delegation takes the other visit with it.
	d, _ := s.ResolveDelegation(ctx, "03")
	if err := s.Delete(ctx, d); err != nil {
		t.Fatal(err)
	}
	if vs, _ := s.Visits(ctx, VisitFilter{}); len(vs) != 0 {
		t.Fatalf("%d visits left", len(vs))
	}
	if ms, _ := s.Members(ctx, d.ID); len(ms) != 0 {
		t.Fatalf("%d members left", len(ms))
	}
	if ds, _ := s.CommonDifficulties(ctx, d.ID); len(ds) != 0 {
		t.Fatalf("%d common difficulties left", len(ds))
	}
}

func TestTextIsNFCAndSearchIgnoresDiacritics(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	decomposed := norm.NFD.String("Lũng Nặm")
	if decomposed == "Lũng Nặm" {
		t.Fatal("test input is not decomposed")
	}
	c := &Commune{Name: "  " + decomposed + " ", Kind: "commune", Province: norm.NFD.String("Cao Bằng")}
	mustSave(t, s, c, &Commune{Name: "Thông Nông", Kind: "commune"}, &Commune{Name: "Đa Thông", Kind: "commune"})
	got, _ := Get[Commune](ctx, s, c.ID)
	if got.Name != "Lũng Nặm" || !norm.NFC.IsNormalString(got.Name) {
		t.Fatalf("stored %q, want NFC %q", got.Name, "Lũng Nặm")
	}
	for _, q := range []struct {
		query string
		want  []string
	}{
		{"lung nam", []string{"Lũng Nặm"}},
		{"LŨNG", []string{"Lũng Nặm"}},
		{"thong", []string{"Đa Thông", "Thông Nông"}},
		{"da thong", []string{"Đa Thông"}},
		{"cao bang", []string{"Lũng Nặm"}},
		{decomposed, []string{"Lũng Nặm"}},
		{"", []string{"Lũng Nặm", "Thông Nông", "Đa Thông"}},
	} {
		cs, err := s.Communes(ctx, q.query)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range cs {
			names = append(names, c.Name)
		}
		if !sameSet(names, q.want) {
			t.Errorf("search %q: %v, want %v", q.query, names, q.want)
		}
	}
	if Fold("Đảng ủy xã Lũng  Nặm") != "dang uy xa lung nam" {
		t.Errorf("Fold: %q", Fold("Đảng ủy xã Lũng  Nặm"))
	}
	if !Matches("Xã Thông Nông", "thong nong") || Matches("Xã Thông Nông", "lung") {
		t.Error("Matches")
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestGenerate(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	rep, err := s.Generate(ctx, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Visits != 200 || rep.Delegations != 4 || rep.Communes != 100 {
		t.Fatalf("report %+v", rep)
	}
	counts := map[string]int{}
	for _, table := range []string{"visits", "sessions", "indicator_values", "difficulties", "requests", "communes", "delegations"} {
		var n int
		s.readDB.QueryRow("SELECT count(*) FROM " + table).Scan(&n)
		counts[table] = n
	}
	want := map[string]int{"visits": 200, "sessions": 600, "indicator_values": 1200, "difficulties": 600,
		"requests": 400, "communes": 100, "delegations": 4}
	if !reflect.DeepEqual(counts, want) {
		t.Fatalf("counts %v, want %v", counts, want)
	}
}

func TestRequestOverdue(t *testing.T) {
	today := DateOf(time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC))
	r := Request{Deadline: NewDate(2026, 12, 31), Status: "open"}
	if !r.Overdue(today) {
		t.Error("open request past its deadline is not overdue")
	}
	r.Status = "done"
	if r.Overdue(today) {
		t.Error("done request is overdue")
	}
	r = Request{Status: "in_progress"}
	if r.Overdue(today) {
		t.Error("request without deadline is overdue")
	}
}

// A database of the first version (before exchange packages) keeps its
// records, gains the indicator catalogue only where it lacked it, and its
// records' change times start at their last edit.
// migratedFrom makes a database of the first n migrations, runs statements
// in it, and opens it again with all of them.
func migratedFrom(t *testing.T, n int, statements ...string) *Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), fmt.Sprintf("v%d.db", n))
	saved, savedBuiltins := migrations, builtins
	migrations, builtins = saved[:n], nil
	s, err := Open(path)
	migrations, builtins = saved, savedBuiltins
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range statements {
		if _, err := s.write.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMigrationToExchangeKeepsRecords(t *testing.T) {
	s := migratedFrom(t, 1, `INSERT INTO communes (id, created_at, updated_at, revision, name, province)
		VALUES ('c1', '2025-03-01T08:00:00.000Z', '2025-03-02T09:30:00.000Z', 4, 'Lũng Nặm', 'Cao Bằng')`)
	defer s.Close()
	c, err := Get[Commune](context.Background(), s, "c1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Lũng Nặm" || c.Revision != 4 || c.SyncedRevision != 0 ||
		!c.ChangedAt.Equal(time.Date(2025, 3, 2, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("migrated commune: %+v", c)
	}
	inds, err := s.Indicators(context.Background())
	if err != nil || len(inds) != len(DefaultIndicators()) {
		t.Fatalf("catalogue after migration: %d entries, %v", len(inds), err)
	}
	id, err := s.DatabaseID(context.Background())
	if err != nil || len(id) != 36 {
		t.Fatalf("database ID %q, %v", id, err)
	}
}

// A database of schema 2 keeps its difficulties, each its commune's.
func TestMigrationToScopesKeepsDifficulties(t *testing.T) {
	const at = "'2025-03-01T08:00:00.000Z', '2025-03-01T08:00:00.000Z'"
	s := migratedFrom(t, 2,
		"INSERT INTO communes (id, created_at, updated_at, name) VALUES ('c1', "+at+", 'Lũng Nặm')",
		"INSERT INTO delegations (id, created_at, updated_at, number) VALUES ('g1', "+at+", '03')",
		"INSERT INTO visits (id, created_at, updated_at, delegation_id, commune_id, visit_date) VALUES ('v1', "+at+", 'g1', 'c1', '2025-03-01')",
		`INSERT INTO difficulties (id, created_at, updated_at, changed_at, revision, visit_id, category, description, status)
		VALUES ('d1', '2025-03-01T08:00:00.000Z', '2025-03-01T08:00:00.000Z', '2025-03-01T08:00:00.000Z', 2, 'v1', 'staffing', 'Thiếu công chức', 'open')`)
	defer s.Close()
	d, err := Get[Difficulty](context.Background(), s, "d1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Scope != "commune" || d.Shared() || d.Description != "Thiếu công chức" || d.Revision != 2 {
		t.Fatalf("migrated difficulty: %+v", d)
	}
}

// A received record whose ID exists already fails the batch, the
// transaction writes nothing, and the store goes on working.
func TestInsertNewRefusesAnExistingID(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	c := &Commune{Name: "Lũng Nặm", Kind: "commune"}
	mustSave(t, s, c)
	fresh := &Commune{Meta: Meta{ID: "moi", Revision: 1, Version: Version{{"abc", 1}}, CreatedAt: now(), UpdatedAt: now()}, Name: "Thông Nông", Kind: "commune"}
	again := *c
	err := s.WithTx(ctx, func(tx *Tx) error { return tx.InsertNew([]Record{fresh, &again}) })
	if err == nil {
		t.Fatal("an existing ID was inserted again")
	}
	if _, err := Get[Commune](ctx, s, "moi"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the batch was half written: %v", err)
	}
	if err := s.Save(ctx, &Commune{Name: "Hà Quảng", Kind: "commune"}); err != nil {
		t.Fatalf("the store does not write after the failed batch: %v", err)
	}
}

// Saving a record as it is changes nothing: the same revision and time, so
// that it does not look changed to a PC receiving it.
func TestSavingUnchangedKeepsTheRevision(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	c := &Commune{Name: "Lũng Nặm", Kind: "commune"}
	mustSave(t, s, c)
	before := c.Meta
	time.Sleep(2 * time.Millisecond)
	same := &Commune{Meta: Meta{ID: c.ID}, Name: " Lũng Nặm ", Kind: "commune"}
	if err := s.Save(ctx, same); err != nil {
		t.Fatal(err)
	}
	if same.Revision != before.Revision || !same.UpdatedAt.Equal(before.UpdatedAt) {
		t.Fatalf("an unchanged save gave revision %d at %v (was %d at %v)", same.Revision, same.UpdatedAt, before.Revision, before.UpdatedAt)
	}
	same.Notes = "Xã biên giới"
	if err := s.Save(ctx, same); err != nil || same.Revision != before.Revision+1 {
		t.Fatalf("a change gave revision %d, %v", same.Revision, err)
	}
}

// HeldRecords says, for every record, live or deleted, the version and the
// content hash the store keeps; a stored hash of a wrong length reads as
// no hash, never as a crash.
func TestHeldRecords(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if _, err := s.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	visits, _ := s.Visits(ctx, VisitFilter{Query: "lung nam"})
	v := visits[0].Visit
	if err := s.Delete(ctx, &v); err != nil {
		t.Fatal(err)
	}
	sessions := 0
	for _, table := range SyncedTables() {
		held, err := s.HeldRecords(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		err = s.ExchangeRecords(ctx, Selection{}, func(tab string, r Record) error {
			if tab != table {
				return nil
			}
			m := MetaOf(r)
			h, ok := held[m.ID]
			switch {
			case !ok:
				t.Errorf("%s %s not held", table, m.ID)
			case h.Deleted != m.Deleted():
				t.Errorf("%s %s: deleted %v, want %v", table, m.ID, h.Deleted, m.Deleted())
			case h.Version.String() != m.Version.String():
				t.Errorf("%s %s: version %s, want %s", table, m.ID, h.Version, m.Version)
			case hex.EncodeToString(h.Hash[:]) != m.Hash:
				t.Errorf("%s %s: hash %x, want %s", table, m.ID, h.Hash, m.Hash)
			}
			if table == "sessions" && m.Deleted() {
				sessions++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if sessions != 3 {
		t.Errorf("%d deleted sessions seen, want 3", sessions)
	}
	if _, err := s.write.Exec("UPDATE communes SET content_hash = content_hash || 'ab', version = ''"); err != nil {
		t.Fatal(err)
	}
	held, err := s.HeldRecords(ctx, "communes")
	if err != nil {
		t.Fatal(err)
	}
	for id, h := range held {
		if h.Hash != [16]byte{} || h.Version != nil {
			t.Errorf("commune %s: a hash of 34 digits read as %x, version %v", id, h.Hash, h.Version)
		}
	}
}
