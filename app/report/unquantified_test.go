package report

import (
	"slices"
	"strings"
	"testing"
)

// The sample's Lũng Nặm mass organisations held "many" campaigns, no
// number: every sheet says so, never a blank, and the totals stay numbers
// with a note saying what they leave out.
func TestUnquantifiedCount(t *testing.T) {
	for _, c := range []struct{ lang, summary, sessions, many, qualifier, note string }{
		{"vi", "Tổng hợp", "Hội nghị", "nhiều", "Nhiều", "không nêu số lượng"},
		{"en", "Summary", "Sessions", "many", "Many", "with no number"},
	} {
		path, _ := exportSample(t, c.lang)
		f := open(t, path)
		rows, _ := f.GetRows(c.summary)
		var lung []string
		note := false
		for _, r := range rows {
			if slices.Contains(r, "Lũng Nặm") && lung == nil {
				lung = r
			}
			note = note || strings.Contains(strings.Join(r, ""), c.note)
		}
		if !slices.Contains(lung, c.many) {
			t.Errorf("%s: Lũng Nặm's summary row does not say %q: %q", c.lang, c.many, lung)
		}
		if !note {
			t.Errorf("%s: no note under the totals", c.lang)
		}
		// The sessions' data: the number blank, the qualifier beside it.
		srows, _ := f.GetRows(c.sessions)
		found := false
		for _, r := range srows {
			if len(r) > 7 && r[0] == "Lũng Nặm" && strings.Contains(r[3], "MTTQ") || len(r) > 7 && r[0] == "Lũng Nặm" && strings.Contains(r[3], "Fatherland") {
				found = true
				if r[4] != "" || r[5] != c.qualifier {
					t.Errorf("%s: the mass organisations' row %q", c.lang, r)
				}
			}
		}
		if !found {
			t.Errorf("%s: no row of Lũng Nặm's mass organisations", c.lang)
		}
	}
}
