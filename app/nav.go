package app

import (
	"strings"

	"giamsat/assets"
	"giamsat/db"
)

// Tree node IDs: "d:ID" for a delegation, "v:ID" for a visit.
const (
	delegationNode = "d:"
	visitNode      = "v:"
)

type navVisit struct {
	row    db.VisitRow
	label  string
	folded string
}

type navDelegation struct {
	d      db.Delegation
	label  string
	folded string
	visits []navVisit
}

// navModel is what the navigation tree shows: delegations and, under each,
// its visits, filtered by a search that ignores diacritics. It holds no
// widgets, so it can be tested and benchmarked alone.
type navModel struct {
	generation  int // of the translations the labels were made with
	delegations []navDelegation
	index       map[string]int // delegation ID -> position
	query       string
	shown       []string            // delegation node IDs shown
	children    map[string][]string // delegation node ID -> visit node IDs shown
	visitByID   map[string]*navVisit
}

func delegationLabel(d db.Delegation) string {
	label := T("Delegation No. {{.Number}}", map[string]string{"Number": d.Number})
	if !d.PeriodFrom.IsZero() {
		label += " · " + d.PeriodFrom.String()
		if !d.PeriodTo.IsZero() {
			label += "–" + d.PeriodTo.String()
		}
	}
	return label
}

func visitLabel(v db.VisitRow) string {
	return v.Date.String() + " · " + v.CommuneName
}

// setData replaces what the tree shows and filters it by the current query.
func (m *navModel) setData(dels []db.Delegation, visits []db.VisitRow) {
	m.generation = assets.Generation()
	m.delegations = make([]navDelegation, len(dels))
	m.index = make(map[string]int, len(dels))
	for i, d := range dels {
		label := delegationLabel(d)
		m.delegations[i] = navDelegation{d: d, label: label, folded: db.Fold(label + " " + d.Subject)}
		m.index[d.ID] = i
	}
	m.visitByID = make(map[string]*navVisit, len(visits))
	for _, v := range visits {
		i, ok := m.index[v.DelegationID]
		if !ok {
			continue
		}
		label := visitLabel(v)
		m.delegations[i].visits = append(m.delegations[i].visits,
			navVisit{row: v, label: label, folded: db.Fold(label + " " + v.Place)})
	}
	for i := range m.delegations {
		for j := range m.delegations[i].visits {
			v := &m.delegations[i].visits[j]
			m.visitByID[v.row.ID] = v
		}
	}
	m.filter(m.query)
}

// filter shows the visits that match query under their delegation; a
// delegation that matches with none of its visits matching shows them all.
func (m *navModel) filter(query string) {
	m.query = query
	q := db.Fold(query)
	m.shown = m.shown[:0]
	m.children = make(map[string][]string, len(m.delegations))
	for i := range m.delegations {
		d := &m.delegations[i]
		var kids []string
		for j := range d.visits {
			if db.MatchesFolded(d.visits[j].folded, q) {
				kids = append(kids, visitNode+d.visits[j].row.ID)
			}
		}
		all := len(kids) == 0 && db.MatchesFolded(d.folded, q)
		if all {
			for j := range d.visits {
				kids = append(kids, visitNode+d.visits[j].row.ID)
			}
		}
		if all || len(kids) > 0 {
			id := delegationNode + d.d.ID
			m.shown = append(m.shown, id)
			m.children[id] = kids
		}
	}
}

// childIDs returns the node IDs under uid ("" is the root).
func (m *navModel) childIDs(uid string) []string {
	if uid == "" {
		return m.shown
	}
	return m.children[uid]
}

func (m *navModel) isBranch(uid string) bool {
	return uid == "" || strings.HasPrefix(uid, delegationNode)
}

// label returns the text of the node uid.
func (m *navModel) label(uid string) string {
	switch {
	case strings.HasPrefix(uid, delegationNode):
		if i, ok := m.index[strings.TrimPrefix(uid, delegationNode)]; ok {
			return m.delegations[i].label
		}
	case strings.HasPrefix(uid, visitNode):
		if v, ok := m.visitByID[strings.TrimPrefix(uid, visitNode)]; ok {
			return v.label
		}
	}
	return ""
}

// visitCount is the number of visits shown in total.
// has reports whether the node uid (a delegation or a visit) exists.
func (m *navModel) has(uid string) bool {
	if id, ok := strings.CutPrefix(uid, delegationNode); ok {
		_, found := m.index[id]
		return found
	}
	if id, ok := strings.CutPrefix(uid, visitNode); ok {
		_, found := m.visitByID[id]
		return found
	}
	return false
}

func (m *navModel) visitCount() int {
	n := 0
	for _, kids := range m.children {
		n += len(kids)
	}
	return n
}
