package report

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Text that one row cannot print whole. Excel stops a row at 409 pt (about
// 25 lines), and the forms accept a conclusion of 20,000 characters. A list
// sheet stays a table of one row a record, its cell holding the whole text
// for filters and the formula bar; the row prints what fits, and the
// sheet's last column says which item of the "Full texts" sheet holds the
// text, printed there over as many rows as it needs, each under the limit.

// maxRowLines is how many lines of text a row of the tallest height holds.
var maxRowLines = int(math.Floor((excelize.MaxRowHeight - 2) / defaultRowHeight))

// fullTextWidth is the width of the text column of the Full texts sheet.
const fullTextWidth = 85

// fullText is a text a row could not print whole: the sheet, row and
// column it is in.
type fullText struct {
	sheet, column string
	row           int
	text          string
}

// fullTextCell is a cell of a long text column: the text whole (a row too
// short for it sends it to the Full texts sheet, see sheet.overflow).
func fullTextCell(s string, style int) excelize.Cell {
	if s == "" {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: stripControls(s)}
}

// overflow registers each text of a long column of the row that its row
// cannot print whole, and says where it is in the row's last column. A text
// longer than a cell holds is cut in the cell, never on the Full texts sheet.
func (s *sheet) overflow(values []any) []any {
	var items []string
	for i, col := range s.cols {
		if !col.long || i >= len(values) {
			continue
		}
		c, ok := values[i].(excelize.Cell)
		str, _ := c.Value.(string)
		if !ok || fitsRow(str, col.width) {
			continue
		}
		s.b.fullTexts = append(s.b.fullTexts, fullText{sheet: s.name, row: s.row, column: col.title, text: str})
		items = append(items, strconv.Itoa(len(s.b.fullTexts)))
		c.Value = SafeText(str)
		values[i] = c
	}
	if len(items) > 0 {
		for len(values) <= s.rest {
			values = append(values, nil)
		}
		values[s.rest] = excelize.Cell{StyleID: s.b.st.text, Value: s.b.say("Full texts: item %s", strings.Join(items, ", "))}
	}
	return values
}

// fitsRow reports whether a row prints s whole in a column of width.
func fitsRow(s string, width float64) bool {
	if len(s) < 300 && strings.Count(s, "\n") < 5 {
		return true // short enough for any column: no need to measure
	}
	return wrappedLines(s, width, 12) <= maxRowLines && utf16Len(s) < maxCellText
}

// needFullText leaves the long mark on cols, and so the sheet's Full text
// column, only when a row will need it: texts gives each text of a long
// column with the column's position.
func needFullText(cols []column, texts func(give func(col int, s string))) []column {
	need := false
	texts(func(col int, s string) {
		need = need || cols[col].long && !fitsRow(s, cols[col].width)
	})
	if !need {
		for i := range cols {
			cols[i].long = false
		}
	}
	return cols
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// textChunks splits text into pieces that each wrap to at most maxRowLines
// lines in a column of width, cut between lines as the column wraps them.
func textChunks(text string, width float64) []string {
	var starts []int // where each line after the first starts
	n := wrapWalk(text, width, 12, func(off int) { starts = append(starts, off) })
	if n <= maxRowLines {
		return []string{text}
	}
	var out []string
	from := 0
	for k := maxRowLines; k < n; k += maxRowLines {
		to := starts[k-1] // line k (from 0) starts there
		out = append(out, strings.TrimRight(text[from:to], " \n"))
		from = to
	}
	return append(out, text[from:])
}

// fullTextsSheet prints the texts rows could not print whole, each over as
// many rows as it needs, with the sheet, row and column it comes from.
func (b *builder) fullTextsSheet(name string) (int, error) {
	cols := []column{
		{title: b.say("No."), width: 6},
		{title: b.say("Sheet (full texts)"), width: 14},
		{title: b.say("Row (full texts)"), width: 7},
		{title: b.say("Column (full texts)"), width: 18},
		{title: b.say("Part (full texts)"), width: 7},
		{title: b.say("Text (full texts)"), width: fullTextWidth},
	}
	pieces := make([][]string, len(b.fullTexts))
	rows := 1
	for i, ft := range b.fullTexts {
		pieces[i] = textChunks(ft.text, fullTextWidth)
		rows += len(pieces[i])
	}
	s, err := b.newSheet(name, cols, 1, true, rows)
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	for i, ft := range b.fullTexts {
		for k, piece := range pieces[i] {
			row := []any{
				excelize.Cell{StyleID: b.st.int_, Value: i + 1},
				textCell(ft.sheet, b.st.text),
				excelize.Cell{StyleID: b.st.int_, Value: ft.row},
				textCell(ft.column, b.st.text),
				textCell(strconv.Itoa(k+1)+"/"+strconv.Itoa(len(pieces[i])), b.st.text),
				textCell(piece, b.st.text),
			}
			if err := s.put(row, 0); err != nil {
				return 0, err
			}
		}
	}
	return s.finish(b.say("FullTexts (table name)"), nil)
}
