package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// requestsSheet lists the delegation's requests; overdue ones stand out.
func (b *builder) requestsSheet(name string) (int, error) {
	cols := append(b.leading(),
		column{title: b.head("requests", "body"), width: 60},
		column{title: b.head("requests", "deadline"), width: 12},
		column{title: b.head("requests", "status"), width: 16},
		column{title: b.say("Overdue"), width: 9},
	)
	requests, err := b.requests.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	// Overdue rows are marked by Excel itself whenever the workbook is
	// opened: a conditional format against the deadline and today, not a
	// fill fixed on the day of the export. (A streamed sheet takes its
	// conditional formats from what the sheet holds when streaming starts.)
	if len(requests) > 0 {
		lead := len(b.leading())
		deadline, status := colName(lead+2), colName(lead+3)
		fill, err := b.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}})
		if err != nil {
			return 0, err
		}
		rule := []excelize.ConditionalFormatOptions{{Type: "formula", Format: &fill,
			Criteria: fmt.Sprintf(`AND(ISNUMBER($%s2),$%s2<TODAY(),$%s2<>"%s")`, deadline, deadline, status,
				db.RequestStatuses.Label("done", b.lang))}}
		if err := b.f.SetConditionalFormat(name, fmt.Sprintf("A2:%s%d", colName(len(cols)), 1+len(requests)), rule); err != nil {
			return 0, err
		}
	}
	s, err := b.newSheet(name, cols, 1, true, 1+len(requests))
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	defer b.release(b.requests)
	for _, q := range requests {
		anchor := b.anchorOf(q.Shared(), q.VisitID, q.DelegationID, q.Communes)
		if anchor == "" {
			continue // common to communes none of whose visits is listed
		}
		v := b.visit(anchor)
		var row []any
		if q.Shared() {
			// Common to several communes: one row, counted once.
			if q.Status != "done" {
				b.sum.commonOpen[q.DelegationID]++
				for _, i := range b.concerned(q.DelegationID, q.Communes) {
					b.sum.openCommon[i]++
				}
			}
			row = b.commonCells(v, b.communesLabel(q.Communes))
		} else {
			if q.Status != "done" {
				b.sum.open[b.visitIndex[q.VisitID]]++
			}
			row = b.leadingCells(v)
		}
		mark := ""
		if q.Overdue(b.opts.Today) {
			mark = b.say("Overdue")
		}
		// The status stays what it is, so a filter by status finds every
		// request; "overdue" is a column of its own, worked out again by
		// Excel against today's date whenever the workbook is opened.
		lead := len(row)
		deadline, status := cellName(lead+2, s.row), cellName(lead+3, s.row)
		overdueCell := textCell(mark, b.st.text)
		overdueCell.Formula = fmt.Sprintf(`IF(AND(ISNUMBER(%s),%s<TODAY(),%s<>"%s"),"%s","")`,
			deadline, deadline, status, db.RequestStatuses.Label("done", b.lang), b.say("Overdue"))
		row = append(row,
			textCell(q.Text, b.st.text),
			dateCell(q.Deadline, b.st.date),
			textCell(db.RequestStatuses.Label(q.Status, b.lang), b.st.text),
			overdueCell,
		)
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	return s.finish(b.say("Requests (table name)"), nil)
}
