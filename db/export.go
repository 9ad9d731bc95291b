package db

import (
	"context"
	"slices"
	"strings"
)

// childRows returns the live records of type T (sessions, indicator values,
// difficulties, requests) of the visits f chooses, without their meta data,
// in the given order (or as stored when order is empty). Callers attach each
// record to its visit by VisitID, and drop those of visits they do not show:
// joining the visit, commune and delegation for every row costs more than
// the rows themselves.
func childRows[T any, P recordPtr[T]](ctx context.Context, s *Store, f TotalsFilter, order string) ([]T, error) {
	var probe T
	p := P(&probe)
	from := " FROM " + p.table() + " WHERE deleted_at IS NULL"
	var args []any
	if f != (TotalsFilter{}) {
		// A part of the visits: look them up. For all of them a plain scan
		// is faster, and callers drop rows of deleted visits.
		var where string
		where, args = f.where()
		from += " AND visit_id IN (SELECT v.id FROM visits v JOIN delegations d ON d.id = v.delegation_id" +
			" AND d.deleted_at IS NULL WHERE " + where + ")"
	}
	// Counted first, so that the rows are read into a slice of the right
	// size rather than one that doubles (and is copied) as it grows: a
	// large export's memory goes down by a copy of each kind.
	var n int
	if err := s.read.QueryRowContext(ctx, "SELECT count(*)"+from, args...).Scan(&n); err != nil {
		return nil, err
	}
	q := "SELECT " + strings.Join(columnNames(p.appendColumns(nil)), ", ") + from
	if order != "" {
		q += " ORDER BY " + order
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]T, 0, n)
	for rows.Next() {
		var r T
		if err := rows.Scan(pointers(P(&r).appendColumns(nil))...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SessionRows returns the dissemination sessions of the visits f chooses, in
// the order they were stored.
func (s *Store) SessionRows(ctx context.Context, f TotalsFilter) ([]Session, error) {
	return childRows[Session](ctx, s, f, "")
}

// ValueRows returns the indicator values of the visits f chooses.
func (s *Store) ValueRows(ctx context.Context, f TotalsFilter) ([]IndicatorValue, error) {
	return childRows[IndicatorValue](ctx, s, f, "")
}

// DifficultyRows returns the difficulties of the visits f chooses: the
// communes' own, then those common to several communes of a delegation
// that name a commune of those visits, in the order they were recorded.
func (s *Store) DifficultyRows(ctx context.Context, f TotalsFilter) ([]Difficulty, error) {
	if f == (TotalsFilter{}) {
		// childRows scans the whole table: the common ones are in it.
		out, err := childRows[Difficulty](ctx, s, f, "")
		if err != nil {
			return nil, err
		}
		own := slices.DeleteFunc(slices.Clone(out), Difficulty.Shared)
		return append(own, slices.DeleteFunc(out, func(d Difficulty) bool { return !d.Shared() })...), nil
	}
	out, err := childRows[Difficulty](ctx, s, f, "")
	if err != nil {
		return nil, err
	}
	where, args := f.where()
	common, err := list[Difficulty](ctx, s.read, `delegation_id IS NOT NULL AND EXISTS (SELECT 1 FROM visits v
	WHERE `+where+` AND v.delegation_id = difficulties.delegation_id AND instr(',' || communes || ',', ',' || v.commune_id || ',') > 0)`,
		"created_at", args...)
	return append(out, common...), err
}

// RequestRows returns the requests of the visits f chooses: the communes'
// own, then those common to several communes of a delegation that name a
// commune of those visits, in the order they were recorded.
func (s *Store) RequestRows(ctx context.Context, f TotalsFilter) ([]Request, error) {
	out, err := childRows[Request](ctx, s, f, "")
	if err != nil {
		return nil, err
	}
	if f == (TotalsFilter{}) {
		// childRows scans the whole table: the common ones are in it.
		own := slices.DeleteFunc(slices.Clone(out), Request.Shared)
		return append(own, slices.DeleteFunc(out, func(r Request) bool { return !r.Shared() })...), nil
	}
	where, args := f.where()
	common, err := list[Request](ctx, s.read, `delegation_id IS NOT NULL AND EXISTS (SELECT 1 FROM visits v
	WHERE `+where+` AND v.delegation_id = requests.delegation_id AND instr(',' || communes || ',', ',' || v.commune_id || ',') > 0)`,
		"created_at", args...)
	return append(out, common...), err
}

// VisitsFor returns the visits f chooses, by delegation, date and commune.
func (s *Store) VisitsFor(ctx context.Context, f TotalsFilter) ([]VisitRow, error) {
	return s.Visits(ctx, VisitFilter{DelegationID: f.DelegationID, From: f.From, To: f.To})
}

// Finding is what a delegation wrote of one visit.
type Finding struct {
	VisitID                                              string
	Place, ChairedBy, Attendees, Assessment, Conclusions string
	CommuneNotes                                         string // what the catalogue notes of the visit's commune
}

// FindingRows returns the written findings of the visits f chooses: place,
// who chaired, who attended, the assessment and the conclusions.
func (s *Store) FindingRows(ctx context.Context, f TotalsFilter) ([]Finding, error) {
	where, args := f.where()
	rows, err := s.read.QueryContext(ctx, "SELECT v.id, v.place, v.chaired_by, v.attendees, v.assessment, v.conclusions, "+
		"coalesce((SELECT c.notes FROM communes c WHERE c.id = v.commune_id), '') FROM visits v WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var r Finding
		if err := rows.Scan(&r.VisitID, &r.Place, &r.ChairedBy, &r.Attendees, &r.Assessment, &r.Conclusions, &r.CommuneNotes); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
