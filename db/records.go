package db

import (
	"database/sql/driver"
	"fmt"
)

// column ties a table column to the field of a record that holds it. The same
// pointer serves for scanning a row and, dereferenced by database/sql, for
// writing one.
type column struct {
	name string
	ptr  any
}

// Record is any record of the domain (a commune, a delegation, a visit...):
// what the generic store code needs of it. Its methods are the store's own.
type Record interface {
	meta() *Meta
	table() string
	// appendColumns appends the record's own columns to dst.
	appendColumns(dst []column) []column
	Validate() Errors
}

func (m *Meta) meta() *Meta { return m }

func appendMetaColumns(dst []column, m *Meta) []column {
	return append(dst, []column{
		{"id", &m.ID},
		{"created_at", (*stamp)(&m.CreatedAt)},
		{"updated_at", (*stamp)(&m.UpdatedAt)},
		{"revision", &m.Revision},
		{"deleted_at", (*stamp)(&m.DeletedAt)},
		{"changed_at", (*stamp)(&m.ChangedAt)},
		{"version", &m.Version},
		{"content_hash", &m.Hash},
	}...)
}

func (*Commune) table() string { return "communes" }
func (c *Commune) appendColumns(dst []column) []column {
	return append(dst, []column{
		{"name", &c.Name}, {"kind", &c.Kind}, {"province", &c.Province},
		{"code", &c.Code}, {"notes", &c.Notes},
	}...)
}

func (*Delegation) table() string { return "delegations" }
func (d *Delegation) appendColumns(dst []column) []column {
	return append(dst, []column{
		{"number", &d.Number}, {"issuing_body", &d.IssuingBody},
		{"decision_ref", &d.DecisionRef}, {"report_ref", &d.ReportRef},
		{"subject", &d.Subject}, {"period_from", &d.PeriodFrom},
		{"period_to", &d.PeriodTo}, {"notes", &d.Notes},
	}...)
}

func (*Member) table() string { return "members" }
func (m *Member) appendColumns(dst []column) []column {
	return append(dst, []column{
		{"delegation_id", &m.DelegationID}, {"full_name", &m.FullName},
		{"role", &m.Role}, {"position", &m.Position}, {"sort_order", &m.SortOrder},
	}...)
}

func (*Visit) table() string { return "visits" }
func (v *Visit) appendColumns(dst []column) []column {
	return append(dst, []column{
		{"delegation_id", &v.DelegationID}, {"commune_id", &v.CommuneID},
		{"visit_date", &v.Date}, {"place", &v.Place}, {"chaired_by", &v.ChairedBy},
		{"attendees", &v.Attendees}, {"assessment", &v.Assessment},
		{"conclusions", &v.Conclusions},
	}...)
}

func (*Session) table() string { return "sessions" }
func (s *Session) appendColumns(dst []column) []column {
	return append(dst, []column{
		{"visit_id", &s.VisitID}, {"level", &s.Level}, {"held", &s.Held},
		{"held_qualifier", &s.HeldQualifier}, {"participants", &s.Participants},
		{"participants_qualifier", &s.ParticipantsQualifier},
		{"expected", &s.Expected}, {"mode", &s.Mode},
		{"link_points", &s.LinkPoints}, {"note", &s.Note},
	}...)
}

func (*Indicator) table() string { return "indicators" }
func (i *Indicator) appendColumns(dst []column) []column {
	return append(dst, []column{
		{"code", &i.Code}, {"name_vi", &i.NameVI}, {"name_en", &i.NameEN},
		{"unit", &i.Unit}, {"unit_label", &i.UnitLabel}, {"min_value", &i.Min},
		{"max_value", &i.Max}, {"sort_order", &i.SortOrder}, {"is_key", &i.Key},
	}...)
}

func (*IndicatorValue) table() string { return "indicator_values" }
func (v *IndicatorValue) appendColumns(dst []column) []column {
	return append(dst, []column{
		{"visit_id", &v.VisitID}, {"indicator_id", &v.IndicatorID},
		{"value", &v.Value}, {"qualifier", &v.Qualifier}, {"note", &v.Note},
	}...)
}

func (*Difficulty) table() string { return "difficulties" }
func (d *Difficulty) appendColumns(dst []column) []column {
	return append(dst, []column{
		{"visit_id", (*optionalID)(&d.VisitID)}, {"category", &d.Category},
		{"description", &d.Description}, {"remedy", &d.Remedy},
		{"responsible", &d.Responsible}, {"deadline", &d.Deadline},
		{"status", &d.Status}, {"scope", &d.Scope},
		{"delegation_id", (*optionalID)(&d.DelegationID)}, {"communes", &d.Communes},
	}...)
}

// optionalID is a reference that may point nowhere: "" is stored as null,
// which a foreign key lets through.
type optionalID string

// Value stores "" as null.
func (o optionalID) Value() (driver.Value, error) {
	if o == "" {
		return nil, nil
	}
	return string(o), nil
}

// Scan reads null as "".
func (o *optionalID) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*o = ""
	case string:
		*o = optionalID(v)
	case []byte:
		*o = optionalID(v)
	default:
		return fmt.Errorf("optional ID: unexpected %T", src)
	}
	return nil
}

func (*Request) table() string { return "requests" }
func (r *Request) appendColumns(dst []column) []column {
	return append(dst, []column{
		{"visit_id", (*optionalID)(&r.VisitID)}, {"body", &r.Text}, {"deadline", &r.Deadline},
		{"status", &r.Status}, {"scope", &r.Scope},
		{"delegation_id", (*optionalID)(&r.DelegationID)}, {"communes", &r.Communes},
	}...)
}

// Check normalises r in place (every text in NFC, without surrounding
// spaces) and returns what is wrong with it: the one rule that the forms, as
// the user types, and the store, before it writes, both apply.
func Check(r Record) Errors {
	normalize(r)
	return r.Validate()
}

// normalize stores every text field in NFC without surrounding spaces, and
// gives a difficulty without a scope (made before scopes, or received in a
// package of format 1) its commune's.
func normalize(r Record) {
	cp, cols := borrowColumns(r, false)
	for _, c := range cols {
		if p, ok := c.ptr.(*string); ok {
			*p = NormalizeText(*p)
		}
	}
	returnColumns(cp, cols)
	switch x := r.(type) {
	case *Difficulty:
		if x.Scope == "" {
			x.Scope = "commune"
		}
		x.Communes = JoinIDs(SplitIDs(x.Communes))
	case *Request:
		if x.Scope == "" {
			x.Scope = "commune"
		}
		x.Communes = JoinIDs(SplitIDs(x.Communes))
	}
}
