package forms

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// sessionRow is what a commune reports at one level of dissemination: a
// row of the sessions grid (sessionGrid).
type sessionRow struct {
	fields                                     *fieldSet
	level                                      db.Choice
	original                                   db.Session
	Held, Participants, Expected, LinkPoints   *Entry
	HeldQualifier, ParticipantsQualifier, Mode *choice
	Note                                       *Entry
	Rate                                       *widget.Label
	cells                                      []fyne.CanvasObject
	note                                       fyne.CanvasObject // the note's cell, as wide as the figures
}

func (f *VisitForm) newSessionRow(level db.Choice) *sessionRow {
	r := &sessionRow{level: level}
	r.fields = f.newFields("sessions")
	fs := r.fields
	r.Held, r.Participants, r.Expected, r.LinkPoints = fs.entry(""), fs.entry(""), fs.entry(""), fs.entry("")
	r.HeldQualifier, r.ParticipantsQualifier = fs.choiceOf("HeldQualifier"), fs.choiceOf("ParticipantsQualifier")
	r.Mode = fs.choiceOf("Mode")
	typedQualifier(r.Held, r.HeldQualifier, db.Qualifiers)
	typedQualifier(r.Participants, r.ParticipantsQualifier, db.Qualifiers)
	r.Note = fs.entry("")
	r.Rate = widget.NewLabel("")
	name := widget.NewLabelWithStyle(level.Label(f.env.Lang), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	qualifier, count := choiceWidth(db.Qualifiers, f.env.Lang), countWidth()
	split := func(a, b fyne.CanvasObject) fyne.CanvasObject {
		return container.New(splitLayout{first: qualifier, second: count}, a, b)
	}
	// The note has a line of its own under the figures, as wide as they
	// are; what is wrong with it shows beside it, under the level's name.
	r.note = r.Note
	r.cells = []fyne.CanvasObject{
		name,
		split(fs.with("HeldQualifier", r.HeldQualifier), fs.with("Held", r.Held)),
		split(fs.with("ParticipantsQualifier", r.ParticipantsQualifier), fs.with("Participants", r.Participants)),
		fs.with("Expected", r.Expected),
		r.Rate,
		fs.with("Mode", r.Mode),
		fs.with("LinkPoints", r.LinkPoints),
		container.New(messageLine{}, fs.message("Note")), r.note,
	}
	r.Note.SetPlaceHolder(fs.label("Note"))
	return r
}

// sessionGrid is the sessions tab: a band a level (its figures on one
// line, its note under them), a column a figure, so that the four levels
// fit the window without scrolling.
func (f *VisitForm) sessionGrid() fyne.CanvasObject {
	// A drop-down is as wide as its longest choice: what is picked shows
	// whole. A count beside its qualifier shows 5 digits.
	qualifier, mode := choiceWidth(db.Qualifiers, f.env.Lang), choiceWidth(db.SessionModes, f.env.Lang)
	count := countWidth()
	figure := qualifier + theme.Padding() + count
	objs := []fyne.CanvasObject{
		heading(""), heading(T("Held (column)")), heading(T("Participants (column)")), heading(T("Expected (column)")),
		heading(T("Rate (column)")), heading(T("Mode (column)")), heading(T("Link-up points (column)")),
	}
	// The levels' names wrap between words, on two lines at most: a third
	// line ("Fatherland / Front and mass / organisations") makes the four
	// levels taller than the window.
	names := float32(130) // "Chi bộ, đảng bộ / trực thuộc" on two lines
	for _, l := range db.SessionLevels {
		names = max(names, twoLines(l.Label(f.env.Lang))+2*theme.InnerPadding()+2)
	}
	cols := []gridColumn{{min: names, weight: 0.6, keep: true}, {min: figure, weight: 1}, {min: figure, weight: 1}, {min: count, weight: 0.4}, {min: 56, weight: 0.2}, {min: mode, weight: 0.6}, {min: count, weight: 0.3}}
	for i, h := range objs {
		// A column's title on one line.
		cols[i].min = max(cols[i].min, h.MinSize().Width)
	}
	// On a narrow screen the mode gives first: its longest choice is the
	// rare one, and the others show whole in less.
	cols[5].least = max(choiceWidth(db.SessionModes[:2], f.env.Lang), objs[5].MinSize().Width)
	wide := map[fyne.CanvasObject]bool{}
	for _, level := range db.SessionLevels {
		r := f.newSessionRow(level)
		f.Sessions = append(f.Sessions, r)
		objs = append(objs, r.cells...)
		wide[r.note] = true
	}
	return container.New(gridLayout{cols: cols, wide: wide}, objs...)
}

func (r *sessionRow) fill(s db.Session) {
	r.original = s
	r.fields.loading = true
	lang := r.fields.lang
	r.Held.Load(db.FormatCount(s.Held, lang))
	r.Participants.Load(db.FormatCount(s.Participants, lang))
	r.Expected.Load(db.FormatCount(s.Expected, lang))
	r.LinkPoints.Load(db.FormatCount(s.LinkPoints, lang))
	r.HeldQualifier.SetCode(s.HeldQualifier)
	r.ParticipantsQualifier.SetCode(s.ParticipantsQualifier)
	r.Mode.SetCode(s.Mode)
	r.Note.Load(s.Note)
	r.fields.loading = false
}

// session returns the session the row describes, whether the row is empty,
// and what is wrong with it. It also shows the participation rate.
func (r *sessionRow) session(visitID string) (db.Session, bool, db.Errors) {
	s := r.original
	s.VisitID, s.Level = visitID, r.level.Code
	var errs db.Errors
	s.Held, s.Participants, s.Expected, s.LinkPoints = nil, nil, nil, nil
	count("Held", r.Held.Text, r.fields.lang, &s.Held, &errs)
	count("Participants", r.Participants.Text, r.fields.lang, &s.Participants, &errs)
	count("Expected", r.Expected.Text, r.fields.lang, &s.Expected, &errs)
	count("LinkPoints", r.LinkPoints.Text, r.fields.lang, &s.LinkPoints, &errs)
	s.HeldQualifier, s.ParticipantsQualifier = r.HeldQualifier.Code(), r.ParticipantsQualifier.Code()
	s.Mode, s.Note = r.Mode.Code(), r.Note.Text
	if rate, ok := s.Rate(); ok {
		r.Rate.SetText(db.FormatNumber(float64(int(rate*10000+0.5))/100, r.fields.lang) + "%")
	} else {
		r.Rate.SetText("")
	}
	check := db.Check(&s)
	// A qualifier alone is something recorded: "many" with no number is
	// what the article says ("nhiều đợt"), never nothing.
	empty := s.Held == nil && s.Participants == nil && s.Expected == nil && s.LinkPoints == nil &&
		s.HeldQualifier == "" && s.ParticipantsQualifier == "" && s.Mode == "" && s.Note == "" && len(errs) == 0
	if len(errs) == 0 {
		errs = check
	}
	return s, empty, errs
}

// valueRow is one indicator of the catalogue and what the visit reported
// of it: the indicators' tab lists the whole catalogue, as aggregate entry
// forms do, and a row left empty records nothing (emptied, it deletes what
// was recorded).
type valueRow struct {
	fields    *fieldSet
	original  db.IndicatorValue
	ind       db.Indicator
	Name      *widget.Label
	Qualifier *choice
	Value     *Entry
	Unit      *widget.Label
	Note      *Entry
	object    fyne.CanvasObject
}

// addValueRow adds the row of indicator ind, holding v (v.ID empty when the
// visit recorded nothing of it).
func (f *VisitForm) addValueRow(ind db.Indicator, v db.IndicatorValue) *valueRow {
	v.IndicatorID = ind.ID
	r := &valueRow{original: v, ind: ind}
	r.fields = f.newFields("indicator_values")
	fs := r.fields
	fs.loading = true
	r.Name = widget.NewLabel(ind.Name(f.env.Lang))
	r.Name.Wrapping = fyne.TextWrapWord
	r.Qualifier = fs.choiceOf("Qualifier")
	r.Value = fs.entry("")
	typedQualifier(r.Value, r.Qualifier, db.ValueQualifiers)
	r.Unit = widget.NewLabel("")
	r.Unit.Wrapping = fyne.TextWrapWord // "% kế hoạch (0–1.000)" on two lines rather than under the note
	r.Note = fs.entry("")
	r.Note.SetPlaceHolder(T("Note"))
	r.Qualifier.SetCode(v.Qualifier)
	if v.ID != "" {
		r.Value.Load(db.FormatNumber(v.Value, f.env.Lang))
	}
	r.Note.Load(v.Note)
	r.showUnit()
	fs.loading = false
	// A row of the indicators' grid (valueColumns): the indicator, its
	// qualifier, value and unit, the note, on one line.
	r.object = container.New(f.valueGrid(),
		fs.with("IndicatorID", r.Name), fs.with("Qualifier", r.Qualifier), fs.with("Value", r.Value),
		r.Unit, fs.with("Note", r.Note))
	// Enter goes to the next indicator's value, as in a spreadsheet: the
	// catalogue is typed down its column.
	r.Value.OnSubmitted = func(string) {
		for i, x := range f.Values {
			if x == r && i+1 < len(f.Values) {
				f.focus(f.Values[i+1].Value)
			}
		}
	}
	f.Values = append(f.Values, r)
	f.valueBox.Add(r.object)
	return r
}

// loadValues lists the catalogue with what the visit recorded of each
// indicator (a second value of one indicator, which earlier versions
// allowed, on a row of its own under it).
func (f *VisitForm) loadValues(values []db.IndicatorValue) {
	byIndicator := map[string][]db.IndicatorValue{}
	for _, v := range values {
		byIndicator[v.IndicatorID] = append(byIndicator[v.IndicatorID], v)
	}
	for _, ind := range f.indicators {
		vs := byIndicator[ind.ID]
		if len(vs) == 0 {
			vs = []db.IndicatorValue{{}}
		}
		for _, v := range vs {
			f.addValueRow(ind, v)
		}
	}
}

// valueColumns are the columns of the indicators' grid: the indicator's
// drop-down as wide as its longest name (a picked one shows whole, up to a
// point), the qualifier as its longest, then the value, unit and note.
func (f *VisitForm) valueColumns() []gridColumn {
	name := float32(200)
	for _, d := range f.indicators {
		name = max(name, fyne.MeasureText(d.Name(f.env.Lang), theme.TextSize(), fyne.TextStyle{}).Width+4*theme.InnerPadding()+theme.IconInlineSize()+2)
	}
	return []gridColumn{{min: min(name, 380), weight: 1}, {min: choiceWidth(db.ValueQualifiers, f.env.Lang)}, {min: 90, weight: 0.3}, {min: 130, weight: 0.5}, {min: 140, weight: 1.2}}
}

// valueGrid is the one layout of the indicators' header and rows, so that
// their columns line up; Show gives it the columns of a new catalogue.
func (f *VisitForm) valueGrid() *gridLayout {
	if f.valueLayout == nil {
		f.valueLayout = &gridLayout{cols: f.valueColumns()}
	}
	return f.valueLayout
}

// valueHeader is the indicators' grid's header, beside room for the rows'
// Delete buttons.
func (f *VisitForm) valueHeader() fyne.CanvasObject {
	label := func(key string) string { return db.Label(f.env.Lang, "indicator_values", key) }
	return container.New(f.valueGrid(),
		heading(label("IndicatorID")), heading(label("Qualifier")), heading(label("Value")),
		heading(T("Unit (column)")), heading(label("Note")))
}

func (r *valueRow) def() (db.Indicator, bool) { return r.ind, r.ind.ID != "" }

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
		unit = d.UnitLabelIn(r.fields.lang)
	}
	if d.Min != nil && d.Max != nil && d.Unit != "of_n" {
		unit += fmt.Sprintf(" (%s–%s)", db.FormatNumber(*d.Min, r.fields.lang), db.FormatNumber(*d.Max, r.fields.lang))
	}
	r.Unit.SetText(unit)
}

// value is what the row records, and whether it is empty: no value and no
// note (a qualifier alone qualifies nothing), which records nothing and,
// emptied, deletes what was recorded.
func (r *valueRow) value(visitID string) (db.IndicatorValue, bool, db.Errors) {
	v := r.original
	v.VisitID = visitID
	if strings.TrimSpace(r.Value.Text) == "" && strings.TrimSpace(r.Note.Text) == "" {
		return v, true, nil
	}
	v.Qualifier, v.Note = r.Qualifier.Code(), r.Note.Text
	d, ok := r.def()
	v.IndicatorID = d.ID // "" when none is chosen: the store's check says so
	var typed db.Errors
	if n, err := db.ParseValue("Value", r.Value.Text, r.fields.lang, d); err != nil {
		typed = db.Errors{*err}
	} else {
		v.Value = n
	}
	checked := db.Check(&v) // normalises the note too
	if !ok {
		return v, false, merge(typed, checked)
	}
	return v, false, merge(typed, db.ValidateIndicatorValue(v, d))
}

// dropRow takes a row off its tab; its saved record, if any, is deleted
// when the visit is saved.
func (f *VisitForm) dropRow(o fyne.CanvasObject, box *fyne.Container) {
	box.Remove(o)
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

// difficultyRow is one difficulty: the commune's own, or common to several
// communes of the delegation, with the communes ticked.
type difficultyRow struct {
	*reach
	form                *VisitForm
	fields              *fieldSet
	original            db.Difficulty
	Category, Status    *choice
	Description, Remedy *Entry
	Responsible         *Entry
	Deadline            *DateField
	Remove              *Button
	object              fyne.CanvasObject
}

func (f *VisitForm) addDifficultyRow(d db.Difficulty) *difficultyRow {
	r := &difficultyRow{form: f, original: d}
	r.fields = f.newFields("difficulties")
	fs := r.fields
	fs.loading = true
	r.Category, r.Status = fs.choiceOf("Category"), fs.choiceOf("Status")
	r.reach = f.newReach(fs, d.Scope, d.Communes)
	r.Description = fs.multiline("", 2)
	r.Description.SetPlaceHolder(T("The difficulty"))
	r.Remedy = fs.entry("")
	r.Remedy.SetPlaceHolder(T("Proposed remedy"))
	r.Responsible = fs.entry("")
	r.Responsible.SetPlaceHolder(T("Responsible"))
	r.Deadline = fs.date(f.env)
	r.Category.SetCode(d.Category)
	r.Status.SetCode(d.Status)
	r.Description.Load(d.Description)
	r.Remedy.Load(d.Remedy)
	r.Responsible.Load(d.Responsible)
	r.Deadline.Load(d.Deadline)
	fs.loading = false
	r.Remove = f.button("", theme.DeleteIcon(), func() {
		f.Difficulties = without(f.Difficulties, r)
		f.oneHint()
		if left := r.withoutThisCommune(); left != nil {
			// Common to others too: it stays theirs, without this one.
			f.difficultyBox.Remove(r.object)
			f.kept = append(f.kept, left)
			f.validate()
			return
		}
		f.dropRow(r.object, f.difficultyBox)
	})
	// The communes, under the scope, only for a common difficulty.
	form := widget.NewForm(
		widget.NewFormItem(fs.label("Category"), container.NewVBox(
			container.NewGridWithColumns(2, fs.with("Category", r.Category), fs.with("Scope", r.Scope)), r.communesBox)),
		fs.item("Description", r.Description),
		fs.item("Remedy", r.Remedy),
		fs.item("Responsible", r.Responsible),
		widget.NewFormItem(fs.label("Deadline"), container.NewGridWithColumns(2, fs.with("Deadline", r.Deadline.Object()), fs.with("Status", r.Status))),
	)
	r.fields.track(r.Remove)
	if !f.env.Rights.MayWriteRecord(&d, f.delegation.ID, f.original.CommuneID) {
		fs.setReadOnly(true) // a common difficulty, to a commune secretary
	}
	r.object = withRemove(r.Remove, widget.NewSeparator(), form)
	f.Difficulties = append(f.Difficulties, r)
	f.difficultyBox.Add(r.object)
	f.oneHint()
	return r
}

// withoutThisCommune is the saved common difficulty less this visit's
// commune, when it names others too: what removing it here saves.
func (r *difficultyRow) withoutThisCommune() *db.Difficulty {
	o := r.original
	if o.ID == "" || !o.Shared() {
		return nil
	}
	left, ok := r.othersThan(o.Communes)
	if !ok {
		return nil
	}
	o.Communes = left
	return &o
}

func (r *difficultyRow) difficulty(visitID string) (db.Difficulty, db.Errors) {
	d := r.original
	d.Category, d.Status = r.Category.Code(), r.Status.Code()
	r.set(visitID, &d.Scope, &d.VisitID, &d.DelegationID, &d.Communes)
	d.Description, d.Remedy, d.Responsible = r.Description.Text, r.Remedy.Text, r.Responsible.Text
	var errs db.Errors
	d.Deadline = date("Deadline", r.Deadline, &errs)
	return d, merge(errs, db.Check(&d))
}

// requestRow is one request of the delegation.
type requestRow struct {
	*reach
	fields   *fieldSet
	original db.Request
	today    db.Date
	Text     *Entry
	Deadline *DateField
	Status   *choice
	Overdue  *widget.Label
	Remove   *Button
	object   fyne.CanvasObject
}

func (f *VisitForm) addRequestRow(q db.Request) *requestRow {
	r := &requestRow{original: q, today: f.today}
	r.fields = f.newFields("requests")
	fs := r.fields
	fs.loading = true
	r.Text = fs.multiline("", 2)
	r.Text.SetPlaceHolder(T("What the commune is asked to do"))
	r.Deadline = fs.date(f.env)
	r.Status = fs.choiceOf("Status")
	r.reach = f.newReach(fs, q.Scope, q.Communes)
	r.Overdue = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.Overdue.Importance = widget.DangerImportance
	r.Text.Load(q.Text)
	r.Deadline.Load(q.Deadline)
	r.Status.SetCode(q.Status)
	fs.loading = false
	r.Remove = f.button("", theme.DeleteIcon(), func() {
		f.Requests = without(f.Requests, r)
		f.oneHint()
		if o := r.original; o.ID != "" && o.Shared() {
			if left, ok := r.othersThan(o.Communes); ok {
				// Common to others too: it stays theirs, without this one.
				o.Communes = left
				f.requestBox.Remove(r.object)
				f.kept = append(f.kept, &o)
				f.validate()
				return
			}
		}
		f.dropRow(r.object, f.requestBox)
	})
	form := widget.NewForm(
		widget.NewFormItem(fs.label("Scope"), container.NewVBox(fs.with("Scope", r.Scope), r.communesBox)),
		fs.item("Text", r.Text),
		fs.item("Deadline", container.NewGridWithColumns(3, container.NewVBox(r.Deadline.Object()), fs.with("Status", r.Status), container.NewVBox(r.Overdue))),
	)
	r.fields.track(r.Remove)
	r.object = withRemove(r.Remove, widget.NewSeparator(), form)
	f.Requests = append(f.Requests, r)
	f.requestBox.Add(r.object)
	f.oneHint()
	return r
}

func (r *requestRow) request(visitID string) (db.Request, db.Errors) {
	q := r.original
	r.set(visitID, &q.Scope, &q.VisitID, &q.DelegationID, &q.Communes)
	q.Text, q.Status = r.Text.Text, r.Status.Code()
	var errs db.Errors
	q.Deadline = date("Deadline", r.Deadline, &errs)
	return q, merge(errs, db.Check(&q))
}

func (r *requestRow) showOverdue(q db.Request, today db.Date) {
	text := ""
	if q.Overdue(today) {
		text = T("Overdue")
	}
	r.Overdue.SetText(text)
}

// twoLines is the narrowest width in which label, in bold, wraps between
// words on two lines at most.
func twoLines(label string) float32 {
	words := strings.Fields(label)
	width := func(ws []string) float32 {
		return fyne.MeasureText(strings.Join(ws, " "), theme.TextSize(), fyne.TextStyle{Bold: true}).Width
	}
	best := width(words)
	for k := 1; k < len(words); k++ {
		best = min(best, max(width(words[:k]), width(words[k:])))
	}
	return best
}

// countWidth is the width of a count's box showing five digits ("12.000").
func countWidth() float32 {
	return fyne.MeasureText("00.000", theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding() + 4
}
