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
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/assets"
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
	DelegationCommunes(ctx context.Context, delegationID string) ([]db.Commune, error)
}

// Env is what every form is given: the store, the interface language, the
// window its dialogs belong to, and how work is run off the UI goroutine.
type Env struct {
	Store  Store
	Lang   string
	Window fyne.Window
	// ReadOnly: the database is open for reading only; nothing is saved.
	ReadOnly bool
	// Rights are what the user may write on the province server, as its
	// last sync said: what the server would refuse shows read-only.
	Rights db.Rights
	// Driver places pop-ups (the calendar) on the window; nil in tests.
	Driver fyne.Driver
	// Run does work off the UI goroutine and then done on it, with what
	// work returned; a panic in work reaches done as an error too (the
	// window's one background bridge, app/jobs.go). Tests run both at once.
	Run func(work func() error, done func(error))
}

// RunNow runs work and done at once, for tests.
func RunNow(work func() error, done func(error)) { done(work()) }

// T translates a text of the program into the interface language.
func T(key string, data ...any) string { return assets.T(key, data...) }

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

// errorColor is the red of messages beside invalid fields.
func errorColor() color.Color {
	return theme.Color(theme.ColorNameError)
}

// warningColor is the colour of a warning: saved after a confirmation.
func warningColor() color.Color {
	return theme.Color(theme.ColorNameWarning)
}

// fieldSet ties the widgets of one record to the messages shown under them.
type fieldSet struct {
	lang  string
	table string // the record table whose fields these are

	messages map[string]*canvas.Text // by the record's Go field name
	onChange func()
	onEscape func() // Escape in a field that holds what was saved
	loading  bool   // set while widgets are filled from a record
	touched  bool   // the user changed a field of the set
	life     *lifecycle
	// widgets are the set's controls, disabled while the user may not
	// write its records (Env.Rights).
	widgets  []fyne.Disableable
	readOnly bool
}

// track notes a control of the set, disabled at once when the set is
// read-only.
func (fs *fieldSet) track(w fyne.Disableable) {
	fs.widgets = append(fs.widgets, w)
	if fs.readOnly {
		w.Disable()
	}
}

// setReadOnly disables the set's controls, or enables them again.
func (fs *fieldSet) setReadOnly(ro bool) {
	fs.readOnly = ro
	for _, w := range fs.widgets {
		if ro {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}

func newFieldSet(lang, table string, onChange func()) *fieldSet {
	return &fieldSet{lang: lang, table: table, messages: map[string]*canvas.Text{}, onChange: onChange}
}

// label is the label of the field key (the record's Go field), as the
// store names its column (db.Label): the same in the form, the conflict
// dialog, the messages and the workbook.
func (fs *fieldSet) label(key string) string { return db.Label(fs.lang, fs.table, key) }

func (fs *fieldSet) changed() {
	if fs.loading || (fs.life != nil && fs.life.loading) {
		return
	}
	fs.touched = true
	if fs.onChange != nil {
		fs.onChange()
	}
}

// cancelDialog is Escape in a field of a form shown in a dialog: the
// dialog is cancelled, as dialogs are; false for a form on the window.
func (fs *fieldSet) cancelDialog() bool {
	if fs.life == nil || fs.life.cancel == nil {
		return false
	}
	fs.life.cancel()
	return true
}

// message returns the text shown under the field key.
func (fs *fieldSet) message(key string) *canvas.Text {
	if m, ok := fs.messages[key]; ok {
		return m
	}
	m := canvas.NewText("", errorColor())
	m.TextSize = theme.CaptionTextSize()
	fs.messages[key] = m
	return m
}

// with puts the message of key under obj. The message's line is kept even
// when empty, so a message that comes or goes never moves the fields (and a
// click never lands in another field than the one aimed at).
func (fs *fieldSet) with(key string, obj fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(obj, container.New(messageLine{}, fs.message(key)))
}

// messageLine reserves one caption line for a message and takes no width
// of its own, so a long message never widens the form.
type messageLine struct{}

func (messageLine) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(0, fyne.MeasureText("Ág", theme.CaptionTextSize(), fyne.TextStyle{}).Height)
}

func (messageLine) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// item is a form row: the field's label and its widget with its message.
func (fs *fieldSet) item(key string, obj fyne.CanvasObject) *widget.FormItem {
	return widget.NewFormItem(fs.label(key), fs.with(key, obj))
}

// show displays errs, and else warnings, under their fields; it reports
// whether there were no errors.
func (fs *fieldSet) show(errs, warnings db.Errors) bool {
	// A blank new record is not scolded before anything is typed in it.
	visible := fs.touched || fs.life == nil || fs.life.revealed
	for key, m := range fs.messages {
		text, c := "", errorColor()
		e, w := errs.For(key), warnings.For(key)
		switch {
		case !visible:
		case e != nil:
			text = e.Message(fs.lang)
		case w != nil:
			text, c = w.Message(fs.lang), warningColor()
		}
		if m.Text != text || m.Color != c {
			m.Text, m.Color = text, c
			m.Refresh()
		}
	}
	return len(errs) == 0
}

// Entry is a text field of a form. It remembers what was saved: Escape puts
// that back in the field, and Tab always moves to the next field (a tab
// character typed into a record is never what was meant).
type Entry struct {
	widget.Entry
	fields *fieldSet
	saved  string
	tail   tailCursor // see entrywrap.go
}

// TypedKey handles Escape, and leaves every other key to the entry.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if e.fields.cancelDialog() {
			return
		}
		if e.Text != e.saved {
			e.SetText(e.saved)
			return
		}
		if e.fields.onEscape != nil {
			e.fields.onEscape()
		}
		return
	}
	if e.tailKey(k) {
		return
	}
	e.Entry.TypedKey(k)
}

// Button is a button that answers the keyboard as a desktop program's do:
// Space (on its release) and Enter press it. A form's buttons are also
// scrolled into view when they take the keyboard.
type Button struct {
	widget.Button
	life      *lifecycle
	spaceDown bool // Space pressed on the button, not yet released
}

// TypedKey leaves Space to KeyUp: a button that puts the keyboard in a new
// field on Space would otherwise have the space typed into that field
// (the key's character comes after the key).
func (b *Button) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeySpace:
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
		return
	}
	b.Button.TypedKey(e)
}

// NewButton is a button of the window (not of a form) that Enter presses
// too, and Space on its release.
func NewButton(label string, icon fyne.Resource, tapped func()) *Button {
	b := &Button{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// KeyDown notes Space pressed on the button.
func (b *Button) KeyDown(e *fyne.KeyEvent) {
	if e.Name == fyne.KeySpace {
		b.spaceDown = true
	}
}

// KeyUp taps the button when Space, pressed on it, is released.
func (b *Button) KeyUp(e *fyne.KeyEvent) {
	if e.Name == fyne.KeySpace && b.spaceDown {
		b.spaceDown = false
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
	}
}

func (l *lifecycle) button(label string, icon fyne.Resource, tapped func()) *Button {
	b := &Button{life: l}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// FocusGained brings the button into view.
func (b *Button) FocusGained() {
	b.Button.FocusGained()
	if b.life != nil {
		b.life.reveal(b)
	}
}

// FocusGained brings the field into view.
func (e *Entry) FocusGained() {
	e.Entry.FocusGained()
	if e.fields != nil && e.fields.life != nil {
		e.fields.life.reveal(e)
	}
}

// AcceptsTab is false: Tab moves on, even from a text of several lines.
func (e *Entry) AcceptsTab() bool { return false }

// Load shows text as what was saved.
func (e *Entry) Load(text string) {
	e.saved = text
	e.SetText(text)
}

func (fs *fieldSet) newEntry(multiline bool) *Entry {
	e := &Entry{fields: fs}
	e.MultiLine = multiline
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewEntry
	e.ExtendBaseWidget(e)
	fs.track(e)
	return e
}

// entry is a one-line text field; example, when given, shows as "e.g. …".
func (fs *fieldSet) entry(example string) *Entry {
	e := fs.newEntry(false)
	e.SetPlaceHolder(placeholder(example))
	e.OnChanged = func(string) { fs.changed() }
	return e
}

// multiline is a text field of several lines.
func (fs *fieldSet) multiline(example string, rows int) *Entry {
	e := fs.newEntry(true)
	e.SetPlaceHolder(placeholder(example))
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(rows)
	e.OnChanged = func(string) { fs.changed() }
	return e
}

// placeholder shows an example as one ("ví dụ: 03"), never as a value.
func placeholder(example string) string {
	if example == "" {
		return ""
	}
	return T("e.g. {{.Example}}", map[string]string{"Example": example})
}

// count reads a count typed by the user into dst, noting a typing error.
func count(field, text, lang string, dst **int, errs *db.Errors) {
	n, err := db.ParseCount(field, text, lang)
	if err != nil {
		*errs = append(*errs, *err)
		return
	}
	*dst = n
}

// merge adds to what was mistyped (typed) what the record's check found,
// less what it says of fields already mistyped: "not a date" is enough,
// without "the date is required" beside it.
func merge(typed, checked db.Errors) db.Errors {
	for _, e := range checked {
		if typed.For(e.Field) == nil {
			typed = append(typed, e)
		}
	}
	return typed
}

// date reads a date typed by the user, noting a typing error.
func date(field string, d *DateField, errs *db.Errors) db.Date {
	v, err := d.Date()
	if err != nil {
		*errs = append(*errs, db.DateError(field, d.Entry.Text))
	}
	return v
}

// scroll lets o scroll up and down, keeping the scroll bar's width free on
// the right so that no field runs under it.
// scroll puts o in a vertical scroll of the form, which brings a field into
// view when it takes the keyboard.
func (l *lifecycle) scroll(o fyne.CanvasObject) *container.Scroll {
	sc := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, theme.ScrollBarSize()), o))
	l.scrolls = append(l.scrolls, sc)
	return sc
}

// showAdded shows a row just added at the foot of the list in sc: the
// keyboard in its first field o, then the form scrolled to its foot, the
// row and the "Add …" button under it in sight; a row nearly as tall as
// the view is shown from its top (at the foot, its first line was under
// the tabs). (Scrolled first, the field's own reveal, measured before the
// row was laid out, took the form back up in the real window.)
func (l *lifecycle) showAdded(sc *container.Scroll, o fyne.Focusable, row fyne.CanvasObject) {
	if l.env.Window != nil {
		l.env.Window.Canvas().Focus(o)
	}
	sc.Content.Refresh()
	sc.Refresh()
	sc.ScrollToBottom()
	// Where the row is, found through the containers: the window's driver
	// does not know of an object added since its last frame.
	if pos, ok := offsetIn(sc.Content, row); ok {
		if pad := 2 * theme.Padding(); pos.Y-pad < sc.Offset.Y {
			sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, max(0, pos.Y-pad)))
		}
	}
}

// offsetIn returns where o is inside root, looking through containers.
func offsetIn(root, o fyne.CanvasObject) (fyne.Position, bool) {
	if root == nil || o == nil {
		return fyne.Position{}, false
	}
	if root == o {
		return fyne.Position{}, true
	}
	c, ok := root.(*fyne.Container)
	if !ok {
		return fyne.Position{}, false
	}
	for _, child := range c.Objects {
		if pos, ok := offsetIn(child, o); ok {
			return child.Position().Add(pos), true
		}
	}
	return fyne.Position{}, false
}

// reveal scrolls the form so that o, which has just taken the keyboard, is
// in view: Tab into a field below the visible part would otherwise type
// into a field nobody sees.
func (l *lifecycle) reveal(o fyne.CanvasObject) {
	app := fyne.CurrentApp()
	if app == nil {
		return
	}
	d := app.Driver()
	pos := d.AbsolutePositionForObject(o)
	for _, sc := range l.scrolls {
		if !sc.Visible() || sc.Content == nil {
			continue
		}
		top := d.AbsolutePositionForObject(sc.Content).Y
		y, h := pos.Y-top, o.Size().Height
		if y < 0 || y+h > sc.Content.Size().Height+1 {
			continue // not in this scroll
		}
		view, off, pad := sc.Size().Height, sc.Offset.Y, 2*theme.Padding()
		switch {
		case y < off:
			sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, max(0, y-pad)))
		case y+h > off+view:
			sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, y+h-view+pad))
		}
		return
	}
}

// bold is a heading inside a form.
func bold(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// View is where the user is in a form: the tab on screen and how far each
// of its scrolling parts is scrolled. A form saved for the first time is
// made again with its record's toolbar; it takes the view of the one
// before, so that the user stays where she was.
type View struct {
	Tab     int
	Offsets []fyne.Position
}

func viewOf(tabs *container.AppTabs, scrolls ...*container.Scroll) View {
	v := View{}
	if tabs != nil {
		v.Tab = tabs.SelectedIndex()
	}
	for _, sc := range scrolls {
		v.Offsets = append(v.Offsets, sc.Offset)
	}
	return v
}

func setView(v View, tabs *container.AppTabs, scrolls ...*container.Scroll) {
	if tabs != nil && v.Tab >= 0 && v.Tab < len(tabs.Items) {
		tabs.SelectIndex(v.Tab)
	}
	for i, sc := range scrolls {
		if i < len(v.Offsets) {
			sc.Offset = v.Offsets[i]
			sc.Refresh()
		}
	}
}

// enableIf enables w when on, disables it otherwise.
func enableIf(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}
