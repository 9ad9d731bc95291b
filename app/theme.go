package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// focusColour marks the control that has the keyboard, in both variants.
var focusColour = color.NRGBA{R: 0xF2, G: 0xA0, B: 0x1E, A: 0xA0}

// Appearances the user may choose in Settings.
var Appearances = []string{"system", "light", "dark"}

// appTheme is Fyne's theme, in the light or dark variant when one is
// forced, with the control that has the keyboard marked plainly, in amber:
// Fyne's own focus colour is a faint tint that a user of the keyboard
// cannot find on a button, and a blue one read as the Save button, which
// is always blue.
type appTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant // nil: the system's
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	if n == theme.ColorNameFocus {
		return focusColour
	}
	return t.Theme.Color(n, v)
}

// themeFor returns the theme of an appearance ("system", "light", "dark").
func themeFor(appearance string) fyne.Theme {
	var v *fyne.ThemeVariant
	switch appearance {
	case "light":
		light := theme.VariantLight
		v = &light
	case "dark":
		dark := theme.VariantDark
		v = &dark
	}
	return appTheme{theme.DefaultTheme(), v}
}
