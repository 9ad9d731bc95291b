package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"giamsat/db"
	"giamsat/db/dbtest"
)

// damagedWithBackup makes a database of 200 visits with a backup, then
// damages it.
func damagedWithBackup(t *testing.T) (path string, damaged []byte) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "giamsat.db")
	s, err := db.Open(path)
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
	s.Close()
	data := dbtest.Damage(t, path)
	return path, data
}

func TestDamagedDatabaseAtStart(t *testing.T) {
	path, damaged := damagedWithBackup(t)
	a := test.NewTempApp(t)
	w := a.NewWindow("Giám sát")
	w.Resize(fyne.NewSize(1366, 768))
	u := newUI(a, w, Options{DBPath: path, Lang: "vi"}, true)
	t.Cleanup(u.shutdown)
	if u.store != nil {
		t.Fatal("a damaged database stays open for writing")
	}
	if !strings.Contains(overlayTexts(u), "bị hỏng") {
		t.Fatalf("the window said %q", overlayTexts(u))
	}
	answer(t, u, "restore")
	if u.store == nil {
		t.Fatal("the restored database was not opened")
	}
	if n := len(visitNodes(u)); n != 200 {
		t.Fatalf("%d visits after restoring", n)
	}
	asides, _ := filepath.Glob(strings.TrimSuffix(path, ".db") + "-truoc-khoi-phuc-*")
	var kept []byte
	for _, a := range asides {
		if !strings.HasSuffix(a, "-wal") && !strings.HasSuffix(a, "-shm") {
			kept, _ = os.ReadFile(a)
		}
	}
	if !bytes.Equal(kept, damaged) {
		t.Fatalf("the damaged file was not kept aside as it was (%v)", asides)
	}
}

func TestBackupNowAndRestoreFromTheMenu(t *testing.T) {
	u, s := sampleUI(t)
	dir := t.TempDir()
	u.onBackupNow()
	u.saveForm.Folder.SetText(dir)
	u.saveForm.File.SetText("bản sao")
	answer(t, u, "save")
	copyPath := filepath.Join(dir, "bản sao.db")
	if problems, err := db.Verify(context.Background(), copyPath); err != nil || problems != nil {
		t.Fatalf("Back up now: %v %v", problems, err)
	}
	// A visit deleted after the day's automatic backup comes back with it.
	node := visitNodes(u)[0]
	v, _ := db.Get[db.Visit](context.Background(), s, strings.TrimPrefix(node, visitNode))
	if err := s.Delete(context.Background(), v); err != nil {
		t.Fatal(err)
	}
	u.reload()
	if len(visitNodes(u)) != 1 {
		t.Fatal("the visit was not deleted")
	}
	u.onRestore()
	if u.restoreList == nil {
		t.Fatal("no list of backups")
	}
	u.restoreList.Select(0)
	answer(t, u, "restore")
	if n := len(visitNodes(u)); n != 2 {
		t.Fatalf("%d visits after restoring the day's backup", n)
	}
}

func TestStorageKinds(t *testing.T) {
	for path, want := range map[string]string{
		`\\may-chu\du-lieu\giamsat.db`:           storageNetwork,
		"//may-chu/du-lieu/giamsat.db":           storageNetwork,
		"/media/usb/giamsat.db":                  storageRemovable,
		filepath.Join(t.TempDir(), "giamsat.db"): storageLocal,
	} {
		if got := storageKind(path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
}

// TestDatabaseOnAStickIsCopiedHome: a database on a removable drive is
// warned about, and "Copy to this PC" copies it and goes on there.
func TestDatabaseOnAStickIsCopiedHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("APPDATA", filepath.Join(home, "AppData"))
	storageOf = func(string) string { return storageRemovable }
	defer func() { storageOf = storageKind }()
	u, _ := sampleUI(t)
	stick := u.path
	if !strings.Contains(overlayTexts(u), "ổ tháo rời") {
		t.Fatalf("no warning: %q", overlayTexts(u))
	}
	storageOf = func(p string) string {
		if p == stick {
			return storageRemovable
		}
		return storageLocal
	}
	answer(t, u, "copy")
	if u.path == stick || !strings.HasPrefix(u.path, filepath.Dir(DefaultDBPath())) {
		t.Fatalf("working on %s", u.path)
	}
	if n := len(visitNodes(u)); n != 2 {
		t.Fatalf("%d visits in the copy", n)
	}
}

// TestTruncatedDatabaseAtStart: a file cut short (too damaged even to
// open) is also met with the newest sound backup.
func TestTruncatedDatabaseAtStart(t *testing.T) {
	path, _ := damagedWithBackup(t)
	backups, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "backups", "*.db"))
	good, _ := os.ReadFile(backups[0])
	cut := good[:len(good)/3]
	os.WriteFile(path, cut, 0o644)
	a := test.NewTempApp(t)
	w := a.NewWindow("Giám sát")
	u := newUI(a, w, Options{DBPath: path, Lang: "vi"}, true)
	t.Cleanup(u.shutdown)
	if u.store != nil {
		t.Fatal("a truncated database was opened")
	}
	answer(t, u, "restore")
	if n := len(visitNodes(u)); n != 200 {
		t.Fatalf("%d visits after restoring", n)
	}
}

// TestBadHeaderAtStart: a database whose first page is overwritten looks
// like no database at all; with backups beside it, the newest is offered.
func TestBadHeaderAtStart(t *testing.T) {
	path, _ := damagedWithBackup(t)
	data, _ := os.ReadFile(path)
	copy(data, bytes.Repeat([]byte{0x5A}, 4096))
	os.WriteFile(path, data, 0o644)
	a := test.NewTempApp(t)
	u := newUI(a, a.NewWindow("Giám sát"), Options{DBPath: path, Lang: "vi"}, true)
	t.Cleanup(u.shutdown)
	answer(t, u, "restore")
	if n := len(visitNodes(u)); n != 200 {
		t.Fatalf("%d visits after restoring", n)
	}
}
