package report

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// blockRow writes a row of the two blocks of a Party document, each merged
// across its columns: the heading's, and the signature's under the table.
type blockRow func(left any, leftStyle int, right any, rightStyle int, height float64) error

// heading writes the Party-document header above the summary's table: the
// two blocks, the title and the delegation's details. It returns how to
// write a row of the two blocks, which the signature uses too, and the
// last column of the left block.
func (b *builder) heading(s *sheet, cols []column, infos [][2]string) (blockRow, int, error) {
	n := len(cols)
	superior, issuer, number := b.headerLeft()
	block, leftEnd := headingBlocks(s, cols, superior, issuer)
	st := b.st
	if err := block(superior, st.superior, b.say("COMMUNIST PARTY OF VIETNAM"), st.party, 21); err != nil {
		return nil, 0, err
	}
	if err := block(issuer, st.issuer, "", st.placeDate, 21); err != nil {
		return nil, 0, err
	}
	if err := block("*", st.star, "", st.placeDate, 18); err != nil {
		return nil, 0, err
	}
	if err := block(number, st.number, b.placeDate(), st.placeDate, 21); err != nil {
		return nil, 0, err
	}
	wide := func(value any, style int, height float64) error {
		if err := s.merge(cellName(1, s.row), cellName(n, s.row)); err != nil {
			return err
		}
		return s.put([]any{excelize.Cell{StyleID: style, Value: value}}, height)
	}
	if err := s.put(nil, 0); err != nil {
		return nil, 0, err
	}
	docType := b.say("REPORT")
	if !b.allDelegations() {
		docType = b.say("ANNEX")
	}
	if err := wide(docType, st.docType, 24); err != nil {
		return nil, 0, err
	}
	title, height := b.reportTitle()
	if err := wide(title, st.docTitle, height); err != nil {
		return nil, 0, err
	}
	if err := s.put(nil, 0); err != nil {
		return nil, 0, err
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
			return nil, 0, err
		}
	}
	return block, leftEnd, nil
}

// headingBlocks lays out the two blocks of the heading across cols, and
// returns how to write a row of them and the last column of the left one.
func headingBlocks(s *sheet, cols []column, superior, issuer string) (blockRow, int) {
	n := len(cols)
	leftEnd, rightStart := blockBounds(cols, superior, issuer)
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
	return block, leftEnd
}

// blockBounds are the last column of the heading's left block and the
// first of its right block. The left block is as wide as its longest line
// needs (14 pt bold takes about 1.5 column units a character), the right
// block the last six columns.
func blockBounds(cols []column, superior, issuer string) (leftEnd, rightStart int) {
	n := len(cols)
	need := 1.5 * float64(max(utf8.RuneCountInString(superior), utf8.RuneCountInString(issuer)))
	leftWidth := 0.0
	for leftEnd < n/2 && leftWidth < need {
		leftWidth += cols[leftEnd].width
		leftEnd++
	}
	leftEnd = max(leftEnd, min(4, n/2))
	rightStart = n - 6
	if rightStart <= leftEnd {
		rightStart = leftEnd + 1
	}
	return leftEnd, rightStart
}

// partyLine draws the line under "ĐẢNG CỘNG SẢN VIỆT NAM": as long as the
// text and centred under it in the right block, a drawing and not an
// underline, which would cut the dots under Ộ and Ệ. A drawing goes in
// before the sheet is streamed.
func (b *builder) partyLine(name string, cols []column) error {
	superior, issuer, _ := b.headerLeft()
	_, rightStart := blockBounds(cols, superior, issuer)
	block := 0.0 // the right block's width in pixels
	for _, c := range fitTitles(cols)[rightStart-1:] {
		block += c.width*7 + 5
	}
	party := b.say("COMMUNIST PARTY OF VIETNAM")
	text := 0.0 // in pixels: 15 pt bold, a little wider than regular
	for _, r := range party {
		text += runeWidth(r) * 15 * 96 / 72 / 1000 * 1.05
	}
	text = math.Min(text, block)
	return b.f.AddShape(name, &excelize.Shape{
		Cell: cellName(rightStart, 1), Type: "line", Width: uint(text), Height: 1,
		Format: excelize.GraphicOptions{OffsetX: int((block - text) / 2), OffsetY: 26, Locked: &locked, Positioning: "oneCell"},
		Line:   excelize.LineOptions{Width: 0.75, Fill: excelize.Fill{Type: "pattern", Color: []string{"000000"}, Pattern: 1}},
	})
}

var locked = true

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
	// Vietnamese writes the month's number, English its name.
	return b.say("%[1]s, %[2]d %[5]s %[4]d (place and date)", b.place(), t.Day(), int(t.Month()), t.Year(), t.Month().String())
}

// headerLeft returns the left block of the header: the superior body, the
// delegation and the report's number.
func (b *builder) headerLeft() (superior, issuer, number string) {
	d := b.single()
	if d == nil {
		if len(b.delegations) > 0 {
			d = &b.delegations[0]
		}
	}
	if d == nil {
		return "", "", ""
	}
	superior = strings.ToUpper(d.IssuingBody)
	if b.allDelegations() {
		issuer = b.say("SUPERVISION DELEGATIONS")
		return superior, issuer, b.say("No. ……-BC")
	}
	issuer = strings.ToUpper(b.say("Supervision Delegation No. ") + d.Number)
	ref := d.ReportRef
	if ref == "" {
		ref = "……-BC/ĐGS"
	}
	return superior, issuer, b.say("No. ") + ref
}

// documentTitle is the title in the file's properties: "Kết quả giám sát
// tại các xã – Đoàn giám sát số 03 (01/11/2026–30/11/2026)".
func (b *builder) documentTitle() string {
	title := b.say("RESULTS OF SUPERVISION AT COMMUNES")
	if d := b.single(); d != nil {
		title += " – " + b.say("Supervision Delegation No. ") + d.Label()
	}
	return title
}

// reportTitle is the title under the document's type, and its row's
// height. One delegation's workbook is its report's annex: "KẾT QUẢ GIÁM
// SÁT TẠI CÁC XÃ" and, in italics, "(Kèm theo Báo cáo số 12-BC/ĐGS ngày
// 01/12/2026 của Đoàn giám sát số 03)".
func (b *builder) reportTitle() (any, float64) {
	if b.allDelegations() {
		return b.say("RESULTS OF SUPERVISION AT COMMUNES"), 40
	}
	d := b.single()
	ref := d.ReportRef
	if ref == "" {
		ref = "……-BC/ĐGS"
	}
	return []excelize.RichTextRun{
		{Text: b.say("RESULTS OF SUPERVISION AT COMMUNES") + "\n", Font: font(14, true, false)},
		{Text: b.say("(Attached to Report No. %s of %s by Supervision Delegation No. %s)", ref, b.opts.Today.String(), d.Number), Font: font(14, false, true)},
	}, 42
}

// delegationInfo lists the label-value lines under the title.
func (b *builder) delegationInfo() [][2]string {
	var out [][2]string
	if b.allDelegations() {
		out = append(out, [2]string{b.say("Delegations"), fmt.Sprint(b.res.Delegations)})
		if b.res.Delegations > maxDelegationSheets {
			out = append(out, [2]string{b.say("Each delegation's report"),
				b.say("over %d delegations: export each on its own (open it, then File > Export to Excel)", maxDelegationSheets)})
		}
		if !b.opts.Filter.From.IsZero() || !b.opts.Filter.To.IsZero() {
			out = append(out, [2]string{b.say("Period"), b.opts.Filter.From.String() + " – " + b.opts.Filter.To.String()})
		}
		return out
	}
	d := *b.single()
	if d.Subject != "" {
		out = append(out, [2]string{db.Label(b.lang, "delegations", "subject"), d.Subject})
	}
	if d.DecisionRef != "" {
		out = append(out, [2]string{db.Label(b.lang, "delegations", "decision_ref"), d.DecisionRef})
	}
	if !d.PeriodFrom.IsZero() || !d.PeriodTo.IsZero() {
		out = append(out, [2]string{b.say("Period (of supervision)"), strings.TrimSpace(d.PeriodFrom.String() + " – " + d.PeriodTo.String())})
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
	sb.recipients = []string{b.say("- Standing Board of %s (for information),", d.IssuingBody)}
	if d.IssuingBody == "" {
		sb.recipients[0] = b.say("- The superior Party committee (for information),")
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
			sb.recipients = append(sb.recipients, b.say("- Party Committees of %s %s,", strings.ToLower(kind.Label(b.lang)), strings.Join(names, ", ")))
		}
	}
	sb.recipients = append(sb.recipients, b.say("- Archive."))
	return sb
}

// signature ends the report of one delegation as a Party document does:
// "Nơi nhận:" and the recipients on the left, "T/M ĐOÀN GIÁM SÁT",
// "TRƯỞNG ĐOÀN", room to sign and the head's name on the right.
func (b *builder) signature(s *sheet, block blockRow, leftWidth float64, sign signatureBlock) error {
	if err := s.put(nil, 0); err != nil {
		return err
	}
	// One row, so that no page break can part the recipients from the
	// signature, nor the signature's lines from each other.
	title := &excelize.Font{Family: fontName, Size: 14, Bold: true, Italic: true, Underline: "single"}
	left := []excelize.RichTextRun{{Text: b.say("Recipients:"), Font: title}}
	lines := 1.5 // the title, at 14 pt
	for _, r := range sign.recipients {
		left = append(left, excelize.RichTextRun{Text: "\n" + SafeText(r), Font: font(12, false, false)})
		lines += float64(wrappedLines(r, leftWidth, 12))
	}
	sign14 := font(14, true, false)
	right := []excelize.RichTextRun{
		{Text: b.say("ON BEHALF OF THE SUPERVISION DELEGATION") + "\n" +
			b.say("HEAD OF DELEGATION"), Font: sign14},
		// Room to sign, then the name.
		{Text: "\n\n\n\n\n" + SafeText(sign.head), Font: sign14},
	}
	height := math.Max(16*lines+6, 7*19)
	return block(left, b.st.recipients, right, b.st.signBlock, height)
}
