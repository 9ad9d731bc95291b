package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
	"giamsat/forms"
)

// showCommunes is the commune catalogue: a list and the chosen one's form.
func (u *UI) showCommunes() {
	store := u.store
	if store == nil {
		return
	}
	u.leave(func() {
		var list []db.Commune
		var err error
		u.run(func() { list, err = store.Communes(u.jobs.ctx, "") }, func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.selected = ""
			u.reselect("")
			u.communeCatalogue(list, "")
		})
	}, nil)
}

func (u *UI) communeCatalogue(list []db.Commune, selectID string) {
	store := u.store
	blank := db.NewCommune(list)
	var current *forms.CommuneForm
	del := forms.NewButton(T("Delete the commune"), theme.DeleteIcon(), func() {
		if current != nil {
			if c, _ := current.Commune(); c.ID != "" {
				u.confirmDelete(&c, c.Name)
			}
		}
	})
	showCatalogue(u, catalogue[db.Commune]{
		title: T("Communes"), add: T("New commune"), kind: "commune", list: list, selectID: selectID,
		label: func(c db.Commune) string {
			if c.Province != "" {
				return c.Name + " (" + c.Province + ")"
			}
			return c.Name
		},
		id:    func(c db.Commune) string { return c.ID },
		blank: func() db.Commune { return blank },
		open: func(c db.Commune, saved func(string)) forms.Form {
			if c.ID == "" || !u.rights.MayWrite("communes", "", "") {
				del.Disable() // a new commune: nothing to delete yet
			} else {
				del.Enable()
			}
			current = forms.NewCommuneForm(u.env(), c)
			current.OnSaved = func(s db.Commune) { saved(s.ID) }
			return current
		},
		reload: func(ctx context.Context) ([]db.Commune, error) { return store.Communes(ctx, "") },
		again:  u.communeCatalogue,
		tools:  []fyne.CanvasObject{del},
	})
}

// showIndicators is the indicator catalogue.
func (u *UI) showIndicators() {
	store := u.store
	if store == nil {
		return
	}
	u.leave(func() {
		var list []db.Indicator
		var err error
		u.run(func() { list, err = store.Indicators(u.jobs.ctx) }, func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.selected = ""
			u.reselect("")
			u.indicatorCatalogue(list, "")
		})
	}, nil)
}

func (u *UI) indicatorCatalogue(list []db.Indicator, selectID string) {
	store := u.store
	if selectID == "" && len(list) > 0 {
		selectID = list[0].ID
	}
	showCatalogue(u, catalogue[db.Indicator]{
		title: T("Indicators"), add: T("New indicator"), kind: "indicator", list: list, selectID: selectID,
		label: func(i db.Indicator) string { return i.Name(Lang()) },
		id:    func(i db.Indicator) string { return i.ID },
		blank: func() db.Indicator {
			return db.Indicator{Unit: "percent", Min: db.FloatPtr(0), Max: db.FloatPtr(100), SortOrder: (len(list) + 1) * 10}
		},
		open: func(i db.Indicator, saved func(string)) forms.Form {
			f := forms.NewIndicatorForm(u.env(), i)
			f.OnSaved = func(s db.Indicator) { saved(s.ID) }
			return f
		},
		reload: func(ctx context.Context) ([]db.Indicator, error) { return store.Indicators(ctx) },
		again:  u.indicatorCatalogue,
	})
}

// catalogue describes a catalogue screen: its records listed on the left,
// the chosen one's form on the right.
type catalogue[R any] struct {
	title, add, kind string
	list             []R
	selectID         string // the record to open; "" opens a blank form
	label            func(R) string
	id               func(R) string
	blank            func() R
	open             func(item R, saved func(id string)) forms.Form
	reload           func(context.Context) ([]R, error)
	again            func(list []R, selectID string) // shows the screen anew
	tools            []fyne.CanvasObject
}

func showCatalogue[R any](u *UI, c catalogue[R]) {
	formBox := container.NewStack()
	var current forms.Form
	show := func(item R) {
		var form forms.Form
		form = c.open(item, func(id string) {
			u.flash(T("Saved."))
			if u.leaving == form {
				return // the user is going elsewhere
			}
			var all []R
			var err error
			ctx := u.jobs.ctx
			u.run(func() { all, err = c.reload(ctx) }, func() {
				if err == nil && u.form == form {
					c.again(all, id)
				}
			})
		})
		current = form
		u.form, u.formKind, u.formID = current, c.kind, c.id(item)
		formBox.Objects = []fyne.CanvasObject{current.Content()}
		formBox.Refresh()
	}
	names := widget.NewList(func() int { return len(c.list) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("Thu ngân sách so với kế hoạch năm")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(c.label(c.list[i])) })
	shown := -1 // the row whose form is on screen
	names.OnSelected = func(i widget.ListItemID) {
		if i == shown {
			return
		}
		u.leave(func() { shown = i; show(c.list[i]) }, func() {
			if shown >= 0 {
				names.Select(shown)
			} else {
				names.UnselectAll()
			}
		})
	}
	add := forms.NewButton(c.add, theme.ContentAddIcon(), func() {
		u.leave(func() {
			shown = -1
			names.UnselectAll()
			show(c.blank())
		}, nil)
	})
	// The catalogues are the province office's (db.Rights).
	u.mayWrite(c.kind+"s", "", add)
	left := container.NewBorder(bold(c.title), container.NewHBox(append([]fyne.CanvasObject{add}, c.tools...)...), nil, nil, names)
	split := container.NewHSplit(left, container.NewPadded(formBox))
	split.Offset = 0.35
	u.setDetail(split)
	u.form = nil
	for i, item := range c.list {
		if c.id(item) == c.selectID {
			names.Select(i)
		}
	}
	if c.selectID == "" {
		show(c.blank())
	}
}

func bold(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
