package app

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
	"giamsat/forms"
)

// walk visits every object drawn under o.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, fn)
		}
	}
}

// button finds the button labelled text on the window.
func button(t *testing.T, u *UI, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*forms.Button); ok && b.Text == text && found == nil {
			found = &b.Button // Enter and Space press it too; a tap is a tap
		}
		if b, ok := o.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q on the window", text)
	}
	return found
}

// shownTexts is every text drawn on the window's overlays (dialogs).
func overlayTexts(u *UI) string {
	var b strings.Builder
	for _, o := range u.win.Canvas().Overlays().List() {
		walk(o, func(c fyne.CanvasObject) {
			if t, ok := c.(*canvas.Text); ok {
				b.WriteString(t.Text + "|")
			}
			if l, ok := c.(*widget.Label); ok {
				b.WriteString(l.Text + "|")
			}
		})
	}
	return b.String()
}

func TestSavedVisitShowsInItsOpenedBranch(t *testing.T) {
	u, s := sampleUI(t)
	ctx := context.Background()
	d, _ := s.ResolveDelegation(ctx, "03")
	u.tree.CloseAllBranches()
	u.newVisit(*d)
	f, ok := u.form.(*forms.VisitForm)
	if !ok {
		t.Fatalf("form %T", u.form)
	}
	f.Commune.SetSelectedIndex(0)
	test.Type(f.Date.Entry, "21/11/2026")
	test.Tap(f.SaveButton)
	saved, ok := u.form.(*forms.VisitForm)
	if !ok || saved.ID() == "" {
		t.Fatalf("after saving the form is %T", u.form)
	}
	if !u.tree.IsBranchOpen(delegationNode + d.ID) {
		t.Fatal("the new visit sits under a closed delegation")
	}
	if u.selected != visitNode+saved.ID() {
		t.Fatalf("the tree shows %s, not the saved visit", u.selected)
	}
	if saved.Title.Text == "Thêm buổi làm việc" || !strings.Contains(saved.Title.Text, "21/11/2026") {
		t.Fatalf("title %q after saving", saved.Title.Text)
	}
}

func TestSaveWhenLeavingKeepsTheTreeOnTheTarget(t *testing.T) {
	u, _ := sampleUI(t)
	nodes := visitNodes(u)
	u.tree.Select(nodes[0])
	u.form.(*forms.VisitForm).Place.SetText("Nhà văn hóa xã")
	u.tree.Select(nodes[1])
	answer(t, u, "save")
	if u.selected != nodes[1] || u.formID != strings.TrimPrefix(nodes[1], visitNode) {
		t.Fatalf("tree on %s, form %s; want %s", u.selected, u.formID, nodes[1])
	}
}

func TestCatalogueNewAsksBeforeDroppingEdits(t *testing.T) {
	u, s := sampleUI(t)
	u.showCommunes()
	f, ok := u.form.(*forms.CommuneForm)
	if !ok {
		t.Fatalf("form %T", u.form)
	}
	test.Type(f.Name, "Cần Yên")
	test.Type(f.Notes, "Xã biên giới")
	u.prompt = nil
	test.Tap(button(t, u, "Thêm xã"))
	if u.prompt == nil {
		t.Fatal("New replaced a form with unsaved edits without asking")
	}
	answer(t, u, "save")
	list, _ := s.Communes(context.Background(), "")
	notes := ""
	for _, c := range list {
		notes += c.Notes
	}
	if !strings.Contains(notes, "Xã biên giới") {
		t.Fatal("the edit was not saved")
	}
	if nf, ok := u.form.(*forms.CommuneForm); !ok || nf.Name.Text != "" {
		t.Fatal("New did not open a blank commune after saving")
	}
}

func TestStatusCountsInBothLanguages(t *testing.T) {
	u, _ := sampleUI(t)
	if !strings.HasPrefix(u.status.Text, "1 đoàn giám sát, 2 buổi làm việc") {
		t.Fatalf("status %q", u.status.Text)
	}
	u.setLanguage("en")
	defer u.setLanguage("vi")
	if !strings.HasPrefix(u.status.Text, "1 delegation, 2 visits") {
		t.Fatalf("status %q", u.status.Text)
	}
	if got := counted(20000, "{{.N}} visit", "{{.N}} visits"); got != "20,000 visits" {
		t.Fatalf("counted %q", got)
	}
}

func TestLanguageSwitchKeepsTheRecordOnScreen(t *testing.T) {
	u, _ := sampleUI(t)
	node := visitNodes(u)[1]
	u.tree.Select(node)
	u.setLanguage("en")
	defer u.setLanguage("vi")
	f, ok := u.form.(*forms.VisitForm)
	if !ok || visitNode+f.ID() != node {
		t.Fatalf("after switching, the right pane holds %T", u.form)
	}
	if !strings.HasPrefix(f.Title.Text, "Visit to") {
		t.Fatalf("title %q", f.Title.Text)
	}
	// On the tab it was on, its delegation open in the tree.
	f.Tabs.SelectIndex(3)
	u.setLanguage("vi")
	if parent := delegationNode + visitDelegation(u, f.ID()); !u.tree.IsBranchOpen(parent) {
		t.Fatal("the visit's delegation is closed in the tree after switching")
	}
	if f, ok := u.form.(*forms.VisitForm); !ok {
		t.Fatalf("after switching back, the right pane holds %T", u.form)
	} else if f.Tabs.SelectedIndex() != 3 {
		t.Fatalf("after switching back, the visit is on tab %d", f.Tabs.SelectedIndex())
	}
	u.setLanguage("en")
	u.showIndicators()
	u.setLanguage("vi")
	if _, ok := u.form.(*forms.IndicatorForm); !ok {
		t.Fatalf("after switching, the catalogue became %T", u.form)
	}
}

func TestTreeFromTheKeyboard(t *testing.T) {
	u, _ := sampleUI(t)
	c := u.win.Canvas()
	c.Focus(u.search)
	test.Type(u.search, "thong nong")
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if c.Focused() != u.tree {
		t.Fatalf("Down in the search left the keyboard on %T", c.Focused())
	}
	// The cursor starts on the delegation; Down moves to its visit.
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	f, ok := u.form.(*forms.VisitForm)
	if !ok || !strings.Contains(f.Title.Text, "Thông Nông") {
		t.Fatalf("Enter in the tree opened %T", u.form)
	}
}

func TestQuitHasCtrlQ(t *testing.T) {
	u, _ := sampleUI(t)
	for _, item := range u.win.MainMenu().Items[0].Items {
		if item.IsQuit {
			sc, ok := item.Shortcut.(*desktop.CustomShortcut)
			if !ok || sc.KeyName != fyne.KeyQ {
				t.Fatalf("Quit's shortcut is %v", item.Shortcut)
			}
			return
		}
	}
	t.Fatal("no Quit in the File menu")
}

// TestPanicInAJobIsAMessage: a fault in background work shows an error and
// the window stays.
func TestPanicInAJobIsAMessage(t *testing.T) {
	u, _ := sampleUI(t)
	u.run(func() { panic("boom") }, func() { t.Error("done ran after a panic") })
	if got := overlayTexts(u); !strings.Contains(got, "boom") {
		t.Fatalf("no message about the fault; dialogs say %q", got)
	}

	// The same off the UI goroutine.
	failed := make(chan error, 1)
	j := newJobs(false, func(err error) { failed <- err })
	j.run(func() { panic("boom again") }, func() { t.Error("done ran after a panic") })
	select {
	case err := <-failed:
		var ue *db.UserError
		if !errors.As(err, &ue) || !strings.Contains(ue.Message("vi"), "boom again") {
			t.Fatalf("error %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the panic was not reported")
	}
}

// A panic in a form's save reaches the form as the save's error (so the
// form stops saving and keeps what was typed), through the same handler.
func TestPanicInASaveReachesTheForm(t *testing.T) {
	j := newJobs(true, func(error) { t.Error("a save's panic went to the window, not to the form") })
	var got error
	j.try(func() error { panic("boom in a save") }, func(err error) { got = err })
	var ue *db.UserError
	if !errors.As(got, &ue) || !strings.Contains(ue.Message("en"), "boom in a save") {
		t.Fatalf("the form was told %v", got)
	}
	want := errors.New("disk full")
	j.try(func() error { return want }, func(err error) { got = err })
	if got != want {
		t.Fatalf("the form was told %v, not the save's own error", got)
	}
}

// TestClosingWaitsForRunningWork: the store is closed only once the work
// using it has ended, and done is not run on a closing window.
func TestClosingWaitsForRunningWork(t *testing.T) {
	var ended atomic.Bool
	started := make(chan struct{})
	j := newJobs(false, func(error) {})
	j.run(func() {
		close(started)
		time.Sleep(200 * time.Millisecond)
		ended.Store(true)
	}, func() { t.Error("done ran on a closing window") })
	<-started
	if !j.stop(10 * time.Second) {
		t.Fatal("stop gave up")
	}
	if !ended.Load() {
		t.Fatal("stop returned before the work ended")
	}
	if j.ctx.Err() == nil {
		t.Fatal("the jobs' context is not cancelled")
	}
	time.Sleep(50 * time.Millisecond) // let a wrongly queued done run
}

// TestSecondWindowOpensReadOnly: a database another window has open is
// offered for reading only, and nothing can be saved into it from here.
func TestSecondWindowOpensReadOnly(t *testing.T) {
	first, _ := sampleUI(t)
	path := first.path
	if first.lock == nil {
		t.Fatal("the first window holds no lock")
	}
	a := test.NewTempApp(t)
	w := a.NewWindow("Giám sát")
	second := newUI(a, w, Options{DBPath: path, Lang: "vi"}, true)
	t.Cleanup(second.closeStore)
	if second.store != nil {
		t.Fatal("the second window opened the database for writing")
	}
	if !strings.Contains(overlayTexts(second), "đang được mở trong một cửa sổ Giám sát khác") {
		t.Fatalf("the second window said %q", overlayTexts(second))
	}
	answer(t, second, "readonly")
	if second.store == nil || !second.readOnly {
		t.Fatal("not opened for reading only")
	}
	if len(visitNodes(second)) != 2 {
		t.Fatal("the read-only window shows no visits")
	}
	if !second.newDelegation.Disabled() || second.communesButton.Disabled() {
		t.Fatal("the read-only window offers to write, or hides the catalogues")
	}
	second.tree.Select(visitNodes(second)[0])
	if f, ok := second.form.(*forms.VisitForm); !ok || !f.SaveButton.Disabled() {
		t.Fatal("a read-only visit can be saved")
	} else {
		test.Type(f.Place, "x")
		if !f.SaveButton.Disabled() {
			t.Fatal("Save enabled after typing in a read-only window")
		}
	}
	err := second.store.Save(context.Background(), &db.Commune{Name: "X", Kind: "commune"})
	if !errors.Is(err, db.ErrReadOnlyStore) {
		t.Fatalf("a save from the read-only window: %v", err)
	}
	// Cancelling in a third window leaves nothing that would act on no
	// database.
	third := newUI(a, a.NewWindow("Giám sát"), Options{DBPath: path, Lang: "vi"}, true)
	answer(t, third, "cancel")
	if !third.newDelegation.Disabled() || !third.communesButton.Disabled() || !third.indicatorsButton.Disabled() {
		t.Fatal("buttons enabled without a database")
	}
	// Once the first window closes, the lock is free again.
	first.shutdown()
	l, holder, err := lockDatabase(path)
	if err != nil || holder != nil || l == nil {
		t.Fatalf("lock after closing: %v %v", holder, err)
	}
	l.release()
}

// TestPreloadedTreeSpeaksTheWindowsLanguage: the navigation read before the
// window set its language is labelled again in it.
func TestPreloadedTreeSpeaksTheWindowsLanguage(t *testing.T) {
	u, _ := sampleUI(t)
	path := u.path
	u.shutdown()
	SetLanguage("en") // what the preload's labels are made in
	Preload(path)
	<-preloaded.done // read before the window exists, as at a real start
	a := test.NewTempApp(t)
	w := a.NewWindow("Giám sát")
	v := newUI(a, w, Options{DBPath: path, Lang: "vi"}, true)
	t.Cleanup(v.shutdown)
	// The preload is awaited by the (synchronous, in tests) open.
	ids := v.nav.childIDs("")
	if len(ids) != 1 || !strings.HasPrefix(v.nav.label(ids[0]), "Đoàn giám sát số 03") {
		t.Fatalf("tree labels %q", v.nav.label(ids[0]))
	}
}

// TestGoingFromVisitToVisitReusesTheForm: the second visit shows in the
// same form, with its own data, and Delete deletes the visit on screen.
func TestGoingFromVisitToVisitReusesTheForm(t *testing.T) {
	u, s := sampleUI(t)
	nodes := visitNodes(u)
	u.tree.Select(nodes[0])
	first := u.form.(*forms.VisitForm)
	u.tree.Select(nodes[1])
	second, ok := u.form.(*forms.VisitForm)
	if !ok || second != first {
		t.Fatal("a new form was made")
	}
	want := visitDetail(t, s, nodes[1])
	if second.ID() != want.Visit.ID || second.Place.Text != want.Visit.Place || !strings.Contains(second.Title.Text, want.Commune.Name) {
		t.Fatalf("the form shows %s %q %q", second.ID(), second.Place.Text, second.Title.Text)
	}
	if second.Dirty() {
		t.Fatal("the reused form is dirty")
	}
	test.Tap(button(t, u, "Xóa buổi làm việc"))
	answer(t, u, "delete")
	if _, err := db.Get[db.Visit](context.Background(), s, want.Visit.ID); err == nil {
		t.Fatal("the visit on screen was not deleted")
	}
	if _, err := db.Get[db.Visit](context.Background(), s, strings.TrimPrefix(nodes[0], visitNode)); err != nil {
		t.Fatal("the other visit was deleted")
	}
}

// The visit's tabs are reached from the keyboard: Ctrl+PageDown and
// Ctrl+PageUp (File menu) move between them and give the keyboard to the
// first field of the tab shown.
func TestTabsFromTheKeyboard(t *testing.T) {
	u, _ := sampleUI(t)
	u.tree.Select(visitNodes(u)[0])
	f, ok := u.form.(*forms.VisitForm)
	if !ok {
		t.Fatalf("the visit opened as %T", u.form)
	}
	menu := menuShortcuts(u)
	next, prev := menu[fyne.KeyPageDown], menu[fyne.KeyPageUp]
	if next == nil || prev == nil {
		t.Fatal("no Ctrl+PageDown / Ctrl+PageUp in the menus")
	}
	c := u.win.Canvas()
	next.Action()
	if f.Tabs.SelectedIndex() != 1 || c.Focused() != fyne.Focusable(f.Sessions[0].Held) {
		t.Fatalf("Ctrl+PageDown: tab %d, keyboard on %T", f.Tabs.SelectedIndex(), c.Focused())
	}
	prev.Action()
	prev.Action()
	if f.Tabs.SelectedIndex() != 4 || c.Focused() != fyne.Focusable(f.Requests[0].Text) {
		t.Fatalf("Ctrl+PageUp twice: tab %d, keyboard on %T", f.Tabs.SelectedIndex(), c.Focused())
	}
	test.Type(f.Requests[0].Text, " thêm")
	if !f.Dirty() {
		t.Fatal("typing after Ctrl+PageUp did not reach the request")
	}
}

// visitDelegation is the ID of the delegation of the visit id.
func visitDelegation(u *UI, id string) string {
	v, err := db.Get[db.Visit](context.Background(), u.store, id)
	if err != nil {
		return ""
	}
	return v.DelegationID
}

// A new visit or delegation lets the tree's choice go: a click on the
// visit shown before then opens it again (it stayed chosen, and the click
// did nothing).
func TestNewVisitLetsTheTreeChoiceGo(t *testing.T) {
	u, s := sampleUI(t)
	node := visitNodes(u)[1]
	u.tree.Select(node)
	d, _ := s.ResolveDelegation(context.Background(), "03")
	u.newVisit(*d)
	if f, ok := u.form.(*forms.VisitForm); !ok || f.ID() != "" {
		t.Fatalf("New visit opened %T", u.form)
	}
	u.tree.Select(node)
	if f, ok := u.form.(*forms.VisitForm); !ok || visitNode+f.ID() != node {
		t.Fatalf("clicking the visit again left %T on screen", u.form)
	}
	// With its toolbar: the new visit's form (which has none) is not the
	// one reused for it.
	button(t, u, "Xóa buổi làm việc")
	button(t, u, "Thêm buổi làm việc")
	// The same for a new delegation.
	u.onNewDelegation()
	if _, ok := u.form.(*forms.DelegationForm); !ok {
		t.Fatalf("New delegation opened %T", u.form)
	}
	u.tree.Select(node)
	if f, ok := u.form.(*forms.VisitForm); !ok || visitNode+f.ID() != node {
		t.Fatalf("clicking the visit after New delegation left %T on screen", u.form)
	}
}

// A visit saved for the first time is shown again with its toolbar, on the
// tab the user was on (it used to go back to the first); a new delegation
// likewise stays scrolled where it was, its members in sight.
func TestFirstSaveKeepsTheTab(t *testing.T) {
	u, s := sampleUI(t)
	d, _ := s.ResolveDelegation(context.Background(), "03")
	u.newVisit(*d)
	f := u.form.(*forms.VisitForm)
	f.Commune.SetSelectedIndex(0)
	test.Type(f.Date.Entry, "21/11/2026")
	f.Tabs.SelectIndex(4)
	test.Tap(f.AddRequest)
	test.Type(f.Requests[0].Text, "Kiện toàn tổ chức cơ sở đảng.")
	test.Tap(f.SaveButton)
	saved := u.form.(*forms.VisitForm)
	if saved == f || saved.ID() == "" {
		t.Fatal("the saved visit was not shown again with its toolbar")
	}
	if got := saved.Tabs.SelectedIndex(); got != 4 {
		t.Fatalf("after the first save the form is on tab %d, not the requests", got)
	}
	if focused := u.win.Canvas().Focused(); focused != saved.AddRequest {
		t.Fatalf("the keyboard is on %T, not on the requests tab", focused)
	}
}

// menuShortcuts are the menus' items by the key of their Ctrl shortcut.
func menuShortcuts(u *UI) map[fyne.KeyName]*fyne.MenuItem {
	menu := map[fyne.KeyName]*fyne.MenuItem{}
	for _, m := range u.win.MainMenu().Items {
		for _, item := range m.Items {
			if sc, ok := item.Shortcut.(*desktop.CustomShortcut); ok {
				menu[sc.KeyName] = item
			}
		}
	}
	return menu
}

// Ctrl+Enter adds a line on the tab on screen, wherever the keyboard is
// (the Add button is ten Tabs away after a difficulty), and the keyboard
// goes to it; on the delegation, a member.
func TestCtrlEnterAddsALine(t *testing.T) {
	u, _ := sampleUI(t)
	add := menuShortcuts(u)[fyne.KeyReturn]
	if add == nil {
		t.Fatal("no Ctrl+Enter in the menus")
	}
	u.tree.Select(visitNodes(u)[0])
	f := u.form.(*forms.VisitForm)
	f.Tabs.SelectIndex(3)
	n := len(f.Difficulties)
	u.win.Canvas().Focus(f.Difficulties[0].Description)
	add.Action()
	if len(f.Difficulties) != n+1 || u.win.Canvas().Focused() != fyne.Focusable(f.Difficulties[n].Description) {
		t.Fatalf("Ctrl+Enter on the difficulties: %d rows (was %d), keyboard on %T", len(f.Difficulties), n, u.win.Canvas().Focused())
	}
	f.Tabs.SelectIndex(0)
	add.Action() // the general tab has no lines: nothing happens
	if len(f.Difficulties) != n+1 || len(f.Requests) != 4 {
		t.Fatalf("Ctrl+Enter on the general tab added a line")
	}
	test.Tap(f.Difficulties[n].Remove)
	u.reselect("")
	u.tree.Select(delegationNode + visitDelegation(u, f.ID()))
	d, ok := u.form.(*forms.DelegationForm)
	if !ok || d.Dirty() {
		t.Fatalf("the delegation opened as %T", u.form)
	}
	add.Action()
	name, ok := u.win.Canvas().Focused().(*forms.Entry)
	if !ok || name.Text != "" || name.PlaceHolder != "Họ và tên" || !d.Dirty() {
		t.Fatalf("Ctrl+Enter on the delegation: keyboard on %T, not a new member's name", u.win.Canvas().Focused())
	}
}

// The sessions tab of a saved visit fits the window maximised on a
// 1366×768 screen (698 pixels under the title bar and taskbar) without
// scrolling, in both languages: in English the levels' names wrapped to a
// third line and pushed the last level's note out of sight.
func TestSessionsTabFitsTheScreen(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		t.Run(lang, func(t *testing.T) {
			u, _ := sampleUI(t)
			if lang == "en" {
				u.setLanguage("en")
				defer u.setLanguage("vi")
			}
			u.win.Resize(fyne.NewSize(1366, 698))
			u.tree.Select(visitNodes(u)[0])
			f, ok := u.form.(*forms.VisitForm)
			if !ok {
				t.Fatalf("the visit opened as %T", u.form)
			}
			f.Tabs.SelectIndex(1)
			var sc *container.Scroll
			walk(f.Tabs.Selected().Content, func(o fyne.CanvasObject) {
				if s, ok := o.(*container.Scroll); ok && sc == nil {
					sc = s
				}
			})
			if sc == nil {
				t.Fatal("no scroll on the sessions tab")
			}
			if need, room := sc.Content.MinSize().Height, sc.Size().Height; need > room {
				t.Fatalf("the sessions need %v pixels, the tab shows %v", need, room)
			}
		})
	}
}

// A new delegation saved while its members are in sight stays there, the
// keyboard on "Add a member" in sight (it went to the number, out of sight
// at the top, and the form scrolled back up).
func TestFirstSaveOfADelegationKeepsTheMembersInSight(t *testing.T) {
	u, _ := sampleUI(t)
	u.showDelegation("")
	f := u.form.(*forms.DelegationForm)
	test.Type(f.Number, "07")
	test.Type(f.IssuingBody, "Tỉnh ủy Cao Bằng")
	test.Tap(f.AddMember)
	test.Type(u.win.Canvas().Focused().(*forms.Entry), "Hoàng Văn Bảy")
	before := f.View()
	if len(before.Offsets) == 0 || before.Offsets[0].Y == 0 {
		t.Fatal("the members are in sight without scrolling: the test shows nothing")
	}
	test.Tap(f.SaveButton)
	saved, ok := u.form.(*forms.DelegationForm)
	if !ok || saved == f {
		t.Fatalf("the saved delegation was not shown again with its toolbar (%T)", u.form)
	}
	if got := saved.View(); got.Offsets[0].Y == 0 {
		t.Fatalf("after the first save the form is scrolled to %v, back at the top", got.Offsets[0].Y)
	}
	if b, ok := u.win.Canvas().Focused().(*forms.Button); !ok || b != saved.AddMember {
		t.Fatalf("the keyboard is on %T, not on 'Add a member'", u.win.Canvas().Focused())
	}
}

// A new visit of a delegation starts with the chair and attendees of its
// latest visit, the commune's name in them following the commune chosen;
// left untouched, it asks nothing.
func TestNewVisitProposesThePreviousChair(t *testing.T) {
	u, s := sampleUI(t)
	d, _ := s.ResolveDelegation(context.Background(), "03")
	u.newVisit(*d)
	f := u.form.(*forms.VisitForm)
	if f.ChairedBy.Text != "Nông Thanh Tùng, Trưởng Đoàn giám sát số 03" {
		t.Fatalf("chair proposed: %q", f.ChairedBy.Text)
	}
	if !strings.Contains(f.Attendees.Text, "Ban Thường vụ Đảng ủy xã Thông Nông") {
		t.Fatalf("attendees proposed: %q", f.Attendees.Text)
	}
	if f.Dirty() {
		t.Fatal("a new visit with only what was proposed counts as changed")
	}
	// Nothing typed yet: no field says it is wrong.
	walk(f.Content(), func(o fyne.CanvasObject) {
		if c, ok := o.(*canvas.Text); ok && c.Visible() && strings.Contains(c.Text, "không được để trống") {
			t.Fatalf("a new visit shows %q before anything was typed", c.Text)
		}
	})
	label := ""
	for _, o := range f.Commune.Options {
		if strings.HasPrefix(o, "Lũng Nặm") {
			label = o
		}
	}
	pickIn(t, u, &f.Commune.Select, label)
	if want := "Thành viên Đoàn giám sát số 03; Ban Thường vụ Đảng ủy xã Lũng Nặm"; f.Attendees.Text != want {
		t.Fatalf("attendees after choosing Lũng Nặm: %q", f.Attendees.Text)
	}
	test.Type(f.Date.Entry, "22/11/2026")
	test.Tap(f.SaveButton)
	vs, _ := s.Visits(context.Background(), db.VisitFilter{DelegationID: d.ID})
	v, _ := db.Get[db.Visit](context.Background(), s, vs[len(vs)-1].ID)
	if v.ChairedBy != "Nông Thanh Tùng, Trưởng Đoàn giám sát số 03" || !strings.HasSuffix(v.Attendees, "xã Lũng Nặm") {
		t.Fatalf("saved chair %q, attendees %q", v.ChairedBy, v.Attendees)
	}
}
