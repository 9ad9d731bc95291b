package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Appearances the user may choose in Settings.
var Appearances = []string{"system", "light", "dark"}

// appTheme is Fyne's theme, in the light or dark variant when one is
// forced, with the control that has the keyboard marked plainly: Fyne's
// own focus colour is a faint tint that a user of the keyboard cannot
// find on a button.
type appTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant // nil: the system's
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	if n == theme.ColorNameFocus {
		r, g, b, _ := t.Theme.Color(theme.ColorNamePrimary, v).RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x99}
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
