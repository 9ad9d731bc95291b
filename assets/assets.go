// Package assets holds what the program embeds: its icon and the texts of
// its interface in Vietnamese and English.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the program's icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// Translations holds translations/vi.json and translations/en.json, in the
// format of fyne.io/fyne/v2/lang.
//
//go:embed translations
var Translations embed.FS
