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

	"golang.org/x/text/unicode/norm"

	"giamsat/app/report"
	"giamsat/assets/text"
	"giamsat/db"
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
	// members are the delegation's members, in their order.
	members []db.Member
}

func (w *writer) say(key string, args ...any) string { return text.F(key, args...).In(w.opts.Lang) }

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
	members, err := store.Members(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	return &writer{ctx: ctx, store: store, opts: opts, d: *d, defs: defs, members: members}, nil
}

// save writes doc to path safely: checked first as the workbook's target
// is (its folder there, not a folder itself, not read-only or open in
// Word), then written to a temporary file beside it, synced, and renamed
// over it; every failure said in the user's words.
func save(path string, doc *docx) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return report.TargetError(path, err)
	}
	if err := report.CheckTarget(abs, ".docx"); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".giamsat-*.docx")
	if err != nil {
		return report.TargetError(abs, err)
	}
	defer os.Remove(tmp.Name())
	err = doc.write(tmp)
	if err == nil {
		err = tmp.Chmod(0o644) // readable by others, as the workbook
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), abs)
	}
	if err != nil {
		return report.TargetError(abs, err)
	}
	return nil
}

// header is the two blocks above the document: the issuing bodies and
// the number on the left; the Party's name, its line and the place and
// date on the right.
func (w *writer) header(ref string) {
	left := []string{
		paraXML(para{align: "center"}, run{text: strings.ToUpper(w.d.IssuingBody)}),
		paraXML(para{align: "center"}, run{text: strings.ToUpper(w.say("Supervision delegation No. %s", w.d.Number)), bold: true}),
		paraXML(para{align: "center"}, run{text: "*"}),
		paraXML(para{align: "center"}, run{text: w.say("No. %s", ref)}),
	}
	party := w.say("COMMUNIST PARTY OF VIETNAM")
	right := []string{
		lineUnder(party, 15, 9.5-2*cellMarginCM, textCM(party, 15, true)),
		paraXML(para{align: "center", before: 12}, run{text: w.placeDate(), italic: true}),
	}
	w.doc.blocks(textWidthCM-9.5, 9.5, left, right)
}

// placeDate is "Cao Bằng, ngày 01 tháng 12 năm 2026".
func (w *writer) placeDate() string {
	t := w.opts.Date.Time()
	place := strings.TrimPrefix(strings.TrimPrefix(w.d.IssuingBody, "Tỉnh ủy "), "Thành ủy ")
	return w.say("%[1]s, %[2]d %[5]s %[4]d (place and date)", place, t.Day(), int(t.Month()), t.Year(), t.Month().String())
}

func (w *writer) heading(s string) {
	w.doc.p(para{before: 12, after: 6, keepNext: true}, run{text: s, bold: true})
}

// comrade is a Party member's name as a Party document writes it: "đồng
// chí Nông Thanh Tùng" in Vietnamese (unless the user wrote it so), the
// name alone in English.
func (w *writer) comrade(name string) string {
	if strings.HasPrefix(db.Fold(name), "dong chi ") {
		return name
	}
	return w.say("comrade %s", name)
}

// communeName is "Xã Lũng Nặm" ("Lũng Nặm commune"); inSentence is
// "xã Lũng Nặm", the kind in lower case, the name as written.
func (w *writer) communeName(c db.Commune) string {
	s := w.inSentence(c)
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

func (w *writer) inSentence(c db.Commune) string {
	kind := strings.ToLower(db.CommuneKinds.Label(c.Kind, w.opts.Lang))
	return w.say("%[1]s %[2]s (kind and name)", kind, c.Name)
}

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

func (w *writer) remedy(r string) string {
	if r == "" {
		return ""
	}
	return w.say(" (proposed: %s)", r)
}

func (w *writer) deadline(d db.Date) string {
	if d.IsZero() {
		return ""
	}
	return w.say(" (deadline: %s)", d.String())
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

// superior is the recipient line of the body that formed the delegation.
func (w *writer) superior() string {
	if w.d.IssuingBody == "" {
		return w.say("- The superior Party committee (for information),")
	}
	return w.say("- Standing Board of %s (for information),", w.d.IssuingBody)
}

// ending is the recipients on the left and the signature of the head of
// the delegation on the right.
func (w *writer) ending(recipients []string) {
	head := ""
	for _, m := range w.members {
		if m.Role == "head" {
			head = m.FullName
			break
		}
	}
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

// sessionLine is the working session: "Ngày 24/11/2026, Đoàn giám sát làm
// việc với xã tại …, do … chủ trì; … dự."
// A notice, which is one commune's, names it: "… với Đảng ủy xã Lũng Nặm".
func (w *writer) sessionLine(v *db.VisitDetail, named bool) string {
	s := w.say("On %s the delegation worked with the commune", v.Visit.Date.String())
	if named {
		s = w.say("On %s the delegation worked with the Party committee of %s", v.Visit.Date.String(), w.inSentence(v.Commune))
	}
	if v.Visit.Place != "" {
		s += w.say(" at %s", v.Visit.Place)
	}
	if v.Visit.ChairedBy != "" {
		s += w.say(", chaired by %s", w.comrade(v.Visit.ChairedBy))
	}
	if v.Visit.Attendees != "" {
		s += w.say("; attended by %s", v.Visit.Attendees)
	}
	return s + "."
}

// figures are a visit's results: its sessions in a sentence, then each
// indicator recorded, a line each.
func (w *writer) figures(v *db.VisitDetail) {
	if s := w.sessionsSentence(v.Sessions); s != "" {
		w.doc.p(para{indent: 1}, run{text: s})
	}
	for _, val := range v.Values {
		if d, ok := w.defs[val.IndicatorID]; ok {
			w.doc.p(para{indent: 1}, run{text: "- " + w.indicatorSentence(d, val) + "."})
		}
	}
}

// indicatorSentence says an indicator's value as the article does, for the
// built-in indicators the catalogue has a phrase for ("Tỷ lệ hộ nghèo và
// cận nghèo còn trên 53%", "Đạt 8/19 tiêu chí nông thôn mới"); any other,
// or one whose name or unit the users changed, generically: "Tỷ lệ hộ
// nghèo và cận nghèo: trên 53%".
func (w *writer) indicatorSentence(d db.Indicator, v db.IndicatorValue) string {
	if phrase, ok := builtinPhrase(d, w.opts.Lang); ok {
		s := fmt.Sprintf(phrase, w.value(d, v), w.bare(d, v))
		r, size := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + s[size:]
	}
	return d.Name(w.opts.Lang) + ": " + w.value(d, v)
}

// builtinPhrase is the catalogue's phrase for a built-in indicator, while
// it is still as built in: %[1]s its value with qualifier and unit, %[2]s
// the number alone (with its qualifier).
func builtinPhrase(d db.Indicator, lang string) (string, bool) {
	for _, b := range db.DefaultIndicators() {
		if b.Code != d.Code {
			continue
		}
		if b.Name(lang) != d.Name(lang) || b.Unit != d.Unit || b.UnitLabel != d.UnitLabel {
			return "", false
		}
		c, _ := text.Catalogue(lang)
		phrase, ok := c[PhraseKey(d.Code)]
		return phrase, ok
	}
	return "", false
}

// PhraseKey is the catalogue's key of a built-in indicator's phrase.
func PhraseKey(code string) string { return "indicator phrase: " + code }

// bare is a count's number as prose writes it, with its qualifier but not
// its unit ("05" in Vietnamese); any other value as value says it.
func (w *writer) bare(d db.Indicator, v db.IndicatorValue) string {
	if d.Unit != "count" || v.Value != float64(int(v.Value)) {
		return w.value(d, v)
	}
	n := int(v.Value)
	shown, _ := w.count(&n, v.Qualifier)
	return shown
}

// mandate is the sentence that opens both documents: the decision that
// set the delegation up, and what it supervised.
func (w *writer) mandate() string {
	decision := w.say("the decision")
	if w.d.DecisionRef != "" {
		decision = w.say("Decision No. %s", w.d.DecisionRef)
	}
	return w.say("Under %s of %s setting up Supervision Delegation No. %s, the delegation supervised %s", decision, w.d.IssuingBody, w.d.Number, lowerFirst(w.d.Subject))
}
