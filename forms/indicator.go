package forms

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// IndicatorForm edits an entry of the indicator catalogue: what communes
// report, in which unit and within which range.
type IndicatorForm struct {
	env      Env
	fields   *fieldSet
	original db.Indicator

	Code, NameVI, NameEN, UnitLabel, Min, Max *Entry
	Unit                                      *choice
	Key                                       *widget.Check
	SaveButton                                *widget.Button
	content                                   fyne.CanvasObject

	// OnSaved is told the indicator after each save.
	OnSaved func(db.Indicator)
}

// NewIndicatorForm edits ind (a new one when ind.ID is empty).
func NewIndicatorForm(env Env, ind db.Indicator) *IndicatorForm {
	f := &IndicatorForm{env: env, original: ind}
	f.fields = newFieldSet(env.Lang, f.validate)
	f.fields.onEscape = f.Revert
	fs := f.fields
	f.Code = fs.entry("poor_households")
	f.NameVI = fs.entry(T("Name in Vietnamese"))
	f.NameEN = fs.entry(T("Name in English"))
	f.Unit = fs.choice(db.IndicatorUnits)
	f.UnitLabel = fs.entry(T("e.g. households"))
	f.Min, f.Max = fs.entry(""), fs.entry("")
	f.Key = widget.NewCheck(T("Show in the summary"), func(bool) { fs.changed() })
	f.SaveButton = widget.NewButtonWithIcon(T("Save"), theme.DocumentSaveIcon(), func() { f.Save(nil) })
	f.SaveButton.Importance = widget.HighImportance
	form := widget.NewForm(
		fs.item(T("Code"), "Code", f.Code),
		fs.item(T("Name"), "NameVI", f.NameVI),
		fs.item(T("Name (English)"), "NameEN", f.NameEN),
		fs.item(T("Unit"), "Unit", container.NewGridWithColumns(2, f.Unit, fs.with("UnitLabel", f.UnitLabel))),
		fs.item(T("Lowest value"), "Min", f.Min),
		fs.item(T("Highest value (N for x/N)"), "Max", f.Max),
		widget.NewFormItem("", f.Key),
	)
	title := T("New indicator")
	if ind.ID != "" {
		title = ind.Name(env.Lang)
	}
	f.content = container.NewBorder(bold(title), container.NewHBox(f.SaveButton), nil, nil, container.NewVScroll(form))
	f.load()
	return f
}

func (f *IndicatorForm) load() {
	f.fields.loading = true
	i := f.original
	f.Code.SetText(i.Code)
	f.NameVI.SetText(i.NameVI)
	f.NameEN.SetText(i.NameEN)
	f.Unit.SetCode(i.Unit)
	f.UnitLabel.SetText(i.UnitLabel)
	f.Min.SetText(optNumber(i.Min, f.env.Lang))
	f.Max.SetText(optNumber(i.Max, f.env.Lang))
	f.Key.SetChecked(i.Key)
	f.fields.loading = false
	f.validate()
}

func optNumber(p *float64, lang string) string {
	if p == nil {
		return ""
	}
	return db.FormatNumber(*p, lang)
}

func optParse(field, text, lang string, errs *db.Errors) *float64 {
	if db.NormalizeText(text) == "" {
		return nil
	}
	v, err := db.ParseNumber(field, text, lang)
	if err != nil {
		*errs = append(*errs, *err)
		return nil
	}
	return &v
}

// Indicator returns the indicator the widgets describe, and what is wrong.
func (f *IndicatorForm) Indicator() (db.Indicator, db.Errors) {
	i := f.original
	i.Code, i.NameVI, i.NameEN, i.UnitLabel = f.Code.Text, f.NameVI.Text, f.NameEN.Text, f.UnitLabel.Text
	i.Unit, i.Key = f.Unit.Code(), f.Key.Checked
	var errs db.Errors
	i.Min = optParse("Min", f.Min.Text, f.env.Lang, &errs)
	i.Max = optParse("Max", f.Max.Text, f.env.Lang, &errs)
	check := i
	check.Code, check.NameVI = db.NormalizeText(i.Code), db.NormalizeText(i.NameVI)
	return i, append(errs, check.Validate()...)
}

func (f *IndicatorForm) validate() {
	if f.fields.loading {
		return
	}
	_, errs := f.Indicator()
	if f.fields.show(errs) && f.Dirty() {
		f.SaveButton.Enable()
	} else {
		f.SaveButton.Disable()
	}
}

// Dirty reports whether anything differs from what was saved.
func (f *IndicatorForm) Dirty() bool {
	i, _ := f.Indicator()
	o := f.original
	return i.Code != o.Code || i.NameVI != o.NameVI || i.NameEN != o.NameEN || i.Unit != o.Unit ||
		i.UnitLabel != o.UnitLabel || i.Key != o.Key || !sameFloat(i.Min, o.Min) || !sameFloat(i.Max, o.Max)
}

func sameFloat(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// Save stores the indicator.
func (f *IndicatorForm) Save(done func(error)) {
	i, errs := f.Indicator()
	if len(errs) > 0 {
		report(done, errs)
		return
	}
	f.env.save(f.SaveButton, func() error { return f.env.Store.Save(context.Background(), &i) }, func() {
		f.original = i
		f.load()
		if f.OnSaved != nil {
			f.OnSaved(i)
		}
	}, f.validate, done)
}

// Revert puts back what was last saved.
func (f *IndicatorForm) Revert() { f.load() }

// Content is the form's screen.
func (f *IndicatorForm) Content() fyne.CanvasObject { return f.content }

// Focus puts the cursor in the code.
func (f *IndicatorForm) Focus() {
	if f.env.Window != nil {
		f.env.Window.Canvas().Focus(f.Code)
	}
}
