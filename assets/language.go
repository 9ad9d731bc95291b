package assets

import (
	"encoding/json"
	"fmt"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"giamsat/assets/text"
)

var (
	langMu      sync.Mutex
	currentLang = "vi"
	generation  int // how many times the translations were set
)

// Generation changes each time the language is set: texts translated under
// another generation (or before any, when the translations were not yet
// loaded) are to be translated again.
func Generation() int {
	langMu.Lock()
	defer langMu.Unlock()
	return generation
}

// Lang returns the code of the interface language ("vi" or "en").
func Lang() string {
	langMu.Lock()
	defer langMu.Unlock()
	return currentLang
}

// SetLanguage makes code ("vi" or "en") the language of every text, the
// program's own and Fyne's (dialog buttons, file dialogs).
//
// Fyne picks its language from the system locale and offers no way to choose
// another, so the chosen translations are registered under the tag Fyne will
// pick as well as under "vi" and "en": the last registration wins. Both files
// hold the same keys, so switching back and forth leaves nothing behind.
func SetLanguage(code string) error {
	code = text.Language(code)
	data, err := text.Files.ReadFile("translations/" + code + ".json")
	if err != nil {
		return err
	}
	var probe map[string]any
	if err := json.Unmarshal(data, &probe); err != nil {
		return fmt.Errorf("translations/%s.json: %w", code, err)
	}
	langMu.Lock()
	defer langMu.Unlock()
	for _, tag := range []fyne.Locale{"en", "vi", fyne.Locale(lang.SystemLocale().LanguageString())} {
		if err := lang.AddTranslationsForLocale(data, tag); err != nil {
			return err
		}
	}
	currentLang = code
	generation++
	return nil
}

// T says key in the interface language (see text.Say).
func T(key string, data ...any) string { return text.Say(Lang(), key, data...) }
