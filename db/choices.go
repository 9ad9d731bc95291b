package db

// Choice is one value of a closed list (a role, a level, a status) with its
// labels in the two languages of the interface.
type Choice struct {
	Code string
	VI   string
	EN   string
}

// Label returns the label of c in the language lang ("vi" or "en").
func (c Choice) Label(lang string) string {
	if lang == "en" {
		return c.EN
	}
	return c.VI
}

// Choices is an ordered list of Choice.
type Choices []Choice

// Find returns the choice with the code, and whether there is one.
func (cs Choices) Find(code string) (Choice, bool) {
	for _, c := range cs {
		if c.Code == code {
			return c, true
		}
	}
	return Choice{}, false
}

// Label returns the label of code in lang, or the code itself when unknown.
func (cs Choices) Label(code, lang string) string {
	if c, ok := cs.Find(code); ok {
		return c.Label(lang)
	}
	return code
}

// Labels returns every label in lang, in order.
func (cs Choices) Labels(lang string) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Label(lang)
	}
	return out
}

// CodeOf returns the code whose label in lang is label ("" when none).
func (cs Choices) CodeOf(label, lang string) string {
	for _, c := range cs {
		if c.Label(lang) == label {
			return c.Code
		}
	}
	return ""
}

// Has reports whether code is in the list.
func (cs Choices) Has(code string) bool {
	_, ok := cs.Find(code)
	return ok
}

// Member roles in a delegation.
var MemberRoles = Choices{
	{"head", "Trưởng đoàn", "Head"},
	{"deputy", "Phó Trưởng đoàn", "Deputy head"},
	{"member", "Thành viên", "Member"},
	{"secretary", "Thư ký", "Secretary"},
}

// Commune kinds.
var CommuneKinds = Choices{
	{"commune", "Xã", "Commune"},
	{"ward", "Phường", "Ward"},
	{"town", "Thị trấn", "Township"},
}

// Levels of a dissemination session.
var SessionLevels = Choices{
	{"commune", "Hội nghị cấp xã", "Commune-level conference"},
	{"party_cell", "Chi bộ, đảng bộ trực thuộc", "Party cells and affiliated committees"},
	{"mass_org", "MTTQ và các đoàn thể", "Fatherland Front and mass organisations"},
	{"other", "Khác", "Other"},
}

// Ways a session was held.
var SessionModes = Choices{
	{"in_person", "Trực tiếp", "In person"},
	{"online", "Trực tuyến", "Online"},
	{"mixed", "Trực tiếp kết hợp trực tuyến", "In person and online"},
}

// Qualifiers that sources put before a figure ("trên 53%"). The empty code is
// an exact figure.
var Qualifiers = Choices{
	{"", "Chính xác", "Exactly"},
	{"more_than", "Trên", "More than"},
	{"about", "Khoảng", "About"},
	{"at_least", "Ít nhất", "At least"},
	{"less_than", "Dưới", "Less than"},
	// A count the source gives as "many", with no number ("nhiều đợt
	// tuyên truyền"): recorded as such, never as none, left out of totals
	// with a note.
	{"many", "Nhiều", "Many"},
}

// ValueQualifiers are those an indicator's value takes: a value is always
// a number, never "many".
var ValueQualifiers = func() Choices {
	var out Choices
	for _, q := range Qualifiers {
		if q.Code != "many" {
			out = append(out, q)
		}
	}
	return out
}()

// Units of an indicator. "of_n" is a count out of the indicator's maximum
// ("8/19"); "percent_plan" is a percentage of a plan and may exceed 100.
var IndicatorUnits = Choices{
	{"percent", "%", "%"},
	{"percent_plan", "% kế hoạch", "% of plan"},
	{"of_n", "x/N", "x of N"},
	{"count", "Số lượng", "Count"},
	{"number", "Số", "Number"},
}

// Categories of a difficulty.
var DifficultyCategories = Choices{
	{"facilities", "Cơ sở vật chất, trang thiết bị", "Facilities and equipment"},
	{"staffing", "Tổ chức, biên chế", "Staffing"},
	{"capacity", "Trình độ, năng lực cán bộ", "Staff capacity"},
	{"propaganda", "Công tác tuyên truyền", "Propaganda work"},
	{"economy", "Kinh tế - xã hội", "Socio-economic"},
	{"other", "Khác", "Other"},
}

// Statuses of a difficulty.
var DifficultyStatuses = Choices{
	{"open", "Chưa khắc phục", "Open"},
	{"in_progress", "Đang khắc phục", "In progress"},
	{"resolved", "Đã khắc phục", "Resolved"},
}

// Scopes of a difficulty: the visit's commune, or several communes of the
// delegation (those it names).
var DifficultyScopes = Choices{
	{"commune", "Riêng xã này", "This commune"},
	{"delegation", "Chung nhiều xã", "Common to several communes"},
}

// RequestScopes are whom a request concerns, as a difficulty's.
var RequestScopes = DifficultyScopes

// Statuses of a request of the delegation.
var RequestStatuses = Choices{
	{"open", "Chưa thực hiện", "Open"},
	{"in_progress", "Đang thực hiện", "In progress"},
	{"done", "Đã hoàn thành", "Done"},
	{"overdue", "Quá hạn", "Overdue"},
}
