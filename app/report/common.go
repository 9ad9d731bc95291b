package report

import (
	"slices"
	"strings"

	"giamsat/db"
)

// scopeLabel names a difficulty's scope in a list of several communes.
func (b *builder) scopeLabel(d db.Difficulty) string {
	if d.Shared() {
		return b.say("Common to several communes")
	}
	return b.say("The commune's own")
}

// anchor is the visit a difficulty is listed under: its own, or, for one
// common to several communes, the first visit listed of a commune it names
// ("" when none is listed: the row is left out).
func (b *builder) anchor(d db.Difficulty) string {
	return b.anchorOf(d.Shared(), d.VisitID, d.DelegationID, d.Communes)
}

// anchorOf is anchor for any record that may be common (a request too).
func (b *builder) anchorOf(shared bool, visitID, delegationID, communes string) string {
	if !shared {
		return visitID
	}
	if i := b.concerned(delegationID, communes); len(i) > 0 {
		return b.visits[i[0]].ID
	}
	return ""
}

// concerned are the positions of the listed visits of the delegation to
// the communes a common record names.
func (b *builder) concerned(delegationID, communes string) []int {
	var out []int
	for _, i := range b.byDelegation[delegationID] {
		if listedIn(communes, b.visits[i].CommuneID) {
			out = append(out, i)
		}
	}
	return out
}

// listedIn reports whether the comma-separated list of IDs holds id.
// It allocates nothing: it runs for every visit of a delegation against
// every common record of it.
func listedIn(ids, id string) bool {
	if id == "" {
		return false
	}
	for ids != "" {
		var part string
		part, ids, _ = strings.Cut(ids, ",")
		if part == id {
			return true
		}
	}
	return false
}

// communesLabel names, in a commune column, the communes of a common
// record: by name when there are few.
func (b *builder) communesLabel(ids string) string {
	var names []string
	for _, id := range db.SplitIDs(ids) {
		if name, ok := b.communeNames[id]; ok {
			names = append(names, name)
		}
	}
	if n := len(db.SplitIDs(ids)); len(names) < n || n > 4 {
		return b.say("Common to %d communes", n)
	}
	if len(names) == 1 {
		return names[0] // common to one commune left: that commune's
	}
	slices.Sort(names)
	return b.say("Common to: ") + strings.Join(names, ", ")
}

// commonLabel names, in a commune column, the communes a difficulty common
// to a delegation's communes belongs to: those of its visits in the
// workbook, by name when there are few.
func (b *builder) commonLabel(delegationID string) string {
	if label, ok := b.commonLabels[delegationID]; ok {
		return label
	}
	var names []string
	seen := map[string]bool{}
	for _, v := range b.visits {
		if v.DelegationID == delegationID && !seen[v.CommuneID] {
			seen[v.CommuneID] = true
			names = append(names, v.CommuneName)
		}
	}
	label := b.say("Common to the delegation's %d communes", len(names))
	if len(names) <= 4 {
		label = b.say("Common to: ") + strings.Join(names, ", ")
	}
	if b.commonLabels == nil {
		b.commonLabels = map[string]string{}
	}
	b.commonLabels[delegationID] = label
	return label
}
