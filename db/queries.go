package db

import (
	"context"
	"strings"
)

// Delegations returns every delegation, the newest period first.
func (s *Store) Delegations(ctx context.Context) ([]Delegation, error) {
	return list[Delegation](ctx, s.read, "", "period_from DESC, number")
}

// Members returns the members of a delegation: head first, then in order.
func (s *Store) Members(ctx context.Context, delegationID string) ([]Member, error) {
	return list[Member](ctx, s.read, "delegation_id = ?",
		"CASE role WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 WHEN 'member' THEN 2 ELSE 3 END, sort_order, full_name",
		delegationID)
}

// Communes returns the communes whose name or code matches query without
// diacritics ("thong nong"), by name; an empty query returns all.
func (s *Store) Communes(ctx context.Context, query string) ([]Commune, error) {
	where, args := foldedWhere([]string{"name", "province", "code"}, query)
	return list[Commune](ctx, s.read, where, "name", args...)
}

// foldedWhere builds a condition that each word of query occurs, without
// diacritics, in one of cols.
func foldedWhere(cols []string, query string) (string, []any) {
	var conds []string
	var args []any
	for _, w := range strings.Fields(Fold(query)) {
		var ors []string
		for _, c := range cols {
			ors = append(ors, "instr(fold("+c+"), ?) > 0")
			args = append(args, w)
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	return strings.Join(conds, " AND "), args
}

// Indicators returns the indicator catalogue in its order.
func (s *Store) Indicators(ctx context.Context) ([]Indicator, error) {
	return list[Indicator](ctx, s.read, "", "sort_order, name_vi")
}

// VisitFilter narrows a list of visits; zero fields do not filter.
type VisitFilter struct {
	DelegationID string
	CommuneID    string
	From, To     Date
	Query        string // words matched without diacritics in the commune's name
}

// VisitRow is a visit as a list shows it: its ID, delegation, commune,
// date and place (the other fields of Visit are left empty: Get reads a whole
// visit), with the names shown beside it.
type VisitRow struct {
	Visit
	CommuneName      string
	CommuneCode      string // the administrative code, which tells two communes of one name apart
	DelegationNumber string
}

// Visits returns the visits matching f, by date then commune.
func (s *Store) Visits(ctx context.Context, f VisitFilter) ([]VisitRow, error) {
	q := "SELECT v.id, v.delegation_id, v.commune_id, v.visit_date, v.place, c.name, c.code, d.number FROM visits v" +
		" JOIN communes c ON c.id = v.commune_id JOIN delegations d ON d.id = v.delegation_id" +
		" WHERE d.deleted_at IS NULL"
	where, args := TotalsFilter{DelegationID: f.DelegationID, From: f.From, To: f.To}.where()
	q += " AND " + where
	if f.CommuneID != "" {
		q += " AND v.commune_id = ?"
		args = append(args, f.CommuneID)
	}
	if where, wargs := foldedWhere([]string{"c.name"}, f.Query); where != "" {
		q += " AND " + where
		args = append(args, wargs...)
	}
	// A delegation's visits together, even beside another of its number.
	q += " ORDER BY d.number, d.period_from, d.id, v.visit_date, c.name"
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []VisitRow
	for rows.Next() {
		var r VisitRow
		if err := rows.Scan(&r.ID, &r.DelegationID, &r.CommuneID, &r.Date, &r.Place, &r.CommuneName, &r.CommuneCode, &r.DelegationNumber); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// VisitDetail is a visit with everything recorded at it.
type VisitDetail struct {
	Visit      Visit
	Commune    Commune
	Delegation Delegation
	Sessions   []Session
	Values     []IndicatorValue
	// Difficulties are the commune's own, recorded at the visit, and
	// those of the delegation common to several communes, this one among
	// them.
	Difficulties []Difficulty
	Requests     []Request
	// Communes are those a common record of the delegation may name: the
	// communes of its visits and those its common records name already, by
	// name.
	Communes []Commune
}

// VisitDetail returns the visit with the ID and all its records.
func (s *Store) VisitDetail(ctx context.Context, id string) (*VisitDetail, error) {
	v, err := Get[Visit](ctx, s, id)
	if err != nil {
		return nil, err
	}
	d := &VisitDetail{Visit: *v}
	c, err := Get[Commune](ctx, s, v.CommuneID)
	if err != nil {
		return nil, err
	}
	d.Commune = *c
	dl, err := Get[Delegation](ctx, s, v.DelegationID)
	if err != nil {
		return nil, err
	}
	d.Delegation = *dl
	if d.Sessions, err = s.Sessions(ctx, id); err != nil {
		return nil, err
	}
	if d.Values, err = s.IndicatorValues(ctx, id); err != nil {
		return nil, err
	}
	if d.Difficulties, err = s.VisitDifficulties(ctx, v); err != nil {
		return nil, err
	}
	if d.Requests, err = s.VisitRequests(ctx, v); err != nil {
		return nil, err
	}
	if d.Communes, err = s.DelegationCommunes(ctx, v.DelegationID); err != nil {
		return nil, err
	}
	return d, nil
}

// VisitDifficulties returns the difficulties of a visit's commune: its own,
// recorded at the visit, and the delegation's common ones that name it, in
// the order they were recorded.
func (s *Store) VisitDifficulties(ctx context.Context, v *Visit) ([]Difficulty, error) {
	return list[Difficulty](ctx, s.read,
		"visit_id = ? OR delegation_id = ? AND instr(',' || communes || ',', ',' || ? || ',') > 0",
		"created_at", v.ID, v.DelegationID, v.CommuneID)
}

// VisitRequests returns the requests to a visit's commune: its own, made
// at the visit, and the delegation's common ones that name it, in the
// order they were recorded.
func (s *Store) VisitRequests(ctx context.Context, v *Visit) ([]Request, error) {
	return list[Request](ctx, s.read,
		"visit_id = ? OR delegation_id = ? AND instr(',' || communes || ',', ',' || ? || ',') > 0",
		"created_at", v.ID, v.DelegationID, v.CommuneID)
}

// CommonRequests returns the requests common to several communes of a
// delegation, in the order they were recorded.
func (s *Store) CommonRequests(ctx context.Context, delegationID string) ([]Request, error) {
	return list[Request](ctx, s.read, "delegation_id = ?", "created_at", delegationID)
}

// CommonDifficulties returns the difficulties common to several communes of
// a delegation, in the order they were recorded.
func (s *Store) CommonDifficulties(ctx context.Context, delegationID string) ([]Difficulty, error) {
	return list[Difficulty](ctx, s.read, "delegation_id = ?", "created_at", delegationID)
}

// DelegationCommunes returns the live communes a common record of the
// delegation may name: those of its visits and those its common
// difficulties name, by name.
func (s *Store) DelegationCommunes(ctx context.Context, delegationID string) ([]Commune, error) {
	named := map[string]bool{}
	rows, err := s.read.QueryContext(ctx, `SELECT commune_id FROM visits WHERE delegation_id = ?1 AND deleted_at IS NULL
UNION SELECT communes FROM difficulties WHERE delegation_id = ?1 AND deleted_at IS NULL
UNION SELECT communes FROM requests WHERE delegation_id = ?1 AND deleted_at IS NULL`, delegationID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var ids string
		if err := rows.Scan(&ids); err != nil {
			rows.Close()
			return nil, err
		}
		for _, id := range SplitIDs(ids) {
			named[id] = true
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	all, err := s.Communes(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []Commune
	for _, c := range all {
		if named[c.ID] {
			out = append(out, c)
		}
	}
	return out, nil
}

// Sessions returns the dissemination sessions of a visit, by level.
func (s *Store) Sessions(ctx context.Context, visitID string) ([]Session, error) {
	return list[Session](ctx, s.read, "visit_id = ?", levelOrder+", created_at", visitID)
}

const levelOrder = "CASE level WHEN 'commune' THEN 0 WHEN 'party_cell' THEN 1 WHEN 'mass_org' THEN 2 ELSE 3 END"

// IndicatorValues returns the indicator values of a visit in catalogue order.
func (s *Store) IndicatorValues(ctx context.Context, visitID string) ([]IndicatorValue, error) {
	return list[IndicatorValue](ctx, s.read, "visit_id = ?",
		"(SELECT sort_order FROM indicators i WHERE i.id = indicator_id), created_at", visitID)
}

// Difficulties returns the difficulties recorded at a visit: the commune's
// own.
func (s *Store) Difficulties(ctx context.Context, visitID string) ([]Difficulty, error) {
	return list[Difficulty](ctx, s.read, "visit_id = ?", "created_at", visitID)
}

// Requests returns the requests of the delegation at a visit.
func (s *Store) Requests(ctx context.Context, visitID string) ([]Request, error) {
	return list[Request](ctx, s.read, "visit_id = ?", "created_at", visitID)
}

// TotalsFilter chooses the visits that totals cover: one delegation (or all
// when empty) and optionally a date range.
type TotalsFilter struct {
	DelegationID string
	From, To     Date
}

func (f TotalsFilter) where() (string, []any) {
	q := "v.deleted_at IS NULL"
	var args []any
	if f.DelegationID != "" {
		q += " AND v.delegation_id = ?"
		args = append(args, f.DelegationID)
	}
	if !f.From.IsZero() {
		q += " AND v.visit_date >= ?"
		args = append(args, f.From)
	}
	if !f.To.IsZero() {
		q += " AND v.visit_date <= ?"
		args = append(args, f.To)
	}
	return q, args
}

// SessionTotal sums the sessions of one commune at one level. The counts
// are over the rows that give them; Qualified is set when any summed figure
// was "more than" or "about", so the sum is a lower bound.
type SessionTotal struct {
	CommuneID, CommuneName, Level string
	Rows                          int
	Held, Participants, Expected  int
	HeldKnown, ParticipantsKnown  bool
	ExpectedKnown                 bool
	// ParticipantsWithExpected sums participants over the rows that give an
	// expected number, so that a rate compares like with like.
	ParticipantsWithExpected int
	Qualified                bool
}

// IndicatorTotal is the latest value of an indicator for a commune.
type IndicatorTotal struct {
	CommuneID, CommuneName, IndicatorID string
	Value                               float64
	Qualifier                           string
}

// DifficultyCount counts difficulties of a category at a commune, or, with
// Shared set and no commune, those common to every commune of a delegation
// (counted once).
type DifficultyCount struct {
	CommuneID, CommuneName, Category string
	Shared                           bool
	DelegationID                     string
	Count                            int
}

// Totals is what a delegation found, summed per commune.
type Totals struct {
	Sessions     []SessionTotal
	Indicators   []IndicatorTotal
	Difficulties []DifficultyCount
}

// Totals sums sessions and participants by commune and level, takes each
// commune's latest indicator values and counts difficulties by category.
func (s *Store) Totals(ctx context.Context, f TotalsFilter) (*Totals, error) {
	where, args := f.where()
	t := &Totals{}
	var err error
	if t.Sessions, err = s.sessionTotals(ctx, where, args); err != nil {
		return nil, err
	}
	if t.Indicators, err = s.indicatorTotals(ctx, where, args); err != nil {
		return nil, err
	}
	if t.Difficulties, err = s.difficultyCounts(ctx, where, args); err != nil {
		return nil, err
	}
	return t, nil
}

// sessionTotals are the sessions of the visits where chooses, summed by
// commune and level.
func (s *Store) sessionTotals(ctx context.Context, where string, args []any) ([]SessionTotal, error) {
	var out []SessionTotal
	rows, err := s.read.QueryContext(ctx, `
SELECT c.id, c.name, se.level, count(*),
	coalesce(sum(se.held), 0), count(se.held),
	coalesce(sum(se.participants), 0), count(se.participants),
	coalesce(sum(se.expected), 0), count(se.expected),
	coalesce(sum(CASE WHEN se.expected IS NOT NULL THEN se.participants END), 0),
	max(se.held_qualifier <> '' OR se.participants_qualifier <> '')
FROM visits v
JOIN communes c ON c.id = v.commune_id
JOIN sessions se ON se.visit_id = v.id AND se.deleted_at IS NULL
WHERE `+where+`
GROUP BY c.id, se.level
ORDER BY c.name, `+strings.ReplaceAll(levelOrder, "level", "se.level"), args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var st SessionTotal
		var nHeld, nPart, nExp int
		if err := rows.Scan(&st.CommuneID, &st.CommuneName, &st.Level, &st.Rows, &st.Held, &nHeld,
			&st.Participants, &nPart, &st.Expected, &nExp, &st.ParticipantsWithExpected, &st.Qualified); err != nil {
			rows.Close()
			return nil, err
		}
		st.HeldKnown, st.ParticipantsKnown, st.ExpectedKnown = nHeld > 0, nPart > 0, nExp > 0
		out = append(out, st)
	}
	return out, closeRows(rows)
}

// indicatorTotals are the indicator values of the visits where chooses,
// by commune and indicator.
func (s *Store) indicatorTotals(ctx context.Context, where string, args []any) ([]IndicatorTotal, error) {
	var out []IndicatorTotal
	rows, err := s.read.QueryContext(ctx, `
SELECT c.id, c.name, iv.indicator_id, iv.value, iv.qualifier, max(v.visit_date || v.id)
FROM visits v
JOIN communes c ON c.id = v.commune_id
JOIN indicator_values iv ON iv.visit_id = v.id AND iv.deleted_at IS NULL
WHERE `+where+`
GROUP BY c.id, iv.indicator_id
ORDER BY c.name`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var it IndicatorTotal
		var latest string
		if err := rows.Scan(&it.CommuneID, &it.CommuneName, &it.IndicatorID, &it.Value, &it.Qualifier, &latest); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, it)
	}
	return out, closeRows(rows)
}

// difficultyCounts are the difficulties of the visits where chooses,
// counted by commune and category.
func (s *Store) difficultyCounts(ctx context.Context, where string, args []any) ([]DifficultyCount, error) {
	var out []DifficultyCount
	// A commune's own by its visits; the common ones once per delegation,
	// those naming a commune of the visits chosen.
	rows, err := s.read.QueryContext(ctx, `
SELECT c.id AS commune, c.name AS name, d.category, 0, v.delegation_id, count(*)
FROM visits v
JOIN communes c ON c.id = v.commune_id
JOIN difficulties d ON d.visit_id = v.id AND d.deleted_at IS NULL
WHERE `+where+`
GROUP BY v.delegation_id, c.id, d.category
UNION ALL
SELECT '', '', d.category, 1, d.delegation_id, count(*)
FROM difficulties d
WHERE d.deleted_at IS NULL AND d.delegation_id IS NOT NULL AND EXISTS (SELECT 1 FROM visits v
	WHERE `+where+` AND v.delegation_id = d.delegation_id AND instr(',' || d.communes || ',', ',' || v.commune_id || ',') > 0)
GROUP BY d.delegation_id, d.category
ORDER BY 2, 3`, append(args, args...)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var dc DifficultyCount
		if err := rows.Scan(&dc.CommuneID, &dc.CommuneName, &dc.Category, &dc.Shared, &dc.DelegationID, &dc.Count); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, dc)
	}
	return out, closeRows(rows)
}

func closeRows(rows interface {
	Err() error
	Close() error
}) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
