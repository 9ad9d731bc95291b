package report

import (
	"testing"

	"giamsat/assets/text"
	"giamsat/db"
)

// The keys the workbook builds from codes (a level's headings, a
// qualifier's short word, a sheet's name) are in the catalogue, in both
// languages.
func TestBuiltKeysInTheCatalogue(t *testing.T) {
	vi, _ := text.Catalogue("vi")
	en, _ := text.Catalogue("en")
	var keys []string
	for _, l := range db.SessionLevels {
		keys = append(keys, l.Code+" held (summary)", l.Code+" participants (summary)")
	}
	for _, q := range db.Qualifiers {
		if q.Code != "" {
			keys = append(keys, q.Code+" (before a figure)")
		}
	}
	for _, s := range []string{"summary", "findings", "sessions", "indicators", "difficulties", "diffcounts", "requests"} {
		keys = append(keys, s+" (sheet name)")
	}
	for _, k := range keys {
		if vi[k] == "" || en[k] == "" {
			t.Errorf("%q is not in the catalogue", k)
		}
	}
}
