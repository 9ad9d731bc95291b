package db

import (
	"slices"
	"testing"

	"giamsat/assets/text"
)

// Every column of every record table is named once, with its Go field and a
// label (and heading) the catalogue holds in both languages.
func TestEveryColumnHasALabel(t *testing.T) {
	vi, _ := text.Catalogue("vi")
	en, _ := text.Catalogue("en")
	records := []Record{&Commune{}, &Delegation{}, &Member{}, &Visit{}, &Session{}, &Indicator{}, &IndicatorValue{}, &Difficulty{}, &Request{}}
	for _, r := range records {
		table := r.table()
		var named []string
		for _, c := range ColumnTexts(table) {
			named = append(named, c.Column)
			for _, key := range []string{c.Label, c.Heading} {
				if key == "" && key == c.Heading {
					continue
				}
				if vi[key] == "" || en[key] == "" {
					t.Errorf("%s.%s: %q is not in the catalogue", table, c.Column, key)
				}
			}
		}
		if !slices.Equal(named, ColumnNames(r)) {
			t.Errorf("%s: labels for %v, the table has %v", table, named, ColumnNames(r))
		}
		if key := TableLabelKey(table); vi[key] == "" {
			t.Errorf("%s: no name in the catalogue", table)
		}
	}
	if got := Label("vi", "delegations", "IssuingBody"); got != "Cơ quan thành lập đoàn" {
		t.Errorf("the delegation's body is %q", got)
	}
	if got := Label("en", "delegations", "issuing_body"); got != "Issuing body" {
		t.Errorf("in English: %q", got)
	}
}
