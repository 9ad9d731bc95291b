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
	"github.com/xuri/excelize/v2"

	"giamsat/db"
	"giamsat/forms"
)

// sampleUI opens the main window on a database holding the sample data.
func sampleUI(t *testing.T) (*UI, *db.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ui.db")
	s, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadSample(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
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

func visitNodes(u *UI) []string {
	var out []string
	for _, d := range u.nav.childIDs("") {
		out = append(out, u.nav.childIDs(d)...)
	}
	return out
}

// buttonIn finds the button with text among objects shown in o.

func TestUnsavedChangesPrompt(t *testing.T) {
	u, s := sampleUI(t)
	nodes := visitNodes(u)
	if len(nodes) != 2 {
		t.Fatalf("%d visits in the tree", len(nodes))
	}
	lung, thong := nodes[0], nodes[1]

	edit := func() *forms.VisitForm {
		f, ok := u.form.(*forms.VisitForm)
		if !ok {
			t.Fatalf("form on screen is %T", u.form)
		}
		f.Place.SetText("Nhà văn hóa xã")
		return f
	}

	// Go back: the form stays, with the change, and the tree keeps its node.
	u.tree.Select(lung)
	edit()
	u.prompt = nil
	u.tree.Select(thong)
	if u.prompt == nil {
		t.Fatal("switching with unsaved changes asked nothing")
	}
	answer(t, u, "back")
	if f := u.form.(*forms.VisitForm); f.Place.Text != "Nhà văn hóa xã" || u.selected != lung {
		t.Fatalf("go back lost the edit or moved: %q %s", f.Place.Text, u.selected)
	}

	// Discard: the change is dropped and the other visit opens.
	u.tree.Select(thong)
	answer(t, u, "discard")
	if u.selected != thong {
		t.Fatalf("discard did not move on")
	}
	if v := visitDetail(t, s, lung); v.Visit.Place == "Nhà văn hóa xã" {
		t.Fatal("discarded change was saved")
	}

	// Save: the change is stored and the other visit opens.
	edit()
	u.tree.Select(lung)
	answer(t, u, "save")
	if u.selected != lung {
		t.Fatal("save did not move on")
	}
	if v := visitDetail(t, s, thong); v.Visit.Place != "Nhà văn hóa xã" {
		t.Fatalf("saved place %q", v.Visit.Place)
	}
}

func visitDetail(t *testing.T, s *db.Store, node string) *db.VisitDetail {
	t.Helper()
	d, err := s.VisitDetail(context.Background(), node[len(visitNode):])
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// answer presses the answer named key of the last question.
func answer(t *testing.T, u *UI, key string) {
	t.Helper()
	if u.prompt == nil || u.prompt.Buttons[key] == nil {
		t.Fatalf("no question with the answer %q", key)
	}
	p := u.prompt
	u.prompt = nil
	test.Tap(p.Buttons[key])
}

func TestDeleteVisitRemovesItsRecords(t *testing.T) {
	u, s := sampleUI(t)
	ctx := context.Background()
	node := visitNodes(u)[0]
	id := node[len(visitNode):]
	u.tree.Select(node)
	v, _ := db.Get[db.Visit](ctx, s, id)
	u.confirmDelete(v, "buổi làm việc tại xã Lũng Nặm")
	answer(t, u, "delete")
	if _, err := db.Get[db.Visit](ctx, s, id); err == nil {
		t.Fatal("visit still there")
	}
	for _, n := range []func() (int, error){
		func() (int, error) { x, err := s.Sessions(ctx, id); return len(x), err },
		func() (int, error) { x, err := s.IndicatorValues(ctx, id); return len(x), err },
		func() (int, error) { x, err := s.Difficulties(ctx, id); return len(x), err },
		func() (int, error) { x, err := s.Requests(ctx, id); return len(x), err },
	} {
		if c, err := n(); err != nil || c != 0 {
			t.Fatalf("%d records left (%v)", c, err)
		}
	}
	if len(visitNodes(u)) != 1 {
		t.Fatalf("tree still shows %d visits", len(visitNodes(u)))
	}
}

func TestLanguageSwitchChangesLabels(t *testing.T) {
	u, _ := sampleUI(t)
	t.Cleanup(func() { SetLanguage("vi") })
	if got := u.win.MainMenu().Items[0].Label; got != "Tệp" {
		t.Fatalf("menu %q", got)
	}
	u.tree.Select(visitNodes(u)[0])
	if u.search.PlaceHolder != "Tìm kiếm (ví dụ: thong nong)" {
		t.Fatalf("search %q", u.search.PlaceHolder)
	}
	u.setLanguage("en")
	if got := u.win.MainMenu().Items[0].Label; got != "File" {
		t.Fatalf("menu after switch %q", got)
	}
	if u.search.PlaceHolder != "Search (e.g. thong nong)" {
		t.Fatalf("search after switch %q", u.search.PlaceHolder)
	}
	if got := u.nav.label(u.nav.childIDs("")[0]); got[:len("Delegation No. 03")] != "Delegation No. 03" {
		t.Fatalf("tree label %q", got)
	}
	if u.app.Preferences().String(prefLanguage) != "en" {
		t.Fatal("choice not remembered")
	}
	u.setLanguage("vi")
	if got := u.win.MainMenu().Items[0].Label; got != "Tệp" {
		t.Fatalf("menu back %q", got)
	}
}

func TestSearchFiltersWithoutDiacritics(t *testing.T) {
	u, _ := sampleUI(t)
	test.Type(u.search, "thong nong")
	nodes := visitNodes(u)
	if len(nodes) != 1 || u.nav.label(nodes[0]) != "19/11/2026 · Thông Nông" {
		t.Fatalf("filtered %v", nodes)
	}
	u.search.SetText("")
	if len(visitNodes(u)) != 2 {
		t.Fatal("clearing the search does not bring everything back")
	}
}

func TestFileDialogSpeaksVietnamese(t *testing.T) {
	u, _ := sampleUI(t)
	u.onOpenDatabase()
	markup := test.RenderToMarkup(u.win.Canvas())
	for _, want := range []string{"Thư mục cá nhân", "Mở Tệp", "Hủy"} {
		if !strings.Contains(markup, want) {
			t.Errorf("the file dialog does not show %q", want)
		}
	}
	for _, english := range []string{">Home<", ">Cancel<", ">Open File<"} {
		if strings.Contains(markup, english) {
			t.Errorf("the file dialog shows %s", english)
		}
	}
}

func TestCommuneCatalogue(t *testing.T) {
	u, s := sampleUI(t)
	u.showCommunes()
	f, ok := u.form.(*forms.CommuneForm)
	if !ok {
		t.Fatalf("form on screen is %T", u.form)
	}
	test.Type(f.Name, "Đa Thông")
	test.Tap(f.SaveButton)
	got, _ := s.Communes(context.Background(), "da thong")
	if len(got) != 1 || got[0].Province != "Cao Bằng" {
		t.Fatalf("communes %+v", got)
	}
	if u.formKind != "commune" || u.formID != got[0].ID {
		t.Fatalf("after saving the screen shows %s %s", u.formKind, u.formID)
	}
	u.showIndicators()
	if _, ok := u.form.(*forms.IndicatorForm); !ok || u.formID == "" {
		t.Fatalf("indicator catalogue opens %T %q", u.form, u.formID)
	}
}

// Saving over a file asks first and leaves the file as it was until the
// program writes it; a new database never takes an existing name.
func TestSavePathTouchesNothing(t *testing.T) {
	u, _ := sampleUI(t)
	dir := t.TempDir()
	old := filepath.Join(dir, "báo cáo.xlsx")
	if err := os.WriteFile(old, []byte("previous report"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got string
	u.askSavePath("Xuất", "x.xlsx", ".xlsx", true, func(p string) { got = p })
	u.saveForm.Folder.SetText(dir)
	u.saveForm.File.SetText("báo cáo")
	answer(t, u, "save")
	if got != "" {
		t.Fatal("an existing file was taken without asking")
	}
	answer(t, u, "replace")
	if got != old {
		t.Fatalf("path %q, want %q", got, old)
	}
	if b, _ := os.ReadFile(old); string(b) != "previous report" {
		t.Fatalf("the dialog changed the file: %q", b)
	}

	got = ""
	u.askSavePath("Mới", "giamsat-moi.db", ".db", false, func(p string) { got = p })
	u.saveForm.Folder.SetText(dir)
	u.saveForm.File.SetText("báo cáo.xlsx")
	u.saveForm.File.SetText("mới")
	answer(t, u, "save")
	if got != filepath.Join(dir, "mới.db") {
		t.Fatalf("new database path %q", got)
	}
	if _, err := os.Stat(got); !os.IsNotExist(err) {
		t.Fatal("the question created the file")
	}
	os.WriteFile(got, []byte("x"), 0o644)
	got = ""
	u.askSavePath("Mới", "mới.db", ".db", false, func(p string) { got = p })
	u.saveForm.Folder.SetText(dir)
	answer(t, u, "save")
	if got != "" {
		t.Fatal("a new database took an existing file")
	}
}

// The export asks the signing date with the file name: a date that is not
// one keeps the question open; the date typed is the report's.
func TestExportAsksTheSigningDate(t *testing.T) {
	u, _ := sampleUI(t)
	dir := t.TempDir()
	u.startExport(nil)
	if u.signingDate == nil || u.signingDate.Text != db.DateOf(time.Now()).String() {
		t.Fatalf("the signing date is not asked, or not today: %v", u.signingDate)
	}
	u.saveForm.Folder.SetText(dir)
	u.saveForm.File.SetText("báo cáo")
	u.win.Canvas().Focus(u.signingDate)
	u.signingDate.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Type(u.signingDate, "31/02/2026")
	question := u.prompt
	answer(t, u, "save")
	if _, err := os.Stat(filepath.Join(dir, "báo cáo.xlsx")); err == nil {
		t.Fatal("exported with a signing date that is not a date")
	}
	if got := overlayTexts(u); !strings.Contains(got, "Ngày ký: Không có ngày 31/02/2026") {
		t.Fatalf("no message about the date; dialogs say %q", got)
	}
	u.win.Canvas().Focus(u.signingDate)
	u.signingDate.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Type(u.signingDate, "01/12/2026")
	u.prompt = question // still open
	answer(t, u, "save")
	path := filepath.Join(dir, "báo cáo.xlsx")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetList()[0])
	var all strings.Builder
	for _, r := range rows {
		all.WriteString(strings.Join(r, "|"))
	}
	if !strings.Contains(all.String(), "ngày 01 tháng 12 năm 2026") {
		t.Fatalf("the signing date is not on the report: %s", all.String())
	}
}
