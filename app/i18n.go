package app

import (
	"giamsat/assets"
	"giamsat/assets/text"
	"giamsat/db"
)

// Languages the interface speaks; Vietnamese first.
var Languages = text.Languages

// Lang returns the code of the interface language ("vi" or "en").
func Lang() string { return assets.Lang() }

// SetLanguage makes code ("vi" or "en") the language of every text.
func SetLanguage(code string) error { return assets.SetLanguage(code) }

// T translates an English text of the program into the interface language.
func T(key string, data ...any) string { return assets.T(key, data...) }

// counted is n with its noun in the interface language: "1 visit", "2
// visits", "20.000 buổi làm việc"; one and other are the English keys of
// the singular and the plural, with {{.N}} for the number, which is grouped
// as the language writes it.
func counted(n int, one, other string) string {
	key := other
	if n == 1 {
		key = one
	}
	return T(key, map[string]string{"N": db.FormatNumber(float64(n), Lang())})
}
