// Package forms holds one form per record of the domain: delegation, visit
// (with its sessions, indicators, difficulties and requests), commune and
// indicator. A form builds a record from its widgets, checks it with the
// record's own validation (the same the store applies) as the user types,
// and hands it to the store. Forms never hold SQL.
package forms

import (
	"context"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// Store is what the forms need of the data store; *db.Store is one.
type Store interface {
	WithTx(ctx context.Context, fn func(*db.Tx) error) error
	Save(ctx context.Context, r db.Record) error
	Delete(ctx context.Context, r db.Record) error
	Dependents(ctx context.Context, r db.Record) (map[string]int, error)
	Delegations(ctx context.Context) ([]db.Delegation, error)
	Members(ctx context.Context, delegationID string) ([]db.Member, error)
	Communes(ctx context.Context, query string) ([]db.Commune, error)
	Indicators(ctx context.Context) ([]db.Indicator, error)
	VisitDetail(ctx context.Context, id string) (*db.VisitDetail, error)
}

// Env is what every form is given: the store, the interface language, the
// window its dialogs belong to, and how work is run off the UI goroutine.
type Env struct {
	Store  Store
	Lang   string
	Window fyne.Window
	// Run does work off the UI goroutine and then done on it. Tests run
	// both at once.
	Run func(work func(), done func())
}

// RunInBackground runs work in a goroutine and done through fyne.Do.
func RunInBackground(work func(), done func()) {
	go func() {
		work()
		fyne.Do(done)
	}()
}

// RunNow runs work and done at once, for tests.
func RunNow(work func(), done func()) {
	work()
	done()
}

// T translates a text of the program into the interface language.
func T(text string, data ...any) string { return lang.L(text, data...) }

// Form is what the main window needs of any form.
type Form interface {
	Content() fyne.CanvasObject
	// Dirty reports whether the form holds changes not saved.
	Dirty() bool
	// Save saves the form when it is valid; done is told the outcome.
	Save(done func(error))
	// Revert puts back what was last saved.
	Revert()
	// Focus gives the keyboard to the first field.
	Focus()
}

// save runs work (the writes to the store) off the UI goroutine with the
// Save button disabled; then, on the UI goroutine, saved when it succeeded
// or failed when it did not, and tells done the outcome.
func (env Env) save(button *widget.Button, work func() error, saved, failed func(), done func(error)) {
	var err error
	button.Disable()
	env.Run(func() { err = work() }, func() {
		if err == nil {
			saved()
		} else {
			failed()
		}
		report(done, err)
	})
}

// errorColor is the red of messages beside invalid fields.
func errorColor() color.Color {
	return theme.Color(theme.ColorNameError)
}

// fieldSet ties the widgets of one record to the messages shown under them.
type fieldSet struct {
	lang     string
	messages map[string]*canvas.Text // by the record's Go field name
	onChange func()
	onEscape func() // Escape in a text field
	loading  bool   // set while widgets are filled from a record
}

func newFieldSet(lang string, onChange func()) *fieldSet {
	return &fieldSet{lang: lang, messages: map[string]*canvas.Text{}, onChange: onChange}
}

func (fs *fieldSet) changed() {
	if !fs.loading && fs.onChange != nil {
		fs.onChange()
	}
}

// message returns the text shown under the field key.
func (fs *fieldSet) message(key string) *canvas.Text {
	if m, ok := fs.messages[key]; ok {
		return m
	}
	m := canvas.NewText("", errorColor())
	m.TextSize = theme.CaptionTextSize()
	m.Hide()
	fs.messages[key] = m
	return m
}

// with puts the message of key under obj.
func (fs *fieldSet) with(key string, obj fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(obj, fs.message(key))
}

// item is a form row: a label and the widget with its message.
func (fs *fieldSet) item(label, key string, obj fyne.CanvasObject) *widget.FormItem {
	return widget.NewFormItem(label, fs.with(key, obj))
}

// show displays errs under their fields and reports whether there were none.
func (fs *fieldSet) show(errs db.Errors) bool {
	for key, m := range fs.messages {
		text := ""
		if e := errs.For(key); e != nil {
			text = e.Message(fs.lang)
		}
		if m.Text != text {
			m.Text = text
			if text == "" {
				m.Hide()
			} else {
				m.Show()
			}
			m.Refresh()
		}
	}
	return len(errs) == 0
}

// Entry is a text field of a form; Escape in it puts back what was saved.
type Entry struct {
	widget.Entry
	fields *fieldSet
}

// TypedKey handles Escape, and leaves every other key to the entry.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.fields.onEscape != nil {
		e.fields.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

func (fs *fieldSet) newEntry(multiline bool) *Entry {
	e := &Entry{fields: fs}
	e.MultiLine = multiline
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewEntry
	e.ExtendBaseWidget(e)
	return e
}

// entry is a one-line text field.
func (fs *fieldSet) entry(placeholder string) *Entry {
	e := fs.newEntry(false)
	e.SetPlaceHolder(placeholder)
	e.OnChanged = func(string) { fs.changed() }
	return e
}

// multiline is a text field of several lines.
func (fs *fieldSet) multiline(placeholder string, rows int) *Entry {
	e := fs.newEntry(true)
	e.SetPlaceHolder(placeholder)
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(rows)
	e.OnChanged = func(string) { fs.changed() }
	return e
}

// choice is a drop-down of a closed list, in the interface language.
type choice struct {
	*widget.Select
	choices db.Choices
	lang    string
}

func (fs *fieldSet) choice(cs db.Choices) *choice {
	c := &choice{choices: cs, lang: fs.lang}
	c.Select = widget.NewSelect(cs.Labels(fs.lang), func(string) { fs.changed() })
	c.PlaceHolder = T("(not given)")
	return c
}

// Code returns the code of the chosen entry ("" when none).
func (c *choice) Code() string { return c.choices.CodeOf(c.Selected, c.lang) }

// SetCode chooses the entry with code.
func (c *choice) SetCode(code string) {
	if code == "" && !c.choices.Has("") {
		c.ClearSelected()
		return
	}
	c.SetSelected(c.choices.Label(code, c.lang))
}

// count reads a count typed by the user into dst, noting a typing error.
func count(field, text string, dst **int, errs *db.Errors) {
	n, err := db.ParseCount(field, text)
	if err != nil {
		*errs = append(*errs, *err)
		return
	}
	*dst = n
}

// formatCount writes an optional count as the user reads it.
func formatCount(n *int, lang string) string {
	if n == nil {
		return ""
	}
	return db.FormatNumber(float64(*n), lang)
}

// date reads a date typed by the user, noting a typing error.
func date(field string, d *DateField, errs *db.Errors) db.Date {
	v, err := d.Date()
	if err != nil {
		*errs = append(*errs, db.FieldError{Field: field, VI: "Ngày không hợp lệ, hãy nhập dd/mm/yyyy", EN: "Not a valid date: type dd/mm/yyyy"})
	}
	return v
}

// bold is a heading inside a form.
func bold(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
