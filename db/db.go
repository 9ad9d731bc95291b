// Package db is the data store of Giám sát: one SQLite file holding every
// record of the domain, its schema migrations, the typed records, their
// validation and the queries the screens and the workbook need. It is the
// only package with SQL in it.
package db

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"modernc.org/sqlite"

	"giamsat/assets/text"
)

// Errors that Open returns inside a *UserError, for errors.Is.
var (
	ErrNotSQLite       = errors.New("not a SQLite database")
	ErrForeignDatabase = errors.New("a database of another application")
	ErrNewerDatabase   = errors.New("a database of a newer version")
	ErrEmptyFile       = errors.New("an empty file")
)

// ErrReadOnlyStore is what a write to a database opened with OpenReadOnly
// returns.
var ErrReadOnlyStore = Fail(nil, "The database is open for reading only: nothing can be saved.")

// UserError is an error meant to be read by the user, in both languages.
type UserError struct {
	text.Msg
	Err error
}

// Fail is an error for the user: the text key (a format, see text.F) with
// args, wrapping err (which may be nil).
func Fail(err error, key string, args ...any) *UserError {
	return &UserError{Msg: text.F(key, args...), Err: err}
}

func (e *UserError) Error() string { return e.In("vi") }
func (e *UserError) Unwrap() error { return e.Err }

// Message returns the message in lang ("vi" or "en").
func (e *UserError) Message(lang string) string { return e.In(lang) }

// Store is an open Giám sát database. Writes go through a single connection,
// reads through a small pool that WAL lets run beside it.
type Store struct {
	path   string
	write  *sql.DB
	read   queryer // readDB, or the transaction of a Snapshot
	readDB *sql.DB
}

var registerOnce sync.Once

// registerFunctions gives SQLite the functions the queries call (fold:
// words without diacritics), once, before any database is opened.
func registerFunctions() {
	registerOnce.Do(func() {
		sqlite.MustRegisterDeterministicScalarFunction("fold", 1,
			func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
				s, _ := args[0].(string)
				return Fold(s), nil
			})
	})
}

// Open opens the database at path, creating it when missing and bringing its
// schema up to date. A file that is not SQLite, that belongs to another
// application or that a newer version of the program wrote is refused before
// anything is written to it.
func Open(path string) (*Store, error) {
	registerFunctions()
	if strings.ContainsAny(path, "?#") {
		return nil, Fail(nil, "The database path must not contain ? or #: %s", path)
	}
	if err := inspect(path); err != nil {
		return nil, err
	}
	const pragmas = "_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=temp_store(memory)&_pragma=cache_size(-16384)"
	write, err := sql.Open("sqlite", path+"?"+pragmas)
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	s := &Store{path: path, write: write}
	if err := s.backupBeforeMigration(context.Background()); err != nil {
		write.Close()
		return nil, err
	}
	if err := s.migrate(context.Background()); err != nil {
		write.Close()
		return nil, openError(path, err)
	}
	read, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(4)
	s.read, s.readDB = read, read
	if err := s.claimReplica(context.Background()); err != nil {
		s.Close()
		return nil, openError(path, err)
	}
	return s, nil
}

func openError(path string, err error) error {
	var ue *UserError
	if errors.As(err, &ue) {
		return err
	}
	if why, ok := sqliteMessage(err); ok {
		var se *sqlite.Error
		if errors.As(err, &se) && (se.Code()&0xff == 11 || se.Code()&0xff == 26) {
			err = errors.Join(ErrDamaged, err)
		}
		return Fail(err, "Cannot open the database %s: %s", path, why)
	}
	switch {
	case errors.Is(err, os.ErrNotExist):
		return Fail(err, "There is no database %s.", path)
	case errors.Is(err, os.ErrPermission):
		return Fail(err, "No permission to read the database %s.", path)
	}
	return Fail(err, "Cannot open the database %s: %v", path, err)
}

// inspect reads the SQLite header of an existing file and refuses what is not
// ours, without opening the file for writing.
func inspect(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return openError(path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return Fail(ErrNotSQLite, "%s is a folder, not a database file. Choose a .db file in it.", path)
	}
	header := make([]byte, 100)
	n, err := io.ReadFull(f, header)
	if n == 0 && (err == io.EOF || err == nil) {
		// Never a database this program made (it writes its header at
		// once): a file cut short by a crash or a copy that failed.
		return Fail(ErrEmptyFile, "The file %s is empty (0 bytes): perhaps a database cut short by a power cut or a failed copy. It was left untouched; open a backup (the backups folder beside it) or choose another file.", path)
	}
	if err != nil || !bytes.HasPrefix(header, []byte("SQLite format 3\x00")) {
		return Fail(ErrNotSQLite, "The file %s is not a Giám sát database (not a SQLite file). It was left untouched.", path)
	}
	schemaCookie := binary.BigEndian.Uint32(header[40:44])
	userVersion := binary.BigEndian.Uint32(header[60:64])
	appID := binary.BigEndian.Uint32(header[68:72])
	switch {
	case appID == 0 && schemaCookie == 0:
		return nil // SQLite file with nothing in it yet
	case appID != ApplicationID:
		return Fail(ErrForeignDatabase, "The file %s is a database of another program, not of Giám sát. It was left untouched.", path)
	case int(userVersion) > len(migrations):
		return newerError(path, int(userVersion))
	}
	return nil
}

func newerError(path string, version int) error {
	return Fail(ErrNewerDatabase, "The database %s was written by a newer version of Giám sát (data version %d, this program reads up to %d). Please update the program; the file was left untouched.", path, version, len(migrations))
}

// backupBeforeMigration backs up a database holding data of an older
// version before it is migrated, so that a failed or unwanted upgrade
// loses nothing.
func (s *Store) backupBeforeMigration(ctx context.Context) error {
	var version int
	if err := s.write.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return openError(s.path, err)
	}
	if version == 0 || version >= len(migrations) {
		return nil
	}
	_, err := s.AutoBackup(ctx, fmt.Sprintf("before-migration-%d", version+1))
	return err
}

// migrate applies the migrations the database lacks, each in its own
// immediate transaction that also records the new user_version.
func (s *Store) migrate(ctx context.Context) error {
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var version, appID int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return false, err
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return false, err
	}
	if version > len(migrations) {
		return false, newerError(s.path, version)
	}
	if version == len(migrations) {
		return true, nil
	}
	if version == 0 && appID != ApplicationID {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
			return false, err
		}
	}
	m := migrations[version]
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %d: %w", version+1, err)
	}
	if m.seed != nil {
		t := &Tx{tx: tx, ctx: ctx, stmts: map[string]*sql.Stmt{}, path: s.path}
		err := m.seed(t)
		t.closeStmts()
		if err != nil {
			return false, fmt.Errorf("migration %d: %w", version+1, err)
		}
	}
	if version+1 == len(migrations) && builtins != nil {
		// Built-in records (the indicator catalogue seen in the sources) are
		// written with today's columns, so after the last migration; nothing
		// is added to a database that has them (their IDs are the same
		// everywhere).
		t := &Tx{tx: tx, ctx: ctx, stmts: map[string]*sql.Stmt{}, path: s.path}
		err := builtins(t)
		t.closeStmts()
		if err != nil {
			return false, fmt.Errorf("migration %d: %w", version+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version+1)); err != nil {
		return false, err
	}
	return false, tx.Commit()
}

// SchemaVersion returns the number of migrations applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.read.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// Close checkpoints and closes the database.
func (s *Store) Close() error {
	var errs []error
	if s.readDB != nil {
		errs = append(errs, s.readDB.Close())
	}
	if s.write != nil { // not opened read-only
		_, err := s.write.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		errs = append(errs, err, s.write.Close())
	}
	return errors.Join(errs...)
}

// Checkpoint folds the write-ahead log into the database file, so that the
// file alone holds everything saved (Close does it too).
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.write == nil {
		return nil
	}
	_, err := s.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// Tx is a write transaction. Records saved through it are committed together.
type Tx struct {
	tx    *sql.Tx
	ctx   context.Context
	stmts map[string]*sql.Stmt
	// indicators caches catalogue entries read to validate values.
	indicators map[string]Indicator
	// path is the database file's, rep the replica its changes step.
	path string
	rep  replica
}

// WithTx runs fn in one write transaction, committing when fn returns nil
// and rolling back otherwise.
func (s *Store) WithTx(ctx context.Context, fn func(*Tx) error) error {
	if s.write == nil {
		return ErrReadOnlyStore
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return writeError(err)
	}
	t := &Tx{tx: tx, ctx: ctx, stmts: map[string]*sql.Stmt{}, path: s.path}
	defer t.closeStmts()
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return writeError(err)
	}
	return nil
}

func (t *Tx) closeStmts() {
	for _, st := range t.stmts {
		st.Close()
	}
}

// writeError turns the SQLite errors a user can meet into messages.
func writeError(err error) error {
	if why, ok := sqliteMessage(err); ok {
		return &UserError{Msg: why, Err: err}
	}
	return err
}

// sqliteMessage says an SQLite error in the users' words, when it is one a
// user can meet.
func sqliteMessage(err error) (text.Msg, bool) {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return text.Msg{}, false
	}
	switch se.Code() & 0xff {
	case 13: // SQLITE_FULL
		return text.F("The disk is full: nothing was saved. The earlier data is intact; free some space and save again."), true
	case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
		return text.F("The database is busy (another program is writing). Please try again."), true
	case 8: // SQLITE_READONLY
		return text.F("The database is read-only (the drive or folder allows no writing): nothing was saved."), true
	case 10: // SQLITE_IOERR
		return text.F("A disk error (was the drive removed, or is it failing?): nothing was saved. The earlier data is intact."), true
	case 11, 26: // SQLITE_CORRUPT, SQLITE_NOTADB
		return text.F("The database file is damaged. Nothing more is written to it; restore a backup."), true
	case 14: // SQLITE_CANTOPEN
		return text.F("The database file cannot be opened (its folder is gone, or there is no permission)."), true
	case 19: // SQLITE_CONSTRAINT
		return text.F("The data was not saved: it breaks a rule of the database."), true
	}
	return text.Msg{}, false
}
