// Package text is how the program says anything to people, in Vietnamese
// or English: one catalogue (translations/vi.json and en.json, keyed by the
// English text) and one function that takes the language as a parameter,
// so that a workbook, a document or a message is said in the language
// chosen for it, not necessarily the window's. It knows nothing of Fyne:
// the window's labels, the store's messages, the workbook and the exchange
// all say their texts here.
package text

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"sync"
	"text/template"
)

// Files holds translations/vi.json and translations/en.json, in the format
// of fyne.io/fyne/v2/lang (the window registers them with Fyne too, for
// Fyne's own dialogs).
//
//go:embed translations
var Files embed.FS

// Languages the program speaks, Vietnamese first.
var Languages = []struct{ Code, Name string }{{"vi", "Tiếng Việt"}, {"en", "English"}}

// Language returns code when the program speaks it, else Vietnamese.
func Language(code string) string {
	if code == "en" {
		return "en"
	}
	return "vi"
}

var (
	loadOnce  sync.Once
	catalogue map[string]map[string]string // lang -> key -> text
	loadErr   error
	templates sync.Map // lang + "\x00" + key -> *template.Template
)

func load() {
	catalogue = map[string]map[string]string{}
	for _, lang := range []string{"vi", "en"} {
		data, err := Files.ReadFile("translations/" + lang + ".json")
		if err != nil {
			loadErr = err
			return
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			loadErr = fmt.Errorf("translations/%s.json: %w", lang, err)
			return
		}
		m := make(map[string]string, len(raw))
		for k, v := range raw {
			var s string
			if json.Unmarshal(v, &s) == nil {
				m[k] = s
				continue
			}
			var plural map[string]string // Fyne's {"one": …, "other": …}
			if json.Unmarshal(v, &plural) == nil {
				m[k] = plural["other"]
			}
		}
		catalogue[lang] = m
	}
}

// Catalogue returns the texts of lang by key, and an error when the files
// cannot be read (the program is then built wrong).
func Catalogue(lang string) (map[string]string, error) {
	loadOnce.Do(load)
	return catalogue[Language(lang)], loadErr
}

// Say returns key, an English text of the program, in lang ("vi" or
// "en"), with each {{.Name}} filled from data (a map[string]string or
// map[string]any). A key the catalogue lacks is said as it is.
func Say(lang, key string, data ...any) string {
	loadOnce.Do(load)
	s, ok := catalogue[Language(lang)][key]
	if !ok {
		s = key
	}
	if len(data) == 0 || data[0] == nil || !bytes.Contains([]byte(s), []byte("{{")) {
		return s
	}
	id := lang + "\x00" + key
	t, ok := templates.Load(id)
	if !ok {
		parsed, err := template.New(key).Option("missingkey=zero").Parse(s)
		if err != nil {
			return s
		}
		t, _ = templates.LoadOrStore(id, parsed)
	}
	var b bytes.Buffer
	if err := t.(*template.Template).Execute(&b, data[0]); err != nil {
		return s
	}
	return b.String()
}

// Msg is a text to be said later, in a language chosen then: a key of the
// catalogue and what fills it. Errors of the store carry one, so that the
// window says them in its language and a command line in its own.
type Msg struct {
	Key  string
	Data map[string]any
}

// M is the text key with data given as name, value pairs:
// M("Too long: {{.N}} characters, at most {{.Max}}", "N", n, "Max", max).
func M(key string, pairs ...any) Msg {
	m := Msg{Key: key}
	if len(pairs) > 0 {
		m.Data = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			m.Data[fmt.Sprint(pairs[i])] = pairs[i+1]
		}
	}
	return m
}

// In says m in lang.
func (m Msg) In(lang string) string {
	if m.Data == nil {
		return Say(lang, m.Key)
	}
	return Say(lang, m.Key, m.Data)
}

// IsZero reports whether m says nothing.
func (m Msg) IsZero() bool { return m.Key == "" }
