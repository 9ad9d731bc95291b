package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"giamsat/db"
)

// Three PCs as the users have them: the delegation's and two communes',
// each a database file, packages made and received through the headless
// program. These are the two stories in which edits once vanished.

type threePCs struct {
	t   *testing.T
	dir string
	n   int
}

func newThreePCs(t *testing.T) *threePCs {
	p := &threePCs{t: t, dir: t.TempDir()}
	if code, _, errs := p.run(Options{DBPath: p.db("doan"), Sample: true}); code != 0 {
		t.Fatal(errs)
	}
	for _, xa := range []string{"lungnam", "thongnong"} {
		p.send("doan", xa, false)
	}
	return p
}

func (p *threePCs) db(name string) string { return filepath.Join(p.dir, name+".db") }

func (p *threePCs) run(o Options) (int, string, string) {
	var out, errs bytes.Buffer
	code := RunHeadless(o, &out, &errs)
	return code, out.String(), errs.String()
}

// send makes a package on from for to and receives it there (conflicts
// answered as -conflicts newer does); it returns what receiving printed.
func (p *threePCs) send(from, to string, changesOnly bool) string {
	p.t.Helper()
	p.n++
	pkg := filepath.Join(p.dir, fmt.Sprintf("%d-%s-%s.giamsat", p.n, from, to))
	if code, _, errs := p.run(Options{DBPath: p.db(from), ExportPackage: pkg, Recipient: to, ChangesOnly: changesOnly}); code != 0 {
		p.t.Fatalf("%s makes a package for %s: %s", from, to, errs)
	}
	code, out, errs := p.run(Options{DBPath: p.db(to), Import: pkg})
	if code != 0 {
		p.t.Fatalf("%s receives from %s: %s", to, from, errs)
	}
	return out
}

// edit changes one record on a PC, as its form would save it.
func (p *threePCs) edit(on, table, id string, change func(db.Record)) {
	p.t.Helper()
	s, err := db.Open(p.db(on))
	if err != nil {
		p.t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Lookup(context.Background(), table, id)
	if err != nil {
		p.t.Fatal(err)
	}
	change(r)
	if err := s.Save(context.Background(), r); err != nil {
		p.t.Fatal(err)
	}
}

func (p *threePCs) read(on, table, id string) db.Record {
	p.t.Helper()
	s, err := db.OpenReadOnly(p.db(on))
	if err != nil {
		p.t.Fatal(err)
	}
	defer s.Close()
	r, err := s.Lookup(context.Background(), table, id)
	if err != nil {
		p.t.Fatal(err)
	}
	return r
}

// Lũng Nặm and Thông Nông each change the position of the same member.
// The delegation takes Lũng Nặm's as an update, then is asked about Thông
// Nông's: a conflict, shown. After the packages go round, all three hold
// the same text, and no later package raises it again.
func TestStoryTwoCommunesEditOneMember(t *testing.T) {
	p := newThreePCs(t)
	giang := db.StableID("sample/member/deputy")
	if _, err := os.Stat(p.db("doan")); err != nil {
		t.Fatal(err)
	}
	p.edit("lungnam", "members", giang, func(r db.Record) {
		r.(*db.Member).Position = "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy (Lũng Nặm sửa)"
	})
	p.edit("thongnong", "members", giang, func(r db.Record) {
		r.(*db.Member).Position = "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy (Thông Nông sửa)"
	})
	if out := p.send("lungnam", "doan", false); !strings.Contains(out, "Thành viên đoàn:") || !strings.Contains(out, "1 cập nhật") {
		t.Fatalf("the delegation receives Lũng Nặm's edit:\n%s", out)
	}
	out := p.send("thongnong", "doan", false)
	if !strings.Contains(out, "1 xung đột") || !strings.Contains(out, "Thông Nông sửa") {
		t.Fatalf("Thông Nông's concurrent edit is not shown as a conflict:\n%s", out)
	}
	want := p.read("doan", "members", giang).(*db.Member).Position
	if !strings.Contains(want, "Thông Nông sửa") {
		t.Fatalf("-conflicts newer kept %q, not the later edit", want)
	}
	for _, round := range []bool{false, true} {
		for _, pair := range [][2]string{{"doan", "lungnam"}, {"doan", "thongnong"}, {"lungnam", "doan"}, {"thongnong", "doan"}} {
			if out := p.send(pair[0], pair[1], round); strings.Contains(out, "xung đột") {
				t.Fatalf("the conflict is raised again (%s → %s):\n%s", pair[0], pair[1], out)
			}
		}
	}
	for _, pc := range []string{"doan", "lungnam", "thongnong"} {
		if got := p.read(pc, "members", giang).(*db.Member).Position; got != want {
			t.Errorf("%s holds %q, the delegation %q", pc, got, want)
		}
	}
}

// Relayed: Thông Nông edits the delegation's notes once, Lũng Nặm twice;
// Lũng Nặm's package goes to the delegation and the delegation's to Thông
// Nông, where the two edits meet: a conflict, never an overwrite.
func TestStoryRelayedEditIsAConflict(t *testing.T) {
	p := newThreePCs(t)
	doan := db.StableID("sample/delegation/03")
	p.edit("thongnong", "delegations", doan, func(r db.Record) { r.(*db.Delegation).Notes = "Thông Nông: một lần" })
	p.edit("lungnam", "delegations", doan, func(r db.Record) { r.(*db.Delegation).Notes = "Lũng Nặm: lần một" })
	p.edit("lungnam", "delegations", doan, func(r db.Record) { r.(*db.Delegation).Notes = "Lũng Nặm: lần hai" })
	if out := p.send("lungnam", "doan", false); strings.Contains(out, "xung đột") {
		t.Fatalf("the delegation had not changed the notes:\n%s", out)
	}
	out := p.send("doan", "thongnong", false)
	if !strings.Contains(out, "Đoàn giám sát:") || !strings.Contains(out, "1 xung đột") {
		t.Fatalf("Thông Nông's edit is overwritten without a conflict:\n%s", out)
	}
	p.send("thongnong", "doan", false)
	p.send("doan", "lungnam", false)
	want := p.read("thongnong", "delegations", doan).(*db.Delegation).Notes
	for _, pc := range []string{"doan", "lungnam"} {
		if got := p.read(pc, "delegations", doan).(*db.Delegation).Notes; got != want {
			t.Errorf("%s holds %q, Thông Nông %q", pc, got, want)
		}
	}
}
