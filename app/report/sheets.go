package report

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// leading returns the columns every list starts with: the delegation (when
// the workbook covers several), the commune and the date of the visit.
func (b *builder) leading() []column {
	var cols []column
	if b.allDelegations() {
		cols = append(cols, column{title: b.tr("Đoàn số", "Delegation"), width: 9})
	}
	return append(cols, column{title: b.tr("Xã", "Commune"), width: 18}, column{title: b.tr("Ngày làm việc", "Visit date"), width: 12})
}

func (b *builder) leadingCells(v *db.VisitRow) []any {
	var cells []any
	if b.allDelegations() {
		cells = append(cells, text(v.DelegationNumber, b.st.textCenter))
	}
	return append(cells, text(v.CommuneName, b.st.text), dateCell(v.Date, b.st.date))
}

// commonCells are the leading cells of a row common to several communes of
// v's delegation: label, naming them, and the date of the first visit
// concerned (none on the summary, where v is the delegation's and not a
// visit).
func (b *builder) commonCells(v *db.VisitRow, label string) []any {
	var cells []any
	if b.allDelegations() {
		cells = append(cells, text(v.DelegationNumber, b.st.textCenter))
	}
	return append(cells, text(label, b.st.text), dateCell(v.Date, b.st.date))
}

// scopeLabel names a difficulty's scope in a list of several communes.
func (b *builder) scopeLabel(d db.Difficulty) string {
	if d.Shared() {
		return b.tr("Chung nhiều xã", "Common to several communes")
	}
	return b.tr("Riêng của xã", "The commune's own")
}

// anchor is the visit a difficulty is listed under: its own, or, for one
// common to several communes, the first visit listed of a commune it names
// ("" when none is listed: the row is left out).
func (b *builder) anchor(d db.Difficulty) string {
	if !d.Shared() {
		return d.VisitID
	}
	for _, i := range b.byDelegation[d.DelegationID] {
		if d.Concerns(b.visits[i].CommuneID) {
			return b.visits[i].ID
		}
	}
	return ""
}

// communesLabel names, in a commune column, the communes of a common
// record: by name when there are few.
func (b *builder) communesLabel(ids string) string {
	var names []string
	for _, id := range db.SplitIDs(ids) {
		if name, ok := b.communeNames[id]; ok {
			names = append(names, name)
		}
	}
	if n := len(db.SplitIDs(ids)); len(names) < n || n > 4 {
		return fmt.Sprintf(b.tr("Chung %d xã", "Common to %d communes"), n)
	}
	if len(names) == 1 {
		return names[0] // common to one commune left: that commune's
	}
	slices.Sort(names)
	return b.tr("Chung các xã: ", "Common to: ") + strings.Join(names, ", ")
}

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

func (b *builder) countCell(n int, known bool, qualifier string, bold bool) excelize.Cell {
	style := b.st.numberFormat("int", qualifier, 0, bold)
	if !known {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: n}
}

// place is where the report is made: the province of the communes visited,
// else the issuing body's province.
func (b *builder) place() string {
	count := map[string]int{}
	best := ""
	for _, v := range b.visits {
		c, err := b.store.Commune(b.ctx, v.CommuneID)
		if err == nil && c.Province != "" {
			count[c.Province]++
			if count[c.Province] > count[best] {
				best = c.Province
			}
		}
		if len(count) > 0 && count[best] > 20 {
			break // enough to know
		}
	}
	if best != "" {
		return best
	}
	for _, d := range b.delegations {
		for _, prefix := range []string{"Tỉnh ủy ", "Thành ủy "} {
			if strings.HasPrefix(d.IssuingBody, prefix) {
				return strings.TrimPrefix(d.IssuingBody, prefix)
			}
		}
	}
	return "……"
}

func (b *builder) placeDate() string {
	t := b.opts.Today.Time()
	if b.lang == "en" {
		return fmt.Sprintf("%s, %s", b.place(), t.Format("2 January 2006"))
	}
	return fmt.Sprintf("%s, ngày %d tháng %d năm %d", b.place(), t.Day(), int(t.Month()), t.Year())
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

// signatureBlock is what ends the report of one delegation: whom it goes
// to, and who signs it.
type signatureBlock struct {
	recipients []string
	head       string
}

// rows is the number of rows the block takes (under a blank row).
func (sb signatureBlock) rows() int { return 1 }

// signatureBlock gathers the recipients (the superior body, the communes'
// Party committees, the file) and the head of the delegation.
func (b *builder) signatureBlock() signatureBlock {
	d := *b.single()
	var sb signatureBlock
	if members, err := b.store.Members(b.ctx, d.ID); err == nil {
		for _, m := range members {
			if m.Role == "head" {
				sb.head = m.FullName
				break
			}
		}
	}
	sb.recipients = []string{b.tr("- Thường trực "+d.IssuingBody+" (để b/c),", "- Standing Board of "+d.IssuingBody+" (for information),")}
	if d.IssuingBody == "" {
		sb.recipients[0] = b.tr("- Cấp ủy cấp trên (để b/c),", "- The superior Party committee (for information),")
	}
	byKind := map[string][]string{}
	seen := map[string]bool{}
	for i, v := range b.visits {
		if !b.inScope(i) {
			continue
		}
		if !seen[v.CommuneID] {
			seen[v.CommuneID] = true
			c, err := b.store.Commune(b.ctx, v.CommuneID)
			kind := "commune"
			if err == nil && c.Kind != "" {
				kind = c.Kind
			}
			byKind[kind] = append(byKind[kind], v.CommuneName)
		}
	}
	for _, kind := range db.CommuneKinds {
		if names := byKind[kind.Code]; len(names) > 0 {
			sb.recipients = append(sb.recipients, b.tr("- Đảng ủy "+strings.ToLower(kind.VI)+" "+strings.Join(names, ", ")+",",
				"- Party Committees of "+strings.Join(names, ", ")+",",
			))
		}
	}
	sb.recipients = append(sb.recipients, b.tr("- Lưu VT.", "- Archive."))
	return sb
}

// signature ends the report of one delegation as a Party document does:
// "Nơi nhận:" and the recipients on the left, "T/M ĐOÀN GIÁM SÁT",
// "TRƯỞNG ĐOÀN", room to sign and the head's name on the right.
func (b *builder) signature(s *sheet, block func(left any, leftStyle int, right any, rightStyle int, height float64) error, leftWidth float64, sign signatureBlock) error {
	if err := s.put(nil, 0); err != nil {
		return err
	}
	// One row, so that no page break can part the recipients from the
	// signature, nor the signature's lines from each other.
	title := &excelize.Font{Family: fontName, Size: 14, Bold: true, Italic: true, Underline: "single"}
	left := []excelize.RichTextRun{{Text: b.tr("Nơi nhận:", "Recipients:"), Font: title}}
	lines := 1.5 // the title, at 14 pt
	for _, r := range sign.recipients {
		left = append(left, excelize.RichTextRun{Text: "\n" + SafeText(r), Font: font(12, false, false)})
		lines += float64(wrappedLines(r, leftWidth, 12))
	}
	sign14 := font(14, true, false)
	right := []excelize.RichTextRun{
		{Text: b.tr("T/M ĐOÀN GIÁM SÁT", "ON BEHALF OF THE SUPERVISION DELEGATION") + "\n" +
			b.tr("TRƯỞNG ĐOÀN", "HEAD OF DELEGATION"), Font: sign14},
		// Room to sign, then the name.
		{Text: "\n\n\n\n\n" + SafeText(sign.head), Font: sign14},
	}
	height := math.Max(16*lines+6, 7*19)
	return block(left, b.st.recipients, right, b.st.signBlock, height)
}

// headerLeft returns the left block of the header: the superior body, the
// delegation and the report's number.
func (b *builder) headerLeft() (superior, issuer, number string) {
	d := b.single()
	if d == nil {
		for _, k := range sortedKeys(b.delegations) {
			dd := b.delegations[k]
			d = &dd
			break
		}
	}
	if d == nil {
		return "", "", ""
	}
	superior = strings.ToUpper(d.IssuingBody)
	if b.allDelegations() {
		issuer = b.tr("CÁC ĐOÀN GIÁM SÁT", "SUPERVISION DELEGATIONS")
		return superior, issuer, b.tr("Số ……-BC", "No. ……-BC")
	}
	issuer = strings.ToUpper(b.tr("Đoàn giám sát số ", "Supervision Delegation No. ") + d.Number)
	ref := d.ReportRef
	if ref == "" {
		ref = "……-BC/ĐGS"
	}
	return superior, issuer, b.tr("Số ", "No. ") + ref
}

func (b *builder) reportTitle() string {
	if b.allDelegations() {
		return b.tr("KẾT QUẢ GIÁM SÁT TẠI CÁC XÃ", "RESULTS OF SUPERVISION AT COMMUNES")
	}
	return b.tr("KẾT QUẢ GIÁM SÁT TẠI CÁC XÃ\ncủa Đoàn giám sát số ", "RESULTS OF SUPERVISION AT COMMUNES\nby Supervision Delegation No. ") +
		b.single().Number
}

// delegationInfo lists the label-value lines under the title.
func (b *builder) delegationInfo() [][2]string {
	var out [][2]string
	if b.allDelegations() {
		out = append(out, [2]string{b.tr("Số đoàn giám sát", "Delegations"), fmt.Sprint(b.res.Delegations)})
		if b.res.Delegations > maxDelegationSheets {
			out = append(out, [2]string{b.tr("Báo cáo từng đoàn", "Each delegation's report"),
				b.tr(fmt.Sprintf("hơn %d đoàn: xuất riêng từng đoàn (mở đoàn, rồi Tệp > Xuất báo cáo Excel)", maxDelegationSheets),
					fmt.Sprintf("over %d delegations: export each on its own (open it, then File > Export to Excel)", maxDelegationSheets))})
		}
		if !b.opts.Filter.From.IsZero() || !b.opts.Filter.To.IsZero() {
			out = append(out, [2]string{b.tr("Thời gian", "Period"), b.opts.Filter.From.String() + " – " + b.opts.Filter.To.String()})
		}
		return out
	}
	d := *b.single()
	if d.Subject != "" {
		out = append(out, [2]string{b.tr("Nội dung giám sát", "Subject"), d.Subject})
	}
	if d.DecisionRef != "" {
		out = append(out, [2]string{b.tr("Quyết định thành lập", "Decision"), d.DecisionRef})
	}
	if !d.PeriodFrom.IsZero() || !d.PeriodTo.IsZero() {
		out = append(out, [2]string{b.tr("Thời gian giám sát", "Period"), strings.TrimSpace(d.PeriodFrom.String() + " – " + d.PeriodTo.String())})
	}
	members, err := b.store.Members(b.ctx, d.ID)
	if err != nil {
		return out
	}
	byRole := map[string][]string{}
	for _, m := range members {
		entry := m.FullName
		if m.Position != "" {
			entry += ", " + m.Position
		}
		byRole[m.Role] = append(byRole[m.Role], entry)
	}
	for _, role := range db.MemberRoles {
		if list := byRole[role.Code]; len(list) > 0 {
			out = append(out, [2]string{role.Label(b.lang), strings.Join(list, "; ")})
		}
	}
	return out
}

// sessionsSheet lists sessions by commune and level, with a rate where the
// expected number is known, and totals that follow the filter.
func (b *builder) sessionsSheet(name string) (int, error) {
	cols := b.leading()
	lead := len(cols)
	cols = append(cols,
		column{title: b.tr("Cấp, hình thức tổ chức", "Level"), width: 26},
		column{title: b.tr("Số hội nghị, buổi", "Held"), width: 11},
		column{title: b.tr("Số hội nghị: trên, khoảng", "Held: qualifier"), width: 10},
		column{title: b.tr("Số người tham dự", "Participants"), width: 14},
		column{title: b.tr("Số người dự: trên, khoảng", "Participants: qualifier"), width: 10},
		column{title: b.tr("Số người dự kiến", "Expected"), width: 12},
		column{title: b.tr("Tỷ lệ tham dự", "Participation rate"), width: 11},
		column{title: b.tr("Hình thức", "Mode"), width: 14},
		column{title: b.tr("Số điểm cầu", "Link-up points"), width: 9},
		column{title: b.tr("Ghi chú", "Note"), width: 40},
	)
	// Each qualified number has its qualifier in a column of its own, so
	// that a filter, a pivot table or a CSV keeps "trên" and "khoảng",
	// which the numbers' formats only show.
	heldCol, partCol, expCol, rateCol, pointsCol := lead+2, lead+4, lead+6, lead+7, lead+9
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
	st := b.st
	// Totals per level: a commune conference's delegates, Party members at
	// their cells and listeners at mass organisations are different people,
	// never added together.
	type levelTotal struct {
		held, part, exp, points, partWithExp float64
		rows                                 int
		// A total of figures given as "more than" is "more than" too.
		heldQualifier, partQualifier string
	}
	sums := map[string]*levelTotal{}
	defer b.release(b.sessions)
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
				rate.Formula = fmt.Sprintf("IF(%s>0,%s/%s,\"\")", cellName(expCol, s.row), cellName(partCol, s.row), cellName(expCol, s.row))
				rate.Value = v
			}
		}
		row = append(row,
			text(db.SessionLevels.Label(se.Level, b.lang), st.text),
			// The qualifier is in its own column here: the number is
			// shown plain, once ("1.200" and "Trên", not "trên 1.200" and
			// "Trên").
			b.countCell(deref(se.Held), se.Held != nil, "", false),
			text(b.qualifier(se.HeldQualifier), st.text),
			b.countCell(deref(se.Participants), se.Participants != nil, "", false),
			text(b.qualifier(se.ParticipantsQualifier), st.text),
			intCell(se.Expected, st.int_),
			rate,
			text(db.SessionModes.Label(se.Mode, b.lang), st.text),
			intCell(se.LinkPoints, st.int_),
			text(se.Note, st.text),
		)
		lt.held += float64(deref(se.Held))
		lt.part += float64(deref(se.Participants))
		lt.heldQualifier = sumQualifier(lt.heldQualifier, se.HeldQualifier)
		lt.partQualifier = sumQualifier(lt.partQualifier, se.ParticipantsQualifier)
		lt.exp += float64(deref(se.Expected))
		lt.points += float64(deref(se.LinkPoints))
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	// Each total follows the filter: the SUBTOTAL of each visible row
	// (through OFFSET) where the level is the row's, with no helper column
	// in the table. The rate is summed participants over summed expected,
	// over the rows that give an expected number.
	levelCol := lead + 1
	levels, first := s.dataRange(levelCol), s.first+1
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
		total := make([]any, len(cols))
		for i := range total {
			total[i] = excelize.Cell{StyleID: st.totalLabel}
		}
		total[0] = excelize.Cell{StyleID: st.totalLabel, Value: b.tr("Tổng cộng", "Total")}
		total[levelCol-1] = excelize.Cell{StyleID: st.totalLabel, Value: label}
		total[heldCol-1] = sum(heldCol, lt.held, st.total)
		total[heldCol] = excelize.Cell{StyleID: st.totalLabel, Value: b.qualifier(lt.heldQualifier)}
		total[partCol-1] = sum(partCol, lt.part, st.total)
		total[partCol] = excelize.Cell{StyleID: st.totalLabel, Value: b.qualifier(lt.partQualifier)}
		total[expCol-1] = sum(expCol, lt.exp, st.totalNoZero)
		total[pointsCol-1] = sum(pointsCol, lt.points, st.totalNoZero)
		exps := s.dataRange(expCol)
		rate := excelize.Cell{StyleID: st.totalRate,
			Formula: fmt.Sprintf(`IFERROR(SUMPRODUCT(%s,--(%s<>""),%s)/SUMPRODUCT(%s,%s),"")`,
				visible(partCol), exps, is, visible(expCol), is)}
		if lt.exp > 0 {
			rate.Value = lt.partWithExp / lt.exp
		}
		total[rateCol-1] = rate
		rows = append(rows, total)
	}
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
	return s.finish(b.tr("HoiNghi", "Sessions"), firstTotal)
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

// indicatorsSheet has a row per visit and a column per indicator reported.
func (b *builder) indicatorsSheet(name string) (int, error) {
	allValues, err := b.values.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	used := map[string]bool{}
	for _, v := range allValues {
		used[v.IndicatorID] = true
	}
	var inds []db.Indicator
	for _, ind := range b.indicators {
		if used[ind.ID] {
			inds = append(inds, ind)
		}
	}
	qualified := map[string]bool{}
	for _, v := range allValues {
		if v.Qualifier != "" {
			qualified[v.IndicatorID] = true
		}
	}
	cols := b.leading()
	for _, ind := range inds {
		cols = append(cols, column{title: b.indicatorTitle(ind), width: 15})
		if qualified[ind.ID] {
			cols = append(cols, column{title: ind.Name(b.lang) + b.tr(": trên, khoảng", ": qualifier"), width: 10})
		}
	}
	s, err := b.newSheet(name, cols, 1, len(cols) > 7, 1+len(b.visits))
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	defer b.release(b.values)
	isKey := map[string]bool{}
	for _, ind := range b.indicators {
		isKey[ind.ID] = ind.Key
	}
	byVisit := valuesByVisit(allValues)
	for i := range b.visits {
		v := &b.visits[i]
		row := b.leadingCells(v)
		vals := byVisit[v.ID]
		for id, val := range vals {
			if isKey[id] {
				if b.sum.keys[i] == nil {
					b.sum.keys[i] = map[string]db.IndicatorValue{}
				}
				b.sum.keys[i][id] = val
			}
		}
		for _, ind := range inds {
			val, ok := vals[ind.ID]
			if ok {
				plain := val
				if qualified[ind.ID] {
					plain.Qualifier = "" // said in the column beside it
				}
				row = append(row, b.indicatorCell(ind, plain, false))
			} else {
				row = append(row, excelize.Cell{StyleID: b.st.text})
			}
			if qualified[ind.ID] {
				row = append(row, text(b.qualifier(val.Qualifier), b.st.text))
			}
		}
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	return s.finish(b.tr("ChiTieu", "Indicators"), nil)
}

// difficultiesSheet lists every difficulty; the counts by category and
// commune, with a chart, follow on a sheet of their own so that filtering
// the list does not hide them.
func (b *builder) difficultiesSheet(name string) (int, error) {
	diffs, err := b.diffs.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	cols := append(b.leading(),
		column{title: b.tr("Phạm vi", "Scope"), width: 16},
		column{title: b.tr("Nhóm", "Category"), width: 20},
		column{title: b.tr("Khó khăn, hạn chế", "Difficulty"), width: 45},
		column{title: b.tr("Giải pháp đề xuất", "Proposed remedy"), width: 30},
		column{title: b.tr("Trách nhiệm", "Responsible"), width: 18},
		column{title: b.tr("Thời hạn", "Deadline"), width: 12},
		column{title: b.tr("Trạng thái", "Status"), width: 15},
	)
	s, err := b.newSheet(name, cols, 1, true, 1+len(diffs))
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	// Each delegation's common difficulties first, then the communes' own,
	// each in the order of the visits.
	first := map[string]int{}
	for i, v := range b.visits {
		if _, ok := first[v.DelegationID]; !ok {
			first[v.DelegationID] = i
		}
	}
	order, ranks := make([]int, len(diffs)), make([]int, len(diffs))
	anchors := make([]*db.VisitRow, len(diffs))
	for i, d := range diffs {
		order[i] = i
		anchors[i] = b.visit(b.anchor(d))
		ranks[i] = 2 * first[anchors[i].DelegationID]
		if !d.Shared() {
			ranks[i]++
		}
	}
	slices.SortStableFunc(order, func(i, j int) int { return ranks[i] - ranks[j] })
	for _, i := range order {
		d := diffs[i]
		v := anchors[i]
		var row []any
		if d.Shared() {
			// Common to several communes: one row, counted once,
			// under those communes rather than the visit it was noted at.
			b.sum.common[v.DelegationID]++
			row = b.commonCells(v, b.communesLabel(d.Communes))
		} else {
			b.sum.diffs[b.visitIndex[d.VisitID]]++
			row = b.leadingCells(v)
		}
		row = append(row,
			text(b.scopeLabel(d), b.st.text),
			text(db.DifficultyCategories.Label(d.Category, b.lang), b.st.text),
			text(d.Description, b.st.text),
			text(d.Remedy, b.st.text),
			text(d.Responsible, b.st.text),
			dateCell(d.Deadline, b.st.date),
			text(db.DifficultyStatuses.Label(d.Status, b.lang), b.st.text),
		)
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	return s.finish(b.tr("KhoKhan", "Difficulties"), nil)
}

// difficultyCounts writes the count of difficulties by commune and category
// and a stacked bar chart of it.
func (b *builder) difficultyCounts(name string) (int, error) {
	diffs, err := b.diffs.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	defer b.release(b.diffs)
	cats := []db.Choice{}
	present := map[string]bool{}
	for _, d := range diffs {
		present[d.Category] = true
	}
	for _, c := range db.DifficultyCategories {
		if present[c.Code] {
			cats = append(cats, c)
		}
	}
	type communeCount struct {
		name  string
		count map[string]int
	}
	var communes []*communeCount
	index := map[string]*communeCount{}
	several := len(b.reportedDelegations()) > 1
	for _, d := range diffs {
		v := b.visit(b.anchor(d))
		key, name := v.CommuneID, v.CommuneName
		if d.Shared() {
			// One row a delegation for what is common to its communes.
			key, name = "common:"+v.DelegationID, b.commonLabel(v.DelegationID)
			if several {
				name += fmt.Sprintf(b.tr(" (đoàn %s)", " (delegation %s)"), v.DelegationNumber)
			}
		}
		c := index[key]
		if c == nil {
			c = &communeCount{name: name, count: map[string]int{}}
			index[key] = c
			communes = append(communes, c)
		}
		c.count[d.Category]++
	}
	sortByName(communes, func(c *communeCount) string { return c.name })
	// Most difficulties first (then by name): the chart shows the top of
	// the table, and a reader looks there first.
	communeTotal := func(c *communeCount) int {
		n := 0
		for _, v := range c.count {
			n += v
		}
		return n
	}
	slices.SortStableFunc(communes, func(a, c *communeCount) int { return communeTotal(c) - communeTotal(a) })

	cols := []column{{title: b.tr("Xã", "Commune"), width: 24}}
	for _, c := range cats {
		cols = append(cols, column{title: c.Label(b.lang), width: 14})
	}
	cols = append(cols, column{title: b.tr("Tổng", "Total"), width: 10})
	// The chart goes in before the rows: a streamed sheet takes its drawing
	// from what the sheet holds when streaming starts.
	if len(communes) > 0 {
		if err := b.difficultyChart(name, cats, len(communes)); err != nil {
			return 0, err
		}
	}
	// A chart below a long table starts a page of its own, so that no page
	// break cuts it.
	if len(communes) > 10 {
		if err := b.f.InsertPageBreak(name, cellName(1, len(communes)+4)); err != nil {
			return 0, err
		}
	}
	s, err := b.newSheet(name, cols, 1, true, 1+len(communes)+1)
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	colTotals := make([]float64, len(cats)+1)
	for _, c := range communes {
		row := []any{text(c.name, b.st.text)}
		sum := 0
		for i, cat := range cats {
			row = append(row, excelize.Cell{StyleID: b.st.int_, Value: c.count[cat.Code]})
			sum += c.count[cat.Code]
			colTotals[i] += float64(c.count[cat.Code])
		}
		colTotals[len(cats)] += float64(sum)
		row = append(row, excelize.Cell{StyleID: b.st.int_, Value: sum})
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	total := []any{excelize.Cell{StyleID: b.st.totalLabel, Value: b.tr("Tổng cộng", "Total")}}
	for i := range colTotals {
		total = append(total, s.subtotal(i+2, colTotals[i], b.st.total))
	}
	return s.finish(b.tr("ThongKeKhoKhan", "DifficultyCounts"), total)
}

// difficultyChart adds a stacked bar chart of the counts, below the table
// (so that it prints on the same page).
func (b *builder) difficultyChart(name string, cats []db.Choice, communes int) error {
	// At most chartCommunes bars: the chart stays one page tall, and the
	// rest are in the table above it.
	const chartCommunes = 20
	shown := min(communes, chartCommunes)
	first, last := 2, shown+1
	var series []excelize.ChartSeries
	for i, c := range cats {
		col := colName(i + 2)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", name, col),
			Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", name, first, last),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", name, col, first, col, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{categoryColour(c.Code)}},
		})
	}
	title := b.tr("Khó khăn, hạn chế theo nhóm và xã", "Difficulties by category and commune")
	if communes > shown {
		title += fmt.Sprintf(b.tr(" (%d xã có nhiều khó khăn nhất)", " (the %d communes with the most)"), shown)
	}
	axisFont := excelize.Font{Family: fontName, Size: 11, Color: "000000"}
	height := uint(max(300, 21*shown+110)) // with the repeated header, within a landscape A4 page
	return b.f.AddChart(name, cellName(1, communes+4), &excelize.Chart{
		Type:   excelize.BarStacked,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: title, Font: &excelize.Font{Family: fontName, Size: 13, Bold: true, Color: "000000"}}}},
		// Communes top to bottom in the table's order; whole numbers on
		// the count axis.
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
		YAxis:     excelize.ChartAxis{MajorUnit: 1, MajorGridLines: true, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: height},
		Format:    excelize.GraphicOptions{OffsetX: 10, OffsetY: 10},
	})
}

// categoryColours give each category of difficulty a colour of its own in
// every chart, far apart from each other on screen and in grey on paper
// (Excel's default blues for the first and fifth are hard to tell apart).
var categoryColours = map[string]string{
	"facilities": "4472C4", // blue
	"staffing":   "ED7D31", // orange
	"capacity":   "A5A5A5", // grey
	"propaganda": "FFC000", // gold
	"economy":    "70AD47", // green
	"other":      "7B3F99", // purple
}

func categoryColour(code string) string {
	if c, ok := categoryColours[code]; ok {
		return c
	}
	return "404040"
}

func sortByName[T any](list []T, name func(T) string) {
	folded := make(map[string]string, len(list))
	for _, x := range list {
		folded[name(x)] = db.Fold(name(x))
	}
	sortSlice(list, func(a, c T) bool { return folded[name(a)] < folded[name(c)] })
}

// requestsSheet lists the delegation's requests; overdue ones stand out.
func (b *builder) requestsSheet(name string) (int, error) {
	cols := append(b.leading(),
		column{title: b.tr("Nội dung kiến nghị, yêu cầu", "Request"), width: 60},
		column{title: b.tr("Thời hạn báo cáo", "Deadline"), width: 12},
		column{title: b.tr("Trạng thái", "Status"), width: 16},
		column{title: b.tr("Quá hạn", "Overdue"), width: 9},
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
		if q.Status != "done" {
			b.sum.open[b.visitIndex[q.VisitID]]++
		}
		mark := ""
		if q.Overdue(b.opts.Today) {
			mark = b.tr("Quá hạn", "Overdue")
		}
		row := b.leadingCells(b.visit(q.VisitID))
		// The status stays what it is, so a filter by status finds every
		// request; "overdue" is a column of its own, worked out again by
		// Excel against today's date whenever the workbook is opened.
		lead := len(row)
		deadline, status := cellName(lead+2, s.row), cellName(lead+3, s.row)
		overdueCell := text(mark, b.st.text)
		overdueCell.Formula = fmt.Sprintf(`IF(AND(ISNUMBER(%s),%s<TODAY(),%s<>"%s"),"%s","")`,
			deadline, deadline, status, db.RequestStatuses.Label("done", b.lang), b.tr("Quá hạn", "Overdue"))
		row = append(row,
			text(q.Text, b.st.text),
			dateCell(q.Deadline, b.st.date),
			text(db.RequestStatuses.Label(q.Status, b.lang), b.st.text),
			overdueCell,
		)
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	return s.finish(b.tr("KienNghi", "Requests"), nil)
}

func valuesByVisit(values []db.IndicatorValue) map[string]map[string]db.IndicatorValue {
	out := map[string]map[string]db.IndicatorValue{}
	for _, v := range values {
		if out[v.VisitID] == nil {
			out[v.VisitID] = map[string]db.IndicatorValue{}
		}
		out[v.VisitID][v.IndicatorID] = v
	}
	return out
}

// findingsSheet is what the delegation wrote of each visit: where it was
// held, who chaired and attended, the assessment and the conclusions,
// wrapped to be read on paper and kept as text to be filtered.
func (b *builder) findingsSheet(name string) (int, error) {
	cols := append(b.leading(),
		column{title: b.tr("Địa điểm", "Place"), width: 20},
		column{title: b.tr("Chủ trì", "Chaired by"), width: 22},
		column{title: b.tr("Thành phần dự", "Attendees"), width: 26},
		column{title: b.tr("Đánh giá của Đoàn", "Assessment"), width: 45},
		column{title: b.tr("Kết luận của Đoàn", "Conclusions"), width: 55},
	)
	findings, err := b.store.FindingRows(b.ctx, b.opts.Filter)
	if err != nil {
		return 0, err
	}
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
		row := append(b.leadingCells(v),
			text(fd.Place, b.st.text), text(fd.ChairedBy, b.st.text), text(fd.Attendees, b.st.text),
			text(fd.Assessment, b.st.text), text(fd.Conclusions, b.st.text))
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	return s.finish(b.tr("KetLuan", "Findings"), nil)
}
