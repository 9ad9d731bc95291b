package db

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The crash test: a child process (this test binary, started again with
// GIAMSAT_CRASH set) saves visits, each with its sessions and requests in
// one transaction, and reports every commit; the parent kills it (SIGKILL
// on Linux, TerminateProcess on Windows) at random moments, again and
// again, then checks the file: sound, every reported commit there, none in
// part. The same for backups. A short run by default; a long one with
// go test ./db -run TestCrash -crash.kills=200.
var crashKills = flag.Int("crash.kills", 8, "how many times the crash test kills the saving process")

func TestMain(m *testing.M) {
	if mode := os.Getenv("GIAMSAT_CRASH"); mode != "" {
		crashChild(mode, os.Getenv("GIAMSAT_CRASH_DB"))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashChild saves (or backs up) until it is killed, printing what it has
// committed.
func crashChild(mode, path string) {
	s, err := Open(path)
	if err != nil {
		fmt.Println("error", err)
		return
	}
	ctx := context.Background()
	ds, _ := s.Delegations(ctx)
	cs, _ := s.Communes(ctx, "")
	for i := 0; ; i++ {
		switch mode {
		case "save":
			v := Visit{DelegationID: ds[0].ID, CommuneID: cs[0].ID, Date: NewDate(2026, 11, 1+i%28), Place: "Hội trường"}
			err := s.WithTx(ctx, func(tx *Tx) error {
				if err := tx.Save(&v); err != nil {
					return err
				}
				for _, level := range SessionLevels[:3] {
					if err := tx.Save(&Session{VisitID: v.ID, Level: level.Code, Held: IntPtr(i % 50)}); err != nil {
						return err
					}
				}
				for j := 0; j < 2; j++ {
					if err := tx.Save(&Request{VisitID: v.ID, Text: strings.Repeat("Kiến nghị ", 1+i%20), Status: "open"}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				fmt.Println("error", err)
				return
			}
			fmt.Println("committed", v.ID)
		case "restore":
			from := filepath.Join(filepath.Dir(path), fmt.Sprintf("source-%d.db", i%2))
			s.Close()
			if _, err := Restore(ctx, from, path); err != nil {
				fmt.Println("error", err)
				return
			}
			fmt.Println("committed", from)
			if s, err = Open(path); err != nil {
				fmt.Println("error", err)
				return
			}
		case "backup":
			target := filepath.Join(filepath.Dir(path), fmt.Sprintf("backup-%d-%d.db", os.Getpid(), i))
			if err := s.Backup(ctx, target); err != nil {
				fmt.Println("error", err)
				return
			}
			fmt.Println("committed", target)
		}
	}
}

// killAtRandom starts the child in mode on path kills times, each killed
// after a random while, and returns what the children reported committed.
func killAtRandom(t *testing.T, mode, path string, kills int, longest time.Duration) []string {
	t.Helper()
	var committed []string
	for i := 0; i < kills; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "GIAMSAT_CRASH="+mode, "GIAMSAT_CRASH_DB="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		timer := time.AfterFunc(time.Duration(rand.Int64N(int64(longest))), func() { cmd.Process.Kill() })
		lines := bufio.NewScanner(out)
		for lines.Scan() {
			f := strings.SplitN(lines.Text(), " ", 2)
			switch {
			case len(f) == 2 && f[0] == "committed":
				committed = append(committed, f[1])
			case len(f) == 2 && f[0] == "error":
				t.Errorf("the child failed: %s", f[1])
			}
		}
		cmd.Wait()
		timer.Stop()
	}
	return committed
}

func crashDatabase(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crash.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Save(ctx, &Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, &Commune{Name: "Lũng Nặm", Kind: "commune"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path
}

func TestCrashDuringSaves(t *testing.T) {
	path := crashDatabase(t)
	committed := killAtRandom(t, "save", path, *crashKills, time.Second)
	ctx := context.Background()
	if problems, err := Verify(ctx, path); err != nil || problems != nil {
		t.Fatalf("after %d kills: %v %v", *crashKills, problems, err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, id := range committed {
		if _, err := Get[Visit](ctx, s, id); err != nil {
			t.Fatalf("a reported commit is missing: %v", err)
		}
	}
	// None in part: every visit there has all its rows.
	visits, _ := s.Visits(ctx, VisitFilter{})
	for _, v := range visits {
		d, err := s.VisitDetail(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Sessions) != 3 || len(d.Requests) != 2 {
			t.Fatalf("visit %s stored in part: %d sessions, %d requests", v.ID, len(d.Sessions), len(d.Requests))
		}
	}
	if len(committed) == 0 {
		t.Fatal("nothing was committed before the kills")
	}
	t.Logf("%d kills, %d reported commits, %d visits in the file", *crashKills, len(committed), len(visits))
}

func TestCrashDuringBackups(t *testing.T) {
	path := crashDatabase(t)
	committed := killAtRandom(t, "backup", path, *crashKills/2+1, 800*time.Millisecond)
	ctx := context.Background()
	for _, target := range committed {
		if problems, err := Verify(ctx, target); err != nil || problems != nil {
			t.Fatalf("a reported backup is not sound: %v %v", problems, err)
		}
	}
	// Any file under a backup's name is whole: the rest are temporaries.
	names, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "backup-*.db"))
	for _, name := range names {
		if problems, err := Verify(ctx, name); err != nil || problems != nil {
			t.Fatalf("%s: %v %v", name, problems, err)
		}
	}
	if problems, err := Verify(ctx, path); err != nil || problems != nil {
		t.Fatalf("the database after killed backups: %v %v", problems, err)
	}
	t.Logf("%d reported backups, %d files", len(committed), len(names))
}

func TestCrashDuringRestores(t *testing.T) {
	path := crashDatabase(t)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s.Generate(ctx, 100, 1)
	for i := 0; i < 2; i++ {
		if err := s.Backup(ctx, filepath.Join(filepath.Dir(path), fmt.Sprintf("source-%d.db", i))); err != nil {
			t.Fatal(err)
		}
		s.Generate(ctx, 50, uint64(i+2))
	}
	s.Close()
	committed := killAtRandom(t, "restore", path, *crashKills/2+1, 1500*time.Millisecond)
	// Whatever moment the kill came, the database is whole and opens.
	if problems, err := Verify(ctx, path); err != nil || problems != nil {
		t.Fatalf("after killed restores: %v %v", problems, err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	visits, _ := r.Visits(ctx, VisitFilter{})
	if n := len(visits); n != 100 && n != 150 && n != 200 {
		t.Fatalf("%d visits: neither the database nor a backup", n)
	}
	t.Logf("%d reported restores", len(committed))
}
