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
	form                        *widget.Form
	content                     fyne.CanvasObject

	// OnSaved is told the commune after each save.
	OnSaved func(db.Commune)
}

// NewCommuneForm edits c (a new commune when c.ID is empty).
func NewCommuneForm(env Env, c db.Commune) *CommuneForm {
	f := &CommuneForm{env: env, original: c}
	f.lifecycle = newLifecycle(env, "", func() { f.Save(nil) })
	f.check, f.dirty, f.revert = f.showErrors, f.Dirty, f.load
	f.fields = f.newFields(f.validate)
	fs := f.fields
	f.Name = fs.entry("Lũng Nặm")
	f.Kind = fs.choice(db.CommuneKinds)
	f.Province = fs.entry("Cao Bằng")
	f.Code = fs.entry("01393")
	f.Notes = fs.multiline("", 2)
	f.form = widget.NewForm(
		fs.item(T("Name"), "Name", f.Name),
		fs.item(T("Kind"), "Kind", f.Kind),
		fs.item(T("Province"), "Province", f.Province),
		fs.item(T("Administrative code"), "Code", f.Code),
		fs.item(T("Notes"), "Notes", f.Notes),
	)
	f.content = container.NewBorder(nil, f.Buttons, nil, nil, f.scroll(f.form))
	f.load()
	return f
}

func (f *CommuneForm) load() {
	f.fields.loading = true
	c := f.original
	f.Name.Load(c.Name)
	f.Kind.SetCode(c.Kind)
	f.Province.Load(c.Province)
	f.Code.Load(c.Code)
	f.Notes.Load(c.Notes)
	f.fields.loading = false
	f.validate()
}

// Commune returns the commune the widgets describe, and what is wrong.
func (f *CommuneForm) Commune() (db.Commune, db.Errors) {
	c := f.original
	c.Name, c.Kind, c.Province, c.Code, c.Notes = f.Name.Text, f.Kind.Code(), f.Province.Text, f.Code.Text, f.Notes.Text
	return c, db.Check(&c)
}

func (f *CommuneForm) validate() {
	if !f.fields.loading {
		f.refresh()
	}
}

func (f *CommuneForm) showErrors() bool {
	_, errs := f.Commune()
	return f.fields.show(errs, nil)
}

// Dirty reports whether anything differs from what was saved.
func (f *CommuneForm) Dirty() bool {
	c, _ := f.Commune()
	o := f.original
	return c.Name != o.Name || c.Kind != o.Kind || c.Province != o.Province || c.Code != o.Code || c.Notes != o.Notes
}

// Save stores the commune.
func (f *CommuneForm) Save(done func(error)) {
	c, errs := f.Commune()
	f.save(errs, nil, func() error { return f.env.Store.Save(context.Background(), &c) }, func() {
		f.original = c
		f.load()
		if f.OnSaved != nil {
			f.OnSaved(c)
		}
	}, done)
}

// Revert puts back what was last saved.
func (f *CommuneForm) Revert() { f.load() }

// Content is the form's screen.
func (f *CommuneForm) Content() fyne.CanvasObject { return f.content }

// Focus puts the cursor in the name.
func (f *CommuneForm) Focus() {
	if f.env.Window != nil {
		f.env.Window.Canvas().Focus(f.Name)
	}
}

// formDialog shows a form in a dialog whose Save button is the form's.
type formDialog struct{ d dialog.Dialog }

func (d *formDialog) Show() { d.d.Show() }
func (d *formDialog) Hide() { d.d.Hide() }

func newFormDialog(title string, f *CommuneForm, win fyne.Window) *formDialog {
	d := &formDialog{}
	cancel := widget.NewButton(T("Cancel"), func() { d.d.Hide() })
	f.Buttons.Add(cancel)
	d.d = dialog.NewCustomWithoutButtons(title, f.Content(), win)
	d.d.Resize(fyne.NewSize(600, 460))
	return d
}
