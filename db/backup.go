package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"
)

// Verify checks the database file at path without writing to it: that it
// is a Giám sát database, SQLite's integrity_check and foreign_key_check.
// It returns the problems found, in the users' words; none is nil. err is
// for a file that could not be read at all.
func Verify(ctx context.Context, path string) (problems []string, err error) {
	if err := inspect(path); err != nil {
		return nil, err
	}
	if st, err := os.Stat(path); err != nil {
		return nil, openError(path, err)
	} else if st.IsDir() {
		return nil, Fail(nil, "%s is a folder, not a database file.", path)
	}
	conn, err := sql.Open("sqlite", readOnlyURI(path))
	if err != nil {
		return nil, openError(path, err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		var se *sqlite.Error
		if errors.As(err, &se) && se.Code()&0xff == 8 && !strings.HasPrefix(filepath.Base(path), ".~verify") {
			// SQLITE_READONLY_*: a journal left by a crash must be rolled
			// back or recovered first, which a read-only look cannot do.
			// Check a copy instead; the file itself is left as it is.
			return verifyCopy(ctx, path)
		}
		return []string{"integrity_check: " + err.Error()}, nil
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		problems = append(problems, "integrity_check: "+err.Error())
	}
	rows.Close()
	fk, err := conn.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return append(problems, "foreign_key_check: "+err.Error()), nil
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var index int
		if err := fk.Scan(&table, &rowid, &parent, &index); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("foreign key: %s row %d points to a missing %s", table, rowid.Int64, parent))
	}
	return problems, fk.Err()
}

// verifyCopy verifies a copy of the database at path, with its journal
// files, in a folder of its own: opening the copy recovers what a crash
// left in the journal, as opening the database would.
func verifyCopy(ctx context.Context, path string) ([]string, error) {
	dir, err := os.MkdirTemp("", "giamsat-verify-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	copyPath := filepath.Join(dir, ".~verify.db")
	for _, suffix := range []string{"", "-journal", "-wal"} {
		if _, err := os.Stat(path + suffix); err != nil {
			continue
		}
		if err := copyFile(path+suffix, copyPath+suffix); err != nil {
			return nil, err
		}
	}
	conn, err := sql.Open("sqlite", copyPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	var n int
	err = conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n)
	conn.Close()
	if err != nil {
		return []string{"recovery: " + err.Error()}, nil
	}
	return Verify(ctx, copyPath)
}

// readOnlyURI opens path read-only through SQLite's URI form.
func readOnlyURI(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs // a URI names a file from the root
	}
	p := filepath.ToSlash(path)
	p = strings.NewReplacer("%", "%25").Replace(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // file:/C:/... on Windows
	}
	return "file://" + p + "?mode=ro&_pragma=busy_timeout(10000)"
}

// Backup writes a consistent copy of the database, complete with what is
// still in its write-ahead log, to target: first beside it under a
// temporary name (VACUUM INTO), then synced and verified, and only then
// renamed to target. An existing target is refused, never overwritten.
func (s *Store) Backup(ctx context.Context, target string) error {
	if _, err := os.Stat(target); err == nil {
		return Fail(nil, "The file %s exists already: choose another name for the backup.", target)
	}
	dir := filepath.Dir(target)
	tmp := filepath.Join(dir, ".~"+filepath.Base(target)+".tmp")
	os.Remove(tmp)
	// A connection of its own, so that saves go on while it copies: WAL lets
	// its read run beside the writer, and it sees one moment.
	conn, err := sql.Open("sqlite", s.path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return backupError(target, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return backupError(target, writeError(err))
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return backupError(target, err)
	}
	problems, err := Verify(ctx, tmp)
	if err == nil && len(problems) > 0 {
		err = errors.New(strings.Join(problems, "; "))
	}
	if err != nil {
		os.Remove(tmp)
		return backupError(target, err)
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return backupError(target, err)
	}
	syncDir(dir)
	return nil
}

func backupError(target string, err error) error {
	var ue *UserError
	if errors.As(err, &ue) {
		return Fail(err, "Could not back up to %s: %s", target, ue)
	}
	return Fail(err, "Could not back up to %s: %v. The database is unharmed.", target, err)
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// KeepBackups is how many automatic backups are kept in the backups folder.
const KeepBackups = 10

// BackupDir is the folder of the automatic backups: "backups" beside the
// database.
func (s *Store) BackupDir() string { return filepath.Join(filepath.Dir(s.path), "backups") }

// AutoBackup writes a backup into BackupDir named after the database, the
// time and why ("before-migration-2", "daily"), then keeps only the newest
// KeepBackups of them. It returns the backup's path.
func (s *Store) AutoBackup(ctx context.Context, reason string) (string, error) {
	dir := s.BackupDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", backupError(dir, err)
	}
	base := strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path))
	target := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.db", base, now().Local().Format("20060102-150405"), reason))
	if err := s.Backup(ctx, target); err != nil {
		return "", err
	}
	old, _ := s.Backups()
	for i := KeepBackups; i < len(old); i++ {
		os.Remove(old[i].Path)
	}
	return target, nil
}

// BackupFile is one automatic backup.
type BackupFile struct {
	Path  string
	Taken string // as in the name: 20261125-214501
}

// Backups lists the automatic backups of this database, newest first.
func (s *Store) Backups() ([]BackupFile, error) {
	base := strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path)) + "-"
	entries, err := os.ReadDir(s.BackupDir())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []BackupFile
	for i := len(entries) - 1; i >= 0; i-- { // ReadDir sorts by name: the time
		name := entries[i].Name()
		rest, ok := strings.CutPrefix(name, base)
		if !ok || !strings.HasSuffix(name, ".db") || len(rest) < 15 || entries[i].IsDir() {
			continue
		}
		out = append(out, BackupFile{Path: filepath.Join(s.BackupDir(), name), Taken: rest[:15]})
	}
	return out, nil
}

// DailyBackup makes an automatic backup unless one was made today.
func (s *Store) DailyBackup(ctx context.Context) (string, error) {
	list, err := s.Backups()
	if err != nil {
		return "", err
	}
	today := now().Local().Format("20060102")
	if len(list) > 0 && strings.HasPrefix(list[0].Taken, today) {
		return "", nil
	}
	return s.AutoBackup(ctx, "daily")
}

// QuickCheck runs SQLite's quick_check: the problems found, none is nil.
func (s *Store) QuickCheck(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		return []string{err.Error()}, nil
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return append(problems, err.Error()), nil
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		problems = append(problems, err.Error())
	}
	return problems, nil
}

// DamagedError says that the database at Path is damaged and that nothing
// was written to it.
func DamagedError(path string, problems []string) error {
	return Fail(fmt.Errorf("%w: %s", ErrDamaged, strings.Join(problems, "; ")), "The database %s is damaged (SQLite found %d faults; giamsat -check prints them). Nothing was written to it; restore a backup (the backups folder beside it).", path, len(problems))
}

// ErrDamaged is inside the error of a damaged database.
var ErrDamaged = errors.New("a damaged database")

// Restore puts the backup at from in place of the database at path, which
// must be closed. The database there is first copied aside (with its
// journal), never overwritten, and the copy's name returned; the backup must
// be sound, and is copied, never moved. At every moment the file at path is
// whole, the old one or the restored one: a power cut in the middle loses
// neither.
func Restore(ctx context.Context, from, path string) (aside string, err error) {
	problems, err := Verify(ctx, from)
	if err == nil && len(problems) > 0 {
		err = DamagedError(from, problems)
	}
	if err != nil {
		return "", err
	}
	dir := filepath.Dir(path)
	tmp := filepath.Join(dir, ".~"+filepath.Base(path)+".restore")
	os.Remove(tmp)
	if err := copyFile(from, tmp); err != nil {
		os.Remove(tmp)
		return "", restoreError(path, err)
	}
	if _, err := os.Stat(path); err == nil {
		base := strings.TrimSuffix(path, filepath.Ext(path))
		aside = unusedName(fmt.Sprintf("%s-truoc-khoi-phuc-%s", base, now().Local().Format("20060102-150405")), filepath.Ext(path))
		for _, suffix := range []string{"", "-wal"} {
			if _, err := os.Stat(path + suffix); err != nil {
				continue
			}
			if err := copyFile(path+suffix, aside+suffix); err != nil {
				os.Remove(tmp)
				os.Remove(aside)
				os.Remove(aside + "-wal")
				return "", restoreError(path, err)
			}
		}
	}
	// The old journal must not be replayed into the restored file.
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	// The restored file must not mint again the version steps the database
	// made, and sent, after the backup was taken.
	if err := forgetReplica(tmp); err != nil {
		os.Remove(tmp)
		return "", restoreError(path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return "", restoreError(path, err)
	}
	syncDir(dir)
	return aside, nil
}

// unusedName is name+ext, or name-2+ext, name-3+ext, … the first that no
// file has.
func unusedName(name, ext string) string {
	candidate := name + ext
	for i := 2; ; i++ {
		if _, err := os.Lstat(candidate); errors.Is(err, os.ErrNotExist) {
			if _, err := os.Lstat(candidate + "-wal"); errors.Is(err, os.ErrNotExist) {
				return candidate
			}
		}
		candidate = fmt.Sprintf("%s-%d%s", name, i, ext)
	}
}

func restoreError(path string, err error) error {
	return Fail(err, "Could not restore %s: %v. The database was not changed.", path, err)
}

// copyFile copies from to a new file to, synced.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// LatestSoundBackup returns the newest automatic backup of the database at
// path that verifies, or "".
func LatestSoundBackup(ctx context.Context, path string) string {
	s := &Store{path: path}
	list, _ := s.Backups()
	for _, b := range list {
		if problems, err := Verify(ctx, b.Path); err == nil && problems == nil {
			return b.Path
		}
	}
	return ""
}

// CountVisits counts the live visits in the database file at path, read
// only and whatever its version: what a list of backups shows.
func CountVisits(ctx context.Context, path string) (int, error) {
	if err := inspect(path); err != nil {
		return 0, err
	}
	conn, err := sql.Open("sqlite", readOnlyURI(path))
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var n int
	err = conn.QueryRowContext(ctx, "SELECT count(*) FROM visits WHERE deleted_at IS NULL").Scan(&n)
	return n, err
}

// Friendly says err in the users' words when it is an SQLite error they
// can meet (a damaged file, a full disk…); other errors are returned as
// they are.
func Friendly(err error) error {
	var ue *UserError
	if err == nil || errors.As(err, &ue) {
		return err
	}
	if why, ok := sqliteMessage(err); ok {
		return &UserError{Msg: why, Err: err}
	}
	return err
}
