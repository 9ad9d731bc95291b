package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"testing"

	"fyne.io/fyne/v2/lang"

	"giamsat/assets/text"
)

func readTranslations(t *testing.T, code string) map[string]any {
	t.Helper()
	data, err := text.Files.ReadFile("translations/" + code + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// Every text the program passes to T has a Vietnamese and an English entry,
// and the two files have the same keys, so switching language leaves no
// text of the other behind.
func TestTranslationsComplete(t *testing.T) {
	vi, en := readTranslations(t, "vi"), readTranslations(t, "en")
	for k := range vi {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
	}
	for k := range en {
		if _, ok := vi[k]; !ok {
			t.Errorf("vi.json lacks %q", k)
		}
	}
	call := regexp.MustCompile(`\bT\("((?:[^"\\]|\\.)*)"`)
	var files []string
	for _, dir := range []string{".", "../forms"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		files = append(files, m...)
	}
	var missing []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			key, err := strconv.Unquote(`"` + m[1] + `"`) // "\n" is a new line
			if err != nil {
				key = m[1]
			}
			if _, ok := vi[key]; !ok {
				missing = append(missing, m[1]+" ("+f+")")
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no translation for %s", m)
	}
}

func TestLanguageSwitch(t *testing.T) {
	t.Cleanup(func() { SetLanguage("vi") })
	for _, c := range []struct{ code, settings, cancel string }{
		{"vi", "Cài đặt", "Hủy"},
		{"en", "Settings", "Cancel"},
		{"vi", "Cài đặt", "Hủy"},
	} {
		if err := SetLanguage(c.code); err != nil {
			t.Fatal(err)
		}
		if got := T("Settings"); got != c.settings {
			t.Errorf("%s: Settings is %q, want %q", c.code, got, c.settings)
		}
		// Fyne's own dialog buttons follow.
		if got := lang.L("Cancel"); got != c.cancel {
			t.Errorf("%s: Fyne's Cancel is %q, want %q", c.code, got, c.cancel)
		}
		if Lang() != c.code {
			t.Errorf("Lang() = %q", Lang())
		}
	}
	SetLanguage("vi")
	if got := T("Delegation No. {{.Number}}", map[string]string{"Number": "03"}); got != "Đoàn giám sát số 03" {
		t.Errorf("template: %q", got)
	}
}
