package document

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"giamsat/assets/text"
	"giamsat/db"

	"golang.org/x/text/unicode/norm"
)

// Options choose what a document says and how.
type Options struct {
	// Lang is the document's language ("vi" or "en").
	Lang string
	// Date is the signing date (today when zero).
	Date db.Date
	// Annex is the file name of the workbook sent with the report as its
	// annex ("" for none): the report refers to it.
	Annex string
}

// writer drafts one document from what the store holds.
type writer struct {
	ctx   context.Context
	store *db.Store
	opts  Options
	doc   docx
	d     db.Delegation
	defs  map[string]db.Indicator // the indicator catalogue, by ID
}

func (w *writer) say(key string, args ...any) string { return text.F(key, args...).In(w.opts.Lang) }

// Report drafts the report on the results of delegation's supervision,
// and writes it to path (.docx), safely: to a temporary file beside it,
// then renamed over it.
func Report(ctx context.Context, store *db.Store, delegationID, path string, opts Options) error {
	w, err := newWriter(ctx, store, delegationID, opts)
	if err != nil {
		return err
	}
	visits, err := store.Visits(ctx, db.VisitFilter{DelegationID: delegationID})
	if err != nil {
		return err
	}
	var details []*db.VisitDetail
	for _, v := range visits {
		d, err := store.VisitDetail(ctx, v.ID)
		if err != nil {
			return err
		}
		details = append(details, d)
	}
	if err := w.report(details); err != nil {
		return err
	}
	return save(path, &w.doc)
}

func newWriter(ctx context.Context, store *db.Store, delegationID string, opts Options) (*writer, error) {
	opts.Lang = text.Language(opts.Lang)
	if opts.Date.IsZero() {
		opts.Date = db.DateOf(time.Now())
	}
	d, err := db.Get[db.Delegation](ctx, store, delegationID)
	if err != nil {
		return nil, db.Fail(err, "The delegation to export is no longer in the database (it may have just been deleted).")
	}
	inds, err := store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	defs := make(map[string]db.Indicator, len(inds))
	for _, ind := range inds {
		defs[ind.ID] = ind
	}
	return &writer{ctx: ctx, store: store, opts: opts, d: *d, defs: defs}, nil
}

// save writes doc to path: a temporary file beside it, synced, then renamed.
func save(path string, doc *docx) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".giamsat-*.docx")
	if err != nil {
		return db.Fail(err, "Cannot write %s: %s", path, err.Error())
	}
	defer os.Remove(tmp.Name())
	if err := doc.write(tmp); err != nil {
		tmp.Close()
		return db.Fail(err, "Cannot write %s: %s", path, err.Error())
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return db.Fail(err, "Cannot write %s: %s", path, err.Error())
	}
	if err := tmp.Close(); err != nil {
		return db.Fail(err, "Cannot write %s: %s", path, err.Error())
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return db.Fail(err, "Cannot write %s: %s", path, err.Error())
	}
	return nil
}

// report is the body of the report: header, basis, each commune's results,
// the difficulties (the common ones once), the conclusions and requests,
// then the recipients and the signature.
func (w *writer) report(visits []*db.VisitDetail) error {
	w.header()
	w.doc.p(para{align: "center", before: 12}, run{text: w.say("REPORT"), size: 16, bold: true})
	w.doc.p(para{align: "center", after: 12}, run{text: w.subjectLine(visits), bold: true})
	members, err := w.store.Members(w.ctx, w.d.ID)
	if err != nil {
		return err
	}
	w.basis(members)
	w.heading(w.say("I. RESULTS AT THE COMMUNES"))
	for i, v := range visits {
		w.commune(i+1, v)
	}
	w.heading(w.say("II. DIFFICULTIES AND SHORTCOMINGS"))
	w.difficulties(visits)
	w.heading(w.say("III. CONCLUSIONS AND REQUESTS"))
	w.conclusions(visits)
	if w.opts.Annex != "" {
		w.doc.p(para{indent: 1, before: 6}, run{text: w.say("(The figures in detail: the annex, %s.)", w.opts.Annex), italic: true})
	}
	w.doc.keepLast(2) // the last lines go with the signature
	w.ending(members, visits)
	return nil
}

// header is the two blocks above the document: the issuing bodies and
// the number on the left; the Party's name, its line and the place and
// date on the right.
func (w *writer) header() {
	left := []string{
		paraXML(para{align: "center"}, run{text: strings.ToUpper(w.d.IssuingBody)}),
		paraXML(para{align: "center"}, run{text: strings.ToUpper(w.say("Supervision delegation No. %s", w.d.Number)), bold: true}),
		paraXML(para{align: "center"}, run{text: "*"}),
		paraXML(para{align: "center"}, run{text: w.say("No. %s", w.reportRef())}),
	}
	party := w.say("COMMUNIST PARTY OF VIETNAM")
	right := []string{
		lineUnder(party, 15, 9.5-2*cellMarginCM, textCM(party, 15, true)),
		paraXML(para{align: "center", before: 12}, run{text: w.placeDate(), italic: true}),
	}
	w.doc.blocks(textWidthCM-9.5, 9.5, left, right)
}

func (w *writer) reportRef() string {
	if w.d.ReportRef != "" {
		return w.d.ReportRef
	}
	return "……-BC/ĐGS"
}

// placeDate is "Cao Bằng, ngày 01 tháng 12 năm 2026".
func (w *writer) placeDate() string {
	t := w.opts.Date.Time()
	place := strings.TrimPrefix(strings.TrimPrefix(w.d.IssuingBody, "Tỉnh ủy "), "Thành ủy ")
	return w.say("%[1]s, %[2]d %[5]s %[4]d (place and date)", place, t.Day(), int(t.Month()), t.Year(), t.Month().String())
}

// subjectLine is the line under "BÁO CÁO": "Kết quả giám sát việc … ".
func (w *writer) subjectLine(visits []*db.VisitDetail) string {
	subject := w.d.Subject
	if subject == "" {
		var names []string
		for _, v := range visits {
			names = append(names, v.Commune.Name)
		}
		return w.say("Results of the supervision at %s", strings.Join(unique(names), ", "))
	}
	return w.say("Results of the %s", lowerFirst(subject))
}

func (w *writer) heading(s string) {
	w.doc.p(para{before: 12, after: 6, keepNext: true}, run{text: s, bold: true})
}

// basis says on what the delegation worked, when and who it was.
func (w *writer) basis(members []db.Member) {
	decision := w.say("the decision")
	if w.d.DecisionRef != "" {
		decision = w.say("Decision No. %s", w.d.DecisionRef)
	}
	s := w.say("Under %s of %s setting up Supervision Delegation No. %s, the delegation supervised %s", decision, w.d.IssuingBody, w.d.Number, lowerFirst(w.d.Subject))
	if p := w.d.Period(); p != "" {
		s += w.say(", from %s to %s", w.d.PeriodFrom.String(), w.d.PeriodTo.String())
	}
	w.doc.p(para{indent: 1}, run{text: s + "."})
	if len(members) > 0 {
		var names []string
		for _, m := range members {
			role := db.MemberRoles.Label(m.Role, w.opts.Lang)
			n := m.FullName + " (" + role
			if m.Position != "" {
				n += ", " + m.Position
			}
			names = append(names, n+")")
		}
		w.doc.p(para{indent: 1}, run{text: w.say("The delegation: %s.", strings.Join(names, "; "))})
	}
	w.doc.p(para{indent: 1}, run{text: w.say("The delegation reports its results as follows:")})
}

// commune is what was found at one visit: the working session, the
// results in sentences, the indicators and the delegation's assessment.
func (w *writer) commune(n int, v *db.VisitDetail) {
	w.doc.p(para{before: 6, keepNext: true}, run{text: fmt.Sprintf("%d. %s", n, w.communeName(v.Commune)), bold: true})
	session := w.say("On %s the delegation worked with the commune", v.Visit.Date.String())
	if v.Visit.Place != "" {
		session += w.say(" at %s", v.Visit.Place)
	}
	if v.Visit.ChairedBy != "" {
		session += w.say(", chaired by %s", v.Visit.ChairedBy)
	}
	if v.Visit.Attendees != "" {
		session += w.say("; attended by %s", v.Visit.Attendees)
	}
	w.doc.p(para{indent: 1}, run{text: session + "."})
	if s := w.sessionsSentence(v.Sessions); s != "" {
		w.doc.p(para{indent: 1}, run{text: s})
	}
	for _, val := range v.Values {
		if d, ok := w.defs[val.IndicatorID]; ok {
			w.doc.p(para{indent: 1}, run{text: "- " + d.Name(w.opts.Lang) + ": " + w.value(d, val) + "."})
		}
	}
	if v.Visit.Assessment != "" {
		w.doc.p(para{indent: 1}, run{text: w.say("The delegation's assessment: "), italic: true}, run{text: v.Visit.Assessment})
	}
}

// communeName is "Xã Lũng Nặm"; inside a sentence, "xã Lũng Nặm".
func (w *writer) communeName(c db.Commune) string {
	return w.say("%s %s", db.CommuneKinds.Label(c.Kind, w.opts.Lang), c.Name)
}

func (w *writer) inSentence(c db.Commune) string { return lowerFirst(w.communeName(c)) }

// item is a line of a list: "- " and the text, with what follows it
// (a remedy, a deadline) before its full stop.
func item(text, after string) string {
	return "- " + strings.TrimRight(text, ". ") + after + "."
}

// sessionsSentence says the dissemination sessions as a report writes
// them: "Đảng ủy xã tổ chức 02 hội nghị cấp xã với 122 đại biểu tham dự;
// 40 hội nghị tại các chi bộ với 563 đảng viên tham gia; …". A figure not
// recorded is left out, never written as 0; "many" is said so.
func (w *writer) sessionsSentence(sessions []db.Session) string {
	by := map[string]db.Session{}
	for _, s := range sessions {
		by[s.Level] = s
	}
	var parts []string
	for _, l := range db.SessionLevels {
		s, ok := by[l.Code]
		if !ok {
			continue
		}
		held, heldOK := w.count(s.Held, s.HeldQualifier)
		if !heldOK {
			continue
		}
		key := l.Code + " held (sentence)"
		if s.Held != nil && *s.Held == 1 && s.HeldQualifier == "" {
			key = l.Code + " held one (sentence)" // English says "1 conference"
		}
		part := w.say(key, held)
		if p, ok := w.count(s.Participants, s.ParticipantsQualifier); ok {
			part += w.say(l.Code+" participants (sentence)", p)
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, "; ") + "."
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// count says a count as prose does: its qualifier, and in Vietnamese two
// digits below ten ("02"); "many" as the word; false when not recorded.
func (w *writer) count(n *int, qualifier string) (string, bool) {
	if n == nil {
		if qualifier == "many" {
			return w.say("many (in a sentence)"), true
		}
		return "", false
	}
	shown := db.FormatNumber(float64(*n), w.opts.Lang)
	if w.opts.Lang == "vi" && *n >= 0 && *n < 10 {
		shown = fmt.Sprintf("%02d", *n)
	}
	if qualifier != "" {
		shown = text.Say(w.opts.Lang, qualifier+" (before a figure)") + " " + shown
	}
	return shown, true
}

// value says an indicator's value with its qualifier and unit: "trên
// 53%", "8/19", "5 đoàn".
func (w *writer) value(d db.Indicator, v db.IndicatorValue) string {
	shown := db.FormatNumber(v.Value, w.opts.Lang)
	switch d.Unit {
	case "percent", "percent_plan":
		shown += "%"
	case "of_n":
		if d.Max != nil {
			shown += "/" + db.FormatNumber(*d.Max, w.opts.Lang)
		}
	default:
		if u := d.UnitLabelIn(w.opts.Lang); u != "" {
			shown += " " + u
		}
	}
	if v.Qualifier != "" {
		shown = text.Say(w.opts.Lang, v.Qualifier+" (before a figure)") + " " + shown
	}
	return shown
}

// difficulties lists the difficulties: those common to several communes
// once, then each commune's own.
func (w *writer) difficulties(visits []*db.VisitDetail) {
	seen := map[string]bool{}
	var common []db.Difficulty
	own := map[string][]db.Difficulty{}
	for _, v := range visits {
		for _, d := range v.Difficulties {
			switch {
			case d.Shared() && !seen[d.ID]:
				seen[d.ID] = true
				common = append(common, d)
			case !d.Shared():
				own[v.Visit.ID] = append(own[v.Visit.ID], d)
			}
		}
	}
	if len(common)+len(own) == 0 {
		w.doc.p(para{indent: 1}, run{text: w.say("The delegation noted no difficulty.")})
		return
	}
	if len(common) > 0 {
		w.doc.p(para{indent: 1}, run{text: w.say("Common to the communes:"), italic: true})
		for _, d := range common {
			w.doc.p(para{indent: 1}, run{text: item(d.Description, w.remedy(d.Remedy))})
		}
	}
	for _, v := range visits {
		if list := own[v.Visit.ID]; len(list) > 0 {
			w.doc.p(para{indent: 1}, run{text: w.say("At %s:", w.inSentence(v.Commune)), italic: true})
			for _, d := range list {
				w.doc.p(para{indent: 1}, run{text: item(d.Description, w.remedy(d.Remedy))})
			}
		}
	}
}

func (w *writer) remedy(r string) string {
	if r == "" {
		return ""
	}
	return w.say(" (proposed: %s)", r)
}

// conclusions are the delegation's conclusions at each commune, then its
// requests: those to several communes once, with their deadlines.
func (w *writer) conclusions(visits []*db.VisitDetail) {
	// The same conclusions at several communes are written once, for them
	// all.
	var order []string
	at := map[string][]string{}
	for _, v := range visits {
		c := v.Visit.Conclusions
		if c == "" {
			continue
		}
		if _, ok := at[c]; !ok {
			order = append(order, c)
		}
		at[c] = append(at[c], v.Commune.Name)
	}
	for _, c := range order {
		where := w.say("At %s: ", w.say("the communes %s", strings.Join(unique(at[c]), ", ")))
		if len(unique(at[c])) == 1 {
			for _, v := range visits {
				if v.Visit.Conclusions == c {
					where = w.say("At %s: ", w.inSentence(v.Commune))
					break
				}
			}
		}
		w.doc.p(para{indent: 1}, run{text: where, italic: true}, run{text: c})
	}
	seen := map[string]bool{}
	var common []db.Request
	own := map[string][]db.Request{}
	for _, v := range visits {
		for _, q := range v.Requests {
			switch {
			case q.Shared() && !seen[q.ID]:
				seen[q.ID] = true
				common = append(common, q)
			case !q.Shared():
				own[v.Visit.ID] = append(own[v.Visit.ID], q)
			}
		}
	}
	if len(common)+len(own) == 0 {
		return
	}
	w.doc.p(para{indent: 1, before: 6}, run{text: w.say("The delegation requests:"), bold: true})
	if len(common) > 0 {
		var names []string
		for _, v := range visits {
			names = append(names, v.Commune.Name)
		}
		w.doc.p(para{indent: 1}, run{text: w.say("Of the Party committees of %s:", strings.Join(unique(names), ", ")), italic: true})
		for _, q := range common {
			w.doc.p(para{indent: 1}, run{text: item(q.Text, w.deadline(q.Deadline))})
		}
	}
	for _, v := range visits {
		if list := own[v.Visit.ID]; len(list) > 0 {
			w.doc.p(para{indent: 1}, run{text: w.say("Of the Party committee of %s:", w.inSentence(v.Commune)), italic: true})
			for _, q := range list {
				w.doc.p(para{indent: 1}, run{text: item(q.Text, w.deadline(q.Deadline))})
			}
		}
	}
}

func (w *writer) deadline(d db.Date) string {
	if d.IsZero() {
		return ""
	}
	return w.say(" (deadline: %s)", d.String())
}

// ending is the recipients on the left and the signature on the right.
func (w *writer) ending(members []db.Member, visits []*db.VisitDetail) {
	head := ""
	for _, m := range members {
		if m.Role == "head" {
			head = m.FullName
			break
		}
	}
	recipients := []string{w.say("- Standing Board of %s (for information),", w.d.IssuingBody)}
	if w.d.IssuingBody == "" {
		recipients[0] = w.say("- The superior Party committee (for information),")
	}
	byKind := map[string][]string{}
	for _, v := range visits {
		kind := v.Commune.Kind
		if kind == "" {
			kind = "commune"
		}
		byKind[kind] = append(byKind[kind], v.Commune.Name)
	}
	for _, kind := range db.CommuneKinds {
		if names := unique(byKind[kind.Code]); len(names) > 0 {
			recipients = append(recipients, w.say("- Party Committees of %s %s,", strings.ToLower(kind.Label(w.opts.Lang)), strings.Join(names, ", ")))
		}
	}
	recipients = append(recipients, w.say("- Archive."))
	left := []string{paraXML(para{align: "left", before: 12}, run{text: w.say("Recipients:"), bold: true, italic: true, underline: true})}
	for _, r := range recipients {
		left = append(left, paraXML(para{align: "left"}, run{text: r, size: 12}))
	}
	right := []string{
		paraXML(para{align: "center", before: 12}, run{text: w.say("ON BEHALF OF THE SUPERVISION DELEGATION"), bold: true}),
		paraXML(para{align: "center"}, run{text: w.say("HEAD OF THE DELEGATION"), bold: true}),
		paraXML(para{align: "center", after: 60}, run{text: ""}),
		paraXML(para{align: "center"}, run{text: head, bold: true}),
	}
	w.doc.blocks(8, textWidthCM-8, left, right)
}

// textCM is the width in cm of a line of capitals at size points in Times
// New Roman bold (the Party's name), from the letters' widths, a little
// wide so that it never wraps over its line.
func textCM(s string, size float64, bold bool) float64 {
	widths := map[rune]float64{'A': 722, 'B': 667, 'C': 722, 'D': 722, 'E': 667, 'F': 611, 'G': 778, 'H': 778, 'I': 389,
		'J': 500, 'K': 778, 'L': 667, 'M': 944, 'N': 722, 'O': 778, 'P': 611, 'Q': 778, 'R': 722, 'S': 556, 'T': 667,
		'U': 722, 'V': 722, 'W': 1000, 'X': 722, 'Y': 722, 'Z': 667, ' ': 250}
	units := 0.0
	for _, r := range norm.NFD.String(strings.ReplaceAll(s, "Đ", "D")) {
		if w, ok := widths[unicode.ToUpper(r)]; ok {
			units += w
		} else if !unicode.Is(unicode.Mn, r) {
			units += 722
		}
	}
	if !bold {
		units *= 0.95
	}
	return units * 1.03 / 1000 * size / 72 * 2.54
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

func unique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
