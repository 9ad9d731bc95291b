package forms

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// plainTheme is what the program's theme offers about the plain drawing
// (app/theme.go): whether it is on, and the theme it would be otherwise.
type plainTheme interface {
	Plain() bool
	Usual() fyne.Theme
}

// Outlined draws the check boxes in o with an outline that can be seen.
// Fyne draws a check box's outline in the colour of an entry's border line,
// #e3e3e3 on white (1.3:1): an empty box was a faint square. Under
// Outlined the outline takes the colour of a field's hint (about 3.5:1).
// Drawn plainly (app/theme.go), where an entry's border line has no colour
// at all and its ground takes the line's, the box keeps its usual ground.
func Outlined(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(o, outlinedTheme{})
}

// outlinedTheme is the program's theme of the moment (light or dark, as
// the user switches), with a visible outline and the usual ground.
type outlinedTheme struct{}

func (outlinedTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t outlinedTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	cur := t.current()
	switch n {
	case theme.ColorNameInputBorder:
		return cur.Color(theme.ColorNamePlaceHolder, v)
	case theme.ColorNameInputBackground:
		if p, ok := cur.(plainTheme); ok && p.Plain() {
			return p.Usual().Color(n, v)
		}
	}
	return cur.Color(n, v)
}

func (t outlinedTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.current().Font(s) }
func (t outlinedTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.current().Icon(n) }
func (t outlinedTheme) Size(n fyne.ThemeSizeName) float32       { return t.current().Size(n) }
