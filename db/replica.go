package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// A database mints the steps of versions under its replica: a name of its
// own and a counter that only grows. A copy of the file (another folder,
// another PC) or a backup put back could mint steps already sent from the
// original, so the replica is tied to where it was made (host and path) and
// a new one is taken wherever that differs, when a backup is restored, and
// when a received version shows steps of this replica beyond its counter.
//
// The state lives in properties: replica_id, replica_counter, replica_home.

// replicaHome says where a replica was made: this host and the file's path.
func replicaHome(path string) string {
	host, _ := os.Hostname()
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return host + "|" + filepath.Clean(path)
}

func newReplicaID() string { return strings.ReplaceAll(uuid.NewString(), "-", "")[:16] }

// replica is a transaction's view of the replica state.
type replica struct {
	loaded  bool
	id      string
	counter uint64
	// moved: the file is not where its replica was made.
	moved bool
	// stepped is the counter this transaction uses for its changes (one
	// step for all of them), 0 before the first.
	stepped uint64
}

func (t *Tx) property(key string) (string, error) {
	var v string
	err := t.tx.QueryRowContext(t.ctx, "SELECT value FROM properties WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (t *Tx) setProperty(key, value string) error {
	_, err := t.tx.ExecContext(t.ctx, "INSERT INTO properties (key, value) VALUES (?, ?) "+
		"ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	return writeError(err)
}

// loadReplica reads the replica state once per transaction, taking a new
// replica when the file is not where its replica was made.
func (t *Tx) loadReplica() error {
	if t.rep.loaded {
		return nil
	}
	id, err := t.property("replica_id")
	if err != nil {
		return err
	}
	home, err := t.property("replica_home")
	if err != nil {
		return err
	}
	c, err := t.property("replica_counter")
	if err != nil {
		return err
	}
	counter, _ := strconv.ParseUint(c, 10, 64)
	moved := id != "" && home != replicaHome(t.path)
	if id == "" || moved {
		id, counter = newReplicaID(), 0
	}
	t.rep = replica{loaded: true, id: id, counter: counter, moved: moved}
	return nil
}

// claimReplica, at open, gives a copy of a database file made elsewhere
// (another folder, another PC) an identity of its own: a new replica, and a
// new database ID, so that packages tell it from the original.
func (s *Store) claimReplica(ctx context.Context) error {
	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'properties'").Scan(&n); err != nil || n == 0 {
		return err // the first schema, in a test of its migration
	}
	return s.WithTx(ctx, func(t *Tx) error {
		id, err := t.property("replica_id")
		if err != nil {
			return err
		}
		if err := t.loadReplica(); err != nil || id != "" && !t.rep.moved {
			return err
		}
		// A new database notes where its replica was made; a copy, also
		// its own database ID.
		props := [][2]string{{"replica_id", t.rep.id}, {"replica_home", replicaHome(t.path)}, {"replica_counter", "0"}}
		if t.rep.moved {
			props = append(props, [2]string{"database_id", uuid.NewString()})
		}
		for _, kv := range props {
			if err := t.setProperty(kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// step returns the replica and counter of this transaction's changes,
// minting the counter at the first call.
func (t *Tx) step() (string, uint64, error) {
	if err := t.loadReplica(); err != nil {
		return "", 0, err
	}
	if t.rep.stepped == 0 {
		if t.rep.counter >= MaxCounter {
			return "", 0, fmt.Errorf("the version counter of this database is exhausted")
		}
		t.rep.counter++
		t.rep.stepped = t.rep.counter
		for _, kv := range [][2]string{{"replica_id", t.rep.id}, {"replica_home", replicaHome(t.path)},
			{"replica_counter", strconv.FormatUint(t.rep.counter, 10)}} {
			if err := t.setProperty(kv[0], kv[1]); err != nil {
				return "", 0, err
			}
		}
	}
	return t.rep.id, t.rep.stepped, nil
}

// observe notes a version received: one holding a step of this replica
// beyond its counter means this file is an older copy of itself (a backup
// put back by hand), and it takes a new replica before minting any step.
func (t *Tx) observe(v Version) error {
	if err := t.loadReplica(); err != nil {
		return err
	}
	if v.Get(t.rep.id) > t.rep.counter && t.rep.stepped == 0 {
		t.rep.id, t.rep.counter = newReplicaID(), 0
	}
	return nil
}

// Replica returns the name of the replica this database mints versions
// under now (it may change: see above).
func (t *Tx) Replica() (string, error) {
	if err := t.loadReplica(); err != nil {
		return "", err
	}
	return t.rep.id, nil
}

// Step returns this transaction's step: the replica and its counter, the
// same for every change the transaction makes.
func (t *Tx) Step() (Dot, error) {
	r, c, err := t.step()
	return Dot{r, c}, err
}

// forgetReplica makes the database at path take a new replica at its next
// change: how a restored backup stops minting steps the original sent. A
// backup from before replicas has none to forget.
func forgetReplica(path string) error {
	conn, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	_, err = conn.Exec("DELETE FROM properties WHERE key IN ('replica_id', 'replica_home')")
	if err != nil && strings.Contains(err.Error(), "no such table") {
		err = nil
	}
	return errors.Join(err, conn.Close())
}

// Property returns the value this database keeps under key ("" when none).
func (s *Store) Property(ctx context.Context, key string) (string, error) {
	var v string
	err := s.read.QueryRowContext(ctx, "SELECT value FROM properties WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetProperty keeps value under key.
func (s *Store) SetProperty(ctx context.Context, key, value string) error {
	return s.WithTx(ctx, func(t *Tx) error { return t.setProperty(key, value) })
}
