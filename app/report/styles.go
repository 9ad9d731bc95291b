package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"giamsat/assets/text"
	"giamsat/db"
)

const fontName = "Times New Roman"

// styles are created once per workbook; number formats that depend on a
// qualifier or a unit are made on first use and kept.
type styles struct {
	f    *excelize.File
	lang string

	header, text, textCenter, date, int_, rate, total, totalNoZero, totalLabel, totalRate int
	overdue                                                                               int
	title, bodyLabel, body                                                                int
	superior, issuer, star, number, party, placeDate, docType, docTitle                   int
	recipientsTitle, recipients, signTitle, signName, signBlock                           int
	cache                                                                                 map[formatKey]int
}

type formatKey struct {
	kind, qualifier string
	n               float64
	bold            bool
}

var thin = []excelize.Border{
	{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
	{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
}

func font(size float64, bold, italic bool) *excelize.Font {
	return &excelize.Font{Family: fontName, Size: size, Bold: bold, Italic: italic}
}

func newStyles(f *excelize.File, lang string) (*styles, error) {
	s := &styles{f: f, lang: lang, cache: map[formatKey]int{}}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	defs := []struct {
		id *int
		st excelize.Style
	}{
		{&s.header, excelize.Style{Font: font(12, true, false), Alignment: center, Border: thin,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}}},
		{&s.text, excelize.Style{Font: font(12, false, false), Alignment: top, Border: thin}},
		// An overdue request, as of the signing date: red, fixed in the file.
		{&s.overdue, excelize.Style{Font: &excelize.Font{Family: fontName, Size: 12, Bold: true, Color: "9C0006"}, Alignment: top, Border: thin,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}},
		{&s.textCenter, excelize.Style{Font: font(12, false, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, Border: thin}},
		{&s.date, excelize.Style{Font: font(12, false, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, Border: thin, CustomNumFmt: strPtr("dd/mm/yyyy")}},
		{&s.int_, excelize.Style{Font: font(12, false, false), Alignment: &excelize.Alignment{Vertical: "top"}, Border: thin, NumFmt: 3}},
		{&s.rate, excelize.Style{Font: font(12, false, false), Alignment: &excelize.Alignment{Vertical: "top"}, Border: thin, CustomNumFmt: strPtr("0.00%")}},
		{&s.total, excelize.Style{Font: font(12, true, false), Border: thin, NumFmt: 3}},
		// A total of figures nobody gave (expected participants, link-up
		// points) shows empty rather than a misleading 0.
		{&s.totalNoZero, excelize.Style{Font: font(12, true, false), Border: thin, CustomNumFmt: strPtr(`#,##0;-#,##0;""`)}},
		{&s.totalLabel, excelize.Style{Font: font(12, true, false), Border: thin, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.totalRate, excelize.Style{Font: font(12, true, false), Border: thin, CustomNumFmt: strPtr("0.00%")}},
		{&s.title, excelize.Style{Font: font(14, true, false), Alignment: center}},
		{&s.bodyLabel, excelize.Style{Font: font(13, true, false), Alignment: top}},
		{&s.body, excelize.Style{Font: font(13, false, false), Alignment: top}},
		// The Party-document header (36-HD/VPTW).
		{&s.superior, excelize.Style{Font: font(14, false, false), Alignment: center}},
		{&s.issuer, excelize.Style{Font: font(14, true, false), Alignment: center}},
		{&s.star, excelize.Style{Font: font(14, false, false), Alignment: center}},
		{&s.number, excelize.Style{Font: font(14, false, false), Alignment: center}},
		{&s.party, excelize.Style{Font: font(15, true, false), Alignment: center}}, // the line under it is drawn (partyLine)
		{&s.placeDate, excelize.Style{Font: font(14, false, true), Alignment: center}},
		{&s.docType, excelize.Style{Font: font(16, true, false), Alignment: center}},
		{&s.docTitle, excelize.Style{Font: font(14, true, false), Alignment: center}},
		// Its end: the recipients on the left, the signature on the right.
		{&s.recipientsTitle, excelize.Style{Font: &excelize.Font{Family: fontName, Size: 14, Bold: true, Italic: true, Underline: "single"},
			Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.recipients, excelize.Style{Font: font(12, false, false), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.signTitle, excelize.Style{Font: font(14, true, false), Alignment: center}},
		{&s.signName, excelize.Style{Font: font(14, true, false), Alignment: center}},
		{&s.signBlock, excelize.Style{Font: font(14, true, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		st := d.st
		id, err := f.NewStyle(&st)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	return s, nil
}

func strPtr(s string) *string { return &s }

// qualifierText is the words a format puts before a qualified figure:
// short ones ("over 1,200", "trên 1.200"), where the labels of the forms
// are too long for a column.
func (s *styles) qualifierText(code string) string {
	if code == "" {
		return ""
	}
	return text.Say(s.lang, code+" (before a figure)") + " "
}

// withCommon returns a count's style that says how many of it are common
// to several communes ("5 (4 chung)"); the plain count's when none is.
func (s *styles) withCommon(common int, bold bool) int {
	if common == 0 {
		return s.int_
	}
	key := formatKey{"common", "", float64(common), bold}
	if id, ok := s.cache[key]; ok {
		return id
	}
	return s.figure(key, `#,##0" `+text.F("(%d common)", common).In(s.lang)+`"`, bold)
}

// numberFormat returns a style whose number format shows the qualifier
// before the figure ("trên 1.200") while the cell stays a number.
func (s *styles) numberFormat(kind, qualifier string, n float64, bold bool) int {
	key := formatKey{kind, qualifier, n, bold}
	if id, ok := s.cache[key]; ok {
		return id
	}
	var body string
	switch kind {
	case "int":
		body = "#,##0"
	case "percent":
		body = "0.0#%"
	case "percent_whole":
		body = "0%"
	case "of_n":
		body = fmt.Sprintf(`0"/%s"`, db.FormatNumber(n, s.lang))
	default:
		body = "#,##0.##"
	}
	format := body
	if q := s.qualifierText(qualifier); q != "" {
		format = `"` + q + `"` + body
	}
	return s.figure(key, format, bold)
}

// figure makes, once per key, the style of a figure cell with the number
// format given (the plain count's style when the format is refused).
func (s *styles) figure(key formatKey, format string, bold bool) int {
	st := excelize.Style{Font: font(12, bold, false), Border: thin, CustomNumFmt: &format,
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}} // "nhiều" too, under the figures
	id, err := s.f.NewStyle(&st)
	if err != nil {
		id = s.int_
	}
	s.cache[key] = id
	return id
}
