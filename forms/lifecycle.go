package forms

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// lifecycle is a form's whole life, the same for every form: it checks the
// fields as the user types, decides whether the form holds changes by the
// store's own comparison (db.SameRecords) of the records as saved and as
// the widgets describe them, enables Save when the form is valid and
// changed, saves one save at a time, asks before a save that carries new
// warnings, and puts back what was saved by loading it again. A form is its
// widgets and an editor: how it loads its records, how it builds them, and
// how it writes them.
type lifecycle struct {
	env        Env
	form       editor
	SaveButton *Button
	Hint       *widget.Label   // why Save is greyed, beside it
	Buttons    *fyne.Container // Save, and what a dialog adds beside it
	Title      *widget.Label
	saving     bool
	loading    bool          // the widgets are being filled from what was saved
	revealed   bool          // every message shows, touched or not (after Ctrl+S)
	waiting    []func(error) // told the outcome of the save under way
	// savedWarnings are the warnings of what was loaded: confirmed once,
	// they are not asked about again at every save.
	savedWarnings map[string]bool
	content       fyne.CanvasObject
	first         func() fyne.Focusable // the field Focus gives the keyboard to
	// Question is the last question the form asked (tests answer it).
	Question *Question
	// cancel, for a form shown in a dialog, closes it: Escape in any of
	// its fields does.
	cancel func()
	// scrolls are the form's scrolls, for reveal.
	scrolls []*container.Scroll
	// writable, set by a form, says whether the user may write the
	// records of a table it shows (Env.Rights); nil: all. The sets made
	// before the first reload (a form's own fields) are decided again at
	// each; a row's, when the row is made.
	writable func(table string) bool
	fixed    []*fieldSet
	built    bool
	tables   map[string]bool
	// RightsNote says why some fields are greyed (Env.Rights).
	RightsNote *widget.Label
}

func (l *lifecycle) mayWrite(table string) bool { return l.writable == nil || l.writable(table) }

// editor is what a form says of itself; the lifecycle does the rest.
type editor interface {
	// load fills the widgets from what was saved.
	load()
	// saved returns copies of the records as saved (a new record without
	// an ID), for the widgets' records to be compared with.
	saved() []db.Record
	// build returns the records the widgets describe, each with what is
	// wrong with it and where that shows.
	build() []part
	// write stores now and deletes removed (saved records no longer in
	// now), off the UI goroutine.
	write(now, removed []db.Record) error
	// stored takes what write stored as saved, loads it (l.reload) and
	// tells whoever listens; on the UI goroutine.
	stored(now []db.Record)
}

// part is one record a form edits, as its widgets describe it.
// placer is a form whose records show in several places (a visit's tabs):
// place names where the fields of table are, for the hint under Save.
type placer interface {
	place(table string) string
}

type part struct {
	rec      db.Record // nil: the row describes nothing (an empty session)
	errs     db.Errors
	warnings db.Errors
	fields   *fieldSet // where its messages show; nil: nowhere
}

func newLifecycle(env Env, title string) *lifecycle {
	l := &lifecycle{env: env, savedWarnings: map[string]bool{}}
	l.SaveButton = NewButton(T("Save"), theme.DocumentSaveIcon(), func() { l.Save(nil) })
	l.SaveButton.Importance = widget.HighImportance
	l.Hint = widget.NewLabel("")
	l.Hint.Importance = widget.WarningImportance
	l.RightsNote = widget.NewLabel("")
	l.RightsNote.Hide()
	l.Buttons = container.NewHBox(l.SaveButton, l.Hint, l.RightsNote)
	l.tables = map[string]bool{}
	if env.ReadOnly {
		l.Buttons.Add(widget.NewLabel(T("(read only)")))
	}
	l.Title = bold(title)
	return l
}

// newFields is a set of fields of this form: its messages show once the
// user has changed one of them, or tried to save, and Escape in a field
// that holds what was saved offers to put back the whole form.
func (l *lifecycle) newFields(table string) *fieldSet {
	fs := newFieldSet(l.env.Lang, table, l.validate)
	fs.life = l
	fs.readOnly = !l.mayWrite(table)
	l.tables[table] = true
	if !l.built {
		l.fixed = append(l.fixed, fs)
	}
	fs.onEscape = l.escape
	return fs
}

// reload fills the widgets from what was saved, and remembers the
// warnings that was saved with.
func (l *lifecycle) reload() {
	l.built = true
	for _, fs := range l.fixed {
		fs.setReadOnly(!l.mayWrite(fs.table))
	}
	l.loading = true
	l.form.load()
	l.loading = false
	l.sayRights()
	l.savedWarnings = map[string]bool{}
	for _, p := range l.form.build() {
		for _, w := range p.warnings {
			l.savedWarnings[w.In("en")] = true
		}
	}
	l.refresh()
}

// sayRights says, under a form some of whose fields are greyed for the
// user's rights on the province server, why.
func (l *lifecycle) sayRights() {
	greyed := false
	for t := range l.tables {
		greyed = greyed || !l.mayWrite(t)
	}
	if !greyed {
		l.RightsNote.Hide()
		return
	}
	l.RightsNote.SetText(T("Greyed: your account on the province server may not change it."))
	l.RightsNote.Show()
}

// validate is a change in a field: what is wrong shows, and Save follows.
func (l *lifecycle) validate() {
	if !l.loading {
		l.refresh()
	}
}

// records are the records of parts.
func records(parts []part) []db.Record {
	recs := make([]db.Record, 0, len(parts))
	for _, p := range parts {
		if p.rec != nil {
			recs = append(recs, p.rec)
		}
	}
	return recs
}

// refresh shows what is wrong and enables Save when the form is valid,
// changed and not being saved.
func (l *lifecycle) refresh() {
	parts := l.form.build()
	ok := true
	var where []string // the places (a visit's tabs) of what is wrong
	for _, p := range parts {
		good := len(p.errs) == 0
		if p.fields != nil {
			good = p.fields.show(p.errs, p.warnings)
		}
		ok = ok && good
		if pl, isPlaced := l.form.(placer); !good && isPlaced && p.fields != nil {
			if w := pl.place(p.fields.table); w != "" && !slices.Contains(where, w) {
				where = append(where, w)
			}
		}
	}
	dirty := !db.SameRecords(l.form.saved(), records(parts))
	if ok && !l.saving && !l.env.ReadOnly && dirty {
		l.SaveButton.Enable()
	} else {
		l.SaveButton.Disable()
	}
	hint := ""
	if !ok && dirty {
		hint = T("Some fields are not filled in right yet.")
		if len(where) > 0 {
			hint = T("Some fields are not filled in right yet: {{.Where}}.", map[string]string{"Where": strings.Join(where, ", ")})
		}
	}
	if l.Hint.Text != hint {
		l.Hint.SetText(hint)
	}
}

// Dirty reports whether the form holds changes not saved: whether the
// records its widgets describe differ from those saved, by the store's
// own comparison.
func (l *lifecycle) Dirty() bool {
	return !db.SameRecords(l.form.saved(), records(l.form.build()))
}

// Revert puts back what was last saved.
func (l *lifecycle) Revert() { l.reload() }

// Content is the form's screen.
func (l *lifecycle) Content() fyne.CanvasObject { return l.content }

// Focus gives the keyboard to the form's first field.
func (l *lifecycle) Focus() {
	if l.env.Window != nil && l.first != nil {
		l.env.Window.Canvas().Focus(l.first())
	}
}

// Save stores what the form holds, when it is valid, after asking about
// warnings not confirmed before; done is told the outcome.
func (l *lifecycle) Save(done func(error)) {
	parts := l.form.build()
	var errs, warnings db.Errors
	for _, p := range parts {
		errs = append(errs, p.errs...)
		for _, w := range p.warnings {
			if !l.savedWarnings[w.In("en")] {
				warnings = append(warnings, w)
			}
		}
	}
	now := records(parts)
	removed := db.Removed(l.form.saved(), now)
	l.save(errs, warnings, func() error { return l.form.write(now, removed) }, func() { l.form.stored(now) }, done)
}

// save writes what the form holds. A save pressed while another runs does
// nothing but learn that save's outcome, so a record is never stored twice.
// errs are what is wrong with the fields (nothing is written then); warnings
// are asked about first; work runs off the UI goroutine, and saved runs on
// it when work succeeded.
func (l *lifecycle) save(errs db.Errors, warnings db.Errors, work func() error, saved func(), done func(error)) {
	if l.saving {
		if done != nil {
			l.waiting = append(l.waiting, done)
		}
		return
	}
	if len(errs) > 0 {
		l.revealed = true
		l.refresh()
		report(done, errs)
		return
	}
	run := func() {
		l.saving = true
		l.SaveButton.Disable()
		l.env.Run(work, func(err error) {
			l.saving = false
			if err == nil {
				saved()
			}
			l.refresh()
			waiting := l.waiting
			l.waiting = nil
			report(done, err)
			for _, w := range waiting {
				w(err)
			}
		})
	}
	if len(warnings) == 0 || l.env.Window == nil {
		run()
		return
	}
	l.Question = Ask(l.env.Window, T("Please check"), warnings.Message(l.env.Lang)+"\n\n"+T("Save anyway?"),
		Answer{Key: "save", Label: T("Save anyway"), Icon: theme.DocumentSaveIcon(), Important: true, Do: run},
		Answer{Key: "back", Label: T("Go back"), Do: func() { report(done, ErrNotSaved) }})
}

// report tells done, if any, the outcome of a save.
func report(done func(error), err error) {
	if done != nil {
		done(err)
	}
}

// ErrNotSaved is what a save reports when the user chose not to save.
var ErrNotSaved = db.Fail(nil, "Not saved.")

// escape is Escape in a field that holds what was saved: when the form has
// other unsaved changes, it asks before putting all of them back.
func (l *lifecycle) escape() {
	if !l.Dirty() || l.env.Window == nil {
		return
	}
	l.Question = Ask(l.env.Window, T("Unsaved changes"), T("Discard every unsaved change on this screen?"),
		Answer{Key: "discard", Label: T("Discard changes"), Icon: theme.DeleteIcon(), Danger: true, Do: l.Revert},
		Answer{Key: "back", Label: T("Go back")})
}

// Question is a dialog with its answers by key, so that tests can answer it
// by tapping a button, as a person would.
type Question struct {
	Dialog  dialog.Dialog
	Buttons map[string]*widget.Button
}

// Answer is one button of a Question.
type Answer struct {
	Key, Label string
	Icon       fyne.Resource
	Important  bool
	Danger     bool
	Do         func()
}

// Ask shows a question with one button per answer; each button closes the
// dialog, then does its answer.
func Ask(win fyne.Window, title, text string, answers ...Answer) *Question {
	q := &Question{Buttons: map[string]*widget.Button{}}
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	buttons := container.NewHBox()
	for _, a := range answers {
		a := a
		b := widget.NewButtonWithIcon(a.Label, a.Icon, func() {
			q.Dialog.Hide()
			if a.Do != nil {
				a.Do()
			}
		})
		switch {
		case a.Danger:
			b.Importance = widget.DangerImportance
		case a.Important:
			b.Importance = widget.HighImportance
		}
		q.Buttons[a.Key] = b
		buttons.Add(b)
	}
	q.Dialog = dialog.NewCustomWithoutButtons(title, container.NewVBox(label, container.NewCenter(buttons)), win)
	q.Dialog.Resize(fyne.NewSize(520, 0))
	q.keys(win, answers)
	q.Dialog.Show()
	return q
}

// keys answers the question from the keyboard while it is shown: Escape
// is "cancel" (or "go back"), Enter the highlighted answer unless it
// destroys something. Fyne gives keys to the window when no widget has
// them (a button reached with Tab takes Space and Enter itself).
func (q *Question) keys(win fyne.Window, answers []Answer) {
	var cancel, enter *widget.Button
	for _, a := range answers {
		switch {
		case a.Key == "cancel" || a.Key == "back":
			cancel = q.Buttons[a.Key]
		case a.Important && !a.Danger && enter == nil:
			enter = q.Buttons[a.Key]
		}
	}
	// Escape and Enter are the question's while it is shown, whether it
	// answers them or not: never the screen's behind it.
	var ok, no func()
	if enter != nil {
		ok = func() { enter.OnTapped() }
	}
	if cancel != nil {
		no = func() { cancel.OnTapped() }
	}
	DialogKeys(win.Canvas(), q.Dialog, ok, no, true)
}
