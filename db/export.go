package db

import (
	"context"
	"strings"
)

// Visited is a record that belongs to a visit, with what a flat list (a
// sheet of the workbook) shows beside it.
type Visited[T any] struct {
	Record           T
	DelegationNumber string
	CommuneID        string
	CommuneName      string
	VisitDate        Date
}

// visitedRows returns the live records of type T of the visits f chooses,
// by delegation, date and commune.
func visitedRows[T any, P recordPtr[T]](ctx context.Context, s *Store, f TotalsFilter, order string) ([]Visited[T], error) {
	var probe T
	p := P(&probe)
	cols := columnNames(allColumns(p))
	for i := range cols {
		cols[i] = "x." + cols[i]
	}
	where, args := f.where()
	q := "SELECT " + strings.Join(cols, ", ") + ", d.number, c.id, c.name, v.visit_date FROM " + p.table() + " x" +
		" JOIN visits v ON v.id = x.visit_id JOIN communes c ON c.id = v.commune_id" +
		" JOIN delegations d ON d.id = v.delegation_id AND d.deleted_at IS NULL" +
		" WHERE x.deleted_at IS NULL AND " + where +
		" ORDER BY d.number, v.visit_date, c.name, v.id"
	if order != "" {
		q += ", " + order
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Visited[T]
	for rows.Next() {
		var r Visited[T]
		ptrs := append(pointers(allColumns(P(&r.Record))), &r.DelegationNumber, &r.CommuneID, &r.CommuneName, &r.VisitDate)
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SessionRows returns the dissemination sessions of the visits f chooses.
func (s *Store) SessionRows(ctx context.Context, f TotalsFilter) ([]Visited[Session], error) {
	return visitedRows[Session](ctx, s, f, strings.ReplaceAll(levelOrder, "level", "x.level"))
}

// ValueRows returns the indicator values of the visits f chooses.
func (s *Store) ValueRows(ctx context.Context, f TotalsFilter) ([]Visited[IndicatorValue], error) {
	return visitedRows[IndicatorValue](ctx, s, f, "x.indicator_id")
}

// DifficultyRows returns the difficulties of the visits f chooses.
func (s *Store) DifficultyRows(ctx context.Context, f TotalsFilter) ([]Visited[Difficulty], error) {
	return visitedRows[Difficulty](ctx, s, f, "x.created_at")
}

// RequestRows returns the requests of the visits f chooses.
func (s *Store) RequestRows(ctx context.Context, f TotalsFilter) ([]Visited[Request], error) {
	return visitedRows[Request](ctx, s, f, "x.created_at")
}

// VisitsFor returns the visits f chooses, as the workbook lists them.
func (s *Store) VisitsFor(ctx context.Context, f TotalsFilter) ([]VisitRow, error) {
	return s.Visits(ctx, VisitFilter{DelegationID: f.DelegationID, From: f.From, To: f.To})
}
