package exchange

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"

	"giamsat/db"
)

// Kind is what receiving a record does.
type Kind int

const (
	Unchanged Kind = iota
	New
	Updated
	Deleted
	InConflict
	Matched // a catalogue entry this database has under another ID
)

// Tally counts, for one table, what receiving does to its records.
type Tally struct {
	New, Updated, Unchanged, Deleted, Conflicts, Matched int
}

// Sum adds up the tallies of every table.
func Sum(tallies map[string]*Tally) Tally {
	var sum Tally
	for _, t := range tallies {
		sum.New += t.New
		sum.Updated += t.Updated
		sum.Unchanged += t.Unchanged
		sum.Deleted += t.Deleted
		sum.Conflicts += t.Conflicts
		sum.Matched += t.Matched
	}
	return sum
}

// Conflict is a record both databases changed since they last exchanged it.
type Conflict struct {
	Table           string
	Local, Incoming db.Record
	// TakeIncoming is the choice: the received version replaces this
	// database's (true), or this database's is kept (false). It starts as
	// the newer of the two (the received one when both were saved in the
	// same millisecond).
	TakeIncoming bool
	// Fields, when both versions are live, chooses field by field: the
	// received value of the columns set to true, this database's of the
	// others. It starts as TakeIncoming for every field that differs.
	Fields map[string]bool
}

// SetAll takes the received version (true) or keeps this database's, whole.
func (c *Conflict) SetAll(take bool) {
	c.TakeIncoming = take
	for f := range c.Fields {
		c.Fields[f] = take
	}
}

// Outcome is "taken", "kept" or, for a choice made field by field that
// takes some of each, "merged".
func (c *Conflict) Outcome() string {
	if c.Fields == nil { // one side deleted it: the record is chosen whole
		if c.TakeIncoming {
			return "taken"
		}
		return "kept"
	}
	taken := 0
	for _, t := range c.Fields {
		if t {
			taken++
		}
	}
	switch taken {
	case len(c.Fields):
		return "taken"
	case 0:
		return "kept"
	}
	return "merged"
}

// FieldChange is one field where the two versions differ, said in lang.
type FieldChange struct {
	Column, Text string
}

// result is the version to write: the received one, this database's, or
// this database's with the received values of the fields chosen (made from
// the local record itself: result is called once, as the receipt is
// written).
func (c *Conflict) result() db.Record {
	switch c.Outcome() {
	case "taken":
		return c.Incoming
	case "kept":
		return c.Local
	}
	var take []string
	for f, t := range c.Fields {
		if t {
			take = append(take, f)
		}
	}
	merged := c.Local
	db.CopyColumns(merged, c.Incoming, take)
	if m, in := db.MetaOf(merged), db.MetaOf(c.Incoming); in.UpdatedAt.After(m.UpdatedAt) {
		m.UpdatedAt = in.UpdatedAt
	}
	return merged
}

// Plan is what receiving a package will do, worked out before anything is
// written: shown to the user, then applied in one transaction.
type Plan struct {
	Package   *Package
	Tallies   map[string]*Tally
	Conflicts []*Conflict
	actions   []action
}

type action struct {
	table    string
	rec      db.Record
	kind     Kind
	held     db.Held
	conflict *Conflict
}

// Prepare compares the package with the store. Records that point to
// records neither side has, or break a rule, refuse the package.
func Prepare(ctx context.Context, store *db.Store, pkg *Package) (*Plan, error) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
	p := &Plan{Package: pkg, Tallies: map[string]*Tally{}}
	held := map[string]map[string]db.Held{}
	for _, table := range db.SyncedTables() {
		h, err := store.HeldRecords(ctx, table)
		if err != nil {
			return nil, err
		}
		held[table] = h
		p.Tallies[table] = &Tally{}
	}
	idMap, err := p.matchCatalogues(ctx, store, held)
	if err != nil {
		return nil, err
	}
	// present are the IDs, per table, that will be there after receiving.
	present := map[string]map[string]bool{}
	for _, table := range db.SyncedTables() {
		present[table] = map[string]bool{}
		for _, r := range pkg.Tables[table] {
			if !db.MetaOf(r).Deleted() {
				present[table][db.MetaOf(r).ID] = true
			}
		}
	}
	var problems []Problem
	defs := map[string]*db.Indicator{}
	for _, r := range pkg.Tables["indicators"] {
		defs[db.MetaOf(r).ID] = r.(*db.Indicator)
	}
	for _, table := range db.SyncedTables() {
		t := p.Tallies[table]
		for _, r := range pkg.Tables[table] {
			m := db.MetaOf(r)
			if _, ok := idMap[m.ID]; ok && (table == "communes" || table == "indicators") {
				continue // tallied as matched
			}
			for _, ref := range db.References(r) {
				if to, ok := idMap[ref.ID]; ok {
					db.SetReference(r, ref.Column, to)
				}
			}
			a := action{table: table, rec: r}
			h, isHeld := held[table][m.ID]
			a.held = h
			switch {
			case !isHeld && m.Deleted():
				// Deleted before this database ever had it: nothing to do.
				a.kind = Unchanged
			case !isHeld:
				a.kind = New
			default:
				a.kind, a.conflict, err = compare(ctx, store, table, r, h)
				if err != nil {
					return nil, err
				}
			}
			switch a.kind {
			case Unchanged:
				t.Unchanged++
				continue
			case New:
				t.New++
			case Updated:
				t.Updated++
			case Deleted:
				t.Deleted++
			case InConflict:
				t.Conflicts++
				p.Conflicts = append(p.Conflicts, a.conflict)
			}
			if !m.Deleted() {
				problems = append(problems, p.checkReferences(ctx, store, r, present, held, defs)...)
			}
			p.actions = append(p.actions, a)
		}
	}
	p.followDeletedParents(held)
	if len(problems) > 0 {
		if pkg.Manifest.ChangedSince != nil {
			problems = append(problems, problemf("Gói này chỉ có những gì thay đổi từ lần gửi trước; máy này chưa có dữ liệu gửi lần đó. Hãy xin bên gửi một gói đầy đủ (bỏ chọn \"chỉ gửi những gì thay đổi\").",
				"This package holds only what changed since an earlier one, which this PC never received. Ask the sender for a whole package (without \"only what changed\")."))
		}
		return nil, refused(problems...)
	}
	return p, nil
}

// shortID is the first part of an ID, enough to tell it in a message.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8] + "…"
	}
	return id
}

// followDeletedParents settles the conflicts between an edit here and a
// deletion there of a record whose parent (a visit, a delegation) this
// receipt deletes, or that is deleted here: the record goes with its parent.
// Keeping it would leave it under nothing, out of sight and out of reports.
func (p *Plan) followDeletedParents(held map[string]map[string]db.Held) {
	gone := map[string]bool{}
	for _, a := range p.actions {
		if a.kind == Deleted {
			gone[a.table+"/"+db.MetaOf(a.rec).ID] = true
		}
	}
	for table, hs := range held {
		for id, h := range hs {
			if h.Deleted {
				gone[table+"/"+id] = true
			}
		}
	}
	revived := map[string]bool{}
	for _, a := range p.actions {
		if (a.kind == New || a.kind == Updated) && !db.MetaOf(a.rec).Deleted() {
			revived[a.table+"/"+db.MetaOf(a.rec).ID] = true
		}
	}
	var kept []*Conflict
	for i := range p.actions {
		a := &p.actions[i]
		if a.kind != InConflict || !db.MetaOf(a.rec).Deleted() || db.MetaOf(a.conflict.Local).Deleted() {
			continue
		}
		orphan := false
		for _, ref := range db.References(a.conflict.Local) {
			key := ref.Table + "/" + ref.ID
			orphan = orphan || (gone[key] && !revived[key])
		}
		if orphan {
			a.kind = Deleted
			a.conflict = nil
			p.Tallies[a.table].Conflicts--
			p.Tallies[a.table].Deleted++
		}
	}
	for _, a := range p.actions {
		if a.kind == InConflict {
			kept = append(kept, a.conflict)
		}
	}
	p.Conflicts = kept
}

// compare decides what a received record does to the one this database
// holds. Both sides changed it since they last exchanged it when each has a
// revision above what the other last saw; then a difference is a conflict.
// Otherwise the higher revision wins.
func compare(ctx context.Context, store *db.Store, table string, in db.Record, h db.Held) (Kind, *Conflict, error) {
	m := db.MetaOf(in)
	localChanged := h.Revision > h.SyncedRevision
	incomingChanged := m.Revision > m.SyncedRevision
	if localChanged && incomingChanged && h.Revision > m.SyncedRevision && m.Revision > h.SyncedRevision {
		local, err := store.Lookup(ctx, table, m.ID)
		if err != nil {
			return 0, nil, err
		}
		if db.SameContent(local, in) {
			return Unchanged, nil, nil
		}
		c := &Conflict{Table: table, Local: local, Incoming: in, TakeIncoming: !m.UpdatedAt.Before(db.MetaOf(local).UpdatedAt)}
		if !m.Deleted() && !db.MetaOf(local).Deleted() {
			c.Fields = map[string]bool{}
			for _, d := range db.Differences(local, in) {
				c.Fields[d.Column] = c.TakeIncoming
			}
		}
		return InConflict, c, nil
	}
	if m.Revision <= h.Revision {
		return Unchanged, nil, nil
	}
	if m.Deleted() && !h.Deleted {
		return Deleted, nil, nil
	}
	return Updated, nil, nil
}

// matchCatalogues finds the communes (same code; without codes, same name
// and province) and indicators (same code) this database has under other
// IDs, and returns the received ID to use the local one instead.
func (p *Plan) matchCatalogues(ctx context.Context, store *db.Store, held map[string]map[string]db.Held) (map[string]string, error) {
	idMap := map[string]string{}
	for _, table := range []string{"communes", "indicators"} {
		var fresh []db.Record
		for _, r := range p.Package.Tables[table] {
			if _, ok := held[table][db.MetaOf(r).ID]; !ok && !db.MetaOf(r).Deleted() {
				fresh = append(fresh, r)
			}
		}
		if len(fresh) == 0 {
			continue
		}
		local, err := store.CatalogueEntries(ctx, table)
		if err != nil {
			return nil, err
		}
		byKey := map[string]string{}
		for _, r := range local {
			if db.MetaOf(r).Deleted() {
				continue
			}
			for _, k := range catalogueKeys(r) {
				if _, ok := byKey[k]; !ok {
					byKey[k] = db.MetaOf(r).ID
				}
			}
		}
		for _, r := range fresh {
			for _, k := range catalogueKeys(r) {
				if id, ok := byKey[k]; ok {
					idMap[db.MetaOf(r).ID] = id
					p.Tallies[table].Matched++
					break
				}
			}
		}
	}
	return idMap, nil
}

// catalogueKeys are what make two catalogue entries the same.
func catalogueKeys(r db.Record) []string {
	switch v := r.(type) {
	case *db.Commune:
		var keys []string
		if v.Code != "" {
			keys = append(keys, "code:"+db.Fold(v.Code))
		}
		return append(keys, "name:"+db.Fold(v.Kind)+"|"+db.Fold(v.Name)+"|"+db.Fold(v.Province))
	case *db.Indicator:
		return []string{"code:" + db.Fold(v.Code)}
	}
	return nil
}

// checkReferences finds what a live record points to that neither side
// has, and an indicator result its indicator's bounds refuse.
func (p *Plan) checkReferences(ctx context.Context, store *db.Store, r db.Record, present map[string]map[string]bool,
	held map[string]map[string]db.Held, defs map[string]*db.Indicator) []Problem {
	var problems []Problem
	for _, ref := range db.References(r) {
		_, isHeld := held[ref.Table][ref.ID]
		// Held, even deleted, the row is there: a record left under a
		// deleted parent must not stop every later exchange.
		if present[ref.Table][ref.ID] || isHeld {
			continue
		}
		problems = append(problems, Problem{
			VI: fmt.Sprintf("%s trỏ tới %s (mã %s) mà cả gói lẫn máy này đều không có.", Label(r, "vi"), strings.ToLower(TableName(ref.Table, "vi")), shortID(ref.ID)),
			EN: fmt.Sprintf("%s points to %s (id %s), which neither the package nor this PC has.", Label(r, "en"), strings.ToLower(TableName(ref.Table, "en")), shortID(ref.ID)),
		})
	}
	if v, ok := r.(*db.IndicatorValue); ok && len(problems) == 0 {
		def := defs[v.IndicatorID]
		if def == nil {
			local, err := store.Lookup(ctx, "indicators", v.IndicatorID)
			if err != nil {
				return problems
			}
			def = local.(*db.Indicator)
			defs[v.IndicatorID] = def
		}
		for _, e := range db.ValidateIndicatorValue(*v, *def) {
			problems = append(problems, Problem{
				VI: fmt.Sprintf("%s: %s", Label(r, "vi"), e.VI),
				EN: fmt.Sprintf("%s: %s", Label(r, "en"), e.EN)})
		}
	}
	return problems
}

// Changes returns the number of records receiving will write.
func (p *Plan) Changes() int { return len(p.actions) }

// Apply receives the package as planned, with the conflicts resolved as
// their TakeIncoming says, in one transaction: all or nothing. The package
// is noted in the log of packages received, with file as its name.
func (p *Plan) Apply(ctx context.Context, store *db.Store, file string, progress func(done, total int)) error {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
	return store.WithTx(ctx, func(tx *db.Tx) error {
		var fresh []db.Record // new records of one table, written together
		flush := func() error {
			err := tx.InsertNew(fresh)
			fresh = fresh[:0]
			return err
		}
		for i, a := range p.actions {
			if i%2000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if progress != nil {
					progress(i, len(p.actions))
				}
			}
			in := db.MetaOf(a.rec)
			if len(fresh) > 0 && db.TableOf(fresh[0]) != a.table {
				if err := flush(); err != nil {
					return err
				}
			}
			rec := a.rec
			switch a.kind {
			case New:
				in.SyncedRevision = in.Revision
				fresh = append(fresh, rec)
				if len(fresh) >= 4096 {
					if err := flush(); err != nil {
						return err
					}
				}
				continue
			case Updated, Deleted:
				in.SyncedRevision = in.Revision
			case InConflict:
				// The version kept gets a revision above both, so that it
				// wins when it travels back; both sides have now seen the
				// received one. A live version kept whose parent is gone by
				// now goes with its parent.
				top := max(a.held.Revision, in.Revision) + 1
				rec = a.conflict.result()
				if rec != a.rec {
					if !db.MetaOf(rec).Deleted() && in.Deleted() {
						for _, ref := range db.References(rec) {
							if live, err := tx.Live(ref.Table, ref.ID); err != nil {
								return err
							} else if !live {
								rec = a.rec
							}
						}
					}
				}
				seen := in.Revision
				m := db.MetaOf(rec)
				m.Revision, m.SyncedRevision = top, seen
			}
			if err := flush(); err != nil {
				return err
			}
			if err := tx.Put(rec); err != nil {
				return fmt.Errorf("%s %s: %w", a.table, in.ID, err)
			}
		}
		if err := flush(); err != nil {
			return err
		}
		sum := logSummary{Tables: p.Tallies}
		for _, c := range p.Conflicts {
			switch c.Outcome() {
			case "taken":
				sum.Taken++
			case "kept":
				sum.Kept++
			default:
				sum.Merged++
			}
		}
		summary, _ := json.Marshal(sum)
		m := p.Package.Manifest
		peer := m.DatabaseName
		return tx.LogExchange(&db.Exchange{Direction: "received", PackageID: m.PackageID,
			PeerDatabaseID: m.DatabaseID, Peer: peer, File: filepath.Base(file), Summary: string(summary)})
	})
}

// Report says, table by table, what receiving does (or did), then each
// conflict and the version kept, in lang.
func (p *Plan) Report(lang string) string {
	var b strings.Builder
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
	if lang == "en" {
		return fmt.Sprintf("%s (changed here %s, there %s)", what, at(c.Local), at(c.Incoming))
	}
	return fmt.Sprintf("%s (máy này sửa %s, bên gửi sửa %s)", what, at(c.Local), at(c.Incoming))
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

// DeletionNote says, when one side deleted the record, which one.
func (c *Conflict) DeletionNote(lang string) string {
	switch l, r := db.MetaOf(c.Local).Deleted(), db.MetaOf(c.Incoming).Deleted(); {
	case l && !r:
		return map[bool]string{true: "Deleted here; the sender changed it", false: "Máy này đã xóa; bên gửi đã sửa"}[lang == "en"]
	case r && !l:
		return map[bool]string{true: "The sender deleted it; changed here", false: "Bên gửi đã xóa; máy này đã sửa"}[lang == "en"]
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
