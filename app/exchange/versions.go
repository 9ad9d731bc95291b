package exchange

import (
	"context"
	"encoding/hex"

	"giamsat/db"
)

// compare decides what a received record does to the one this database
// holds, by their versions: the same or older here, nothing; newer there, an
// update; neither descending from the other, a conflict, unless both say
// the same (then the versions merge). The same version with other content
// is a conflict too, never "the same".
func compare(ctx context.Context, store *db.Store, table string, in db.Record, h db.Held) (Kind, *Conflict, db.Record, error) {
	m := db.MetaOf(in)
	order := h.Version.Compare(m.Version)
	if order == db.Newer {
		return Unchanged, nil, nil, nil
	}
	// The hash is kept on the record only where it is needed again: a
	// large package received a second time keeps none.
	sum := db.ContentSum(in)
	switch {
	case order == db.Same && h.Hash == sum:
		return Unchanged, nil, nil, nil
	case order == db.Older:
		if m.Deleted() && !h.Deleted {
			return Deleted, nil, nil, nil
		}
		return Updated, nil, nil, nil
	}
	m.Hash = hex.EncodeToString(sum[:])
	local, err := store.Lookup(ctx, table, m.ID)
	if err != nil {
		return 0, nil, nil, err
	}
	if order == db.Concurrent && h.Hash == sum {
		return Converged, nil, local, nil
	}
	if !m.Deleted() && !h.Deleted && onlyUnited(table, local, in) {
		return Joined, nil, local, nil
	}
	return InConflict, newConflict(table, local, in), nil, nil
}

// onlyUnited reports whether a and b differ only in fields that merge by
// union.
func onlyUnited(table string, a, b db.Record) bool {
	for _, d := range db.Differences(a, b) {
		if !db.United(table, d.Column) {
			return false
		}
	}
	return true
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
