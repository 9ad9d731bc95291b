package report

import (
	"fmt"
	"strings"

	"giamsat/assets/text"
	"giamsat/db"
)

// allDelegations reports whether the sheet being written covers more than
// one delegation (then every list says which delegation a row belongs to).
// A workbook of every delegation of a database that holds one is that
// delegation's report, with its number, subject, period and members.
func (b *builder) allDelegations() bool { return b.single() == nil }

// single is the one delegation the sheet being written reports on: the
// delegation of a report sheet of its own, or the workbook's only one; nil
// for several.
func (b *builder) single() *db.Delegation {
	if b.scope != nil {
		return b.scope
	}
	if len(b.delegations) == 1 {
		return &b.delegations[0]
	}
	return nil
}

// maxDelegationSheets is the most delegations that get a report sheet of
// their own in a workbook of several.
const maxDelegationSheets = 30

// reportedDelegations are the delegations with visits in the workbook, in
// the workbook's order (by number, then period).
func (b *builder) reportedDelegations() []db.Delegation {
	has := map[string]bool{}
	for _, v := range b.visits {
		has[v.DelegationID] = true
	}
	var out []db.Delegation
	for _, d := range b.delegations {
		if has[d.ID] {
			out = append(out, d)
		}
	}
	return out
}

// delegationSheetName names a delegation's report sheet ("Đoàn 03"), within
// Excel's 31 characters and rules, and apart from the names taken.
func delegationSheetName(number, lang string, taken map[string]string) string {
	base := text.F("Delegation %s (sheet name)", number).In(lang)
	base = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return '-'
		}
		return r
	}, base)
	if r := []rune(base); len(r) > 28 {
		base = string(r[:28])
	}
	used := map[string]bool{}
	for _, n := range taken {
		used[strings.ToLower(n)] = true
	}
	name := base
	for i := 2; used[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s (%d)", base, i)
	}
	return name
}

// inScope reports whether the visit at position i belongs to the sheet
// being written.
func (b *builder) inScope(i int) bool {
	return b.scope == nil || b.visits[i].DelegationID == b.scope.ID
}

// delegationName is how the workbook names a delegation in a cell or a
// sheet's name: its number, with the year its period starts when another
// delegation of the workbook has the same number ("03/2026").
func (b *builder) delegationName(d db.Delegation) string {
	if b.repeated[d.Number] {
		return d.Reference()
	}
	return d.Number
}

// delegation is the delegation of the workbook with the ID.
func (b *builder) delegation(id string) db.Delegation {
	if i, ok := b.delegationIndex[id]; ok {
		return b.delegations[i]
	}
	return db.Delegation{}
}
