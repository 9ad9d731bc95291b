package forms

import (
	"reflect"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wheelNotch is what Fyne's desktop driver reports for one notch of a
// mouse wheel on Windows and Linux (its scroll speed, 25 px), and
// wheelLines how many lines of text a notch moves, as Windows programs do.
const (
	wheelNotch = 25
	wheelLines = 3
)

// wheelCatcher lies over a form's scroll and takes the mouse wheel wherever
// the pointer is. Fyne gives a wheel event to the innermost thing under the
// pointer that scrolls, and every text field scrolls its own text: over a
// field (most of a form) the wheel did nothing. The catcher scrolls a box
// of several lines under the pointer while its text can move that way,
// else the form, about three lines a notch.
type wheelCatcher struct {
	widget.BaseWidget
	scroll *container.Scroll
}

// wheel is sc with the catcher over it: what a form shows in place of sc.
func wheel(sc *container.Scroll) fyne.CanvasObject {
	c := &wheelCatcher{scroll: sc}
	c.ExtendBaseWidget(c)
	return container.NewStack(sc, c)
}

func (c *wheelCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewWithoutLayout())
}

// Scrolled moves the box under the pointer, or the form.
func (c *wheelCatcher) Scrolled(e *fyne.ScrollEvent) {
	line := fyne.MeasureText("Ág", theme.TextSize(), fyne.TextStyle{}).Height
	step := fyne.NewDelta(e.Scrolled.DX/wheelNotch*wheelLines*line, e.Scrolled.DY/wheelNotch*wheelLines*line)
	moved := &fyne.ScrollEvent{PointEvent: e.PointEvent, Scrolled: step}
	if inner := c.boxUnder(e.AbsolutePosition, step.DY); inner != nil {
		inner.Scrolled(moved)
		return
	}
	c.scroll.Scrolled(moved)
}

// boxUnder is the scroll of a text box of several lines under the point
// (absolute) whose text can still move by dy, if any.
func (c *wheelCatcher) boxUnder(at fyne.Position, dy float32) *container.Scroll {
	app := fyne.CurrentApp()
	if app == nil {
		return nil
	}
	d := app.Driver()
	for _, e := range boxes(c.scroll.Content) {
		pos, size := d.AbsolutePositionForObject(e), e.Size()
		if at.X < pos.X || at.Y < pos.Y || at.X >= pos.X+size.Width || at.Y >= pos.Y+size.Height {
			continue
		}
		sc := entryScroll(&e.Entry)
		if sc == nil || sc.Content == nil {
			return nil
		}
		room := sc.Content.MinSize().Height - sc.Size().Height
		if (dy < 0 && sc.Offset.Y < room-0.5) || (dy > 0 && sc.Offset.Y > 0.5) {
			return sc
		}
		return nil
	}
	return nil
}

// boxes are the text boxes of several lines shown under o.
func boxes(o fyne.CanvasObject) []*Entry {
	var out []*Entry
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *Entry:
			if x.MultiLine {
				out = append(out, x)
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case *widget.Form:
			for _, it := range x.Items {
				walk(it.Widget)
			}
		case *widget.Card:
			walk(x.Content)
		}
	}
	walk(o)
	return out
}

// entryScroll is the scroll a Fyne text field keeps its text in. Fyne
// does not export it; container.Scroll is the type it uses, so the field
// is read by name (nil when a later Fyne names it otherwise: the wheel
// then scrolls the form, and TestWheelScrollsTheFormOverAField says so).
func entryScroll(e *widget.Entry) *container.Scroll {
	f := reflect.ValueOf(e).Elem().FieldByName("scroll")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() || f.Type().Elem() != reflect.TypeOf(container.Scroll{}) {
		return nil
	}
	return (*container.Scroll)(unsafe.Pointer(f.Pointer()))
}
