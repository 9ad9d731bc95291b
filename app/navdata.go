package app

import (
	"context"
	"time"

	"giamsat/app/serversync"
	"giamsat/assets"
	"giamsat/db"
)

// reload reads the navigation from the store in the background.
func (u *UI) reload() {
	if u.store == nil {
		return
	}
	store, ctx := u.store, u.jobs.ctx
	var nav navData
	var err error
	u.run(func() { nav, err = readNav(ctx, store) }, func() { u.showNav(store, nav, err) })
}

// navData is what the navigation shows, read and shaped for the tree off
// the UI goroutine.
type navData struct {
	dels   []db.Delegation
	visits []db.VisitRow
	model  navModel
	synced time.Time // the last sync with the province's server (zero: never)
}

func readNav(ctx context.Context, store *db.Store) (navData, error) {
	var n navData
	var err error
	if n.dels, err = store.Delegations(ctx); err == nil {
		n.visits, err = store.Visits(ctx, db.VisitFilter{})
	}
	if err == nil {
		n.model.setData(n.dels, n.visits)
		n.synced, err = serversync.LastSync(ctx, store)
	}
	return n, err
}

// showNav puts what was read of store in the tree and the status line.
func (u *UI) showNav(store *db.Store, nav navData, err error) {
	if store != u.store {
		return
	}
	if err != nil {
		u.showError(err)
		return
	}
	query := u.nav.query
	u.nav = nav.model
	if u.nav.generation != assets.Generation() {
		// Read before the interface's language was set (at start): the
		// labels are made again in it.
		u.nav.setData(nav.dels, nav.visits)
	}
	if query != "" {
		u.nav.filter(query)
	}
	u.tree.Refresh()
	if !u.treeFilled {
		u.treeFilled = true
		timing("tree-filled-after-start", processStart)
	}
	if then := u.afterReload; then != nil {
		u.afterReload = nil
		then()
	}
	u.countsLine = T("{{.Delegations}}, {{.Visits}} · {{.Path}}", map[string]any{
		"Delegations": counted(len(nav.dels), "{{.N}} delegation", "{{.N}} delegations"),
		"Visits":      counted(len(nav.visits), "{{.N}} visit", "{{.N}} visits"), "Path": u.path})
	if u.readOnly {
		u.countsLine += " " + T("(read only)")
	}
	if !nav.synced.IsZero() {
		u.countsLine += " · " + T("synced {{.When}}", map[string]string{"When": nav.synced.Local().Format("02/01/2006 15:04")})
	}
	u.setStatus(u.countsLine)
	if len(nav.dels) == 0 && u.form == nil {
		u.showEmpty()
	} else if u.form == nil && u.onEmpty {
		u.showWelcome()
	}
}
