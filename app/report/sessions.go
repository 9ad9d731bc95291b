package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// sessionsSheet lists sessions by commune and level, with a rate where the
// expected number is known, and totals that follow the filter.
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
		column{title: b.head("sessions", "note"), width: 40},
	)
	// Each qualified number has its qualifier in a column of its own, so
	// that a filter, a pivot table or a CSV keeps "trên" and "khoảng",
	// which the numbers' formats only show.
	c := sessionCols{level: lead + 1, held: lead + 2, part: lead + 4, exp: lead + 6, rate: lead + 7, points: lead + 9}
	sessions, err := b.sessions.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	levelsPresent := map[string]bool{}
	for _, se := range sessions {
		levelsPresent[se.Level] = true
	}
	s, err := b.newSheet(name, cols, 1, true, 1+len(sessions)+len(levelsPresent))
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	defer b.release(b.sessions)
	sums, err := b.sessionRows(s, sessions, c)
	if err != nil {
		return 0, err
	}
	rows := b.sessionTotals(s, sums, c, len(cols))
	if len(rows) > 1 {
		s.footer = func() error {
			for _, r := range rows[1:] {
				if err := s.put(r, 0); err != nil {
					return err
				}
			}
			return nil
		}
	}
	var firstTotal []any
	if len(rows) > 0 {
		firstTotal = rows[0]
	}
	return s.finish(b.say("Sessions (table name)"), firstTotal)
}

// sessionCols are where the sessions sheet's figures are.
type sessionCols struct{ level, held, part, exp, rate, points int }

// levelTotal adds up the sessions of one level. Totals are per level: a
// commune conference's delegates, Party members at their cells and
// listeners at mass organisations are different people, never added
// together.
type levelTotal struct {
	held, part, exp, points, partWithExp float64
	rows                                 int
	// A total of figures given as "more than" is "more than" too.
	heldQualifier, partQualifier string
}

// sessionRows writes a row per session, keeps what the summary needs of
// each, and adds up the totals of each level.
func (b *builder) sessionRows(s *sheet, sessions []db.Session, c sessionCols) (map[string]*levelTotal, error) {
	st := b.st
	sums := map[string]*levelTotal{}
	for _, se := range sessions {
		pos := b.visitIndex[se.VisitID]
		b.sum.levels[pos][levelIndex[se.Level]].add(se)
		if se.Level == "other" {
			b.sum.hasOther = true
		}
		lt := sums[se.Level]
		if lt == nil {
			lt = &levelTotal{}
			sums[se.Level] = lt
		}
		lt.rows++
		row := b.leadingCells(&b.visits[pos])
		rate := excelize.Cell{StyleID: st.rate}
		if se.Participants != nil && se.Expected != nil {
			lt.partWithExp += float64(*se.Participants)
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
			textCell(se.Note, st.text),
		)
		lt.held += float64(deref(se.Held))
		lt.part += float64(deref(se.Participants))
		lt.heldQualifier = sumQualifier(lt.heldQualifier, se.HeldQualifier)
		lt.partQualifier = sumQualifier(lt.partQualifier, se.ParticipantsQualifier)
		lt.exp += float64(deref(se.Expected))
		lt.points += float64(deref(se.LinkPoints))
		if err := s.put(row, 0); err != nil {
			return nil, err
		}
	}
	return sums, nil
}

// sessionTotals are a totals row for each level present, in the order of
// the levels. Each total follows the filter: the SUBTOTAL of each visible
// row (through OFFSET) where the level is the row's, with no helper column
// in the table. The rate is summed participants over summed expected, over
// the rows that give an expected number.
func (b *builder) sessionTotals(s *sheet, sums map[string]*levelTotal, c sessionCols, ncols int) [][]any {
	st := b.st
	levels, first := s.dataRange(c.level), s.first+1
	visible := func(col int) string {
		return fmt.Sprintf("SUBTOTAL(109,OFFSET(%s%d,ROW(%s)-ROW(%s%d),0))", colName(col), first, s.dataRange(col), colName(col), first)
	}
	var rows [][]any
	for _, level := range db.SessionLevels {
		lt := sums[level.Code]
		if lt == nil {
			continue
		}
		label := db.SessionLevels.Label(level.Code, b.lang)
		is := fmt.Sprintf(`--(%s="%s")`, levels, strings.ReplaceAll(label, `"`, `""`))
		sum := func(col int, value float64, style int) excelize.Cell {
			return excelize.Cell{StyleID: style, Value: value, Formula: fmt.Sprintf("SUMPRODUCT(%s,%s)", visible(col), is)}
		}
		total := make([]any, ncols)
		for i := range total {
			total[i] = excelize.Cell{StyleID: st.totalLabel}
		}
		total[0] = excelize.Cell{StyleID: st.totalLabel, Value: b.say("Total (row)")}
		total[c.level-1] = excelize.Cell{StyleID: st.totalLabel, Value: label}
		total[c.held-1] = sum(c.held, lt.held, st.total)
		total[c.held] = excelize.Cell{StyleID: st.totalLabel, Value: b.qualifier(lt.heldQualifier)}
		total[c.part-1] = sum(c.part, lt.part, st.total)
		total[c.part] = excelize.Cell{StyleID: st.totalLabel, Value: b.qualifier(lt.partQualifier)}
		total[c.exp-1] = sum(c.exp, lt.exp, st.totalNoZero)
		total[c.points-1] = sum(c.points, lt.points, st.totalNoZero)
		exps := s.dataRange(c.exp)
		rate := excelize.Cell{StyleID: st.totalRate,
			Formula: fmt.Sprintf(`IFERROR(SUMPRODUCT(%s,--(%s<>""),%s)/SUMPRODUCT(%s,%s),"")`,
				visible(c.part), exps, is, visible(c.exp), is)}
		if lt.exp > 0 {
			rate.Value = lt.partWithExp / lt.exp
		}
		total[c.rate-1] = rate
		rows = append(rows, total)
	}
	return rows
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
