package db

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// What exchange packages need of the store: the records a selection covers,
// tombstones included; what this database holds of each record; a verbatim
// write; and the log of packages sent and received. Reading and writing
// packages themselves is app/exchange's work.

// SyncedTables returns the tables whose records travel in exchange packages,
// each before the tables whose records point to it.
func SyncedTables() []string { return append([]string(nil), syncedTables...) }

// NewRecord returns an empty record of table, or nil for a table that does
// not travel.
func NewRecord(table string) Record {
	switch table {
	case "communes":
		return &Commune{}
	case "indicators":
		return &Indicator{}
	case "delegations":
		return &Delegation{}
	case "members":
		return &Member{}
	case "visits":
		return &Visit{}
	case "sessions":
		return &Session{}
	case "indicator_values":
		return &IndicatorValue{}
	case "difficulties":
		return &Difficulty{}
	case "requests":
		return &Request{}
	}
	return nil
}

// DatabaseID returns the ID this database was given when it was made: how
// packages say where they come from.
func (s *Store) DatabaseID(ctx context.Context) (string, error) {
	var id string
	err := s.read.QueryRowContext(ctx, "SELECT value FROM properties WHERE key = 'database_id'").Scan(&id)
	return id, err
}

// Selection chooses the records of a package: those of one delegation
// and/or one commune (empty: all), changed by this database after Since
// (zero: whatever their age).
type Selection struct {
	DelegationID string
	CommuneID    string
	Since        time.Time
}

// selectionWhere returns, per table, the condition on its rows.
func (sel Selection) where() (map[string]string, []any) {
	visits := "1"
	var args []any
	if sel.DelegationID != "" {
		visits = "delegation_id = :del"
		args = append(args, sql.Named("del", sel.DelegationID))
	}
	if sel.CommuneID != "" {
		visits += " AND commune_id = :com"
		args = append(args, sql.Named("com", sel.CommuneID))
	}
	inVisits := "visit_id IN (SELECT id FROM visits WHERE " + visits + ")"
	if visits == "1" {
		inVisits = "1" // everything: no need to look each visit up
	}
	w := map[string]string{
		"indicators":       "1",
		"communes":         "1",
		"delegations":      "1",
		"members":          "1",
		"visits":           visits,
		"sessions":         inVisits,
		"indicator_values": inVisits,
		"difficulties":     inVisits,
		"requests":         inVisits,
	}
	if sel.DelegationID != "" || sel.CommuneID != "" {
		dels := "id IN (SELECT delegation_id FROM visits WHERE " + visits + ")"
		if sel.DelegationID != "" {
			dels = "id = :del"
		}
		w["delegations"] = dels
		w["members"] = "delegation_id IN (SELECT id FROM delegations WHERE " + dels + ")"
		// The difficulties common to several communes of those
		// delegations, those naming the commune when one is chosen.
		common := "delegation_id IN (SELECT id FROM delegations WHERE " + dels + ")"
		if sel.CommuneID != "" {
			common += " AND instr(',' || communes || ',', ',' || :com || ',') > 0"
		}
		w["difficulties"] = inVisits + " OR " + common
		w["requests"] = inVisits + " OR " + common
		// The communes visited, and those the common records name (their
		// names, not their visits).
		coms := "id IN (SELECT commune_id FROM visits WHERE " + visits + ")" +
			" OR instr((SELECT ',' || group_concat(communes) || ',' FROM difficulties WHERE " + common + "), ',' || id || ',') > 0" +
			" OR instr((SELECT ',' || group_concat(communes) || ',' FROM requests WHERE " + common + "), ',' || id || ',') > 0"
		if sel.CommuneID != "" {
			coms += " OR id = :com"
		}
		w["communes"] = coms
	}
	if !sel.Since.IsZero() {
		for t, c := range w {
			w[t] = "(" + c + ") AND changed_at > :since"
		}
		args = append(args, sql.Named("since", stamp(sel.Since)))
	}
	return w, args
}

// ExchangeRecords calls fn with every record the selection covers,
// tombstones included, table by table in the order of SyncedTables, all
// read from one snapshot. fn may keep the records.
func (s *Store) ExchangeRecords(ctx context.Context, sel Selection, fn func(table string, r Record) error) error {
	sn, err := s.Snapshot(ctx)
	if err != nil {
		return err
	}
	defer sn.Close()
	where, args := sel.where()
	order := " ORDER BY rowid"
	if !sel.Since.IsZero() {
		// What changed since is found by the index of changed_at and then
		// sorted: in rowid order SQLite would read the table whole.
		order = " ORDER BY +rowid"
	}
	for _, table := range syncedTables {
		probe := NewRecord(table)
		rows, err := sn.tx.QueryContext(ctx, selectSQL(probe)+" WHERE "+where[table]+order, args...)
		if err != nil {
			return err
		}
		var ptrs []any // one row's, used again for the next
		for rows.Next() {
			r := NewRecord(table)
			cp, cols := borrowColumns(r, true)
			ptrs = appendPointers(ptrs[:0], cols)
			returnColumns(cp, cols)
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return err
			}
			if err := fn(table, r); err != nil {
				rows.Close()
				return err
			}
		}
		if err := closeRows(rows); err != nil {
			return err
		}
	}
	return nil
}

// Held is what this database holds of a record, for matching one received:
// kept small, as a receipt holds one for every record of the database.
type Held struct {
	Version Version // shared between the records that hold the same
	Hash    [16]byte
	Deleted bool
}

// HeldRecords returns, for every record of table this database holds (live
// or deleted), its version and content hash by ID.
func (s *Store) HeldRecords(ctx context.Context, table string) (map[string]Held, error) {
	return s.HeldRecordsInto(ctx, table, nil)
}

// HeldRecordsInto is HeldRecords filling the map room returns for the
// table's number of records, when it returns one (empty, with room for
// them): a receipt hands the map of a table it has compared to a later
// table rather than making one of many megabytes for each.
// HeldRecord is HeldRecords for one record: what this database holds of
// it, if anything (a sync that pulls back a few records looks each up).
func (s *Store) HeldRecord(ctx context.Context, table, id string) (Held, bool, error) {
	var h Held
	if NewRecord(table) == nil {
		return h, false, fmt.Errorf("no such table: %s", table)
	}
	var deleted bool
	var hash, version string
	err := s.read.QueryRowContext(ctx, "SELECT deleted_at IS NOT NULL, coalesce(content_hash, ''), coalesce(version, '') FROM "+table+" WHERE id = ?", id).
		Scan(&deleted, &hash, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return h, false, nil
	}
	if err != nil {
		return h, false, err
	}
	if h.Version, err = ParseVersion(version); err != nil {
		return h, false, fmt.Errorf("%s %s: %w", table, id, err)
	}
	if len(hash) == 2*len(h.Hash) {
		hex.Decode(h.Hash[:], []byte(hash))
	}
	h.Deleted = deleted
	return h, true, nil
}

func (s *Store) HeldRecordsInto(ctx context.Context, table string, room func(n int) map[string]Held) (map[string]Held, error) {
	if NewRecord(table) == nil {
		return nil, fmt.Errorf("no such table: %s", table)
	}
	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		return nil, err
	}
	var out map[string]Held
	if room != nil {
		out = room(n)
	}
	if out == nil {
		out = make(map[string]Held, n) // sized once: no growing through 300,000 records
	}
	// Two columns, not four: the driver makes a string of every text it
	// returns, and 300,000 rows of a large receipt felt each one. The second
	// is "d" or "-" (deleted or not), the hash, a space, the version.
	rows, err := s.read.QueryContext(ctx, "SELECT id, iif(deleted_at IS NULL, '-', 'd') || coalesce(content_hash, '') || ' ' || coalesce(version, '') FROM "+table)
	if err != nil {
		return nil, err
	}
	var rest sql.RawBytes // each row's, in one buffer
	for rows.Next() {
		var id string
		var h Held
		if err := rows.Scan(&id, &rest); err != nil {
			rows.Close()
			return nil, err
		}
		h.Deleted = len(rest) > 0 && rest[0] == 'd'
		hash, version, _ := bytes.Cut(rest[min(1, len(rest)):], []byte{' '})
		if h.Version, err = parseShared(version); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s %s: %w", table, id, err)
		}
		if len(hash) == 2*len(h.Hash) {
			hex.Decode(h.Hash[:], hash) // one of another length stays zero: never equal to a record's
		}
		out[id] = h
	}
	return out, closeRows(rows)
}

// LiveReferences returns, for every live record of table, the IDs it points
// to, in the order of ReferenceColumns ("" where a field points nowhere;
// nil for a table that points nowhere).
func (s *Store) LiveReferences(ctx context.Context, table string) (map[string][]string, error) {
	probe := NewRecord(table)
	if probe == nil {
		return nil, fmt.Errorf("no such table: %s", table)
	}
	refs := references(probe)
	if len(refs) == 0 {
		return nil, nil
	}
	query := "SELECT id"
	for _, r := range refs {
		query += ", coalesce(" + r.Column + ", '')"
	}
	rows, err := s.read.QueryContext(ctx, query+" FROM "+table+" WHERE deleted_at IS NULL")
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for rows.Next() {
		var id string
		ids := make([]string, len(refs))
		dest := []any{&id}
		for i := range ids {
			dest = append(dest, &ids[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = ids
	}
	return out, closeRows(rows)
}

// Lookup returns the record of table with the ID, live or deleted.
func (s *Store) Lookup(ctx context.Context, table, id string) (Record, error) {
	r := NewRecord(table)
	if r == nil {
		return nil, fmt.Errorf("no such table: %s", table)
	}
	err := s.read.QueryRowContext(ctx, selectSQL(r)+" WHERE id = ?", id).Scan(pointers(allColumns(r))...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s %s: %w", table, id, ErrNotFound)
	}
	return r, err
}

// CatalogueEntries returns the live and deleted communes or indicators, for
// matching entries received under other IDs.
func (s *Store) CatalogueEntries(ctx context.Context, table string) ([]Record, error) {
	if table != "communes" && table != "indicators" {
		return nil, fmt.Errorf("not a catalogue: %s", table)
	}
	return scanRecords(table)(s.read.QueryContext(ctx, selectSQL(NewRecord(table))+" ORDER BY rowid"))
}

func putSQL(r Record) string {
	return cachedSQL(r.table()+" put", func() string {
		var set []string
		for _, n := range columnNames(allColumns(r))[1:] {
			set = append(set, n+" = excluded."+n)
		}
		return insertSQL(r) + " ON CONFLICT(id) DO UPDATE SET " + strings.Join(set, ", ")
	})
}

// Put writes r as it is, with its ID, times and version, over any record
// with its ID: how a received record, or a conflict's outcome, is stored. A
// live record is normalised and validated first, as Save does; its change
// time becomes now. Put deletes nothing else: what a deletion takes with it
// is worked out before, by the receiving plan.
func (t *Tx) Put(r Record) error {
	if err := t.checkReceived(r, now()); err != nil {
		return err
	}
	st, err := t.stmt(putSQL(r))
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(t.ctx, values(allColumns(r))...); err != nil {
		return writeError(err)
	}
	return nil
}

// insertBatch is how many records one statement of InsertNew writes.
const insertBatch = 64

func insertManySQL(r Record, n int) string {
	return cachedSQL(fmt.Sprintf("%s insert %d", r.table(), n), func() string {
		cols := allColumns(r)
		row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		return "INSERT OR ROLLBACK INTO " + r.table() + " (" + strings.Join(columnNames(cols), ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	})
}

// checkReceived readies a received record to be written as it is: it must
// have an ID and a valid version; a live one is normalised and validated,
// as Save does; its content hash is worked out here, and its change time
// here becomes at.
func (t *Tx) checkReceived(r Record, at time.Time) error {
	m := r.meta()
	if m.ID == "" {
		return fmt.Errorf("%s: a record to put needs an ID", r.table())
	}
	if err := m.Version.Check(); err != nil {
		return fmt.Errorf("%s %s: %w", r.table(), m.ID, err)
	}
	if !m.Deleted() {
		if err := t.validate(r); err != nil {
			return err
		}
	}
	if err := t.observe(m.Version); err != nil {
		return err
	}
	m.Hash = ContentHash(r)
	m.ChangedAt = at
	return nil
}

// InsertNew writes records of one table that this database does not have,
// as they are (see Put), several to a statement: how a large package is
// received quickly. A record whose ID exists fails the whole call.
func (t *Tx) InsertNew(records []Record) error {
	at := now()
	var args []any // one batch's, used again for the next
	for len(records) > 0 {
		n := min(len(records), insertBatch)
		batch := records[:n]
		records = records[n:]
		clear(args)
		args = args[:0]
		for _, r := range batch {
			if err := t.checkReceived(r, at); err != nil {
				return err
			}
			cp, cols := borrowColumns(r, true)
			args = appendValues(args, cols)
			returnColumns(cp, cols)
		}
		st, err := t.stmt(insertManySQL(batch[0], n))
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(t.ctx, args...); err != nil {
			return writeError(err)
		}
	}
	return nil
}

// Observe notes the versions a receipt brings before it mints its step (see
// observe).
func (t *Tx) Observe(v Version) error { return t.observe(v) }

// DeletedWith returns, as table and ID, the records that belong to the
// record of table with the ID and were deleted at the same moment as it
// (at): what a deletion of it took along.
func (s *Store) DeletedWith(ctx context.Context, table, id string, at time.Time) ([][2]string, error) {
	var out [][2]string
	for _, child := range cascade[table] {
		ids, err := scanIDs(s.read.QueryContext(ctx, "SELECT id FROM "+child.table+" WHERE "+child.parent+" = ? AND deleted_at = ?", id, stamp(at)))
		if err != nil {
			return nil, err
		}
		for _, cid := range ids {
			out = append(out, [2]string{child.table, cid})
		}
	}
	return out, nil
}
