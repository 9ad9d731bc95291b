package report

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// levelSum adds up the sessions of one visit at one level.
type levelSum struct {
	held, part                 int
	heldKnown, partKnown       bool
	heldQualifier, partQualify string
	// heldMany, partMany: given as "many", with no number (left out of
	// the totals, with a note).
	heldMany, partMany bool
}

// sumQualifier is the qualifier of a sum of a figure qualified a and one
// qualified b: a figure that is "more than" or "at least" keeps the sum a
// lower bound; "about" stays about; different ones make it "about".
func sumQualifier(a, b string) string {
	// "Many" has no number: it adds nothing to a sum (the note says so).
	if a == "many" {
		a = ""
	}
	if b == "many" {
		b = ""
	}
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return "about"
}

func (l *levelSum) add(s db.Session) {
	if s.Held != nil {
		l.held += *s.Held
		l.heldKnown = true
	} else if s.HeldQualifier == "many" {
		l.heldMany = true
	}
	if s.Participants != nil {
		l.part += *s.Participants
		l.partKnown = true
	} else if s.ParticipantsQualifier == "many" {
		l.partMany = true
	}
	if l.heldQualifier == "" {
		l.heldQualifier = s.HeldQualifier
	}
	if l.partQualify == "" {
		l.partQualify = s.ParticipantsQualifier
	}
}

// summarySheet is the report: the Party-document header, the delegation,
// then a row per visit and a totals row.
func (b *builder) summarySheet(name string) (int, error) {
	lay := b.summaryLayout()
	// Header block, then the title, the delegation, a blank row, the table.
	infos := b.delegationInfo()
	headerRow := 9 + len(infos) + 1
	visits := 0
	for i := range b.visits {
		if b.inScope(i) {
			visits++
		}
	}
	rows := headerRow + visits + 1
	notes := b.summaryNotes(lay)
	figures := b.keyFigures()
	rows += len(notes)
	if len(figures) > 0 {
		rows += 3 + len(figures)
	}
	var sign signatureBlock
	signed := !b.allDelegations() && !b.opts.Annex
	if signed {
		sign = b.signatureBlock()
		rows += 1 + sign.rows()
	}
	if err := b.partyLine(name, lay.cols); err != nil {
		return 0, err
	}
	s, err := b.newSheet(name, lay.cols, headerRow, true, rows)
	if err != nil {
		return 0, err
	}
	block, leftEnd, err := b.heading(s, lay.cols, infos)
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	sums, err := b.visitRows(s, lay)
	if err != nil {
		return 0, err
	}
	total := b.summaryTotal(s, lay, sums)
	// The indicators' cells are made here: their number formats are new
	// styles, which must not be made while the table is being added on the
	// sheet's own goroutine (finish, then the footer).
	figureRows := b.keyFigureCells(lay, figures)
	s.footer = func() error {
		// What the totals leave out, or count once, said under them.
		for _, n := range notes {
			note := make([]any, 1+b.communeColumn()+1)
			note[len(note)-1] = excelize.Cell{StyleID: b.st.body, Value: n}
			if err := s.putSpanned(note, [2]int{len(note), len(lay.cols)}); err != nil {
				return err
			}
		}
		if err := b.keyFigureRows(s, lay, figureRows); err != nil {
			return err
		}
		if !signed {
			return nil
		}
		var leftWidth float64
		for _, c := range lay.cols[:leftEnd] {
			leftWidth += c.width
		}
		return b.signature(s, block, leftWidth, sign)
	}
	return s.finish(b.summaryTable(), total)
}

// summaryLayout is where the summary's figures go: two columns (held,
// participants) for each level of sessions, then the difficulties and the
// open requests. The indicators are rows under the table (keyFigureRows):
// the page does not widen as the catalogue grows.
type summaryLayout struct {
	cols          []column
	levels        []string
	firstLevelCol int // the first level's "held" column
	diffCol       int // the difficulties; the open requests come next
}

func (b *builder) summaryLayout() summaryLayout {
	// Every level in db.SessionLevels' order; "other" only when held.
	var levels []string
	for _, l := range db.SessionLevels {
		if l.Code != "other" || b.sum.hasOther {
			levels = append(levels, l.Code)
		}
	}
	cols := []column{{title: b.say("No."), width: 5}}
	cols = append(cols, b.reportLeading()...)
	firstLevelCol := len(cols) + 1
	for _, l := range levels {
		// The summary's short headings of a level: "%s held (summary)",
		// "%s participants (summary)" with the level's code. A column is
		// as wide as its total, printed bold with its qualifier: never
		// "###".
		held, part := b.levelTotal(l)
		cols = append(cols,
			column{title: b.say(l + " held (summary)"), width: max(11, b.figureWidth(held.held, held.heldQualifier))},
			column{title: b.say(l + " participants (summary)"), width: max(12, b.figureWidth(part.part, part.partQualify))})
	}
	diffCol := len(cols) + 1
	cols = append(cols, column{title: b.say("Difficulties (count heading)"), width: 11},
		column{title: b.say("Open requests"), width: 11})
	return summaryLayout{cols: cols, levels: levels, firstLevelCol: firstLevelCol, diffCol: diffCol}
}

// levelTotal adds up a level over the sheet's visits, as the totals row
// will (held in the first, participants in the second).
func (b *builder) levelTotal(level string) (held, part levelSum) {
	var t levelSum
	for i := range b.visits {
		if !b.inScope(i) {
			continue
		}
		sum := b.sum.levels[i][levelIndex[level]]
		t.held += sum.held
		t.part += sum.part
		t.heldQualifier = sumQualifier(t.heldQualifier, sum.heldQualifier)
		t.partQualify = sumQualifier(t.partQualify, sum.partQualify)
	}
	return t, t
}

// figureWidth is the column width a count needs, printed bold with its
// qualifier ("trên 12.345.678"): its letters' widths in Times New Roman
// 12, in the workbook's column units, and a margin.
func (b *builder) figureWidth(n int, qualifier string) float64 {
	shown := b.st.qualifierText(qualifier) + db.FormatNumber(float64(n), b.lang)
	w := 0.0
	for _, r := range shown {
		w += runeWidth(r)
	}
	// Thousandths of the font size, 12 pt, at 96 dpi, bold ~8 % wider;
	// 7 pixels a column unit, 5 of them padding.
	px := w / 1000 * 12 * 96 / 72 * 1.08
	return (px+5)/7 + 1
}

// summarySums are what the summary's totals row adds up.
type summarySums struct {
	levels      []levelSum // in the order of summaryLayout.levels
	diffs, open int
}

// visitRows writes a row per visit of the sheet's delegations, and adds up
// what the totals row shows.
func (b *builder) visitRows(s *sheet, lay summaryLayout) (summarySums, error) {
	st := b.st
	sums := summarySums{levels: make([]levelSum, len(lay.levels))}
	no := 0
	for i := range b.visits {
		if !b.inScope(i) {
			continue
		}
		no++
		v := &b.visits[i]
		row := []any{excelize.Cell{StyleID: st.textCenter, Value: no}}
		row = append(row, b.reportCells(v)...)
		for j, l := range lay.levels {
			sum := b.sum.levels[i][levelIndex[l]]
			row = append(row, b.countCell(sum.held, sum.heldKnown, sum.heldQualifier, false),
				b.countCell(sum.part, sum.partKnown, sum.partQualify, false))
			t := &sums.levels[j]
			t.held += sum.held
			t.part += sum.part
			t.heldKnown = t.heldKnown || sum.heldKnown
			t.partKnown = t.partKnown || sum.partKnown
			t.heldQualifier = sumQualifier(t.heldQualifier, sum.heldQualifier)
			t.partQualify = sumQualifier(t.partQualify, sum.partQualify)
		}
		// A commune's row counts what applies to it: its own and the
		// common ones ("5 (4 chung)"); the total counts each once.
		row = append(row,
			excelize.Cell{StyleID: st.withCommon(b.sum.diffsCommon[i], false), Value: b.sum.diffs[i] + b.sum.diffsCommon[i]},
			excelize.Cell{StyleID: st.withCommon(b.sum.openCommon[i], false), Value: b.sum.open[i] + b.sum.openCommon[i]})
		sums.diffs += b.sum.diffs[i]
		sums.open += b.sum.open[i]
		if err := s.put(row, 0); err != nil {
			return sums, err
		}
	}
	return sums, nil
}

// summaryNotes are the notes under the summary's totals: what they leave
// out ("many", no number) and what they count once (common records).
func (b *builder) summaryNotes(lay summaryLayout) []string {
	var notes []string
	if b.unquantified(lay) {
		notes = append(notes, b.say("Totals leave out the counts given as “many”, with no number."))
	}
	for _, d := range b.reportedDelegations() {
		if (b.scope == nil || b.scope.ID == d.ID) && b.sum.common[d.ID]+b.sum.commonOpen[d.ID] > 0 {
			notes = append(notes, b.say("A difficulty or request common to several communes is on each of their rows, and counted once in the total."))
			break
		}
	}
	return notes
}

// unquantified reports whether a count the summary shows was given as
// "many", with no number.
func (b *builder) unquantified(lay summaryLayout) bool {
	for i := range b.visits {
		if !b.inScope(i) {
			continue
		}
		for _, l := range lay.levels {
			if sum := b.sum.levels[i][levelIndex[l]]; sum.heldMany || sum.partMany {
				return true
			}
		}
	}
	return false
}

// summaryTotal is the totals row: each figure a SUBTOTAL, which follows the
// user's filter.
func (b *builder) summaryTotal(s *sheet, lay summaryLayout, sums summarySums) []any {
	st := b.st
	total := make([]any, len(lay.cols))
	for i := range total {
		total[i] = excelize.Cell{StyleID: st.totalLabel}
	}
	first := lay.firstLevelCol
	total[1+b.communeColumn()] = excelize.Cell{StyleID: st.totalLabel, Value: b.say("Total (row)")}
	// A total of figures given as "more than" is itself "more than": the
	// qualifier stays on the total.
	for j := range lay.levels {
		t := sums.levels[j]
		total[first-1+2*j] = s.subtotal(first+2*j, float64(t.held), b.st.numberFormat("int", t.heldQualifier, 0, true))
		total[first+2*j] = s.subtotal(first+2*j+1, float64(t.part), b.st.numberFormat("int", t.partQualify, 0, true))
	}
	// The common ones once, whatever the rows add up to: a plain figure,
	// not a SUBTOTAL of the rows, which count them at each commune.
	diffs, open := sums.diffs, sums.open
	for _, d := range b.reportedDelegations() {
		if b.scope == nil || b.scope.ID == d.ID {
			diffs += b.sum.common[d.ID]
			open += b.sum.commonOpen[d.ID]
		}
	}
	total[lay.diffCol-1] = excelize.Cell{StyleID: st.total, Value: diffs}
	total[lay.diffCol] = excelize.Cell{StyleID: st.total, Value: open}
	return total
}

// summaryTable names the summary's Excel table; a delegation's own report
// sheet adds the delegation's number and ID, since a table's name is the
// workbook's only one.
func (b *builder) summaryTable() string {
	table := b.say("Summary")
	if b.scope != nil {
		table += "_" + strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				return r
			}
			return '_'
		}, b.scope.Number) + "_" + b.scope.ID[:8]
	}
	return table
}

// keyFigure is an indicator a visit of the sheet recorded.
type keyFigure struct {
	def   db.Indicator
	visit int // position in b.visits
	value db.IndicatorValue
}

// keyFigures are the indicators the sheet's visits recorded, in the
// catalogue's order, then by visit: one delegation's report (its annex's
// first page) lists them.
func (b *builder) keyFigures() []keyFigure {
	if b.allDelegations() {
		// The whole database's figures are the Indicators sheet's; listed
		// under the report's table they would be a hundred thousand rows
		// held in memory (the export took three times its yardstick).
		return nil
	}
	var out []keyFigure
	for _, ind := range b.indicators {
		for i := range b.visits {
			if !b.inScope(i) {
				continue
			}
			if v, ok := b.sum.keys[i][ind.ID]; ok {
				out = append(out, keyFigure{ind, i, v})
			}
		}
	}
	return out
}

// keyFigureCells are the rows of keyFigureRows: a row per indicator and
// commune, the name across the level columns, the value with its
// qualifier and unit in the last two.
func (b *builder) keyFigureCells(lay summaryLayout, figures []keyFigure) [][]any {
	n := len(lay.cols)
	commune := 1 + b.communeColumn() // 0-based
	var rows [][]any
	for no, kf := range figures {
		row := make([]any, n)
		for i := range row {
			row[i] = excelize.Cell{StyleID: b.st.text}
		}
		row[0] = excelize.Cell{StyleID: b.st.textCenter, Value: no + 1}
		v := &b.visits[kf.visit]
		name := v.CommuneName
		if b.allDelegations() {
			name = b.delegationName(b.delegation(v.DelegationID)) + " · " + name
		}
		row[commune] = textCell(name, b.st.text)
		row[commune+1] = dateCell(v.Date, b.st.date)
		row[commune+2] = textCell(kf.def.Name(b.lang), b.st.text)
		row[n-2] = b.indicatorCell(kf.def, kf.value, false)
		rows = append(rows, row)
	}
	return rows
}

// keyFigureRows writes, under the table, what the visits reported of each
// indicator (keyFigureCells), under a title.
func (b *builder) keyFigureRows(s *sheet, lay summaryLayout, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	n := len(lay.cols)
	commune := 1 + b.communeColumn() // 0-based
	// The list's title and header go on the page of its first rows: never
	// alone at the foot of a page.
	fits := s.fits(defaultRowHeight + 20 + 32 + float64(min(3, len(rows)))*defaultRowHeight)
	if err := s.put(nil, 0); err != nil {
		return err
	}
	if !fits {
		if err := s.breakPage(); err != nil {
			return err
		}
	}
	title := make([]any, commune+1)
	title[commune] = excelize.Cell{StyleID: b.st.bodyLabel, Value: b.say("Indicators reported")}
	if err := s.putSpanned(title, [2]int{commune + 1, n}); err != nil {
		return err
	}
	// The list's own headings: the table's above are other columns.
	head := make([]any, n)
	for i := range head {
		head[i] = excelize.Cell{StyleID: b.st.header}
	}
	head[0] = excelize.Cell{StyleID: b.st.header, Value: b.say("No.")}
	head[commune] = excelize.Cell{StyleID: b.st.header, Value: b.head("visits", "commune_id")}
	head[commune+1] = excelize.Cell{StyleID: b.st.header, Value: b.head("visits", "visit_date")}
	head[commune+2] = excelize.Cell{StyleID: b.st.header, Value: b.head("indicator_values", "indicator_id")}
	head[n-2] = excelize.Cell{StyleID: b.st.header, Value: b.head("indicator_values", "value")}
	if err := s.putSpanned(head, [2]int{commune + 3, n - 2}, [2]int{n - 1, n}); err != nil {
		return err
	}
	for _, row := range rows {
		if err := s.putSpanned(row, [2]int{commune + 3, n - 2}, [2]int{n - 1, n}); err != nil {
			return err
		}
	}
	return nil
}
