package db

import (
	"strings"
	"time"

	"github.com/google/uuid"
)

// namespace makes the IDs of built-in records (the indicator catalogue, the
// sample data) the same on every PC, so they merge instead of doubling.
var namespace = uuid.MustParse("8f5b7c2e-3d1a-4c6e-9b0f-5a2d7e4c1b93")

// StableID returns the ID a built-in record with the key always has.
func StableID(key string) string { return uuid.NewSHA1(namespace, []byte(key)).String() }

// Ensure inserts r with the ID it has unless a record with that ID exists
// (live or deleted); it reports whether r was inserted. It is how built-in
// records are added again without doubling.
func (t *Tx) Ensure(r Record) (bool, error) {
	normalize(r)
	if err := t.validate(r); err != nil {
		return false, err
	}
	m := r.meta()
	if m.ID == "" {
		m.ID = uuid.NewString()
	}
	at := now()
	m.CreatedAt, m.UpdatedAt, m.Revision, m.DeletedAt = at, at, 1, time.Time{}
	m.ChangedAt = at
	// Built-in records start with the same version on every PC, so that an
	// edit made on one arrives elsewhere as an update.
	m.Version, m.Hash = Version{{BaseReplica, 1}}, ContentHash(r)
	st, err := t.stmt(insertSQL(r) + " ON CONFLICT(id) DO NOTHING")
	if err != nil {
		return false, err
	}
	res, err := st.ExecContext(t.ctx, values(allColumns(r))...)
	if err != nil {
		return false, writeError(err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Renew brings a built-in record nobody edited (its version still the
// built-in one before builtin) to today's content, under the built-in
// version builtin: every PC that renews it holds the same record at the same
// version, and one that has not renewed yet takes it from a package as an
// update. An edited record is its users': left as it is. It reports whether
// r was renewed.
func (t *Tx) Renew(r Record, builtin uint64) (bool, error) {
	normalize(r)
	if err := t.validate(r); err != nil {
		return false, err
	}
	m := r.meta()
	at := now()
	version, hash := Version{{BaseReplica, builtin}}, ContentHash(r)
	q := strings.Replace(updateSQL(r), "WHERE id = ? AND deleted_at IS NULL", "WHERE id = ? AND deleted_at IS NULL AND version = ?", 1)
	args := append(values(r.appendColumns(nil)), stamp(at), stamp(at), version.String(), hash, m.ID, Version{{BaseReplica, builtin - 1}}.String())
	rows, err := t.tx.QueryContext(t.ctx, q, args...)
	if err != nil {
		return false, writeError(err)
	}
	defer rows.Close()
	renewed := rows.Next()
	if renewed {
		if err := rows.Scan(&m.Revision); err != nil {
			return false, err
		}
		m.UpdatedAt, m.ChangedAt, m.Version, m.Hash = at, at, version, hash
	}
	return renewed, rows.Err()
}

// DefaultIndicators is the catalogue a new database starts with: the figures
// seen in the sources. Users may add to it and edit it.
func DefaultIndicators() []Indicator {
	hundred := FloatPtr(100)
	zero := FloatPtr(0)
	list := []Indicator{
		{Code: "poor_households", NameVI: "Tỷ lệ hộ nghèo và cận nghèo", NameEN: "Poor and near-poor households", Unit: "percent", Min: zero, Max: hundred, Key: true},
		{Code: "budget_revenue", NameVI: "Thu ngân sách so với kế hoạch năm", NameEN: "State budget revenue against the annual plan", Unit: "percent_plan", Min: zero, Max: FloatPtr(1000), Key: true},
		{Code: "admin_digitised", NameVI: "Thủ tục hành chính được số hóa", NameEN: "Administrative procedures digitised", Unit: "percent", Min: zero, Max: hundred},
		{Code: "online_services", NameVI: "Sử dụng dịch vụ công trực tuyến", NameEN: "Online public services used", Unit: "percent", Min: zero, Max: hundred},
		{Code: "ntm_criteria", NameVI: "Tiêu chí nông thôn mới đạt được", NameEN: "New-rural-construction criteria met", Unit: "of_n", Min: zero, Max: FloatPtr(19), Key: true},
		{Code: "inspection_teams", NameVI: "Đoàn kiểm tra được thành lập", NameEN: "Inspection teams formed", Unit: "count", UnitLabel: "đoàn", Min: zero},
	}
	for i := range list {
		list[i].ID = StableID("indicator/" + list[i].Code)
		list[i].SortOrder = (i + 1) * 10
	}
	return list
}

func seedIndicators(t *Tx) error {
	for _, ind := range DefaultIndicators() {
		if _, err := t.Ensure(&ind); err != nil {
			return err
		}
	}
	return nil
}
