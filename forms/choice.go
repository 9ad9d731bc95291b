package forms

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// choice is a drop-down whose entries stand for codes: a closed list (a
// role, a status) in the interface language, or records of a catalogue (a
// commune, an indicator) by ID. It extends widget.Select properly (struct
// literal, then ExtendBaseWidget on itself), so that the canvas, the
// pop-up and refreshes all see one widget.
type choice struct {
	widget.Select
	codes  []string // by entry
	fields *fieldSet
	saved  string // the code loaded: what Escape puts back
}

// choiceOf is a drop-down of the closed list of the field key.
func (fs *fieldSet) choiceOf(key string) *choice {
	return fs.choice(db.ChoicesOf(fs.table, key))
}

// choice is a drop-down of the closed list cs.
func (fs *fieldSet) choice(cs db.Choices) *choice {
	codes := make([]string, len(cs))
	for i, c := range cs {
		codes[i] = c.Code
	}
	c := fs.list(codes, cs.Labels(fs.lang))
	c.PlaceHolder = T("(not given)")
	return c
}

// list is a drop-down of entries labels, standing for codes.
func (fs *fieldSet) list(codes, labels []string) *choice {
	c := &choice{codes: codes, fields: fs}
	c.Options = labels
	c.OnChanged = func(string) { fs.changed() }
	c.ExtendBaseWidget(c)
	fs.track(c)
	return c
}

// SetList offers other entries, keeping the code chosen when it is among
// them.
func (c *choice) SetList(codes, labels []string) {
	code := c.Code()
	c.codes = codes
	c.Options = labels
	c.choose(code)
}

// Code returns the code of the chosen entry ("" when none).
func (c *choice) Code() string {
	i := c.SelectedIndex()
	if i < 0 || i >= len(c.codes) {
		return ""
	}
	return c.codes[i]
}

// FocusGained brings the drop-down into view.
func (c *choice) FocusGained() {
	c.Select.FocusGained()
	if c.fields != nil && c.fields.life != nil {
		c.fields.life.reveal(c)
	}
}

// Tapped opens the drop-down on its current entry; an empty one opens
// nothing (Fyne's empty pop-up is invisible and takes the next click),
// its placeholder says why.
func (c *choice) Tapped(e *fyne.PointEvent) {
	if len(c.Options) == 0 {
		return
	}
	c.Select.Tapped(e)
	c.highlightCurrent()
}

// highlightCurrent marks, in the pop-up just opened, the entry chosen, so
// that Up and Down move from it (Fyne's starts from none).
func (c *choice) highlightCurrent() {
	i := c.SelectedIndex()
	if i < 0 {
		return
	}
	canvas := fyne.CurrentApp().Driver().CanvasForObject(c)
	if canvas == nil {
		return
	}
	pop, ok := canvas.Focused().(*widget.PopUpMenu) // the pop-up takes the keyboard
	if !ok {
		return
	}
	for range i + 1 {
		pop.ActivateNext()
	}
}

// TypedKey handles Escape as a text field does: it puts back the entry
// loaded, or, when that is shown, offers to put back the whole screen.
// Every other key is the drop-down's; those that open it (Space, Up,
// Down) open it on its current entry.
func (c *choice) TypedKey(k *fyne.KeyEvent) {
	if k.Name != fyne.KeyEscape {
		if len(c.Options) == 0 {
			return
		}
		c.Select.TypedKey(k)
		if k.Name == fyne.KeySpace || k.Name == fyne.KeyUp || k.Name == fyne.KeyDown {
			c.highlightCurrent()
		}
		return
	}
	if c.fields.cancelDialog() {
		return
	}
	if c.Code() != c.saved {
		c.choose(c.saved)
		return
	}
	if c.fields.onEscape != nil {
		c.fields.onEscape()
	}
}

// TypedRune chooses, as a Windows drop-down does, the next entry whose
// label starts with the letter typed (without regard to case or
// diacritics: "t" for "Tổ chức, biên chế", again for the next one).
func (c *choice) TypedRune(r rune) {
	key := db.Fold(string(r))
	if key == "" || key == " " || len(c.Options) == 0 {
		return
	}
	n := len(c.Options)
	from := c.SelectedIndex()
	for k := 1; k <= n; k++ {
		i := ((from+k)%n + n) % n
		if strings.HasPrefix(db.Fold(c.Options[i]), key) {
			c.SetSelectedIndex(i)
			return
		}
	}
}

// SetCode chooses the entry with code, as the one loaded.
func (c *choice) SetCode(code string) {
	c.saved = code
	c.choose(code)
}

// choose chooses the entry with code (none when there is none).
func (c *choice) choose(code string) {
	for i, x := range c.codes {
		if x == code {
			c.SetSelectedIndex(i)
			return
		}
	}
	c.ClearSelected()
}
