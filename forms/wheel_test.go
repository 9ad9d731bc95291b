package forms

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// wheelAt turns the mouse wheel dy at pos on c as Fyne's desktop driver
// does: the innermost thing that scrolls under the pointer gets the event,
// with the pointer's position.
func wheelAt(c fyne.Canvas, pos fyne.Position, dy float32) {
	var found fyne.Scrollable
	var walk func(o fyne.CanvasObject, origin fyne.Position)
	walk = func(o fyne.CanvasObject, origin fyne.Position) {
		if !o.Visible() {
			return
		}
		p := origin.Add(o.Position())
		if pos.X < p.X || pos.Y < p.Y || pos.X >= p.X+o.Size().Width || pos.Y >= p.Y+o.Size().Height {
			return
		}
		if s, ok := o.(fyne.Scrollable); ok {
			found = s
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, p)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c, p)
			}
		}
	}
	walk(c.Content(), fyne.NewPos(0, 0))
	if found != nil {
		found.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{AbsolutePosition: pos}, Scrolled: fyne.NewDelta(0, dy)})
	}
}

// at is the middle of o on the window, as the pointer would be over it.
func at(o fyne.CanvasObject) fyne.Position {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return pos.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
}

// The wheel over a text field scrolls the form, about three lines a notch
// (Fyne gives the wheel to the field, which did nothing with it).
func TestWheelScrollsTheFormOverAField(t *testing.T) {
	env, s := setup(t)
	s.LoadSample(context.Background())
	f, _ := sampleVisitForm(t, env, s, "lung nam")
	env.Window.SetContent(f.Content())
	env.Window.Resize(fyne.NewSize(1000, 420)) // the general tab does not fit
	c := env.Window.Canvas()
	wheelAt(c, at(f.Place), -wheelNotch) // one notch down
	line := fyne.MeasureText("Ág", 14, fyne.TextStyle{}).Height
	if got := f.generalScroll.Offset.Y; got < 2*line || got > 4*line {
		t.Fatalf("one notch over the place field moved the form %v px, want about 3 lines (%v px)", got, 3*line)
	}
	wheelAt(c, at(f.Place), wheelNotch)
	if got := f.generalScroll.Offset.Y; got != 0 {
		t.Errorf("a notch back up leaves the form at %v", got)
	}
}

// Over a box of several lines whose text is longer than the box, the
// wheel scrolls the text first, then the form once the text is at its end.
func TestWheelScrollsALongTextFirst(t *testing.T) {
	env, s := setup(t)
	s.LoadSample(context.Background())
	f, _ := sampleVisitForm(t, env, s, "lung nam")
	f.Conclusions.SetText(strings.Repeat("Đoàn giám sát đề nghị Đảng ủy xã tiếp tục nâng cao chất lượng. ", 40))
	env.Window.SetContent(f.Content())
	env.Window.Resize(fyne.NewSize(1000, 700))
	c := env.Window.Canvas()
	inner := entryScroll(&f.Conclusions.Entry)
	if inner == nil {
		t.Fatal("the text field's own scroll is not found: the wheel can only move the form")
	}
	f.reveal(f.Conclusions) // in view, as a click brings it
	form := f.generalScroll.Offset.Y
	wheelAt(c, at(f.Conclusions), -wheelNotch)
	if inner.Offset.Y <= 0 || f.generalScroll.Offset.Y != form {
		t.Fatalf("over the long text: its offset %v, the form's %v (was %v)", inner.Offset.Y, f.generalScroll.Offset.Y, form)
	}
	for range 200 { // to the text's end, and on
		wheelAt(c, at(f.Conclusions), -wheelNotch)
	}
	if f.generalScroll.Offset.Y <= form && f.generalScroll.Content.MinSize().Height > f.generalScroll.Size().Height+form {
		t.Errorf("past the text's end the form did not move (%v)", f.generalScroll.Offset.Y)
	}
}
