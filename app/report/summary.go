package report

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// levelSum adds up the sessions of one visit at one level.
type levelSum struct {
	held, part                 int
	heldKnown, partKnown       bool
	heldQualifier, partQualify string
}

// sumQualifier is the qualifier of a sum of a figure qualified a and one
// qualified b: a figure that is "more than" or "at least" keeps the sum a
// lower bound; "about" stays about; different ones make it "about".
func sumQualifier(a, b string) string {
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
	}
	if s.Participants != nil {
		l.part += *s.Participants
		l.partKnown = true
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
	levels := []string{"commune", "party_cell", "mass_org"}
	if b.sum.hasOther {
		levels = append(levels, "other")
	}
	var keys []db.Indicator
	for _, ind := range b.indicators {
		if ind.Key {
			keys = append(keys, ind)
		}
	}
	cols := []column{{title: b.tr("STT", "No."), width: 5}}
	cols = append(cols, b.leading()...)
	levelTitles := map[string][2]string{
		"commune":    {b.tr("Hội nghị cấp xã: số hội nghị", "Commune conferences: held"), b.tr("Hội nghị cấp xã: người dự", "Commune conferences: participants")},
		"party_cell": {b.tr("Chi bộ, đảng bộ trực thuộc: số hội nghị", "Party cells: held"), b.tr("Chi bộ, đảng bộ trực thuộc: đảng viên dự", "Party cells: participants")},
		"mass_org":   {b.tr("MTTQ, đoàn thể: số buổi", "Mass org.: sessions"), b.tr("MTTQ, đoàn thể: người nghe", "Mass org.: participants")},
		"other":      {b.tr("Hình thức khác: số buổi", "Other: sessions"), b.tr("Hình thức khác: người dự", "Other: participants")},
	}
	firstLevelCol := len(cols) + 1
	for _, l := range levels {
		cols = append(cols, column{title: levelTitles[l][0], width: 12}, column{title: levelTitles[l][1], width: 13})
	}
	firstKeyCol := len(cols) + 1
	for _, k := range keys {
		cols = append(cols, column{title: b.indicatorTitle(k), width: 14})
	}
	diffCol := len(cols) + 1
	cols = append(cols, column{title: b.tr("Số khó khăn, hạn chế", "Difficulties"), width: 12},
		column{title: b.tr("Kiến nghị chưa hoàn thành", "Open requests"), width: 12})

	// Header block, then the title, the delegation, a blank row, the table.
	infos := b.delegationInfo()
	headerRow := 9 + len(infos) + 1
	visits := 0
	for i := range b.visits {
		if b.inScope(i) {
			visits++
		}
	}
	common := b.commonRows()
	rows := headerRow + visits + len(common) + 1
	var sign signatureBlock
	if !b.allDelegations() {
		sign = b.signatureBlock()
		rows += 1 + sign.rows()
	}
	s, err := b.newSheet(name, cols, headerRow, true, rows)
	if err != nil {
		return 0, err
	}
	n := len(cols)
	superior, issuer, number := b.headerLeft()
	// The left block is as wide as its longest line needs (14 pt bold takes
	// about 1.5 column units a character), the right block the last six
	// columns.
	need := 1.5 * float64(max(utf8.RuneCountInString(superior), utf8.RuneCountInString(issuer)))
	leftEnd, leftWidth := 0, 0.0
	for leftEnd < n/2 && leftWidth < need {
		leftWidth += cols[leftEnd].width
		leftEnd++
	}
	leftEnd = max(leftEnd, min(4, n/2))
	rightStart := n - 6
	if rightStart <= leftEnd {
		rightStart = leftEnd + 1
	}
	st := b.st
	block := func(left any, leftStyle int, right any, rightStyle int, height float64) error {
		row := make([]any, n)
		row[0] = excelize.Cell{StyleID: leftStyle, Value: left}
		row[rightStart-1] = excelize.Cell{StyleID: rightStyle, Value: right}
		if err := s.merge(cellName(1, s.row), cellName(leftEnd, s.row)); err != nil {
			return err
		}
		if err := s.merge(cellName(rightStart, s.row), cellName(n, s.row)); err != nil {
			return err
		}
		return s.put(row, height)
	}
	if err := block(superior, st.superior, b.tr("ĐẢNG CỘNG SẢN VIỆT NAM", "COMMUNIST PARTY OF VIETNAM"), st.party, 21); err != nil {
		return 0, err
	}
	if err := block(issuer, st.issuer, "", st.placeDate, 21); err != nil {
		return 0, err
	}
	if err := block("*", st.star, "", st.placeDate, 18); err != nil {
		return 0, err
	}
	if err := block(number, st.number, b.placeDate(), st.placeDate, 21); err != nil {
		return 0, err
	}
	wide := func(value any, style int, height float64) error {
		if err := s.merge(cellName(1, s.row), cellName(n, s.row)); err != nil {
			return err
		}
		return s.put([]any{excelize.Cell{StyleID: style, Value: value}}, height)
	}
	if err := s.put(nil, 0); err != nil {
		return 0, err
	}
	if err := wide(b.tr("BÁO CÁO", "REPORT"), st.docType, 24); err != nil {
		return 0, err
	}
	if err := wide(b.reportTitle(), st.docTitle, 40); err != nil {
		return 0, err
	}
	if err := s.put(nil, 0); err != nil {
		return 0, err
	}
	var width float64
	for _, c := range cols {
		width += c.width
	}
	for _, info := range infos {
		runs := []excelize.RichTextRun{
			{Text: info[0] + ": ", Font: font(13, true, false)},
			{Text: SafeText(info[1]), Font: font(13, false, false)},
		}
		lines := math.Ceil(float64(len([]rune(info[0]+info[1]))+2) / (width * 0.95))
		if err := wide(runs, st.body, 18*math.Max(lines, 1)); err != nil {
			return 0, err
		}
	}
	if err := s.header(); err != nil {
		return 0, err
	}

	// A row per visit.
	totals := make([]levelSum, len(levels))
	totalDiffs, totalOpen := 0, 0
	no := 0
	for i := range b.visits {
		if !b.inScope(i) {
			continue
		}
		no++
		v := &b.visits[i]
		row := []any{excelize.Cell{StyleID: st.textCenter, Value: no}}
		row = append(row, b.leadingCells(v)...)
		for j, l := range levels {
			sum := b.sum.levels[i][levelIndex[l]]
			row = append(row, b.countCell(sum.held, sum.heldKnown, sum.heldQualifier, false),
				b.countCell(sum.part, sum.partKnown, sum.partQualify, false))
			t := &totals[j]
			t.held += sum.held
			t.part += sum.part
			t.heldKnown = t.heldKnown || sum.heldKnown
			t.partKnown = t.partKnown || sum.partKnown
			t.heldQualifier = sumQualifier(t.heldQualifier, sum.heldQualifier)
			t.partQualify = sumQualifier(t.partQualify, sum.partQualify)
		}
		for _, k := range keys {
			if val, ok := b.sum.keys[i][k.ID]; ok {
				row = append(row, b.indicatorCell(k, val, false))
			} else {
				row = append(row, excelize.Cell{StyleID: st.text})
			}
		}
		row = append(row, excelize.Cell{StyleID: st.int_, Value: b.sum.diffs[i]}, excelize.Cell{StyleID: st.int_, Value: b.sum.open[i]})
		totalDiffs += b.sum.diffs[i]
		totalOpen += b.sum.open[i]
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	// What is common to a delegation's communes: a row of its own, counted
	// once (a pivot or a filter by delegation adds it up right).
	for _, d := range common {
		row := make([]any, n)
		for i := range row {
			row[i] = excelize.Cell{StyleID: st.text}
		}
		cells := b.commonCells(&db.VisitRow{Visit: db.Visit{DelegationID: d.ID}, DelegationNumber: d.Number}, b.commonLabel(d.ID))
		copy(row[1:], cells)
		row[diffCol-1] = excelize.Cell{StyleID: st.int_, Value: b.sum.common[d.ID]}
		totalDiffs += b.sum.common[d.ID]
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	total := make([]any, n)
	for i := range total {
		total[i] = excelize.Cell{StyleID: st.totalLabel}
	}
	total[firstLevelCol-3] = excelize.Cell{StyleID: st.totalLabel, Value: b.tr("Tổng cộng", "Total")}
	// A total of figures given as "more than" is itself "more than": the
	// qualifier stays on the total.
	for j := range levels {
		total[firstLevelCol-1+2*j] = s.subtotal(firstLevelCol+2*j, float64(totals[j].held), b.st.numberFormat("int", totals[j].heldQualifier, 0, true))
		total[firstLevelCol+2*j] = s.subtotal(firstLevelCol+2*j+1, float64(totals[j].part), b.st.numberFormat("int", totals[j].partQualify, 0, true))
	}
	_ = firstKeyCol
	total[diffCol-1] = s.subtotal(diffCol, float64(totalDiffs), st.total)
	total[diffCol] = s.subtotal(diffCol+1, float64(totalOpen), st.total)
	if !b.allDelegations() {
		var leftWidth float64
		for _, c := range cols[:leftEnd] {
			leftWidth += c.width
		}
		s.footer = func() error { return b.signature(s, block, leftWidth, sign) }
	}
	table := b.tr("TongHop", "Summary")
	if b.scope != nil {
		table += "_" + strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				return r
			}
			return '_'
		}, b.scope.Number) + "_" + b.scope.ID[:8]
	}
	return s.finish(table, total)
}
