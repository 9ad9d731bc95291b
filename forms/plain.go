package forms

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// plainTheme is what the program's theme offers when the window is drawn
// in software (app/theme.go): the theme it would be otherwise.
type plainTheme interface {
	Plain() bool
	Usual() fyne.Theme
}

// Outlined keeps check boxes outlined when the window is drawn plainly.
// The plain drawing takes away an entry's border line by giving the
// border's colour nothing; Fyne draws a check box's outline in that colour
// too, and an empty box would be a faint square. Under Outlined, o takes
// the border and ground colours it would have otherwise. Drawn as usual,
// o is returned as it is.
func Outlined(o fyne.CanvasObject) fyne.CanvasObject {
	p, ok := fyne.CurrentApp().Settings().Theme().(plainTheme)
	if !ok || !p.Plain() {
		return o
	}
	return container.NewThemeOverride(o, outlinedTheme{})
}

// outlinedTheme is the program's theme of the moment (light or dark, as
// the user switches), with the usual border and ground colours.
type outlinedTheme struct{}

func (outlinedTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t outlinedTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	cur := t.current()
	if p, ok := cur.(plainTheme); ok && (n == theme.ColorNameInputBorder || n == theme.ColorNameInputBackground) {
		return p.Usual().Color(n, v)
	}
	return cur.Color(n, v)
}

func (t outlinedTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.current().Font(s) }
func (t outlinedTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.current().Icon(n) }
func (t outlinedTheme) Size(n fyne.ThemeSizeName) float32       { return t.current().Size(n) }
