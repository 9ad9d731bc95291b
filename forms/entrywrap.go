package forms

import (
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

// Fyne 2.7.1's text field, wrapping at words, cannot put its cursor after a
// space typed at the end of the text where the line wraps: the cursor stays
// before the space, and the next letter typed goes in before it. "giáo và
// Dân" became "giáo vàDân " — words run together in what is saved, with
// nothing on screen to tell (the wrap hides the missing space). The field
// here notes when that happens and types what comes next at the end, where
// the user's cursor really is.

// tailCursor notes a cursor the entry shows before a trailing space it
// could not pass: where it shows it, and the text then.
type tailCursor struct {
	stuck bool
	shown int
	text  string
}

// stuckAtEnd reports whether the entry's cursor is still the one noted
// stuck before the trailing space (nothing moved it, nothing changed).
func (e *Entry) stuckAtEnd() bool {
	return e.tail.stuck && e.Text == e.tail.text && e.CursorTextOffset() == e.tail.shown && !e.hasSelection()
}

func (e *Entry) hasSelection() bool { return e.SelectedText() != "" }

// TypedRune types r where the user's cursor is.
func (e *Entry) TypedRune(r rune) {
	if !e.MultiLine || e.Wrapping != fyne.TextWrapWord {
		e.Entry.TypedRune(r)
		return
	}
	if e.stuckAtEnd() {
		e.appendAtEnd(string(r))
		return
	}
	atEnd := !e.hasSelection() && e.CursorTextOffset() == utf8.RuneCountInString(e.Text)
	e.Entry.TypedRune(r)
	e.noteTail(atEnd)
}

// tailKey handles the keys that act at the cursor while it is stuck before
// the trailing space: Backspace takes the last character (the space), not
// the one before it; Enter starts a line at the end. It reports whether it
// handled k.
func (e *Entry) tailKey(k *fyne.KeyEvent) bool {
	if !e.stuckAtEnd() {
		return false
	}
	switch k.Name {
	case fyne.KeyBackspace:
		runes := []rune(e.Text)
		e.SetText(string(runes[:len(runes)-1]))
		e.cursorToEnd()
		e.tail.stuck = false
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		e.appendAtEnd("\n")
		return true
	}
	return false
}

// appendAtEnd types s at the end of the text and puts the cursor after it.
func (e *Entry) appendAtEnd(s string) {
	e.Append(s)
	e.cursorToEnd()
	e.noteTail(true)
}

// noteTail notes, after typing at the end, whether the cursor could not
// reach the end.
func (e *Entry) noteTail(typedAtEnd bool) {
	end := utf8.RuneCountInString(e.Text)
	e.tail = tailCursor{stuck: typedAtEnd && e.CursorTextOffset() != end, shown: e.CursorTextOffset(), text: e.Text}
}

// cursorToEnd moves the cursor to the end of the text, or as near as the
// entry can show it, by row and column (not by keys: with Shift held for a
// capital, a key would select).
func (e *Entry) cursorToEnd() {
	end := utf8.RuneCountInString(e.Text)
	row := e.CursorRow
	e.CursorColumn = 0
	begin := e.CursorTextOffset()
	for { // the last row: the next one's start is not past this one's
		e.CursorRow = row + 1
		next := e.CursorTextOffset()
		if next <= begin || next > end {
			break
		}
		row, begin = row+1, next
	}
	e.CursorRow, e.CursorColumn = row, end-begin
	e.Refresh()
}
