package text

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

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
	inner := F("Delegation No. {{.Number}}")
	if got := F("Cannot read %s: %v", "a.giamsat", inner).In("vi"); got != "Không đọc được tệp a.giamsat: Đoàn giám sát số {{.Number}}" {
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

// Every text the program says through the catalogue is in it: the keys of
// T, text.F, text.Say, db.Fail, the report's say, the checker's add and the
// exchange's problemf, wherever they are in the program's code.
func TestEveryKeyInTheCatalogue(t *testing.T) {
	vi, _ := Catalogue("vi")
	str := `"((?:[^"\\]|\\.)*)"`
	calls := regexp.MustCompile(`(?:\bT\(|text\.F\(|text\.Say\([^,()]+, |\bFail\([^,()]+, |\bsay\(|\bproblemf\(|\bk\.add\([^,()]+, |\bc\.add\([^,()]+, )` + str)
	var missing []string
	n := 0
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range calls.FindAllStringSubmatch(string(src), -1) {
			key, err := strconv.Unquote(`"` + m[1] + `"`)
			if err != nil {
				t.Errorf("%s: %q: %v", path, m[1], err)
				continue
			}
			n++
			if _, ok := vi[key]; !ok {
				missing = append(missing, fmt.Sprintf("%q (%s)", key, path))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 400 {
		t.Fatalf("found only %d keys in the code: the pattern is wrong", n)
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("not in the catalogue: %s", m)
	}
}
