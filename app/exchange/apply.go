package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"giamsat/db"
)

// Apply receives the package as planned, with the conflicts resolved as
// their choices say, in one transaction: all or nothing. What the choices
// imply is worked out first: a deletion taken takes what lies under the
// record here (Cascaded); a record kept or received alive brings back what
// it lies under (Resurrected), so that no live record is ever left under a
// deleted one. The package is noted in the log of packages received, with
// file as its name. A plan is applied once: its records are let go as they
// are written (its tallies and conflicts stay, to report what was done).
func (p *Plan) Apply(ctx context.Context, store *db.Store, file string, progress func(done, total int)) error {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
	return store.WithTx(ctx, func(tx *db.Tx) error {
		p.Resurrected, p.Cascaded, p.Joined = nil, nil, nil
		for _, a := range p.actions {
			if err := tx.Observe(db.MetaOf(a.rec).Version); err != nil {
				return err
			}
		}
		w := &writing{plan: p, tx: tx, ctx: ctx, store: store, out: make([]db.Record, len(p.actions)), extra: map[key]db.Record{}}
		for i, a := range p.actions {
			switch a.kind {
			case InConflict:
				step, err := w.step()
				if err != nil {
					return err
				}
				w.out[i] = a.conflict.result(step)
			case Converged:
				w.out[i] = converge(p.converged[i], a.rec)
			case Joined:
				step, err := w.step()
				if err != nil {
					return err
				}
				w.out[i] = join(p.converged[i], a.rec, step)
				p.Joined = append(p.Joined, w.out[i])
			default:
				w.out[i] = a.rec
			}
		}
		if err := w.cascade(); err != nil {
			return err
		}
		if err := w.resurrect(); err != nil {
			return err
		}
		if w.err != nil {
			return w.err
		}
		if err := w.write(progress); err != nil {
			return err
		}
		sum := logSummary{Tables: p.Tallies}
		for _, c := range p.Conflicts {
			switch c.Outcome() {
			case "taken":
				sum.Taken++
			case "kept":
				sum.Kept++
			default:
				sum.Merged++
			}
		}
		summary, _ := json.Marshal(sum)
		m := p.Package.Manifest
		var mine []string
		if own, err := store.DatabaseID(ctx); err != nil {
			return err
		} else {
			for _, r := range m.Received {
				if r.DatabaseID == own {
					mine = append(mine, r.PackageID)
				}
			}
		}
		if err := tx.Confirm(m.DatabaseID, mine); err != nil {
			return err
		}
		return tx.LogExchange(&db.Exchange{Direction: "received", PackageID: m.PackageID, PeerCreatedAt: m.CreatedAt,
			PeerDatabaseID: m.DatabaseID, Peer: m.DatabaseName, File: filepath.Base(file), Summary: string(summary)})
	})
}

// converge is the record both sides hold alike under concurrent versions:
// its version the merge of both, its times chosen from the two alone.
// join is in with the lists that merge by union joined to local's, under a
// version that descends from both and takes step: a change of this
// database, which travels back to the sender.
func join(local, in db.Record, step db.Dot) db.Record {
	out := converge(local, in)
	db.Unite(out, local)
	m := db.MetaOf(out)
	m.Version = m.Version.With(step.Replica, step.Counter)
	m.UpdatedAt = db.Now()
	m.Hash = db.ContentHash(out)
	return out
}

func converge(local, in db.Record) db.Record {
	out := db.Clone(in)
	m, l := db.MetaOf(out), db.MetaOf(local)
	m.Version = db.Merge(l.Version, m.Version)
	if l.UpdatedAt.After(m.UpdatedAt) {
		m.UpdatedAt = l.UpdatedAt
	}
	if l.DeletedAt.After(m.DeletedAt) {
		m.DeletedAt = l.DeletedAt
	}
	if l.CreatedAt.Before(m.CreatedAt) {
		m.CreatedAt = l.CreatedAt
	}
	return out
}

// writing is one Apply under way: the records to write for the actions
// (out) and the others the choices imply (extra).
type writing struct {
	plan    *Plan
	tx      *db.Tx
	ctx     context.Context
	store   *db.Store
	out     []db.Record
	extra   map[key]db.Record
	kids    map[string][]key
	err     error // from reading what lies under records
	dot     db.Dot
	stepped bool
}

func (w *writing) step() (db.Dot, error) {
	if !w.stepped {
		d, err := w.tx.Step()
		if err != nil {
			return d, err
		}
		w.dot, w.stepped = d, true
	}
	return w.dot, nil
}

func (w *writing) children() map[string][]key {
	if w.kids == nil {
		kids, err := w.plan.children(w.ctx, w.store)
		if err != nil {
			w.err = err
			return nil
		}
		w.kids = kids
	}
	return w.kids
}

// final returns the record as it will be after receiving, if receiving
// writes it.
func (w *writing) final(k key) (db.Record, bool) {
	if r, ok := w.extra[k]; ok {
		return r, true
	}
	if i, ok := w.plan.find(k.table, k.id); ok {
		return w.out[i], true
	}
	return nil, false
}

func (w *writing) liveAfter(k key) bool {
	if r, ok := w.final(k); ok {
		return !db.MetaOf(r).Deleted()
	}
	h, ok := w.plan.held[k.table][k.id]
	return ok && !h.Deleted
}

// cascade deletes, with each derived conflict whose deletion was taken,
// what lies under its record here.
func (w *writing) cascade() error {
	var coming map[string][]int
	for i, a := range w.plan.actions {
		if a.kind != InConflict || a.conflict.Parent == nil || !db.MetaOf(w.out[i]).Deleted() {
			continue
		}
		k := key{a.table, db.MetaOf(a.rec).ID}
		if !db.MetaOf(a.conflict.Local).Deleted() {
			// The sender's deletion taken: what lies under the record here.
			if err := w.cascadeBelow(k, w.out[i]); err != nil {
				return err
			}
			continue
		}
		// The sender added or changed the record under one deleted here,
		// and it stays deleted: so does what the package brings under it.
		if coming == nil {
			coming = w.plan.comingChildren()
		}
		if err := w.cascadeComing(coming, k, w.out[i]); err != nil {
			return err
		}
	}
	return nil
}

// comingChildren indexes the package's live records by the records they
// point to, as positions in the plan's actions.
func (p *Plan) comingChildren() map[string][]int {
	out := map[string][]int{}
	for i, a := range p.actions {
		if db.MetaOf(a.rec).Deleted() {
			continue
		}
		for _, ref := range db.References(a.rec) {
			k := ref.Table + "/" + ref.ID
			out[k] = append(out[k], i)
		}
	}
	return out
}

// cascadeComing deletes the records the package brings under k, which
// stays deleted, with what they bring under them.
func (w *writing) cascadeComing(coming map[string][]int, k key, tomb db.Record) error {
	for _, i := range coming[k.table+"/"+k.id] {
		if db.MetaOf(w.out[i]).Deleted() || w.plan.actions[i].kind == InConflict {
			continue // already deleted, or a choice of its own
		}
		step, err := w.step()
		if err != nil {
			return err
		}
		t := tombstoneOf(w.out[i], tomb)
		db.MetaOf(t).Version = db.MetaOf(t).Version.With(step.Replica, step.Counter)
		w.out[i] = t
		w.plan.Cascaded = append(w.plan.Cascaded, t)
		a := w.plan.actions[i]
		if a.kind == New {
			w.plan.Tallies[a.table].New--
			w.plan.Tallies[a.table].Unchanged++
		}
		if err := w.cascadeComing(coming, key{a.table, db.MetaOf(a.rec).ID}, t); err != nil {
			return err
		}
	}
	return nil
}

func (w *writing) cascadeBelow(k key, tomb db.Record) error {
	for _, c := range w.children()[k.table+"/"+k.id] {
		if _, ok := w.final(c); ok {
			continue
		}
		local, err := w.store.Lookup(w.ctx, c.table, c.id)
		if err != nil {
			return err
		}
		step, err := w.step()
		if err != nil {
			return err
		}
		t := tombstoneOf(local, tomb)
		db.MetaOf(t).Version = db.MetaOf(t).Version.With(step.Replica, step.Counter)
		w.extra[c] = t
		w.plan.Cascaded = append(w.plan.Cascaded, t)
		w.plan.Tallies[c.table].Deleted++
		if err := w.cascadeBelow(c, t); err != nil {
			return err
		}
	}
	return nil
}

// resurrect brings back every record a live record will lie under.
func (w *writing) resurrect() error {
	var work []db.Record
	var deleting bool
	for i, r := range w.out {
		if !db.MetaOf(r).Deleted() {
			work = append(work, r)
		} else if a := w.plan.actions[i]; a.isHeld && !a.heldDeleted {
			deleting = true
		}
	}
	if deleting {
		// A record left alive here under one receiving deletes.
		for i, r := range w.out {
			if !db.MetaOf(r).Deleted() {
				continue
			}
			for _, c := range w.children()[w.plan.actions[i].table+"/"+db.MetaOf(r).ID] {
				if _, ok := w.final(c); !ok {
					local, err := w.store.Lookup(w.ctx, c.table, c.id)
					if err != nil {
						return err
					}
					work = append(work, local)
				}
			}
		}
	}
	for len(work) > 0 {
		r := work[len(work)-1]
		work = work[:len(work)-1]
		for _, ref := range db.References(r) {
			k := key{ref.Table, ref.ID}
			if w.liveAfter(k) {
				continue
			}
			brought, err := w.bringBackWhole(k)
			if err != nil {
				return err
			}
			work = append(work, brought...)
		}
	}
	return nil
}

// bringBackWhole brings back the record k and, with it, what its deletion
// took along (the records under it deleted at the same moment, received or
// here): a visit comes back whole, never an empty shell.
func (w *writing) bringBackWhole(k key) ([]db.Record, error) {
	var at time.Time
	if final, ok := w.final(k); ok && db.MetaOf(final).Deleted() {
		at = db.MetaOf(final).DeletedAt
	} else if local, err := w.store.Lookup(w.ctx, k.table, k.id); err == nil {
		at = db.MetaOf(local).DeletedAt
	}
	back, err := w.bringBack(k)
	if err != nil {
		return nil, err
	}
	if i, ok := w.plan.find(k.table, k.id); ok && w.plan.actions[i].kind == Deleted {
		// Counted as deleted in the preview, kept after all.
		w.plan.Tallies[k.table].Deleted--
		w.plan.Tallies[k.table].Unchanged++
	}
	w.extra[k] = back
	w.plan.Resurrected = append(w.plan.Resurrected, back)
	brought := []db.Record{back}
	if at.IsZero() {
		return brought, nil
	}
	var along []key
	for _, i := range w.plan.tombChildren()[k.table+"/"+k.id] {
		if r := w.out[i]; r != nil && db.MetaOf(r).Deleted() && db.MetaOf(r).DeletedAt.Equal(at) {
			along = append(along, key{w.plan.actions[i].table, db.MetaOf(r).ID})
		}
	}
	held, err := w.store.DeletedWith(w.ctx, k.table, k.id, at)
	if err != nil {
		return nil, err
	}
	for _, h := range held {
		along = append(along, key{h[0], h[1]})
	}
	for _, c := range along {
		if r, ok := w.extra[c]; ok && !db.MetaOf(r).Deleted() {
			continue
		}
		more, err := w.bringBackWhole(c)
		if err != nil {
			return nil, err
		}
		brought = append(brought, more...)
	}
	return brought, nil
}

// tombChildren indexes the package's tombstones by the records they point
// to, as positions in the plan's actions.
func (p *Plan) tombChildren() map[string][]int {
	if p.tombKids == nil {
		p.tombKids = map[string][]int{}
		for i, a := range p.actions {
			if !db.MetaOf(a.rec).Deleted() {
				continue
			}
			for _, ref := range db.References(a.rec) {
				k := ref.Table + "/" + ref.ID
				p.tombKids[k] = append(p.tombKids[k], i)
			}
		}
	}
	return p.tombKids
}

// bringBack is the record k alive again: this database's copy (or, for a
// record it never had alive, the received one) undeleted, with a version
// that descends from every version of it in play.
func (w *writing) bringBack(k key) (db.Record, error) {
	step, err := w.step()
	if err != nil {
		return nil, err
	}
	final, planned := w.final(k)
	base, err := w.store.Lookup(w.ctx, k.table, k.id)
	switch {
	case errors.Is(err, db.ErrNotFound) && planned:
		base = final
	case err != nil:
		return nil, err
	}
	out := db.Clone(base)
	m := db.MetaOf(out)
	if planned {
		m.Version = db.Merge(m.Version, db.MetaOf(final).Version)
	}
	m.Version = m.Version.With(step.Replica, step.Counter)
	m.DeletedAt = time.Time{}
	return out, nil
}

// write stores the records table by table, parents before the records
// that point to them: new ones several to a statement, the others one by
// one, then those the choices implied in that table.
func (w *writing) write(progress func(done, total int)) error {
	var fresh []db.Record
	var freshAt []int
	// What is written is let go (the plan is applied once): a large
	// package's records then leave memory as they reach the database,
	// instead of all staying until the end.
	release := func(i int) {
		w.out[i] = nil
		w.plan.actions[i].rec = nil
	}
	flush := func() error {
		err := w.tx.InsertNew(fresh)
		for _, i := range freshAt {
			release(i)
		}
		fresh, freshAt = fresh[:0], freshAt[:0]
		return err
	}
	w.plan.Package.Tables = nil
	byTable := map[string][]int{}
	for i, a := range w.plan.actions {
		byTable[a.table] = append(byTable[a.table], i)
	}
	total, done := len(w.out)+len(w.extra), 0
	for _, table := range db.SyncedTables() {
		for _, i := range byTable[table] {
			if done%2000 == 0 {
				if err := w.ctx.Err(); err != nil {
					return err
				}
				if progress != nil {
					progress(done, total)
				}
			}
			done++
			a := w.plan.actions[i]
			k := key{a.table, db.MetaOf(a.rec).ID}
			if _, over := w.extra[k]; over {
				continue
			}
			if a.kind == New && !a.isHeld {
				fresh = append(fresh, w.out[i])
				freshAt = append(freshAt, i)
				if len(fresh) >= 4096 {
					if err := flush(); err != nil {
						return err
					}
				}
				continue
			}
			if err := w.tx.Put(w.out[i]); err != nil {
				return writeError(w.out[i], err)
			}
			release(i)
		}
		if err := flush(); err != nil {
			return err
		}
		for k, r := range w.extra {
			if k.table != table {
				continue
			}
			if err := w.tx.Put(r); err != nil {
				return writeError(r, err)
			}
		}
	}
	return nil
}

// writeError names, in the users' words, the record a receipt could not
// write; nothing was written.
func writeError(r db.Record, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	why := func(lang string) string {
		var m interface{ Message(string) string }
		if errors.As(err, &m) {
			return m.Message(lang)
		}
		if lang == "en" {
			return "the database refused it"
		}
		return "cơ sở dữ liệu không nhận"
	}
	return &db.UserError{
		VI:  fmt.Sprintf("Không ghi được %s: %s. Không có gì được nhận.", strings.ToLower(Label(r, "vi")), why("vi")),
		EN:  fmt.Sprintf("Could not write %s: %s. Nothing was received.", strings.ToLower(Label(r, "en")), why("en")),
		Err: err,
	}
}
