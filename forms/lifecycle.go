package forms

import (
	"fmt"
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// lifecycle is what every form does alike: it checks the fields as the user
// types, enables Save when the form is valid and changed, saves one save at
// a time, asks before a save that carries warnings, and puts back what was
// saved. A form only says how it checks its fields (check), whether it
// differs from what was saved (dirty), and what a save writes.
type lifecycle struct {
	env        Env
	SaveButton *widget.Button
	Hint       *widget.Label   // why Save is greyed, beside it
	Buttons    *fyne.Container // Save, and what a dialog adds beside it
	Title      *widget.Label
	saving     bool
	revealed   bool          // every message shows, touched or not (after Ctrl+S)
	waiting    []func(error) // told the outcome of the save under way
	check      func() bool   // shows what is wrong; true when nothing is
	dirty      func() bool
	revert     func()
	// Question is the last question the form asked (tests answer it).
	Question *Question
	// scrolls are the form's scrolls, for reveal.
	scrolls []*container.Scroll
}

func newLifecycle(env Env, title string, save func()) *lifecycle {
	l := &lifecycle{env: env}
	l.SaveButton = widget.NewButtonWithIcon(T("Save"), theme.DocumentSaveIcon(), save)
	l.SaveButton.Importance = widget.HighImportance
	l.Hint = widget.NewLabel("")
	l.Hint.Importance = widget.WarningImportance
	l.Buttons = container.NewHBox(l.SaveButton, l.Hint)
	if env.ReadOnly {
		l.Buttons.Add(widget.NewLabel(T("(read only)")))
	}
	l.Title = bold(title)
	return l
}

// newFields is a set of fields of this form: its messages show once the
// user has changed one of them, or tried to save, and Escape in a field
// that holds what was saved offers to put back the whole form.
func (l *lifecycle) newFields(onChange func()) *fieldSet {
	fs := newFieldSet(l.env.Lang, onChange)
	fs.life = l
	fs.onEscape = l.escape
	return fs
}

// refresh shows what is wrong and enables Save when the form is valid,
// changed and not being saved.
func (l *lifecycle) refresh() {
	ok := l.check()
	dirty := l.dirty()
	if ok && !l.saving && !l.env.ReadOnly && dirty {
		l.SaveButton.Enable()
	} else {
		l.SaveButton.Disable()
	}
	hint := ""
	if !ok && dirty {
		hint = T("Some fields are not filled in right yet.")
	}
	if l.Hint.Text != hint {
		l.Hint.SetText(hint)
	}
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
		var err error
		l.env.Run(func() { err = guard(work) }, func() {
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

// ErrNotSaved is what a save reports when the user chose not to save.
var ErrNotSaved = &db.UserError{VI: "Chưa lưu.", EN: "Not saved."}

// guard runs work and turns a panic in it into an error, so a fault in a
// save is a message, never a vanished window with the typing lost.
func guard(work func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			fyne.LogError("save", fmt.Errorf("%v\n%s", r, debug.Stack()))
			err = &db.UserError{
				VI: fmt.Sprintf("Lỗi trong chương trình khi lưu (%v). Những gì đã nhập vẫn còn trên màn hình.", r),
				EN: fmt.Sprintf("The program failed while saving (%v). What was typed is still on the screen.", r),
			}
		}
	}()
	return work()
}

// escape is Escape in a field that holds what was saved: when the form has
// other unsaved changes, it asks before putting all of them back.
func (l *lifecycle) escape() {
	if !l.dirty() || l.env.Window == nil {
		return
	}
	l.Question = Ask(l.env.Window, T("Unsaved changes"), T("Discard every unsaved change on this screen?"),
		Answer{Key: "discard", Label: T("Discard changes"), Icon: theme.DeleteIcon(), Danger: true, Do: l.revert},
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
	c := win.Canvas()
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		// Escape and Enter are the question's while it is shown, whether
		// it answers them or not: never the screen's behind it.
		switch e.Name {
		case fyne.KeyEscape:
			if cancel != nil {
				cancel.OnTapped()
			}
		case fyne.KeyReturn, fyne.KeyEnter:
			if enter != nil {
				enter.OnTapped()
			}
		default:
			if prev != nil {
				prev(e)
			}
		}
	})
	q.Dialog.SetOnClosed(func() { c.SetOnTypedKey(prev) })
}
