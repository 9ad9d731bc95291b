package db

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"
)

// The log of packages sent and received, and what it tells: where a
// package of changes starts, which packages a recipient confirmed.

// Exchange is an entry of the log of packages sent and received.
type Exchange struct {
	ID             string
	At             time.Time
	Direction      string // "sent" or "received"
	PackageID      string
	PeerDatabaseID string
	Peer           string // who sent it, or whom it was made for
	File           string
	Summary        string // what it held or changed, as the user was told
	// PeerCreatedAt is, for a package received, when its sender made it
	// (by the sender's clock).
	PeerCreatedAt time.Time
	// Confirmed is, for a package sent, whether a package from its
	// recipient has since said it arrived.
	Confirmed bool
}

// LogExchange records a package sent or received.
func (t *Tx) LogExchange(e *Exchange) error {
	if e.ID == "" {
		e.ID = uuid.NewString()
	}
	if e.At.IsZero() {
		e.At = now()
	}
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO exchanges (id, at, direction, package_id, peer_database_id, peer, file, summary, peer_created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ID, stamp(e.At), e.Direction, e.PackageID, e.PeerDatabaseID, e.Peer, e.File, e.Summary,
		stampText(e.PeerCreatedAt))
	return writeError(err)
}

func stampText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(stampLayout)
}

// LogExchange records a package sent or received in its own transaction.
func (s *Store) LogExchange(ctx context.Context, e *Exchange) error {
	return s.WithTx(ctx, func(t *Tx) error { return t.LogExchange(e) })
}

const exchangeColumns = `id, at, direction, package_id, peer_database_id, peer, file, summary, peer_created_at,
	EXISTS (SELECT 1 FROM confirmations c WHERE c.package_id = exchanges.package_id)`

func scanExchange(rows interface{ Scan(...any) error }) (Exchange, error) {
	var e Exchange
	var peerCreated string
	err := rows.Scan(&e.ID, (*stamp)(&e.At), &e.Direction, &e.PackageID, &e.PeerDatabaseID, &e.Peer, &e.File, &e.Summary,
		&peerCreated, &e.Confirmed)
	if err == nil && peerCreated != "" {
		e.PeerCreatedAt, _ = time.Parse(stampLayout, peerCreated)
	}
	return e, err
}

// Exchanges returns the log of packages, newest first.
func (s *Store) Exchanges(ctx context.Context) ([]Exchange, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+exchangeColumns+` FROM exchanges ORDER BY at DESC, rowid DESC`)
	if err != nil {
		return nil, err
	}
	var out []Exchange
	for rows.Next() {
		e, err := scanExchange(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, e)
	}
	return out, closeRows(rows)
}

// ChangesBase returns the package a package of "only what changed" for peer
// (compared without case or diacritics) starts from: the last one made for
// peer that a package from there confirmed receiving, so that a package
// lost on the way is sent again; when none was confirmed, the last one
// made for peer. ok is false when no package was made for peer.
func (s *Store) ChangesBase(ctx context.Context, peer string) (e Exchange, ok bool, err error) {
	for _, confirmed := range []bool{true, false} {
		q := `SELECT ` + exchangeColumns + ` FROM exchanges WHERE direction = 'sent' AND fold(peer) = ?`
		if confirmed {
			q += ` AND package_id IN (SELECT package_id FROM confirmations)`
		}
		e, err = scanExchange(s.read.QueryRowContext(ctx, q+` ORDER BY at DESC, rowid DESC LIMIT 1`, Fold(peer)))
		if err == nil {
			return e, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return e, false, err
		}
	}
	return Exchange{}, false, nil
}

// Received names a package this database received: its sender and ID.
type Received struct {
	DatabaseID string `json:"database_id"`
	PackageID  string `json:"package_id"`
}

// ReceivedPackages returns the newest packages this database received, at
// most limit of them: what a package it makes tells its recipient.
func (s *Store) ReceivedPackages(ctx context.Context, limit int) ([]Received, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT peer_database_id, package_id FROM exchanges
		WHERE direction = 'received' ORDER BY at DESC, rowid DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	var out []Received
	for rows.Next() {
		var r Received
		if err := rows.Scan(&r.DatabaseID, &r.PackageID); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, r)
	}
	return out, closeRows(rows)
}

// HasReceived reports whether this database received the package with the
// ID from the sender database, or a later one of that sender (made at or
// after since by the sender's clock), which holds all it held.
func (s *Store) HasReceived(ctx context.Context, sender, packageID string, since time.Time) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM exchanges WHERE direction = 'received'
		AND (package_id = ? OR (peer_database_id = ? AND peer_created_at <> '' AND peer_created_at >= ?))`,
		packageID, sender, stampText(since)).Scan(&n)
	return n > 0, err
}

// Confirm notes that the database by received the packages with the IDs,
// those of them this database sent.
func (t *Tx) Confirm(by string, packageIDs []string) error {
	at := stamp(now())
	for _, id := range packageIDs {
		if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO confirmations (package_id, by_database_id, at)
			SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM exchanges WHERE direction = 'sent' AND package_id = ?)
			ON CONFLICT(package_id) DO NOTHING`, id, by, at, id); err != nil {
			return writeError(err)
		}
	}
	return nil
}
