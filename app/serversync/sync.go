// Package serversync syncs a PC's database with the province server
// (docs/server.md): what this PC changed goes up as versions, and what the
// server holds that this PC may read comes down through the same merge as
// a package received by hand (app/exchange). No Fyne here.
package serversync

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"giamsat/app/exchange"
	"giamsat/db"
	"giamsat/db/server"
)

// Options of a sync.
type Options struct {
	// Settle answers the conflicts of each round of what is pulled before
	// it is written (nil: each keeps its pre-chosen answer, the later
	// change, as -conflicts newer).
	Settle func(*exchange.Plan) error
	// File names the server in the receipts' log.
	File string
}

// Result says what a sync did.
type Result struct {
	Pushed, AlreadyThere, Outdated int
	// Kept are the records this PC changed that its user may not write on
	// the server; Orphans, those that point to a record the server lacks
	// (a visit at a commune not in the province's catalogue). Both stay
	// on this PC only.
	Kept, Orphans []db.Record
	// Aliased are the catalogue entries the server holds under another ID
	// with the same code (it takes this PC's for that one); Duplicates,
	// those this PC gave a code another entry has on the server (they stay
	// on this PC only).
	Aliased, Duplicates []db.Record
	// Plans are the rounds of what was pulled, each written.
	Plans []*exchange.Plan
}

// Written is how many records the pulls wrote.
func (r *Result) Written() int {
	n := 0
	for _, p := range r.Plans {
		n += p.Changes()
	}
	return n
}

// pushMargin is how far before a push's start the next push starts again:
// a save that began before it and committed after its snapshot is sent
// next time (sending a version twice changes nothing).
const pushMargin = 5 * time.Minute

// Sync pushes what this database changed since its last push to the
// server, then pulls and applies what the server holds that changed since
// its last pull.
func Sync(ctx context.Context, store *db.Store, conn *pgx.Conn, o Options) (*Result, error) {
	res, pulled, err := Fetch(ctx, store, conn)
	if err != nil {
		return nil, err
	}
	for i := range pulled.Rounds() {
		plan, err := pulled.Prepare(ctx, store, i)
		if err != nil {
			return nil, err
		}
		if o.Settle != nil {
			if err := o.Settle(plan); err != nil {
				return nil, err
			}
		}
		if err := plan.Apply(ctx, store, o.File, nil); err != nil {
			return nil, err
		}
		res.Plans = append(res.Plans, plan)
	}
	if err := pulled.Done(ctx, store); err != nil {
		return nil, err
	}
	if res.Settled() {
		return res, PushSettled(ctx, store, conn, res)
	}
	return res, nil
}

// Settled reports whether the pull wrote versions of this PC's own that
// descend from what it pulled (conflicts settled, equal versions merged):
// they are best sent at once, so that the server replaces both sides with
// them before another PC pulls the conflict too.
func (r *Result) Settled() bool {
	for _, p := range r.Plans {
		if p.Merged() {
			return true
		}
	}
	return false
}

// PushSettled sends what the pull wrote that this PC settled (a second
// push of the same sync), counted into res.
func PushSettled(ctx context.Context, store *db.Store, conn *pgx.Conn, res *Result) error {
	serverID, err := server.ID(ctx, conn)
	if err != nil {
		return err
	}
	again := &Result{}
	if err := push(ctx, store, conn, serverID, again); err != nil {
		return err
	}
	res.Pushed += again.Pushed
	return nil
}

// Fetch pushes what this database changed since its last push, and reads
// what the server holds that changed since its last pull: the rounds to
// prepare and apply one after the other (a window shows each round with
// conflicts before writing it), then Done.
func Fetch(ctx context.Context, store *db.Store, conn *pgx.Conn) (*Result, *Pulled, error) {
	serverID, err := server.ID(ctx, conn)
	if err != nil {
		return nil, nil, err
	}
	rights, err := server.WhoAmI(ctx, conn)
	if err != nil {
		return nil, nil, err
	}
	if rights.Kind == server.NoUser {
		return nil, nil, db.Fail(nil, "The server does not know this user as a user of Giám sát (was it restored from a backup older than the user?): ask the province's IT staff to add the user again (giamsat -server-user). Nothing was synced.")
	}
	if err := store.SetRights(ctx, rights); err != nil {
		return nil, nil, err
	}
	res := &Result{}
	if err := push(ctx, store, conn, serverID, res); err != nil {
		return nil, nil, err
	}
	pulled, err := pull(ctx, store, conn, serverID)
	if err != nil {
		return nil, nil, err
	}
	return res, pulled, nil
}

// Pulled is what a pull read: rounds of records, each holding one version
// of a record (a record the server holds in two concurrent versions comes
// in two rounds).
type Pulled struct {
	rounds         []map[string][]db.Record
	serverID, next string
}

// Rounds is how many rounds there are to apply.
func (p *Pulled) Rounds() int { return len(p.rounds) }

// Prepare compares round i with the store, once the rounds before it are
// written: the plan to show and apply.
func (p *Pulled) Prepare(ctx context.Context, store *db.Store, i int) (*exchange.Plan, error) {
	pkg, err := p.Package(i)
	if err != nil {
		return nil, err
	}
	return exchange.Prepare(ctx, store, pkg)
}

// Package is round i as a package received from the server (Prepare
// compares it with the store). The rounds hold it no longer.
func (p *Pulled) Package(i int) (*exchange.Package, error) {
	m := exchange.Manifest{Format: exchange.FormatName, FormatVersion: exchange.FormatVersion,
		PackageID: uuid.NewString(), CreatedAt: time.Now().UTC(), DatabaseID: "server:" + p.serverID,
		DatabaseName: "Máy chủ của tỉnh"}
	pkg, err := exchange.Assemble(m, p.rounds[i])
	p.rounds[i] = nil // the package holds them now
	return pkg, err
}

// Done notes, once every round is written, where the next pull starts.
// A pull not done is read again the next time, which changes nothing
// twice.
func (p *Pulled) Done(ctx context.Context, store *db.Store) error {
	if err := store.SetProperty(ctx, "server_pulled:"+p.serverID, p.next); err != nil {
		return err
	}
	return store.SetProperty(ctx, lastSyncKey, time.Now().UTC().Format(time.RFC3339))
}

// lastSyncKey keeps when this database last synced, whichever server.
const lastSyncKey = "server_synced"

// LastSync returns when the database last synced with a server (zero:
// never), for the window's status line.
func LastSync(ctx context.Context, store *db.Store) (time.Time, error) {
	v, err := store.Property(ctx, lastSyncKey)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, v)
}

func push(ctx context.Context, store *db.Store, conn *pgx.Conn, serverID string, res *Result) error {
	key := "server_pushed:" + serverID
	mark, err := store.Property(ctx, key)
	if err != nil {
		return err
	}
	var since time.Time
	if mark != "" {
		if since, err = time.Parse(time.RFC3339Nano, mark); err != nil {
			return fmt.Errorf("the mark of the last push %q: %w", mark, err)
		}
	}
	start := db.Now()    // the clock that stamps what the store changes
	var sent []db.Record // added to the push, not yet said of
	pusher, err := server.BeginPush(ctx, conn, func(what string) {
		r := sent[0]
		sent = sent[1:]
		switch what {
		case server.Stored:
			res.Pushed++
		case server.Same:
			res.AlreadyThere++
		case server.Older:
			res.Outdated++
		case server.Refused:
			res.Kept = append(res.Kept, r)
		case server.Orphan:
			res.Orphans = append(res.Orphans, r)
		case server.Alias:
			res.Aliased = append(res.Aliased, r)
		case server.Duplicate:
			res.Duplicates = append(res.Duplicates, r)
		}
	})
	if err != nil {
		return err
	}
	defer pusher.Rollback(ctx)
	err = store.ExchangeRecords(ctx, db.Selection{Since: since}, func(table string, r db.Record) error {
		m := db.MetaOf(r)
		body, err := json.Marshal(r)
		if err != nil {
			return err
		}
		sent = append(sent, r)
		return pusher.Add(ctx, server.Version{Table: table, ID: m.ID, Version: m.Version.String(), Hash: m.Hash, Deleted: m.Deleted(), Body: body})
	})
	if err != nil {
		return err
	}
	if err := pusher.Commit(ctx); err != nil {
		return err
	}
	return store.SetProperty(ctx, key, start.Add(-pushMargin).UTC().Format(time.RFC3339Nano))
}

func pull(ctx context.Context, store *db.Store, conn *pgx.Conn, serverID string) (*Pulled, error) {
	cursor, err := store.Property(ctx, "server_pulled:"+serverID)
	if err != nil {
		return nil, err
	}
	p := &Pulled{serverID: serverID}
	// What this PC holds already, the same version saying the same (its
	// own pushes come back), is not read again.
	// A few records of a table are looked up one by one; past that, the
	// table's whole list is read once.
	const lookups = 200
	held := map[string]map[string]db.Held{}
	asked := map[string]int{}
	var heldErr error
	want := func(v server.Version) bool {
		var got db.Held
		var ok bool
		if asked[v.Table]++; asked[v.Table] <= lookups {
			var err error
			if got, ok, err = store.HeldRecord(ctx, v.Table, v.ID); err != nil && heldErr == nil {
				heldErr = err
			}
		} else {
			h, loaded := held[v.Table]
			if !loaded && heldErr == nil {
				h, heldErr = store.HeldRecords(ctx, v.Table)
				held[v.Table] = h
			}
			got, ok = h[v.ID]
		}
		if !ok || got.Version.String() != v.Version {
			return true
		}
		return hex.EncodeToString(got.Hash[:]) != v.Hash
	}
	seen := map[string]int{}
	next, err := server.PullEach(ctx, conn, cursor, want, func(v server.Version) error {
		r := db.NewRecord(v.Table)
		if r == nil {
			return fmt.Errorf("the server sent a record of an unknown table %q", v.Table)
		}
		dec := json.NewDecoder(bytes.NewReader(v.Body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(r); err != nil {
			return fmt.Errorf("%s %s from the server: %w", v.Table, v.ID, err)
		}
		k := v.Table + "/" + v.ID
		i := seen[k]
		seen[k] = i + 1
		if i == len(p.rounds) {
			p.rounds = append(p.rounds, map[string][]db.Record{})
		}
		p.rounds[i][v.Table] = append(p.rounds[i][v.Table], r)
		return nil
	})
	if heldErr != nil {
		return nil, heldErr
	}
	if err != nil {
		return nil, err
	}
	p.next = next
	return p, nil
}
