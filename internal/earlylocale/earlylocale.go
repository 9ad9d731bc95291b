// Package earlylocale quiets Fyne's start on systems whose locale names no
// language ("C.UTF-8" in containers, CI and minimal installs): Fyne's lang
// package parses the locale while it initialises and prints "Error parsing
// user locale C" for it. The variable that names the locale is set to plain
// "C", which Fyne takes quietly as "no preference"; the program's language
// comes from its own settings, never from the locale.
//
// It must run before Fyne's packages initialise. Go initialises packages in
// the order of their import paths, as far as their imports allow; this one
// imports only the standard library and its path, "a.giamsat/…", sorts
// before "fyne.io/…". That is why it is a module of its own (replaced to this
// folder in the main go.mod), and why the main package imports it blank.
package earlylocale

import (
	"os"
	"strings"
)

func init() {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		value := os.Getenv(name)
		if value == "" {
			continue
		}
		if !namesLanguage(value) {
			os.Setenv(name, "C")
		}
		return
	}
}

// namesLanguage reports whether a locale name ("vi_VN.UTF-8", "en") starts
// with a language code Fyne can parse: two or three ASCII letters.
func namesLanguage(locale string) bool {
	if locale == "C" || locale == "POSIX" {
		return true // Fyne takes these quietly already
	}
	lang := locale
	if i := strings.IndexAny(lang, "_-.@"); i >= 0 {
		lang = lang[:i]
	}
	if len(lang) < 2 || len(lang) > 3 {
		return false
	}
	for _, r := range lang {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}
