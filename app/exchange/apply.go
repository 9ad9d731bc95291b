package exchange

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"runtime/debug"

	"giamsat/assets/text"
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
	var why text.Sayer = text.F("the database refused it")
	var said text.Sayer
	if errors.As(err, &said) {
		why = said
	}
	return db.Fail(err, "Could not write %s: %s. Nothing was received.", lowerSaid{recordSaid{r}}, why)
}
