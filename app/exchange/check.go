package exchange

import (
	"time"

	"giamsat/assets/text"
	"giamsat/db"
)

// checkRecords checks every record on its own: its ID, version and times,
// and, for a live record, the rules the forms apply. Times are brought to
// the store's precision. The records of a package of format 1 or 2 get
// their versions here, by the rule the migration to versions used.
func checkRecords(p *Package) []Problem {
	var problems []Problem
	sender := p.Manifest.DatabaseID
	if sender == "" {
		sender = p.Manifest.PackageID
	}
	for _, table := range db.SyncedTables() {
		seen := map[string]bool{}
		for i, r := range p.Tables[table] {
			m := db.MetaOf(r)
			where := recordAt{table, i + 1}
			if p.Manifest.FormatVersion < 3 {
				if m.Revision >= 1 && m.SyncedRevision >= 0 && m.SyncedRevision <= m.Revision && len(m.Version) == 0 {
					m.Version = db.LegacyVersion(m.Revision, m.SyncedRevision, sender)
				}
				m.SyncedRevision = 0
			} else if m.SyncedRevision != 0 {
				m.Version = nil // a format-3 record has no synced revision: refused below
			}
			switch {
			case m.ID == "" || len(m.ID) > 64:
				problems = append(problems, problemf("%s: no id, or an id too long.", where))
				continue
			case seen[m.ID]:
				problems = append(problems, problemf("%s: the id %s appears twice.", where, m.ID))
				continue
			case m.Revision < 0 || m.Revision > db.MaxCounter:
				problems = append(problems, problemf("%s (%s): a revision out of range.", where, m.ID))
				continue
			case m.Version.Check() != nil:
				problems = append(problems, problemf("%s (%s): an invalid version.", where, m.ID))
				continue
			case m.CreatedAt.IsZero() || m.UpdatedAt.IsZero():
				problems = append(problems, problemf("%s (%s): no time of creation or change.", where, m.ID))
				continue
			}
			seen[m.ID] = true
			m.CreatedAt = m.CreatedAt.UTC().Truncate(time.Millisecond)
			m.UpdatedAt = m.UpdatedAt.UTC().Truncate(time.Millisecond)
			if !m.DeletedAt.IsZero() {
				m.DeletedAt = m.DeletedAt.UTC().Truncate(time.Millisecond)
			}
			m.ChangedAt = time.Time{}
			if d, ok := r.(*db.Difficulty); ok && p.Manifest.FormatVersion < 4 && d.Shared() && d.VisitID != "" {
				if !toDelegation(d, p.Tables["visits"]) {
					p.oldCommon = append(p.oldCommon, d)
					continue // checked by Prepare, once it has its visit
				}
			}
			if m.Deleted() {
				continue
			}
			for _, e := range db.Check(r) {
				problems = append(problems, problemf("%s (%s), %s: %s", where, m.ID, fieldSaid{table, e.Field}, e))
			}
		}
	}
	return problems
}

// recordAt names a record of a package by its table and position, formatted
// only when a problem is said.
type recordAt struct {
	table string
	n     int
}

// In says the place in lang (a text.Sayer).
func (p recordAt) In(lang string) string {
	return text.F("%s #%d", text.F(db.TableLabelKey(p.table)), p.n).In(lang)
}

// toDelegation makes a common difficulty of a package of format 3 or
// before, noted at a visit, a record of the visit's delegation naming the
// visit's commune, when the visit is among visits; as the store's
// migration 6 did (which named the other communes the delegation visited
// too: the two lists merge by union when they meet).
func toDelegation(d *db.Difficulty, visits []db.Record) bool {
	for _, r := range visits {
		if v := r.(*db.Visit); v.ID == d.VisitID {
			d.VisitID, d.DelegationID, d.Communes = "", v.DelegationID, v.CommuneID
			return true
		}
	}
	return false
}

// shareReferences makes every reference to a record of the package the
// same string as that record's ID: a large package's visit IDs are
// otherwise held once for each session, value, difficulty and request.
func shareReferences(p *Package) {
	ids := map[string]string{}
	for _, table := range db.SyncedTables() {
		for _, r := range p.Tables[table] {
			db.MapReferences(r, func(id string) (string, bool) {
				shared, ok := ids[id]
				return shared, ok
			})
		}
		if referenced[table] {
			for _, r := range p.Tables[table] {
				id := db.MetaOf(r).ID
				ids[id] = id
			}
		}
	}
}
