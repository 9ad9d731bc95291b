package forms

import (
	"context"
	"fmt"
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
// saved together.
type VisitForm struct {
	env        Env
	fields     *fieldSet
	original   db.Visit
	detail     *db.VisitDetail // what was saved; nil for a new visit
	delegation db.Delegation
	communes   []db.Commune
	indicators []db.Indicator

	Commune                             *widget.Select
	AddCommune                          *widget.Button
	Date                                *DateField
	Place, ChairedBy, Attendees         *Entry
	Assessment, Conclusions             *Entry
	Sessions                            []*sessionRow
	Values                              []*valueRow
	Difficulties                        []*difficultyRow
	Requests                            []*requestRow
	AddValue, AddDifficulty, AddRequest *widget.Button
	SaveButton                          *widget.Button
	Tabs                                *container.AppTabs
	valueBox, difficultyBox, requestBox *fyne.Container
	removed                             []db.Record // saved rows removed in the form
	content                             fyne.CanvasObject
	today                               db.Date

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
	f.fields = newFieldSet(env.Lang, f.validate)
	f.fields.onEscape = f.Revert
	fs := f.fields
	f.Commune = widget.NewSelect(nil, func(string) { fs.changed() })
	f.Commune.PlaceHolder = T("Choose a commune")
	f.AddCommune = widget.NewButtonWithIcon(T("New commune…"), theme.ContentAddIcon(), f.onAddCommune)
	f.Date = fs.date(env.Window)
	f.Place = fs.entry(T("e.g. Trụ sở Đảng ủy xã"))
	f.ChairedBy = fs.entry("")
	f.Attendees = fs.multiline(T("e.g. the commune Party Standing Committee"), 2)
	f.Assessment = fs.multiline("", 4)
	f.Conclusions = fs.multiline("", 4)
	f.SaveButton = widget.NewButtonWithIcon(T("Save"), theme.DocumentSaveIcon(), func() { f.Save(nil) })
	f.SaveButton.Importance = widget.HighImportance

	general := widget.NewForm(
		widget.NewFormItem(T("Delegation"), widget.NewLabel(T("Delegation No. {{.Number}}", map[string]string{"Number": delegation.Number}))),
		fs.item(T("Commune"), "CommuneID", container.NewBorder(nil, nil, nil, f.AddCommune, f.Commune)),
		fs.item(T("Date"), "Date", f.Date.Object()),
		fs.item(T("Place"), "Place", f.Place),
		fs.item(T("Chaired by"), "ChairedBy", f.ChairedBy),
		fs.item(T("Attended by"), "Attendees", f.Attendees),
		fs.item(T("Assessment"), "Assessment", f.Assessment),
		fs.item(T("Conclusions"), "Conclusions", f.Conclusions),
	)
	sessionsBox := container.NewVBox()
	for _, level := range db.SessionLevels {
		r := f.newSessionRow(level)
		f.Sessions = append(f.Sessions, r)
		sessionsBox.Add(r.object)
	}
	f.valueBox, f.difficultyBox, f.requestBox = container.NewVBox(), container.NewVBox(), container.NewVBox()
	f.AddValue = widget.NewButtonWithIcon(T("Add an indicator"), theme.ContentAddIcon(), func() {
		r := f.addValueRow(db.IndicatorValue{})
		f.validate()
		f.focus(r.Indicator)
	})
	f.AddDifficulty = widget.NewButtonWithIcon(T("Add a difficulty"), theme.ContentAddIcon(), func() {
		r := f.addDifficultyRow(db.Difficulty{Status: "open"})
		f.validate()
		f.focus(r.Description)
	})
	f.AddRequest = widget.NewButtonWithIcon(T("Add a request"), theme.ContentAddIcon(), func() {
		r := f.addRequestRow(db.Request{Status: "open"})
		f.validate()
		f.focus(r.Text)
	})
	scroll := func(o fyne.CanvasObject) fyne.CanvasObject { return container.NewVScroll(o) }
	f.Tabs = container.NewAppTabs(
		container.NewTabItem(T("General"), scroll(general)),
		container.NewTabItem(T("Dissemination sessions"), scroll(sessionsBox)),
		container.NewTabItem(T("Indicators"), scroll(container.NewVBox(f.valueBox, container.NewHBox(f.AddValue)))),
		container.NewTabItem(T("Difficulties"), scroll(container.NewVBox(f.difficultyBox, container.NewHBox(f.AddDifficulty)))),
		container.NewTabItem(T("Requests"), scroll(container.NewVBox(f.requestBox, container.NewHBox(f.AddRequest)))),
	)
	title := T("New visit")
	if detail != nil {
		title = T("Visit to {{.Commune}}, {{.Date}}", map[string]string{"Commune": detail.Commune.Name, "Date": detail.Visit.Date.String()})
	}
	f.content = container.NewBorder(bold(title), container.NewHBox(f.SaveButton), nil, nil, f.Tabs)
	f.load()
	return f
}

func (f *VisitForm) focus(o fyne.Focusable) {
	if f.env.Window != nil {
		f.env.Window.Canvas().Focus(o)
	}
}

func (f *VisitForm) communeNames() []string {
	names := make([]string, len(f.communes))
	for i, c := range f.communes {
		names[i] = c.Name
		if c.Province != "" {
			names[i] += " (" + c.Province + ")"
		}
	}
	return names
}

func (f *VisitForm) communeID() string {
	i := f.Commune.SelectedIndex()
	if i < 0 || i >= len(f.communes) {
		return ""
	}
	return f.communes[i].ID
}

func (f *VisitForm) selectCommune(id string) {
	for i, c := range f.communes {
		if c.ID == id {
			f.Commune.SetSelectedIndex(i)
			return
		}
	}
	f.Commune.ClearSelected()
}

// onAddCommune adds a commune to the catalogue on the spot and chooses it.
func (f *VisitForm) onAddCommune() {
	if f.env.Window == nil {
		return
	}
	cf := NewCommuneForm(f.env, db.Commune{Kind: "commune", Province: f.province()})
	var d interface{ Hide() }
	cf.OnSaved = func(c db.Commune) {
		f.communes = append(f.communes, c)
		f.Commune.Options = f.communeNames()
		f.Commune.SetSelectedIndex(len(f.communes) - 1)
		d.Hide()
	}
	dlg := newFormDialog(T("New commune"), cf, f.env.Window)
	d = dlg
	dlg.Show()
}

// province guesses the province of a new commune from those known.
func (f *VisitForm) province() string {
	for _, c := range f.communes {
		if c.Province != "" {
			return c.Province
		}
	}
	return ""
}

// load fills the widgets from what was saved.
func (f *VisitForm) load() {
	fs := f.fields
	fs.loading = true
	v := f.original
	f.Commune.Options = f.communeNames()
	f.selectCommune(v.CommuneID)
	f.Date.SetDate(v.Date)
	f.Place.SetText(v.Place)
	f.ChairedBy.SetText(v.ChairedBy)
	f.Attendees.SetText(v.Attendees)
	f.Assessment.SetText(v.Assessment)
	f.Conclusions.SetText(v.Conclusions)
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
	f.removed = nil
	f.valueBox.Objects, f.difficultyBox.Objects, f.requestBox.Objects = nil, nil, nil
	for _, v := range values {
		f.addValueRow(v)
	}
	for _, d := range diffs {
		f.addDifficultyRow(d)
	}
	for _, r := range reqs {
		f.addRequestRow(r)
	}
	f.valueBox.Refresh()
	f.difficultyBox.Refresh()
	f.requestBox.Refresh()
	fs.loading = false
	f.validate()
}

// Visit returns the visit the general tab describes, and what is wrong.
func (f *VisitForm) Visit() (db.Visit, db.Errors) {
	v := f.original
	v.CommuneID = f.communeID()
	v.Place, v.ChairedBy, v.Attendees = f.Place.Text, f.ChairedBy.Text, f.Attendees.Text
	v.Assessment, v.Conclusions = f.Assessment.Text, f.Conclusions.Text
	var errs db.Errors
	v.Date = date("Date", f.Date, &errs)
	if len(errs) == 0 {
		errs = v.Validate()
	}
	return v, errs
}

// visitID is the ID children are checked with before the visit has one.
func (f *VisitForm) visitID() string {
	if f.original.ID != "" {
		return f.original.ID
	}
	return "new"
}

// validate shows what is wrong everywhere and enables Save when nothing is.
func (f *VisitForm) validate() {
	if f.fields.loading {
		return
	}
	_, errs := f.Visit()
	ok := f.fields.show(errs)
	for _, r := range f.Sessions {
		_, _, serrs := r.session(f.visitID())
		ok = r.fields.show(serrs) && ok
	}
	for _, r := range f.childRows() {
		_, errs := r.build(f.visitID())
		ok = r.show(errs) && ok
	}
	if ok && f.Dirty() {
		f.SaveButton.Enable()
	} else {
		f.SaveButton.Disable()
	}
}

// Dirty reports whether anything differs from what was saved.
func (f *VisitForm) Dirty() bool {
	v, _ := f.Visit()
	o := f.original
	if v.CommuneID != o.CommuneID || v.Date != o.Date || v.Place != o.Place || v.ChairedBy != o.ChairedBy ||
		v.Attendees != o.Attendees || v.Assessment != o.Assessment || v.Conclusions != o.Conclusions {
		return true
	}
	if len(f.removed) > 0 {
		return true
	}
	for _, r := range f.Sessions {
		if r.dirty() {
			return true
		}
	}
	for _, r := range f.childRows() {
		if r.dirty() {
			return true
		}
	}
	return false
}

// Save stores the visit and everything recorded at it in one transaction.
func (f *VisitForm) Save(done func(error)) {
	v, errs := f.Visit()
	if len(errs) > 0 {
		f.validate()
		report(done, errs)
		return
	}
	type child struct {
		rec    db.Record
		remove bool
	}
	var children []child
	for _, r := range f.Sessions {
		s, empty, serrs := r.session(f.visitID())
		if len(serrs) > 0 {
			f.validate()
			report(done, serrs)
			return
		}
		if empty {
			if s.ID != "" {
				children = append(children, child{&s, true})
			}
			continue
		}
		children = append(children, child{&s, false})
	}
	for _, r := range f.childRows() {
		x, e := r.build(f.visitID())
		if len(e) > 0 {
			f.validate()
			report(done, e)
			return
		}
		children = append(children, child{x, false})
	}
	for _, r := range f.removed {
		children = append(children, child{r, true})
	}
	var detail *db.VisitDetail
	f.env.save(f.SaveButton, func() error {
		ctx := context.Background()
		err := f.env.Store.WithTx(ctx, func(tx *db.Tx) error {
			if err := tx.Save(&v); err != nil {
				return err
			}
			for _, c := range children {
				if c.remove {
					if err := tx.Delete(c.rec); err != nil {
						return err
					}
					continue
				}
				setVisitID(c.rec, v.ID)
				if err := tx.Save(c.rec); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			detail, err = f.env.Store.VisitDetail(ctx, v.ID)
		}
		return err
	}, func() {
		f.detail, f.original = detail, detail.Visit
		f.load()
		if f.OnSaved != nil {
			f.OnSaved(detail.Visit)
		}
	}, f.validate, done)
}

func setVisitID(r db.Record, id string) {
	switch x := r.(type) {
	case *db.Session:
		x.VisitID = id
	case *db.IndicatorValue:
		x.VisitID = id
	case *db.Difficulty:
		x.VisitID = id
	case *db.Request:
		x.VisitID = id
	}
}

// Revert puts back what was last saved.
func (f *VisitForm) Revert() { f.load() }

// Content is the form's screen.
func (f *VisitForm) Content() fyne.CanvasObject { return f.content }

// Focus gives the keyboard to the commune.
func (f *VisitForm) Focus() { f.focus(f.Date.Entry) }

// ID is the visit's ID ("" until it is first saved).
func (f *VisitForm) ID() string { return f.original.ID }

// childRow is a row of the indicators, difficulties or requests tab.
type childRow interface {
	// build returns the record the row describes and what is wrong with it.
	build(visitID string) (db.Record, db.Errors)
	// show displays errs under the row's fields; true when there are none.
	show(errs db.Errors) bool
	dirty() bool
}

// childRows lists the rows of the three tabs, in order.
func (f *VisitForm) childRows() []childRow {
	rows := make([]childRow, 0, len(f.Values)+len(f.Difficulties)+len(f.Requests))
	for _, r := range f.Values {
		rows = append(rows, r)
	}
	for _, r := range f.Difficulties {
		rows = append(rows, r)
	}
	for _, r := range f.Requests {
		rows = append(rows, r)
	}
	return rows
}

func (r *valueRow) build(id string) (db.Record, db.Errors) {
	v, errs := r.value(id)
	return &v, errs
}

func (r *valueRow) show(errs db.Errors) bool { return r.fields.show(errs) }

func (r *difficultyRow) build(id string) (db.Record, db.Errors) {
	d, errs := r.difficulty(id)
	return &d, errs
}

func (r *difficultyRow) show(errs db.Errors) bool { return r.fields.show(errs) }

func (r *requestRow) build(id string) (db.Record, db.Errors) {
	q, errs := r.request(id)
	return &q, errs
}

// show also marks the request when it is overdue.
func (r *requestRow) show(errs db.Errors) bool {
	q, _ := r.request(r.original.VisitID)
	r.showOverdue(q, r.today)
	return r.fields.show(errs)
}

// sessionRow is what a commune reports at one level of dissemination.
type sessionRow struct {
	fields                                     *fieldSet
	level                                      db.Choice
	original                                   db.Session
	Held, Participants, Expected, LinkPoints   *Entry
	HeldQualifier, ParticipantsQualifier, Mode *choice
	Note                                       *Entry
	Rate                                       *widget.Label
	object                                     fyne.CanvasObject
}

func (f *VisitForm) newSessionRow(level db.Choice) *sessionRow {
	r := &sessionRow{level: level}
	r.fields = newFieldSet(f.env.Lang, f.validate)
	r.fields.onEscape = f.Revert
	fs := r.fields
	r.Held, r.Participants, r.Expected, r.LinkPoints = fs.entry(""), fs.entry(""), fs.entry(""), fs.entry("")
	r.HeldQualifier, r.ParticipantsQualifier = fs.choice(db.Qualifiers), fs.choice(db.Qualifiers)
	r.Mode = fs.choice(db.SessionModes)
	r.Note = fs.entry("")
	r.Rate = widget.NewLabel("")
	form := widget.NewForm(
		fs.item(T("Held"), "Held", container.NewGridWithColumns(2, r.HeldQualifier, r.Held)),
		fs.item(T("Participants"), "Participants", container.NewGridWithColumns(2, r.ParticipantsQualifier, r.Participants)),
		fs.item(T("Expected"), "Expected", container.NewGridWithColumns(2, r.Expected, r.Rate)),
		fs.item(T("Mode"), "Mode", container.NewGridWithColumns(2, r.Mode, fs.with("LinkPoints", container.NewBorder(nil, nil, widget.NewLabel(T("Link-up points")), nil, r.LinkPoints)))),
		fs.item(T("Note"), "Note", r.Note),
	)
	r.object = widget.NewCard("", level.Label(f.env.Lang), form)
	return r
}

func (r *sessionRow) fill(s db.Session) {
	r.original = s
	r.fields.loading = true
	lang := r.fields.lang
	r.Held.SetText(formatCount(s.Held, lang))
	r.Participants.SetText(formatCount(s.Participants, lang))
	r.Expected.SetText(formatCount(s.Expected, lang))
	r.LinkPoints.SetText(formatCount(s.LinkPoints, lang))
	r.HeldQualifier.SetCode(s.HeldQualifier)
	r.ParticipantsQualifier.SetCode(s.ParticipantsQualifier)
	r.Mode.SetCode(s.Mode)
	r.Note.SetText(s.Note)
	r.fields.loading = false
}

// session returns the session the row describes, whether the row is empty,
// and what is wrong with it. It also shows the participation rate.
func (r *sessionRow) session(visitID string) (db.Session, bool, db.Errors) {
	s := r.original
	s.VisitID, s.Level = visitID, r.level.Code
	var errs db.Errors
	s.Held, s.Participants, s.Expected, s.LinkPoints = nil, nil, nil, nil
	count("Held", r.Held.Text, &s.Held, &errs)
	count("Participants", r.Participants.Text, &s.Participants, &errs)
	count("Expected", r.Expected.Text, &s.Expected, &errs)
	count("LinkPoints", r.LinkPoints.Text, &s.LinkPoints, &errs)
	s.HeldQualifier, s.ParticipantsQualifier = r.HeldQualifier.Code(), r.ParticipantsQualifier.Code()
	s.Mode, s.Note = r.Mode.Code(), r.Note.Text
	if rate, ok := s.Rate(); ok {
		r.Rate.SetText(T("Rate: {{.Rate}}%", map[string]string{"Rate": db.FormatNumber(float64(int(rate*10000+0.5))/100, r.fields.lang)}))
	} else {
		r.Rate.SetText("")
	}
	empty := s.Held == nil && s.Participants == nil && s.Expected == nil && s.LinkPoints == nil &&
		s.Mode == "" && db.NormalizeText(s.Note) == "" && len(errs) == 0
	if len(errs) == 0 {
		errs = s.Validate()
	}
	return s, empty, errs
}

func (r *sessionRow) dirty() bool {
	s, empty, _ := r.session(r.original.VisitID)
	if r.original.ID == "" {
		return !empty
	}
	o := r.original
	return empty || !sameInt(s.Held, o.Held) || !sameInt(s.Participants, o.Participants) || !sameInt(s.Expected, o.Expected) ||
		!sameInt(s.LinkPoints, o.LinkPoints) || s.HeldQualifier != o.HeldQualifier ||
		s.ParticipantsQualifier != o.ParticipantsQualifier || s.Mode != o.Mode || s.Note != o.Note
}

func sameInt(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// valueRow is one indicator's value.
type valueRow struct {
	fields    *fieldSet
	original  db.IndicatorValue
	defs      []db.Indicator
	Indicator *widget.Select
	Qualifier *choice
	Value     *Entry
	Unit      *widget.Label
	Note      *Entry
	Remove    *widget.Button
	object    fyne.CanvasObject
}

func (f *VisitForm) addValueRow(v db.IndicatorValue) *valueRow {
	r := &valueRow{original: v, defs: f.indicators}
	r.fields = newFieldSet(f.env.Lang, f.validate)
	r.fields.onEscape = f.Revert
	fs := r.fields
	fs.loading = true
	names := make([]string, len(f.indicators))
	for i, d := range f.indicators {
		names[i] = d.Name(f.env.Lang)
	}
	r.Indicator = widget.NewSelect(names, func(string) { r.showUnit(); fs.changed() })
	r.Indicator.PlaceHolder = T("Choose an indicator")
	r.Qualifier = fs.choice(db.Qualifiers)
	r.Value = fs.entry("")
	r.Unit = widget.NewLabel("")
	r.Note = fs.entry(T("Note"))
	for i, d := range f.indicators {
		if d.ID == v.IndicatorID {
			r.Indicator.SetSelectedIndex(i)
		}
	}
	r.Qualifier.SetCode(v.Qualifier)
	if v.IndicatorID != "" {
		r.Value.SetText(db.FormatNumber(v.Value, f.env.Lang))
	}
	r.Note.SetText(v.Note)
	r.showUnit()
	fs.loading = false
	r.Remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		f.Values = without(f.Values, r)
		f.dropRow(r.object, f.valueBox, r.original.ID, &r.original)
	})
	r.object = container.NewBorder(nil, widget.NewSeparator(), nil, r.Remove, container.NewVBox(
		fs.with("IndicatorID", r.Indicator),
		container.NewGridWithColumns(3, r.Qualifier, fs.with("Value", r.Value), r.Unit),
		r.Note))
	f.Values = append(f.Values, r)
	f.valueBox.Add(r.object)
	return r
}

func (r *valueRow) def() (db.Indicator, bool) {
	i := r.Indicator.SelectedIndex()
	if i < 0 || i >= len(r.defs) {
		return db.Indicator{}, false
	}
	return r.defs[i], true
}

func (r *valueRow) showUnit() {
	d, ok := r.def()
	if !ok {
		r.Unit.SetText("")
		return
	}
	unit := db.IndicatorUnits.Label(d.Unit, r.fields.lang)
	switch d.Unit {
	case "of_n":
		if d.Max != nil {
			unit = "/ " + db.FormatNumber(*d.Max, r.fields.lang)
		}
	case "count", "number":
		unit = d.UnitLabel
	}
	if d.Min != nil && d.Max != nil && d.Unit != "of_n" {
		unit += fmt.Sprintf(" (%s–%s)", db.FormatNumber(*d.Min, r.fields.lang), db.FormatNumber(*d.Max, r.fields.lang))
	}
	r.Unit.SetText(unit)
}

func (r *valueRow) value(visitID string) (db.IndicatorValue, db.Errors) {
	v := r.original
	v.VisitID = visitID
	v.Qualifier, v.Note = r.Qualifier.Code(), r.Note.Text
	d, ok := r.def()
	if !ok {
		return v, db.Errors{{Field: "IndicatorID", VI: "Hãy chọn chỉ tiêu", EN: "Choose an indicator"}}
	}
	v.IndicatorID = d.ID
	n, err := db.ParseNumber("Value", r.Value.Text, r.fields.lang)
	if err != nil {
		return v, db.Errors{*err}
	}
	v.Value = n
	return v, db.ValidateIndicatorValue(v, d)
}

func (r *valueRow) dirty() bool {
	v, _ := r.value(r.original.VisitID)
	o := r.original
	return o.ID == "" || v.IndicatorID != o.IndicatorID || v.Value != o.Value || v.Qualifier != o.Qualifier || v.Note != o.Note
}

// dropRow takes a row off its tab; its saved record (savedID not empty) is
// deleted when the visit is saved.
func (f *VisitForm) dropRow(o fyne.CanvasObject, box *fyne.Container, savedID string, saved db.Record) {
	box.Remove(o)
	if savedID != "" {
		f.removed = append(f.removed, saved)
	}
	f.validate()
}

// without returns list less x.
func without[T comparable](list []T, x T) []T {
	out := list[:0]
	for _, y := range list {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}

// difficultyRow is one difficulty.
type difficultyRow struct {
	fields              *fieldSet
	original            db.Difficulty
	Category, Status    *choice
	Description, Remedy *Entry
	Responsible         *Entry
	Deadline            *DateField
	Remove              *widget.Button
	object              fyne.CanvasObject
}

func (f *VisitForm) addDifficultyRow(d db.Difficulty) *difficultyRow {
	r := &difficultyRow{original: d}
	r.fields = newFieldSet(f.env.Lang, f.validate)
	r.fields.onEscape = f.Revert
	fs := r.fields
	fs.loading = true
	r.Category, r.Status = fs.choice(db.DifficultyCategories), fs.choice(db.DifficultyStatuses)
	r.Description = fs.multiline(T("The difficulty"), 2)
	r.Remedy = fs.entry(T("Proposed remedy"))
	r.Responsible = fs.entry(T("Responsible"))
	r.Deadline = fs.date(f.env.Window)
	r.Category.SetCode(d.Category)
	r.Status.SetCode(d.Status)
	r.Description.SetText(d.Description)
	r.Remedy.SetText(d.Remedy)
	r.Responsible.SetText(d.Responsible)
	r.Deadline.SetDate(d.Deadline)
	fs.loading = false
	r.Remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		f.Difficulties = without(f.Difficulties, r)
		f.dropRow(r.object, f.difficultyBox, r.original.ID, &r.original)
	})
	form := widget.NewForm(
		fs.item(T("Category"), "Category", r.Category),
		fs.item(T("Difficulty"), "Description", r.Description),
		fs.item(T("Remedy"), "Remedy", r.Remedy),
		fs.item(T("Responsible"), "Responsible", r.Responsible),
		fs.item(T("Deadline"), "Deadline", container.NewGridWithColumns(2, r.Deadline.Object(), fs.with("Status", r.Status))),
	)
	r.object = container.NewBorder(nil, widget.NewSeparator(), nil, r.Remove, form)
	f.Difficulties = append(f.Difficulties, r)
	f.difficultyBox.Add(r.object)
	return r
}

func (r *difficultyRow) difficulty(visitID string) (db.Difficulty, db.Errors) {
	d := r.original
	d.VisitID = visitID
	d.Category, d.Status = r.Category.Code(), r.Status.Code()
	d.Description, d.Remedy, d.Responsible = r.Description.Text, r.Remedy.Text, r.Responsible.Text
	var errs db.Errors
	d.Deadline = date("Deadline", r.Deadline, &errs)
	check := d
	check.Description = db.NormalizeText(d.Description)
	return d, append(errs, check.Validate()...)
}

func (r *difficultyRow) dirty() bool {
	d, _ := r.difficulty(r.original.VisitID)
	o := r.original
	return o.ID == "" || d.Category != o.Category || d.Status != o.Status || d.Description != o.Description ||
		d.Remedy != o.Remedy || d.Responsible != o.Responsible || d.Deadline != o.Deadline
}

// requestRow is one request of the delegation.
type requestRow struct {
	fields   *fieldSet
	original db.Request
	today    db.Date
	Text     *Entry
	Deadline *DateField
	Status   *choice
	Overdue  *widget.Label
	Remove   *widget.Button
	object   fyne.CanvasObject
}

func (f *VisitForm) addRequestRow(q db.Request) *requestRow {
	r := &requestRow{original: q, today: f.today}
	r.fields = newFieldSet(f.env.Lang, f.validate)
	r.fields.onEscape = f.Revert
	fs := r.fields
	fs.loading = true
	r.Text = fs.multiline(T("What the commune is asked to do"), 2)
	r.Deadline = fs.date(f.env.Window)
	r.Status = fs.choice(db.RequestStatuses)
	r.Overdue = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.Overdue.Importance = widget.DangerImportance
	r.Text.SetText(q.Text)
	r.Deadline.SetDate(q.Deadline)
	r.Status.SetCode(q.Status)
	fs.loading = false
	r.Remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		f.Requests = without(f.Requests, r)
		f.dropRow(r.object, f.requestBox, r.original.ID, &r.original)
	})
	form := widget.NewForm(
		fs.item(T("Request"), "Text", r.Text),
		fs.item(T("Deadline"), "Deadline", container.NewGridWithColumns(3, r.Deadline.Object(), fs.with("Status", r.Status), r.Overdue)),
	)
	r.object = container.NewBorder(nil, widget.NewSeparator(), nil, r.Remove, form)
	f.Requests = append(f.Requests, r)
	f.requestBox.Add(r.object)
	return r
}

func (r *requestRow) request(visitID string) (db.Request, db.Errors) {
	q := r.original
	q.VisitID = visitID
	q.Text, q.Status = r.Text.Text, r.Status.Code()
	var errs db.Errors
	q.Deadline = date("Deadline", r.Deadline, &errs)
	check := q
	check.Text = db.NormalizeText(q.Text)
	return q, append(errs, check.Validate()...)
}

func (r *requestRow) showOverdue(q db.Request, today db.Date) {
	text := ""
	if q.Overdue(today) {
		text = T("Overdue")
	}
	r.Overdue.SetText(text)
}

func (r *requestRow) dirty() bool {
	q, _ := r.request(r.original.VisitID)
	o := r.original
	return o.ID == "" || q.Text != o.Text || q.Status != o.Status || q.Deadline != o.Deadline
}
