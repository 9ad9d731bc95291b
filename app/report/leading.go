package report

import (
	"slices"

	"giamsat/db"
)

// leading returns the columns every data sheet starts with: the
// delegation and its period (when the workbook covers several: two
// delegations "03" of different years stay two in a pivot), the commune
// and its code (two communes of one name stay two), and the date of the
// visit.
func (b *builder) leading() []column { return b.leadingColumns(true) }

// reportLeading are the leading columns of a report sheet (the summary,
// printed as the annex's page): the delegation, the commune, the date.
func (b *builder) reportLeading() []column { return b.leadingColumns(false) }

func (b *builder) leadingColumns(data bool) []column {
	var cols []column
	if b.allDelegations() {
		cols = append(cols, column{title: b.head("visits", "delegation_id"), width: 9})
		if data {
			cols = append(cols, column{title: b.say("Period (of supervision)"), width: 23})
		}
	}
	// A report sheet's columns are narrower: with a delegation's three
	// levels, its table fits A4 landscape at 100 % (report_test.go).
	communeW, dateW := 18.0, 12.0
	if !data {
		communeW, dateW = 16, 11
	}
	cols = append(cols, column{title: b.head("visits", "commune_id"), width: communeW})
	if data {
		cols = append(cols, column{title: b.head("communes", "code"), width: 9})
	}
	return append(cols, column{title: b.head("visits", "visit_date"), width: dateW})
}

// communeColumn is where the commune is among a report sheet's leading
// columns (from 0).
func (b *builder) communeColumn() int {
	if b.allDelegations() {
		return 1
	}
	return 0
}

// delegationCells are the leading cells that say the delegation of v.
func (b *builder) delegationCells(v *db.VisitRow, data bool) []any {
	if !b.allDelegations() {
		return nil
	}
	d := b.delegation(v.DelegationID)
	cells := []any{textCell(b.delegationName(d), b.st.textCenter)}
	if data {
		cells = append(cells, textCell(d.Period(), b.st.textCenter))
	}
	return cells
}

// leadingCells are the cells of a data sheet's leading columns for v, made
// once a visit (its rows on every sheet start with them) and never changed:
// a row appends its own cells to a copy.
func (b *builder) leadingCells(v *db.VisitRow) []any {
	i, ok := b.visitIndex[v.ID]
	if !ok || b.scope != nil { // a delegation's own sheet says less
		return b.makeLeadingCells(v)
	}
	if b.leadCache == nil {
		b.leadCache = make([][]any, len(b.visits))
	}
	if b.leadCache[i] == nil {
		b.leadCache[i] = slices.Clip(b.makeLeadingCells(v))
	}
	return b.leadCache[i]
}

func (b *builder) makeLeadingCells(v *db.VisitRow) []any {
	return append(b.delegationCells(v, true), textCell(v.CommuneName, b.st.text), textCell(v.CommuneCode, b.st.textCenter), dateCell(v.Date, b.st.date))
}

// reportCells are the cells of a report sheet's leading columns for v.
func (b *builder) reportCells(v *db.VisitRow) []any {
	return append(b.delegationCells(v, false), textCell(v.CommuneName, b.st.text), dateCell(v.Date, b.st.date))
}

// commonCells are the leading cells of a data sheet's row common to
// several communes of v's delegation: label, naming them (no code), and the
// date of the first visit concerned.
func (b *builder) commonCells(v *db.VisitRow, label string) []any {
	return append(b.delegationCells(v, true), textCell(label, b.st.text), textCell("", b.st.textCenter), dateCell(v.Date, b.st.date))
}
