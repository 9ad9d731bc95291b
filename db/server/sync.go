package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Version is a version of a record as the server keeps it: the record as a
// package carries it (Body, JSON), with its version vector in the compact
// form and its content hash.
type Version struct {
	Table, ID, Version, Hash string
	Deleted                  bool
	Body                     []byte
}

// What Push did with a version.
const (
	Same   = "same"   // the server held it already
	Older  = "older"  // a version the server holds descends from it: not stored
	Stored = "stored" // stored; what it descends from is gone
)

// ErrNotAllowed is a version the user may not write (docs/server.md);
// ErrOrphan, one that points to a record the server does not hold.
var (
	ErrNotAllowed = errors.New("not allowed")
	ErrOrphan     = errors.New("points to a record the server does not hold")
)

// Push stores vs, in their order (parents first), in one transaction:
// all or nothing. It returns what became of each.
func Push(ctx context.Context, conn *pgx.Conn, vs []Version) ([]string, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	out := make([]string, len(vs))
	for i, v := range vs {
		err := tx.QueryRow(ctx, "SELECT giamsat.push($1, $2, $3, $4, $5, $6)",
			v.Table, v.ID, v.Version, v.Hash, v.Deleted, v.Body).Scan(&out[i])
		if err != nil {
			var pe *pgconn.PgError
			if errors.As(err, &pe) && pe.Code == "42501" { // insufficient privilege: a policy said no
				return nil, fmt.Errorf("%s %s: %w", v.Table, v.ID, ErrNotAllowed)
			}
			if errors.As(err, &pe) && pe.Code == "23503" { // a record it points to is not on the server
				return nil, fmt.Errorf("%s %s: %w", v.Table, v.ID, ErrOrphan)
			}
			return nil, fmt.Errorf("%s %s: %w", v.Table, v.ID, err)
		}
	}
	return out, tx.Commit(ctx)
}

// Pull returns the versions the user may read that were written since
// cursor ("" the first time), and the cursor to give next time. It reads
// only what transactions that have all ended wrote: one still running when
// it reads has an id at or above the new cursor, and the next pull reads
// what it wrote once it commits. A version read twice is the same version.
func Pull(ctx context.Context, conn *pgx.Conn, cursor string) ([]Version, string, error) {
	if cursor == "" {
		cursor = "0"
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback(ctx)
	var next string
	if err := tx.QueryRow(ctx, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text").Scan(&next); err != nil {
		return nil, "", err
	}
	rows, err := tx.Query(ctx, `SELECT tbl, id, version, content_hash, deleted, body::text FROM giamsat.versions
		WHERE xid >= $1::xid8 AND xid < $2::xid8 ORDER BY seq`, cursor, next)
	if err != nil {
		return nil, "", err
	}
	vs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Version, error) {
		var v Version
		var body string
		err := row.Scan(&v.Table, &v.ID, &v.Version, &v.Hash, &v.Deleted, &body)
		v.Body = []byte(body)
		return v, err
	})
	if err != nil {
		return nil, "", err
	}
	return vs, next, tx.Commit(ctx)
}

// ID is the server's identity, made when it was set up.
func ID(ctx context.Context, conn *pgx.Conn) (string, error) {
	var id string
	err := conn.QueryRow(ctx, "SELECT server_id FROM giamsat.schema_info").Scan(&id)
	return id, err
}

// What PushAll says of a version it left out: one the user may not
// write, or one that points to a record the server lacks (a visit at a
// commune that is not in the province's catalogue).
const (
	Refused = "refused"
	Orphan  = "orphan"
)

// PushAll stores vs, in their order, in one transaction, leaving out the
// versions the user may not write (said Refused) rather than refusing all.
func PushAll(ctx context.Context, conn *pgx.Conn, vs []Version) ([]string, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	type item struct {
		Tbl     string          `json:"tbl"`
		ID      string          `json:"id"`
		Version string          `json:"version"`
		Hash    string          `json:"hash"`
		Deleted bool            `json:"deleted"`
		Body    json.RawMessage `json:"body"`
	}
	out := make([]string, 0, len(vs))
	const batch = 500
	for start := 0; start < len(vs); start += batch {
		items := make([]item, 0, batch)
		for _, v := range vs[start:min(start+batch, len(vs))] {
			items = append(items, item{v.Table, v.ID, v.Version, v.Hash, v.Deleted, v.Body})
		}
		b, err := json.Marshal(items)
		if err != nil {
			return nil, err
		}
		var got []string
		if err := tx.QueryRow(ctx, "SELECT giamsat.push_many($1::jsonb)", string(b)).Scan(&got); err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, tx.Commit(ctx)
}
