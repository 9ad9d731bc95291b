package exchange

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"giamsat/db"
)

// deletes reports whether the action deletes, or may delete (a conflict
// over its deletion), a record this database holds alive.
func (a action) deletes() bool {
	if !db.MetaOf(a.rec).Deleted() || !a.isHeld || a.heldDeleted {
		return false
	}
	return a.kind == Deleted || a.kind == InConflict && a.conflict.Parent == nil
}

// children indexes this database's live records by the records they point to.
func (p *Plan) children(ctx context.Context, store *db.Store) (map[string][]key, error) {
	out := map[string][]key{}
	for _, table := range db.SyncedTables() {
		live, err := store.LiveReferences(ctx, table)
		if err != nil {
			return nil, err
		}
		refs := db.ReferenceColumns(table)
		for id, to := range live {
			for i, ref := range refs {
				if to[i] == "" {
					continue
				}
				k := ref.Table + "/" + to[i]
				out[k] = append(out[k], key{table, id})
			}
		}
	}
	// In one order on every PC and every run: conflicts are listed so.
	for _, ks := range out {
		slices.SortFunc(ks, func(a, b key) int { return cmp.Or(strings.Compare(a.table, b.table), strings.Compare(a.id, b.id)) })
	}
	return out, nil
}

type key struct{ table, id string }

// deriveDeletionConflicts finds, before anything is written, what a
// deletion would take that its sender did not know of, and makes each a
// conflict that says so: a record of this PC under a record the package
// deletes (and not itself in the package), and a record the package adds
// or changes under a record deleted here. Never a live record under a
// deleted one, and never a silent loss.
func (p *Plan) deriveDeletionConflicts(ctx context.Context, store *db.Store) error {
	var kids map[string][]key
	var err error
	for i := range p.actions {
		a := &p.actions[i]
		if !a.deletes() {
			continue
		}
		if kids == nil {
			if kids, err = p.children(ctx, store); err != nil {
				return err
			}
		}
		for _, k := range kids[a.table+"/"+db.MetaOf(a.rec).ID] {
			if _, carried := p.find(k.table, k.id); carried {
				continue
			}
			local, err := store.Lookup(ctx, k.table, k.id)
			if err != nil {
				return err
			}
			c := newConflict(k.table, local, tombstoneOf(local, a.rec))
			c.Parent = a.rec
			c.Goes = map[string]int{}
			p.countBelow(kids, k, c.Goes)
			p.add(action{table: k.table, rec: c.Incoming, kind: InConflict, isHeld: true, conflict: c})
			p.Tallies[k.table].Conflicts++
		}
	}
	for i := range p.actions {
		a := &p.actions[i]
		if (a.kind != New && a.kind != Updated) || db.MetaOf(a.rec).Deleted() {
			continue
		}
		for _, ref := range db.References(a.rec) {
			h, held := p.held[ref.Table][ref.ID]
			if !held || !h.Deleted {
				continue
			}
			if j, ok := p.find(ref.Table, ref.ID); ok && !db.MetaOf(p.actions[j].rec).Deleted() {
				continue // the package brings it back
			}
			parent, err := store.Lookup(ctx, ref.Table, ref.ID)
			if err != nil {
				return err
			}
			c := newConflict(a.table, tombstoneOf(a.rec, parent), a.rec)
			c.Parent = parent
			switch a.kind {
			case New:
				p.Tallies[a.table].New--
			case Updated:
				p.Tallies[a.table].Updated--
			}
			p.Tallies[a.table].Conflicts++
			a.kind, a.conflict = InConflict, c
			break
		}
	}
	return nil
}

// countBelow adds to goes the record k and what lies under it here.
func (p *Plan) countBelow(kids map[string][]key, k key, goes map[string]int) {
	goes[k.table]++
	for _, c := range kids[k.table+"/"+k.id] {
		p.countBelow(kids, c, goes)
	}
}
