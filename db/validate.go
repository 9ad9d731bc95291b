package db

import (
	"math"
	"strconv"
	"strings"

	"giamsat/assets/text"
)

// Bounds on text lengths, in characters. LongText stays below what an Excel
// cell holds (32,767).
const (
	ShortText = 300
	LongText  = 20000
)

// FieldError is what is wrong with one field of a record, said in both
// languages of the interface.
type FieldError struct {
	Field string // the Record's Go field name, e.g. "Participants"
	text.Msg
}

// Message returns the message in lang ("vi" or "en").
func (e FieldError) Message(lang string) string { return e.In(lang) }

func (e FieldError) Error() string { return e.In("vi") }

// Errors lists what is wrong with a record; empty means valid.
type Errors []FieldError

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.In("vi")
	}
	return strings.Join(msgs, "; ")
}

// Message says what is wrong in lang ("vi" or "en"), one error a line.
func (es Errors) Message(lang string) string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Message(lang)
	}
	return strings.Join(msgs, "\n")
}

// For returns the first error of field, or nil.
func (es Errors) For(field string) *FieldError {
	for i := range es {
		if es[i].Field == field {
			return &es[i]
		}
	}
	return nil
}

// OrNil returns es as an error, or nil when there is nothing wrong.
func (es Errors) OrNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// checker gathers field errors of one record of table.
type checker struct {
	table string
	errs  Errors
}

// add notes what is wrong with field: the text key (a format) with args.
func (c *checker) add(field, key string, args ...any) {
	c.errs = append(c.errs, FieldError{field, text.F(key, args...)})
}

// required notes field (its label says which) when value is empty.
func (c *checker) required(field, value string) {
	if value == "" {
		c.add(field, "%s is required", label(c.table, field))
	}
}

func (c *checker) length(field, value string, max int) {
	if n := runeLen(value); n > max {
		c.add(field, "Too long: %d characters, at most %d", n, max)
	}
}

// text checks a text field: its length, and that it is given when required.
func (c *checker) text(field, value string, max int, required bool) {
	if required {
		c.required(field, value)
	}
	c.length(field, value, max)
}

// choice checks that value is a code of the field's closed list.
func (c *checker) choice(field, value string, allowEmpty bool) {
	cs := ChoicesOf(c.table, field)
	if value == "" && allowEmpty {
		return
	}
	if value == "" {
		c.add(field, "Choose one")
		return
	}
	if !cs.Has(value) {
		c.add(field, "Not a valid choice: %s", value)
	}
}

func (c *checker) count(field string, n *int) {
	if n != nil && *n < 0 {
		c.add(field, "Must not be negative")
	}
}

// unquantified checks a count said as "many": it has no number.
func (c *checker) unquantified(field string, n *int, qualifier string) {
	if qualifier == "many" && n != nil {
		c.add(field, "“Many” means no number was given: leave the number out, or choose another word")
	}
}

func (c *checker) period(field string, from, to Date) {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		c.add(field, "The end is before the start")
	}
}

// Validate checks a commune.
func (c Commune) Validate() Errors {
	k := checker{table: "communes"}
	k.text("Name", c.Name, 200, true)
	k.choice("Kind", c.Kind, false)
	k.length("Province", c.Province, 200)
	if c.Code != "" {
		if _, err := strconv.Atoi(c.Code); err != nil || len(c.Code) > 10 {
			k.add("Code", "The administrative code is digits only (at most 10)")
		}
	}
	k.length("Notes", c.Notes, LongText)
	return k.errs
}

// Validate checks a delegation.
func (d Delegation) Validate() Errors {
	k := checker{table: "delegations"}
	k.text("Number", d.Number, 20, true)
	k.text("IssuingBody", d.IssuingBody, ShortText, true)
	k.length("DecisionRef", d.DecisionRef, ShortText)
	k.length("ReportRef", d.ReportRef, 100)
	k.length("Subject", d.Subject, 2000)
	k.period("PeriodTo", d.PeriodFrom, d.PeriodTo)
	k.length("Notes", d.Notes, LongText)
	return k.errs
}

// Validate checks a member.
func (m Member) Validate() Errors {
	k := checker{table: "members"}
	k.required("DelegationID", m.DelegationID)
	k.text("FullName", m.FullName, 200, true)
	k.choice("Role", m.Role, false)
	k.length("Position", m.Position, ShortText*2)
	return k.errs
}

// Validate checks a visit.
func (v Visit) Validate() Errors {
	k := checker{table: "visits"}
	k.required("DelegationID", v.DelegationID)
	k.required("CommuneID", v.CommuneID)
	if v.Date.IsZero() {
		k.add("Date", "Date is required")
	}
	k.length("Place", v.Place, ShortText)
	k.length("ChairedBy", v.ChairedBy, ShortText)
	k.length("Attendees", v.Attendees, 2000)
	k.length("Assessment", v.Assessment, LongText)
	k.length("Conclusions", v.Conclusions, LongText)
	return k.errs
}

// Validate checks a dissemination session.
func (s Session) Validate() Errors {
	k := checker{table: "sessions"}
	k.required("VisitID", s.VisitID)
	k.choice("Level", s.Level, false)
	k.count("Held", s.Held)
	k.choice("HeldQualifier", s.HeldQualifier, true)
	k.unquantified("Held", s.Held, s.HeldQualifier)
	k.count("Participants", s.Participants)
	k.choice("ParticipantsQualifier", s.ParticipantsQualifier, true)
	k.unquantified("Participants", s.Participants, s.ParticipantsQualifier)
	k.count("Expected", s.Expected)
	k.choice("Mode", s.Mode, true)
	k.count("LinkPoints", s.LinkPoints)
	k.length("Note", s.Note, 2000)
	return k.errs
}

// Warnings lists what a session may hold but is most likely a typing
// mistake, for the user to confirm: more participants than expected.
func (s Session) Warnings() Errors {
	k := checker{table: "sessions"}
	if s.Participants != nil && s.Expected != nil && *s.Participants > *s.Expected {
		k.add("Participants", "More participants (%s) than expected (%s)", countText{s.Participants}, countText{s.Expected})
	}
	return k.errs
}

// Warnings lists what a visit may hold but is most likely a mistake, for
// the user to confirm: a date outside the period of its delegation d.
func (v Visit) Warnings(d Delegation) Errors {
	k := checker{table: "visits"}
	if v.Date.IsZero() {
		return nil
	}
	if (!d.PeriodFrom.IsZero() && v.Date.Before(d.PeriodFrom)) || (!d.PeriodTo.IsZero() && d.PeriodTo.Before(v.Date)) {
		k.add("Date", "%s is outside the delegation's period (%s–%s)", v.Date, d.PeriodFrom, d.PeriodTo)
	}
	return k.errs
}

// Validate checks an indicator of the catalogue.
func (i Indicator) Validate() Errors {
	k := checker{table: "indicators"}
	k.text("Code", i.Code, 50, true)
	k.text("NameVI", i.NameVI, ShortText, true)
	k.length("NameEN", i.NameEN, ShortText)
	k.choice("Unit", i.Unit, false)
	k.length("UnitLabel", i.UnitLabel, 50)
	if i.Min != nil && i.Max != nil && *i.Max < *i.Min {
		k.add("Max", "The maximum is below the minimum")
	}
	if i.Unit == "of_n" && (i.Max == nil || *i.Max <= 0) {
		k.add("Max", "An x-of-N indicator needs N (the maximum)")
	}
	return k.errs
}

// Validate checks an indicator value on its own; ValidateIndicatorValue also
// checks it against its catalogue entry.
func (v IndicatorValue) Validate() Errors {
	k := checker{table: "indicator_values"}
	k.required("VisitID", v.VisitID)
	k.required("IndicatorID", v.IndicatorID)
	if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
		k.add("Value", "Not a number")
	}
	k.choice("Qualifier", v.Qualifier, true)
	k.length("Note", v.Note, 2000)
	return k.errs
}

// ValidateIndicatorValue checks v, and that its value lies in the range and
// has the form that the indicator def allows.
func ValidateIndicatorValue(v IndicatorValue, def Indicator) Errors {
	errs := v.Validate()
	if errs.For("Value") != nil {
		return errs
	}
	k := checker{table: "indicator_values"}
	if def.Min != nil && v.Value < *def.Min {
		k.add("Value", "Must not be below %s", numberText(*def.Min))
	}
	if def.Max != nil && v.Value > *def.Max {
		k.add("Value", "Must not be above %s", numberText(*def.Max))
	}
	if (def.Unit == "of_n" || def.Unit == "count") && v.Value != math.Trunc(v.Value) {
		k.add("Value", "Must be a whole number")
	}
	return append(errs, k.errs...)
}

// Validate checks a difficulty.
func (d Difficulty) Validate() Errors {
	k := checker{table: "difficulties"}
	k.reach(d.Shared(), d.VisitID, d.DelegationID, d.Communes)
	k.choice("Category", d.Category, false)
	k.text("Description", d.Description, LongText, true)
	k.length("Remedy", d.Remedy, LongText)
	k.length("Responsible", d.Responsible, ShortText)
	k.choice("Status", d.Status, false)
	k.choice("Scope", d.Scope, true)
	return k.errs
}

// reach checks whom a difficulty or a request concerns: its visit's
// commune, or (shared) the communes it lists of its delegation.
func (c *checker) reach(shared bool, visitID, delegationID, communes string) {
	if !shared {
		c.required("VisitID", visitID)
		if delegationID != "" || communes != "" {
			c.add("Communes", "A commune's own record has no list of communes")
		}
		return
	}
	c.required("DelegationID", delegationID)
	if visitID != "" {
		c.add("VisitID", "A record common to several communes belongs to no one visit")
	}
	switch ids := SplitIDs(communes); {
	case len(ids) == 0:
		c.add("Communes", "Choose at least one commune it concerns")
	case len(ids) > maxCommonCommunes:
		c.add("Communes", "Too many communes: %d, at most %d", len(ids), maxCommonCommunes)
	case communes != JoinIDs(ids):
		c.add("Communes", "Not a valid list of communes")
	}
}

// maxCommonCommunes bounds the communes of a common record: more than any
// province has.
const maxCommonCommunes = 1000

// Validate checks a request.
func (r Request) Validate() Errors {
	k := checker{table: "requests"}
	k.reach(r.Shared(), r.VisitID, r.DelegationID, r.Communes)
	k.text("Text", r.Text, LongText, true)
	k.choice("Status", r.Status, false)
	k.choice("Scope", r.Scope, true)
	return k.errs
}

// ParseCount reads a whole, non-negative count as a user of lang ("vi" or
// "en") types it: "1.200" or "1200" in Vietnamese, "1,200" or "1200" in
// English; spaces may group thousands too. "" is unknown (nil). A decimal
// ("12,5" in Vietnamese, "12.5" in English) is refused, never rounded or
// multiplied. FormatCount writes what ParseCount reads back. field names the
// error.
func ParseCount(field, s, lang string) (*int, *FieldError) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	notWhole := &FieldError{field, text.F("Must be a whole number, e.g. 1,200")}
	digits := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if strings.HasPrefix(digits, "-") {
		return nil, &FieldError{field, text.F("Must not be negative")}
	}
	group, decimal := ".", ","
	if lang == "en" {
		group, decimal = ",", "."
	}
	if strings.Contains(digits, decimal) {
		return nil, notWhole
	}
	if strings.Contains(digits, group) {
		if !groupedThousands(digits, group[0]) {
			return nil, notWhole
		}
		digits = strings.ReplaceAll(digits, group, "")
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return nil, notWhole
		}
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n > MaxCount {
		return nil, &FieldError{field, text.F("The number is too large")}
	}
	return &n, nil
}

// MaxCount bounds a count: more people than live in the country is a typing
// mistake.
const MaxCount = 1_000_000_000

// FormatCount writes an optional count as a user of lang reads it ("1.200"
// or "1,200"); nil is "".
func FormatCount(n *int, lang string) string {
	if n == nil {
		return ""
	}
	return FormatNumber(float64(*n), lang)
}

// ParseValue reads an indicator's value as a user of lang types it: a
// number, or, for an x-of-N indicator, "8/19" as the unit shows it (the N
// must be the indicator's).
func ParseValue(field, s, lang string, def Indicator) (float64, *FieldError) {
	if x, n, ok := strings.Cut(s, "/"); ok && def.Unit == "of_n" && def.Max != nil {
		of, err := ParseNumber(field, n, lang)
		if err != nil || of != *def.Max {
			return 0, &FieldError{field, text.F("Out of %s: type the number reached, e.g. 8 or 8/%s", numberText(*def.Max), numberText(*def.Max))}
		}
		s = x
	}
	return ParseNumber(field, s, lang)
}

// ParseNumber reads a decimal number typed in either convention. In
// Vietnamese the comma is the decimal mark and dots group thousands ("1.200,5");
// in English the other way round. A lone mark that cannot group thousands
// ("53.5" in Vietnamese, "53,5" in English) is taken as the decimal mark, as
// the user meant it. A trailing "%" is allowed.
func ParseNumber(field, s, lang string) (float64, *FieldError) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, &FieldError{field, text.F("A number is required")}
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "").Replace(s)
	group, decimal := ".", ","
	if lang == "en" {
		group, decimal = ",", "."
	}
	switch {
	case strings.Contains(s, decimal):
		s = strings.ReplaceAll(s, group, "")
		s = strings.Replace(s, decimal, ".", 1)
	case groupedThousands(s, group[0]):
		s = strings.ReplaceAll(s, group, "")
	default:
		s = strings.Replace(s, group, ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, &FieldError{field, text.F("Must be a number, e.g. 53.5")}
	}
	return f, nil
}

// groupedThousands reports whether s is digits grouped by sep in threes
// ("1.200", "35.599.000").
func groupedThousands(s string, sep byte) bool {
	parts := strings.Split(strings.TrimPrefix(s, "-"), string(sep))
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil {
			return false
		}
	}
	return true
}

// FormatNumber writes f as the users of lang read it: "53,5" and "1.200" in
// Vietnamese, "53.5" and "1,200" in English.
func FormatNumber(f float64, lang string) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	thousands, decimal := ".", ","
	if lang == "en" {
		thousands, decimal = ",", "."
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// countText is a count said as each language writes it ("1.234", "1,234").
type countText struct{ n *int }

func (c countText) In(lang string) string { return FormatCount(c.n, lang) }

// numberText is a number said as each language writes it ("53,5", "53.5").
type numberText float64

func (n numberText) In(lang string) string { return FormatNumber(float64(n), lang) }
