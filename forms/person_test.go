package forms

// Tests that use the forms as a person does: each drop-down is opened by a
// tap and an entry picked from its pop-up with the keyboard, text is typed,
// keys are pressed, Save is tapped; then the store is read back.

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"giamsat/assets"
	"giamsat/db"
)

// dropDown is what a person sees as a drop-down: plain ones
// (*widget.Select) and those of closed lists (*choice).
type dropDown interface {
	fyne.Widget
	fyne.Tappable
	SelectedIndex() int
}

// show puts form on the test window, at a laptop's size, as the main window
// does.
func show(t *testing.T, env Env, f Form) {
	t.Helper()
	env.Window.SetContent(f.Content())
	env.Window.Resize(fyne.NewSize(1000, 700))
}

// pick opens d with a tap, and picks its entry number index (from 0) in
// the pop-up with the arrow keys and Enter, as a person does.
func pick(t *testing.T, w fyne.Window, d dropDown, index int) {
	t.Helper()
	test.Tap(d)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("tapping the drop-down showed no pop-up")
	}
	pop, ok := w.Canvas().Focused().(*widget.PopUpMenu)
	if !ok {
		t.Fatalf("the pop-up menu does not have the keyboard (focused %T)", w.Canvas().Focused())
	}
	if !pop.Visible() {
		t.Fatal("the pop-up menu is hidden")
	}
	// The pop-up opens on the current entry (on none when there is
	// none): the arrows move from there.
	key, moves := fyne.KeyDown, index+1
	if cur := d.SelectedIndex(); cur >= 0 {
		moves = index - cur
		if moves < 0 {
			key, moves = fyne.KeyUp, -moves
		}
	}
	for range moves {
		w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: key})
	}
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("the pop-up menu stays open after Enter")
	}
	if got := d.SelectedIndex(); got != index {
		t.Fatalf("picked entry %d, the drop-down holds %d", index, got)
	}
}

// pickLabel picks the entry whose label is label.
func pickLabel(t *testing.T, w fyne.Window, d dropDown, options []string, label string) {
	t.Helper()
	for i, o := range options {
		if o == label {
			pick(t, w, d, i)
			return
		}
	}
	t.Fatalf("no entry %q in %q", label, options)
}

// press sends key to o once it has the keyboard, as the window does.
func press(t *testing.T, w fyne.Window, o fyne.Focusable, key fyne.KeyName) {
	t.Helper()
	w.Canvas().Focus(o)
	if w.Canvas().Focused() != o {
		t.Fatalf("%T cannot take the keyboard (on a hidden tab?)", o)
	}
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: key})
}

// walk visits every object drawn under o, hidden ones (other tabs) too.
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

// texts is every text drawn under o, joined.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	walk(o, func(c fyne.CanvasObject) {
		if t, ok := c.(*canvas.Text); ok && t.Visible() {
			b.WriteString(t.Text + "|")
		}
	})
	return b.String()
}

// allForms builds every form, with one row of every kind, in lang.
func allForms(t *testing.T, env Env, s *db.Store) []Form {
	t.Helper()
	ctx := context.Background()
	if _, err := s.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	d, _ := s.ResolveDelegation(ctx, "03")
	members, _ := s.Members(ctx, d.ID)
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)
	detail := sampleDetail(t, s, "lung nam")
	visit := NewVisitForm(env, detail.Delegation, detail, communes, inds)
	test.Tap(visit.AddDifficulty)
	test.Tap(visit.AddRequest)
	return []Form{
		NewDelegationForm(env, *d, members),
		visit,
		NewCommuneForm(env, communes[0]),
		NewIndicatorForm(env, inds[0]),
	}
}

// TestEveryDropDownOpensAndPicks walks every form's widgets and opens each
// drop-down it finds, so that one added later cannot escape the test; each
// pop-up must open, take the keyboard and set what it picks, and the
// drop-down must then show the entry picked.
func TestEveryDropDownOpensAndPicks(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		t.Run(lang, func(t *testing.T) {
			env, s := setup(t)
			if err := assets.SetLanguage(lang); err != nil {
				t.Fatal(err)
			}
			env.Lang = lang
			found := 0
			for _, f := range allForms(t, env, s) {
				show(t, env, f)
				var dds []dropDown
				eachTab(f, func(o fyne.CanvasObject) {
					walk(o, func(o fyne.CanvasObject) {
						if d, ok := o.(dropDown); ok {
							dds = append(dds, d)
						}
					})
				})
				for _, d := range dds {
					options := optionsOf(d)
					if len(options) == 0 {
						t.Fatalf("%T: a drop-down with nothing to pick", f)
					}
					last := len(options) - 1
					pick(t, env.Window, d, last)
					if shown := texts(d); !strings.Contains(shown, options[last]) {
						t.Errorf("%T: picked %q, the drop-down shows %q", f, options[last], shown)
					}
					found++
				}
			}
			// Delegation: 2 member roles; visit: commune, 4 levels × 3,
			// indicator and qualifier, category and status, request status;
			// commune kind; indicator unit.
			if want := 2 + 1 + 12 + 2 + 2 + 1 + 1 + 1; found < want {
				t.Fatalf("found %d drop-downs, want at least %d", found, want)
			}
		})
	}
	assets.SetLanguage("vi")
}

// eachTab shows each tab of f in turn (a visit has five) and hands over
// what is on screen.
func eachTab(f Form, fn func(fyne.CanvasObject)) {
	v, ok := f.(*VisitForm)
	if !ok {
		fn(f.Content())
		return
	}
	for i := range v.Tabs.Items {
		v.Tabs.SelectIndex(i)
		fn(v.Content())
	}
	v.Tabs.SelectIndex(0)
}

func optionsOf(d dropDown) []string {
	switch x := d.(type) {
	case *widget.Select:
		return x.Options
	case *choice:
		return x.Options
	}
	return nil
}

// TestVisitTypedAndPickedIsStored fills a new visit with the mouse and the
// keyboard only, in both languages, and reads the store back.
func TestVisitTypedAndPickedIsStored(t *testing.T) {
	for _, c := range []struct{ lang, participants, expected, rate string }{
		{"vi", "1.200", "1.250", "96%"},
		{"en", "1,200", "1,250", "96%"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			env, s := setup(t)
			assets.SetLanguage(c.lang)
			defer assets.SetLanguage("vi")
			env.Lang = c.lang
			ctx := context.Background()
			s.LoadSample(ctx)
			d, _ := s.ResolveDelegation(ctx, "03")
			communes, _ := s.Communes(ctx, "")
			inds, _ := s.Indicators(ctx)
			f := NewVisitForm(env, *d, nil, communes, inds)
			show(t, env, f)
			pickLabel(t, env.Window, f.Commune, f.Commune.Options, "Thông Nông (Cao Bằng)")
			test.Type(f.Date.Entry, "20/11/2026")
			party := f.Sessions[1]
			test.Type(party.Held, "41")
			pickLabel(t, env.Window, party.ParticipantsQualifier, party.ParticipantsQualifier.Options,
				db.Qualifiers.Label("more_than", c.lang))
			test.Type(party.Participants, c.participants)
			test.Type(party.Expected, c.expected)
			pickLabel(t, env.Window, party.Mode, party.Mode.Options, db.SessionModes.Label("in_person", c.lang))
			if party.Rate.Text != c.rate {
				t.Errorf("rate shown %q", party.Rate.Text)
			}
			test.Tap(f.AddDifficulty)
			diff := f.Difficulties[0]
			pick(t, env.Window, diff.Category, 0)
			test.Type(diff.Description, "Trụ sở làm việc chật hẹp")
			val := valueRowOf(t, f, inds[0].Name(c.lang))
			pickLabel(t, env.Window, val.Qualifier, val.Qualifier.Options, db.Qualifiers.Label("more_than", c.lang))
			test.Type(val.Value, "53")
			if f.SaveButton.Disabled() {
				t.Fatalf("Save disabled on a valid visit: %s", texts(f.Content()))
			}
			test.Tap(f.SaveButton)
			if f.detail == nil {
				t.Fatal("not saved")
			}
			got, err := s.VisitDetail(ctx, f.detail.Visit.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Commune.Name != "Thông Nông" || got.Visit.Date != db.NewDate(2026, 11, 20) {
				t.Fatalf("visit %+v", got.Visit)
			}
			se := got.Sessions[0]
			if *se.Held != 41 || *se.Participants != 1200 || *se.Expected != 1250 || se.ParticipantsQualifier != "more_than" || se.Mode != "in_person" {
				t.Fatalf("session %+v", se)
			}
			// Its own, besides the sample's 4 common to both communes.
			own := slices.DeleteFunc(slices.Clone(got.Difficulties), db.Difficulty.Shared)
			if len(own) != 1 || len(got.Difficulties) != 5 || own[0].Category != db.DifficultyCategories[0].Code ||
				own[0].Description != "Trụ sở làm việc chật hẹp" {
				t.Fatalf("difficulties %+v", got.Difficulties)
			}
			if len(got.Values) != 1 || got.Values[0].Value != 53 || got.Values[0].Qualifier != "more_than" {
				t.Fatalf("values %+v", got.Values)
			}
			// The saved visit opens unchanged, its counts written as the
			// language writes them, and its title is no longer "New visit".
			if f.Dirty() || party.Participants.Text != c.participants {
				t.Fatalf("after saving: dirty=%v participants %q", f.Dirty(), party.Participants.Text)
			}
			if f.Title.Text == T("New visit") {
				t.Fatalf("title still %q after saving", f.Title.Text)
			}
			again := NewVisitForm(env, *d, got, communes, inds)
			if again.Dirty() {
				t.Fatal("the saved visit opens as changed")
			}
		})
	}
}

// TestDecimalCountIsRefused: "12.5" people is a typing mistake, not 125.
func TestDecimalCountIsRefused(t *testing.T) {
	env, s := setup(t)
	assets.SetLanguage("en")
	defer assets.SetLanguage("vi")
	env.Lang = "en"
	ctx := context.Background()
	s.LoadSample(ctx)
	f, _ := sampleVisitForm(t, env, s, "lung nam")
	if f.Dirty() {
		t.Fatal("a saved visit opens as changed in English")
	}
	row := f.Sessions[0]
	row.Participants.SetText("")
	test.Type(row.Participants, "12.5")
	if m := row.fields.message("Participants"); !strings.Contains(m.Text, "whole number") {
		t.Fatalf("message %q", m.Text)
	}
	if !f.SaveButton.Disabled() {
		t.Fatal("Save enabled with 12.5 people")
	}
	var err error
	f.Save(func(e error) { err = e })
	if err == nil || !strings.Contains(err.(db.Errors).Message("en"), "whole number") {
		t.Fatalf("Ctrl+S said %v", err)
	}
}

// TestSaveTwiceStoresOnce presses Save again while the first save is
// still running: one commune, one copy of each new row.
func TestSaveTwiceStoresOnce(t *testing.T) {
	env, s := setup(t)
	var queued []func()
	env.Run = func(work func() error, done func(error)) { queued = append(queued, func() { done(work()) }) }
	f := NewCommuneForm(env, db.Commune{Kind: "commune", Province: "Cao Bằng"})
	show(t, env, f)
	test.Type(f.Name, "Cần Yên")
	outcomes := 0
	f.Save(func(err error) {
		if err != nil {
			t.Error(err)
		}
		outcomes++
	})
	if !f.SaveButton.Disabled() {
		t.Fatal("Save stays enabled while saving")
	}
	f.Save(func(err error) { outcomes++ }) // Ctrl+S again
	test.Tap(f.SaveButton)                 // and a click
	for len(queued) > 0 {
		run := queued[0]
		queued = queued[1:]
		run()
	}
	list, _ := s.Communes(context.Background(), "")
	if len(list) != 1 {
		t.Fatalf("%d communes stored, want 1", len(list))
	}
	if outcomes != 2 {
		t.Fatalf("%d saves told their outcome, want 2", outcomes)
	}
	// Saving again afterwards updates the same record.
	test.Type(f.Code, "01234")
	test.Tap(f.SaveButton)
	for len(queued) > 0 {
		run := queued[0]
		queued = queued[1:]
		run()
	}
	if list, _ := s.Communes(context.Background(), ""); len(list) != 1 || list[0].Code != "01234" {
		t.Fatalf("after a second save: %+v", list)
	}
}

// TestTabLeavesMultilineFields: Tab moves on from a text of several lines;
// the window types a tab only into fields that accept one.
func TestTabLeavesMultilineFields(t *testing.T) {
	env, s := setup(t)
	for _, f := range allForms(t, env, s) {
		show(t, env, f)
		eachTab(f, func(o fyne.CanvasObject) {
			walk(o, func(o fyne.CanvasObject) {
				if tab, ok := o.(fyne.Tabbable); ok && tab.AcceptsTab() {
					t.Errorf("%T: a %T takes Tab as a character", f, o)
				}
			})
		})
	}
}

// TestEscapeAsksBeforeLosingMoreThanTheField: Escape puts back the field
// being edited; in an unchanged field it asks before putting back the
// rest of the screen.
func TestEscapeAsksBeforeLosingMoreThanTheField(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	f, detail := sampleVisitForm(t, env, s, "thong nong")
	show(t, env, f)
	test.Type(f.Place, " (sửa)")
	f.Tabs.SelectIndex(1)
	note := f.Sessions[0].Note.Text
	test.Type(f.Sessions[0].Note, "ghi chú")
	press(t, env.Window, f.Sessions[0].Note, fyne.KeyEscape)
	if f.Sessions[0].Note.Text != note || f.Place.Text == detail.Visit.Place {
		t.Fatalf("Escape in the note: note %q, place %q", f.Sessions[0].Note.Text, f.Place.Text)
	}
	if f.Question != nil {
		t.Fatal("asked when only the field was put back")
	}
	// Escape again, in the now unchanged note: the place would be lost.
	press(t, env.Window, f.Sessions[0].Note, fyne.KeyEscape)
	if f.Question == nil {
		t.Fatal("no question before discarding the other changes")
	}
	test.Tap(f.Question.Buttons["back"])
	if f.Place.Text == detail.Visit.Place {
		t.Fatal("Go back discarded the changes")
	}
	press(t, env.Window, f.Sessions[0].Note, fyne.KeyEscape)
	test.Tap(f.Question.Buttons["discard"])
	if f.Dirty() || f.Place.Text != detail.Visit.Place {
		t.Fatalf("discard left %q", f.Place.Text)
	}
}

// TestWarningsAreConfirmed: more participants than expected, and a date
// outside the delegation's period, are saved only once confirmed.
func TestWarningsAreConfirmed(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	f, _ := sampleVisitForm(t, env, s, "lung nam")
	show(t, env, f)
	row := f.Sessions[1]
	row.Expected.SetText("")
	test.Type(row.Expected, "100")
	m := row.fields.message("Participants")
	if !strings.Contains(m.Text, "lớn hơn số dự kiến") || m.Color != warningColor() {
		t.Fatalf("participants message %q", m.Text)
	}
	if f.SaveButton.Disabled() {
		t.Fatal("a warning disables Save")
	}
	var err error = errNotCalled
	f.Save(func(e error) { err = e })
	if f.Question == nil {
		t.Fatal("saved without asking")
	}
	test.Tap(f.Question.Buttons["back"])
	if err != ErrNotSaved {
		t.Fatalf("going back reported %v", err)
	}
	if got := sampleDetail(t, s, "lung nam"); got.Sessions[1].Expected != nil {
		t.Fatal("stored without confirmation")
	}
	f.Question = nil
	test.Tap(f.SaveButton)
	test.Tap(f.Question.Buttons["save"])
	if got := sampleDetail(t, s, "lung nam"); got.Sessions[1].Expected == nil || *got.Sessions[1].Expected != 100 {
		t.Fatalf("not stored after confirming: %+v", got.Sessions[1])
	}
	// Confirmed once, it is not asked about again at the next save.
	f.Question = nil
	test.Type(f.Place, "Hội trường ")
	test.Tap(f.SaveButton)
	if f.Question != nil {
		t.Fatal("asked again about what was confirmed")
	}
	if got := sampleDetail(t, s, "lung nam"); !strings.HasPrefix(got.Visit.Place, "Hội trường ") {
		t.Fatalf("place %q", got.Visit.Place)
	}
	// A date outside the delegation's period is a warning too.
	f.Date.Entry.SetText("")
	test.Type(f.Date.Entry, "01/01/2020")
	if m := f.fields.message("Date"); !strings.Contains(m.Text, "ngoài thời gian giám sát") {
		t.Fatalf("date message %q", m.Text)
	}
	// And a day that does not exist says so.
	f.Date.Entry.SetText("")
	test.Type(f.Date.Entry, "31/02/2025")
	if m := f.fields.message("Date"); !strings.Contains(m.Text, "Không có ngày 31/02/2025") {
		t.Fatalf("date message %q", m.Text)
	}
	var saveErr error
	f.Save(func(e error) { saveErr = e })
	if errs, ok := saveErr.(db.Errors); !ok || len(errs) != 1 {
		t.Fatalf("Ctrl+S with an impossible date said %v", saveErr)
	}
}

// TestMessagesDoNotMoveFields: a message coming under a field leaves every
// field where it was, so a click lands where it was aimed.
func TestMessagesDoNotMoveFields(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	d, _ := s.ResolveDelegation(ctx, "03")
	members, _ := s.Members(ctx, d.ID)
	f := NewDelegationForm(env, *d, members)
	show(t, env, f)
	before := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.Subject)
	f.PeriodFrom.Entry.SetText("x")
	if f.fields.message("PeriodFrom").Text == "" {
		t.Fatal("no message for a wrong date")
	}
	f.Content().Refresh()
	env.Window.Content().Refresh()
	after := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.Subject)
	if before != after {
		t.Fatalf("the subject moved from %v to %v when a message appeared", before, after)
	}
}

// TestPlaceholdersAreExamples: no placeholder looks like a value.
func TestPlaceholdersAreExamples(t *testing.T) {
	env, s := setup(t)
	f := NewDelegationForm(env, db.Delegation{}, nil)
	_ = s
	for _, e := range []*Entry{f.Number, f.IssuingBody, f.DecisionRef, f.ReportRef} {
		if !strings.HasPrefix(e.PlaceHolder, "ví dụ: ") {
			t.Errorf("placeholder %q", e.PlaceHolder)
		}
	}
}

// TestBlankFormIsNotScolded: a new record shows no message before anything
// is typed; Ctrl+S on it shows them all.
func TestBlankFormIsNotScolded(t *testing.T) {
	env, _ := setup(t)
	f := NewCommuneForm(env, db.Commune{Kind: "commune"})
	show(t, env, f)
	if m := f.fields.message("Name"); m.Text != "" {
		t.Fatalf("a blank form says %q", m.Text)
	}
	if !f.SaveButton.Disabled() {
		t.Fatal("Save enabled on a blank form")
	}
	var err error
	f.Save(func(e error) { err = e })
	if err == nil || f.fields.message("Name").Text == "" {
		t.Fatalf("Ctrl+S on a blank form: %v, message %q", err, f.fields.message("Name").Text)
	}
}

// TestFailedSaveKeepsWhatWasTyped: a save that the disk refuses (here a
// database open for reading only) says why and keeps every field as typed,
// to be saved later.
func TestFailedSaveKeepsWhatWasTyped(t *testing.T) {
	env, s := setup(t)
	path := s.Path()
	s.Close()
	ro, err := db.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	env.Store = ro
	f := NewCommuneForm(env, db.Commune{Kind: "commune"})
	show(t, env, f)
	test.Type(f.Name, "Cần Yên")
	test.Type(f.Notes, "Ghi chú dài")
	var got error
	f.Save(func(err error) { got = err })
	if got == nil || !strings.Contains(got.(*db.UserError).Message("vi"), "chỉ để đọc") {
		t.Fatalf("the failed save said %v", got)
	}
	if f.Name.Text != "Cần Yên" || f.Notes.Text != "Ghi chú dài" || !f.Dirty() || f.SaveButton.Disabled() {
		t.Fatalf("after a failed save: %q %q dirty=%v", f.Name.Text, f.Notes.Text, f.Dirty())
	}
}

// TestAddedRowIsScrolledIntoView: a difficulty added below the last one
// shows, rather than landing under the bottom edge.
func TestAddedRowIsScrolledIntoView(t *testing.T) {
	_, _, f := sampleDifficultiesTab(t, "lung nam")
	if f.difficultyScroll.Offset.Y != 0 {
		t.Fatal("the tab opens scrolled")
	}
	// The form's part of the real window, maximised at 1366×768 with a
	// taskbar, beside the tree and under the toolbar.
	f.env.Window.Resize(fyne.NewSize(950, 560))
	test.Tap(f.AddDifficulty)
	sc := f.difficultyScroll
	if sc.Offset.Y <= 0 {
		t.Fatal("the new difficulty is below the visible part of the tab")
	}
	// Its first line (the category) in sight too, not under the tabs.
	row := f.Difficulties[len(f.Difficulties)-1]
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(row.Category).Y - d.AbsolutePositionForObject(sc.Content).Y
	bottom := d.AbsolutePositionForObject(row.Description).Y - d.AbsolutePositionForObject(sc.Content).Y + row.Description.Size().Height
	if top < sc.Offset.Y || bottom > sc.Offset.Y+sc.Size().Height {
		t.Fatalf("the new row's category at %v and text ending at %v, the view from %v to %v", top, bottom, sc.Offset.Y, sc.Offset.Y+sc.Size().Height)
	}
}

// A difficulty common to several communes is a record of the delegation:
// typed once, at any of their visits, by picking its scope and ticking the
// communes; each of those visits shows it and can edit it. Removed at one
// visit it stays the others'; made the commune's own again, it leaves them.
func TestCommonDifficultyRecordedOnce(t *testing.T) {
	env, s, f := sampleDifficultiesTab(t, "thong nong")
	if len(f.Difficulties) != 4 {
		t.Fatalf("%d difficulty rows at Thông Nông, want the sample's 4 common ones", len(f.Difficulties))
	}
	for _, r := range f.Difficulties {
		if r.Scope.Code() != "delegation" || !r.communesBox.Visible() || len(r.Communes.Selected) != 2 {
			t.Errorf("a common difficulty shows scope %q, communes %v (shown %v)", r.Scope.Code(), r.Communes.Selected, r.communesBox.Visible())
		}
	}
	// A difficulty added after common ones is common to the same communes
	// (they come in runs); made the commune's own and common again, it
	// names both communes.
	test.Tap(f.AddDifficulty)
	d := f.Difficulties[4]
	if d.Scope.Code() != "delegation" || !d.communesBox.Visible() || len(d.Communes.Selected) != 2 {
		t.Errorf("a difficulty added after common ones has scope %q, communes %v", d.Scope.Code(), d.Communes.Selected)
	}
	pickLabel(t, env.Window, d.Category, d.Category.Options, db.DifficultyCategories.Label("economy", "vi"))
	test.Type(d.Description, "Giao thông đi lại khó khăn")
	pickLabel(t, env.Window, d.Scope, d.Scope.Options, "Riêng xã này")
	if d.communesBox.Visible() {
		t.Error("the commune's own difficulty still shows the communes")
	}
	pickLabel(t, env.Window, d.Scope, d.Scope.Options, "Chung nhiều xã")
	if !d.communesBox.Visible() || len(d.Communes.Selected) != 2 {
		t.Fatalf("made common: communes %v ticked of %v (shown %v)", d.Communes.Selected, d.Communes.Options, d.communesBox.Visible())
	}
	// Only Thông Nông's at first: Lũng Nặm is unticked, then ticked again.
	tapCheck(t, d.Communes, "Lũng Nặm")
	if len(d.Communes.Selected) != 1 {
		t.Fatalf("after unticking Lũng Nặm: %v", d.Communes.Selected)
	}
	test.Tap(f.SaveButton)
	if f.Dirty() {
		t.Fatalf("not saved: %s", texts(f.Content()))
	}
	if lung := sampleDetail(t, s, "lung nam"); len(lung.Difficulties) != 4 {
		t.Fatalf("Lũng Nặm's visit shows %d difficulties, want the 4 common ones", len(lung.Difficulties))
	}
	d = f.Difficulties[4]
	tapCheck(t, d.Communes, "Lũng Nặm")
	test.Tap(f.SaveButton)
	lung := sampleDetail(t, s, "lung nam")
	if len(lung.Difficulties) != 5 || lung.Difficulties[4].Description != "Giao thông đi lại khó khăn" || !lung.Difficulties[4].Shared() {
		t.Fatalf("Lũng Nặm's visit shows: %+v", lung.Difficulties)
	}
	// Removed at Lũng Nặm, it stays Thông Nông's.
	lf, _ := sampleVisitForm(t, env, s, "lung nam")
	test.Tap(lf.Difficulties[4].Remove)
	test.Tap(lf.SaveButton)
	if lung := sampleDetail(t, s, "lung nam"); len(lung.Difficulties) != 4 {
		t.Fatalf("after removing it at Lũng Nặm, its visit shows %d difficulties", len(lung.Difficulties))
	}
	thong := sampleDetail(t, s, "thong nong")
	if len(thong.Difficulties) != 5 || thong.Difficulties[4].Communes != thong.Commune.ID {
		t.Fatalf("after removing it at Lũng Nặm, Thông Nông's visit shows %+v", thong.Difficulties)
	}
	// Back to this commune's only (the saved form shows its rows anew).
	communes, _ := s.Communes(context.Background(), "")
	inds, _ := s.Indicators(context.Background())
	if !f.Show(thong, communes, inds) {
		t.Fatal("the form did not show Thông Nông's visit again")
	}
	d = f.Difficulties[4]
	pickLabel(t, env.Window, d.Scope, d.Scope.Options, "Riêng xã này")
	test.Tap(f.SaveButton)
	thong = sampleDetail(t, s, "thong nong")
	if x := thong.Difficulties[4]; x.Shared() || x.VisitID != thong.Visit.ID || x.Communes != "" {
		t.Fatalf("made Thông Nông's own: %+v", x)
	}
}

// tapCheck taps the box of a check group labelled label.
func tapCheck(t *testing.T, g *widget.CheckGroup, label string) {
	t.Helper()
	found := false
	walk(g, func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == label && !found {
			found = true
			test.Tap(c)
		}
	})
	if !found {
		t.Fatalf("no box %q in %v", label, g.Options)
	}
}

// sampleDifficultiesTab shows the sample's visit to commune, on its
// difficulties tab.
func sampleDifficultiesTab(t *testing.T, commune string) (Env, *db.Store, *VisitForm) {
	t.Helper()
	env, s := setup(t)
	s.LoadSample(context.Background())
	f, _ := sampleVisitForm(t, env, s, commune)
	show(t, env, f)
	f.Tabs.SelectIndex(3)
	return env, s, f
}

// sampleVisitForm opens the sample's visit to commune in a form.
func sampleVisitForm(t *testing.T, env Env, s *db.Store, commune string) (*VisitForm, *db.VisitDetail) {
	t.Helper()
	ctx := context.Background()
	detail := sampleDetail(t, s, commune)
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)
	return NewVisitForm(env, detail.Delegation, detail, communes, inds), detail
}

// A question answers to the keyboard: Escape goes back, Enter takes the
// highlighted answer, but never one that destroys; neither reaches the
// screen behind it, whose keys come back when it closes.
func TestQuestionKeys(t *testing.T) {
	env, _ := setup(t)
	w := env.Window
	w.Resize(fyne.NewSize(900, 600))
	var windowKeys []fyne.KeyName
	w.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) { windowKeys = append(windowKeys, e.Name) })
	key := func(name fyne.KeyName) { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: name}) }
	answered := ""
	ask := func(danger bool) *Question {
		return Ask(w, "Câu hỏi", "Lưu?",
			Answer{Key: "save", Label: "Lưu", Important: !danger, Danger: danger, Do: func() { answered = "save" }},
			Answer{Key: "back", Label: "Quay lại", Do: func() { answered = "back" }})
	}
	for _, c := range []struct {
		danger bool
		key    fyne.KeyName
		want   string
	}{
		{false, fyne.KeyEscape, "back"},
		{false, fyne.KeyReturn, "save"},
		{true, fyne.KeyEscape, "back"},
	} {
		answered = ""
		ask(c.danger)
		key(c.key)
		if answered != c.want || w.Canvas().Overlays().Top() != nil {
			t.Errorf("danger=%v, %s answered %q, want %q (and the question closed)", c.danger, c.key, answered, c.want)
		}
	}
	// Enter never confirms a destructive answer.
	answered = ""
	q := ask(true)
	key(fyne.KeyReturn)
	if answered != "" {
		t.Fatalf("Enter answered %q to a destructive question", answered)
	}
	test.Tap(q.Buttons["back"])
	key(fyne.KeyF2)
	if len(windowKeys) != 1 || windowKeys[0] != fyne.KeyF2 {
		t.Fatalf("the window's own key handler got %v, want only the key pressed after the questions", windowKeys)
	}
}

// Another visit put into the form opens at the top of each tab, not at the
// scroll position of the previous one (past the end of a shorter visit, the
// tab looked empty).
func TestNextVisitOpensAtTheTop(t *testing.T) {
	_, s, f := sampleDifficultiesTab(t, "lung nam")
	f.difficultyScroll.ScrollToBottom()
	if f.difficultyScroll.Offset.Y <= 0 {
		t.Fatal("Lũng Nặm's difficulties do not scroll")
	}
	ctx := context.Background()
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)
	if !f.Show(sampleDetail(t, s, "thong nong"), communes, inds) {
		t.Fatal("the form did not take the next visit")
	}
	if f.difficultyScroll.Offset.Y != 0 {
		t.Fatalf("Thông Nông's difficulties open scrolled by %v", f.difficultyScroll.Offset.Y)
	}
	if !strings.Contains(texts(f.difficultyScroll), "Chung") && !strings.Contains(texts(f.difficultyScroll), "chung") {
		t.Fatalf("Thông Nông's tab shows: %s", texts(f.difficultyScroll))
	}
}

// Escape on a drop-down puts back what was loaded, as in a text field;
// pressed again, it offers to put back the whole screen.
func TestEscapeOnADropDown(t *testing.T) {
	env, _, f := sampleDifficultiesTab(t, "lung nam")
	w := env.Window
	d := f.Difficulties[0]
	pickLabel(t, w, d.Scope, d.Scope.Options, "Riêng xã này")
	if !f.Dirty() {
		t.Fatal("picking another scope did not change the form")
	}
	press(t, w, d.Scope, fyne.KeyEscape)
	if d.Scope.Code() != "delegation" || f.Dirty() {
		t.Fatalf("after Escape the scope is %q, dirty=%v", d.Scope.Code(), f.Dirty())
	}
	test.Type(d.Remedy, "Xin kinh phí")
	press(t, w, d.Scope, fyne.KeyEscape)
	if f.Question == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatal("Escape on an unchanged drop-down did not offer to put back the screen")
	}
	// Enter never throws typed work away: the question stays.
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if w.Canvas().Overlays().Top() == nil || !f.Dirty() {
		t.Fatal("Enter answered the question by discarding the changes")
	}
	test.Tap(f.Question.Buttons["discard"])
	if d := f.Difficulties[0]; d.Remedy.Text != "" || f.Dirty() {
		t.Fatalf("after putting back: remedy %q, dirty=%v", d.Remedy.Text, f.Dirty())
	}
}

// A field that takes the keyboard below (or above) the visible part of its
// tab is scrolled into view, so that Tab never types into a field nobody
// sees.
func TestFocusedFieldIsScrolledIntoView(t *testing.T) {
	env, _, f := sampleDifficultiesTab(t, "lung nam")
	w := env.Window
	sc := f.difficultyScroll
	d := fyne.CurrentApp().Driver()
	inView := func(o fyne.CanvasObject) bool {
		y := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(sc).Y
		return y >= 0 && y+o.Size().Height <= sc.Size().Height
	}
	last := f.Difficulties[len(f.Difficulties)-1]
	if inView(last.Responsible) {
		t.Fatal("the last difficulty is in view already: the test shows nothing")
	}
	w.Canvas().Focus(last.Responsible)
	if !inView(last.Responsible) {
		t.Fatalf("the focused field is out of view (offset %v)", sc.Offset.Y)
	}
	first := f.Difficulties[0]
	w.Canvas().Focus(first.Category)
	if !inView(first.Category) {
		t.Fatalf("the first drop-down is out of view (offset %v)", sc.Offset.Y)
	}
	// Buttons too: the last difficulty's Delete button.
	w.Canvas().Focus(last.Remove)
	if !inView(last.Remove) {
		t.Fatalf("the focused button is out of view (offset %v)", sc.Offset.Y)
	}
	// The Add button is under the list, outside what scrolls: in sight
	// whatever the scroll.
	for _, y := range []float32{0, 1e6} {
		sc.ScrollToOffset(fyne.NewPos(0, y))
		top := d.AbsolutePositionForObject(f.AddDifficulty).Y
		if bottom := d.AbsolutePositionForObject(sc).Y + sc.Size().Height; top < bottom || top+f.AddDifficulty.Size().Height > w.Canvas().Size().Height {
			t.Fatalf("scrolled to %v, 'Add a difficulty' is at %v, the list ends at %v", y, top, bottom)
		}
	}
}

// The visit's commune and an indicator's qualifier, drop-downs,
// answer Escape as the closed lists do: what was loaded comes back.
func TestEscapeOnCatalogueDropDowns(t *testing.T) {
	env, s := setup(t)
	w := env.Window
	s.LoadSample(context.Background())
	f, detail := sampleVisitForm(t, env, s, "lung nam")
	show(t, env, f)
	for i, d := range []*choice{f.Commune, f.Values[0].Qualifier} {
		f.Tabs.SelectIndex(2 * i) // the general tab, then the indicators
		loaded := d.Code()
		another(t, w, d)
		if d.Code() == loaded || !f.Dirty() {
			t.Fatalf("picking another entry: code %q (loaded %q), dirty=%v", d.Code(), loaded, f.Dirty())
		}
		press(t, w, d, fyne.KeyEscape)
		if d.Code() != loaded || f.Dirty() {
			t.Fatalf("after Escape: code %q (loaded %q), dirty=%v", d.Code(), loaded, f.Dirty())
		}
	}
	if f.Commune.Code() != detail.Visit.CommuneID {
		t.Fatal("the commune shown is not the visit's")
	}
}

// A count given as "many" is picked from the qualifier's drop-down with no
// number; with a number typed too, the form says to leave it out.
func TestManyWithNoNumber(t *testing.T) {
	env, s := setup(t)
	w := env.Window
	s.LoadSample(context.Background())
	f, detail := sampleVisitForm(t, env, s, "thong nong")
	show(t, env, f)
	f.Tabs.SelectIndex(1)
	r := f.Sessions[2] // the mass organisations: 44 held
	pickLabel(t, w, r.HeldQualifier, r.HeldQualifier.Options, "Nhiều")
	if !f.SaveButton.Disabled() || !strings.Contains(texts(f.sessionScroll), "không nêu số lượng") {
		t.Fatalf("'many' with a number is not refused: %s", texts(f.sessionScroll))
	}
	w.Canvas().Focus(r.Held)
	r.Held.TypedShortcut(&fyne.ShortcutSelectAll{})
	r.Held.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	saveNow(t, f)
	got, _ := s.VisitDetail(context.Background(), detail.Visit.ID)
	for _, se := range got.Sessions {
		if se.Level == "mass_org" && (se.HeldQualifier != "many" || se.Held != nil) {
			t.Fatalf("stored %+v", se)
		}
	}
}

// "8/19", as the unit shows it, is 8 criteria of 19; another N is refused
// with an example. An empty visit date's calendar opens on the
// delegation's period, not on today's month.
func TestInputAsPeopleWriteIt(t *testing.T) {
	env, s := setup(t)
	w := env.Window
	s.LoadSample(context.Background())
	f, detail := sampleVisitForm(t, env, s, "lung nam")
	show(t, env, f)
	f.Tabs.SelectIndex(2)
	var r *valueRow
	for _, v := range f.Values {
		if d, _ := v.def(); d.Unit == "of_n" {
			r = v
		}
	}
	if r == nil {
		t.Fatal("the sample has no x-of-N value")
	}
	retype(t, w, r.Value, "9/18")
	if !f.SaveButton.Disabled() || !strings.Contains(texts(f.valueScroll), "8/19") {
		t.Fatalf("9/18 for an indicator of 19 is not refused with an example: %s", texts(f.valueScroll))
	}
	retype(t, w, r.Value, "9/19")
	saveNow(t, f)
	got, _ := s.VisitDetail(context.Background(), detail.Visit.ID)
	for _, v := range got.Values {
		if v.ID == r.original.ID && v.Value != 9 {
			t.Fatalf("stored %v, want 9", v.Value)
		}
	}

	// A new visit: its date's calendar opens on November 2026.
	nf := NewVisitForm(env, detail.Delegation, nil, nil, nil)
	show(t, env, nf)
	test.Tap(nf.Date.Button)
	if nf.Date.calendar == nil || nf.Date.calendar.month.Month() != 11 || nf.Date.calendar.month.Year() != 2026 {
		t.Fatalf("the calendar opens on %v", nf.Date.calendar)
	}
}

// Making a common request this commune's own keeps it for the other
// communes, unchanged: this commune gets a record of its own.
func TestCommonMadeOwnStaysForTheOthers(t *testing.T) {
	env, s := setup(t)
	w := env.Window
	ctx := context.Background()
	s.LoadSample(ctx)
	f, detail := sampleVisitForm(t, env, s, "lung nam")
	show(t, env, f)
	f.Tabs.SelectIndex(4)
	r := f.Requests[0]
	common := r.original
	pickLabel(t, w, r.Scope, r.Scope.Options, "Riêng xã này")
	test.Type(r.Text, " (riêng)")
	saveNow(t, f)
	thong := sampleDetail(t, s, "thong nong")
	lung, _ := s.VisitDetail(ctx, detail.Visit.ID)
	var kept *db.Request
	for _, q := range thong.Requests {
		if q.ID == common.ID {
			kept = &q
		}
	}
	if kept == nil || kept.Text != common.Text || !kept.Shared() || kept.Communes != thong.Commune.ID {
		t.Fatalf("Thông Nông's common request: %+v", kept)
	}
	own := 0
	for _, q := range lung.Requests {
		if q.ID == common.ID {
			t.Fatal("Lũng Nặm still holds the common request")
		}
		if !q.Shared() && strings.Contains(q.Text, "(riêng)") {
			own++
		}
	}
	if own != 1 {
		t.Fatalf("Lũng Nặm has %d own copies of the request: %+v", own, lung.Requests)
	}
}

// A drop-down opens with its current entry marked, so that Down moves to
// the next one and Enter keeps the current one, by tap and by Space.
func TestDropDownOpensOnItsEntry(t *testing.T) {
	env, _ := setup(t)
	f := NewCommuneForm(env, db.Commune{Name: "Cần Yên", Kind: "ward"})
	show(t, env, f)
	test.Tap(f.Kind)
	env.Window.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.Kind.Code() != "ward" {
		t.Fatalf("Enter on the opened drop-down chose %q, not the current ward", f.Kind.Code())
	}
	env.Window.Canvas().Focus(f.Kind)
	f.Kind.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	env.Window.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	env.Window.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if f.Kind.Code() != "town" {
		t.Fatalf("Space, Down, Enter from ward chose %q, not the next entry", f.Kind.Code())
	}
}

// With no commune in the catalogue, the commune drop-down says how to add
// one and opens nothing (an empty pop-up is invisible and takes the next
// click).
func TestEmptyCommuneDropDownSaysWhatToDo(t *testing.T) {
	env, _ := setup(t)
	f := NewVisitForm(env, db.Delegation{Number: "03"}, nil, nil, nil)
	show(t, env, f)
	if !strings.Contains(f.Commune.PlaceHolder, "Thêm xã…") {
		t.Errorf("the empty drop-down says %q", f.Commune.PlaceHolder)
	}
	test.Tap(f.Commune)
	if top := env.Window.Canvas().Overlays().Top(); top != nil {
		t.Errorf("tapping the empty drop-down showed %T", top)
	}
}

// Space on "Add a difficulty" adds a row and puts the keyboard in it, and
// the space is not typed into the new field: the key's character comes
// after the key, while the button still has the keyboard.
func TestSpaceOnAddTypesNothing(t *testing.T) {
	env, _, f := sampleDifficultiesTab(t, "lung nam")
	c := env.Window.Canvas()
	c.Focus(f.AddDifficulty)
	before := len(f.Difficulties)
	space := &fyne.KeyEvent{Name: fyne.KeySpace}
	f.AddDifficulty.KeyDown(space)
	c.Focused().TypedKey(space)
	c.Focused().TypedRune(' ')
	f.AddDifficulty.KeyUp(space)
	if len(f.Difficulties) != before+1 {
		t.Fatalf("%d rows after Space, want %d", len(f.Difficulties), before+1)
	}
	added := f.Difficulties[len(f.Difficulties)-1]
	if c.Focused() != added.Description || added.Description.Text != "" {
		t.Errorf("the new row: focused %T, its description %q", c.Focused(), added.Description.Text)
	}
}

// From the last field of the last row, Tab goes to "Add …", not to the
// row's Delete button (which comes before the row's fields).
func TestTabFromTheLastRowGoesToAdd(t *testing.T) {
	env, _, f := sampleDifficultiesTab(t, "lung nam")
	c := env.Window.Canvas()
	last := f.Difficulties[len(f.Difficulties)-1]
	c.Focus(last.Deadline.Entry)
	for range 5 { // past the deadline's calendar button, to the next stop that is a button
		c.FocusNext()
		if b, ok := c.Focused().(*Button); ok && b != last.Deadline.Button {
			break
		}
	}
	if c.Focused() != f.AddDifficulty {
		t.Errorf("Tab from the last row reached %T, not “Add a difficulty”", c.Focused())
	}
}

// A new indicator's code is proposed from its name as it is typed, until
// the user types one; a saved indicator's code never follows its name.
func TestIndicatorCodeFromItsName(t *testing.T) {
	env, s := setup(t)
	f := NewIndicatorForm(env, db.Indicator{Unit: "percent"})
	show(t, env, f)
	test.Type(f.NameVI, "Tỷ lệ hộ có nước sạch")
	if f.Code.Text != "ty_le_ho_co_nuoc_sach" {
		t.Fatalf("code proposed %q", f.Code.Text)
	}
	f.Code.SetText("")
	test.Type(f.Code, "nuoc_sach")
	test.Type(f.NameVI, " hợp vệ sinh")
	if f.Code.Text != "nuoc_sach" {
		t.Errorf("the code typed was replaced by %q", f.Code.Text)
	}
	inds, err := s.Indicators(context.Background())
	if err != nil || len(inds) == 0 {
		t.Fatal(err)
	}
	g := NewIndicatorForm(env, inds[0])
	show(t, env, g)
	test.Type(g.NameVI, " (mới)")
	if g.Code.Text != inds[0].Code {
		t.Errorf("a saved indicator's code became %q", g.Code.Text)
	}
}

// "Add a member" at the foot of a long delegation form: the new row is in
// sight with the keyboard in it (the form used to jump to its top).
func TestAddedMemberIsInSight(t *testing.T) {
	env, s := setup(t)
	s.LoadSample(context.Background())
	ds, _ := s.Delegations(context.Background())
	members, _ := s.Members(context.Background(), ds[0].ID)
	f := NewDelegationForm(env, ds[0], members)
	env.Window.SetContent(f.Content())
	env.Window.Resize(fyne.NewSize(1000, 500))
	f.body.ScrollToBottom()
	test.Tap(f.AddMember)
	row := f.members[len(f.members)-1]
	if env.Window.Canvas().Focused() != row.Name {
		t.Fatal("the keyboard is not in the new row")
	}
	top := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.body).Y
	y := fyne.CurrentApp().Driver().AbsolutePositionForObject(row.Name).Y
	if y < top || y+row.Name.Size().Height > top+f.body.Size().Height {
		t.Errorf("the new row is at %v, the visible form from %v to %v", y, top, top+f.body.Size().Height)
	}
}

// "Many" picked alone on a level, with no number, is recorded: the level
// is saved with it, and the form counts it as a change (it used to be an
// empty row, dropped without a word).
func TestManyAloneIsSaved(t *testing.T) {
	env, s := setup(t)
	s.LoadSample(context.Background())
	f, detail := sampleVisitForm(t, env, s, "thong nong")
	show(t, env, f)
	var other *sessionRow
	for _, r := range f.Sessions {
		if r.level.Code == "other" {
			other = r
		}
	}
	pickLabel(t, env.Window, other.HeldQualifier, optionsOf(other.HeldQualifier), "Nhiều")
	if !f.Dirty() {
		t.Fatal("picking “Nhiều” alone is not a change")
	}
	saved := make(chan error, 1)
	f.Save(func(err error) { saved <- err })
	if err := <-saved; err != nil {
		t.Fatal(err)
	}
	got, err := s.VisitDetail(context.Background(), detail.Visit.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range got.Sessions {
		if se.Level == "other" {
			if se.HeldQualifier != "many" || se.Held != nil {
				t.Errorf("the level saved %+v", se)
			}
			return
		}
	}
	t.Error("the level with “Nhiều” alone was not saved")
}

// When Save stays disabled, the hint under it says on which tab the field
// to mend is; a new difficulty starts in the category "Khác", so that it
// is not refused for a category the user was not asked.
func TestHintNamesTheTab(t *testing.T) {
	_, _, f := sampleDifficultiesTab(t, "lung nam")
	test.Tap(f.AddDifficulty)
	added := f.Difficulties[len(f.Difficulties)-1]
	if added.Category.Code() != "other" {
		t.Errorf("a new difficulty's category is %q", added.Category.Code())
	}
	test.Type(added.Remedy, "Sửa trụ sở") // a remedy, and no description yet
	if !strings.Contains(f.Hint.Text, "Khó khăn, hạn chế") {
		t.Errorf("the hint says %q, not the tab", f.Hint.Text)
	}
	test.Type(added.Description, "Trụ sở còn chật hẹp")
	if f.Hint.Text != "" || f.SaveButton.Disabled() {
		t.Errorf("with the description typed: hint %q, Save disabled %v", f.Hint.Text, f.SaveButton.Disabled())
	}
}

// The sessions grid's Tab order follows a level's band, left to right,
// then its note, then the next level: as a person reads it.
func TestSessionsGridTabOrder(t *testing.T) {
	env, s := setup(t)
	s.LoadSample(context.Background())
	f, _ := sampleVisitForm(t, env, s, "lung nam")
	show(t, env, f)
	f.Tabs.SelectIndex(1)
	c := env.Window.Canvas()
	first, second := f.Sessions[0], f.Sessions[1]
	c.Focus(first.HeldQualifier)
	want := []fyne.Focusable{first.Held, first.ParticipantsQualifier, first.Participants, first.Expected, first.Mode,
		first.LinkPoints, first.Note, second.HeldQualifier}
	for i, w := range want {
		c.FocusNext()
		if c.Focused() != w {
			t.Fatalf("Tab %d reached %T, want the next field of the band", i+1, c.Focused())
		}
	}
}

// A tab chosen with the mouse puts the cursor in its first box: what is
// typed next lands there, with no click into it.
func TestTappedTabTakesTheKeyboard(t *testing.T) {
	env, s := setup(t)
	w := env.Window
	s.LoadSample(context.Background())
	f, detail := sampleVisitForm(t, env, s, "thong nong")
	show(t, env, f)
	tapTab := func(title string) {
		t.Helper()
		var button fyne.Tappable
		walk(f.Tabs, func(o fyne.CanvasObject) {
			if tp, ok := o.(fyne.Tappable); ok && button == nil && o != fyne.CanvasObject(f.Tabs) {
				if w, ok := o.(fyne.Widget); ok && strings.Trim(texts(w), "|") == title {
					button = tp
				}
			}
		})
		if button == nil {
			t.Fatalf("no tab %q", title)
		}
		test.Tap(button)
	}
	tapTab("Hội nghị quán triệt")
	if f.Tabs.SelectedIndex() != 1 {
		t.Fatalf("tab %d on screen", f.Tabs.SelectedIndex())
	}
	if w.Canvas().Focused() != fyne.Focusable(f.Sessions[0].Held) {
		t.Fatalf("the keyboard is on %T, not the first level's held count", w.Canvas().Focused())
	}
	f.Sessions[0].Held.TypedShortcut(&fyne.ShortcutSelectAll{})
	for _, r := range "2" {
		w.Canvas().Focused().TypedRune(r)
	}
	tapTab("Kiến nghị")
	if w.Canvas().Focused() != fyne.Focusable(f.Requests[0].Text) {
		t.Fatalf("the keyboard is on %T, not the first request", w.Canvas().Focused())
	}
	saveNow(t, f)
	got, _ := s.VisitDetail(context.Background(), detail.Visit.ID)
	for _, se := range got.Sessions {
		if se.Level == "commune" && (se.Held == nil || *se.Held != 2) {
			t.Fatalf("the commune level holds %v, want the 2 typed", se.Held)
		}
	}
}

// "Add a member", under the form of a new delegation on a laptop's screen,
// shows the new row whole, its name box taking what is typed.
func TestAddedMemberIsInView(t *testing.T) {
	env, _ := setup(t)
	f := NewDelegationForm(env, db.Delegation{}, nil)
	show(t, env, f)
	env.Window.Resize(fyne.NewSize(950, 560))
	test.Tap(f.AddMember)
	r := f.members[len(f.members)-1]
	sc := f.body
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(r.object).Y - d.AbsolutePositionForObject(sc.Content).Y
	bottom := top + r.object.Size().Height
	if top < sc.Offset.Y || bottom > sc.Offset.Y+sc.Size().Height+1 {
		t.Fatalf("the new member's row from %v to %v, the view from %v to %v", top, bottom, sc.Offset.Y, sc.Offset.Y+sc.Size().Height)
	}
	if env.Window.Canvas().Focused() != fyne.Focusable(r.Name) {
		t.Fatalf("the keyboard is on %T", env.Window.Canvas().Focused())
	}
}

// What a common record is, is said once, under the first common
// difficulty, not under each of Thông Nông's four.
func TestCommonHintOnce(t *testing.T) {
	_, _, f := sampleDifficultiesTab(t, "thong nong")
	shown := func() int {
		n := 0
		for _, d := range f.Difficulties {
			if d.hint.Visible() {
				n++
			}
		}
		return n
	}
	if len(f.Difficulties) < 2 || shown() != 1 || !f.Difficulties[0].hint.Visible() {
		t.Fatalf("%d hints under %d difficulties", shown(), len(f.Difficulties))
	}
	test.Tap(f.Difficulties[0].Remove)
	if shown() != 1 || !f.Difficulties[0].hint.Visible() {
		t.Fatalf("after removing the first: %d hints", shown())
	}
}

// A visit without difficulties says, on its tab, where a common one is
// best noted; the first one added takes the place of the words.
func TestEmptyDifficultiesTabSaysWhere(t *testing.T) {
	_, _, f := sampleDifficultiesTab(t, "lung nam")
	for len(f.Difficulties) > 0 {
		test.Tap(f.Difficulties[0].Remove)
	}
	if !f.noDifficulty.Visible() || !strings.Contains(f.noDifficulty.Text, "buổi làm việc cuối cùng") {
		t.Fatalf("the empty tab says %q (shown %v)", f.noDifficulty.Text, f.noDifficulty.Visible())
	}
	test.Tap(f.AddDifficulty)
	if f.noDifficulty.Visible() {
		t.Fatal("the words stay above a difficulty")
	}
}
