package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// focusColour marks the control that has the keyboard, in both variants.
var focusColour = color.NRGBA{R: 0xF2, G: 0xA0, B: 0x1E, A: 0xA0}

// disabledColour is the text of what may not be changed (a field greyed for
// the user's rights, a hint, a disabled button's label): Fyne's own is
// #e3e3e3 on white and #39393a on #171718, too faint to read (1.3:1 and
// 1.6:1); these are about 3:1 against the ground, still plainly greyed.
var disabledColour = map[fyne.ThemeVariant]color.Color{
	theme.VariantLight: color.NRGBA{R: 0x8f, G: 0x8f, B: 0x8f, A: 0xff},
	theme.VariantDark:  color.NRGBA{R: 0x77, G: 0x77, B: 0x7a, A: 0xff},
}

// Appearances the user may choose in Settings.
var Appearances = []string{"system", "light", "dark"}

// appTheme is Fyne's theme, in the light or dark variant when one is
// forced, with the control that has the keyboard marked plainly, in amber:
// Fyne's own focus colour is a faint tint that a user of the keyboard
// cannot find on a button, and a blue one read as the Save button, which
// is always blue.
//
// Drawn in software (plain), the window draws less; a software rasteriser
// runs Fyne's shaders in an interpreter for every pixel of every frame, and
// the entries alone cover a third of a visit's form (docs/benchmarks.md):
//   - every corner is square: Fyne draws a rounded rectangle (an entry, a
//     button, a selected row) with a shader that works out each pixel's
//     distance to the corners, a square one with a few comparisons;
//   - an entry has no border line but when it has the keyboard (or an
//     error): Fyne draws the line as a second rectangle over the whole
//     entry. The entry's ground takes the line's colour instead, so that it
//     stands out as much. A check box's outline, drawn in the line's colour
//     too, keeps one under forms.Outlined.
type appTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant // nil: the system's
	plain   bool
}

// squareInPlain are the corner radii set to nothing when drawn in software.
var squareInPlain = map[fyne.ThemeSizeName]bool{
	theme.SizeNameInputRadius:        true,
	theme.SizeNameSelectionRadius:    true,
	theme.SizeNameScrollBarRadius:    true,
	theme.SizeNameWindowButtonRadius: true,
}

func (t appTheme) Size(n fyne.ThemeSizeName) float32 {
	if t.plain && squareInPlain[n] {
		return 0
	}
	return t.Theme.Size(n)
}

func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	if n == theme.ColorNameFocus {
		return focusColour
	}
	if c, ok := disabledColour[v]; ok && n == theme.ColorNameDisabled {
		return c
	}
	if t.plain {
		switch n {
		case theme.ColorNameInputBorder:
			return color.Transparent
		case theme.ColorNameInputBackground:
			return t.Theme.Color(theme.ColorNameInputBorder, v)
		}
	}
	return t.Theme.Color(n, v)
}

// Plain reports whether the theme is the plain drawing's (forms.Outlined).
func (t appTheme) Plain() bool { return t.plain }

// Usual returns the theme as it is drawn when not plain.
func (t appTheme) Usual() fyne.Theme { return appTheme{t.Theme, t.variant, false} }

// themeFor returns the theme of an appearance ("system", "light", "dark"),
// plain (square) when the window is drawn in software.
func themeFor(appearance string, plain bool) fyne.Theme {
	var v *fyne.ThemeVariant
	switch appearance {
	case "light":
		light := theme.VariantLight
		v = &light
	case "dark":
		dark := theme.VariantDark
		v = &dark
	}
	return appTheme{theme.DefaultTheme(), v, plain}
}

// plainApp is the application as Fyne's widgets see it when the window is
// drawn in software: the same, without animations. A focused entry's
// blinking cursor has Fyne draw the whole window again about three times a
// second; a frame drawn in software takes a tenth of a second or more, so
// the blinking kept a processor busy and a click or a key waited for the
// frame under way. The cursor is then shown steady, as Fyne does for a user
// who turns animations off.
type plainApp struct{ fyne.App }

func (a plainApp) Settings() fyne.Settings { return plainSettings{a.App.Settings()} }

type plainSettings struct{ fyne.Settings }

func (plainSettings) ShowAnimations() bool { return false }
