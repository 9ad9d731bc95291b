package app

import (
	"image/color"
	"math"
	"testing"

	"giamsat/forms"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Drawn in software, every corner is square (Fyne's cheap rectangle
// shader); otherwise the theme keeps Fyne's sizes.
func TestPlainThemeIsSquare(t *testing.T) {
	for _, appearance := range Appearances {
		plain, usual := themeFor(appearance, true), themeFor(appearance, false)
		for n := range squareInPlain {
			if got := plain.Size(n); got != 0 {
				t.Errorf("%s, plain: %s = %v, want 0", appearance, n, got)
			}
		}
		if usual.Size(theme.SizeNameInputRadius) == 0 {
			t.Errorf("%s: entries square when drawn by a graphics card", appearance)
		}
		for _, n := range []fyne.ThemeSizeName{theme.SizeNamePadding, theme.SizeNameText, theme.SizeNameInputBorder} {
			if plain.Size(n) != usual.Size(n) {
				t.Errorf("%s: %s is %v plain, %v usual", appearance, n, plain.Size(n), usual.Size(n))
			}
		}
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			// Fyne skips a rectangle whose fill and stroke are exactly color.Transparent.
			if c := plain.Color(theme.ColorNameInputBorder, v); c != color.Transparent {
				t.Errorf("%s, plain: an entry's border is drawn (%v)", appearance, c)
			}
			if plain.Color(theme.ColorNameInputBackground, v) != usual.Color(theme.ColorNameInputBorder, v) {
				t.Errorf("%s, plain: an entry's ground is not the border's colour", appearance)
			}
			if plain.Color(theme.ColorNamePrimary, v) != usual.Color(theme.ColorNamePrimary, v) {
				t.Errorf("%s, plain: the primary colour changed", appearance)
			}
		}
		if plain.Color(theme.ColorNameFocus, theme.VariantDark) != focusColour {
			t.Errorf("%s, plain: the focus colour is lost", appearance)
		}
	}
}

// Drawn in software, Fyne's widgets see the application without
// animations (a focused entry's cursor steady: its blinking repainted the
// window three times a second), and the application is otherwise the
// same. The entry drawn is square, with a border line only while it has the
// keyboard. (Fyne's test driver ends every
// animation at once, so the blinking itself is seen in the real window
// only: docs/benchmarks.md counts its frames.)
func TestPlainAppHasNoAnimations(t *testing.T) {
	a := test.NewTempApp(t)
	if !a.Settings().ShowAnimations() {
		t.Fatal("the test app has no animations to take away")
	}
	a.Settings().SetTheme(themeFor("light", true))
	fyne.SetCurrentApp(plainApp{a})
	current := fyne.CurrentApp()
	if current.Settings().ShowAnimations() {
		t.Error("plainApp shows animations")
	}
	if current.Settings().Theme() != a.Settings().Theme() || current.Preferences() != a.Preferences() || current.Driver() != a.Driver() {
		t.Error("plainApp is not the application it wraps")
	}
	e := widget.NewEntry()
	w := current.NewWindow("t")
	w.SetContent(e)
	w.Resize(fyne.NewSize(300, 80))
	if n := strokes(e); n != 0 {
		t.Errorf("the entry without the keyboard draws %d border lines", n)
	}
	w.Canvas().Focus(e) // as a click gives it (focus comes on the mouse press)
	if n := strokes(e); n != 1 {
		t.Errorf("the entry with the keyboard draws %d border lines, want 1", n)
	}
	test.Type(e, "Lũng Nặm")
	if e.Text != "Lũng Nặm" {
		t.Errorf("typed into the entry: %q", e.Text)
	}
	n := 0
	for _, r := range rectangles(e) {
		if r.Visible() {
			n++
		}
		if r.CornerRadius != 0 {
			t.Errorf("a rectangle of the entry has rounded corners (%v)", r.CornerRadius)
		}
	}
	if n < 2 {
		t.Errorf("found %d rectangles in the entry drawn; the check looked at nothing", n)
	}
}

// strokes counts the visible rectangles that draw a line.
func strokes(o fyne.CanvasObject) int {
	n := 0
	for _, r := range rectangles(o) {
		if r.Visible() && r.StrokeWidth > 0 && r.StrokeColor != nil && r.StrokeColor != color.Transparent {
			n++
		}
	}
	return n
}

// rectangles returns the rectangles an object draws, through widgets'
// renderers and containers.
func rectangles(o fyne.CanvasObject) []*canvas.Rectangle {
	switch x := o.(type) {
	case *canvas.Rectangle:
		return []*canvas.Rectangle{x}
	case *fyne.Container:
		var out []*canvas.Rectangle
		for _, c := range x.Objects {
			out = append(out, rectangles(c)...)
		}
		return out
	case fyne.Widget:
		var out []*canvas.Rectangle
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, rectangles(c)...)
		}
		return out
	}
	return nil
}

// A check box's outline can be seen (3:1 against the ground) under
// forms.Outlined, drawn plainly or not, in either appearance; drawn
// plainly, the entry beside it still has no border line.
func TestCheckBoxesAreOutlined(t *testing.T) {
	a := test.NewTempApp(t)
	for _, plain := range []bool{false, true} {
		for _, appearance := range []string{"light", "dark"} {
			a.Settings().SetTheme(themeFor(appearance, plain))
			v := theme.VariantLight
			if appearance == "dark" {
				v = theme.VariantDark
			}
			w := a.NewWindow("t")
			e := widget.NewEntry()
			c := widget.NewCheck("Thông Nông", nil)
			w.SetContent(container.NewVBox(e, forms.Outlined(c)))
			ground := luminance(a.Settings().Theme().Color(theme.ColorNameBackground, v))
			if r := contrast(luminance(c.Theme().Color(theme.ColorNameInputBorder, v)), ground); r < 3 {
				t.Errorf("%s, plain %v: the check box's outline is %.2f:1 against the ground", appearance, plain, r)
			}
			if got, want := c.Theme().Color(theme.ColorNameInputBackground, v), themeFor(appearance, false).Color(theme.ColorNameInputBackground, v); got != want {
				t.Errorf("%s, plain %v: the check box's ground is %v, want the usual %v", appearance, plain, got, want)
			}
			if got := e.Theme().Color(theme.ColorNameInputBorder, v); plain && got != color.Transparent {
				t.Errorf("%s, plain: the entry beside it has a border line (%v)", appearance, got)
			}
			test.Tap(c)
			if !c.Checked {
				t.Errorf("%s, plain %v: tapping the outlined check box did not tick it", appearance, plain)
			}
			w.Close()
		}
	}
}

// What is greyed (a field the user may not change, a hint) stays readable:
// at least 3:1 against the window's ground, in both appearances, plain or
// not; and it stays apart from the text that may be changed.
func TestGreyedTextIsReadable(t *testing.T) {
	for _, plain := range []bool{false, true} {
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			th := themeFor("system", plain)
			grey := luminance(th.Color(theme.ColorNameDisabled, v))
			ground := luminance(th.Color(theme.ColorNameBackground, v))
			text := luminance(th.Color(theme.ColorNameForeground, v))
			if r := contrast(grey, ground); r < 3 {
				t.Errorf("plain %v, variant %v: greyed text %.2f:1 against the ground", plain, v, r)
			}
			if r := contrast(grey, text); r < 2 {
				t.Errorf("plain %v, variant %v: greyed text too near the usual text (%.2f:1)", plain, v, r)
			}
		}
	}
}

// luminance is a colour's relative luminance (WCAG 2).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(u uint32) float64 {
		s := float64(u) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b float64) float64 {
	return (max(a, b) + 0.05) / (min(a, b) + 0.05)
}
