package app

import "strings"

// setLanguage switches the interface language, remembers it and rebuilds
// the window.
func (u *UI) setLanguage(code string) {
	u.leave(func() { u.switchLanguage(code) }, nil)
}

func (u *UI) switchLanguage(code string) {
	if err := SetLanguage(code); err != nil {
		u.showError(err)
		return
	}
	u.app.Preferences().SetString(prefLanguage, code)
	query := ""
	if u.search != nil {
		query = u.search.Text
	}
	selected, kind, onEmpty := u.selected, u.formKind, u.onEmpty
	hadForm := u.form != nil
	// The tree comes back with the same delegations open.
	var open []string
	if u.tree != nil {
		for _, id := range u.nav.shown {
			if u.tree.IsBranchOpen(id) {
				open = append(open, id)
			}
		}
	}
	reopen := func() {
		for _, id := range open {
			u.tree.OpenBranch(id)
		}
		// And the visit on screen is in sight, under its delegation.
		if id, ok := strings.CutPrefix(selected, visitNode); ok {
			if v, ok := u.nav.visitByID[id]; ok {
				u.tree.OpenBranch(delegationNode + v.row.DelegationID)
			}
		}
	}
	// A visit comes back on the tab it was on.
	u.keepTab = 0
	if v := u.visitView; v != nil && u.form == v.form {
		u.keepTab = v.form.Tabs.SelectedIndex()
	}
	u.form, u.selected = nil, ""
	u.build()
	u.search.SetText(query)
	// What was on the right comes back in the new language.
	switch {
	case selected != "":
		u.reloadThen(func() { reopen(); u.reselect(selected); u.onNodeSelected(selected) })
		return
	case hadForm && kind == "commune":
		u.showCommunes()
	case hadForm && kind == "indicator":
		u.showIndicators()
	case onEmpty:
		u.showEmpty()
	default:
		u.showWelcome()
	}
	u.reloadThen(reopen)
}
