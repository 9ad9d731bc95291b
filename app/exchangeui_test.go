package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
	"giamsat/forms"
)

// emptyUI opens the main window on a new database: a commune's PC.
func emptyUI(t *testing.T) (*UI, *db.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "xa.db")
	a := test.NewTempApp(t)
	w := a.NewWindow("Giám sát")
	w.Resize(fyne.NewSize(1366, 768))
	u := newUI(a, w, Options{DBPath: path, Lang: "vi"}, true)
	t.Cleanup(func() { u.closeStore() })
	if u.store == nil {
		t.Fatal("database not open")
	}
	return u, u.store
}

// pickIn opens the drop-down d with a tap and picks the entry labelled
// label in its pop-up with the arrow keys and Enter.
func pickIn(t *testing.T, u *UI, d *widget.Select, label string) {
	t.Helper()
	index := -1
	for i, o := range d.Options {
		if o == label {
			index = i
		}
	}
	if index < 0 {
		t.Fatalf("no entry %q in %q", label, d.Options)
	}
	test.Tap(d)
	if _, ok := u.win.Canvas().Focused().(*widget.PopUpMenu); !ok {
		t.Fatalf("tapping the drop-down showed no pop-up menu with the keyboard (focused %T)", u.win.Canvas().Focused())
	}
	for i := 0; i <= index; i++ {
		u.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	}
	u.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if d.Selected != label {
		t.Fatalf("picked %q, the drop-down shows %q", label, d.Selected)
	}
}

// typeInto empties e and types text into it, as a person does.
func typeInto(e interface {
	fyne.Focusable
	SetText(string)
}, text string) {
	e.SetText("")
	test.Type(e, text)
}

// sendPackage makes a package from the window u as a user does.
func sendPackage(t *testing.T, u *UI, communeName, pass, dir string) string {
	t.Helper()
	u.onSend()
	f := u.sendForm
	if f == nil {
		t.Fatal("File > Send data showed no form")
	}
	if communeName != "" {
		pickIn(t, u, f.Commune, communeName)
	}
	test.Type(f.Recipient, "UBND xã Lũng Nặm")
	if pass != "" {
		test.Type(f.Passphrase, pass)
		test.Type(f.Confirm, pass+"x")
		test.Tap(f.Continue)
		if !strings.Contains(f.Message.Text, "không giống nhau") {
			t.Fatalf("different passphrases: %q", f.Message.Text)
		}
		typeInto(f.Confirm, pass)
	}
	u.saveForm = nil
	test.Tap(f.Continue)
	if u.saveForm == nil {
		t.Fatalf("Continue asked no file name (message %q)", f.Message.Text)
	}
	typeInto(u.saveForm.Folder, dir)
	typeInto(u.saveForm.File, "goi")
	answer(t, u, "save")
	path := filepath.Join(dir, "goi.giamsat")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no package written: %v", err)
	}
	return path
}

// exchangedWindows is the delegation's window (the sample) and a commune's
// that has received all of it once, through the windows.
func exchangedWindows(t *testing.T) (doan *UI, doanStore *db.Store, xa *UI, xaStore *db.Store, dir string) {
	t.Helper()
	doan, doanStore = sampleUI(t)
	xa, xaStore = emptyUI(t)
	dir = t.TempDir()
	receiveStart(t, xa, sendPackage(t, doan, "", "", dir))
	test.Tap(xa.preview.Receive)
	return doan, doanStore, xa, xaStore, dir
}

// resend makes the package of everything again in dir, over the last one.
func resend(t *testing.T, doan *UI, dir string) string {
	t.Helper()
	os.Remove(filepath.Join(dir, "goi.giamsat"))
	return sendPackage(t, doan, "", "", dir)
}

// receiveStart opens File > Receive data and asks for path.
func receiveStart(t *testing.T, u *UI, path string) {
	t.Helper()
	u.preview, u.passForm = nil, nil
	u.onReceive()
	if u.openForm == nil {
		t.Fatal("File > Receive data asked for no file")
	}
	typeInto(u.openForm.File, path)
	test.Tap(u.openForm.Open)
}

func TestSendAndReceiveThroughTheWindow(t *testing.T) {
	doan, _ := sampleUI(t)
	dir := t.TempDir()
	path := sendPackage(t, doan, "Lũng Nặm", "Cao Bằng 2026", dir)
	if doan.lastReport == nil || !strings.Contains(texts(doan.lastReport), "Buổi làm việc|1|") {
		t.Fatalf("report of the package: %v", texts(doan.lastReport))
	}

	xa, store := emptyUI(t)
	receiveStart(t, xa, path)
	if xa.passForm == nil {
		t.Fatal("an encrypted package asked no passphrase")
	}
	test.Type(xa.passForm.Entry, "sai mật khẩu")
	test.Tap(xa.passForm.Open)
	if xa.passForm == nil || !strings.Contains(xa.passForm.Message.Text, "Sai mật khẩu") {
		t.Fatal("a wrong passphrase was not told")
	}
	test.Type(xa.passForm.Entry, "Cao Bằng 2026")
	test.Tap(xa.passForm.Open)
	if xa.preview == nil {
		t.Fatal("no preview before receiving")
	}
	shown := texts(xa.preview.Counts)
	if !strings.Contains(shown, "Buổi làm việc|1|") {
		t.Fatalf("preview: %s", shown)
	}
	if vs, _ := store.Visits(context.Background(), db.VisitFilter{}); len(vs) != 0 {
		t.Fatal("the preview wrote records")
	}
	test.Tap(xa.preview.Receive)
	vs, _ := store.Visits(context.Background(), db.VisitFilter{})
	if len(vs) != 1 || vs[0].CommuneName != "Lũng Nặm" {
		t.Fatalf("visits received: %+v", vs)
	}
	if len(xa.nav.delegations) != 1 {
		t.Fatal("the tree does not show the delegation received")
	}

	// The same package again: nothing to change.
	receiveStart(t, xa, path)
	test.Type(xa.passForm.Entry, "Cao Bằng 2026")
	test.Tap(xa.passForm.Open)
	if xa.preview.Receive.Text != "Xong" {
		t.Fatalf("second receipt offers %q", xa.preview.Receive.Text)
	}
	test.Tap(xa.preview.Receive)
	xa.onExchangeLog()
	if n := strings.Count(texts(xa.lastReport), "Nhận từ"); n != 2 {
		t.Fatalf("log shows %d receipts:\n%s", n, texts(xa.lastReport))
	}
}

func TestConflictChosenInTheWindow(t *testing.T) {
	doan, doanStore, xa, xaStore, dir := exchangedWindows(t)
	ctx := context.Background()
	vs, _ := doanStore.Visits(ctx, db.VisitFilter{})
	for i, s := range []*db.Store{doanStore, xaStore} {
		v, err := db.Get[db.Visit](ctx, s, vs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		v.Place = []string{"Hội trường Đảng ủy", "Nhà văn hóa xã"}[i]
		if err := s.Save(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	receiveStart(t, xa, resend(t, doan, dir))
	if len(xa.preview.Conflicts) != 1 {
		t.Fatalf("%d conflicts shown", len(xa.preview.Conflicts))
	}
	pickIn(t, xa, xa.preview.Conflicts[0], "Giữ bản của máy này")
	test.Tap(xa.preview.Receive)
	v, _ := db.Get[db.Visit](ctx, xaStore, vs[0].ID)
	if v.Place != "Nhà văn hóa xã" {
		t.Fatalf("kept %q", v.Place)
	}
	if !strings.Contains(texts(xa.lastReport), "giữ bản của máy này") {
		t.Fatalf("report: %s", texts(xa.lastReport))
	}
}

func TestRefusedPackageSaysWhyInTheWindow(t *testing.T) {
	xa, store := emptyUI(t)
	bad := filepath.Join(t.TempDir(), "hỏng.giamsat")
	os.WriteFile(bad, []byte("PK\x03\x04 cut short"), 0o644)
	receiveStart(t, xa, bad)
	if xa.preview != nil || xa.lastReport == nil || !strings.Contains(texts(xa.lastReport), "không phải gói") {
		t.Fatalf("refusal: %v", texts(xa.lastReport))
	}
	if log, _ := store.Exchanges(context.Background()); len(log) != 0 {
		t.Fatal("a refused package is in the log")
	}
	// A path that is no file is told at once, in the question.
	receiveStart(t, xa, filepath.Join(t.TempDir(), "không có.giamsat"))
	if !strings.Contains(xa.openForm.Message.Text, "Không có tệp") {
		t.Fatalf("missing file: %q", xa.openForm.Message.Text)
	}
}

// texts is every label under o, each followed by "|".
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(c fyne.CanvasObject) {
		if l, ok := c.(*widget.Label); ok {
			b.WriteString(l.Text + "|")
		}
	})
	return b.String()
}

// Receiving while a record is open asks about its unsaved edits first, and
// the screen then shows the record as received.
func TestReceiveRefreshesTheRecordOnScreen(t *testing.T) {
	doan, doanStore, xa, _, dir := exchangedWindows(t)
	ctx := context.Background()

	vs, _ := doanStore.Visits(ctx, db.VisitFilter{})
	v, _ := db.Get[db.Visit](ctx, doanStore, vs[0].ID)
	v.Place = "Hội trường UBND xã"
	if err := doanStore.Save(ctx, v); err != nil {
		t.Fatal(err)
	}
	path := resend(t, doan, dir)

	node := visitNode + v.ID
	xa.tree.Select(node)
	f, ok := xa.form.(*forms.VisitForm)
	if !ok {
		t.Fatalf("the visit did not open: %T", xa.form)
	}
	test.Type(f.Conclusions, " Đang gõ dở")
	xa.prompt, xa.openForm = nil, nil
	xa.onReceive()
	if xa.prompt == nil || xa.openForm != nil {
		t.Fatal("receiving over unsaved edits asked nothing")
	}
	answer(t, xa, "discard")
	if xa.openForm == nil {
		t.Fatal("after discarding, no file was asked")
	}
	typeInto(xa.openForm.File, path)
	test.Tap(xa.openForm.Open)
	test.Tap(xa.preview.Receive)
	f, ok = xa.form.(*forms.VisitForm)
	if !ok || xa.selected != node {
		t.Fatalf("after receiving the screen shows %T %q", xa.form, xa.selected)
	}
	if f.Place.Text != "Hội trường UBND xã" {
		t.Fatalf("the form shows %q, not the place received", f.Place.Text)
	}
}

// The exchange dialogs answer the keyboard: Escape leaves the file question
// from its field, Enter receives from the preview and closes the report.
func TestExchangeDialogsFromTheKeyboard(t *testing.T) {
	doan, _ := sampleUI(t)
	xa, store := emptyUI(t)
	path := sendPackage(t, doan, "", "", t.TempDir())
	xa.onReceive()
	xa.openForm.File.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if xa.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape in the file field left the question open")
	}
	receiveStart(t, xa, path)
	if xa.preview == nil {
		t.Fatal("no preview")
	}
	press := func(k fyne.KeyName) { xa.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k}) }
	press(fyne.KeyReturn)
	if vs, _ := store.Visits(context.Background(), db.VisitFilter{}); len(vs) != 2 {
		t.Fatalf("Enter in the preview did not receive: %d visits", len(vs))
	}
	if xa.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no report after receiving")
	}
	press(fyne.KeyEscape)
	if xa.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape left the report open")
	}
}

// The recipient is a plain field until a package has been made; then the
// earlier recipients are offered in a drop-down.
func TestRecipientsSuggestedOnceThereAreSome(t *testing.T) {
	doan, _ := sampleUI(t)
	doan.onSend()
	if _, ok := doan.sendForm.recipient.(*widget.SelectEntry); ok {
		t.Fatal("an empty drop-down of recipients")
	}
	doan.sendForm.dialog.Hide()
	sendPackage(t, doan, "", "", t.TempDir())
	doan.onSend()
	se, ok := doan.sendForm.recipient.(*widget.SelectEntry)
	if !ok {
		t.Fatal("no drop-down of earlier recipients")
	}
	before := len(doan.win.Canvas().Overlays().List())
	test.Tap(se.ActionItem.(fyne.Tappable))
	if len(doan.win.Canvas().Overlays().List()) != before+1 || !strings.Contains(overlayTexts(doan), "UBND xã Lũng Nặm|") {
		t.Fatalf("the drop-down does not offer the earlier recipient: %s", overlayTexts(doan))
	}
}

// In the window, a field's own choice keeps both PCs' edits of one record.
func TestConflictFieldsChosenInTheWindow(t *testing.T) {
	doan, doanStore, xa, xaStore, dir := exchangedWindows(t)
	ctx := context.Background()
	vs, _ := doanStore.Visits(ctx, db.VisitFilter{})
	edit := func(s *db.Store, f func(v *db.Visit)) {
		v, _ := db.Get[db.Visit](ctx, s, vs[0].ID)
		f(v)
		if err := s.Save(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	edit(xaStore, func(v *db.Visit) { v.ChairedBy = "Bí thư Đảng ủy xã" })
	time.Sleep(2 * time.Millisecond)
	edit(doanStore, func(v *db.Visit) { v.Place = "Hội trường UBND xã" })
	receiveStart(t, xa, resend(t, doan, dir))
	if len(xa.preview.Fields) != 2 {
		t.Fatalf("%d field choices shown", len(xa.preview.Fields))
	}
	// Fields in column order: place, then chaired by. Keep this PC's chaired by.
	pickIn(t, xa, xa.preview.Fields[1], "Giữ bản của máy này")
	// The record's choice says what its fields make: some of each.
	if got := xa.preview.Conflicts[0].Selected; got != "" || xa.preview.Conflicts[0].PlaceHolder != "Ghép từng trường" {
		t.Fatalf("the record's choice reads %q beside fields chosen apart", got)
	}
	pickIn(t, xa, xa.preview.Fields[1], "Lấy bản nhận được")
	if got := xa.preview.Conflicts[0].Selected; got != "Lấy bản nhận được" {
		t.Fatalf("every field taken, the record's choice reads %q", got)
	}
	pickIn(t, xa, xa.preview.Fields[1], "Giữ bản của máy này")
	test.Tap(xa.preview.Receive)
	v, _ := db.Get[db.Visit](ctx, xaStore, vs[0].ID)
	if v.Place != "Hội trường UBND xã" || v.ChairedBy != "Bí thư Đảng ủy xã" {
		t.Fatalf("merged in the window: %q / %q", v.Place, v.ChairedBy)
	}
}

// Escape (or Enter) closes the About dialog.
func TestAboutClosesWithEscape(t *testing.T) {
	u, _ := sampleUI(t)
	u.showAbout()
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no About dialog")
	}
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape left the About dialog open")
	}
}

// A package's suggested file name carries its recipient, in characters
// every Windows accepts.
func TestPackageFileNameNamesTheRecipient(t *testing.T) {
	for in, want := range map[string]string{
		"UBND xã Lũng Nặm":          "UBND xã Lũng Nặm",
		"Đoàn 03/2026: Thông Nông?": "Đoàn 03-2026- Thông Nông-",
		"  hai   dấu cách ":         "hai dấu cách",
	} {
		if got := fileSafe(in); got != want {
			t.Errorf("fileSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
