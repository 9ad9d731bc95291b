package forms

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// keyLayer is a dialog that answers Escape and Enter while it is shown.
type keyLayer struct {
	ok, cancel func()
	// own: Escape and Enter are the dialog's even when it has no answer
	// for one, never the screen's behind it (a question).
	own bool
}

// windowKeys are the key layers of one window, the last shown on top, and
// the window's own key handler under them.
type windowKeys struct {
	base   func(*fyne.KeyEvent)
	layers []*keyLayer
}

var (
	keysMu sync.Mutex
	keysOf = map[fyne.Canvas]*windowKeys{}
)

// DialogKeys makes Enter run ok and Escape run cancel while d is shown and
// no field has the keyboard. Dialogs shown over dialogs stack: the one on
// top answers, and closing it gives the keys back to the one under it,
// whatever order they close in. With own, neither key ever reaches what
// is under the dialog. closed, when given, runs when the dialog closes
// (DialogKeys takes the dialog's OnClosed).
func DialogKeys(c fyne.Canvas, d dialog.Dialog, ok, cancel func(), own bool, closed ...func()) {
	keysMu.Lock()
	w := keysOf[c]
	if w == nil {
		w = &windowKeys{base: c.OnTypedKey()}
		keysOf[c] = w
		c.SetOnTypedKey(w.typed)
	}
	layer := &keyLayer{ok: ok, cancel: cancel, own: own}
	w.layers = append(w.layers, layer)
	keysMu.Unlock()
	d.SetOnClosed(func() {
		keysMu.Lock()
		for i, l := range w.layers {
			if l == layer {
				w.layers = append(w.layers[:i], w.layers[i+1:]...)
				break
			}
		}
		keysMu.Unlock()
		for _, f := range closed {
			f()
		}
	})
}

func (w *windowKeys) typed(e *fyne.KeyEvent) {
	keysMu.Lock()
	var top *keyLayer
	if n := len(w.layers); n > 0 {
		top = w.layers[n-1]
	}
	base := w.base
	keysMu.Unlock()
	if top != nil {
		switch e.Name {
		case fyne.KeyEscape:
			if top.cancel != nil {
				top.cancel()
				return
			}
			if top.own {
				return
			}
		case fyne.KeyReturn, fyne.KeyEnter:
			if top.ok != nil {
				top.ok()
				return
			}
			if top.own {
				return
			}
		}
	}
	if base != nil {
		base(e)
	}
}

// dialogForms are the forms shown in a dialog over a window's own form,
// by the window's canvas: Ctrl+S saves them, not the form behind.
var dialogForms = map[fyne.Canvas]Form{}

// DialogForm is the form shown in a dialog over the window of c, if any.
func DialogForm(c fyne.Canvas) Form {
	keysMu.Lock()
	defer keysMu.Unlock()
	return dialogForms[c]
}
