package forms

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"giamsat/db"
)

// retype replaces what e holds with text, as a person does: select all,
// then type.
func retype(t *testing.T, w fyne.Window, e *Entry, text string) {
	t.Helper()
	w.Canvas().Focus(e)
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Type(e, text)
	if e.Text != text {
		t.Fatalf("typed %q, the field holds %q", text, e.Text)
	}
}

// another picks, in d, an entry other than the one it holds.
func another(t *testing.T, w fyne.Window, d dropDown) {
	t.Helper()
	n := len(optionsOf(d))
	if n < 2 {
		t.Fatalf("%T offers %d entries: nothing else to pick", d, n)
	}
	pick(t, w, d, (d.SelectedIndex()+1)%n)
}

// columnCase is a form showing a saved record, and how a person changes
// each column of that record through its widget.
type columnCase struct {
	name      string
	form      Form
	record    db.Record
	change    map[string]func()
	notEdited []string // columns the form sets itself, never a widget
}

// Every column of every record a form edits, changed through its widget,
// makes the form dirty, and Revert puts it back: a column added to a record
// and forgotten in a form fails here (no widget changes it), and no form
// decides "changed" field by field any more (Dirty is db.SameRecords).
func TestEveryColumnMakesTheFormDirty(t *testing.T) {
	env, s := setup(t)
	w := env.Window
	ctx := context.Background()
	if _, err := s.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	del, _ := s.ResolveDelegation(ctx, "03")
	members, _ := s.Members(ctx, del.ID)
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)

	df := NewDelegationForm(env, *del, members)
	// Revert loads the rows again: each change finds the row shown.
	m := func() *memberRow { return df.members[0] }
	cf := NewCommuneForm(env, communes[0])
	nf := NewIndicatorForm(env, inds[0])
	// The sample's difficulties are all common: one of the commune's own.
	if err := s.Save(ctx, &db.Difficulty{VisitID: sampleDetail(t, s, "lung nam").Visit.ID, Category: "other",
		Description: "Thiếu kinh phí", Status: "open", Scope: "commune"}); err != nil {
		t.Fatal(err)
	}
	vf, detail := sampleVisitForm(t, env, s, "lung nam")
	row := func(shared bool) *difficultyRow {
		for _, r := range vf.Difficulties {
			if r.original.Shared() == shared {
				return r
			}
		}
		t.Fatal("the sample's visit has no own and common difficulty")
		return nil
	}
	own, common := func() *difficultyRow { return row(false) }, func() *difficultyRow { return row(true) }
	session := func() *sessionRow { return vf.Sessions[0] }
	value := func() *valueRow { return vf.Values[0] }
	request := func() *requestRow { return vf.Requests[0] }

	cases := []columnCase{
		{"delegation", df, del, map[string]func(){
			"number":       func() { test.Type(df.Number, "a") },
			"issuing_body": func() { test.Type(df.IssuingBody, "x") },
			"decision_ref": func() { test.Type(df.DecisionRef, "x") },
			"report_ref":   func() { test.Type(df.ReportRef, "x") },
			"subject":      func() { test.Type(df.Subject, "x") },
			"period_from":  func() { retype(t, w, df.PeriodFrom.Entry, "02/11/2026") },
			"period_to":    func() { retype(t, w, df.PeriodTo.Entry, "29/11/2026") },
			"notes":        func() { test.Type(df.Notes, "x") },
		}, nil},
		{"member", df, &members[0], map[string]func(){
			"full_name": func() { test.Type(m().Name, "x") },
			"role":      func() { another(t, w, m().Role) },
			"position":  func() { test.Type(m().Position, "x") },
		}, []string{"delegation_id", "sort_order"}},
		{"commune", cf, &communes[0], map[string]func(){
			"name":     func() { test.Type(cf.Name, "x") },
			"kind":     func() { another(t, w, cf.Kind) },
			"province": func() { test.Type(cf.Province, "x") },
			"code":     func() { retype(t, w, cf.Code, "09999") },
			"notes":    func() { test.Type(cf.Notes, "x") },
		}, nil},
		{"indicator", nf, &inds[0], map[string]func(){
			"code":       func() { test.Type(nf.Code, "x") },
			"name_vi":    func() { test.Type(nf.NameVI, "x") },
			"name_en":    func() { test.Type(nf.NameEN, "x") },
			"unit":       func() { another(t, w, nf.Unit) },
			"unit_label": func() { test.Type(nf.UnitLabel, "x") },
			"min_value":  func() { retype(t, w, nf.Min, "1") },
			"max_value":  func() { retype(t, w, nf.Max, "99") },
			"is_key":     func() { test.Tap(nf.Key) },
		}, []string{"sort_order"}},
		{"visit", vf, &detail.Visit, map[string]func(){
			"commune_id":  func() { another(t, w, vf.Commune) },
			"visit_date":  func() { retype(t, w, vf.Date.Entry, "21/11/2026") },
			"place":       func() { test.Type(vf.Place, "x") },
			"chaired_by":  func() { test.Type(vf.ChairedBy, "x") },
			"attendees":   func() { test.Type(vf.Attendees, "x") },
			"assessment":  func() { test.Type(vf.Assessment, "x") },
			"conclusions": func() { test.Type(vf.Conclusions, "x") },
		}, []string{"delegation_id"}},
		{"session", vf, &session().original, map[string]func(){
			"held":                   func() { retype(t, w, session().Held, "7") },
			"held_qualifier":         func() { another(t, w, session().HeldQualifier) },
			"participants":           func() { retype(t, w, session().Participants, "77") },
			"participants_qualifier": func() { another(t, w, session().ParticipantsQualifier) },
			"expected":               func() { retype(t, w, session().Expected, "777") },
			"mode":                   func() { another(t, w, session().Mode) },
			"link_points":            func() { retype(t, w, session().LinkPoints, "3") },
			"note":                   func() { test.Type(session().Note, "x") },
		}, []string{"visit_id", "level"}},
		{"indicator value", vf, &value().original, map[string]func(){
			"value":     func() { retype(t, w, value().Value, "7") },
			"qualifier": func() { another(t, w, value().Qualifier) },
			"note":      func() { test.Type(value().Note, "x") },
		}, []string{"visit_id", "indicator_id"}}, // the row is its indicator's
		{"difficulty", vf, &own().original, map[string]func(){
			"category":    func() { another(t, w, own().Category) },
			"description": func() { test.Type(own().Description, "x") },
			"remedy":      func() { test.Type(own().Remedy, "x") },
			"responsible": func() { test.Type(own().Responsible, "x") },
			"deadline":    func() { retype(t, w, own().Deadline.Entry, "31/12/2027") },
			"status":      func() { another(t, w, own().Status) },
			"scope":       func() { another(t, w, own().Scope) },
			"communes": func() {
				tapCheck(t, common().Communes, common().Communes.Selected[0])
			},
		}, []string{"visit_id", "delegation_id"}}, // set by the scope
		{"request", vf, &request().original, map[string]func(){
			"body":     func() { test.Type(request().Text, "x") },
			"deadline": func() { retype(t, w, request().Deadline.Entry, "31/12/2027") },
			"status":   func() { another(t, w, request().Status) },
			"scope":    func() { another(t, w, request().Scope) },
			"communes": func() { tapCheck(t, request().Communes, request().Communes.Selected[0]) },
		}, []string{"visit_id", "delegation_id"}}, // set by the scope
	}
	for _, c := range cases {
		show(t, env, c.form)
		if c.form.Dirty() {
			t.Fatalf("%s: the form is dirty as loaded", c.name)
		}
		for _, col := range db.ColumnNames(c.record) {
			if slices.Contains(c.notEdited, col) {
				continue
			}
			change, ok := c.change[col]
			if !ok {
				t.Errorf("%s.%s: no widget of the form changes it", c.name, col)
				continue
			}
			change()
			if !c.form.Dirty() {
				t.Errorf("%s.%s changed through its widget: the form is not dirty", c.name, col)
			}
			c.form.Revert()
			if c.form.Dirty() {
				t.Errorf("%s.%s: the form is still dirty after Revert", c.name, col)
			}
		}
	}
}
