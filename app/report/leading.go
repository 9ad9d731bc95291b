package report

import "giamsat/db"

// leading returns the columns every list starts with: the delegation (when
// the workbook covers several), the commune and the date of the visit.
func (b *builder) leading() []column {
	var cols []column
	if b.allDelegations() {
		cols = append(cols, column{title: b.head("visits", "delegation_id"), width: 9})
	}
	return append(cols, column{title: b.head("visits", "commune_id"), width: 18}, column{title: b.head("visits", "visit_date"), width: 12})
}

func (b *builder) leadingCells(v *db.VisitRow) []any {
	var cells []any
	if b.allDelegations() {
		cells = append(cells, textCell(v.DelegationNumber, b.st.textCenter))
	}
	return append(cells, textCell(v.CommuneName, b.st.text), dateCell(v.Date, b.st.date))
}

// commonCells are the leading cells of a row common to several communes of
// v's delegation: label, naming them, and the date of the first visit
// concerned (none on the summary, where v is the delegation's and not a
// visit).
func (b *builder) commonCells(v *db.VisitRow, label string) []any {
	var cells []any
	if b.allDelegations() {
		cells = append(cells, textCell(v.DelegationNumber, b.st.textCenter))
	}
	return append(cells, textCell(label, b.st.text), dateCell(v.Date, b.st.date))
}
