package forms

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"giamsat/db"
)

// What the user's account on the province server may not change shows
// greyed, and typing into it changes nothing; what it may, works as ever.
// A commune secretary: her visit's sessions, not its findings or requests;
// nothing of another commune's visit.
func TestGreyedForTheServerRights(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	tn := sampleDetail(t, s, "thong nong")
	env.Rights = db.Rights{Kind: "commune", CommuneID: tn.Visit.CommuneID}
	f, _ := sampleVisitForm(t, env, s, "thong nong")
	show(t, env, f)
	place := f.Place.Text
	test.Type(f.Place, "Hội trường mới")
	if f.Place.Text != place || !f.Place.Disabled() || !f.Commune.Disabled() || !f.Date.Button.Disabled() {
		t.Errorf("the visit's place took %q from a commune secretary (greyed %v)", f.Place.Text, f.Place.Disabled())
	}
	if !f.AddRequest.Disabled() || f.AddDifficulty.Disabled() || !f.AddCommune.Disabled() {
		t.Errorf("add a request greyed %v, a difficulty %v, a commune %v", f.AddRequest.Disabled(), f.AddDifficulty.Disabled(), f.AddCommune.Disabled())
	}
	if !f.RightsNote.Visible() || f.RightsNote.Text == "" {
		t.Error("nothing says why fields are greyed")
	}
	// Her sessions she types and saves.
	f.Tabs.SelectIndex(1)
	held := f.Sessions[0].Held
	if held.Disabled() {
		t.Fatal("her visit's sessions are greyed")
	}
	held.SetText("")
	test.Type(held, "7")
	test.Tap(f.SaveButton)
	d, err := s.VisitDetail(ctx, tn.Visit.ID)
	if err != nil {
		t.Fatal(err)
	}
	saved := false
	for _, se := range d.Sessions {
		if se.Level == f.Sessions[0].level.Code && se.Held != nil && *se.Held == 7 {
			saved = true
		}
	}
	if !saved || d.Visit.Place != place {
		t.Errorf("saved: the session's 7 %v, the place %q (was %q)", saved, d.Visit.Place, place)
	}
	// Another commune's visit, in the same form: nothing is hers.
	ln := sampleDetail(t, s, "lung nam")
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)
	if !f.Show(ln, communes, inds) {
		t.Fatal("the form did not go to the other visit")
	}
	if !f.Sessions[0].Held.Disabled() || !f.AddDifficulty.Disabled() {
		t.Error("another commune's sessions or difficulties are open to her")
	}
	for _, r := range f.Difficulties {
		if !r.Description.Disabled() || !r.Remove.Disabled() {
			t.Error("another commune's difficulty is open to her")
		}
	}

	// A member of the delegation: everything of its visits, not the
	// catalogue of communes.
	env.Rights = db.Rights{Kind: "delegation", DelegationID: tn.Delegation.ID}
	g, _ := sampleVisitForm(t, env, s, "thong nong")
	if g.Place.Disabled() || g.AddRequest.Disabled() || g.RightsNote.Visible() || !g.AddCommune.Disabled() {
		t.Errorf("a member: place greyed %v, requests %v, note %v, new commune %v", g.Place.Disabled(), g.AddRequest.Disabled(), g.RightsNote.Visible(), g.AddCommune.Disabled())
	}
	c := NewCommuneForm(env, db.Commune{})
	if !c.Name.Disabled() || !c.RightsNote.Visible() {
		t.Error("a member may add a commune to the catalogue")
	}
	// The province office, or a database that never synced: all open.
	env.Rights = db.Rights{}
	dl := NewDelegationForm(env, tn.Delegation, nil)
	if dl.Number.Disabled() || dl.AddMember.Disabled() || dl.RightsNote.Visible() {
		t.Error("without rights from a server, the delegation is greyed")
	}
	env.Rights = db.Rights{Kind: "commune", CommuneID: tn.Visit.CommuneID}
	dl = NewDelegationForm(env, tn.Delegation, nil)
	if !dl.Number.Disabled() || !dl.AddMember.Disabled() {
		t.Error("a commune secretary may change the delegation")
	}
}
