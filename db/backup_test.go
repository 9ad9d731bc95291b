package db

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBackupIsCompleteAndChecked(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "giamsat.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.LoadSample(ctx); err != nil {
		t.Fatal(err)
	}
	// What is still in the write-ahead log goes into the backup too.
	target := filepath.Join(dir, "sao lưu", "bản sao.db")
	os.MkdirAll(filepath.Dir(target), 0o755)
	if err := s.Backup(ctx, target); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(target + "-wal"); err == nil {
		t.Error("the backup is not one self-contained file")
	}
	if problems, err := Verify(ctx, target); err != nil || problems != nil {
		t.Fatalf("backup verified: %v %v", problems, err)
	}
	copied, err := Open(target)
	if err != nil {
		t.Fatal(err)
	}
	visits, _ := copied.Visits(ctx, VisitFilter{})
	copied.Close()
	if len(visits) != 2 {
		t.Fatalf("the backup holds %d visits, want 2", len(visits))
	}
	// An existing file is never overwritten.
	before, _ := os.ReadFile(target)
	if err := s.Backup(ctx, target); err == nil {
		t.Fatal("a backup over an existing file was accepted")
	}
	after, _ := os.ReadFile(target)
	if string(before) != string(after) {
		t.Fatal("the existing file was changed")
	}
	if entries, _ := os.ReadDir(filepath.Dir(target)); len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
}

func TestVerifyFindsDamage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giamsat.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Generate(context.Background(), 200, 1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ctx := context.Background()
	if problems, err := Verify(ctx, path); err != nil || problems != nil {
		t.Fatalf("a sound database: %v %v", problems, err)
	}
	data := damage(t, path)
	problems, err := Verify(ctx, path)
	if err == nil && len(problems) == 0 {
		t.Fatal("damaged pages not found")
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(data) {
		t.Fatal("Verify changed the file")
	}
	// Not a database at all, and a folder.
	other := filepath.Join(dir, "notes.db")
	os.WriteFile(other, []byte("hello, this is not SQLite at all, just text padding padding padding padding padding padding"), 0o644)
	if _, err := Verify(ctx, other); err == nil {
		t.Fatal("a text file verified")
	}
	if _, err := Verify(ctx, dir); err == nil {
		t.Fatal("a folder verified")
	}
}

func TestAutomaticBackupsAreBounded(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "giamsat.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	s.LoadSample(ctx)
	first, err := s.DailyBackup(ctx)
	if err != nil || first == "" {
		t.Fatalf("daily backup: %q %v", first, err)
	}
	if again, err := s.DailyBackup(ctx); err != nil || again != "" {
		t.Fatalf("a second daily backup the same day: %q %v", again, err)
	}
	saved := now
	defer func() { now = saved }()
	at := saved()
	for i := 0; i < KeepBackups+3; i++ {
		at = at.Add(1e9)
		now = func() time.Time { return at }
		if _, err := s.AutoBackup(ctx, "test"); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := s.Backups()
	if len(list) != KeepBackups {
		t.Fatalf("%d backups kept, want %d", len(list), KeepBackups)
	}
	if list[0].Taken < list[len(list)-1].Taken {
		t.Fatal("backups not newest first")
	}
	if _, err := os.Stat(first); err == nil {
		t.Fatal("the oldest backup was not removed")
	}
}

func TestBackupBeforeMigration(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giamsat.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.LoadSample(context.Background())
	s.Close()
	// Pretend the file is one version behind: opening it migrates again.
	saved := migrations
	defer func() { migrations = saved }()
	migrations = append(append([]migration(nil), saved...), migration{sql: "CREATE TABLE later_feature (x INTEGER);"})
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, _ := s.Backups()
	if want := fmt.Sprintf("before-migration-%d", len(saved)+1); len(list) != 1 || !strings.Contains(list[0].Path, want) {
		t.Fatalf("backups: %+v", list)
	}
}

func TestReadOnlyOpenBesideALongSave(t *testing.T) {
	path := filepath.Join(t.TempDir(), "giamsat.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	s.LoadSample(ctx)
	// A long save holds the write lock...
	hold := make(chan struct{})
	held := make(chan struct{})
	go s.WithTx(ctx, func(tx *Tx) error {
		close(held)
		<-hold
		return nil
	})
	<-held
	defer close(hold)
	// ...and a read-only open, and its reads, do not wait for it.
	start := time.Now()
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	visits, err := r.Visits(ctx, VisitFilter{})
	if err != nil || len(visits) != 2 {
		t.Fatalf("visits %d %v", len(visits), err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Fatalf("the read-only open waited %v for the save", waited)
	}
	if err := r.Save(ctx, &Commune{Name: "X", Kind: "commune"}); err != ErrReadOnlyStore {
		t.Fatalf("a write through a read-only store: %v", err)
	}
}

func TestDamagedDatabaseRestoredFromBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giamsat.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Generate(ctx, 200, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AutoBackup(ctx, "daily"); err != nil {
		t.Fatal(err)
	}
	if problems, _ := s.QuickCheck(ctx); problems != nil {
		t.Fatalf("a sound database: %v", problems)
	}
	s.Close()
	data := damage(t, path)
	s, err = Open(path)
	if err == nil {
		problems, _ := s.QuickCheck(ctx)
		s.Close()
		if problems == nil {
			t.Fatal("quick_check missed the damage")
		}
	}
	backup := LatestSoundBackup(ctx, path)
	if backup == "" {
		t.Fatal("no sound backup found")
	}
	aside, err := Restore(ctx, backup, path)
	if err != nil {
		t.Fatal(err)
	}
	if kept, _ := os.ReadFile(aside); !bytes.Equal(kept, data) {
		t.Fatal("the damaged file was not kept aside as it was")
	}
	if problems, err := Verify(ctx, path); err != nil || problems != nil {
		t.Fatalf("restored: %v %v", problems, err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if visits, _ := r.Visits(ctx, VisitFilter{}); len(visits) != 200 {
		t.Fatalf("the restored database holds %d visits", len(visits))
	}
	// A damaged backup is refused, and the database left as it was.
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, data, 0o644)
	before, _ := os.ReadFile(path)
	if _, err := Restore(ctx, bad, path); err == nil {
		t.Fatal("a damaged backup was restored")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused restore changed the database")
	}
}

// TestFileAloneIsCompleteAfterClose: the .db file copied alone after the
// program closed holds every save.
func TestFileAloneIsCompleteAfterClose(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giamsat.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Generate(ctx, 300, 7); err != nil {
		t.Fatal(err)
	}
	s.LoadSample(ctx) // small saves after the large one stay in the journal until Close
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	copied := filepath.Join(t.TempDir(), "copy.db")
	os.WriteFile(copied, data, 0o644)
	c, err := Open(copied)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if visits, _ := c.Visits(ctx, VisitFilter{}); len(visits) != 302 {
		t.Fatalf("the copy holds %d visits, want 302", len(visits))
	}
}

// damage overwrites 8 KiB in the middle of the database file at path, as a
// failing disk would, and returns the file's new bytes.
func damage(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || len(data) < 64*1024 {
		t.Fatalf("database too small to damage: %d bytes, %v", len(data), err)
	}
	for i := len(data) / 2; i < len(data)/2+8192; i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestVerifyAfterACrashMidTransaction: a database left by a crash in the
// middle of a write has a hot journal; a read-only look cannot roll it
// back, so Verify checks a copy, and a sound file is called sound.
func TestVerifyAfterACrashMidTransaction(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giamsat.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Generate(context.Background(), 200, 3)
	s.Close()
	// A rollback journal, as while the file is switched to WAL after a
	// restore: write in a transaction with a tiny cache, so pages reach the
	// file, and copy the file and its journal as a power cut would leave them.
	conn, err := sql.Open("sqlite", path+"?_pragma=journal_mode(DELETE)&_pragma=cache_size(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE visits SET place = place || ' (sửa)'"); err != nil {
		t.Fatal(err)
	}
	crashed := filepath.Join(t.TempDir(), "giamsat.db")
	for _, suffix := range []string{"", "-journal"} {
		if data, err := os.ReadFile(path + suffix); err == nil {
			os.WriteFile(crashed+suffix, data, 0o644)
		}
	}
	tx.Rollback()
	if _, err := os.Stat(crashed + "-journal"); err != nil {
		t.Fatal("no rollback journal was written: the test makes no crash")
	}
	before, _ := os.ReadFile(crashed)
	problems, err := Verify(context.Background(), crashed)
	if err != nil || problems != nil {
		t.Fatalf("a sound database after a crash: %v %v", problems, err)
	}
	if after, _ := os.ReadFile(crashed); !bytes.Equal(before, after) {
		t.Fatal("Verify changed the file")
	}
}

// A database opened for reading only searches without diacritics too, in
// a process that opened no other database first (the functions SQLite
// calls are registered by both ways of opening).
func TestReadOnlySearchesWithoutDiacritics(t *testing.T) {
	if path := os.Getenv("GIAMSAT_READONLY_SEARCH"); path != "" {
		s, err := OpenReadOnly(path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		cs, err := s.Communes(context.Background(), "lung nam")
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].Name != "Lũng Nặm" {
			t.Fatalf("lung nam finds %v", cs)
		}
		return
	}
	path := filepath.Join(t.TempDir(), "ro.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadSample(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestReadOnlySearchesWithoutDiacritics$")
	cmd.Env = append(os.Environ(), "GIAMSAT_READONLY_SEARCH="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("a read-only database alone: %v\n%s", err, out)
	}
}
