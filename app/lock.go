package app

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"
)

// dbLock is the mark one window leaves on the database it has open: a file
// beside it ("giamsat.db.lock"), locked by the system for as long as the
// program runs (a crash or a power cut releases it), saying which PC and
// user hold it and since when. A second window on the same database learns
// who has it and opens it for reading only.
type dbLock struct {
	f *os.File
}

// lockHolder is what a lock file says of who holds it.
type lockHolder struct {
	Host, User string
	Since      time.Time
}

func lockPath(dbPath string) string { return dbPath + ".lock" }

// lockDatabase takes the lock of dbPath. When another program holds it,
// it returns nil and who that is.
func lockDatabase(dbPath string) (*dbLock, *lockHolder, error) {
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o755); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(lockPath(dbPath), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, err
	}
	if err := lockFile(f); err != nil {
		holder := readHolder(f)
		f.Close()
		return nil, holder, nil
	}
	host, _ := os.Hostname()
	name := ""
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	f.Truncate(0)
	f.WriteAt([]byte(fmt.Sprintf("%s\n%s\n%s\n", host, name, time.Now().Format(time.RFC3339))), 0)
	f.Sync()
	hideLock(f.Name())
	return &dbLock{f: f}, nil, nil
}

func readHolder(f *os.File) *lockHolder {
	buf := make([]byte, 1024)
	n, _ := f.ReadAt(buf, 0)
	lines := strings.Split(string(buf[:n]), "\n")
	h := &lockHolder{}
	if len(lines) >= 3 {
		h.Host, h.User = lines[0], lines[1]
		h.Since, _ = time.Parse(time.RFC3339, lines[2])
	}
	return h
}

// release gives the lock back and removes its file.
func (l *dbLock) release() {
	if l == nil || l.f == nil {
		return
	}
	name := l.f.Name()
	unlockFile(l.f)
	l.f.Close()
	os.Remove(name)
	l.f = nil
}
