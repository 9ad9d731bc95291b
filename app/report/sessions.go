package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// sessionsSheet lists sessions by commune and level, with a rate where the
// expected number is known.
func (b *builder) sessionsSheet(name string) (int, error) {
	cols := b.leading()
	lead := len(cols)
	cols = append(cols,
		column{title: b.head("sessions", "level"), width: 26},
		column{title: b.head("sessions", "held"), width: 11},
		column{title: b.head("sessions", "held_qualifier"), width: 10},
		column{title: b.head("sessions", "participants"), width: 14},
		column{title: b.head("sessions", "participants_qualifier"), width: 10},
		column{title: b.head("sessions", "expected"), width: 12},
		column{title: b.say("Participation rate"), width: 11},
		column{title: b.head("sessions", "mode"), width: 14},
		column{title: b.head("sessions", "link_points"), width: 9},
		column{title: b.head("sessions", "note"), width: 40, long: true},
	)
	// Each qualified number has its qualifier in a column of its own, so
	// that a filter, a pivot table or a CSV keeps "trên" and "khoảng",
	// which the numbers' formats only show.
	c := sessionCols{level: lead + 1, held: lead + 2, part: lead + 4, exp: lead + 6, rate: lead + 7, points: lead + 9}
	sessions, err := b.sessions.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	cols = needFullText(cols, func(give func(int, string)) {
		for _, se := range sessions {
			give(len(cols)-1, se.Note)
		}
	})
	s, err := b.newSheet(name, cols, 1, true, 1+len(sessions))
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	defer b.release(b.sessions)
	if err := b.sessionRows(s, sessions, c); err != nil {
		return 0, err
	}
	// A data sheet is tidy: the header and the records, nothing under
	// them (a reader that sums a column would add totals in twice). The
	// totals by level are on the report sheets.
	return s.finish(b.say("Sessions (table name)"), nil)
}

// sessionCols are where the sessions sheet's figures are.
type sessionCols struct{ level, held, part, exp, rate, points int }

// sessionRows writes a row per session, keeps what the summary needs of
// each, and adds up the totals of each level.
func (b *builder) sessionRows(s *sheet, sessions []db.Session, c sessionCols) error {
	st := b.st
	for _, se := range sessions {
		pos := b.visitIndex[se.VisitID]
		b.sum.levels[pos][levelIndex[se.Level]].add(se)
		if se.Level == "other" {
			b.sum.hasOther = true
		}
		row := b.leadingCells(&b.visits[pos])
		rate := excelize.Cell{StyleID: st.rate}
		if se.Participants != nil && se.Expected != nil {
			if v, ok := se.Rate(); ok {
				rate.Formula = fmt.Sprintf("IF(%s>0,%s/%s,\"\")", cellName(c.exp, s.row), cellName(c.part, s.row), cellName(c.exp, s.row))
				rate.Value = v
			}
		}
		row = append(row,
			textCell(db.SessionLevels.Label(se.Level, b.lang), st.text),
			// The qualifier is in its own column here: the number is
			// shown plain, once ("1.200" and "Trên", not "trên 1.200" and
			// "Trên").
			b.countCell(deref(se.Held), se.Held != nil, "", false),
			textCell(b.qualifier(se.HeldQualifier), st.text),
			b.countCell(deref(se.Participants), se.Participants != nil, "", false),
			textCell(b.qualifier(se.ParticipantsQualifier), st.text),
			intCell(se.Expected, st.int_),
			rate,
			textCell(db.SessionModes.Label(se.Mode, b.lang), st.text),
			intCell(se.LinkPoints, st.int_),
			fullTextCell(se.Note, st.text),
		)
		if err := s.put(row, 0); err != nil {
			return err
		}
	}
	return nil
}

// qualifier is the word a source put before a figure ("Trên"), empty for
// an exact one.
func (b *builder) qualifier(code string) string {
	if code == "" {
		return ""
	}
	return db.Qualifiers.Label(code, b.lang)
}

func deref(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}
