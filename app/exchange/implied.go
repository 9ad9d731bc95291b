package exchange

import (
	"errors"
	"time"

	"giamsat/db"
)

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
