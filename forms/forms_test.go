package forms

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"giamsat/assets"
	"giamsat/db"
)

func setup(t *testing.T) (Env, *db.Store) {
	t.Helper()
	a := test.NewTempApp(t)
	if err := assets.SetLanguage("vi"); err != nil {
		t.Fatal(err)
	}
	w := a.NewWindow("test")
	t.Cleanup(w.Close)
	s, err := db.Open(filepath.Join(t.TempDir(), "forms.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return Env{Store: s, Lang: "vi", Window: w, Run: RunNow}, s
}

func saveNow(t *testing.T, f Form) {
	t.Helper()
	var err error = errNotCalled
	f.Save(func(e error) { err = e })
	if err != nil {
		t.Fatalf("save: %v", err)
	}
}

type notCalled struct{}

func (notCalled) Error() string { return "save did not finish" }

var errNotCalled = notCalled{}

func TestDelegationFormSavesWhatIsTyped(t *testing.T) {
	env, s := setup(t)
	f := NewDelegationForm(env, db.Delegation{}, nil)
	if !f.SaveButton.Disabled() {
		t.Fatal("Save enabled on an empty form")
	}
	test.Type(f.Number, "03")
	test.Type(f.IssuingBody, "Tỉnh ủy Cao Bằng")
	test.Type(f.Subject, "Giám sát việc quán triệt nghị quyết")
	test.Type(f.PeriodFrom.Entry, "01/11/2026")
	test.Type(f.PeriodTo.Entry, "30/11/2026")
	test.Tap(f.AddMember)
	m := f.members[0]
	test.Type(m.Name, "Nông Thanh Tùng")
	// The first member is taken to be the head, the next the deputy, then
	// members: the order a decision lists them in.
	if m.Role.Code() != "head" {
		t.Fatalf("the first member added is %q, not the head", m.Role.Code())
	}
	test.Type(m.Position, "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy")
	for _, want := range []string{"deputy", "member"} {
		test.Tap(f.AddMember)
		if r := f.members[len(f.members)-1]; r.Role.Code() != want {
			t.Fatalf("member %d added as %q, want %q", len(f.members), r.Role.Code(), want)
		}
	}
	test.Tap(f.members[2].Remove)
	test.Tap(f.members[1].Remove)
	if f.SaveButton.Disabled() {
		t.Fatalf("Save disabled on a valid form: %v", f.fields.messages)
	}
	test.Tap(f.SaveButton)
	ctx := context.Background()
	d, err := s.ResolveDelegation(ctx, "03")
	if err != nil {
		t.Fatal(err)
	}
	if d.IssuingBody != "Tỉnh ủy Cao Bằng" || d.PeriodFrom != db.NewDate(2026, 11, 1) || d.PeriodTo != db.NewDate(2026, 11, 30) {
		t.Fatalf("stored %+v", d)
	}
	members, _ := s.Members(ctx, d.ID)
	if len(members) != 1 || members[0].FullName != "Nông Thanh Tùng" || members[0].Role != "head" {
		t.Fatalf("members %+v", members)
	}
	if f.Dirty() || !f.SaveButton.Disabled() {
		t.Error("form still dirty after saving")
	}
	// Removing the member and saving deletes it.
	test.Tap(f.members[0].Remove)
	saveNow(t, f)
	if members, _ := s.Members(ctx, d.ID); len(members) != 0 {
		t.Fatalf("member not removed: %+v", members)
	}
}

func TestInvalidValueShowsMessageAndKeepsSaveDisabled(t *testing.T) {
	env, s := setup(t)
	f := NewDelegationForm(env, db.Delegation{}, nil)
	test.Type(f.Number, "04")
	test.Type(f.IssuingBody, "Tỉnh ủy Cao Bằng")
	test.Type(f.PeriodFrom.Entry, "10/11/2026")
	test.Type(f.PeriodTo.Entry, "01/11/2026")
	msg := f.fields.message("PeriodTo")
	if msg.Text != "Ngày kết thúc trước ngày bắt đầu" {
		t.Fatalf("message under the end date: %q visible=%v", msg.Text, msg.Visible())
	}
	if !f.SaveButton.Disabled() {
		t.Fatal("Save enabled on an invalid form")
	}
	f.PeriodTo.Entry.SetText("31/02/2026")
	if m := f.fields.message("PeriodTo"); m.Text == "" {
		t.Fatal("no message for an impossible date")
	}
	f.PeriodTo.Entry.SetText("30/11/2026")
	if msg.Text != "" || f.SaveButton.Disabled() {
		t.Fatalf("message %q stays after the fix", msg.Text)
	}
	f.Number.SetText("")
	if f.fields.message("Number").Text == "" || !f.SaveButton.Disabled() {
		t.Fatal("an empty number is accepted")
	}
	if ds, _ := s.Delegations(context.Background()); len(ds) != 0 {
		t.Fatal("something was stored")
	}
}

func sampleDetail(t *testing.T, s *db.Store, commune string) *db.VisitDetail {
	t.Helper()
	ctx := context.Background()
	vs, err := s.Visits(ctx, db.VisitFilter{Query: commune})
	if err != nil || len(vs) != 1 {
		t.Fatalf("visits %v %v", vs, err)
	}
	d, err := s.VisitDetail(ctx, vs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestNewVisitWithSessionsAndIndicators(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	if _, err := s.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	d, _ := s.ResolveDelegation(ctx, "03")
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)
	f := NewVisitForm(env, *d, nil, communes, inds)
	if !f.SaveButton.Disabled() {
		t.Fatal("Save enabled without commune and date")
	}
	f.Commune.SetSelected("Thông Nông (Cao Bằng)")
	test.Type(f.Date.Entry, "20/11/2026")
	test.Type(f.Place, "Hội trường xã")
	party := f.Sessions[1] // Party cells
	test.Type(party.Held, "41")
	party.ParticipantsQualifier.SetCode("more_than")
	test.Type(party.Participants, "1.200")
	test.Type(party.Expected, "1.250")
	if party.Rate.Text != "96%" {
		t.Errorf("rate shown %q", party.Rate.Text)
	}
	v := valueRowOf(t, f, "Tiêu chí nông thôn mới đạt được")
	test.Type(v.Value, "9")
	test.Tap(f.AddRequest)
	test.Type(f.Requests[0].Text, "Báo cáo kết quả khắc phục")
	test.Type(f.Requests[0].Deadline.Entry, "31/12/2026")
	if f.SaveButton.Disabled() {
		t.Fatal("Save disabled on a valid visit")
	}
	test.Tap(f.SaveButton)
	detail := f.detail
	if detail == nil {
		t.Fatal("not saved")
	}
	got, err := s.VisitDetail(ctx, detail.Visit.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Commune.Name != "Thông Nông" || got.Visit.Date != db.NewDate(2026, 11, 20) || got.Visit.Place != "Hội trường xã" {
		t.Fatalf("visit %+v", got.Visit)
	}
	if len(got.Sessions) != 1 {
		t.Fatalf("%d sessions stored, want 1 (empty levels are not stored)", len(got.Sessions))
	}
	se := got.Sessions[0]
	if se.Level != "party_cell" || *se.Held != 41 || *se.Participants != 1200 || se.ParticipantsQualifier != "more_than" || *se.Expected != 1250 {
		t.Fatalf("session %+v", se)
	}
	// The request typed is the visit's own; the sample's are common to the
	// delegation's communes (Thông Nông among them).
	own := 0
	for _, q := range got.Requests {
		if q.VisitID == got.Visit.ID {
			own++
		}
	}
	if len(got.Values) != 1 || got.Values[0].Value != 9 || own != 1 {
		t.Fatalf("values %+v requests %+v", got.Values, got.Requests)
	}
}

func TestVisitFormRefusesBadFigures(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	detail := sampleDetail(t, s, "lung nam")
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)
	f := NewVisitForm(env, detail.Delegation, detail, communes, inds)
	if !f.SaveButton.Disabled() || f.Dirty() {
		t.Fatal("an unchanged visit can be saved")
	}
	commune := f.Sessions[0]
	commune.Participants.SetText("-3")
	if m := commune.fields.message("Participants"); m.Text != "Không được là số âm" {
		t.Fatalf("message %q", m.Text)
	}
	if !f.SaveButton.Disabled() {
		t.Fatal("Save enabled with a negative count")
	}
	commune.Participants.SetText("12a")
	if m := commune.fields.message("Participants"); m.Text == "" {
		t.Fatal("no message for 12a")
	}
	commune.Participants.SetText("122")
	// A percentage above its range.
	poor := f.Values[0]
	poor.Value.SetText("153")
	if m := poor.fields.message("Value"); m.Text != "Không được lớn hơn 100" {
		t.Fatalf("message %q", m.Text)
	}
	if !f.SaveButton.Disabled() {
		t.Fatal("Save enabled with 153%")
	}
	poor.Value.SetText("53,5")
	if f.SaveButton.Disabled() {
		t.Fatal("Save disabled after the fix")
	}
	saveNow(t, f)
	got := sampleDetail(t, s, "lung nam")
	if got.Values[0].Value != 53.5 {
		t.Fatalf("value %v, want 53.5", got.Values[0].Value)
	}
}

func TestEscapeRevertsAnEdit(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	detail := sampleDetail(t, s, "thong nong")
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)
	f := NewVisitForm(env, detail.Delegation, detail, communes, inds)
	if f.Dirty() {
		t.Fatal("dirty before any change")
	}
	test.Type(f.Place, " (sửa)")
	if !f.Dirty() {
		t.Fatal("not dirty after typing")
	}
	env.Window.Canvas().Focus(f.Place)
	f.Place.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if f.Dirty() || f.Place.Text != detail.Visit.Place {
		t.Fatalf("Escape left %q", f.Place.Text)
	}
}

func TestCalendarSpeaksTheUsersLanguage(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(func() { assets.SetLanguage("vi") })
	var picked db.Date
	for _, c := range []struct{ lang, title, monday string }{
		{"vi", "Tháng 11 năm 2026", "T2"}, {"en", "November 2026", "Mon"},
	} {
		assets.SetLanguage(c.lang)
		cal := newCalendar(db.NewDate(2026, 11, 18), func(d db.Date) { picked = d })
		if cal.title.Text != c.title {
			t.Errorf("%s: title %q, want %q", c.lang, cal.title.Text, c.title)
		}
		if got := cal.days.Objects[0].(*widget.Label).Text; got != c.monday {
			t.Errorf("%s: first weekday %q, want %q", c.lang, got, c.monday)
		}
		// 1 November 2026 is a Sunday: six blanks, then the days.
		day1 := cal.days.Objects[7+6].(*widget.Button)
		if day1.Text != "1" {
			t.Fatalf("%s: first day cell %q", c.lang, day1.Text)
		}
		test.Tap(day1)
		if picked != db.NewDate(2026, 11, 1) {
			t.Errorf("picked %v", picked)
		}
	}
}

func TestCatalogueForms(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	c := NewCommuneForm(env, db.Commune{Kind: "commune"})
	test.Type(c.Name, "Đa Thông")
	test.Type(c.Province, "Cao Bằng")
	test.Type(c.Code, "01-36")
	if c.fields.message("Code").Text == "" || !c.SaveButton.Disabled() {
		t.Fatal("a code with a dash is accepted")
	}
	c.Code.SetText("01366")
	test.Tap(c.SaveButton)
	if got, _ := s.Communes(ctx, "da thong"); len(got) != 1 || got[0].Code != "01366" {
		t.Fatalf("communes %+v", got)
	}

	i := NewIndicatorForm(env, db.Indicator{})
	test.Type(i.Code, "households")
	test.Type(i.NameVI, "Số hộ được hỗ trợ")
	i.Unit.SetCode("of_n")
	if i.fields.message("Max").Text == "" || !i.SaveButton.Disabled() {
		t.Fatal("an x-of-N indicator without N is accepted")
	}
	i.Unit.SetCode("count")
	test.Type(i.UnitLabel, "hộ")
	test.Type(i.Min, "0")
	test.Tap(i.SaveButton)
	inds, _ := s.Indicators(ctx)
	found := false
	for _, ind := range inds {
		if ind.Code == "households" && ind.Unit == "count" && ind.UnitLabel == "hộ" && ind.Min != nil && *ind.Min == 0 && ind.Max == nil {
			found = true
		}
	}
	if !found {
		t.Fatalf("indicator not stored: %+v", inds)
	}
}

func TestRemovingRowsDeletesThemOnSave(t *testing.T) {
	env, s := setup(t)
	ctx := context.Background()
	s.LoadSample(ctx)
	detail := sampleDetail(t, s, "lung nam")
	communes, _ := s.Communes(ctx, "")
	inds, _ := s.Indicators(ctx)
	f := NewVisitForm(env, detail.Delegation, detail, communes, inds)
	test.Tap(f.Difficulties[0].Remove)
	test.Tap(f.Requests[3].Remove)
	// An indicator's value emptied is deleted (its qualifier left as it was).
	f.Values[1].Value.SetText("")
	test.Type(f.Values[1].Value, "")
	if !f.Dirty() || f.SaveButton.Disabled() {
		t.Fatal("removing rows is not a change to save")
	}
	saveNow(t, f)
	got := sampleDetail(t, s, "lung nam")
	if len(got.Difficulties) != 3 || len(got.Requests) != 3 || len(got.Values) != 3 {
		t.Fatalf("after removing: %d difficulties, %d requests, %d values; want 3 each",
			len(got.Difficulties), len(got.Requests), len(got.Values))
	}
	if len(f.Difficulties) != 3 || f.Dirty() {
		t.Fatal("the form does not show what was saved")
	}
}

// valueRowOf is the indicators' tab's row of the indicator named name.
func valueRowOf(t *testing.T, f *VisitForm, name string) *valueRow {
	t.Helper()
	for _, r := range f.Values {
		if r.Name.Text == name {
			return r
		}
	}
	t.Fatalf("no row of %q on the indicators' tab", name)
	return nil
}
