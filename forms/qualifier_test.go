package forms

import (
	"context"
	"testing"

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
		{"Nhiều", "many", ""}, {"many", "many", ""}, {"at least 3", "at_least", "3"}, {"hơn 40", "more_than", "40"},
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
