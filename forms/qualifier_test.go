package forms

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"giamsat/db"
)

// A figure typed as the article writes it, "trên 1.200", "nhiều",
// "khoảng 53,5", is split as it is typed: the word goes to the qualifier
// beside the box, the number stays in the box, and the store gets both.
func TestQualifierTypedWithTheFigure(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	f, _ := sampleVisitForm(t, env, s, "lung nam")
	show(t, env, f)
	se := f.Sessions[0]
	se.Participants.SetText("")
	test.Type(se.Participants, "Trên 1.200")
	if se.Participants.Text != "1.200" || se.ParticipantsQualifier.Code() != "more_than" {
		t.Fatalf("typed 'Trên 1.200': box %q, qualifier %q", se.Participants.Text, se.ParticipantsQualifier.Code())
	}
	se.Held.SetText("")
	test.Type(se.Held, "nhiều")
	if se.Held.Text != "" || se.HeldQualifier.Code() != "many" {
		t.Fatalf("typed 'nhiều': box %q, qualifier %q", se.Held.Text, se.HeldQualifier.Code())
	}
	v := f.Values[0]
	v.Value.SetText("")
	test.Type(v.Value, "khoảng 53,5")
	if v.Value.Text != "53,5" || v.Qualifier.Code() != "about" {
		t.Fatalf("typed 'khoảng 53,5': box %q, qualifier %q", v.Value.Text, v.Qualifier.Code())
	}
	// "nhiều" is no qualifier of an indicator's value: it stays typed, and
	// is refused as a number.
	v2 := f.Values[1]
	v2.Value.SetText("")
	test.Type(v2.Value, "nhiều")
	if v2.Value.Text != "nhiều" || v2.Qualifier.Code() == "many" {
		t.Fatalf("an indicator took 'nhiều' as its qualifier: %q %q", v2.Value.Text, v2.Qualifier.Code())
	}
	v2.Value.SetText("")
	test.Type(v2.Value, "over 70")
	test.Tap(f.SaveButton)
	if f.Dirty() {
		t.Fatalf("not saved: %s", texts(f.Content()))
	}
	d := sampleDetail(t, s, "lung nam")
	var got db.Session
	for _, x := range d.Sessions {
		if x.Level == se.level.Code {
			got = x
		}
	}
	if got.Participants == nil || *got.Participants != 1200 || got.ParticipantsQualifier != "more_than" || got.Held != nil || got.HeldQualifier != "many" {
		t.Fatalf("stored session %+v", got)
	}
	found := map[string]bool{}
	for _, x := range d.Values {
		found[x.Qualifier+" "+db.FormatNumber(x.Value, "en")] = true
	}
	if !found["about 53.5"] || !found["more_than 70"] {
		t.Fatalf("stored values %+v", d.Values)
	}
}

func TestLeadingQualifier(t *testing.T) {
	for _, c := range []struct{ in, code, rest string }{
		{"trên 1.200", "more_than", "1.200"}, {"TRÊN 5", "more_than", "5"}, {"khoảng200", "about", "200"},
		{"Nhiều", "many", ""}, {"many", "many", ""}, {"at least 3", "at_least", "3"}, {"hơn 40", "more_than", "40"}, {"above 53", "more_than", "53"}, {"below 5", "less_than", "5"},
		{"trê", "", ""}, {"trên", "", ""}, {"nhiều 5", "", ""}, {"1.200", "", ""}, {"", "", ""}, {"trênx", "", ""},
	} {
		code, rest, ok := leadingQualifier(c.in, db.Qualifiers)
		if code != c.code || rest != c.rest || ok != (c.code != "") {
			t.Errorf("%q: %q %q %v", c.in, code, rest, ok)
		}
	}
}

// At a delegation's first visit, a common difficulty can name only this
// commune: the form says the others come with their visits, rather than
// leaving the user to wonder where they are.
func TestCommonAtTheFirstVisitSaysWhy(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	d := db.Delegation{Number: "05", IssuingBody: "Tỉnh ủy Cao Bằng"}
	if err := s.Save(ctx, &d); err != nil {
		t.Fatal(err)
	}
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)
	f := NewVisitForm(env, d, nil, communes, inds)
	show(t, env, f)
	pickLabel(t, env.Window, f.Commune, f.Commune.Options, f.Commune.Options[0])
	f.Tabs.SelectIndex(3)
	test.Tap(f.AddDifficulty)
	r := f.Difficulties[0]
	pickLabel(t, env.Window, r.Scope, r.Scope.Options, "Chung nhiều xã")
	if len(r.Communes.Options) != 1 || !r.alone.Visible() {
		t.Fatalf("communes %v, the reason shown: %v", r.Communes.Options, r.alone.Visible())
	}
	// At the sample's visits both communes are offered: nothing to explain.
	g, _ := sampleVisitForm(t, env, s, "thong nong")
	if c := g.Difficulties[0]; len(c.Communes.Options) != 2 || c.alone.Visible() {
		t.Fatalf("at Thông Nông: communes %v, the reason shown: %v", c.Communes.Options, c.alone.Visible())
	}
}

// The indicators' tab lists the whole catalogue, each indicator on its row
// with what the visit recorded of it; a value is typed into its row (no
// indicator to add and pick), Enter goes down to the next indicator's
// value, and a row left empty records nothing.
func TestIndicatorsTabListsTheCatalogue(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	inds, _ := s.Indicators(ctx)
	f, detail := sampleVisitForm(t, env, s, "thong nong")
	show(t, env, f)
	f.Tabs.SelectIndex(2)
	if len(f.Values) != len(inds) {
		t.Fatalf("%d rows for a catalogue of %d", len(f.Values), len(inds))
	}
	recorded := map[string]db.IndicatorValue{}
	for _, v := range detail.Values {
		recorded[v.IndicatorID] = v
	}
	for i, r := range f.Values {
		if r.ind.ID != inds[i].ID || r.Name.Text != inds[i].Name("vi") {
			t.Fatalf("row %d is %q, the catalogue's %q", i, r.Name.Text, inds[i].Name("vi"))
		}
		if _, ok := recorded[r.ind.ID]; ok != (r.Value.Text != "") {
			t.Errorf("row %q shows %q; recorded: %v", r.Name.Text, r.Value.Text, ok)
		}
	}
	// The first empty row: typed into, then Enter to the next row.
	var empty *valueRow
	for _, r := range f.Values {
		if r.Value.Text == "" && empty == nil {
			empty = r
		}
	}
	if empty == nil {
		t.Fatal("every indicator is recorded at Thông Nông: the test shows nothing")
	}
	env.Window.Canvas().Focus(empty.Value)
	before := len(detail.Values)
	test.Type(empty.Value, "trên 90")
	empty.Value.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if i := slices.Index(f.Values, empty); i+1 < len(f.Values) && env.Window.Canvas().Focused() != fyne.Focusable(f.Values[i+1].Value) {
		t.Errorf("Enter went to %T, not the next indicator's value", env.Window.Canvas().Focused())
	}
	test.Tap(f.SaveButton)
	got := sampleDetail(t, s, "thong nong")
	if len(got.Values) != before+1 {
		t.Fatalf("%d values stored, want %d: the empty rows record nothing", len(got.Values), before+1)
	}
	for _, v := range got.Values {
		if v.IndicatorID == empty.ind.ID && (v.Value != 90 || v.Qualifier != "more_than") {
			t.Fatalf("stored %+v", v)
		}
	}
}

// A closed drop-down with the keyboard takes a letter typed as a Windows
// one does: the next entry starting with it, whatever its case and
// diacritics.
func TestDropDownTakesAFirstLetter(t *testing.T) {
	env, s := setup(t)
	s.LoadSample(context.Background())
	f, _ := sampleVisitForm(t, env, s, "thong nong")
	show(t, env, f)
	c := f.Difficulties[0].Category
	env.Window.Canvas().Focus(c)
	var seen []string
	for range 3 {
		c.TypedRune('t')
		seen = append(seen, c.Selected)
	}
	for _, label := range seen {
		if db.Fold(label)[0] != 't' {
			t.Fatalf("'t' chose %q", label)
		}
	}
	if seen[0] == seen[1] {
		t.Fatalf("'t' twice stayed on %q: the next one starting with t is not taken", seen[0])
	}
	c.TypedRune('Đ') // no category starts with d: nothing changes
	if c.Selected != seen[2] {
		t.Fatalf("a letter no entry starts with chose %q", c.Selected)
	}
	if !f.Dirty() {
		t.Fatal("a category chosen by its letter is not a change")
	}
}
