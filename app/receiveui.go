package app

import (
	"context"
	"errors"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/exchange"
	"giamsat/db"
	"giamsat/forms"
)

// onReceive is File > Receive data: which package to receive.
func (u *UI) onReceive() {
	if u.store == nil {
		return
	}
	if u.readOnly {
		u.showError(db.ErrReadOnlyStore)
		return
	}
	// Received records may be the one on screen: its edits are saved or
	// dropped first, and the screen shows what was received after.
	u.leave(func() {
		u.askOpenPath(T("Receive data from another PC"), exchange.Extension, func(path string) { u.receiveFile(path, "") })
	}, nil)
}

// receiveFile reads the package at path in the background; an encrypted
// one asks for its passphrase. Then the preview.
func (u *UI) receiveFile(path, pass string) {
	store := u.store
	if store == nil {
		return
	}
	var plan *exchange.Plan
	var err error
	u.withProgress(T("Reading the package…"), widget.NewProgressBarInfinite(), func(ctx context.Context) {
		var pkg *exchange.Package
		if pkg, err = exchange.Read(ctx, path, pass); err == nil {
			plan, err = exchange.Prepare(ctx, store, pkg)
		}
	}, func() {
		var re *exchange.RefusedError
		switch {
		case errors.Is(err, context.Canceled):
			u.flash(T("Cancelled; nothing was received."))
		case errors.As(err, &re) && re.Passphrase:
			u.askPassphrase(path, pass != "")
		case errors.As(err, &re):
			u.showReport(T("Package refused"), wrapped(re.Message(Lang())))
		case err != nil:
			u.showError(err)
		default:
			u.showPreview(path, plan)
		}
	})
}

// askPassphrase asks for the passphrase of an encrypted package; wrong says
// the last one typed did not open it.
func (u *UI) askPassphrase(path string, wrong bool) {
	msg := T("The package is encrypted: type the passphrase its sender told you.")
	if wrong {
		msg = T("Wrong passphrase: the package could not be opened (the file is not damaged). Try again.")
	}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	if wrong {
		text.Importance = widget.DangerImportance
	}
	u.askSecret(T("Passphrase"), text, T("Open"), func(pass string) { u.receiveFile(path, pass) })
}

// askSecret asks for a passphrase or password under text, in a dialog
// whose button ok (and Enter) gives it to then; never kept.
func (u *UI) askSecret(title string, text *widget.Label, ok string, then func(string)) {
	entry := newEscEntry(true)
	var d dialog.Dialog
	button := forms.NewButton(ok, nil, func() {
		if entry.Text == "" {
			return
		}
		d.Hide()
		then(entry.Text)
	})
	button.Importance = widget.HighImportance
	entry.OnSubmitted = func(string) { button.OnTapped() }
	cancel := forms.NewButton(T("Cancel"), nil, func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(text, entry,
		container.NewCenter(container.NewHBox(button, cancel))), u.win)
	d.Resize(fyne.NewSize(480, 0))
	entry.onEscape = d.Hide
	u.dialogKeys(d, button.OnTapped, d.Hide)
	u.passForm = &passphraseForm{Entry: entry, Open: button, Cancel: cancel, Message: text}
	d.Show()
	u.win.Canvas().Focus(entry)
}

// passphraseForm is the last passphrase question, for tests.
type passphraseForm struct {
	Entry        *escEntry
	Open, Cancel *forms.Button
	Message      *widget.Label
}

// refreshAfterReceive shows again what was on the right, as received; a
// record the package deleted leaves the welcome screen.
func (u *UI) refreshAfterReceive() {
	selected, kind, hadForm := u.selected, u.formKind, u.form != nil
	// A visit comes back on the tab it was on.
	u.keepTab = 0
	if v := u.visitView; v != nil && u.form == v.form {
		u.keepTab = v.form.Tabs.SelectedIndex()
	}
	u.form, u.selected = nil, ""
	switch {
	case selected != "":
		u.reloadThen(func() {
			if !u.nav.has(selected) {
				u.reselect("")
				u.showWelcome()
				return
			}
			u.reselect(selected)
			u.onNodeSelected(selected)
		})
	case hadForm && kind == "commune":
		u.reload()
		u.showCommunes()
	case hadForm && kind == "indicator":
		u.reload()
		u.showIndicators()
	default:
		u.reload()
	}
}

// applyPlan writes what the preview showed, in one transaction, with a
// progress bar and Cancel (which undoes everything), then reports.
func (u *UI) applyPlan(path string, plan *exchange.Plan) {
	store := u.store
	bar := widget.NewProgressBar()
	var err error
	u.withProgress(T("Receiving…"), bar, func(ctx context.Context) {
		err = plan.Apply(ctx, store, path, func(done, total int) {
			fyne.Do(func() { bar.SetValue(float64(done) / float64(max(total, 1))) })
		})
	}, func() {
		if errors.Is(err, context.Canceled) {
			u.flash(T("Cancelled; nothing was received."))
			return
		}
		if err != nil {
			u.showError(err)
			return
		}
		u.refreshAfterReceive()
		u.flash(T("Received {{.File}}", map[string]string{"File": filepath.Base(path)}))
		lang := Lang()
		parts := []fyne.CanvasObject{wrapped(describeSender(plan.Package.Manifest, lang) + " " +
			counted(plan.Changes(), "{{.N}} record written.", "{{.N}} records written.")), tallyGrid(plan, lang)}
		for _, c := range plan.Conflicts {
			kept := map[string]string{"taken": T("the received version taken"), "kept": T("this PC's version kept"),
				"merged": T("merged field by field")}[c.Outcome()]
			parts = append(parts, wrapped("• "+c.Describe(lang)+": "+kept))
		}
		u.showReport(T("Data received"), parts...)
	})
}
