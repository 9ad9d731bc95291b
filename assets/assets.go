// Package assets holds what the program embeds: its icon, and (in
// assets/text, free of Fyne) its texts in Vietnamese and English.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the program's icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
