package app

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
	"giamsat/forms"
)

// env is what the forms are given.
func (u *UI) env() forms.Env {
	return forms.Env{Store: u.store, Lang: Lang(), Window: u.win, Driver: u.app.Driver(), Run: u.jobs.try, ReadOnly: u.readOnly, Rights: u.rights}
}

// mayWrite disables b when the user's account on the province's server may
// not write records of table in the delegation (db.Rights).
func (u *UI) mayWrite(table, delegationID string, b *forms.Button) *forms.Button {
	if !u.rights.MayWrite(table, delegationID, "") {
		b.Disable()
	}
	return b
}

// run does work off the UI goroutine, then done on it (see jobs).
func (u *UI) run(work func(), done func()) { u.jobs.run(work, done) }

// showForm puts f on the right, under a toolbar.
func (u *UI) showForm(f forms.Form, kind, id string, toolbar ...fyne.CanvasObject) {
	u.form, u.formKind, u.formID = f, kind, id
	// A new record is no node of the tree yet: the node chosen before is
	// let go, so that a click on it opens it again.
	if id == "" && u.selected != "" {
		u.selected = ""
		u.reselect("")
	}
	content := f.Content()
	if len(toolbar) > 0 {
		// The toolbar first in the Tab order (a border container lists its
		// centre first): Shift+Tab from the form's first field reaches it.
		bar := container.NewHBox(toolbar...)
		content = container.New(layout.NewBorderLayout(bar, nil, nil, nil), bar, content)
	}
	u.setDetail(container.NewPadded(content))
	if k, ok := f.(viewKeeper); ok && u.carryView != nil {
		k.SetView(*u.carryView)
	}
	u.carryView = nil
	f.Focus()
	u.timeOpening(kind)
}

// viewKeeper is a form that can say where the user is in it, and be put
// there (forms.View).
type viewKeeper interface {
	View() forms.View
	SetView(forms.View)
}

// timeOpening notes how long the record chosen in the tree took to show.
func (u *UI) timeOpening(kind string) {
	if !u.opening.IsZero() {
		lasted(kind+"-set-from-tree", u.opening) // before the frame that shows it
		timing(kind+"-opened-from-tree", u.opening)
		u.opening = time.Time{}
	}
}

// leave asks what to do with unsaved changes before proceed runs: save
// them, discard them, or go back to the form.
func (u *UI) leave(proceed func(), back func()) {
	if u.form == nil || u.readOnly || !u.form.Dirty() {
		proceed()
		return
	}
	form := u.form
	u.prompt = forms.Ask(u.win, T("Unsaved changes"), T("The changes on this screen are not saved yet."),
		forms.Answer{Key: "save", Label: T("Save"), Icon: theme.DocumentSaveIcon(), Important: true, Do: func() {
			u.leaving = form
			form.Save(func(err error) {
				u.leaving = nil
				if err != nil {
					if !errors.Is(err, forms.ErrNotSaved) {
						u.showError(err)
					}
					if back != nil {
						back()
					}
					return
				}
				proceed()
			})
		}},
		forms.Answer{Key: "discard", Label: T("Discard changes"), Icon: theme.DeleteIcon(), Do: func() {
			form.Revert()
			proceed()
		}},
		forms.Answer{Key: "back", Label: T("Go back"), Do: func() {
			if back != nil {
				back()
			}
		}})
}

func (u *UI) onNodeSelected(uid widget.TreeNodeID) {
	if u.selecting || uid == u.selected {
		return
	}
	prev := u.selected
	u.opening = time.Now()
	u.leave(func() {
		u.selected = uid
		switch {
		case strings.HasPrefix(uid, delegationNode):
			u.tree.OpenBranch(uid) // its visits in sight, as a click means
			u.showDelegation(strings.TrimPrefix(uid, delegationNode))
		case strings.HasPrefix(uid, visitNode):
			u.showVisit(strings.TrimPrefix(uid, visitNode))
		}
	}, func() { u.reselect(prev) })
}

// reselect selects uid in the tree without acting on it.
func (u *UI) reselect(uid string) {
	u.selecting = true
	defer func() { u.selecting = false }()
	if uid == "" {
		u.tree.UnselectAll()
		return
	}
	u.tree.Select(uid)
}

// showDelegation opens the delegation form (a new delegation for "").
func (u *UI) showDelegation(id string) {
	store := u.store
	if store == nil {
		return
	}
	var d *db.Delegation
	var members []db.Member
	var err error
	issuingBody := u.lastIssuingBody()
	u.jobs.show(func() {
		if id == "" {
			d = &db.Delegation{IssuingBody: issuingBody}
			return
		}
		if d, err = db.Get[db.Delegation](u.jobs.ctx, store, id); err == nil {
			members, err = store.Members(u.jobs.ctx, id)
		}
	}, func() {
		if err != nil {
			u.showError(err)
			return
		}
		f := forms.NewDelegationForm(u.env(), *d, members)
		f.OnSaved = func(saved db.Delegation) {
			var reopen func()
			if id == "" { // its toolbar (new visit, export, delete) comes with the saved record
				reopen = func() { u.showDelegation(saved.ID) }
			}
			u.onFormSaved(f, saved.ID, delegationNode+saved.ID, "", reopen)
		}
		var tools []fyne.CanvasObject
		if id != "" {
			tools = append(tools,
				u.mayWrite("visits", d.ID, forms.NewButton(T("New visit"), theme.ContentAddIcon(), func() { u.newVisit(*d) })),
				forms.NewButton(T("Export to Excel…"), theme.DocumentSaveIcon(), func() { u.exportDelegation(d) }),
				forms.NewButton(T("Draft the report (Word)…"), theme.DocumentIcon(), func() { u.startReport(d) }),
				u.mayWrite("delegations", d.ID, forms.NewButton(T("Delete the delegation"), theme.DeleteIcon(), func() { u.confirmDelete(d, u.delegationTitle(*d)) })),
			)
		}
		u.showForm(f, "delegation", id, tools...)
	})
}

// lastIssuingBody proposes the issuing body of the delegations already there.
func (u *UI) lastIssuingBody() string {
	for _, d := range u.nav.delegations {
		if d.d.IssuingBody != "" {
			return d.d.IssuingBody
		}
	}
	return ""
}

func (u *UI) delegationTitle(d db.Delegation) string {
	return T("Delegation No. {{.Number}}", map[string]string{"Number": d.Number})
}

// showVisit opens the form of a saved visit.
func (u *UI) showVisit(id string) {
	store := u.store
	var detail *db.VisitDetail
	var communes []db.Commune
	var inds []db.Indicator
	var err error
	u.jobs.show(func() {
		defer lasted("visit-read", time.Now())
		if detail, err = store.VisitDetail(u.jobs.ctx, id); err != nil {
			return
		}
		if communes, err = store.Communes(u.jobs.ctx, ""); err != nil {
			return
		}
		inds, err = store.Indicators(u.jobs.ctx)
	}, func() {
		if err != nil {
			u.showError(err)
			return
		}
		u.openVisitForm(detail.Delegation, detail, communes, inds)
	})
}

// newVisit opens an empty visit form for delegation d.
func (u *UI) newVisit(d db.Delegation) {
	store := u.store
	var communes []db.Commune
	var inds []db.Indicator
	var prev *db.Visit // the delegation's latest visit, whose chair and attendees are proposed
	var prevCommune string
	var err error
	u.leave(func() {
		u.run(func() {
			if communes, err = store.Communes(u.jobs.ctx, ""); err == nil {
				inds, err = store.Indicators(u.jobs.ctx)
			}
			if err != nil {
				return
			}
			if rows, _ := store.Visits(u.jobs.ctx, db.VisitFilter{DelegationID: d.ID}); len(rows) > 0 {
				last := rows[len(rows)-1]
				if v, err := db.Get[db.Visit](u.jobs.ctx, store, last.ID); err == nil {
					prev, prevCommune = v, last.CommuneName
				}
			}
		}, func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.openVisitForm(d, nil, communes, inds)
			if f, ok := u.form.(*forms.VisitForm); ok && prev != nil {
				f.Propose(*prev, prevCommune)
			}
		})
	}, nil)
}

func (u *UI) openVisitForm(d db.Delegation, detail *db.VisitDetail, communes []db.Commune, inds []db.Indicator) {
	// From a saved visit to another of the same delegation, the form on
	// screen takes the new visit: no new widgets to make and lay out. Not
	// from a new visit's form: it has no toolbar (new visit, delete).
	if v := u.visitView; v != nil && u.form == v.form && v.detail != nil && detail != nil && v.form.Show(detail, communes, inds) {
		v.detail = detail
		u.formID = detail.Visit.ID
		u.timeOpening("visit")
		return
	}
	f := forms.NewVisitForm(u.env(), d, detail, communes, inds)
	view := &visitView{form: f, detail: detail}
	f.OnSaved = func(saved db.Visit) {
		var reopen func()
		if view.detail == nil {
			reopen = func() { u.showVisit(saved.ID) }
		}
		u.onFormSaved(f, saved.ID, visitNode+saved.ID, delegationNode+saved.DelegationID, reopen)
	}
	var tools []fyne.CanvasObject
	if detail != nil {
		tools = append(tools,
			u.mayWrite("visits", d.ID, forms.NewButton(T("New visit"), theme.ContentAddIcon(), func() { u.newVisit(d) })),
			forms.NewButton(T("Draft the notice of conclusions…"), theme.DocumentIcon(), func() {
				u.startNotice(view.detail.Visit.ID, view.detail.Commune.Name)
			}),
			u.mayWrite("visits", d.ID, forms.NewButton(T("Delete the visit"), theme.DeleteIcon(), func() {
				v := view.detail.Visit
				title := T("the visit to {{.Commune}} on {{.Date}}", map[string]string{"Commune": view.detail.Commune.Name, "Date": v.Date.String()})
				u.confirmDelete(&v, title)
			})))
	}
	id := ""
	if detail != nil {
		id = detail.Visit.ID
	}
	u.visitView = view
	u.showForm(f, "visit", id, tools...)
	if u.keepTab > 0 {
		f.Tabs.SelectIndex(u.keepTab)
	}
	u.keepTab = 0
}

// visitView is the visit form on screen and the saved visit it shows.
type visitView struct {
	form   *forms.VisitForm
	detail *db.VisitDetail // nil for a new visit
}

// dependentNames says what goes with a record when it is deleted.
var dependentNames = []struct{ table, one, other string }{
	{"visits", "{{.N}} visit", "{{.N}} visits"}, {"members", "{{.N}} member", "{{.N}} members"},
	{"sessions", "{{.N}} dissemination session", "{{.N}} dissemination sessions"},
	{"indicator_values", "{{.N}} indicator value", "{{.N}} indicator values"},
	{"difficulties", "{{.N}} difficulty", "{{.N}} difficulties"}, {"requests", "{{.N}} request", "{{.N}} requests"},
}

// confirmDelete names what will be deleted, with what belongs to it, and
// deletes it when the user confirms.
func (u *UI) confirmDelete(r db.Record, title string) {
	store, ctx := u.store, u.jobs.ctx
	var deps map[string]int
	var err error
	u.run(func() { deps, err = store.Dependents(ctx, r) }, func() {
		if err != nil {
			u.showError(err)
			return
		}
		var parts []string
		for _, d := range dependentNames {
			if n := deps[d.table]; n > 0 {
				parts = append(parts, counted(n, d.one, d.other))
			}
		}
		msg := T("Delete {{.What}}?", map[string]string{"What": title})
		if len(parts) > 0 {
			msg = T("Delete {{.What}} with {{.Parts}}?", map[string]string{"What": title, "Parts": strings.Join(parts, ", ")})
		}
		u.prompt = forms.Ask(u.win, T("Delete"), msg,
			forms.Answer{Key: "delete", Label: T("Delete"), Icon: theme.DeleteIcon(), Danger: true, Do: func() {
				var derr error
				u.run(func() { derr = store.Delete(ctx, r) }, func() {
					if derr != nil {
						u.showError(derr)
						return
					}
					u.form, u.selected = nil, ""
					u.flash(T("Deleted."))
					u.showWelcome()
					u.reload()
				})
			}},
			forms.Answer{Key: "cancel", Label: T("Cancel")})
	})
}

// onFormSaved shows in the tree the record that form saved (node, under
// the branch parent, which is opened): unless the user is leaving the form,
// in which case the tree stays on where the user is going. reopen, when
// given, opens the record anew (a new record gains its toolbar).
func (u *UI) onFormSaved(form forms.Form, id, node, parent string, reopen func()) {
	u.flash(T("Saved."))
	if u.leaving == form {
		u.reload()
		return
	}
	u.formID, u.selected = id, node
	u.reloadThen(func() {
		if u.form != form {
			return
		}
		if parent != "" {
			u.tree.OpenBranch(parent)
		}
		u.reselect(node)
		u.tree.ScrollTo(node)
		if reopen != nil {
			// The form made again keeps the tab and scroll of this one.
			if k, ok := form.(viewKeeper); ok {
				v := k.View()
				u.carryView = &v
			}
			reopen()
		}
	})
}

// reloadThen reloads the navigation and then runs then.
func (u *UI) reloadThen(then func()) {
	u.afterReload = then
	u.reload()
}

// onNew is Ctrl+N: a new record of the kind on screen.
func (u *UI) onNew() {
	switch u.formKind {
	case "visit", "delegation":
		if d := u.currentDelegation(); d != nil {
			u.newVisit(*d)
			return
		}
	case "commune":
		u.showCommunes()
		return
	case "indicator":
		u.showIndicators()
		return
	}
	u.leave(func() { u.showDelegation("") }, nil)
}

// currentDelegation is the delegation of the record on screen, if any.
func (u *UI) currentDelegation() *db.Delegation {
	var id string
	switch f := u.form.(type) {
	case *forms.DelegationForm:
		id = f.ID()
	case *forms.VisitForm:
		v, _ := f.Visit()
		id = v.DelegationID
	}
	if i, ok := u.nav.index[id]; ok {
		d := u.nav.delegations[i].d
		return &d
	}
	return nil
}

// onTab moves between the tabs of the visit on screen.
func (u *UI) onTab(delta int) {
	if v := u.visitView; v != nil && u.form == v.form {
		v.form.ShowTab(delta)
	}
}

func (u *UI) onSave() {
	form := u.form
	if f := forms.DialogForm(u.win.Canvas()); f != nil {
		form = f // Ctrl+S in a dialog saves the dialog's record
	}
	if form == nil {
		return
	}
	form.Save(func(err error) {
		if err != nil {
			u.showError(err)
		}
	})
}

// onAddLine is Ctrl+Enter: a new line on the form's tab on screen (an
// indicator, a difficulty, a request, a member), as its Add button does,
// without going to the button.
func (u *UI) onAddLine() {
	if forms.DialogForm(u.win.Canvas()) != nil || u.readOnly {
		return
	}
	if f, ok := u.form.(interface{ AddLine() bool }); ok {
		f.AddLine()
	}
}

// exportDelegation exports one delegation (nil: all).
func (u *UI) exportDelegation(d *db.Delegation) {
	u.startExport(d)
}
