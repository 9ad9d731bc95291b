package forms

import (
	"fmt"
	"maps"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// reach is whom a row's record concerns (a difficulty, a request): this
// visit's commune, or several communes of the delegation, ticked, in one
// record the delegation holds.
type reach struct {
	form        *VisitForm
	Scope       *choice
	Communes    *widget.CheckGroup
	communesBox *fyne.Container   // the communes and what they mean
	alone       *widget.Label     // said when this commune is the only one offered
	hint        *widget.Label     // what a common record is: under the first one of a list only
	communeIDs  map[string]string // label -> ID
}

// newReach is the scope and communes of a row of fs, loaded with what was
// saved.
func (f *VisitForm) newReach(fs *fieldSet, scope, communes string) *reach {
	r := &reach{form: f}
	r.Scope = fs.choiceOf("Scope")
	r.Scope.OnChanged = func(string) {
		r.showCommunes()
		fs.changed()
	}
	r.Communes = widget.NewCheckGroup(nil, func([]string) { fs.changed() })
	fs.track(r.Communes)
	r.Communes.Horizontal = true
	r.alone = widget.NewLabel(T("The other communes show here once the delegation has a visit to them: a record common to several communes is best noted at the last of those visits."))
	r.alone.Wrapping = fyne.TextWrapWord
	r.alone.Importance = widget.WarningImportance
	r.Scope.SetCode(scope)
	r.loadCommunes(db.SplitIDs(communes))
	r.hint = widget.NewLabel(T("One record for all the communes ticked: edited here, it changes for each of them; removed here (trash), it stays theirs without this commune."))
	r.hint.Wrapping = fyne.TextWrapWord
	r.hint.Importance = widget.LowImportance
	r.communesBox = container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(fs.label("Communes")+":"), nil, fs.with("Communes", Outlined(r.Communes))),
		r.alone, r.hint)
	r.showCommunes()
	return r
}

// loadCommunes offers the communes a common record may name (the
// delegation's, this visit's, and those it names already) and ticks ids.
func (r *reach) loadCommunes(ids []string) {
	f := r.form
	offered := slices.Clone(f.delegationCommunes)
	known := map[string]bool{}
	for _, c := range offered {
		known[c.ID] = true
	}
	for _, id := range append(slices.Clone(ids), f.communeID()) {
		if id == "" || known[id] {
			continue
		}
		known[id] = true
		name := T("a commune not held here")
		for _, c := range f.communes {
			if c.ID == id {
				name = c.Name
			}
		}
		offered = append(offered, db.Commune{Meta: db.Meta{ID: id}, Name: name})
	}
	r.communeIDs = map[string]string{}
	var labels, ticked []string
	for _, c := range offered {
		label := c.Name
		for n := 2; r.communeIDs[label] != ""; n++ {
			label = fmt.Sprintf("%s (%d)", c.Name, n)
		}
		r.communeIDs[label] = c.ID
		labels = append(labels, label)
		if slices.Contains(ids, c.ID) {
			ticked = append(ticked, label)
		}
	}
	r.Communes.Options = labels
	r.Communes.Selected = ticked
	r.Communes.Refresh()
	if len(labels) < 2 {
		r.alone.Show()
	} else {
		r.alone.Hide()
	}
}

// showCommunes shows the communes only for a common record, and ticks
// every commune offered when a record first becomes common.
func (r *reach) showCommunes() {
	if r.communesBox == nil {
		return
	}
	common := r.Scope.Code() == "delegation"
	if common && len(r.Communes.Selected) == 0 {
		r.loadCommunes(slices.Collect(maps.Values(r.communeIDs)))
	}
	if common {
		r.communesBox.Show()
	} else {
		r.communesBox.Hide()
	}
	r.form.oneHint()
}

// oneHint says what a common record is under the first common record of
// each list only: repeated under each, it made four of them take two
// screens.
func (f *VisitForm) oneHint() {
	if f.noDifficulty != nil {
		f.noDifficulty.Hidden = len(f.Difficulties) > 0
		f.noDifficulty.Refresh()
	}
	var lists [][]*reach
	var ds, rs []*reach
	for _, d := range f.Difficulties {
		ds = append(ds, d.reach)
	}
	for _, q := range f.Requests {
		rs = append(rs, q.reach)
	}
	lists = append(lists, ds, rs)
	for _, list := range lists {
		first := true
		for _, r := range list {
			if r == nil || r.hint == nil {
				continue
			}
			if first && r.Scope.Code() == "delegation" {
				r.hint.Show()
				first = false
			} else {
				r.hint.Hide()
			}
		}
	}
}

// tickedCommunes are the IDs of the communes ticked.
func (r *reach) tickedCommunes() []string {
	var ids []string
	for _, label := range r.Communes.Selected {
		ids = append(ids, r.communeIDs[label])
	}
	return ids
}

// set gives a record's scope, visit, delegation and communes what the
// widgets say: the visit's for a commune's own, the delegation's and the
// communes ticked for a common one.
func (r *reach) set(visitID string, scope, visit, delegation, communes *string) {
	*scope = r.Scope.Code()
	if *scope == "delegation" {
		*visit, *delegation, *communes = "", r.form.delegation.ID, db.JoinIDs(r.tickedCommunes())
	} else {
		*visit, *delegation, *communes = visitID, "", ""
	}
}

// current is the scope and the communes ticked now, for a row added after
// this one.
func (r *reach) current() (scope, communes string) {
	var visit, delegation string
	r.set("", &scope, &visit, &delegation, &communes)
	return scope, communes
}

// othersThan is the saved list of a common record less this visit's
// commune, when it names others: what removing the record here keeps
// ("", false when nothing of it stays).
func (r *reach) othersThan(saved string) (string, bool) {
	ids := slices.DeleteFunc(db.SplitIDs(saved), func(id string) bool { return id == r.form.communeID() })
	return db.JoinIDs(ids), len(ids) > 0
}

// keptForOthers is what a saved common record keeps when this commune
// makes it its own (the scope changed to "this commune"): the other
// communes' list, the record staying theirs unchanged, while this
// commune's becomes a new record (meta cleared). "" when nothing stays
// for others: the record is simply this commune's now.
func (r *reach) keptForOthers(savedID string, wasShared, isShared bool, savedCommunes string, meta *db.Meta) string {
	if savedID == "" || !wasShared || isShared {
		return ""
	}
	left, ok := r.othersThan(savedCommunes)
	if !ok {
		return ""
	}
	*meta = db.Meta{}
	return left
}
