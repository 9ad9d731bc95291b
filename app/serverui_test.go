package app

import (
	"strings"
	"testing"

	"giamsat/db"
	"giamsat/db/server"
	"giamsat/forms"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// File → Sync with no server set asks for it first, then the password
// (never kept); a server that cannot be reached is said in Vietnamese,
// and the database is left as it was.
func TestSyncAsksTheServerThenThePassword(t *testing.T) {
	u, s := sampleUI(t)
	before, _ := s.Visits(t.Context(), db.VisitFilter{})
	u.onSync()
	f := u.serverForm
	if f == nil {
		t.Fatal("no server settings asked")
	}
	test.Type(f.URL, "maychu.tinh")
	test.Tap(f.Save)
	if u.app.Preferences().String(prefServerURL) != "" || u.passForm != nil || !strings.Contains(f.Problem.Text, "postgres://") || !f.Problem.Visible() {
		t.Fatal("an address that is not a PostgreSQL URL was kept")
	}
	f.URL.SetText("")
	test.Type(f.URL, "postgres://thongnong@127.0.0.1:1/giamsat")
	test.Type(f.Fingerprint, strings.Repeat("ab", 32))
	f.Fingerprint.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter saves
	if got := u.app.Preferences().String(prefServerURL); got != "postgres://thongnong@127.0.0.1:1/giamsat" {
		t.Fatalf("kept address %q", got)
	}
	if u.passForm == nil || !strings.Contains(u.passForm.Message.Text, "thongnong") {
		t.Fatal("the password of thongnong was not asked")
	}
	test.Type(u.passForm.Entry, "mật khẩu")
	u.passForm.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("nothing said after a failed sync")
	}
	said := ""
	walk(top, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			said += l.Text
		}
		if c, ok := o.(*canvas.Text); ok {
			said += c.Text
		}
	})
	if !strings.Contains(said, "Máy chủ 127.0.0.1 không trả lời") || strings.Contains(said, "dial") {
		t.Fatalf("a server out of reach said %q", said)
	}
	if strings.Contains(u.app.Preferences().String(prefServerURL)+u.app.Preferences().String(prefServerFingerprint), "mật khẩu") {
		t.Fatal("the password was kept")
	}
	after, _ := s.Visits(t.Context(), db.VisitFilter{})
	if len(after) != len(before) {
		t.Fatal("the failed sync changed the database")
	}
}

// Escape in the server settings closes them, keeping nothing typed.
func TestServerSettingsEscape(t *testing.T) {
	u, _ := sampleUI(t)
	u.onServerSettings(nil)
	test.Type(u.serverForm.URL, "postgres://x@y/z")
	u.serverForm.URL.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.win.Canvas().Overlays().Top() != nil || u.app.Preferences().String(prefServerURL) != "" {
		t.Fatal("Escape did not close the settings, or kept what was typed")
	}
}

// A password typed into the server's address is refused, never kept.
func TestServerSettingsKeepNoPassword(t *testing.T) {
	u, _ := sampleUI(t)
	u.onServerSettings(nil)
	test.Type(u.serverForm.URL, "postgres://thongnong:bimat@maychu/giamsat")
	test.Tap(u.serverForm.Save)
	if got := u.app.Preferences().String(prefServerURL); got != "" || !strings.Contains(u.serverForm.Problem.Text, "Đừng ghi mật khẩu vào địa chỉ") {
		t.Fatalf("kept %q, said %q", got, u.serverForm.Problem.Text)
	}
}

// The fingerprint as openssl prints it is taken; one that is not a
// fingerprint is said at once, in the settings, not at the next sync.
func TestServerSettingsFingerprint(t *testing.T) {
	u, _ := sampleUI(t)
	u.onServerSettings(nil)
	test.Type(u.serverForm.URL, "postgres://thongnong@maychu/giamsat")
	test.Type(u.serverForm.Fingerprint, "sha256 Fingerprint=2B:FA")
	test.Tap(u.serverForm.Save)
	if got := u.app.Preferences().String(prefServerURL); got != "" || !strings.Contains(u.serverForm.Problem.Text, "64 chữ số") {
		t.Fatalf("a short fingerprint: kept %q, said %q", got, u.serverForm.Problem.Text)
	}
	u.serverForm.Fingerprint.SetText("")
	openssl := "sha256 Fingerprint=" + strings.TrimSuffix(strings.Repeat("2B:", 32), ":")
	test.Type(u.serverForm.Fingerprint, openssl)
	test.Tap(u.serverForm.Save)
	if got := u.app.Preferences().String(prefServerFingerprint); got != openssl {
		t.Fatalf("openssl's line: kept %q, said %q", got, u.serverForm.Problem.Text)
	}
	if _, err := server.ParseFingerprint(openssl); err != nil {
		t.Fatal(err)
	}
}

// A sync that failed leaves the visit on screen on the tab it was on.
func TestFailedSyncKeepsTheTab(t *testing.T) {
	u, _ := sampleUI(t)
	node := visitNodes(u)[1]
	u.tree.Select(node)
	f, ok := u.form.(*forms.VisitForm)
	if !ok {
		t.Fatalf("the visit did not open: %T", u.form)
	}
	f.Tabs.SelectIndex(3)
	u.app.Preferences().SetString(prefServerURL, "postgres://thongnong@127.0.0.1:1/giamsat")
	u.onSync()
	test.Type(u.passForm.Entry, "mật khẩu")
	u.passForm.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	g, ok := u.form.(*forms.VisitForm)
	if !ok || visitNode+g.ID() != node || g.Tabs.SelectedIndex() != 3 {
		t.Fatalf("after the failed sync: %T on tab %d", u.form, g.Tabs.SelectedIndex())
	}
}

// A report of a line or two (a sync's) is a small dialog; a long text
// stays within 400 high; a table of counts gets the large one.
func TestReportSize(t *testing.T) {
	sampleUI(t)
	short := reportSize([]fyne.CanvasObject{wrapped("Đã gửi 1 mục; ghi 0 mục vào máy này.")})
	long := reportSize([]fyne.CanvasObject{wrapped(strings.Repeat("Chỉ giữ ở máy này, vì người dùng này không được sửa trên máy chủ. ", 40))})
	table := reportSize([]fyne.CanvasObject{wrapped("x"), container.NewGridWithColumns(2)})
	if short.Height > 220 || short.Height < 100 || long.Height != 400 || table.Width != 900 {
		t.Fatalf("a line %v, a long text %v, a table %v", short, long, table)
	}
}
