package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/exchange"
	"giamsat/forms"
)

// previewForm is what receiving a package will do, before anything is
// written: counts per record type and a choice per conflict.
type previewForm struct {
	Counts    *fyne.Container
	Conflicts []*widget.Select // a choice per record in conflict
	Fields    []*widget.Select // a choice per field of those, where both are live
	Receive   *forms.Button
	Cancel    *forms.Button
	plan      *exchange.Plan
}

// maxConflictRows is how many conflicts get a row of their own; beyond,
// the buttons that choose for all of them still apply.
const maxConflictRows = 300

func (u *UI) showPreview(path string, plan *exchange.Plan) {
	u.showPreviewWith(plan, func() { u.applyPlan(path, plan) }, func() { u.flash(T("Cancelled; nothing was received.")) })
}

// showPreviewWith shows what plan will change, and its conflicts to
// choose; receive writes it, cancel is told when the user does not.
func (u *UI) showPreviewWith(plan *exchange.Plan, receive, cancel func()) {
	p := &previewForm{plan: plan}
	lang := Lang()
	p.Counts = tallyGrid(plan, lang)
	parts := previewHead(plan, lang)
	counts := p.Counts
	var d dialog.Dialog
	if len(plan.Conflicts) > 0 {
		// The conflicts come first: they are what needs the user.
		parts = append(parts, p.conflictChoices(lang)...)
	}
	parts = append(parts, counts)
	p.Receive = forms.NewButton(T("Receive"), theme.DownloadIcon(), func() {
		d.Hide()
		receive()
	})
	p.Receive.Importance = widget.HighImportance
	if plan.Changes() == 0 {
		p.Receive.SetText(T("Done"))
		p.Receive.SetIcon(theme.ConfirmIcon())
	}
	p.Cancel = forms.NewButton(T("Cancel"), nil, func() {
		d.Hide()
		cancel()
	})
	content := container.NewBorder(nil, container.NewCenter(container.NewHBox(p.Receive, p.Cancel)), nil, nil,
		container.NewVScroll(container.NewVBox(parts...)))
	d = dialog.NewCustomWithoutButtons(T("What receiving will change"), content, u.win)
	height := float32(560)
	if len(plan.Conflicts) > 0 {
		height = 660 // the conflicts and the counts both in sight
	}
	d.Resize(fyne.NewSize(900, height))
	u.dialogKeys(d, p.Receive.OnTapped, p.Cancel.OnTapped)
	u.preview = p
	d.Show()
}

// previewHead says who sent the package, what it lacks, and whether it
// changes anything.
func previewHead(plan *exchange.Plan, lang string) []fyne.CanvasObject {
	from := widget.NewLabel(describeSender(plan.Package.Manifest, lang))
	from.Wrapping = fyne.TextWrapWord
	parts := []fyne.CanvasObject{from}
	if note := plan.MissingNote(lang); note != "" {
		missing := widget.NewLabel(note)
		missing.Wrapping = fyne.TextWrapWord
		missing.Importance = widget.WarningImportance
		parts = append(parts, missing)
	}
	if plan.Changes() == 0 {
		nothing := widget.NewLabelWithStyle(T("Nothing to change: this database has all of it already."), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		nothing.Wrapping = fyne.TextWrapWord
		parts = append(parts, nothing)
	}
	return parts
}

// conflictChoices are the conflicts of the plan, each with its choice, and
// the buttons that choose for all of them.
func (p *previewForm) conflictChoices(lang string) []fyne.CanvasObject {
	plan := p.plan
	take, keep := T("Take the received version"), T("Keep this PC's version")
	note := widget.NewLabel(T("Both sides changed these records without seeing each other's change. A version is chosen the same way on every PC: a record kept before a deletion, then the later change. Change it where you know better."))
	note.Wrapping = fyne.TextWrapWord
	rows := container.NewVBox()
	for i, c := range plan.Conflicts {
		if i == maxConflictRows {
			rows.Add(widget.NewLabel(T("… and {{.N}} more, chosen by the buttons above.", map[string]any{"N": len(plan.Conflicts) - maxConflictRows})))
			break
		}
		p.addConflict(rows, c, take, keep, lang)
	}
	all := func(takeAll bool) {
		for _, c := range plan.Conflicts {
			c.SetAll(takeAll)
		}
		for _, s := range p.Conflicts {
			s.SetSelected(choiceLabel(takeAll, take, keep))
		}
	}
	allTake := forms.NewButton(T("All: take the received"), nil, func() { all(true) })
	allKeep := forms.NewButton(T("All: keep this PC's"), nil, func() { all(false) })
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(0, 220))
	return []fyne.CanvasObject{note, container.NewHBox(allTake, allKeep), scroll, widget.NewSeparator()}
}

// addConflict adds to rows a conflict and its choices: one for the record,
// and, where both versions are live, one for each field that differs:
// edits of different fields on the two PCs can both be kept.
func (p *previewForm) addConflict(rows *fyne.Container, c *exchange.Conflict, take, keep, lang string) {
	var fieldSels []*widget.Select
	setting := false
	sel := widget.NewSelect([]string{take, keep}, nil)
	sel.PlaceHolder = T("Merged field by field")
	// The record's choice says what its fields' choices make.
	showOutcome := func() {
		setting = true
		switch c.Outcome() {
		case "taken":
			sel.SetSelected(take)
		case "kept":
			sel.SetSelected(keep)
		default:
			sel.ClearSelected()
		}
		setting = false
	}
	sel.OnChanged = func(v string) {
		if setting {
			return
		}
		c.SetAll(v == take)
		setting = true
		for _, fs := range fieldSels {
			fs.SetSelected(v)
		}
		setting = false
	}
	sel.SetSelected(choiceLabel(c.TakeIncoming, take, keep))
	head := c.Describe(lang)
	if note := c.DeletionNote(lang); note != "" {
		head += "\n" + note
	}
	label := widget.NewLabel(head)
	label.Wrapping = fyne.TextWrapWord
	fixed := func(s *widget.Select) fyne.CanvasObject {
		return container.NewVBox(container.NewGridWrap(fyne.NewSize(250, s.MinSize().Height), s))
	}
	rows.Add(container.NewBorder(nil, nil, nil, fixed(sel), label))
	if c.Fields != nil {
		for _, fc := range c.FieldChanges(lang) {
			fc := fc
			fs := widget.NewSelect([]string{take, keep}, nil)
			fs.SetSelected(choiceLabel(c.Fields[fc.Column], take, keep))
			fs.OnChanged = func(v string) {
				if setting {
					return
				}
				c.Fields[fc.Column] = v == take
				showOutcome()
			}
			fieldSels = append(fieldSels, fs)
			fl := widget.NewLabel("    " + fc.Text)
			fl.Wrapping = fyne.TextWrapWord
			rows.Add(container.NewBorder(nil, nil, nil, fixed(fs), fl))
			p.Fields = append(p.Fields, fs)
		}
	}
	rows.Add(widget.NewSeparator())
	p.Conflicts = append(p.Conflicts, sel)
}

// choiceLabel is the label of a conflict's choice: yes for taking the
// received version, no for keeping this PC's.
func choiceLabel(take bool, yes, no string) string {
	if take {
		return yes
	}
	return no
}
