package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"giamsat/db"
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
// cursor ("" the first time), and the cursor to give next time.
func Pull(ctx context.Context, conn *pgx.Conn, cursor string) ([]Version, string, error) {
	var vs []Version
	next, err := PullEach(ctx, conn, cursor, nil, func(v Version) error {
		vs = append(vs, v)
		return nil
	})
	return vs, next, err
}

// PullEach reads the versions the user may read that were written since
// cursor ("" the first time), in the order they were written, and returns
// the cursor to give next time. It reads only what transactions that
// have all ended wrote: one still running when it reads has an id at or
// above the new cursor, and the next pull reads what it wrote once it
// commits. A version read twice is the same version.
//
// want, when not nil, is shown each version without its body first
// (what this PC holds already it need not read again); each is given the
// versions wanted, with their bodies.
func PullEach(ctx context.Context, conn *pgx.Conn, cursor string, want func(Version) bool, each func(Version) error) (string, error) {
	if cursor == "" {
		cursor = "0"
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return "", err
	}
	defer tx.Rollback(ctx)
	var next string
	if err := tx.QueryRow(ctx, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text").Scan(&next); err != nil {
		return "", err
	}
	var seqs []int64
	if want != nil {
		// The same snapshot twice: first what there is, then the bodies of
		// what is wanted.
		rows, err := tx.Query(ctx, `SELECT seq, tbl, id, version, content_hash, deleted FROM giamsat.versions
			WHERE xid >= $1::xid8 AND xid < $2::xid8`, cursor, next)
		if err != nil {
			return "", err
		}
		var seq int64
		var v Version
		_, err = pgx.ForEachRow(rows, []any{&seq, &v.Table, &v.ID, &v.Version, &v.Hash, &v.Deleted}, func() error {
			if want(v) {
				seqs = append(seqs, seq)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		if len(seqs) == 0 {
			return next, tx.Commit(ctx)
		}
	}
	query := `SELECT tbl, id, version, content_hash, deleted, body::text FROM giamsat.versions
		WHERE xid >= $1::xid8 AND xid < $2::xid8 ORDER BY seq`
	args := []any{cursor, next}
	if want != nil {
		query = `SELECT tbl, id, version, content_hash, deleted, body::text FROM giamsat.versions
			WHERE seq = ANY($1) ORDER BY seq`
		args = []any{seqs}
	}
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return "", err
	}
	var v Version
	var body []byte
	_, err = pgx.ForEachRow(rows, []any{&v.Table, &v.ID, &v.Version, &v.Hash, &v.Deleted, &body}, func() error {
		v.Body = body
		return each(v)
	})
	if err != nil {
		return "", err
	}
	return next, tx.Commit(ctx)
}

// WhoAmI says what the connected user stands for: the rights the window
// shows (db.Rights).
func WhoAmI(ctx context.Context, conn *pgx.Conn) (db.Rights, error) {
	var r db.Rights
	var commune, delegation *string
	err := conn.QueryRow(ctx, "SELECT kind, commune_id, delegation_id FROM giamsat.whoami()").Scan(&r.Kind, &commune, &delegation)
	if commune != nil {
		r.CommuneID = *commune
	}
	if delegation != nil {
		r.DelegationID = *delegation
	}
	return r, err
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

// What Push says of a catalogue entry (a commune, an indicator) whose code
// is another's on the server: one new to the server is taken for that
// other (Alias, not stored: what points to it is stored pointing to the
// other); one the server holds is not given the code (Duplicate).
const (
	Alias     = "alias"
	Duplicate = "duplicate"
)

// PushAll stores vs, in their order, in one transaction, leaving out the
// versions the user may not write (said Refused) rather than refusing all.
func PushAll(ctx context.Context, conn *pgx.Conn, vs []Version) ([]string, error) {
	out := make([]string, 0, len(vs))
	p, err := BeginPush(ctx, conn, func(what string) { out = append(out, what) })
	if err != nil {
		return nil, err
	}
	defer p.Rollback(ctx)
	for _, v := range vs {
		if err := p.Add(ctx, v); err != nil {
			return nil, err
		}
	}
	return out, p.Commit(ctx)
}

// A Pusher stores versions as PushAll does, in one transaction, sent in
// batches as they are added: a PC's first sync does not hold all its
// records at once.
type Pusher struct {
	tx    pgx.Tx
	items []pushItem
	said  func(string)
}

type pushItem struct {
	Tbl     string          `json:"tbl"`
	ID      string          `json:"id"`
	Version string          `json:"version"`
	Hash    string          `json:"hash"`
	Deleted bool            `json:"deleted"`
	Body    json.RawMessage `json:"body"`
}

// pushBatch is how many versions go to the server in one call.
const pushBatch = 500

// BeginPush starts a push; said is told what became of each version
// added, in their order, as their batch is stored.
func BeginPush(ctx context.Context, conn *pgx.Conn, said func(string)) (*Pusher, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return &Pusher{tx: tx, said: said, items: make([]pushItem, 0, pushBatch)}, nil
}

// Add stores v (parents before what points to them), sending a batch
// when one is full.
func (p *Pusher) Add(ctx context.Context, v Version) error {
	p.items = append(p.items, pushItem{v.Table, v.ID, v.Version, v.Hash, v.Deleted, v.Body})
	if len(p.items) < pushBatch {
		return nil
	}
	return p.flush(ctx)
}

func (p *Pusher) flush(ctx context.Context) error {
	if len(p.items) == 0 {
		return nil
	}
	b, err := json.Marshal(p.items)
	if err != nil {
		return err
	}
	var got []string
	if err := p.tx.QueryRow(ctx, "SELECT giamsat.push_many($1::jsonb)", string(b)).Scan(&got); err != nil {
		return err
	}
	if len(got) != len(p.items) {
		return fmt.Errorf("the server said what became of %d versions of %d", len(got), len(p.items))
	}
	for _, g := range got {
		p.said(g)
	}
	p.items = p.items[:0]
	return nil
}

// Commit sends what is left and ends the push: nothing is stored before.
func (p *Pusher) Commit(ctx context.Context) error {
	if err := p.flush(ctx); err != nil {
		return err
	}
	return p.tx.Commit(ctx)
}

// Rollback ends a push not committed, storing nothing; after Commit it
// does nothing.
func (p *Pusher) Rollback(ctx context.Context) { p.tx.Rollback(ctx) }
