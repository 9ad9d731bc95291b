package forms

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// VisitForm edits a working session of a delegation with a commune, and
// everything recorded at it: the dissemination sessions by level, the
// indicators, the difficulties and the delegation's requests. All of it is
// saved together. The rows of the tabs are in visit_rows.go.
type VisitForm struct {
	*lifecycle
	env        Env
	fields     *fieldSet
	original   db.Visit
	detail     *db.VisitDetail // what was saved; nil for a new visit
	delegation db.Delegation
	communes   []db.Commune
	indicators []db.Indicator
	// proposed is the attendees proposed from the previous visit, and the
	// commune it was at (see Propose).
	proposed struct{ attendees, commune string }

	Commune                             *choice
	AddCommune                          *Button
	Date                                *DateField
	Place, ChairedBy, Attendees         *Entry
	Assessment, Conclusions             *Entry
	Sessions                            []*sessionRow
	Values                              []*valueRow
	Difficulties                        []*difficultyRow
	Requests                            []*requestRow
	AddDifficulty, AddRequest           *Button
	Tabs                                *container.AppTabs
	valueBox, difficultyBox, requestBox *fyne.Container
	noDifficulty                        *widget.Label // said while the visit has none
	// The tabs' scrolls: a row added at the end is scrolled into view, and
	// another visit opens at the top of each.
	generalScroll, sessionScroll                 *container.Scroll
	valueLayout                                  *gridLayout // the indicators' columns
	valueScroll, difficultyScroll, requestScroll *container.Scroll
	// kept are the saved common difficulties removed here that stay
	// common to other communes: saved without this one.
	kept []db.Record
	// delegationCommunes are the communes a common difficulty may name.
	delegationCommunes []db.Commune
	today              db.Date
	written            *db.VisitDetail // what the last save wrote, read back
	// CommuneForm is the commune being added on the spot, if any.
	CommuneForm *CommuneForm

	// OnSaved is told the visit after each save.
	OnSaved func(db.Visit)
}

// NewVisitForm edits the visit of detail, or a new visit of delegation when
// detail is nil. communes and indicators are the catalogues to choose from.
func NewVisitForm(env Env, delegation db.Delegation, detail *db.VisitDetail, communes []db.Commune, indicators []db.Indicator) *VisitForm {
	f := &VisitForm{env: env, delegation: delegation, detail: detail, communes: communes, indicators: indicators,
		today: db.DateOf(time.Now())}
	if detail != nil {
		f.original = detail.Visit
	} else {
		f.original = db.Visit{DelegationID: delegation.ID}
	}
	f.lifecycle = newLifecycle(env, f.title())
	f.form = f
	f.writable = func(table string) bool {
		return env.Rights.MayWrite(table, f.delegation.ID, f.original.CommuneID)
	}
	f.fields = f.newFields("visits")
	fs := f.fields
	f.Commune = fs.list(nil, nil)
	f.Commune.PlaceHolder = T("Choose a commune")
	f.Commune.OnChanged = func(string) {
		f.followCommune()
		fs.changed()
	}
	f.AddCommune = NewButton(T("New commune…"), theme.ContentAddIcon(), f.onAddCommune)
	f.Date = fs.date(env)
	// A visit falls in its delegation's period: the calendar opens there.
	f.Date.Near = func() db.Date {
		if !f.delegation.PeriodFrom.IsZero() {
			return f.delegation.PeriodFrom
		}
		return f.delegation.PeriodTo
	}
	f.Place = fs.entry("Trụ sở Đảng ủy xã")
	f.ChairedBy = fs.entry(T("the head of the delegation"))
	f.Attendees = fs.multiline(T("the commune Party Standing Committee"), 2)
	f.Assessment = fs.multiline("", 4)
	f.Conclusions = fs.multiline("", 4)

	general := widget.NewForm(
		widget.NewFormItem(T("Delegation"), widget.NewLabel(T("Delegation No. {{.Number}}", map[string]string{"Number": delegation.Number}))),
		fs.item("CommuneID", container.NewBorder(nil, nil, nil, f.AddCommune, f.Commune)),
		fs.item("Date", f.Date.Object()),
		fs.item("Place", f.Place),
		fs.item("ChairedBy", f.ChairedBy),
		fs.item("Attendees", f.Attendees),
		fs.item("Assessment", f.Assessment),
		fs.item("Conclusions", f.Conclusions),
	)
	sessionsBox := f.sessionGrid()
	f.valueBox, f.difficultyBox, f.requestBox = container.NewVBox(), container.NewVBox(), container.NewVBox()
	f.AddDifficulty = f.button(T("Add a difficulty"), theme.ContentAddIcon(), func() {
		d := db.Difficulty{Status: "open", Scope: "commune", Category: "other"}
		if n := len(f.Difficulties); n > 0 {
			// Difficulties come in runs: one common to the communes is
			// usually followed by another.
			d.Scope, d.Communes = f.Difficulties[n-1].current()
		}
		r := f.addDifficultyRow(d)
		f.validate()
		f.showAdded(f.difficultyScroll, r.Description, r.object)
	})
	f.AddRequest = f.button(T("Add a request"), theme.ContentAddIcon(), func() {
		q := db.Request{Status: "open", Scope: "commune"}
		if n := len(f.Requests); n > 0 {
			// Requests come in runs: the same reach and deadline.
			last := f.Requests[n-1]
			q.Scope, q.Communes = last.current()
			q.Deadline, _ = last.Deadline.Date()
		}
		r := f.addRequestRow(q)
		f.validate()
		f.showAdded(f.requestScroll, r.Text, r.object)
	})
	// Another indicator goes into the catalogue, and so onto every visit.
	more := widget.NewLabel(T("Another indicator: add it to the catalogue (“Indicators”, bottom left); it then shows here on every visit."))
	more.Wrapping = fyne.TextWrapWord
	more.Importance = widget.LowImportance
	f.valueScroll = f.scroll(container.NewVBox(f.valueHeader(), f.valueBox, more))
	// An empty tab says where a difficulty common to several communes is
	// best noted, before the user starts one at the wrong visit.
	f.noDifficulty = widget.NewLabel(T("No difficulty noted at this visit. One common to several communes is best noted once, at the last of their visits (“Common to several communes”)."))
	f.noDifficulty.Wrapping = fyne.TextWrapWord
	f.noDifficulty.Importance = widget.LowImportance
	f.difficultyScroll = f.scroll(container.NewVBox(f.noDifficulty, f.difficultyBox))
	f.requestScroll = f.scroll(f.requestBox)
	f.generalScroll, f.sessionScroll = f.scroll(general), f.scroll(sessionsBox)
	// A tab's Add button stays under its lines, outside what scrolls: in
	// sight however long the list grows (it used to fall below the window's
	// edge when a row grew, a wheel turn before each new line).
	withAdd := func(sc *container.Scroll, add *Button) fyne.CanvasObject {
		return container.NewBorder(nil, container.NewHBox(add), nil, nil, wheel(sc))
	}
	f.Tabs = container.NewAppTabs(
		container.NewTabItem(T("General"), wheel(f.generalScroll)),
		container.NewTabItem(T("Dissemination sessions"), wheel(f.sessionScroll)),
		container.NewTabItem(T("Indicators"), wheel(f.valueScroll)),
		container.NewTabItem(T("Difficulties"), withAdd(f.difficultyScroll, f.AddDifficulty)),
		container.NewTabItem(T("Requests"), withAdd(f.requestScroll, f.AddRequest)),
	)
	f.content = container.NewBorder(f.Title, f.Buttons, nil, nil, f.Tabs)
	// The keyboard goes to the first field of the tab on screen when the
	// form opens (again after a first save): the date (the commune is
	// usually chosen already), or a list's Add button, ready for another.
	f.first = func() fyne.Focusable {
		switch i := f.Tabs.SelectedIndex(); i {
		case 0:
			return f.Date.Entry
		case 3:
			return f.AddDifficulty
		case 4:
			return f.AddRequest
		default:
			return f.tabFirst(i)
		}
	}
	// A tab chosen with the mouse puts the cursor in its first box, as
	// Ctrl+Tab does: a click less before typing.
	f.Tabs.OnSelected = func(*container.TabItem) {
		if first := f.tabFirst(f.Tabs.SelectedIndex()); first != nil {
			f.focus(first)
		}
	}
	f.reload()
	return f
}

// Show puts another saved visit of the same delegation into the form,
// reusing its widgets (and the tab on screen): quicker than a new form when
// the user goes from visit to visit. It reports false, changing nothing,
// when the visit belongs to another delegation or the form holds changes.
func (f *VisitForm) Show(detail *db.VisitDetail, communes []db.Commune, indicators []db.Indicator) bool {
	if detail == nil || detail.Delegation.ID != f.delegation.ID || f.Dirty() || f.saving {
		return false
	}
	f.detail, f.original = detail, detail.Visit
	f.communes, f.indicators = communes, indicators
	f.valueGrid().cols = f.valueColumns()
	f.revealed = false
	f.reload()
	// The form is the previous visit's: its tabs would keep that visit's
	// scroll positions, past the end of a shorter one (a blank tab).
	for _, sc := range f.scrolls() {
		sc.ScrollToTop()
	}
	return true
}

// Propose fills a new visit's chair and attendees from the delegation's
// previous visit prev, held at the commune named prevCommune: the same
// people chair and attend a delegation's visits. They show as what the
// form starts from, so a form left untouched asks nothing on leaving; a
// commune's name in the attendees follows the commune chosen.
func (f *VisitForm) Propose(prev db.Visit, prevCommune string) {
	if f.detail != nil || (f.ChairedBy.Text != "" || f.Attendees.Text != "") {
		return
	}
	f.original.ChairedBy, f.original.Attendees = prev.ChairedBy, prev.Attendees
	// Filled as a record is loaded: not a change of the user's, which
	// would show the empty commune and date as errors before she typed.
	f.fields.loading = true
	f.ChairedBy.Load(prev.ChairedBy)
	f.Attendees.Load(prev.Attendees)
	f.fields.loading = false
	f.proposed.attendees, f.proposed.commune = prev.Attendees, prevCommune
}

// followCommune puts the commune chosen in the proposed attendees, where
// they name the previous visit's commune and are as proposed.
func (f *VisitForm) followCommune() {
	p := f.proposed
	if p.commune == "" || !strings.Contains(p.attendees, p.commune) {
		return
	}
	name := ""
	for _, c := range f.communes {
		if c.ID == f.communeID() {
			name = c.Name
		}
	}
	if name == "" || f.Attendees.Text != p.attendees {
		return
	}
	f.proposed.attendees = strings.ReplaceAll(p.attendees, p.commune, name)
	f.proposed.commune = name
	f.Attendees.SetText(f.proposed.attendees)
}

// title names the visit as saved ("New visit" before that).
func (f *VisitForm) title() string {
	if f.detail == nil {
		return T("New visit")
	}
	return T("Visit to {{.Commune}}, {{.Date}}", map[string]string{"Commune": f.detail.Commune.Name, "Date": f.detail.Visit.Date.String()})
}

func (f *VisitForm) focus(o fyne.Focusable) {
	if f.env.Window != nil {
		f.env.Window.Canvas().Focus(o)
	}
}

// communeList are the communes to choose from, by ID and as named.
func (f *VisitForm) communeList() (ids, names []string) {
	ids, names = make([]string, len(f.communes)), make([]string, len(f.communes))
	for i, c := range f.communes {
		ids[i], names[i] = c.ID, c.Name
		if c.Province != "" {
			names[i] += " (" + c.Province + ")"
		}
	}
	return ids, names
}

func (f *VisitForm) communeID() string { return f.Commune.Code() }

// place is the tab where the fields of table are.
func (f *VisitForm) place(table string) string {
	return map[string]string{"visits": T("General"), "sessions": T("Dissemination sessions"), "indicator_values": T("Indicators"),
		"difficulties": T("Difficulties"), "requests": T("Requests")}[table]
}

// setCommunes fills the commune drop-down; empty, it says how to add one.
func (f *VisitForm) setCommunes() {
	f.Commune.SetList(f.communeList())
	f.Commune.PlaceHolder = T("Choose a commune")
	if len(f.Commune.Options) == 0 {
		f.Commune.PlaceHolder = T("No commune yet: add one with “New commune…”")
	}
	f.Commune.Refresh()
}

// onAddCommune adds a commune to the catalogue on the spot and chooses it.
func (f *VisitForm) onAddCommune() {
	if f.env.Window == nil {
		return
	}
	c := db.NewCommune(f.communes)
	if c.Province == "" { // the first commune: the delegation's province
		c.Province = db.ProvinceOf(f.delegation.IssuingBody)
	}
	cf := NewCommuneForm(f.env, c)
	var d interface{ Hide() }
	cf.OnSaved = func(c db.Commune) {
		f.communes = append(f.communes, c)
		f.setCommunes()
		f.Commune.choose(c.ID)
		f.CommuneForm = nil
		d.Hide()
	}
	dlg := newFormDialog(T("New commune"), cf, f.env.Window)
	dlg.closed = func() { f.CommuneForm = nil }
	d = dlg
	f.CommuneForm = cf
	dlg.Show()
	cf.Focus()
}

// load fills the widgets from what was saved.
func (f *VisitForm) load() {
	v := f.original
	f.Title.SetText(f.title())
	f.setCommunes()
	f.Commune.SetCode(v.CommuneID)
	f.Date.Load(v.Date)
	f.Place.Load(v.Place)
	f.ChairedBy.Load(v.ChairedBy)
	f.Attendees.Load(v.Attendees)
	f.Assessment.Load(v.Assessment)
	f.Conclusions.Load(v.Conclusions)
	saved := map[string]db.Session{}
	var values []db.IndicatorValue
	var diffs []db.Difficulty
	var reqs []db.Request
	if f.detail != nil {
		for _, s := range f.detail.Sessions {
			saved[s.Level] = s
		}
		values, diffs, reqs = f.detail.Values, f.detail.Difficulties, f.detail.Requests
	}
	for _, r := range f.Sessions {
		s, ok := saved[r.level.Code]
		if !ok {
			s = db.Session{Level: r.level.Code}
		}
		r.fill(s)
	}
	f.Values, f.Difficulties, f.Requests = nil, nil, nil
	f.kept = nil
	f.loadDelegationCommunes()
	f.valueBox.Objects, f.difficultyBox.Objects, f.requestBox.Objects = nil, nil, nil
	f.loadValues(values)
	for _, d := range diffs {
		f.addDifficultyRow(d)
	}
	for _, r := range reqs {
		f.addRequestRow(r)
	}
	f.valueBox.Refresh()
	f.difficultyBox.Refresh()
	f.requestBox.Refresh()
	enableIf(f.AddCommune, f.mayWrite("communes") && f.mayWrite("visits"))
	enableIf(f.AddDifficulty, f.mayWrite("difficulties"))
	enableIf(f.AddRequest, f.mayWrite("requests"))
}

// Visit returns the visit the general tab describes, and what is wrong.
func (f *VisitForm) Visit() (db.Visit, db.Errors) {
	v := f.original
	v.CommuneID = f.communeID()
	v.Place, v.ChairedBy, v.Attendees = f.Place.Text, f.ChairedBy.Text, f.Attendees.Text
	v.Assessment, v.Conclusions = f.Assessment.Text, f.Conclusions.Text
	var errs db.Errors
	v.Date = date("Date", f.Date, &errs)
	return v, merge(errs, db.Check(&v))
}

// visitID is the ID children are checked with before the visit has one.
func (f *VisitForm) visitID() string {
	if f.original.ID != "" {
		return f.original.ID
	}
	return "new"
}

func (f *VisitForm) saved() []db.Record {
	v := f.original
	recs := []db.Record{&v}
	if f.detail == nil {
		return recs
	}
	for _, s := range f.detail.Sessions {
		recs = append(recs, &s)
	}
	for _, x := range f.detail.Values {
		recs = append(recs, &x)
	}
	for _, d := range f.detail.Difficulties {
		recs = append(recs, &d)
	}
	for _, q := range f.detail.Requests {
		recs = append(recs, &q)
	}
	return recs
}

// build is the visit, then its sessions, indicators, difficulties (with
// the common ones removed here that stay other communes') and requests.
// A date outside the delegation's period and more participants than
// expected are warnings: asked about once, then saved.
func (f *VisitForm) build() []part {
	v, errs := f.Visit()
	parts := []part{{rec: &v, errs: errs, warnings: v.Warnings(f.delegation), fields: f.fields}}
	id := f.visitID()
	for _, r := range f.Sessions {
		s, empty, errs := r.session(id)
		p := part{errs: errs, warnings: s.Warnings(), fields: r.fields}
		if !empty {
			p.rec = &s
		}
		parts = append(parts, p)
	}
	for _, r := range f.Values {
		x, empty, errs := r.value(id)
		p := part{errs: errs, fields: r.fields}
		if !empty {
			p.rec = &x
		}
		parts = append(parts, p)
	}
	for _, r := range f.Difficulties {
		d, errs := r.difficulty(id)
		if kept := r.keptForOthers(r.original.ID, r.original.Shared(), d.Shared(), r.original.Communes, &d.Meta); kept != "" {
			o := r.original
			o.Communes = kept
			parts = append(parts, part{rec: &o})
		}
		parts = append(parts, part{rec: &d, errs: errs, fields: r.fields})
	}
	for _, d := range f.kept {
		parts = append(parts, part{rec: db.Clone(d)})
	}
	for _, r := range f.Requests {
		q, errs := r.request(id)
		r.showOverdue(q, r.today)
		if kept := r.keptForOthers(r.original.ID, r.original.Shared(), q.Shared(), r.original.Communes, &q.Meta); kept != "" {
			o := r.original
			o.Communes = kept
			parts = append(parts, part{rec: &o})
		}
		parts = append(parts, part{rec: &q, errs: errs, fields: r.fields})
	}
	return parts
}

// write stores the visit and everything recorded at it in one
// transaction, then reads it back as the form will show it.
func (f *VisitForm) write(now, removed []db.Record) error {
	ctx := context.Background()
	v := now[0].(*db.Visit)
	err := f.env.Store.WithTx(ctx, func(tx *db.Tx) error {
		if err := tx.Save(v); err != nil {
			return err
		}
		for _, r := range now[1:] {
			setVisitID(r, v.ID)
			if err := tx.Save(r); err != nil {
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
	if err == nil {
		f.written, err = f.env.Store.VisitDetail(ctx, v.ID)
	}
	return err
}

func (f *VisitForm) stored([]db.Record) {
	f.detail, f.original = f.written, f.written.Visit
	f.reload()
	if f.OnSaved != nil {
		f.OnSaved(f.detail.Visit)
	}
}

func setVisitID(r db.Record, id string) {
	switch x := r.(type) {
	case *db.Session:
		x.VisitID = id
	case *db.IndicatorValue:
		x.VisitID = id
	case *db.Difficulty:
		if !x.Shared() {
			x.VisitID = id
		}
	case *db.Request:
		if !x.Shared() {
			x.VisitID = id
		}
	}
}

// ID is the visit's ID ("" until it is first saved).
func (f *VisitForm) ID() string { return f.original.ID }

// loadDelegationCommunes reads the communes a common difficulty may name.
func (f *VisitForm) loadDelegationCommunes() {
	if f.detail != nil {
		f.delegationCommunes = f.detail.Communes
		return
	}
	f.delegationCommunes = nil
	if f.env.Store != nil && f.delegation.ID != "" {
		// Without them the list offers this visit's commune alone; the
		// form stays usable.
		f.delegationCommunes, _ = f.env.Store.DelegationCommunes(context.Background(), f.delegation.ID)
	}
}

// ShowTab moves delta tabs on (wrapping round) and gives the keyboard to
// the first field of the tab shown: the tabs are reached from the keyboard.
func (f *VisitForm) ShowTab(delta int) {
	n := len(f.Tabs.Items)
	i := ((f.Tabs.SelectedIndex()+delta)%n + n) % n
	f.Tabs.SelectIndex(i) // OnSelected gives the keyboard to its first field
}

// tabFirst is the first field of tab i: where typing starts on it.
func (f *VisitForm) tabFirst(i int) fyne.Focusable {
	switch i {
	case 0:
		return f.Commune
	case 1:
		return f.Sessions[0].Held
	case 2:
		if len(f.Values) > 0 {
			return f.Values[0].Value
		}
	case 3:
		if len(f.Difficulties) > 0 {
			return f.Difficulties[0].Category
		}
		return f.AddDifficulty
	case 4:
		if len(f.Requests) > 0 {
			return f.Requests[0].Text
		}
		return f.AddRequest
	}
	return nil
}

// View is the tab on screen and how far each tab is scrolled.
func (f *VisitForm) View() View { return viewOf(f.Tabs, f.scrolls()...) }

// SetView puts the form where View said.
func (f *VisitForm) SetView(v View) { setView(v, f.Tabs, f.scrolls()...) }

func (f *VisitForm) scrolls() []*container.Scroll {
	return []*container.Scroll{f.generalScroll, f.sessionScroll, f.valueScroll, f.difficultyScroll, f.requestScroll}
}

// AddLine adds a line on the tab on screen, as its Add button does; false
// on a tab without lines to add.
func (f *VisitForm) AddLine() bool {
	var b *Button
	switch f.Tabs.SelectedIndex() {
	case 3:
		b = f.AddDifficulty
	case 4:
		b = f.AddRequest
	}
	if b == nil || b.Disabled() {
		return false
	}
	b.OnTapped()
	return true
}
