package db

import (
	"strings"
	"testing"
)

func TestValidation(t *testing.T) {
	long := strings.Repeat("ạ", 201)
	cases := []struct {
		name  string
		errs  Errors
		field string // "" means valid
	}{
		{"commune ok", Commune{Name: "Lũng Nặm", Kind: "commune", Code: "01393"}.Validate(), ""},
		{"commune no name", Commune{Kind: "commune"}.Validate(), "Name"},
		{"commune name too long", Commune{Name: long, Kind: "commune"}.Validate(), "Name"},
		{"commune bad kind", Commune{Name: "A", Kind: "district"}.Validate(), "Kind"},
		{"commune bad code", Commune{Name: "A", Kind: "ward", Code: "01-393"}.Validate(), "Code"},
		{"delegation ok", Delegation{Number: "03", IssuingBody: "Tỉnh ủy", PeriodFrom: NewDate(2026, 1, 1), PeriodTo: NewDate(2026, 1, 1)}.Validate(), ""},
		{"delegation no number", Delegation{IssuingBody: "Tỉnh ủy"}.Validate(), "Number"},
		{"delegation end before start", Delegation{Number: "1", IssuingBody: "T", PeriodFrom: NewDate(2026, 2, 1), PeriodTo: NewDate(2026, 1, 31)}.Validate(), "PeriodTo"},
		{"member ok", Member{DelegationID: "d", FullName: "Lý Văn Giang", Role: "deputy"}.Validate(), ""},
		{"member no name", Member{DelegationID: "d", Role: "head"}.Validate(), "FullName"},
		{"member bad role", Member{DelegationID: "d", FullName: "A", Role: "boss"}.Validate(), "Role"},
		{"visit ok", Visit{DelegationID: "d", CommuneID: "c", Date: NewDate(2026, 11, 18)}.Validate(), ""},
		{"visit no date", Visit{DelegationID: "d", CommuneID: "c"}.Validate(), "Date"},
		{"visit no commune", Visit{DelegationID: "d", Date: NewDate(2026, 11, 18)}.Validate(), "CommuneID"},
		{"session ok unknown counts", Session{VisitID: "v", Level: "mass_org"}.Validate(), ""},
		{"session zero ok", Session{VisitID: "v", Level: "other", Held: IntPtr(0), Participants: IntPtr(0)}.Validate(), ""},
		{"session negative held", Session{VisitID: "v", Level: "commune", Held: IntPtr(-2)}.Validate(), "Held"},
		{"session negative expected", Session{VisitID: "v", Level: "commune", Expected: IntPtr(-1)}.Validate(), "Expected"},
		{"session bad level", Session{VisitID: "v", Level: "district"}.Validate(), "Level"},
		{"session bad qualifier", Session{VisitID: "v", Level: "commune", ParticipantsQualifier: "roughly"}.Validate(), "ParticipantsQualifier"},
		{"indicator of_n needs N", Indicator{Code: "x", NameVI: "X", Unit: "of_n"}.Validate(), "Max"},
		{"indicator min above max", Indicator{Code: "x", NameVI: "X", Unit: "percent", Min: FloatPtr(5), Max: FloatPtr(1)}.Validate(), "Max"},
		{"difficulty ok", Difficulty{VisitID: "v", Category: "staffing", Description: "Thiếu công chức", Status: "open"}.Validate(), ""},
		{"difficulty bad category", Difficulty{VisitID: "v", Category: "weather", Description: "x", Status: "open"}.Validate(), "Category"},
		{"request ok", Request{VisitID: "v", Text: "Báo cáo", Status: "overdue"}.Validate(), ""},
		{"request empty", Request{VisitID: "v", Status: "open"}.Validate(), "Text"},
	}
	for _, c := range cases {
		if c.field == "" {
			if len(c.errs) != 0 {
				t.Errorf("%s: unexpected errors %v", c.name, c.errs)
			}
			continue
		}
		e := c.errs.For(c.field)
		if e == nil {
			t.Errorf("%s: no error on %s (got %v)", c.name, c.field, c.errs)
			continue
		}
		if e.Message("vi") == "" || e.Message("en") == "" || e.Message("vi") == e.Message("en") {
			t.Errorf("%s: message not in both languages: %+v", c.name, *e)
		}
	}
}

func TestIndicatorRanges(t *testing.T) {
	percent := Indicator{Unit: "percent", Min: FloatPtr(0), Max: FloatPtr(100)}
	plan := Indicator{Unit: "percent_plan", Min: FloatPtr(0), Max: FloatPtr(1000)}
	of19 := Indicator{Unit: "of_n", Min: FloatPtr(0), Max: FloatPtr(19)}
	for _, c := range []struct {
		def   Indicator
		value float64
		ok    bool
	}{
		{percent, 53, true}, {percent, 100, true}, {percent, 100.5, false}, {percent, -1, false},
		{plan, 145, true}, {of19, 8, true}, {of19, 19, true}, {of19, 20, false}, {of19, 8.5, false},
	} {
		errs := ValidateIndicatorValue(IndicatorValue{VisitID: "v", IndicatorID: "i", Value: c.value}, c.def)
		if (len(errs) == 0) != c.ok {
			t.Errorf("%s %v: errors %v, want ok=%v", c.def.Unit, c.value, errs, c.ok)
		}
	}
}

func TestParseNumbers(t *testing.T) {
	for _, c := range []struct {
		in, lang string
		want     float64
		ok       bool
	}{
		{"53,5", "vi", 53.5, true}, {"53.5", "vi", 53.5, true}, {"1.200", "vi", 1200, true},
		{"35.599", "vi", 35599, true}, {"1.200,75", "vi", 1200.75, true}, {"99,16%", "vi", 99.16, true},
		{"1,200", "en", 1200, true}, {"53.5", "en", 53.5, true}, {"53,5", "en", 53.5, true},
		{"abc", "vi", 0, false}, {"", "vi", 0, false}, {"12a", "en", 0, false}, {"NaN", "en", 0, false},
	} {
		got, err := ParseNumber("Value", c.in, c.lang)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("ParseNumber(%q, %s) = %v, %v; want %v ok=%v", c.in, c.lang, got, err, c.want, c.ok)
		}
	}
	for _, c := range []struct {
		in, lang string
		want     *int
		ok       bool
	}{
		{"1.200", "vi", IntPtr(1200), true}, {" 40 ", "vi", IntPtr(40), true}, {"", "vi", nil, true},
		{"1,200", "en", IntPtr(1200), true}, {"1200", "en", IntPtr(1200), true}, {"35.599.000", "vi", IntPtr(35599000), true},
		{"1 200", "vi", IntPtr(1200), true},
		{"-3", "vi", nil, false}, {"2,5", "vi", nil, false}, {"nhiều", "vi", nil, false},
		// A decimal is refused, never multiplied: "12.5" is not 125.
		{"12.5", "en", nil, false}, {"1.5", "en", nil, false}, {"12,5", "vi", nil, false},
		// Separators not in threes are typing mistakes.
		{"1.20", "vi", nil, false}, {"12,00", "en", nil, false}, {"1,200", "vi", nil, false},
		{"+5", "vi", nil, false}, {"99999999999", "vi", nil, false},
	} {
		got, err := ParseCount("Held", c.in, c.lang)
		if (err == nil) != c.ok || (c.want == nil) != (got == nil) || (got != nil && *got != *c.want) {
			t.Errorf("ParseCount(%q, %s) = %v, %v", c.in, c.lang, got, err)
		}
	}
	// FormatCount and ParseCount round-trip in both languages.
	for _, n := range []int{0, 7, 999, 1000, 1200, 35599, 1234567} {
		for _, lang := range []string{"vi", "en"} {
			text := FormatCount(&n, lang)
			back, err := ParseCount("Held", text, lang)
			if err != nil || back == nil || *back != n {
				t.Errorf("%d in %s: %q read back as %v, %v", n, lang, text, back, err)
			}
		}
	}
	for _, c := range []struct {
		f      float64
		vi, en string
	}{{53.5, "53,5", "53.5"}, {1200, "1.200", "1,200"}, {35599000, "35.599.000", "35,599,000"}, {-2.25, "-2,25", "-2.25"}} {
		if got := FormatNumber(c.f, "vi"); got != c.vi {
			t.Errorf("FormatNumber(%v, vi) = %q", c.f, got)
		}
		if got := FormatNumber(c.f, "en"); got != c.en {
			t.Errorf("FormatNumber(%v, en) = %q", c.f, got)
		}
	}
	d, err := ParseDate("18/11/2026")
	if err != nil || d.ISO() != "2026-11-18" || d.String() != "18/11/2026" {
		t.Errorf("ParseDate: %v %v", d, err)
	}
	if _, err := ParseDate("31/02/2026"); err == nil {
		t.Error("31/02/2026 parsed")
	}
}

func TestUnitLabelInEnglish(t *testing.T) {
	i := Indicator{UnitLabel: "đoàn"}
	if got := i.UnitLabelIn("en"); got != "teams" {
		t.Errorf("en: %q", got)
	}
	if got := i.UnitLabelIn("vi"); got != "đoàn" {
		t.Errorf("vi: %q", got)
	}
	if got := (Indicator{UnitLabel: "bản tin"}).UnitLabelIn("en"); got != "bản tin" {
		t.Errorf("unknown unit: %q", got)
	}
}
