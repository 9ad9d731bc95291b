package report

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

func (b *builder) countCell(n int, known bool, qualifier string, bold bool) excelize.Cell {
	style := b.st.numberFormat("int", qualifier, 0, bold)
	if !known && qualifier == "many" {
		// Given as "many", no number: said so, never a blank read as none.
		return excelize.Cell{StyleID: b.st.numberFormat("int", "", 0, bold), Value: b.say("many (before a figure)")}
	}
	if !known {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: n}
}

// textCell is a string cell that can never become a formula or overflow a cell.
func textCell(s string, style int) excelize.Cell {
	if s == "" {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: SafeText(s)}
}

// maxCellText is what an Excel cell holds.
const maxCellText = 32767

// SafeText returns s as it can be stored in a cell: shortened to what a cell
// holds (ending in "…"), with control characters that XML cannot carry
// removed. The stream writer stores it as a string, never as a formula, so
// text such as "=1+1" or "@SUM(A1)" stays text.
func SafeText(s string) string {
	s = stripControls(s)
	if len(s) > maxCellText/2 { // quick check in bytes before counting UTF-16 units
		units := 0
		for i, r := range s {
			n := 1
			if r > 0xFFFF {
				n = 2
			}
			if units+n > maxCellText-1 {
				return s[:i] + "…"
			}
			units += n
		}
	}
	return s
}

func dateCell(d db.Date, style int) any {
	if d.IsZero() {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: d.Time()}
}

func intCell(n *int, style int) excelize.Cell {
	if n == nil {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: *n}
}

// stripControls removes the control characters XML cannot carry.
func stripControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' {
			return -1
		}
		return r
	}, s)
}
