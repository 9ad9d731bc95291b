//go:build server

package app

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"giamsat/app/exchange"
	"giamsat/app/serversync"
	"giamsat/db"
	"giamsat/db/dbtest"
	"giamsat/db/server"
	"giamsat/db/server/servertest"
)

// File → Sync in the window, against a real server: a figure both this PC
// and the province changed is shown as a conflict before anything is
// written, the choice is written, and the province then takes it.
func TestSyncInTheWindowShowsTheConflict(t *testing.T) {
	ctx := context.Background()
	u0 := servertest.Start(t)
	admin, err := server.Connect(ctx, server.Config{URL: u0})
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := server.Init(ctx, admin); err != nil {
		t.Fatal(err)
	}
	p, _ := url.Parse(u0)
	name := "tinh_" + strings.TrimPrefix(p.Path, "/")
	if err := server.AddUser(ctx, admin, server.User{Name: name, Kind: server.Province}, "mật khẩu dài"); err != nil {
		t.Fatal(err)
	}
	p.User = url.UserPassword(name, "mật khẩu dài")
	province := dbtest.Sample(t)
	pc, err := server.Connect(ctx, server.Config{URL: p.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(ctx)
	if _, err := serversync.Sync(ctx, province, pc, serversync.Options{}); err != nil {
		t.Fatal(err)
	}

	u, s := sampleUI(t)
	participants := func(st *db.Store, n *int) *db.Session {
		vs, _ := st.Visits(ctx, db.VisitFilter{Query: "thong nong"})
		d, _ := st.VisitDetail(ctx, vs[0].ID)
		for _, se := range d.Sessions {
			if se.Level == "commune" {
				if n != nil {
					se.Participants = n
					if err := st.Save(ctx, &se); err != nil {
						t.Fatal(err)
					}
				}
				return &se
			}
		}
		t.Fatal("no commune-level session")
		return nil
	}
	mine, theirs := 201, 202
	participants(s, &mine)
	participants(province, &theirs)
	if _, err := serversync.Sync(ctx, province, pc, serversync.Options{}); err != nil {
		t.Fatal(err)
	}

	u.onSync()
	p.User = url.User(name)
	test.Type(u.serverForm.URL, p.String())
	u.serverForm.URL.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(u.passForm.Entry, "mật khẩu dài")
	u.passForm.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.preview == nil || len(u.preview.plan.Conflicts) != 1 {
		t.Fatal("the conflict was not shown before writing")
	}
	if got := participants(s, nil); *got.Participants != mine {
		t.Fatal("the sync wrote before the conflict was chosen")
	}
	test.Tap(u.preview.Receive) // the pre-chosen answer
	if u.lastReport == nil || !strings.Contains(texts(u.lastReport), "Đã gửi") {
		t.Fatal("no report after the sync")
	}
	if u.rights.Kind != server.Province || u.env().Rights != u.rights {
		t.Errorf("after the sync the forms are given the rights %+v", u.env().Rights)
	}
	if !strings.Contains(u.status.Text, "đồng bộ lúc") {
		t.Errorf("the status line does not say when the PC last synced: %q", u.status.Text)
	}
	// The province takes the choice as an update, and nobody is asked again.
	conflicts := 0
	if _, err := serversync.Sync(ctx, province, pc, serversync.Options{Settle: func(pl *exchange.Plan) error {
		conflicts += len(pl.Conflicts)
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	a, b := participants(s, nil), participants(province, nil)
	if conflicts != 0 || *a.Participants != *b.Participants || a.Version.String() != b.Version.String() {
		t.Fatalf("after the choice: here %d (%s), the province %d (%s), %d conflicts", *a.Participants, a.Version, *b.Participants, b.Version, conflicts)
	}
}
