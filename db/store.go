package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"giamsat/assets/text"
)

// ErrNotFound is returned for an ID that names no live record.
var ErrNotFound = errors.New("Record not found")

type recordPtr[T any] interface {
	*T
	Record
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// allColumns returns the meta columns followed by the record's own.
func allColumns(r Record) []column { return appendAllColumns(nil, r) }

// appendAllColumns appends the meta columns and the record's own to dst.
func appendAllColumns(dst []column, r Record) []column {
	return r.appendColumns(appendMetaColumns(dst, r.meta()))
}

// columnBuffers lends the slices that hot paths (hashing, checking and
// writing every record of a package) gather a record's columns in.
var columnBuffers = sync.Pool{New: func() any { b := make([]column, 0, 32); return &b }}

// borrowColumns returns r's own columns, or all of them with the meta
// columns first, in a lent slice; give it back with returnColumns.
func borrowColumns(r Record, meta bool) (*[]column, []column) {
	bp := columnBuffers.Get().(*[]column)
	if meta {
		return bp, appendAllColumns((*bp)[:0], r)
	}
	return bp, r.appendColumns((*bp)[:0])
}

func returnColumns(bp *[]column, cols []column) {
	clear(cols) // hold no record
	*bp = cols[:0]
	columnBuffers.Put(bp)
}

var sqlCache sync.Map // table+verb -> SQL text

func cachedSQL(key string, build func() string) string {
	if v, ok := sqlCache.Load(key); ok {
		return v.(string)
	}
	s := build()
	sqlCache.Store(key, s)
	return s
}

func columnNames(cols []column) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return names
}

func selectSQL(r Record) string {
	return cachedSQL(r.table()+" select", func() string {
		return "SELECT " + strings.Join(columnNames(allColumns(r)), ", ") + " FROM " + r.table()
	})
}

func insertSQL(r Record) string {
	return cachedSQL(r.table()+" insert", func() string {
		cols := allColumns(r)
		return "INSERT INTO " + r.table() + " (" + strings.Join(columnNames(cols), ", ") +
			") VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	})
}

func updateSQL(r Record) string {
	return cachedSQL(r.table()+" update", func() string {
		names := columnNames(r.appendColumns(nil))
		return "UPDATE " + r.table() + " SET " + strings.Join(names, " = ?, ") +
			" = ?, updated_at = ?, changed_at = ?, version = ?, content_hash = ?, revision = revision + 1 WHERE id = ? AND deleted_at IS NULL RETURNING revision"
	})
}

func pointers(cols []column) []any { return appendPointers(make([]any, 0, len(cols)), cols) }

// appendPointers appends what pointers returns to dst.
func appendPointers(dst []any, cols []column) []any {
	for _, c := range cols {
		dst = append(dst, c.ptr)
	}
	return dst
}

// values reads the fields behind cols as driver values. Doing it here, by
// type, spares database/sql its reflection on every argument of every row.
func values(cols []column) []any { return appendValues(make([]any, 0, len(cols)), cols) }

// appendValues appends what values returns to dst.
func appendValues(dst []any, cols []column) []any {
	start := len(dst)
	dst = append(dst, make([]any, len(cols))...)
	vals := dst[start:]
	for i, c := range cols {
		switch p := c.ptr.(type) {
		case *string:
			vals[i] = *p
		case *optionalID:
			vals[i], _ = p.Value()
		case *int:
			vals[i] = int64(*p)
		case **int:
			if *p != nil {
				vals[i] = int64(**p)
			}
		case *float64:
			vals[i] = *p
		case **float64:
			if *p != nil {
				vals[i] = **p
			}
		case *bool:
			vals[i] = *p
		case *Date:
			vals[i], _ = p.Value()
		case *stamp:
			vals[i], _ = p.Value()
		case *Version:
			vals[i] = p.String()
		default:
			vals[i] = c.ptr
		}
	}
	return dst
}

func (t *Tx) stmt(query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(t.ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

// now is the clock of the store; records carry millisecond UTC times.
var now = func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// Now is the store's clock: what records' times are taken from.
func Now() time.Time { return now() }

// SetClock replaces the store's clock and returns what puts it back: for
// tests that must replay exactly (the model of many PCs).
func SetClock(clock func() time.Time) (restore func()) {
	saved := now
	now = func() time.Time { return clock().UTC().Truncate(time.Millisecond) }
	return func() { now = saved }
}

// Save normalises and validates r, then inserts it when it has no ID (giving
// it a new random one) or updates the live record with its ID, raising its
// revision. Nothing invalid is written: the validation errors come back as
// Errors.
func (t *Tx) Save(r Record) error {
	if err := t.validate(r); err != nil {
		return err
	}
	m := r.meta()
	at := now()
	if m.ID == "" {
		replica, counter, err := t.step()
		if err != nil {
			return err
		}
		m.ID = uuid.NewString()
		m.CreatedAt, m.UpdatedAt, m.Revision, m.DeletedAt = at, at, 1, time.Time{}
		m.ChangedAt = at
		m.Version, m.Hash = Version{{replica, counter}}, ContentHash(r)
		st, err := t.stmt(insertSQL(r))
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(t.ctx, values(allColumns(r))...); err != nil {
			m.ID = ""
			return writeError(err)
		}
		return nil
	}
	// A record saved as it is stays as it is: no new revision, no new time.
	// Forms save every row of a visit together; only the rows a person
	// changed may look changed to another PC receiving them.
	cur := NewRecord(r.table())
	err := t.tx.QueryRowContext(t.ctx, selectSQL(cur)+" WHERE id = ? AND deleted_at IS NULL", m.ID).Scan(pointers(allColumns(cur))...)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s %s: %w", r.table(), m.ID, ErrNotFound)
	}
	if err != nil {
		return err
	}
	if SameContent(cur, r) {
		*m = *cur.meta()
		return nil
	}
	replica, counter, err := t.step()
	if err != nil {
		return err
	}
	version := cur.meta().Version.With(replica, counter)
	hash := ContentHash(r)
	st, err := t.stmt(updateSQL(r))
	if err != nil {
		return err
	}
	args := append(values(r.appendColumns(nil)), stamp(at), stamp(at), version.String(), hash, m.ID)
	if err := st.QueryRowContext(t.ctx, args...).Scan(&m.Revision); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s %s: %w", r.table(), m.ID, ErrNotFound)
		}
		return writeError(err)
	}
	m.UpdatedAt, m.ChangedAt, m.Version, m.Hash = at, at, version, hash
	return nil
}

func (t *Tx) validate(r Record) error {
	v, ok := r.(*IndicatorValue)
	if !ok {
		return Check(r).OrNil()
	}
	if errs := Check(v); errs.For("IndicatorID") != nil {
		return errs
	}
	def, ok := t.indicators[v.IndicatorID]
	if !ok {
		err := t.tx.QueryRowContext(t.ctx, selectSQL(&def)+" WHERE id = ? AND deleted_at IS NULL", v.IndicatorID).
			Scan(pointers(allColumns(&def))...)
		if errors.Is(err, sql.ErrNoRows) {
			return Errors{{"IndicatorID", text.F("The indicator is not in the catalogue")}}
		}
		if err != nil {
			return err
		}
		if t.indicators == nil {
			t.indicators = map[string]Indicator{}
		}
		t.indicators[v.IndicatorID] = def
	}
	return ValidateIndicatorValue(*v, def).OrNil()
}

// Save saves one record in its own transaction (see Tx.Save).
func (s *Store) Save(ctx context.Context, r Record) error {
	return s.WithTx(ctx, func(t *Tx) error { return t.Save(r) })
}

// cascade names, for a table, the tables whose rows belong to its rows.
var cascade = map[string][]struct{ table, parent string }{
	"delegations": {{"members", "delegation_id"}, {"visits", "delegation_id"}, {"difficulties", "delegation_id"}, {"requests", "delegation_id"}},
	"visits": {{"sessions", "visit_id"}, {"indicator_values", "visit_id"},
		{"difficulties", "visit_id"}, {"requests", "visit_id"}},
}

// blockers names, for a table, the live rows that forbid deleting its rows.
var blockers = map[string]struct{ table, parent, message string }{
	"communes":   {"visits", "commune_id", "Cannot delete: this commune still has %d visits."},
	"indicators": {"indicator_values", "indicator_id", "Cannot delete: %d values of this indicator are recorded."},
}

// Delete marks r and everything that belongs to it deleted (tombstones, so
// that the deletion travels to other PCs like any change).
func (s *Store) Delete(ctx context.Context, r Record) error {
	return s.WithTx(ctx, func(t *Tx) error { return t.Delete(r) })
}

// Delete is Store.Delete inside a transaction.
func (t *Tx) Delete(r Record) error {
	if b, ok := blockers[r.table()]; ok {
		var n int
		q := fmt.Sprintf("SELECT count(*) FROM %s WHERE %s = ? AND deleted_at IS NULL", b.table, b.parent)
		if err := t.tx.QueryRowContext(t.ctx, q, r.meta().ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return Fail(nil, b.message, n)
		}
	}
	at := stamp(now())
	n, err := t.tombstone(r.table(), "id", r.meta().ID, at)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s %s: %w", r.table(), r.meta().ID, ErrNotFound)
	}
	r.meta().DeletedAt = time.Time(at)
	return nil
}

// tombstone deletes the live rows of table where col = value, and what
// belongs to them. Each gets a step of this database in its version, as any
// change does.
func (t *Tx) tombstone(table, col, value string, at stamp) (int64, error) {
	recs, err := t.liveRecords(table, col, value)
	if err != nil {
		return 0, err
	}
	for _, r := range recs {
		for _, child := range cascade[table] {
			if _, err := t.tombstone(child.table, child.parent, r.meta().ID, at); err != nil {
				return 0, err
			}
		}
		replica, counter, err := t.step()
		if err != nil {
			return 0, err
		}
		m := r.meta()
		m.DeletedAt, m.UpdatedAt, m.ChangedAt = time.Time(at), time.Time(at), time.Time(at)
		m.Revision++
		m.Version = m.Version.With(replica, counter)
		m.Hash = ContentHash(r)
		if _, err := t.tx.ExecContext(t.ctx, "UPDATE "+table+
			" SET deleted_at = ?, updated_at = ?, changed_at = ?, revision = ?, version = ?, content_hash = ? WHERE id = ?",
			at, at, at, m.Revision, m.Version.String(), m.Hash, m.ID); err != nil {
			return 0, writeError(err)
		}
	}
	return int64(len(recs)), nil
}

// liveRecords returns the live records of table where col = value.
func (t *Tx) liveRecords(table, col, value string) ([]Record, error) {
	return scanRecords(table)(t.tx.QueryContext(t.ctx, selectSQL(NewRecord(table))+" WHERE "+col+" = ? AND deleted_at IS NULL", value))
}

// scanIDs reads the one column of IDs of a query: scanIDs(db.Query(…)).
func scanIDs(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, id)
	}
	return out, closeRows(rows)
}

// scanRecords reads every row of a query of selectSQL as a record of
// table; called on the query's results: scanRecords(table)(db.Query(…)).
func scanRecords(table string) func(*sql.Rows, error) ([]Record, error) {
	return func(rows *sql.Rows, err error) ([]Record, error) {
		if err != nil {
			return nil, err
		}
		var out []Record
		for rows.Next() {
			r := NewRecord(table)
			if err := rows.Scan(pointers(allColumns(r))...); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, r)
		}
		return out, closeRows(rows)
	}
}

// Dependents counts, per child table, the live rows that deleting r would
// delete with it ("sessions": 3, ...), so that the user is told first.
func (s *Store) Dependents(ctx context.Context, r Record) (map[string]int, error) {
	out := map[string]int{}
	ids := []string{r.meta().ID}
	table := r.table()
	for len(cascade[table]) > 0 {
		var next []string
		nextTable := ""
		for _, child := range cascade[table] {
			for _, id := range ids {
				cids, err := scanIDs(s.read.QueryContext(ctx, fmt.Sprintf(
					"SELECT id FROM %s WHERE %s = ? AND deleted_at IS NULL", child.table, child.parent), id))
				if err != nil {
					return nil, err
				}
				out[child.table] += len(cids)
				if len(cascade[child.table]) > 0 && len(cids) > 0 {
					next = append(next, cids...)
					nextTable = child.table
				}
			}
		}
		ids, table = next, nextTable
	}
	return out, nil
}

// Get returns the live record of type T with the ID.
func Get[T any, P recordPtr[T]](ctx context.Context, s *Store, id string) (*T, error) {
	var v T
	p := P(&v)
	err := s.read.QueryRowContext(ctx, selectSQL(p)+" WHERE id = ? AND deleted_at IS NULL", id).
		Scan(pointers(allColumns(p))...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s %s: %w", p.table(), id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// list returns the live records of type T matching where (SQL after WHERE,
// may be empty) in the order given.
func list[T any, P recordPtr[T]](ctx context.Context, q queryer, where, order string, args ...any) ([]T, error) {
	var probe T
	query := selectSQL(P(&probe)) + " WHERE deleted_at IS NULL"
	if where != "" {
		query += " AND (" + where + ")"
	}
	if order != "" {
		query += " ORDER BY " + order
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(pointers(allColumns(P(&v)))...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
