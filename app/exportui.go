package app

import (
	"context"
	"errors"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/report"
	"giamsat/db"
)

// onExport is File > Export: the whole database, or the delegation on screen.
func (u *UI) onExport() { u.startExport(u.currentDelegation()) }

// startExport asks where to save the workbook of d (nil: all delegations),
// then writes it in the background with a progress bar.
func (u *UI) startExport(d *db.Delegation) {
	if u.store == nil {
		return
	}
	name := T("supervision-report")
	what := T("all delegations")
	if d != nil {
		name += T("-delegation-") + d.Number
		what = u.delegationTitle(*d)
	}
	name += "-" + time.Now().Format("2006-01-02") + ".xlsx"
	title := T("Export to Excel: {{.What}}", map[string]string{"What": what})
	date, signing := u.signingDateField()
	u.askSavePath(title, name, ".xlsx", true, func(path string) { u.runExport(d, path, *date) }, signing)
}

// signingDateField is the signing date asked with the file name: the date
// the report's heading, its "place, date" line, carries (today unless
// changed).
func (u *UI) signingDateField() (*db.Date, saveField) {
	entry := newEscEntry(false)
	entry.SetPlaceHolder(T("dd/mm/yyyy"))
	entry.SetText(db.DateOf(time.Now()).String())
	u.signingDate = &entry.Entry
	date := new(db.Date)
	return date, saveField{item: widget.NewFormItem(T("Signing date"), entry), check: func() error {
		d, err := db.ParseDate(strings.TrimSpace(entry.Text))
		if err != nil || d.IsZero() {
			return db.Fail(err, "Signing date: %s", db.DateError("Date", entry.Text))
		}
		*date = d
		return nil
	}}
}

func (u *UI) runExport(d *db.Delegation, path string, signed db.Date) {
	store := u.store
	opts := report.Options{Lang: Lang(), Today: signed}
	title := T("all delegations")
	if d != nil {
		opts.Filter.DelegationID = d.ID
		title = u.delegationTitle(*d)
	}
	bar := widget.NewProgressBar()
	opts.Progress = func(p float64) { fyne.Do(func() { bar.SetValue(p) }) }
	var res *report.Result
	var err error
	u.withProgress(T("Exporting {{.What}}…", map[string]string{"What": title}), bar, func(ctx context.Context) {
		res, err = report.Export(ctx, store, path, opts)
	}, func() {
		if errors.Is(err, context.Canceled) {
			u.flash(T("Export cancelled; nothing was written."))
			return
		}
		if err != nil {
			u.showError(err)
			return
		}
		u.exportDone(res)
	})
}

// exportDone says what was exported and offers to open it.
func (u *UI) exportDone(res *report.Result) {
	u.flash(T("Exported {{.Path}}", map[string]string{"Path": res.Path}))
	u.offerToOpen(T("Export finished"), T("Exported to {{.Path}}:", map[string]string{"Path": res.Path})+"\n"+res.Brief(Lang()), res.Path)
}

// offerToOpen says what was written (message) and offers to open path:
// Enter opens it (the highlighted button), Escape closes.
func (u *UI) offerToOpen(title, message, path string) *widget.Label {
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	open := func() {
		if err := openFile(path); err != nil {
			u.showError(err)
		}
	}
	d := dialog.NewCustomConfirm(title, T("Open the file"), T("Close"), msg, func(yes bool) {
		if yes {
			open()
		}
	}, u.win)
	d.Resize(fyne.NewSize(560, 0))
	u.dialogKeys(d, func() { d.Hide(); open() }, d.Hide)
	d.Show()
	return msg
}

// opener is the command that opens a file with the program the system
// uses for it (tests put one that is not there).
var opener = func(path string) *exec.Cmd {
	switch runtime.GOOS {
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		return exec.Command("open", path)
	}
	return exec.Command("xdg-open", path)
}

// openFile opens path with the program the system uses for it.
func openFile(path string) error {
	if err := opener(path).Start(); err != nil {
		// The system's message ("exec: "xdg-open": executable file not
		// found") is kept for the log; the user reads what to do.
		return db.Fail(err, "Cannot open %s: no program to open it was found on this PC. Open it from its folder.", path)
	}
	return nil
}
