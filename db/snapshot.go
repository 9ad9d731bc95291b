package db

import (
	"context"
	"database/sql"
	"os"
)

// Snapshot reads the database as it was at one moment: every query through
// it runs in one read transaction, so an export taken while another window
// saves never mixes what was there before a save with what came after. WAL
// lets it run beside the writer without holding it up. Close it when done.
type Snapshot struct {
	view *Store // the store's read queries, bound to tx
	tx   *sql.Tx
}

// Snapshot starts a snapshot of the database.
func (s *Store) Snapshot(ctx context.Context) (*Snapshot, error) {
	tx, err := s.readDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	// SQLite takes the snapshot at the first read, not at BEGIN.
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		tx.Rollback()
		return nil, err
	}
	return &Snapshot{view: &Store{path: s.path, read: tx}, tx: tx}, nil
}

// Close ends the snapshot.
func (sn *Snapshot) Close() error { return sn.tx.Rollback() }

// Delegations is Store.Delegations at the snapshot's moment.
func (sn *Snapshot) Delegations(ctx context.Context) ([]Delegation, error) {
	return sn.view.Delegations(ctx)
}

// Communes is Store.Communes at the snapshot's moment.
func (sn *Snapshot) Communes(ctx context.Context, query string) ([]Commune, error) {
	return sn.view.Communes(ctx, query)
}

// Members is Store.Members at the snapshot's moment.
func (sn *Snapshot) Members(ctx context.Context, delegationID string) ([]Member, error) {
	return sn.view.Members(ctx, delegationID)
}

// Indicators is Store.Indicators at the snapshot's moment.
func (sn *Snapshot) Indicators(ctx context.Context) ([]Indicator, error) {
	return sn.view.Indicators(ctx)
}

// VisitsFor is Store.VisitsFor at the snapshot's moment.
func (sn *Snapshot) VisitsFor(ctx context.Context, f TotalsFilter) ([]VisitRow, error) {
	return sn.view.VisitsFor(ctx, f)
}

// FindingRows is Store.FindingRows at the snapshot's moment.
func (sn *Snapshot) FindingRows(ctx context.Context, f TotalsFilter) ([]Finding, error) {
	return sn.view.FindingRows(ctx, f)
}

// SessionRows is Store.SessionRows at the snapshot's moment.
func (sn *Snapshot) SessionRows(ctx context.Context, f TotalsFilter) ([]Session, error) {
	return sn.view.SessionRows(ctx, f)
}

// ValueRows is Store.ValueRows at the snapshot's moment.
func (sn *Snapshot) ValueRows(ctx context.Context, f TotalsFilter) ([]IndicatorValue, error) {
	return sn.view.ValueRows(ctx, f)
}

// DifficultyRows is Store.DifficultyRows at the snapshot's moment.
func (sn *Snapshot) DifficultyRows(ctx context.Context, f TotalsFilter) ([]Difficulty, error) {
	return sn.view.DifficultyRows(ctx, f)
}

// RequestRows is Store.RequestRows at the snapshot's moment.
func (sn *Snapshot) RequestRows(ctx context.Context, f TotalsFilter) ([]Request, error) {
	return sn.view.RequestRows(ctx, f)
}

// Commune is the commune id at the snapshot's moment.
func (sn *Snapshot) Commune(ctx context.Context, id string) (*Commune, error) {
	return Get[Commune](ctx, sn.view, id)
}

// OpenReadOnly opens the database at path for reading only: no write lock
// is taken, nothing is migrated, so it opens while another program saves
// and from a read-only medium (a CD, a write-protected stick). A database
// of an older version must first be opened normally, which upgrades it.
func OpenReadOnly(path string) (*Store, error) {
	registerFunctions()
	if err := inspect(path); err != nil {
		return nil, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, openError(path, err)
	}
	if st.IsDir() {
		return nil, Fail(nil, "%s is a folder, not a database file.", path)
	}
	var version int
	var read *sql.DB
	for _, extra := range []string{"", "&immutable=1"} {
		// immutable: on a medium where not even SQLite's shared-memory file
		// can be made, the file cannot change either.
		read, err = sql.Open("sqlite", readOnlyURI(path)+extra+"&_pragma=foreign_keys(1)&_pragma=query_only(1)")
		if err == nil {
			err = read.QueryRow("PRAGMA user_version").Scan(&version)
			if err == nil {
				break
			}
			read.Close()
		}
	}
	if err != nil {
		return nil, openError(path, err)
	}
	if version != len(migrations) {
		read.Close()
		if version > len(migrations) {
			return nil, newerError(path, version)
		}
		return nil, Fail(nil, "The database %s is of an older version: open it in the program once to upgrade it.", path)
	}
	read.SetMaxOpenConns(4)
	return &Store{path: path, read: read, readDB: read}, nil
}
