package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
		return nil, &UserError{VI: path + " là một thư mục, không phải tệp cơ sở dữ liệu.", EN: path + " is a folder, not a database file."}
	}
	conn, err := sql.Open("sqlite", readOnlyURI(path))
	if err != nil {
		return nil, openError(path, err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
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

// readOnlyURI opens path read-only through SQLite's URI form.
func readOnlyURI(path string) string {
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
		return &UserError{
			VI: "Tệp " + target + " đã có: hãy chọn tên khác cho bản sao lưu.",
			EN: "The file " + target + " exists already: choose another name for the backup.",
		}
	}
	dir := filepath.Dir(target)
	tmp := filepath.Join(dir, ".~"+filepath.Base(target)+".tmp")
	os.Remove(tmp)
	if _, err := s.write.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
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
		return &UserError{
			VI:  "Không sao lưu được vào " + target + ": " + ue.VI,
			EN:  "Could not back up to " + target + ": " + ue.EN,
			Err: err,
		}
	}
	return &UserError{
		VI:  fmt.Sprintf("Không sao lưu được vào %s: %v. Cơ sở dữ liệu không bị ảnh hưởng.", target, err),
		EN:  fmt.Sprintf("Could not back up to %s: %v. The database is unharmed.", target, err),
		Err: err,
	}
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
