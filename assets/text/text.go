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
	if err := t.(*template.Template).Execute(&b, said(lang, data[0])); err != nil {
		return s
	}
	return b.String()
}

// Sayer is what is said in a language chosen later: a Msg, an error of the
// store. Put in the data of another text, it is said in that text's
// language.
type Sayer interface{ In(lang string) string }

// said returns data with each Sayer in it said in lang.
func said(lang string, data any) any {
	m, ok := data.(map[string]any)
	if !ok {
		return data
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if s, ok := v.(Sayer); ok {
			v = s.In(lang)
		}
		out[k] = v
	}
	return out
}

// Msg is a text to be said later, in a language chosen then: a key of the
// catalogue, a format in the manner of fmt.Sprintf, and its arguments.
// Errors of the store carry one, so that the window says them in its
// language and a command line in its own.
type Msg struct {
	Key  string
	Args []any
}

// F is the text key (a format: "Cannot read %s: %v"), with args.
func F(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// In says m in lang: the key's text in lang, with the arguments (each
// Sayer among them said in lang too).
func (m Msg) In(lang string) string {
	s := Say(lang, m.Key)
	if len(m.Args) == 0 {
		return s
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if x, ok := a.(Sayer); ok {
			a = x.In(lang)
		}
		args[i] = a
	}
	return fmt.Sprintf(s, args...)
}

// IsZero reports whether m says nothing.
func (m Msg) IsZero() bool { return m.Key == "" }
