package forms

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// CommuneForm edits a commune of the catalogue.
type CommuneForm struct {
	*lifecycle
	env      Env
	fields   *fieldSet
	original db.Commune

	Name, Province, Code, Notes *Entry
	Kind                        *choice
	widgets                     *widget.Form

	// OnSaved is told the commune after each save.
	OnSaved func(db.Commune)
}

// NewCommuneForm edits c (a new commune when c.ID is empty).
func NewCommuneForm(env Env, c db.Commune) *CommuneForm {
	f := &CommuneForm{env: env, original: c}
	f.lifecycle = newLifecycle(env, "")
	f.form = f
	f.writable = func(table string) bool { return env.Rights.MayWrite(table, "", "") }
	f.fields = f.newFields("communes")
	fs := f.fields
	f.Name = fs.entry("Lũng Nặm")
	f.Kind = fs.choiceOf("Kind")
	f.Province = fs.entry("Cao Bằng")
	f.Code = fs.entry("01393")
	f.Notes = fs.multiline("", 2)
	f.widgets = widget.NewForm(
		fs.item("Name", f.Name),
		fs.item("Kind", f.Kind),
		fs.item("Province", f.Province),
		fs.item("Code", f.Code),
		fs.item("Notes", f.Notes),
	)
	f.content = container.NewBorder(nil, f.Buttons, nil, nil, wheel(f.scroll(f.widgets)))
	f.first = func() fyne.Focusable { return f.Name }
	f.reload()
	return f
}

func (f *CommuneForm) load() {
	c := f.original
	f.Name.Load(c.Name)
	f.Kind.SetCode(c.Kind)
	f.Province.Load(c.Province)
	f.Code.Load(c.Code)
	f.Notes.Load(c.Notes)
}

// Commune returns the commune the widgets describe, and what is wrong.
func (f *CommuneForm) Commune() (db.Commune, db.Errors) {
	c := f.original
	c.Name, c.Kind, c.Province, c.Code, c.Notes = f.Name.Text, f.Kind.Code(), f.Province.Text, f.Code.Text, f.Notes.Text
	return c, db.Check(&c)
}

func (f *CommuneForm) saved() []db.Record {
	c := f.original
	return []db.Record{&c}
}

func (f *CommuneForm) build() []part {
	c, errs := f.Commune()
	return []part{{rec: &c, errs: errs, fields: f.fields}}
}

func (f *CommuneForm) write(now, _ []db.Record) error {
	return f.env.Store.Save(context.Background(), now[0])
}

func (f *CommuneForm) stored(now []db.Record) {
	f.original = *now[0].(*db.Commune)
	f.reload()
	if f.OnSaved != nil {
		f.OnSaved(f.original)
	}
}

// formDialog shows a form in a dialog whose Save button is the form's.
type formDialog struct {
	d      dialog.Dialog
	closed func() // when the dialog closes, saved or not
}

func (d *formDialog) Show() { d.d.Show() }
func (d *formDialog) Hide() { d.d.Hide() }

func newFormDialog(title string, f *CommuneForm, win fyne.Window) *formDialog {
	d := &formDialog{}
	cancel := widget.NewButton(T("Cancel"), func() { d.d.Hide() })
	f.Buttons.Add(cancel)
	d.d = dialog.NewCustomWithoutButtons(title, f.Content(), win)
	d.d.Resize(fyne.NewSize(600, 460))
	// The dialog's keys: Enter in a field of one line and Ctrl+S save its
	// record (not the form behind it), Escape cancels.
	save := func() { f.Save(nil) }
	f.cancel = d.d.Hide
	for _, e := range []*Entry{f.Name, f.Province, f.Code} {
		e.OnSubmitted = func(string) { save() }
	}
	c := win.Canvas()
	keysMu.Lock()
	dialogForms[c] = f
	keysMu.Unlock()
	DialogKeys(c, d.d, save, d.d.Hide, true, func() {
		keysMu.Lock()
		if dialogForms[c] == Form(f) {
			delete(dialogForms, c)
		}
		keysMu.Unlock()
		if d.closed != nil {
			d.closed()
		}
	})
	return d
}
