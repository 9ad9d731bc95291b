package exchange

import (
	"encoding/json"
	"fmt"
	"strings"

	"giamsat/db"
)

// Report says, table by table, what receiving does (or did), then each
// conflict and the version kept, in lang.
func (p *Plan) Report(lang string) string {
	var b strings.Builder
	if note := p.MissingNote(lang); note != "" {
		b.WriteString("! " + note + "\n")
	}
	words := [6]string{"mới", "cập nhật", "không đổi", "xóa", "xung đột", "trùng danh mục"}
	if lang == "en" {
		words = [6]string{"new", "updated", "unchanged", "deleted", "in conflict", "matched in the catalogue"}
	}
	for _, table := range db.SyncedTables() {
		t := p.Tallies[table]
		if t == nil || *t == (Tally{}) {
			continue
		}
		var parts []string
		for i, n := range []int{t.New, t.Updated, t.Unchanged, t.Deleted, t.Conflicts, t.Matched} {
			if n > 0 {
				parts = append(parts, db.FormatNumber(float64(n), lang)+" "+words[i])
			}
		}
		fmt.Fprintf(&b, "%-24s %s\n", TableName(table, lang)+":", strings.Join(parts, ", "))
	}
	for _, c := range p.Conflicts {
		words := map[string][2]string{
			"taken":  {"lấy bản nhận được", "the received version taken"},
			"kept":   {"giữ bản của máy này", "this database's version kept"},
			"merged": {"ghép từng trường", "merged field by field"},
		}[c.Outcome()]
		kept := words[0]
		if lang == "en" {
			kept = words[1]
		}
		fmt.Fprintf(&b, "! %s: %s\n", c.Describe(lang), kept)
		for _, ch := range c.Changes(lang) {
			fmt.Fprintf(&b, "    %s\n", ch)
		}
	}
	return b.String()
}

// Describe names the record in conflict as the user knows it, with when
// each side last changed it.
func (c *Conflict) Describe(lang string) string {
	at := func(r db.Record) string { return db.MetaOf(r).UpdatedAt.Local().Format("02/01/2006 15:04:05") }
	what := Label(c.Local, lang)
	if w := c.where.of(lang); w != "" {
		if _, visit := c.Local.(*db.Visit); visit { // "Buổi làm việc tại Lũng Nặm ngày 18/11/2026"
			what = strings.ToUpper(w[:1]) + w[1:]
		} else {
			what += ", " + w
		}
	}
	if lang == "en" {
		return fmt.Sprintf("%s (this PC's version changed %s, the received one %s)", what, at(c.Local), at(c.Incoming))
	}
	return fmt.Sprintf("%s (bản ở máy này sửa lúc %s, bản nhận được sửa lúc %s)", what, at(c.Local), at(c.Incoming))
}

// place says where a record belongs, as its users know it: the visit
// (commune and date) or the delegation.
type place struct {
	commune, date, delegation string
}

func (p place) of(lang string) string {
	switch {
	case p.commune != "" && lang == "en":
		return fmt.Sprintf("visit to %s on %s", p.commune, p.date)
	case p.commune != "":
		return fmt.Sprintf("buổi làm việc tại %s ngày %s", p.commune, p.date)
	case p.delegation != "" && lang == "en":
		return "delegation No. " + p.delegation
	case p.delegation != "":
		return "Đoàn giám sát số " + p.delegation
	}
	return ""
}

// columnNames are the fields of the records in the users' words.
var columnNames = map[string][2]string{
	"name": {"Tên", "Name"}, "kind": {"Loại", "Kind"}, "province": {"Tỉnh", "Province"}, "code": {"Mã", "Code"},
	"notes": {"Ghi chú", "Notes"}, "number": {"Số hiệu", "Number"}, "issuing_body": {"Cơ quan ban hành", "Issuing body"},
	"decision_ref": {"Quyết định", "Decision"}, "report_ref": {"Số báo cáo", "Report number"}, "subject": {"Nội dung", "Subject"},
	"period_from": {"Từ ngày", "From"}, "period_to": {"Đến ngày", "To"}, "full_name": {"Họ tên", "Full name"},
	"role": {"Vai trò", "Role"}, "position": {"Chức vụ", "Position"}, "sort_order": {"Thứ tự", "Order"},
	"visit_date": {"Ngày làm việc", "Date"}, "place": {"Địa điểm", "Place"}, "chaired_by": {"Chủ trì", "Chaired by"},
	"attendees": {"Thành phần", "Attendees"}, "assessment": {"Đánh giá", "Assessment"}, "conclusions": {"Kết luận", "Conclusions"},
	"level": {"Cấp", "Level"}, "held": {"Số hội nghị", "Held"}, "held_qualifier": {"Số hội nghị (trên, khoảng)", "Held (qualifier)"},
	"participants": {"Số người dự", "Participants"}, "participants_qualifier": {"Số người dự (trên, khoảng)", "Participants (qualifier)"},
	"expected": {"Số người dự kiến", "Expected"}, "mode": {"Hình thức", "Mode"}, "link_points": {"Số điểm cầu", "Link-up points"},
	"note": {"Ghi chú", "Note"}, "value": {"Giá trị", "Value"}, "qualifier": {"Trên, khoảng", "Qualifier"},
	"category": {"Nhóm", "Category"}, "description": {"Nội dung", "Description"}, "remedy": {"Giải pháp", "Remedy"},
	"responsible": {"Trách nhiệm", "Responsible"}, "deadline": {"Thời hạn", "Deadline"}, "status": {"Trạng thái", "Status"},
	"scope": {"Phạm vi", "Scope"},
	"body":  {"Nội dung", "Request"}, "name_vi": {"Tên", "Name (vi)"}, "name_en": {"Tên tiếng Anh", "Name (en)"},
	"unit": {"Đơn vị", "Unit"}, "unit_label": {"Đơn vị tính", "Unit label"}, "min_value": {"Nhỏ nhất", "Minimum"},
	"max_value": {"Lớn nhất", "Maximum"}, "is_key": {"Chỉ tiêu chính", "Key"},
}

// Changes says what differs between this database's version and the
// received one, a line a field: "Chủ trì: «…» ở máy này, «…» bên gửi".
func (c *Conflict) Changes(lang string) []string {
	var out []string
	if note := c.DeletionNote(lang); note != "" {
		out = append(out, note)
	}
	for _, f := range c.FieldChanges(lang) {
		out = append(out, f.Text)
	}
	return out
}

// DeletionNote says, when one side deleted the record, which one, and for
// a deletion that comes from the record's parent, what taking it takes.
func (c *Conflict) DeletionNote(lang string) string {
	en := lang == "en"
	l, r := db.MetaOf(c.Local).Deleted(), db.MetaOf(c.Incoming).Deleted()
	if c.Parent != nil {
		parent := Label(c.Parent, lang)
		if r {
			goes := describeGoes(c.Goes, lang)
			if en {
				return fmt.Sprintf("The sender deleted %s, which this PC's record belongs to; taking the deletion deletes here: %s", parent, goes)
			}
			return fmt.Sprintf("Bên gửi đã xóa %s, nơi bản ghi này của máy này thuộc về; nhận việc xóa sẽ xóa ở máy này: %s", parent, goes)
		}
		if en {
			return fmt.Sprintf("This PC deleted %s; the sender added or changed this record under it. Taking it brings %s back", parent, parent)
		}
		return fmt.Sprintf("Máy này đã xóa %s; bên gửi đã thêm hoặc sửa bản ghi này thuộc về nó. Lấy bản nhận được sẽ khôi phục %s", parent, parent)
	}
	switch {
	case l && !r && en:
		return "Deleted here; the sender changed it"
	case l && !r:
		return "Máy này đã xóa; bên gửi đã sửa"
	case r && !l && en:
		return "The sender deleted it; changed here"
	case r && !l:
		return "Bên gửi đã xóa; máy này đã sửa"
	}
	return ""
}

// FieldChanges lists the fields where the versions differ: "Chủ trì: «…»
// máy này, «…» bên gửi".
func (c *Conflict) FieldChanges(lang string) []FieldChange {
	short := func(s string) string {
		if r := []rune(s); len(r) > 60 {
			return string(r[:60]) + "…"
		}
		if s == "" {
			if lang == "en" {
				return "(empty)"
			}
			return "(trống)"
		}
		return s
	}
	here, there := "máy này", "bên gửi"
	if lang == "en" {
		here, there = "here", "sent"
	}
	var out []FieldChange
	for _, d := range db.Differences(c.Local, c.Incoming) {
		if cs := choicesOf(c.Table, d.Column); cs != nil {
			d.A, d.B = cs.Label(d.A, lang), cs.Label(d.B, lang)
		}
		a, b := d.A, d.B
		// Two long texts that start alike: show where they part.
		if ra, rb := []rune(a), []rune(b); len(ra) > 60 || len(rb) > 60 {
			i := 0
			for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
				i++
			}
			if i > 30 {
				a, b = "…"+string(ra[i-20:]), "…"+string(rb[i-20:])
			}
		}
		name := d.Column
		if n, ok := columnNames[d.Column]; ok {
			name = n[0]
			if lang == "en" {
				name = n[1]
			}
		}
		out = append(out, FieldChange{d.Column, fmt.Sprintf("%s: «%s» %s, «%s» %s", name, short(a), here, short(b), there)})
	}
	return out
}

// choicesOf returns the closed list a column's codes come from, or nil.
func choicesOf(table, column string) db.Choices {
	switch {
	case column == "kind":
		return db.CommuneKinds
	case column == "role":
		return db.MemberRoles
	case column == "level":
		return db.SessionLevels
	case column == "mode":
		return db.SessionModes
	case strings.HasSuffix(column, "qualifier"):
		return db.Qualifiers
	case column == "category":
		return db.DifficultyCategories
	case column == "scope":
		return db.DifficultyScopes
	case column == "unit":
		return db.IndicatorUnits
	case table == "difficulties" && column == "status":
		return db.DifficultyStatuses
	case table == "requests" && column == "status":
		return db.RequestStatuses
	}
	return nil
}

// Label names a record in a few words.
func Label(r db.Record, lang string) string {
	name := TableName(db.TableOf(r), lang)
	short := func(s string) string {
		if len([]rune(s)) > 50 {
			return string([]rune(s)[:50]) + "…"
		}
		return s
	}
	switch v := r.(type) {
	case *db.Commune:
		return name + " " + v.Name
	case *db.Indicator:
		return name + " " + v.Name(lang)
	case *db.Delegation:
		return name + " " + v.Number
	case *db.Member:
		return name + " " + v.FullName
	case *db.Visit:
		return name + " " + v.Date.String()
	case *db.Session:
		return name + " (" + db.SessionLevels.Label(v.Level, lang) + ")"
	case *db.IndicatorValue:
		return name + " " + db.FormatNumber(v.Value, lang)
	case *db.Difficulty:
		return name + " «" + short(v.Description) + "»"
	case *db.Request:
		return name + " «" + short(v.Text) + "»"
	}
	return name + " " + db.MetaOf(r).ID
}

// Report lists the records per table in lang, a line a table, with the
// deletions among them; no records is said so.
func (c Counts) Report(lang string, deletions Counts) string {
	var b strings.Builder
	for _, table := range db.SyncedTables() {
		if n := c[table]; n > 0 {
			line := fmt.Sprintf("%-24s %s", TableName(table, lang)+":", db.FormatNumber(float64(n), lang))
			if d := deletions[table]; d > 0 {
				if lang == "en" {
					line += fmt.Sprintf(" (of which %s deleted)", db.FormatNumber(float64(d), lang))
				} else {
					line += fmt.Sprintf(" (trong đó %s đã xóa)", db.FormatNumber(float64(d), lang))
				}
			}
			b.WriteString(line + "\n")
		}
	}
	if b.Len() == 0 {
		if lang == "en" {
			return "no records: nothing changed\n"
		}
		return "không có bản ghi nào: không có gì thay đổi\n"
	}
	return b.String()
}

// LogSummary says in lang what an entry of the log of packages held (sent)
// or changed (received); summary is the entry's JSON.
func LogSummary(direction, summary, lang string) string {
	if direction == "sent" {
		var c Counts
		if json.Unmarshal([]byte(summary), &c) != nil {
			return summary
		}
		if lang == "en" {
			return db.FormatNumber(float64(c.Total()), lang) + " records"
		}
		return db.FormatNumber(float64(c.Total()), lang) + " bản ghi"
	}
	var ls logSummary
	if json.Unmarshal([]byte(summary), &ls) != nil {
		return summary
	}
	sum := Sum(ls.Tables)
	words := [5]string{"mới", "cập nhật", "xóa", "xung đột", "không đổi"}
	if lang == "en" {
		words = [5]string{"new", "updated", "deleted", "in conflict", "unchanged"}
	}
	var parts []string
	for i, n := range []int{sum.New, sum.Updated, sum.Deleted, sum.Conflicts, sum.Unchanged} {
		if n > 0 {
			parts = append(parts, db.FormatNumber(float64(n), lang)+" "+words[i])
		}
	}
	out := strings.Join(parts, ", ")
	if ls.Taken+ls.Kept+ls.Merged > 0 {
		if lang == "en" {
			out += fmt.Sprintf(" (conflicts: %d received version taken, %d this PC's kept, %d merged field by field)", ls.Taken, ls.Kept, ls.Merged)
		} else {
			out += fmt.Sprintf(" (xung đột: lấy bản nhận được %d, giữ bản máy này %d, ghép từng trường %d)", ls.Taken, ls.Kept, ls.Merged)
		}
	}
	return out
}

// logSummary is what the log keeps of a package received.
type logSummary struct {
	Tables map[string]*Tally `json:"tables"`
	Taken  int               `json:"conflicts_taken,omitempty"`
	Kept   int               `json:"conflicts_kept,omitempty"`
	Merged int               `json:"conflicts_merged,omitempty"`
}
