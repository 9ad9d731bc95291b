package exchange

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"giamsat/db"
)

var ctx = context.Background()

func openStore(t testing.TB, name string) *db.Store {
	t.Helper()
	s, err := db.Open(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// delegationStore is the delegation's database: the sample data.
func delegationStore(t testing.TB) *db.Store {
	s := openStore(t, "doan.db")
	if _, err := s.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func commune(t testing.TB, s *db.Store, name string) *db.Commune {
	t.Helper()
	cs, err := s.Communes(ctx, name)
	if err != nil || len(cs) != 1 {
		t.Fatalf("commune %s: %v, %v", name, cs, err)
	}
	return &cs[0]
}

func makePkg(t testing.TB, s *db.Store, opt Options) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "goi"+Extension)
	if _, err := Make(ctx, s, path, opt); err != nil {
		t.Fatal(err)
	}
	return path
}

// receive reads, plans and applies a package, returning the plan.
func receive(t testing.TB, s *db.Store, path, pass string) *Plan {
	t.Helper()
	pkg, err := Read(ctx, path, pass)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(ctx, s, pkg)
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Apply(ctx, s, path, nil); err != nil {
		t.Fatal(err)
	}
	return plan
}

// dump returns every record the selection covers, as JSON by ID, without
// what is local to a database (change time, synced revision) and without
// the built-in indicator catalogue each database made for itself.
func dump(t testing.TB, s *db.Store, sel db.Selection) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.ExchangeRecords(ctx, sel, func(table string, r db.Record) error {
		if table == "indicators" && db.MetaOf(r).Revision == 1 {
			return nil
		}
		b, err := json.Marshal(r)
		out[table+"/"+db.MetaOf(r).ID] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameRecords(t *testing.T, a, b map[string]string) {
	t.Helper()
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		for k := range a {
			if a[k] != b[k] {
				t.Errorf("%s:\n there %s\n here  %s", k, a[k], b[k])
			}
		}
		t.Fatalf("records differ: %d there, %d here", len(a), len(b))
	}
}

func total(p *Plan) Tally { return Sum(p.Tallies) }

// exchanged is the delegation's database (the sample) and a commune's that
// has received all of it once.
func exchanged(t *testing.T) (doan, xa *db.Store) {
	t.Helper()
	doan = delegationStore(t)
	xa = openStore(t, "xa.db")
	receive(t, xa, makePkg(t, doan, Options{}), "")
	return doan, xa
}

// The commune's data goes to a new database and back: both end with the
// same records, the second receipt changes nothing, an edit travels and
// updates in place.
func TestRoundTripBetweenCommuneAndDelegation(t *testing.T) {
	doan := delegationStore(t)
	lung := commune(t, doan, "Lũng Nặm")
	sel := db.Selection{CommuneID: lung.ID}
	toCommune := makePkg(t, doan, Options{Selection: sel, Commune: lung.Name, Recipient: "UBND xã Lũng Nặm"})

	xa := openStore(t, "xa.db")
	plan := receive(t, xa, toCommune, "")
	if got := total(plan); got.New == 0 || got.Updated+got.Deleted+got.Conflicts != 0 {
		t.Fatalf("first receipt: %+v", got)
	}
	sameRecords(t, dump(t, doan, sel), dump(t, xa, sel))
	again := receive(t, xa, toCommune, "")
	if got := total(again); got.New+got.Updated+got.Deleted+got.Conflicts != 0 || again.Changes() != 0 {
		t.Fatalf("the same package twice changed something: %+v", got)
	}

	// The commune secretary corrects a count and adds a difficulty.
	visits, err := xa.Visits(ctx, db.VisitFilter{})
	if err != nil || len(visits) != 1 {
		t.Fatalf("visits at the commune: %v, %v", visits, err)
	}
	sessions, _ := xa.Sessions(ctx, visits[0].ID)
	ss := sessions[0]
	ss.Participants = db.IntPtr(1234)
	if err := xa.Save(ctx, &ss); err != nil {
		t.Fatal(err)
	}
	d := &db.Difficulty{VisitID: visits[0].ID, Category: "facilities", Description: "Thiếu phòng họp trực tuyến.", Status: "open"}
	if err := xa.Save(ctx, d); err != nil {
		t.Fatal(err)
	}
	back := makePkg(t, xa, Options{Selection: sel, Recipient: "Đoàn giám sát số 03"})
	plan = receive(t, doan, back, "")
	if tl := plan.Tallies["sessions"]; tl.Updated != 1 || tl.New != 0 || tl.Conflicts != 0 {
		t.Fatalf("sessions on the way back: %+v", tl)
	}
	if tl := plan.Tallies["difficulties"]; tl.New != 1 {
		t.Fatalf("difficulties on the way back: %+v", tl)
	}
	sameRecords(t, dump(t, doan, sel), dump(t, xa, sel))
	got, err := db.Get[db.Session](ctx, doan, ss.ID)
	if err != nil || *got.Participants != 1234 {
		t.Fatalf("the corrected count did not arrive: %+v, %v", got, err)
	}

	// Corrected again and re-sent: updated in place, never doubled.
	ss.Participants = db.IntPtr(1240)
	if err := xa.Save(ctx, &ss); err != nil {
		t.Fatal(err)
	}
	plan = receive(t, doan, makePkg(t, xa, Options{Selection: sel}), "")
	if tl := plan.Tallies["sessions"]; tl.Updated != 1 || tl.New != 0 || tl.Conflicts != 0 {
		t.Fatalf("a corrected package: %+v", tl)
	}
	all, _ := doan.Sessions(ctx, visits[0].ID)
	if len(all) != len(sessions) {
		t.Fatalf("sessions doubled: %d, were %d", len(all), len(sessions))
	}
	log, err := doan.Exchanges(ctx)
	if err != nil || len(log) < 3 || log[0].Direction != "received" {
		t.Fatalf("log of packages: %+v, %v", log, err)
	}
}

func TestTombstoneTravels(t *testing.T) {
	doan, xa := exchanged(t)
	visits, _ := doan.Visits(ctx, db.VisitFilter{})
	v, err := db.Get[db.Visit](ctx, doan, visits[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := doan.Delete(ctx, v); err != nil {
		t.Fatal(err)
	}
	plan := receive(t, xa, makePkg(t, doan, Options{}), "")
	if plan.Tallies["visits"].Deleted != 1 || plan.Tallies["sessions"].Deleted == 0 {
		t.Fatalf("deletions received: visits %+v, sessions %+v", plan.Tallies["visits"], plan.Tallies["sessions"])
	}
	if _, err := db.Get[db.Visit](ctx, xa, v.ID); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("the deleted visit is still there: %v", err)
	}
	left, _ := xa.Sessions(ctx, v.ID)
	if len(left) != 0 {
		t.Fatalf("%d sessions of the deleted visit left", len(left))
	}
}

func TestConflictIsReportedAndChosen(t *testing.T) {
	doan, xa := exchanged(t)
	visits, _ := doan.Visits(ctx, db.VisitFilter{})
	id := visits[0].ID
	for i, s := range []*db.Store{doan, xa} {
		v, err := db.Get[db.Visit](ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // the commune saves last
		v.Conclusions = fmt.Sprintf("Kết luận của bên %d", i)
		if err := s.Save(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	pkg, err := Read(ctx, makePkg(t, xa, Options{}), "")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Prepare(ctx, doan, pkg)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Conflicts) != 1 || plan.Tallies["visits"].Conflicts != 1 {
		t.Fatalf("conflicts: %d, %+v", len(plan.Conflicts), plan.Tallies["visits"])
	}
	c := plan.Conflicts[0]
	if !c.TakeIncoming {
		t.Fatal("the newer version (the commune's, saved last) is not the default")
	}
	c.SetAll(false) // the delegation keeps its own
	if err := plan.Apply(ctx, doan, "x", nil); err != nil {
		t.Fatal(err)
	}
	v, _ := db.Get[db.Visit](ctx, doan, id)
	if v.Conclusions != "Kết luận của bên 0" {
		t.Fatalf("kept version: %q", v.Conclusions)
	}
	// Sent back, the kept version replaces the commune's without a conflict.
	plan = receive(t, xa, makePkg(t, doan, Options{}), "")
	if plan.Tallies["visits"].Conflicts != 0 || plan.Tallies["visits"].Updated != 1 {
		t.Fatalf("back at the commune: %+v", plan.Tallies["visits"])
	}
	v, _ = db.Get[db.Visit](ctx, xa, id)
	if v.Conclusions != "Kết luận của bên 0" {
		t.Fatalf("at the commune: %q", v.Conclusions)
	}
}

// A commune typed by the commune under another ID, with the same code, is
// matched, not doubled.
func TestCatalogueMatchedByCode(t *testing.T) {
	doan := delegationStore(t)
	lung := commune(t, doan, "Lũng Nặm")
	xa := openStore(t, "xa.db")
	mine := &db.Commune{Name: "Xã Lũng Nặm", Kind: lung.Kind, Province: lung.Province, Code: lung.Code}
	if err := xa.Save(ctx, mine); err != nil {
		t.Fatal(err)
	}
	plan := receive(t, xa, makePkg(t, doan, Options{Selection: db.Selection{CommuneID: lung.ID}}), "")
	// Thông Nông comes too: the common difficulties name it.
	if plan.Tallies["communes"].Matched != 1 || plan.Tallies["communes"].New != 1 {
		t.Fatalf("communes: %+v", plan.Tallies["communes"])
	}
	cs, _ := xa.Communes(ctx, "")
	if len(cs) != 2 {
		t.Fatalf("%d communes, want 2", len(cs))
	}
	vs, _ := xa.Visits(ctx, db.VisitFilter{})
	if len(vs) != 1 || vs[0].CommuneID != mine.ID {
		t.Fatalf("the visit does not point to the commune already there: %+v", vs)
	}
}

func TestEncryptedPackage(t *testing.T) {
	doan := delegationStore(t)
	path := makePkg(t, doan, Options{Passphrase: "Cao Bằng 2026"})
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("Lũng Nặm")) || bytes.Contains(raw, []byte("records/")) {
		t.Fatal("the encrypted package shows its records")
	}
	_, err := Read(ctx, path, "")
	var re *RefusedError
	if !errors.As(err, &re) || !re.Passphrase {
		t.Fatalf("no passphrase: %v", err)
	}
	_, err = Read(ctx, path, "sai mật khẩu")
	if !errors.As(err, &re) || !re.Passphrase || !strings.Contains(re.Message("vi"), "Sai mật khẩu") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	// A damaged encrypted file is told apart from a wrong passphrase.
	bad := append([]byte(nil), raw...)
	bad[len(bad)/2] ^= 0xFF
	_, err = ReadFrom(ctx, bytes.NewReader(bad), int64(len(bad)), "Cao Bằng 2026")
	if !errors.As(err, &re) || re.Passphrase {
		t.Fatalf("damaged encrypted package: %v", err)
	}
	xa := openStore(t, "xa.db")
	receive(t, xa, path, "Cao Bằng 2026")
	sameRecords(t, dump(t, doan, db.Selection{}), dump(t, xa, db.Selection{}))
}

// rezip rewrites a package with change applied to its parts.
func rezip(t *testing.T, path string, change func(name string, data []byte) (string, []byte)) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var data bytes.Buffer
		data.ReadFrom(rc)
		rc.Close()
		name, b := change(f.Name, data.Bytes())
		if name == "" {
			continue
		}
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

func fileSum(t *testing.T, s *db.Store) [32]byte {
	t.Helper()
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestBrokenPackagesAreRefused(t *testing.T) {
	doan := delegationStore(t)
	good := makePkg(t, doan, Options{})
	raw, _ := os.ReadFile(good)
	setManifest := func(edit func(m map[string]any)) []byte {
		return rezip(t, good, func(name string, b []byte) (string, []byte) {
			if name == manifestName {
				var m map[string]any
				json.Unmarshal(b, &m)
				edit(m)
				b, _ = json.Marshal(m)
			}
			return name, b
		})
	}
	visitsPart := func(edit func(rs []map[string]any) []map[string]any) []byte {
		return rezip(t, good, func(name string, b []byte) (string, []byte) {
			if name == "records/visits.json" {
				var rs []map[string]any
				json.Unmarshal(b, &rs)
				b, _ = json.Marshal(edit(rs))
			}
			return name, b
		})
	}
	cases := map[string]struct {
		data []byte
		want string
	}{
		"truncated":     {raw[:len(raw)*2/3], "không phải gói"},
		"not a package": {[]byte("PK\x03\x04 just some text that is not a zip file at all"), "không phải gói"},
		"a text file":   {[]byte("Báo cáo kết quả giám sát\n"), "không phải gói"},
		"empty":         {nil, "rỗng"},
		"newer format":  {setManifest(func(m map[string]any) { m["format_version"] = 9 }), "phiên bản 9"},
		"other format":  {setManifest(func(m map[string]any) { m["format"] = "something-else" }), "không phải gói"},
		"altered record": {rezip(t, good, func(name string, b []byte) (string, []byte) {
			return name, bytes.Replace(b, []byte("Lũng Nặm"), []byte("Lũng Nậm"), 1)
		}), "SHA-256"},
		"escaping path": {rezip(t, good, func(name string, b []byte) (string, []byte) { return strings.Replace(name, "records/", "../../", 1), b }), "không an toàn"},
		"unknown part": {rezip(t, good, func(name string, b []byte) (string, []byte) {
			return strings.Replace(name, "records/requests", "records/secrets", 1), b
		}), "phần lạ"},
		"invalid record": {func() []byte {
			b := visitsPart(func(rs []map[string]any) []map[string]any { rs[0]["visit_date"] = nil; return rs })
			return fixSums(t, b)
		}(), "Buổi làm việc #1"},
		"missing parent": {func() []byte {
			b := visitsPart(func(rs []map[string]any) []map[string]any { rs[0]["commune_id"] = "khong-co"; return rs })
			return fixSums(t, b)
		}(), "không có"},
		"zip bomb": {bomb(t), "zip bomb"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			xa := openStore(t, "xa.db")
			if name == "missing parent" || name == "invalid record" {
				// Nothing to match on: the commune must be missing on both sides.
			}
			before := fileSum(t, xa)
			path := filepath.Join(t.TempDir(), "x"+Extension)
			os.WriteFile(path, c.data, 0o644)
			pkg, err := Read(ctx, path, "")
			if err == nil {
				_, err = Prepare(ctx, xa, pkg)
			}
			var re *RefusedError
			if !errors.As(err, &re) {
				t.Fatalf("not refused: %v", err)
			}
			if msg := re.Message("vi"); !strings.Contains(msg, c.want) {
				t.Fatalf("message %q lacks %q", msg, c.want)
			}
			if re.Message("en") == re.Message("vi") {
				t.Fatal("no English message")
			}
			if after := fileSum(t, xa); after != before {
				t.Fatal("the database changed")
			}
		})
	}
}

// fixSums rewrites the manifest's checksums, as someone who edits a package
// on purpose would, so that the records' own checks are what refuse it.
func fixSums(t *testing.T, data []byte) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.zip")
	os.WriteFile(path, data, 0o644)
	sums := map[string][2]any{}
	rezip(t, path, func(name string, b []byte) (string, []byte) {
		s := sha256.Sum256(b)
		sums[name] = [2]any{fmt.Sprintf("%x", s), len(b)}
		return name, b
	})
	return rezip(t, path, func(name string, b []byte) (string, []byte) {
		if name != manifestName {
			return name, b
		}
		var m Manifest
		json.Unmarshal(b, &m)
		for i, p := range m.Parts {
			m.Parts[i].SHA256 = sums[p.Name][0].(string)
			m.Parts[i].Size = int64(sums[p.Name][1].(int))
		}
		b, _ = json.Marshal(m)
		return name, b
	})
}

// bomb is a small file whose one part unpacks to 300 MiB of zeros.
func bomb(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(manifestName)
	json.NewEncoder(w).Encode(Manifest{Format: FormatName, FormatVersion: 1,
		Parts: []Part{{Name: "records/visits.json", Size: 300 << 20}}, Counts: Counts{"visits": 1}})
	w, _ = zw.Create("records/visits.json")
	zero := make([]byte, 1<<20)
	for range 300 {
		w.Write(zero)
	}
	zw.Close()
	return buf.Bytes()
}

// saveVisitAsTheFormDoes saves a visit and every record under it in one
// transaction, as the visit form's Save does, after edit.
func saveVisitAsTheFormDoes(t *testing.T, s *db.Store, id string, edit func(d *db.VisitDetail)) {
	t.Helper()
	d, err := s.VisitDetail(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	edit(d)
	err = s.WithTx(ctx, func(tx *db.Tx) error {
		recs := []db.Record{&d.Visit}
		for i := range d.Sessions {
			recs = append(recs, &d.Sessions[i])
		}
		for i := range d.Values {
			recs = append(recs, &d.Values[i])
		}
		for i := range d.Difficulties {
			recs = append(recs, &d.Difficulties[i])
		}
		for i := range d.Requests {
			recs = append(recs, &d.Requests[i])
		}
		for _, r := range recs {
			if err := tx.Save(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Two PCs editing different records of one visit (the commune who chaired,
// the delegation a request's status) exchange without a conflict, and both
// edits stay; a deletion on one side travels.
func TestEditsOfDifferentRecordsDoNotConflict(t *testing.T) {
	doan, xa := exchanged(t)
	visits, _ := doan.Visits(ctx, db.VisitFilter{})
	id := visits[0].ID
	var reqID, diffID string
	saveVisitAsTheFormDoes(t, xa, id, func(d *db.VisitDetail) {
		d.Visit.ChairedBy = "Bí thư Đảng ủy xã"
		diffID = d.Difficulties[0].ID
	})
	if err := xa.Delete(ctx, &db.Difficulty{Meta: db.Meta{ID: diffID}}); err != nil {
		t.Fatal(err)
	}
	saveVisitAsTheFormDoes(t, doan, id, func(d *db.VisitDetail) {
		d.Requests[0].Status = "in_progress"
		reqID = d.Requests[0].ID
	})
	plan := receive(t, doan, makePkg(t, xa, Options{}), "")
	if len(plan.Conflicts) != 0 {
		for _, c := range plan.Conflicts {
			t.Errorf("conflict: %s", c.Describe("vi"))
		}
	}
	v, _ := db.Get[db.Visit](ctx, doan, id)
	r, _ := db.Get[db.Request](ctx, doan, reqID)
	if v.ChairedBy != "Bí thư Đảng ủy xã" || r.Status != "in_progress" {
		t.Fatalf("after the exchange: chaired by %q, request %q", v.ChairedBy, r.Status)
	}
	if _, err := db.Get[db.Difficulty](ctx, doan, diffID); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("the deletion did not travel: %v", err)
	}
	// And back: the commune gets the request's status, nothing in conflict.
	plan = receive(t, xa, makePkg(t, doan, Options{}), "")
	r, _ = db.Get[db.Request](ctx, xa, reqID)
	if len(plan.Conflicts) != 0 || r.Status != "in_progress" {
		t.Fatalf("back at the commune: %d conflicts, request %q", len(plan.Conflicts), r.Status)
	}
}

// A conflict says what differs, in the users' words.
func TestConflictSaysWhatDiffers(t *testing.T) {
	doan, xa := exchanged(t)
	visits, _ := doan.Visits(ctx, db.VisitFilter{})
	for i, s := range []*db.Store{doan, xa} {
		saveVisitAsTheFormDoes(t, s, visits[0].ID, func(d *db.VisitDetail) {
			d.Requests[0].Status = []string{"done", "in_progress"}[i]
		})
	}
	pkg, _ := Read(ctx, makePkg(t, xa, Options{}), "")
	plan, err := Prepare(ctx, doan, pkg)
	if err != nil || len(plan.Conflicts) != 1 {
		t.Fatalf("conflicts: %v, %v", plan, err)
	}
	got := strings.Join(plan.Conflicts[0].Changes("vi"), "\n")
	if got != "Trạng thái: «Đã hoàn thành» máy này, «Đang thực hiện» bên gửi" {
		t.Fatalf("changes %q", got)
	}
}

// The delegation deletes a visit while the commune edits one of its
// sessions: a conflict, pre-chosen to keep the edit, which brings the
// visit back; taken the other way, the session goes with its visit. The
// two databases go on exchanging either way. (The sample's requests are
// common to both communes: the visit does not take them.)
func TestEditUnderADeletedParentIsAConflict(t *testing.T) {
	for _, takeDeletion := range []bool{false, true} {
		doan, xa := exchanged(t)
		visits, _ := doan.Visits(ctx, db.VisitFilter{})
		id := visits[0].ID
		var diffID string
		saveVisitAsTheFormDoes(t, xa, id, func(d *db.VisitDetail) {
			d.Sessions[0].Note = "Xin kinh phí sửa trụ sở"
			diffID = d.Sessions[0].ID
		})
		v, _ := db.Get[db.Visit](ctx, doan, id)
		if err := doan.Delete(ctx, v); err != nil {
			t.Fatal(err)
		}
		pkg, err := Read(ctx, makePkg(t, doan, Options{}), "")
		if err != nil {
			t.Fatal(err)
		}
		plan, err := Prepare(ctx, xa, pkg)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Conflicts) != 1 || plan.Conflicts[0].TakeIncoming || db.MetaOf(plan.Conflicts[0].Local).ID != diffID {
			t.Fatalf("conflicts offered: %d", len(plan.Conflicts))
		}
		plan.Conflicts[0].SetAll(takeDeletion)
		if err := plan.Apply(ctx, xa, "p", nil); err != nil {
			t.Fatal(err)
		}
		_, errD := db.Get[db.Session](ctx, xa, diffID)
		_, errV := db.Get[db.Visit](ctx, xa, id)
		if takeDeletion != errors.Is(errD, db.ErrNotFound) || takeDeletion != errors.Is(errV, db.ErrNotFound) {
			t.Fatalf("deletion taken %v: session %v, visit %v", takeDeletion, errD, errV)
		}
		// And the commune's whole package is received by the delegation,
		// which ends where the commune is.
		receive(t, doan, makePkg(t, xa, Options{}), "")
		if _, err := db.Get[db.Visit](ctx, doan, id); takeDeletion != errors.Is(err, db.ErrNotFound) {
			t.Fatalf("deletion taken %v: the delegation's visit %v", takeDeletion, err)
		}
	}
}

// A record left under a deleted parent (kept by an earlier version) does
// not stop later exchanges.
func TestARecordUnderADeletedParentDoesNotBlock(t *testing.T) {
	doan, xa := exchanged(t)
	visits, _ := doan.Visits(ctx, db.VisitFilter{})
	v, _ := db.Get[db.Visit](ctx, doan, visits[0].ID)
	if err := doan.Delete(ctx, v); err != nil {
		t.Fatal(err)
	}
	receive(t, xa, makePkg(t, doan, Options{}), "")
	// An orphan as an earlier version could leave: a live difficulty of the
	// deleted visit, at the commune, with a new revision.
	d := &db.Difficulty{Meta: db.Meta{ID: "mo-coi", Revision: 5, Version: db.Version{{Replica: "ab12", Counter: 9}}, CreatedAt: time.Now(), UpdatedAt: time.Now()},
		VisitID: v.ID, Category: "other", Description: "Còn sót lại", Status: "open"}
	if err := xa.WithTx(ctx, func(tx *db.Tx) error { return tx.Put(d) }); err != nil {
		t.Fatal(err)
	}
	receive(t, doan, makePkg(t, xa, Options{}), "")
}

// Where both PCs changed different fields of one record, each field can be
// taken from the side that changed it: both edits kept.
func TestConflictChosenFieldByField(t *testing.T) {
	doan, xa := exchanged(t)
	visits, _ := doan.Visits(ctx, db.VisitFilter{})
	id := visits[0].ID
	saveVisitAsTheFormDoes(t, doan, id, func(d *db.VisitDetail) { d.Visit.Assessment = "Đánh giá của đoàn, sửa lại" })
	time.Sleep(2 * time.Millisecond)
	saveVisitAsTheFormDoes(t, xa, id, func(d *db.VisitDetail) { d.Visit.Place = "Nhà văn hóa thôn Nà Giàng" })
	pkg, _ := Read(ctx, makePkg(t, xa, Options{}), "")
	plan, err := Prepare(ctx, doan, pkg)
	if err != nil || len(plan.Conflicts) != 1 {
		t.Fatalf("conflicts: %v", err)
	}
	c := plan.Conflicts[0]
	if len(c.Fields) != 2 || !c.Fields["place"] || !c.Fields["assessment"] {
		t.Fatalf("fields %v: both should start as the newer (received) version's", c.Fields)
	}
	c.Fields["assessment"] = false // the delegation's own assessment stays
	if err := plan.Apply(ctx, doan, "x", nil); err != nil {
		t.Fatal(err)
	}
	v, _ := db.Get[db.Visit](ctx, doan, id)
	if v.Place != "Nhà văn hóa thôn Nà Giàng" || v.Assessment != "Đánh giá của đoàn, sửa lại" {
		t.Fatalf("merged: place %q, assessment %q", v.Place, v.Assessment)
	}
	// Back at the commune, the merged record replaces its own without a new
	// conflict.
	plan = receive(t, xa, makePkg(t, doan, Options{}), "")
	v, _ = db.Get[db.Visit](ctx, xa, id)
	if len(plan.Conflicts) != 0 || v.Assessment != "Đánh giá của đoàn, sửa lại" || v.Place != "Nhà văn hóa thôn Nà Giàng" {
		t.Fatalf("back at the commune: %d conflicts, %q / %q", len(plan.Conflicts), v.Place, v.Assessment)
	}
}

// seedPackage is a package kept in the fuzz seed corpus: written by the
// program before format 2.
func seedPackage(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzReadPackage", name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(strings.TrimSpace(string(raw)), "\n", 2)
	lit := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
	data, err := strconv.Unquote(lit)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(data)
}

// Packages of format 1 (plain and encrypted, made by the program before
// scopes) are still received: their difficulties are their communes'.
func TestFormat1PackagesAreReceived(t *testing.T) {
	for _, name := range []string{"plain-sample", "encrypted-sample"} {
		t.Run(name, func(t *testing.T) {
			data := seedPackage(t, name)
			pkg, err := ReadFrom(ctx, bytes.NewReader(data), int64(len(data)), fuzzPassphrase)
			if err != nil {
				t.Fatal(err)
			}
			if pkg.Manifest.FormatVersion != 1 {
				t.Fatalf("the seed is of format %d", pkg.Manifest.FormatVersion)
			}
			xa := openStore(t, "xa.db")
			plan, err := Prepare(ctx, xa, pkg)
			if err != nil {
				t.Fatal(err)
			}
			if err := plan.Apply(ctx, xa, "test", nil); err != nil {
				t.Fatal(err)
			}
			visits, _ := xa.Visits(ctx, db.VisitFilter{})
			n := 0
			for _, v := range visits {
				ds, _ := xa.Difficulties(ctx, v.ID)
				for _, d := range ds {
					n++
					if d.Scope != "commune" {
						t.Errorf("difficulty %q received with scope %q", d.Description, d.Scope)
					}
				}
			}
			if n != 8 {
				t.Errorf("%d difficulties received, want the 8 of the earlier sample", n)
			}
		})
	}
}

// A difficulty common to several communes travels as a record of the
// delegation: a package of one commune carries the common records naming
// it, and the names of the other communes they name, never another
// commune's visit.
func TestCommonDifficultyTravels(t *testing.T) {
	doan := delegationStore(t)
	path := makePkg(t, doan, Options{})
	pkg, err := Read(ctx, path, "")
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Manifest.FormatVersion != FormatVersion {
		t.Errorf("format version %d", pkg.Manifest.FormatVersion)
	}
	xa := openStore(t, "xa.db")
	receive(t, xa, path, "")
	sameRecords(t, dump(t, doan, db.Selection{}), dump(t, xa, db.Selection{}))

	cs, _ := doan.Communes(ctx, "Thông Nông")
	d, _ := doan.ResolveDelegation(ctx, "03")
	one := makePkg(t, doan, Options{Selection: db.Selection{DelegationID: d.ID, CommuneID: cs[0].ID}})
	pkg, err = Read(ctx, one, "")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pkg.Tables["visits"]); n != 1 {
		t.Errorf("Thông Nông's package holds %d visits, want its own", n)
	}
	if n := len(pkg.Tables["communes"]); n != 2 {
		t.Errorf("Thông Nông's package holds %d communes, want it and Lũng Nặm, which the common difficulties name", n)
	}
	common := 0
	for _, r := range pkg.Tables["difficulties"] {
		if r.(*db.Difficulty).Concerns(cs[0].ID) {
			common++
		}
	}
	if common != 4 {
		t.Errorf("Thông Nông's package holds %d common difficulties, want the sample's 4", common)
	}
	xa2 := openStore(t, "xa2.db")
	receive(t, xa2, one, "")
	visits, _ := xa2.Visits(ctx, db.VisitFilter{})
	if len(visits) != 1 {
		t.Fatalf("%d visits received", len(visits))
	}
	detail, err := xa2.VisitDetail(ctx, visits[0].ID)
	if err != nil || len(detail.Difficulties) != 4 || len(detail.Communes) != 2 {
		t.Fatalf("Thông Nông's visit shows %d difficulties, offers %d communes (%v)", len(detail.Difficulties), len(detail.Communes), err)
	}
}

// Two PCs that change the communes of a common difficulty at once both keep
// theirs: the lists merge by union, without a question, on both sides alike;
// a change of another field at the same time is a conflict whose answer
// keeps the union too.
func TestCommonCommunesMergeByUnion(t *testing.T) {
	doan := delegationStore(t)
	for _, c := range []*db.Commune{{Name: "Hà Quảng", Kind: "commune"}, {Name: "Trà Lĩnh", Kind: "commune"}} {
		if err := doan.Save(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	xa := openStore(t, "xa.db")
	receive(t, xa, makePkg(t, doan, Options{}), "")
	name := func(s *db.Store, n string) string {
		cs, _ := s.Communes(ctx, n)
		return cs[0].ID
	}
	id := db.StableID("sample/difficulty/03/common/staffing")
	edit := func(s *db.Store, commune, description string) {
		d, err := db.Get[db.Difficulty](ctx, s, id)
		if err != nil {
			t.Fatal(err)
		}
		d.Communes = db.UnionIDs(d.Communes, name(s, commune))
		if description != "" {
			d.Description = description
		}
		if err := s.Save(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	edit(doan, "Hà Quảng", "")
	edit(xa, "Trà Lĩnh", "")
	plan := receive(t, xa, makePkg(t, doan, Options{}), "")
	if len(plan.Conflicts) != 0 {
		t.Fatalf("%d conflicts over the communes of a common difficulty", len(plan.Conflicts))
	}
	receive(t, doan, makePkg(t, xa, Options{}), "")
	for _, s := range []*db.Store{doan, xa} {
		d, _ := db.Get[db.Difficulty](ctx, s, id)
		if n := len(db.SplitIDs(d.Communes)); n != 4 {
			t.Errorf("the common difficulty names %d communes, want 4: %s", n, d.Communes)
		}
	}
	sameRecords(t, dump(t, doan, db.Selection{}), dump(t, xa, db.Selection{}))

	// A commune added there while the text is changed here: a conflict
	// over the text, and both lists kept whatever is chosen. The commune
	// was made on each PC apart: the list names this PC's copy.
	third := &db.Commune{Name: "Quảng Uyên", Kind: "commune"}
	for _, s := range []*db.Store{doan, xa} {
		c := *third
		s.Save(ctx, &c)
	}
	edit(doan, "Quảng Uyên", "Thiếu công chức địa chính")
	d, _ := db.Get[db.Difficulty](ctx, xa, id)
	d.Description = "Thiếu công chức văn hóa"
	if err := xa.Save(ctx, d); err != nil {
		t.Fatal(err)
	}
	pkg, err := Read(ctx, makePkg(t, doan, Options{}), "")
	if err != nil {
		t.Fatal(err)
	}
	plan, err = Prepare(ctx, xa, pkg)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Conflicts) != 1 || plan.Conflicts[0].Fields["communes"] || len(plan.Conflicts[0].Fields) != 1 {
		t.Fatalf("conflicts %+v", plan.Conflicts)
	}
	plan.Conflicts[0].SetAll(false) // keep this PC's text
	if err := plan.Apply(ctx, xa, "test", nil); err != nil {
		t.Fatal(err)
	}
	d, _ = db.Get[db.Difficulty](ctx, xa, id)
	if d.Description != "Thiếu công chức văn hóa" || len(db.SplitIDs(d.Communes)) != 5 || !d.Concerns(name(xa, "Quảng Uyên")) {
		t.Errorf("after keeping this PC's text: %q, communes %s", d.Description, d.Communes)
	}
}

// A common difficulty of a package of format 3, noted at a visit, is
// received as the delegation's, naming that visit's commune; whether the
// package holds the visit or this PC does.
func TestFormat3CommonDifficultyIsConverted(t *testing.T) {
	doan := delegationStore(t)
	d, _ := doan.ResolveDelegation(ctx, "03")
	lung, _ := doan.Communes(ctx, "Lũng Nặm")
	visits, _ := doan.Visits(ctx, db.VisitFilter{Query: "Lũng Nặm"})
	for _, withVisit := range []bool{true, false} {
		t.Run(fmt.Sprint("visit in the package: ", withVisit), func(t *testing.T) {
			xa := openStore(t, "xa.db")
			if !withVisit {
				receive(t, xa, makePkg(t, doan, Options{}), "")
				// This PC has the delegation's common difficulty of its
				// own migration: naming both communes.
			}
			pkg, err := Read(ctx, makePkg(t, doan, Options{Selection: db.Selection{DelegationID: d.ID, CommuneID: lung[0].ID}}), "")
			if err != nil {
				t.Fatal(err)
			}
			// As format 3 wrote it: noted at Lũng Nặm's visit.
			pkg.Manifest.FormatVersion = 3
			var diffs []db.Record
			for _, r := range pkg.Tables["difficulties"] {
				x := r.(*db.Difficulty)
				if x.Shared() {
					x.VisitID, x.DelegationID, x.Communes = visits[0].ID, "", ""
					db.MetaOf(x).Version = db.MetaOf(x).Version // unchanged
					diffs = append(diffs, x)
				}
			}
			pkg.Tables["difficulties"] = diffs
			if !withVisit {
				pkg.Tables["visits"] = nil
				pkg.Tables["sessions"], pkg.Tables["indicator_values"], pkg.Tables["requests"] = nil, nil, nil
			}
			if problems := checkRecords(pkg); len(problems) != 0 {
				t.Fatal(problems)
			}
			plan, err := Prepare(ctx, xa, pkg)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Conflicts) != 0 {
				t.Fatalf("%d conflicts", len(plan.Conflicts))
			}
			if err := plan.Apply(ctx, xa, "test", nil); err != nil {
				t.Fatal(err)
			}
			common, _ := xa.CommonDifficulties(ctx, d.ID)
			if len(common) != 4 {
				t.Fatalf("%d common difficulties received", len(common))
			}
			want := 1
			if !withVisit {
				want = 2 // the union of this PC's list and the package's
			}
			for _, c := range common {
				if c.VisitID != "" || !c.Concerns(lung[0].ID) || len(db.SplitIDs(c.Communes)) != want {
					t.Errorf("received: visit %q, communes %q", c.VisitID, c.Communes)
				}
			}
		})
	}
}

// An encrypted package whose key derivation is beyond the bounds is refused
// as unsafe before any key is derived, whatever the passphrase.
func TestEncryptionBeyondBoundsIsRefused(t *testing.T) {
	for _, e := range []Encryption{
		{Time: 5, MemoryKiB: 64 * 1024, Threads: 2},
		{Time: 3, MemoryKiB: 257 * 1024, Threads: 2},
		{Time: 3, MemoryKiB: 64 * 1024, Threads: 9},
	} {
		e.Cipher, e.KDF, e.Salt, e.Nonce = "AES-256-GCM", "argon2id", make([]byte, 16), make([]byte, 12)
		if safeEncryption(&e) {
			t.Errorf("accepted %+v", e)
		}
	}
	doan := delegationStore(t)
	path := makePkg(t, doan, Options{Passphrase: "mật khẩu dài"})
	data := rezip(t, path, func(name string, b []byte) (string, []byte) {
		if name == manifestName {
			b = []byte(strings.Replace(string(b), `"time": 3`, `"time": 400`, 1))
		}
		return name, b
	})
	bad := filepath.Join(t.TempDir(), "bad.giamsat")
	os.WriteFile(bad, data, 0o644)
	_, err := Read(ctx, bad, "mật khẩu dài")
	var re *RefusedError
	if !errors.As(err, &re) || re.Passphrase || !strings.Contains(re.Message("vi"), "vượt giới hạn") {
		t.Fatalf("a costly key derivation: %v", err)
	}
}

// A package of changes says which package it follows; a receiver that
// never got that one is told which (sender, date). Once the recipient's
// own package confirms what arrived, the next package of changes starts
// from there, so that it carries again what a lost package held.
func TestALostPackageIsNoticedAndSentAgain(t *testing.T) {
	doan, xa := exchanged(t)
	edit := func(notes string) {
		g, _ := db.Get[db.Delegation](ctx, doan, db.StableID("sample/delegation/03"))
		g.Notes = notes
		if err := doan.Save(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	first := makePkg(t, doan, Options{Recipient: "xa"})
	receive(t, xa, first, "")
	// The commune's package back confirms the first.
	receive(t, doan, makePkg(t, xa, Options{Recipient: "doan"}), "")
	edit("sửa lần một")
	makePkg(t, doan, Options{Recipient: "xa", OnlyChanges: true}) // lost on the way
	c, _ := db.Get[db.Commune](ctx, doan, db.StableID("sample/commune/thong-nong"))
	c.Notes = "sửa sau"
	if err := doan.Save(ctx, c); err != nil {
		t.Fatal(err)
	}
	third := makePkg(t, doan, Options{Recipient: "xa", OnlyChanges: true})
	pkg, err := Read(ctx, third, "")
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Manifest.Follows == nil || pkg.Manifest.Counts["delegations"] != 1 || pkg.Manifest.Counts["communes"] != 1 {
		t.Fatalf("the third package does not start from the confirmed first: follows %v, counts %v", pkg.Manifest.Follows, pkg.Manifest.Counts)
	}
	plan, err := Prepare(ctx, xa, pkg)
	if err != nil || plan.MissingNote("vi") != "" {
		t.Fatalf("the receiver has what the third follows, yet: %q %v", plan.MissingNote("vi"), err)
	}
	// Without a confirmation, a package of changes follows the last one
	// made, and a receiver that lacks it is told.
	edit("sửa lần hai")
	makePkg(t, doan, Options{Recipient: "xa-khac", OnlyChanges: true})
	edit("sửa lần ba")
	pkg, err = Read(ctx, makePkg(t, doan, Options{Recipient: "xa-khac", OnlyChanges: true}), "")
	if err != nil {
		t.Fatal(err)
	}
	plan, err = Prepare(ctx, xa, pkg)
	if err != nil {
		t.Fatal(err)
	}
	if note := plan.MissingNote("vi"); !strings.Contains(note, "chưa nhận gói doan.db gửi ngày") {
		t.Fatalf("the missing package is not named: %q", note)
	}
	if !strings.Contains(plan.Report("en"), "never received the package doan.db sent on") {
		t.Fatalf("the report does not say it:\n%s", plan.Report("en"))
	}
}

// What a killed export left beside its target goes with the next export;
// a temporary file another window is writing stays.
func TestStaleTemporaryFilesGo(t *testing.T) {
	doan := delegationStore(t)
	dir := t.TempDir()
	stale := filepath.Join(dir, ".giamsat-111.tmp")
	os.WriteFile(stale, []byte("half a package"), 0o644)
	busy, err := os.Create(filepath.Join(dir, ".giamsat-222.tmp"))
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	if err := holdFile(busy); err != nil {
		t.Fatal(err)
	}
	if _, err := Make(ctx, doan, filepath.Join(dir, "goi.giamsat"), Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("a killed export's file is still there")
	}
	if _, err := os.Stat(busy.Name()); err != nil {
		t.Error("the file another export is writing was removed")
	}
}

// A record that does not decode is refused in the users' words, naming the
// part, the record and the field: never the decoder's own text.
func TestUndecodableRecordsAreSaidInWords(t *testing.T) {
	doan := delegationStore(t)
	path := makePkg(t, doan, Options{})
	for name, c := range map[string]struct{ from, to, want string }{
		"a count beyond its type": {`"held":2,`, `"held":1e30,`, `trường "held"`},
		"a count as text":         {`"held":2,`, `"held":"nhiều",`, `trường "held"`},
		"a version beyond bounds": {`"version":{"0":1}`, `"version":{"0":9007199254740993}`, "phiên bản"},
		"a version as text":       {`"version":{"0":1}`, `"version":"0:1"`, "phiên bản"},
		"a field unknown":         {`"held":2,`, `"held":2,"so_dai_bieu":5,`, "phiên bản Giám sát mới hơn"},
	} {
		t.Run(name, func(t *testing.T) {
			data := fixSums(t, rezip(t, path, func(n string, b []byte) (string, []byte) {
				if n == "records/sessions.json" {
					b = []byte(strings.Replace(string(b), c.from, c.to, 1))
				}
				return n, b
			}))
			bad := filepath.Join(t.TempDir(), "p.giamsat")
			os.WriteFile(bad, data, 0o644)
			_, err := Read(ctx, bad, "")
			var re *RefusedError
			if !errors.As(err, &re) {
				t.Fatalf("not refused: %v", err)
			}
			vi, en := re.Message("vi"), re.Message("en")
			if !strings.Contains(vi, c.want) {
				t.Errorf("message %q lacks %q", vi, c.want)
			}
			for _, raw := range []string{"json:", "unmarshal", "Go value", "cannot", "invalid character"} {
				if strings.Contains(vi, raw) || strings.Contains(en, raw) {
					t.Errorf("decoder text %q reaches the user:\n%s\n%s", raw, vi, en)
				}
			}
		})
	}
}

// The delegation deletes a visit while the commune adds a difficulty to it:
// kept (the pre-chosen answer), the visit comes back whole, its sessions,
// values and requests with it, on both PCs; never an empty shell.
func TestAVisitKeptComesBackWhole(t *testing.T) {
	doan, xa := exchanged(t)
	visits, _ := doan.Visits(ctx, db.VisitFilter{})
	id := visits[0].ID
	before, _ := xa.VisitDetail(ctx, id)
	v, _ := db.Get[db.Visit](ctx, doan, id)
	if err := doan.Delete(ctx, v); err != nil {
		t.Fatal(err)
	}
	added := &db.Difficulty{VisitID: id, Category: "other", Description: "Mới thêm ở xã", Status: "open", Scope: "commune"}
	if err := xa.Save(ctx, added); err != nil {
		t.Fatal(err)
	}
	plan := receive(t, xa, makePkg(t, doan, Options{}), "")
	if len(plan.Conflicts) != 1 || plan.Conflicts[0].Outcome() != "kept" {
		t.Fatalf("conflicts: %d", len(plan.Conflicts))
	}
	if plan.Tallies["visits"].Deleted != 0 || plan.Tallies["sessions"].Deleted != 0 {
		t.Errorf("the report still counts deletions: visits %+v, sessions %+v", *plan.Tallies["visits"], *plan.Tallies["sessions"])
	}
	whole := func(s *db.Store, who string) {
		t.Helper()
		d, err := s.VisitDetail(ctx, id)
		if err != nil {
			t.Fatalf("%s: the visit is gone: %v", who, err)
		}
		if len(d.Sessions) != len(before.Sessions) || len(d.Values) != len(before.Values) ||
			len(d.Requests) != len(before.Requests) || len(d.Difficulties) != len(before.Difficulties)+1 {
			t.Fatalf("%s: the visit came back with %d sessions, %d values, %d requests, %d difficulties (had %d, %d, %d, %d + 1)", who,
				len(d.Sessions), len(d.Values), len(d.Requests), len(d.Difficulties),
				len(before.Sessions), len(before.Values), len(before.Requests), len(before.Difficulties))
		}
	}
	whole(xa, "the commune")
	if p := receive(t, doan, makePkg(t, xa, Options{}), ""); len(p.Conflicts) != 0 {
		t.Fatalf("the delegation is asked again: %s", p.Conflicts[0].Describe("vi"))
	}
	whole(doan, "the delegation")
}
