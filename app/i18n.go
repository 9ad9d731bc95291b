package app

import (
	"fyne.io/fyne/v2/lang"

	"giamsat/assets"
)

// Languages the interface speaks; Vietnamese first.
var Languages = []struct{ Code, Name string }{{"vi", "Tiếng Việt"}, {"en", "English"}}

// Lang returns the code of the interface language ("vi" or "en").
func Lang() string { return assets.Lang() }

// SetLanguage makes code ("vi" or "en") the language of every text.
func SetLanguage(code string) error { return assets.SetLanguage(code) }

// T translates an English text of the program into the interface language.
func T(text string, data ...any) string { return lang.L(text, data...) }
