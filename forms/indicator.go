package forms

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// IndicatorForm edits an entry of the indicator catalogue: what communes
// report, in which unit and within which range.
type IndicatorForm struct {
	*lifecycle
	env      Env
	fields   *fieldSet
	original db.Indicator

	Code, NameVI, NameEN, UnitLabel, Min, Max *Entry
	Unit                                      *choice
	Key                                       *widget.Check

	// OnSaved is told the indicator after each save.
	OnSaved func(db.Indicator)
}

// NewIndicatorForm edits ind (a new one when ind.ID is empty).
func NewIndicatorForm(env Env, ind db.Indicator) *IndicatorForm {
	f := &IndicatorForm{env: env, original: ind}
	f.lifecycle = newLifecycle(env, "")
	f.form = f
	f.writable = func(table string) bool { return env.Rights.MayWrite(table, "", "") }
	f.fields = f.newFields("indicators")
	fs := f.fields
	f.Code = fs.entry("poor_households")
	f.NameVI = fs.entry("")
	f.NameVI.SetPlaceHolder(T("Name in Vietnamese"))
	f.NameEN = fs.entry("")
	f.NameEN.SetPlaceHolder(T("Name in English"))
	f.Unit = fs.choiceOf("Unit")
	f.UnitLabel = fs.entry(T("households"))
	f.Min, f.Max = fs.entry(""), fs.entry("")
	f.Key = widget.NewCheck(T("Show in the summary"), func(bool) { fs.changed() })
	// A new indicator's code, which matches it between PCs, is proposed
	// from its name as it is typed (until the user types a code of their
	// own): "Tỷ lệ hộ có nước sạch" gives "ty_le_ho_co_nuoc_sach".
	proposed := ""
	f.NameVI.OnChanged = func(name string) {
		if f.original.ID == "" && (f.Code.Text == "" || f.Code.Text == proposed) {
			proposed = db.CodeFrom(name)
			f.Code.SetText(proposed)
		}
		fs.changed()
	}
	form := widget.NewForm(
		fs.item("NameVI", f.NameVI),
		fs.item("Code", f.Code),
		fs.item("NameEN", f.NameEN),
		fs.item("Unit", container.NewGridWithColumns(2, container.NewVBox(f.Unit), fs.with("UnitLabel", f.UnitLabel))),
		fs.item("Min", f.Min),
		fs.item("Max", f.Max),
		widget.NewFormItem("", Outlined(f.Key)),
	)
	f.content = container.NewBorder(f.Title, f.Buttons, nil, nil, wheel(f.scroll(form)))
	f.first = func() fyne.Focusable { return f.NameVI }
	f.reload()
	return f
}

// title names the indicator as saved ("New indicator" before that).
func (f *IndicatorForm) title() string {
	if f.original.ID == "" {
		return T("New indicator")
	}
	return f.original.Name(f.env.Lang)
}

func (f *IndicatorForm) load() {
	i := f.original
	f.Title.SetText(f.title())
	f.Code.Load(i.Code)
	f.NameVI.Load(i.NameVI)
	f.NameEN.Load(i.NameEN)
	f.Unit.SetCode(i.Unit)
	f.UnitLabel.Load(i.UnitLabel)
	f.Min.Load(optNumber(i.Min, f.env.Lang))
	f.Max.Load(optNumber(i.Max, f.env.Lang))
	f.Key.SetChecked(i.Key)
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
	return i, merge(errs, db.Check(&i))
}

func (f *IndicatorForm) saved() []db.Record {
	i := f.original
	return []db.Record{&i}
}

func (f *IndicatorForm) build() []part {
	i, errs := f.Indicator()
	return []part{{rec: &i, errs: errs, fields: f.fields}}
}

func (f *IndicatorForm) write(now, _ []db.Record) error {
	return f.env.Store.Save(context.Background(), now[0])
}

func (f *IndicatorForm) stored(now []db.Record) {
	f.original = *now[0].(*db.Indicator)
	f.reload()
	if f.OnSaved != nil {
		f.OnSaved(f.original)
	}
}
