package text

import "testing"

func TestSayInEachLanguage(t *testing.T) {
	for _, c := range []struct{ lang, want string }{
		{"vi", "Đoàn giám sát số 03"},
		{"en", "Delegation No. 03"},
		{"fr", "Đoàn giám sát số 03"}, // a language not spoken: Vietnamese
	} {
		if got := Say(c.lang, "Delegation No. {{.Number}}", map[string]string{"Number": "03"}); got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, got, c.want)
		}
	}
	if got := M("Delegation No. {{.Number}}", "Number", "04").In("en"); got != "Delegation No. 04" {
		t.Errorf("Msg: %q", got)
	}
	if got := Say("vi", "a text the catalogue lacks"); got != "a text the catalogue lacks" {
		t.Errorf("missing key: %q", got)
	}
	if got := Say("vi", "file.name"); got != "Tên" {
		t.Errorf("plural form: %q", got)
	}
}

// Both files hold the same keys, each with a text.
func TestCataloguesMatch(t *testing.T) {
	vi, err := Catalogue("vi")
	if err != nil {
		t.Fatal(err)
	}
	en, _ := Catalogue("en")
	for k, v := range vi {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks %q", k)
		}
		if v == "" {
			t.Errorf("vi.json: %q is empty", k)
		}
	}
	for k := range en {
		if _, ok := vi[k]; !ok {
			t.Errorf("vi.json lacks %q", k)
		}
	}
}
