package exchange

import "giamsat/db"

// Conflict is a record the two databases changed without either seeing the
// other's change: always shown, never settled by the order of arrival.
type Conflict struct {
	Table           string
	Local, Incoming db.Record
	// TakeIncoming is the choice: the received version replaces this
	// database's (true), or this database's is kept (false). It starts as
	// Preferred says, the same on every PC.
	TakeIncoming bool
	// Fields, when both versions are live, chooses field by field: the
	// received value of the columns set to true, this database's of the
	// others. It starts as TakeIncoming for every field that differs.
	Fields map[string]bool
	// Parent is set for a conflict the plan derived from a deletion: a
	// record this PC holds under a record the sender deleted, or a record
	// the sender added or changed under one deleted here. The side that
	// stands for the deletion is a tombstone made from the other side.
	Parent db.Record
	// Goes counts, per table, the records of this PC under the record that
	// go with it if the deletion is taken.
	Goes map[string]int
	// where says where the record belongs (its visit or delegation).
	where place
}

// SetAll takes the received version (true) or keeps this database's, whole.
func (c *Conflict) SetAll(take bool) {
	c.TakeIncoming = take
	for f := range c.Fields {
		c.Fields[f] = take
	}
}

// Outcome is "taken", "kept" or, for a choice made field by field that
// takes some of each, "merged".
func (c *Conflict) Outcome() string {
	if c.Fields == nil { // one side deleted it: the record is chosen whole
		if c.TakeIncoming {
			return "taken"
		}
		return "kept"
	}
	taken := 0
	for _, t := range c.Fields {
		if t {
			taken++
		}
	}
	switch taken {
	case len(c.Fields):
		return "taken"
	case 0:
		return "kept"
	}
	return "merged"
}

// FieldChange is one field where the two versions differ, said in lang.
type FieldChange struct {
	Column, Text string
}

// Preferred reports whether, of two concurrent versions of a record, the
// received one is the one to keep when nobody chooses: a live version
// before a deletion (nothing typed is lost, and a deletion can be made
// again), then the later change, then the larger content hash. It depends
// on the two versions alone, so every PC, and -conflicts newer, chooses
// alike whichever arrived first.
func Preferred(local, incoming db.Record) bool {
	l, in := db.MetaOf(local), db.MetaOf(incoming)
	if l.Deleted() != in.Deleted() {
		return l.Deleted()
	}
	if !l.UpdatedAt.Equal(in.UpdatedAt) {
		return in.UpdatedAt.After(l.UpdatedAt)
	}
	return in.Hash > l.Hash
}

func newConflict(table string, local, incoming db.Record) *Conflict {
	c := &Conflict{Table: table, Local: local, Incoming: incoming, TakeIncoming: Preferred(local, incoming)}
	if !db.MetaOf(incoming).Deleted() && !db.MetaOf(local).Deleted() {
		c.Fields = map[string]bool{}
		for _, d := range db.Differences(local, incoming) {
			// Lists that merge by union are not chosen: both are kept.
			if !db.United(table, d.Column) {
				c.Fields[d.Column] = c.TakeIncoming
			}
		}
	}
	return c
}

// result is the version to write for the choice made: the received one,
// this database's, or this database's with the received values of the
// fields chosen; its version descends from both sides, with step, this
// receipt's step of this database, so that it travels back as an update
// and the conflict is not raised again.
func (c *Conflict) result(step db.Dot) db.Record {
	var out db.Record
	switch c.Outcome() {
	case "taken":
		out = db.Clone(c.Incoming)
	case "kept":
		out = db.Clone(c.Local)
	default:
		var take []string
		for f, t := range c.Fields {
			if t {
				take = append(take, f)
			}
		}
		out = db.Clone(c.Local)
		db.CopyColumns(out, c.Incoming, take)
		if m, in := db.MetaOf(out), db.MetaOf(c.Incoming); in.UpdatedAt.After(m.UpdatedAt) {
			m.UpdatedAt = in.UpdatedAt
		}
	}
	if !db.MetaOf(c.Local).Deleted() && !db.MetaOf(c.Incoming).Deleted() {
		db.Unite(out, c.Local)
		db.Unite(out, c.Incoming)
	}
	m := db.MetaOf(out)
	m.Version = db.Merge(db.MetaOf(c.Local).Version, db.MetaOf(c.Incoming).Version).With(step.Replica, step.Counter)
	// The pre-chosen answer keeps the time of the change it keeps: every PC
	// that settles the conflict so writes the same content and time, and
	// the versions merge silently when they meet. (Dated now, each PC's
	// settlement was the latest wherever it was made, and three PCs
	// syncing through a server settled the same conflict again and again,
	// each keeping its own.) A choice other than the pre-chosen one is a
	// change of its own, made now: should two PCs settle the same conflict
	// apart, the later choice is pre-chosen when the two meet.
	switch pre := Preferred(c.Local, c.Incoming); {
	case c.Outcome() == "taken" && pre:
		m.UpdatedAt = db.MetaOf(c.Incoming).UpdatedAt
	case c.Outcome() == "kept" && !pre:
		m.UpdatedAt = db.MetaOf(c.Local).UpdatedAt
	default:
		m.UpdatedAt = db.Now()
	}
	return out
}

// tombstoneOf is r deleted as its parent was, with the deletion's times.
// Its version stays r's: the parent's steps say nothing of r's own
// versions, and borrowing them would claim that r's tombstone had seen
// versions of r it never saw. Written, it takes a step of this database
// (see cascadeBelow and Conflict.result).
func tombstoneOf(r, parent db.Record) db.Record {
	out := db.Clone(r)
	m, pm := db.MetaOf(out), db.MetaOf(parent)
	m.DeletedAt, m.UpdatedAt = pm.DeletedAt, pm.UpdatedAt
	m.Hash = db.ContentHash(out)
	return out
}
