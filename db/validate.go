package db

import (
	"fmt"
	"math"
	"strconv"
	"strings"
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
	VI    string
	EN    string
}

// Message returns the message in lang ("vi" or "en").
func (e FieldError) Message(lang string) string {
	if lang == "en" {
		return e.EN
	}
	return e.VI
}

func (e FieldError) Error() string { return e.VI }

// Errors lists what is wrong with a record; empty means valid.
type Errors []FieldError

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.VI
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

// checker gathers field errors of one record.
type checker struct{ errs Errors }

func (c *checker) add(field, vi, en string) {
	c.errs = append(c.errs, FieldError{field, vi, en})
}

func (c *checker) required(field, value, viName, enName string) {
	if value == "" {
		c.add(field, viName+" không được để trống", enName+" is required")
	}
}

func (c *checker) length(field, value string, max int) {
	if n := runeLen(value); n > max {
		c.add(field,
			fmt.Sprintf("Quá dài: %d ký tự, tối đa %d", n, max),
			fmt.Sprintf("Too long: %d characters, at most %d", n, max))
	}
}

func (c *checker) text(field, value string, max int, requiredVI, requiredEN string) {
	if requiredVI != "" {
		c.required(field, value, requiredVI, requiredEN)
	}
	c.length(field, value, max)
}

func (c *checker) choice(field, value string, cs Choices, allowEmpty bool) {
	if value == "" && allowEmpty {
		return
	}
	if value == "" {
		c.add(field, "Hãy chọn một mục", "Choose one")
		return
	}
	if !cs.Has(value) {
		c.add(field, "Giá trị không hợp lệ: "+value, "Not a valid choice: "+value)
	}
}

func (c *checker) count(field string, n *int) {
	if n != nil && *n < 0 {
		c.add(field, "Không được là số âm", "Must not be negative")
	}
}

func (c *checker) period(field string, from, to Date) {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		c.add(field, "Ngày kết thúc trước ngày bắt đầu", "The end is before the start")
	}
}

// Validate checks a commune.
func (c Commune) Validate() Errors {
	var k checker
	k.text("Name", c.Name, 200, "Tên xã", "Name")
	k.choice("Kind", c.Kind, CommuneKinds, false)
	k.length("Province", c.Province, 200)
	if c.Code != "" {
		if _, err := strconv.Atoi(c.Code); err != nil || len(c.Code) > 10 {
			k.add("Code", "Mã đơn vị hành chính chỉ gồm chữ số (tối đa 10)", "The administrative code is digits only (at most 10)")
		}
	}
	k.length("Notes", c.Notes, LongText)
	return k.errs
}

// Validate checks a delegation.
func (d Delegation) Validate() Errors {
	var k checker
	k.text("Number", d.Number, 20, "Số hiệu đoàn", "Number")
	k.text("IssuingBody", d.IssuingBody, ShortText, "Cơ quan thành lập", "Issuing body")
	k.length("DecisionRef", d.DecisionRef, ShortText)
	k.length("ReportRef", d.ReportRef, 100)
	k.length("Subject", d.Subject, 2000)
	k.period("PeriodTo", d.PeriodFrom, d.PeriodTo)
	k.length("Notes", d.Notes, LongText)
	return k.errs
}

// Validate checks a member.
func (m Member) Validate() Errors {
	var k checker
	k.required("DelegationID", m.DelegationID, "Đoàn giám sát", "Delegation")
	k.text("FullName", m.FullName, 200, "Họ và tên", "Full name")
	k.choice("Role", m.Role, MemberRoles, false)
	k.length("Position", m.Position, ShortText*2)
	return k.errs
}

// Validate checks a visit.
func (v Visit) Validate() Errors {
	var k checker
	k.required("DelegationID", v.DelegationID, "Đoàn giám sát", "Delegation")
	k.required("CommuneID", v.CommuneID, "Xã", "Commune")
	if v.Date.IsZero() {
		k.add("Date", "Ngày làm việc không được để trống", "Date is required")
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
	var k checker
	k.required("VisitID", s.VisitID, "Buổi làm việc", "Visit")
	k.choice("Level", s.Level, SessionLevels, false)
	k.count("Held", s.Held)
	k.choice("HeldQualifier", s.HeldQualifier, Qualifiers, true)
	k.count("Participants", s.Participants)
	k.choice("ParticipantsQualifier", s.ParticipantsQualifier, Qualifiers, true)
	k.count("Expected", s.Expected)
	k.choice("Mode", s.Mode, SessionModes, true)
	k.count("LinkPoints", s.LinkPoints)
	k.length("Note", s.Note, 2000)
	return k.errs
}

// Warnings lists what a session may hold but is most likely a typing
// mistake, for the user to confirm: more participants than expected.
func (s Session) Warnings() Errors {
	var k checker
	if s.Participants != nil && s.Expected != nil && *s.Participants > *s.Expected {
		k.add("Participants",
			fmt.Sprintf("Số người tham dự (%s) lớn hơn số dự kiến (%s)", FormatCount(s.Participants, "vi"), FormatCount(s.Expected, "vi")),
			fmt.Sprintf("More participants (%s) than expected (%s)", FormatCount(s.Participants, "en"), FormatCount(s.Expected, "en")))
	}
	return k.errs
}

// Warnings lists what a visit may hold but is most likely a mistake, for
// the user to confirm: a date outside the period of its delegation d.
func (v Visit) Warnings(d Delegation) Errors {
	var k checker
	if v.Date.IsZero() {
		return nil
	}
	if (!d.PeriodFrom.IsZero() && v.Date.Before(d.PeriodFrom)) || (!d.PeriodTo.IsZero() && d.PeriodTo.Before(v.Date)) {
		k.add("Date",
			fmt.Sprintf("Ngày %s nằm ngoài thời gian giám sát của đoàn (%s–%s)", v.Date, d.PeriodFrom, d.PeriodTo),
			fmt.Sprintf("%s is outside the delegation's period (%s–%s)", v.Date, d.PeriodFrom, d.PeriodTo))
	}
	return k.errs
}

// Validate checks an indicator of the catalogue.
func (i Indicator) Validate() Errors {
	var k checker
	k.text("Code", i.Code, 50, "Mã chỉ tiêu", "Code")
	k.text("NameVI", i.NameVI, ShortText, "Tên chỉ tiêu", "Name")
	k.length("NameEN", i.NameEN, ShortText)
	k.choice("Unit", i.Unit, IndicatorUnits, false)
	k.length("UnitLabel", i.UnitLabel, 50)
	if i.Min != nil && i.Max != nil && *i.Max < *i.Min {
		k.add("Max", "Giá trị lớn nhất nhỏ hơn giá trị nhỏ nhất", "The maximum is below the minimum")
	}
	if i.Unit == "of_n" && (i.Max == nil || *i.Max <= 0) {
		k.add("Max", "Chỉ tiêu dạng x/N cần N (giá trị lớn nhất)", "An x-of-N indicator needs N (the maximum)")
	}
	return k.errs
}

// Validate checks an indicator value on its own; ValidateIndicatorValue also
// checks it against its catalogue entry.
func (v IndicatorValue) Validate() Errors {
	var k checker
	k.required("VisitID", v.VisitID, "Buổi làm việc", "Visit")
	k.required("IndicatorID", v.IndicatorID, "Chỉ tiêu", "Indicator")
	if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
		k.add("Value", "Không phải là số", "Not a number")
	}
	k.choice("Qualifier", v.Qualifier, Qualifiers, true)
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
	var k checker
	if def.Min != nil && v.Value < *def.Min {
		k.add("Value",
			fmt.Sprintf("Không được nhỏ hơn %s", FormatNumber(*def.Min, "vi")),
			fmt.Sprintf("Must not be below %s", FormatNumber(*def.Min, "en")))
	}
	if def.Max != nil && v.Value > *def.Max {
		k.add("Value",
			fmt.Sprintf("Không được lớn hơn %s", FormatNumber(*def.Max, "vi")),
			fmt.Sprintf("Must not be above %s", FormatNumber(*def.Max, "en")))
	}
	if (def.Unit == "of_n" || def.Unit == "count") && v.Value != math.Trunc(v.Value) {
		k.add("Value", "Phải là số nguyên", "Must be a whole number")
	}
	return append(errs, k.errs...)
}

// Validate checks a difficulty.
func (d Difficulty) Validate() Errors {
	var k checker
	if d.Shared() {
		k.required("DelegationID", d.DelegationID, "Đoàn giám sát", "Delegation")
		if d.VisitID != "" {
			k.add("VisitID", "Khó khăn chung không gắn với một buổi làm việc", "A common difficulty belongs to no one visit")
		}
		switch ids := SplitIDs(d.Communes); {
		case len(ids) == 0:
			k.add("Communes", "Hãy chọn ít nhất một xã mà khó khăn chung liên quan", "Choose at least one commune the common difficulty concerns")
		case len(ids) > maxCommonCommunes:
			k.add("Communes", fmt.Sprintf("Quá nhiều xã: %d, tối đa %d", len(ids), maxCommonCommunes),
				fmt.Sprintf("Too many communes: %d, at most %d", len(ids), maxCommonCommunes))
		case d.Communes != JoinIDs(ids):
			k.add("Communes", "Danh sách xã không hợp lệ", "Not a valid list of communes")
		}
	} else {
		k.required("VisitID", d.VisitID, "Buổi làm việc", "Visit")
		if d.DelegationID != "" || d.Communes != "" {
			k.add("Communes", "Khó khăn riêng của xã không kèm danh sách xã", "A commune's own difficulty has no list of communes")
		}
	}
	k.choice("Category", d.Category, DifficultyCategories, false)
	k.text("Description", d.Description, LongText, "Nội dung", "Description")
	k.length("Remedy", d.Remedy, LongText)
	k.length("Responsible", d.Responsible, ShortText)
	k.choice("Status", d.Status, DifficultyStatuses, false)
	k.choice("Scope", d.Scope, DifficultyScopes, true)
	return k.errs
}

// maxCommonCommunes bounds the communes of a common record: more than any
// province has.
const maxCommonCommunes = 1000

// Validate checks a request.
func (r Request) Validate() Errors {
	var k checker
	k.required("VisitID", r.VisitID, "Buổi làm việc", "Visit")
	k.text("Text", r.Text, LongText, "Nội dung", "Text")
	k.choice("Status", r.Status, RequestStatuses, false)
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
	notWhole := &FieldError{field, "Phải là số nguyên, ví dụ 1.200", "Must be a whole number, e.g. 1,200"}
	digits := strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if strings.HasPrefix(digits, "-") {
		return nil, &FieldError{field, "Không được là số âm", "Must not be negative"}
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
		return nil, &FieldError{field, "Số quá lớn", "The number is too large"}
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

// ParseNumber reads a decimal number typed in either convention. In
// Vietnamese the comma is the decimal mark and dots group thousands ("1.200,5");
// in English the other way round. A lone mark that cannot group thousands
// ("53.5" in Vietnamese, "53,5" in English) is taken as the decimal mark, as
// the user meant it. A trailing "%" is allowed.
func ParseNumber(field, s, lang string) (float64, *FieldError) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, &FieldError{field, "Chưa nhập số", "A number is required"}
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
		return 0, &FieldError{field, "Phải là một số, ví dụ 53,5", "Must be a number, e.g. 53.5"}
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
