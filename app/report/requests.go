package report

import (
	"giamsat/db"
)

// requestsSheet lists the delegation's requests; those overdue on the
// signing date stand out.
func (b *builder) requestsSheet(name string) (int, error) {
	cols := append(b.leading(),
		column{title: b.head("requests", "body"), width: 60, long: true},
		column{title: b.head("requests", "deadline"), width: 12},
		column{title: b.head("requests", "status"), width: 16},
		column{title: b.say("Overdue on the signing date"), width: 12},
	)
	requests, err := b.requests.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	cols = needFullText(cols, func(give func(int, string)) {
		for _, q := range requests {
			give(len(cols)-4, q.Text)
		}
	})
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
		// Overdue as of the signing date, written in the file: opening it
		// later changes nothing (no TODAY(), which Excel recomputes).
		overdue := textCell("", b.st.text)
		if q.Overdue(b.opts.Today) {
			overdue = textCell(b.say("Overdue"), b.st.overdue)
		}
		// The status stays what it is, so a filter by status finds every
		// request; "overdue" is a column of its own.
		row = append(row,
			fullTextCell(q.Text, b.st.text),
			dateCell(q.Deadline, b.st.date),
			textCell(db.RequestStatuses.Label(q.Status, b.lang), b.st.text),
			overdue,
		)
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	return s.finish(b.say("Requests (table name)"), nil)
}
