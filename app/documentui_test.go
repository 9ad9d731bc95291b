package app

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/report"
	"giamsat/db"
	"giamsat/forms"
)

// The report is drafted from the delegation's toolbar as a user does it:
// the button, the save question with its annex ticked, then the files;
// done again, the question lists both files it would replace.
func TestDraftReportFromTheWindow(t *testing.T) {
	u, _ := sampleUI(t)
	dir := t.TempDir()
	u.tree.Select(u.nav.childIDs("")[0])
	test.Tap(button(t, u, "Soạn báo cáo (Word)…"))
	if u.saveForm == nil || u.annexCheck == nil || !u.annexCheck.Checked {
		t.Fatal("no save question with the annex ticked")
	}
	if !strings.HasSuffix(u.saveForm.File.Text, ".docx") || !strings.HasPrefix(u.saveForm.File.Text, "bao-cao-giam-sat-doan-03-") {
		t.Errorf("proposed file name %q", u.saveForm.File.Text)
	}
	typeInto(u.saveForm.Folder, dir)
	typeInto(u.saveForm.File, "báo cáo")
	typeInto(u.signingDate, "01/12/2026")
	answer(t, u, "save")
	docx, annex := filepath.Join(dir, "báo cáo.docx"), filepath.Join(dir, "báo cáo-phu-luc.xlsx")
	body := docxText(t, docx)
	for _, want := range []string{"Cao Bằng, ngày 01 tháng 12 năm 2026", "Phụ lục kèm theo", "122 đại biểu", "Nông Thanh Tùng"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if _, err := os.Stat(annex); err != nil {
		t.Fatalf("no annex beside the report: %v", err)
	}
	if u.lastDone == nil || !strings.Contains(u.lastDone.Text, docx) || !strings.Contains(u.lastDone.Text, annex) {
		t.Fatalf("the message after drafting: %v", u.lastDone)
	}

	// Again: both files are there, and the question names them.
	before, _ := os.ReadFile(annex)
	test.Tap(button(t, u, "Soạn báo cáo (Word)…"))
	typeInto(u.saveForm.Folder, dir)
	typeInto(u.saveForm.File, "báo cáo")
	answer(t, u, "save")
	if got := overlayTexts(u); !strings.Contains(got, docx) || !strings.Contains(got, annex) {
		t.Fatalf("the replace question does not name both files: %q", got)
	}
	answer(t, u, "cancel")
	if after, _ := os.ReadFile(annex); string(after) != string(before) {
		t.Fatal("cancelling the replace question changed the annex")
	}

	// Without the annex, the report does not name one.
	test.Tap(button(t, u, "Soạn báo cáo (Word)…"))
	typeInto(u.saveForm.Folder, dir)
	typeInto(u.saveForm.File, "không phụ lục")
	test.Tap(u.annexCheck)
	answer(t, u, "save")
	if body := docxText(t, filepath.Join(dir, "không phụ lục.docx")); strings.Contains(body, "Phụ lục") {
		t.Error("a report without annex names one")
	}
	if _, err := os.Stat(filepath.Join(dir, "không phụ lục-phu-luc.xlsx")); err == nil {
		t.Error("an annex written when it was not asked for")
	}
}

// The notice is drafted from the visit's toolbar; an edit not yet saved is
// saved first (the question asks), so the notice says what is on screen.
func TestDraftNoticeSavesTheScreenFirst(t *testing.T) {
	u, s := sampleUI(t)
	dir := t.TempDir()
	lung := visitNodes(u)[0]
	u.tree.Select(lung)
	f, ok := u.form.(*forms.VisitForm)
	if !ok {
		t.Fatalf("form on screen is %T", u.form)
	}
	typeInto(f.Place, "Nhà văn hóa thôn Nà Lạn")
	test.Tap(button(t, u, "Soạn thông báo kết luận…"))
	answer(t, u, "save")
	if v := visitDetail(t, s, lung); v.Visit.Place != "Nhà văn hóa thôn Nà Lạn" {
		t.Fatalf("the edit was not saved first: %q", v.Visit.Place)
	}
	if u.saveForm == nil || !strings.HasPrefix(u.saveForm.File.Text, "thong-bao-ket-luan-lung-nam-") {
		t.Fatalf("proposed file name %v", u.saveForm)
	}
	typeInto(u.saveForm.Folder, dir)
	typeInto(u.saveForm.File, "thông báo")
	answer(t, u, "save")
	body := docxText(t, filepath.Join(dir, "thông báo.docx"))
	for _, want := range []string{"THÔNG BÁO", "tại xã Lũng Nặm", "tại Nhà văn hóa thôn Nà Lạn", "122 đại biểu"} {
		if !strings.Contains(body, want) {
			t.Errorf("the notice lacks %q", want)
		}
	}
	if strings.Contains(body, "110 đại biểu") {
		t.Error("the notice to Lũng Nặm says Thông Nông's figures")
	}
}

// From the File menu with nothing open, the documents say what to open.
func TestDraftMenuItemsSayWhatToOpen(t *testing.T) {
	u, _ := sampleUI(t)
	u.showCommunes()
	u.onDraftReport()
	if got := overlayTexts(u); !strings.Contains(got, "Hãy mở một đoàn giám sát trước") {
		t.Fatalf("the report with no delegation open: %q", got)
	}
	u.onDraftNotice()
	if got := overlayTexts(u); !strings.Contains(got, "Hãy mở một buổi làm việc đã lưu trước") {
		t.Fatalf("the notice with no visit open: %q", got)
	}
}

// A PC without a program for the file says so in the window's language,
// not with the system's "exec: …" line.
func TestOpenFileErrorSpeaksTheUsersLanguage(t *testing.T) {
	was := opener
	t.Cleanup(func() { opener = was })
	opener = func(path string) *exec.Cmd { return exec.Command(filepath.Join(t.TempDir(), "no-such-opener"), path) }
	err := openFile("/tmp/báo cáo.docx")
	var ue interface{ Message(string) string }
	if !errors.As(err, &ue) {
		t.Fatalf("openFile without an opener: %v", err)
	}
	if got := ue.Message("vi"); !strings.Contains(got, "Không mở được /tmp/báo cáo.docx") || strings.Contains(got, "exec:") {
		t.Errorf("the message: %q", got)
	}
}

// After an export the window says what was exported in words, without the
// rows per sheet the command line prints.
func TestExportMessageIsPlain(t *testing.T) {
	res := &report.Result{Path: "x.xlsx", Delegations: 1, Communes: 2, Visits: 2,
		Sheets: []report.SheetCount{{Sheet: "Tổng hợp", Rows: 2}, {Sheet: "Hội nghị", Rows: 6}}}
	got := res.Brief("vi")
	if got != "1 đoàn giám sát, 2 xã, 2 buổi làm việc.\nCác trang trong tệp: Tổng hợp, Hội nghị." {
		t.Errorf("the message: %q", got)
	}
}

// The save question from the keyboard: Enter in any field saves, Escape in
// any field cancels; a folder that is not there keeps the question open
// with what was typed; the next question proposes the folder saved to.
func TestSaveQuestionFromTheKeyboard(t *testing.T) {
	u, _ := sampleUI(t)
	dir := t.TempDir()
	var got string
	use := func(p string) { got = p }

	u.askSavePath("Xuất", "x.xlsx", ".xlsx", true, use)
	if n := len(u.win.Canvas().Overlays().List()); n != 1 {
		t.Fatalf("%d dialogs shown", n)
	}
	u.win.Canvas().Focus(u.saveForm.Folder) // the field itself, as a click gives it
	folder := u.win.Canvas().Focused()
	folder.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if n := len(u.win.Canvas().Overlays().List()); got != "" || n != 0 {
		t.Fatalf("Escape in the folder field: path %q, %d dialogs still shown", got, n)
	}

	u.askSavePath("Xuất", "x.xlsx", ".xlsx", true, use)
	typeInto(u.saveForm.Folder, filepath.Join(dir, "không có"))
	u.saveForm.Folder.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got != "" || !strings.Contains(overlayTexts(u), "Thư mục không tồn tại") || u.saveForm.Folder.Text != filepath.Join(dir, "không có") {
		t.Fatalf("a folder that is not there: path %q; dialogs %q", got, overlayTexts(u))
	}
	typeInto(u.saveForm.Folder, dir)
	u.saveForm.Folder.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got != filepath.Join(dir, "x.xlsx") {
		t.Fatalf("Enter in the folder field: path %q", got)
	}

	got = ""
	u.askSavePath("Xuất", "y.xlsx", ".xlsx", true, use)
	if u.saveForm.Folder.Text != dir {
		t.Errorf("the next question proposes %q, not the folder saved to", u.saveForm.Folder.Text)
	}
}

// A dialog shown from another's button: the new one answers Escape (an
// error shown from "Open the file" used to lose the keys to the closing
// dialog's, and only a click closed it).
func TestEscapeClosesTheDialogOnTop(t *testing.T) {
	u, _ := sampleUI(t)
	c := u.win.Canvas()
	first := dialog.NewCustomConfirm("first", "Mở tệp", "Đóng", widget.NewLabel("first"), func(yes bool) {
		if yes {
			u.showError(errors.New("on top"))
		}
	}, u.win)
	u.dialogKeys(first, first.Hide, first.Hide)
	first.Show()
	var open *widget.Button
	walk(c.Overlays().Top(), func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Mở tệp" {
			open = b
		}
	})
	if open == nil {
		t.Fatal("no button")
	}
	test.Tap(open)
	if n := len(c.Overlays().List()); n != 1 {
		t.Fatalf("%d dialogs shown, want the error", n)
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if n := len(c.Overlays().List()); n != 0 {
		t.Fatalf("Escape left %d dialogs", n)
	}
}

// In the new-commune dialog over a visit, Ctrl+S and Enter save the
// commune (not the visit behind it) and Escape cancels.
func TestNewCommuneDialogKeys(t *testing.T) {
	u, s := sampleUI(t)
	u.tree.Select(visitNodes(u)[0])
	f := u.form.(*forms.VisitForm)
	count := func() int {
		cs, err := s.Communes(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		return len(cs)
	}
	before := count()

	test.Tap(f.AddCommune)
	test.Type(f.CommuneForm.Name, "Xã Cần Yên")
	u.onSave() // Ctrl+S, the File menu's shortcut
	if count() != before+1 || f.CommuneForm != nil {
		t.Fatalf("Ctrl+S in the dialog: %d communes, the dialog still open: %v", count(), f.CommuneForm != nil)
	}
	if f.Dirty() == false {
		t.Error("the new commune is not chosen in the visit")
	}
	if v := visitDetail(t, s, visitNodes(u)[0]); v.Commune.Name == "Xã Cần Yên" {
		t.Error("Ctrl+S saved the visit behind the dialog")
	}

	// Enter on the button that has the keyboard opens the dialog, as Space.
	u.win.Canvas().Focus(f.AddCommune)
	f.AddCommune.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.CommuneForm == nil {
		t.Fatal("Enter on 'Thêm xã…' did not open the dialog")
	}
	test.Type(f.CommuneForm.Name, "Xã Hà Quảng")
	f.CommuneForm.Name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if count() != before+2 || f.CommuneForm != nil {
		t.Fatalf("Enter in the name: %d communes", count())
	}

	test.Tap(f.AddCommune)
	test.Type(f.CommuneForm.Name, "Xã Bỏ Đi")
	f.CommuneForm.Name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) // in the field that has the keyboard
	if count() != before+2 || f.CommuneForm != nil || len(u.win.Canvas().Overlays().List()) != 0 {
		t.Fatalf("Escape: %d communes, dialog open %v", count(), f.CommuneForm != nil)
	}
}

// Ctrl+F, a name, Enter: the first visit found opens; a delegation chosen
// in the tree shows its visits.
func TestSearchEnterOpensWhatIsFound(t *testing.T) {
	u, _ := sampleUI(t)
	u.win.Canvas().Focus(u.search)
	test.Type(u.search, "thong nong")
	u.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f, ok := u.form.(*forms.VisitForm)
	if !ok {
		t.Fatalf("Enter in the search opened %T", u.form)
	}
	if v, _ := f.Visit(); v.CommuneID == "" || !strings.Contains(f.Title.Text, "Thông Nông") {
		t.Errorf("Enter opened %q", f.Title.Text)
	}
	if u.win.Canvas().Focused() != u.tree {
		t.Error("the keyboard did not go to the tree")
	}

	typeInto(u.search, "")
	d := u.nav.childIDs("")[0]
	u.tree.CloseBranch(d)
	u.tree.Select(d)
	if !u.tree.IsBranchOpen(d) {
		t.Error("choosing a delegation does not show its visits")
	}
}

// At first start the keyboard is on "Create the first delegation", and
// Enter presses it, as a desktop program's buttons take Enter.
func TestFirstStartEnterCreates(t *testing.T) {
	u, _ := emptyUI(t)
	b, ok := u.win.Canvas().Focused().(*forms.Button)
	if !ok || b.Text != "Tạo đoàn giám sát đầu tiên" {
		t.Fatalf("at first start the keyboard is on %T", u.win.Canvas().Focused())
	}
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if _, ok := u.form.(*forms.DelegationForm); !ok {
		t.Fatalf("Enter on the focused button opened %T", u.form)
	}
}

// Shift+Tab from a form's first field reaches its toolbar, not the left
// pane's buttons.
func TestShiftTabFromTheFormReachesItsToolbar(t *testing.T) {
	u, _ := sampleUI(t)
	u.tree.Select(u.nav.childIDs("")[0])
	f := u.form.(*forms.DelegationForm)
	c := u.win.Canvas()
	c.Focus(f.Number)
	c.FocusPrevious()
	b, ok := c.Focused().(*forms.Button)
	if !ok || b.Text != "Xóa đoàn" {
		t.Fatalf("Shift+Tab from the number reached %T %v", c.Focused(), c.Focused())
	}
}

// The first commune of a new database is in the delegation's province,
// read from the body that set the delegation up ("Tỉnh ủy Cao Bằng").
func TestFirstCommuneInTheDelegationsProvince(t *testing.T) {
	u, s := emptyUI(t)
	d := db.Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng"}
	if err := s.Save(context.Background(), &d); err != nil {
		t.Fatal(err)
	}
	u.newVisit(d)
	f := u.form.(*forms.VisitForm)
	test.Tap(f.AddCommune)
	if f.CommuneForm == nil || f.CommuneForm.Province.Text != "Cao Bằng" {
		t.Fatalf("the first commune's province: %v", f.CommuneForm)
	}
}
