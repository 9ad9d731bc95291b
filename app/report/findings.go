package report

import "giamsat/db"

// findingsSheet is what the delegation wrote of each visit: where it was
// held, who chaired and attended, the assessment and the conclusions,
// wrapped to be read on paper and kept as text to be filtered.
func (b *builder) findingsSheet(name string) (int, error) {
	findings, err := b.store.FindingRows(b.ctx, b.opts.Filter)
	if err != nil {
		return 0, err
	}
	// What the catalogue notes of a commune ("xã vùng cao biên giới"),
	// beside its visits, when any commune has a note.
	notes := false
	for _, fd := range findings {
		notes = notes || fd.CommuneNotes != ""
	}
	cols := b.leading()
	if notes {
		cols = append(cols, column{title: b.say("About the commune"), width: 20})
	}
	cols = append(cols,
		column{title: b.head("visits", "place"), width: 20},
		column{title: b.head("visits", "chaired_by"), width: 22},
		column{title: b.head("visits", "attendees"), width: 26, long: true},
		column{title: b.head("visits", "assessment"), width: 45, long: true},
		column{title: b.head("visits", "conclusions"), width: 55, long: true},
	)
	byVisit := make(map[string]*db.Finding, len(findings))
	for i := range findings {
		byVisit[findings[i].VisitID] = &findings[i]
	}
	rows := 1
	for i := range b.visits {
		if byVisit[b.visits[i].ID] != nil {
			rows++
		}
	}
	cols = needFullText(cols, func(give func(int, string)) {
		for _, fd := range findings {
			give(len(cols)-3, fd.Attendees)
			give(len(cols)-2, fd.Assessment)
			give(len(cols)-1, fd.Conclusions)
		}
	})
	s, err := b.newSheet(name, cols, 1, true, rows)
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	for i := range b.visits {
		v := &b.visits[i]
		fd := byVisit[v.ID]
		if fd == nil {
			continue
		}
		row := b.leadingCells(v)
		if notes {
			row = append(row, textCell(fd.CommuneNotes, b.st.text))
		}
		row = append(row,
			textCell(fd.Place, b.st.text), textCell(fd.ChairedBy, b.st.text), fullTextCell(fd.Attendees, b.st.text),
			fullTextCell(fd.Assessment, b.st.text), fullTextCell(fd.Conclusions, b.st.text))
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	return s.finish(b.say("Findings (table name)"), nil)
}
