package forms

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// DelegationForm edits a delegation and its members.
type DelegationForm struct {
	*lifecycle
	env      Env
	fields   *fieldSet
	original db.Delegation
	members  []*memberRow

	Number, IssuingBody, DecisionRef, ReportRef *Entry
	Subject, Notes                              *Entry
	PeriodFrom, PeriodTo                        *DateField
	AddMember                                   *Button
	memberBox                                   *fyne.Container
	body                                        *container.Scroll // the form, which scrolls
	savedMembers                                []db.Member

	// OnSaved is told the delegation after each save.
	OnSaved func(db.Delegation)
}

// memberRow is one member, edited in place.
type memberRow struct {
	fields   *fieldSet
	original db.Member
	Name     *Entry
	Role     *choice
	Position *Entry
	Remove   *Button
	object   fyne.CanvasObject
}

// nextRole is the role a member added next most likely has: members are
// listed head first, then the deputy, then the others (as the decision
// setting the delegation up lists them). A guess the user changes with a
// click, where a fixed "member" cost the head and the deputy two each.
func (f *DelegationForm) nextRole() string {
	taken := map[string]bool{}
	for _, r := range f.members {
		taken[r.Role.Code()] = true
	}
	switch {
	case !taken["head"]:
		return "head"
	case !taken["deputy"]:
		return "deputy"
	}
	return "member"
}

// NewDelegationForm edits d (a new delegation when d.ID is empty) with its
// members.
func NewDelegationForm(env Env, d db.Delegation, members []db.Member) *DelegationForm {
	f := &DelegationForm{env: env, original: d, savedMembers: members}
	f.lifecycle = newLifecycle(env, f.title())
	f.form = f
	f.writable = func(table string) bool { return env.Rights.MayWrite(table, f.original.ID, "") }
	f.fields = f.newFields("delegations")
	fs := f.fields
	f.Number = fs.entry("03")
	f.IssuingBody = fs.entry("Tỉnh ủy Cao Bằng")
	f.DecisionRef = fs.entry("15-QĐ/TU")
	f.ReportRef = fs.entry("12-BC/ĐGS")
	f.Subject = fs.multiline("", 3)
	f.Subject.SetPlaceHolder(T("Which resolution the delegation supervises"))
	f.PeriodFrom = fs.date(env)
	f.PeriodTo = fs.date(env)
	f.Notes = fs.multiline("", 2)
	f.AddMember = f.button(T("Add a member"), theme.ContentAddIcon(), func() {
		row := f.addMemberRow(db.Member{Role: f.nextRole()})
		f.validate()
		f.showAdded(f.body, row.Name, row.object)
	})
	f.memberBox = container.NewVBox()
	form := widget.NewForm(
		fs.item("Number", f.Number),
		fs.item("IssuingBody", f.IssuingBody),
		fs.item("DecisionRef", f.DecisionRef),
		fs.item("ReportRef", f.ReportRef),
		fs.item("Subject", f.Subject),
		fs.item("PeriodFrom", f.PeriodFrom.Object()),
		fs.item("PeriodTo", f.PeriodTo.Object()),
		fs.item("Notes", f.Notes),
	)
	body := container.NewVBox(form, widget.NewSeparator(), bold(T("Members")), f.memberBox)
	f.body = f.scroll(body)
	// "Add a member" stays under the form, outside what scrolls, as the
	// visit form's Add buttons do: on a laptop's screen the members are
	// below the fold of a new delegation, three wheel turns down.
	f.content = container.NewBorder(f.Title, container.NewVBox(container.NewHBox(f.AddMember), f.Buttons), nil, nil, wheel(f.body))
	f.first = func() fyne.Focusable { return f.Number }
	f.reload()
	return f
}

// title names the delegation as saved ("New delegation" before that).
func (f *DelegationForm) title() string {
	if f.original.ID == "" {
		return T("New delegation")
	}
	return T("Delegation No. {{.Number}}", map[string]string{"Number": f.original.Number})
}

// load fills the widgets from what was saved.
func (f *DelegationForm) load() {
	d := f.original
	f.Title.SetText(f.title())
	f.Number.Load(d.Number)
	f.IssuingBody.Load(d.IssuingBody)
	f.DecisionRef.Load(d.DecisionRef)
	f.ReportRef.Load(d.ReportRef)
	f.Subject.Load(d.Subject)
	f.PeriodFrom.Load(d.PeriodFrom)
	f.PeriodTo.Load(d.PeriodTo)
	f.Notes.Load(d.Notes)
	f.members = nil
	f.memberBox.Objects = nil
	for _, m := range f.savedMembers {
		f.addMemberRow(m)
	}
	enableIf(f.AddMember, f.mayWrite("members"))
}

func (f *DelegationForm) addMemberRow(m db.Member) *memberRow {
	r := &memberRow{original: m}
	r.fields = f.newFields("members")
	r.fields.loading = true
	r.Name = r.fields.entry("")
	r.Name.SetPlaceHolder(r.fields.label("FullName"))
	r.Role = r.fields.choiceOf("Role")
	// A position is long ("Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Tuyên
	// giáo và Dân vận Tỉnh ủy"): it wraps, in the widest column.
	r.Position = r.fields.multiline("", 2)
	r.Position.SetPlaceHolder(r.fields.label("Position"))
	r.Name.Load(m.FullName)
	r.Role.SetCode(m.Role)
	r.Position.Load(m.Position)
	r.fields.loading = false
	r.Remove = f.button("", theme.DeleteIcon(), func() { f.removeMember(r) })
	r.fields.track(r.Remove)
	r.object = withRemove(r.Remove, nil,
		container.New(gridLayout{cols: []gridColumn{{min: 150, weight: 0.8}, {min: 150, weight: 0.6}, {min: 200, weight: 1.6}}},
			r.fields.with("FullName", r.Name), r.fields.with("Role", r.Role), r.fields.with("Position", r.Position)))
	f.members = append(f.members, r)
	f.memberBox.Add(r.object)
	return r
}

func (f *DelegationForm) removeMember(r *memberRow) {
	for i, m := range f.members {
		if m == r {
			f.members = append(f.members[:i], f.members[i+1:]...)
			break
		}
	}
	f.memberBox.Remove(r.object)
	f.validate()
}

// Delegation returns the delegation the widgets describe, and what is wrong
// with it.
func (f *DelegationForm) Delegation() (db.Delegation, db.Errors) {
	d := f.original
	d.Number = f.Number.Text
	d.IssuingBody = f.IssuingBody.Text
	d.DecisionRef = f.DecisionRef.Text
	d.ReportRef = f.ReportRef.Text
	d.Subject = f.Subject.Text
	d.Notes = f.Notes.Text
	var errs db.Errors
	d.PeriodFrom = date("PeriodFrom", f.PeriodFrom, &errs)
	d.PeriodTo = date("PeriodTo", f.PeriodTo, &errs)
	return d, merge(errs, db.Check(&d))
}

func (r *memberRow) member(delegationID string) (db.Member, db.Errors) {
	m := r.original
	m.DelegationID = delegationID
	m.FullName = r.Name.Text
	m.Role = r.Role.Code()
	m.Position = r.Position.Text
	if m.DelegationID == "" {
		m.DelegationID = "new" // set when the delegation is saved
	}
	errs := db.Check(&m)
	m.DelegationID = delegationID
	return m, errs
}

func (f *DelegationForm) saved() []db.Record {
	d := f.original
	recs := []db.Record{&d}
	for _, m := range f.savedMembers {
		recs = append(recs, &m)
	}
	return recs
}

// build is the delegation, then its members in order.
func (f *DelegationForm) build() []part {
	d, errs := f.Delegation()
	parts := []part{{rec: &d, errs: errs, fields: f.fields}}
	for _, r := range f.members {
		m, merrs := r.member(f.original.ID)
		parts = append(parts, part{rec: &m, errs: merrs, fields: r.fields})
	}
	return parts
}

// write stores the delegation and its members in one transaction, the
// members in the order shown.
func (f *DelegationForm) write(now, removed []db.Record) error {
	return f.env.Store.WithTx(context.Background(), func(tx *db.Tx) error {
		d := now[0].(*db.Delegation)
		if err := tx.Save(d); err != nil {
			return err
		}
		for i, r := range now[1:] {
			m := r.(*db.Member)
			m.DelegationID = d.ID
			m.SortOrder = i + 1
			if err := tx.Save(m); err != nil {
				return err
			}
		}
		for _, r := range removed {
			if err := tx.Delete(r); err != nil {
				return err
			}
		}
		return nil
	})
}

func (f *DelegationForm) stored(now []db.Record) {
	f.original = *now[0].(*db.Delegation)
	f.savedMembers = nil
	for _, r := range now[1:] {
		f.savedMembers = append(f.savedMembers, *r.(*db.Member))
	}
	f.reload()
	if f.OnSaved != nil {
		f.OnSaved(f.original)
	}
}

// ID is the delegation's ID ("" until it is first saved).
func (f *DelegationForm) ID() string { return f.original.ID }

// View is how far the form is scrolled.
func (f *DelegationForm) View() View { return viewOf(nil, f.body) }

// SetView puts the form where View said; scrolled down to the members, the
// keyboard goes to "Add a member" there rather than to the number at the
// top, out of sight.
func (f *DelegationForm) SetView(v View) {
	setView(v, nil, f.body)
	if len(v.Offsets) > 0 && v.Offsets[0].Y > 0 {
		f.first = func() fyne.Focusable { return f.AddMember }
	}
}

// AddLine adds a member, as the Add button does.
func (f *DelegationForm) AddLine() bool {
	if f.AddMember.Disabled() {
		return false
	}
	f.AddMember.OnTapped()
	return true
}
