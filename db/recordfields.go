package db

import (
	"fmt"
	"slices"
)

// TableOf returns the table a record is stored in.
func TableOf(r Record) string { return r.table() }

// MetaOf returns the record's ID, times and revisions.
func MetaOf(r Record) *Meta { return r.meta() }

// References returns, for each field of r that points to another record,
// the table it points to and the ID; a field that points nowhere (a common
// difficulty's visit) is left out. SetReference changes one.
func References(r Record) []Reference {
	refs := references(r)
	for i, ref := range refs {
		if ref.ID == "" {
			out := slices.Clone(refs[:i])
			for _, ref := range refs[i+1:] {
				if ref.ID != "" {
					out = append(out, ref)
				}
			}
			return out
		}
	}
	return refs
}

// ReferenceColumns returns the fields of table's records that may point to
// another record, with empty IDs: what References can return.
func ReferenceColumns(table string) []Reference {
	r := NewRecord(table)
	if r == nil {
		return nil
	}
	return references(r)
}

func references(r Record) []Reference {
	cols := referenceColumns[r.table()]
	if len(cols) == 0 {
		return nil
	}
	ptrs := referencePtrs(r)
	out := make([]Reference, len(cols))
	for i, c := range cols {
		out[i] = Reference{c[0], c[1], *ptrs[i]}
	}
	return out
}

// referenceColumns names, per table, the fields referencePtrs returns:
// the column and the table it points to.
var referenceColumns = map[string][][2]string{
	"members":          {{"delegation_id", "delegations"}},
	"visits":           {{"delegation_id", "delegations"}, {"commune_id", "communes"}},
	"sessions":         {{"visit_id", "visits"}},
	"indicator_values": {{"visit_id", "visits"}, {"indicator_id", "indicators"}},
	"difficulties":     {{"visit_id", "visits"}, {"delegation_id", "delegations"}},
	"requests":         {{"visit_id", "visits"}, {"delegation_id", "delegations"}},
}

// referencePtrs returns the fields of r that point to other records, in
// the order of referenceColumns, without allocating: a receipt goes
// through them for every record of a package.
func referencePtrs(r Record) (p [2]*string) {
	switch v := r.(type) {
	case *Member:
		p[0] = &v.DelegationID
	case *Visit:
		p[0], p[1] = &v.DelegationID, &v.CommuneID
	case *Session:
		p[0] = &v.VisitID
	case *IndicatorValue:
		p[0], p[1] = &v.VisitID, &v.IndicatorID
	case *Difficulty:
		p[0], p[1] = &v.VisitID, &v.DelegationID
	case *Request:
		p[0], p[1] = &v.VisitID, &v.DelegationID
	}
	return p
}

// MapReferences gives every field of r that points to a record the ID f
// returns for it, where f returns one; fields that point nowhere are left.
func MapReferences(r Record, f func(id string) (string, bool)) {
	for _, p := range referencePtrs(r) {
		if p != nil && *p != "" {
			if to, ok := f(*p); ok {
				*p = to
			}
		}
	}
}

// Reference is a field of a record that holds the ID of another.
type Reference struct {
	Column, Table, ID string
}

// SetReference points the field column of r to id.
func SetReference(r Record, column, id string) {
	for _, c := range r.appendColumns(nil) {
		if c.name == column {
			switch p := c.ptr.(type) {
			case *string:
				*p = id
			case *optionalID:
				*p = optionalID(id)
			}
			return
		}
	}
}

// Unite gives the fields of dst that merge by union (a common record's
// communes) the values of dst and src together, and reports whether dst
// changed. dst and src are records of one table.
func Unite(dst, src Record) bool {
	d, s := CommunesOf(dst), CommunesOf(src)
	if d == nil || s == nil {
		return false
	}
	u := UnionIDs(*d, *s)
	changed := u != *d
	*d = u
	return changed
}

// CommunesOf is the list of communes of a record that may be common to
// several (a difficulty, a request); nil for any other.
func CommunesOf(r Record) *string {
	switch x := r.(type) {
	case *Difficulty:
		return &x.Communes
	case *Request:
		return &x.Communes
	}
	return nil
}

// SharedTables are the tables whose records may be common to several
// communes of a delegation (scope "delegation", a list of communes).
var SharedTables = []string{"difficulties", "requests"}

// United reports whether column merges by union (see Unite).
func United(table, column string) bool {
	return column == "communes" && (table == "difficulties" || table == "requests")
}

// SameContent reports whether a and b, records of one table, hold the same
// values and the same deletion state, whatever their IDs, times and
// revisions.
func SameContent(a, b Record) bool {
	if a.table() != b.table() || a.meta().Deleted() != b.meta().Deleted() {
		return false
	}
	va, vb := values(a.appendColumns(nil)), values(b.appendColumns(nil))
	for i := range va {
		if va[i] != vb[i] {
			return false
		}
	}
	return true
}

// ColumnNames are the names of r's columns that hold its content (not its
// ID, times and versions), in the order of the table.
func ColumnNames(r Record) []string {
	var names []string
	for _, c := range r.appendColumns(nil) {
		names = append(names, c.name)
	}
	return names
}

// SameRecords reports whether now holds the same records as saved, by
// SameContent: the same stored records (by table and ID), each with the
// same content, and the records not yet stored (without an ID) alike,
// table by table in order. It is how a form knows it holds changes.
func SameRecords(saved, now []Record) bool {
	if len(saved) != len(now) {
		return false
	}
	stored := map[string]Record{}
	unstored := map[string][]Record{}
	for _, r := range saved {
		if id := r.meta().ID; id != "" {
			stored[r.table()+"/"+id] = r
		} else {
			unstored[r.table()] = append(unstored[r.table()], r)
		}
	}
	for _, r := range now {
		if id := r.meta().ID; id != "" {
			s, ok := stored[r.table()+"/"+id]
			if !ok || !SameContent(s, r) {
				return false
			}
			delete(stored, r.table()+"/"+id)
			continue
		}
		list := unstored[r.table()]
		if len(list) == 0 || !SameContent(list[0], r) {
			return false
		}
		unstored[r.table()] = list[1:]
	}
	return true
}

// Removed returns the records of saved that have an ID and are not in now:
// what saving now deletes.
func Removed(saved, now []Record) []Record {
	kept := map[string]bool{}
	for _, r := range now {
		kept[r.table()+"/"+r.meta().ID] = true
	}
	var removed []Record
	for _, r := range saved {
		if id := r.meta().ID; id != "" && !kept[r.table()+"/"+id] {
			removed = append(removed, r)
		}
	}
	return removed
}

// Difference is a column where two versions of a record differ, with each
// version's value as text.
type Difference struct {
	Column string
	A, B   string
}

// Differences lists the columns where a and b, records of one table, hold
// different values.
func Differences(a, b Record) []Difference {
	var out []Difference
	ca, cb := a.appendColumns(nil), b.appendColumns(nil)
	va, vb := values(ca), values(cb)
	for i := range va {
		if va[i] != vb[i] {
			out = append(out, Difference{Column: ca[i].name, A: valueText(va[i]), B: valueText(vb[i])})
		}
	}
	return out
}

func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if d, err := ParseDate(x); err == nil && len(x) == len(dateLayout) {
			return d.String()
		}
		return x
	case float64:
		return FormatNumber(x, "vi")
	case int64:
		return fmt.Sprint(x)
	case bool:
		if x {
			return "✓"
		}
		return ""
	}
	return fmt.Sprint(v)
}

// CopyColumns sets the named columns of dst to src's values; dst and src are
// records of one table.
func CopyColumns(dst, src Record, columns []string) {
	want := map[string]bool{}
	for _, c := range columns {
		want[c] = true
	}
	sc := src.appendColumns(nil)
	for i, d := range dst.appendColumns(nil) {
		if !want[d.name] {
			continue
		}
		switch p := d.ptr.(type) {
		case *string:
			*p = *sc[i].ptr.(*string)
		case *optionalID:
			*p = *sc[i].ptr.(*optionalID)
		case *int:
			*p = *sc[i].ptr.(*int)
		case **int:
			if v := *sc[i].ptr.(**int); v != nil {
				*p = IntPtr(*v)
			} else {
				*p = nil
			}
		case *float64:
			*p = *sc[i].ptr.(*float64)
		case **float64:
			if v := *sc[i].ptr.(**float64); v != nil {
				*p = FloatPtr(*v)
			} else {
				*p = nil
			}
		case *bool:
			*p = *sc[i].ptr.(*bool)
		case *Date:
			*p = *sc[i].ptr.(*Date)
		}
	}
}

// Clone returns a copy of r: its fields, times and version.
func Clone(r Record) Record {
	out := NewRecord(r.table())
	cols := r.appendColumns(nil)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	CopyColumns(out, r, names)
	*out.meta() = *r.meta()
	out.meta().Version = append(Version(nil), r.meta().Version...)
	return out
}
