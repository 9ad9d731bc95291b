package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/document"
	"giamsat/app/report"
	"giamsat/db"
	"giamsat/forms"
)

// onDraftReport is File > Draft the report (Word): the report of the
// delegation on screen.
func (u *UI) onDraftReport() {
	d := u.currentDelegation()
	if d == nil {
		u.showInfo(T("Draft the report (Word)"), T("Open a delegation first: the report is one delegation's."))
		return
	}
	u.startReport(d)
}

// onDraftNotice is File > Draft the notice of conclusions: the notice of
// the visit on screen.
func (u *UI) onDraftNotice() {
	v := u.visitView
	if v == nil || u.form != v.form || v.detail == nil {
		u.showInfo(T("Draft the notice of conclusions"), T("Open a saved visit first: the notice is of one visit."))
		return
	}
	u.startNotice(v.detail.Visit.ID, v.detail.Commune.Name)
}

func (u *UI) showInfo(title, message string) {
	d := dialog.NewInformation(title, message, u.win)
	u.dialogKeys(d, d.Hide, d.Hide)
	d.Show()
}

// startReport asks, once what is on screen is saved, where to save the
// report of d, its signing date and whether its annex (the workbook) goes
// beside it; then drafts them in the background.
func (u *UI) startReport(d *db.Delegation) {
	if u.store == nil {
		return
	}
	u.leave(func() {
		name := T("supervision-report") + T("-delegation-") + fileWord(d.Number) + "-" + time.Now().Format("2006-01-02") + ".docx"
		title := T("Draft the report (Word): {{.What}}", map[string]string{"What": u.delegationTitle(*d)})
		date, signing := u.signingDateField()
		annex := widget.NewCheck(T("With its annex: the Excel workbook, beside it"), nil)
		annex.SetChecked(true)
		u.annexCheck = annex
		with := saveField{item: widget.NewFormItem(T("Annex"), forms.Outlined(annex)), beside: func(path string) string {
			if !annex.Checked {
				return ""
			}
			return annexPath(path)
		}}
		u.askSavePath(title, name, ".docx", true, func(path string) {
			annexFile := ""
			if annex.Checked {
				annexFile = annexPath(path)
			}
			u.runReport(d, path, annexFile, *date)
		}, signing, with)
	}, nil)
}

// annexPath is the workbook beside the report, named to match:
// "bao-cao-….docx" → "bao-cao-…-phu-luc.xlsx".
func annexPath(report string) string {
	return strings.TrimSuffix(report, filepath.Ext(report)) + T("-annex") + ".xlsx"
}

// fileWord is text as a file name carries it: without accents, with
// dashes for spaces and separators ("Lũng Nặm" → "lung-nam", "03/2026" →
// "03-2026"); fileSafe does the separators.
func fileWord(s string) string {
	return strings.ReplaceAll(fileSafe(db.Fold(s)), " ", "-")
}

func (u *UI) runReport(d *db.Delegation, path, annex string, signed db.Date) {
	store := u.store
	lang := Lang()
	bar := widget.NewProgressBar()
	var err error
	u.withProgress(T("Drafting the report of {{.What}}…", map[string]string{"What": u.delegationTitle(*d)}), bar, func(ctx context.Context) {
		opts := document.Options{Lang: lang, Date: signed}
		if annex != "" {
			// The workbook first: the report names it.
			wb := report.Options{Lang: lang, Today: signed, Annex: true}
			wb.Filter.DelegationID = d.ID
			wb.Progress = func(p float64) { fyne.Do(func() { bar.SetValue(0.9 * p) }) }
			if _, err = report.Export(ctx, store, annex, wb); err != nil {
				return
			}
			opts.Annex = filepath.Base(annex)
		}
		if err = document.Report(ctx, store, d.ID, path, opts); err != nil && annex != "" {
			os.Remove(annex) // no annex without its report
			return
		}
		fyne.Do(func() { bar.SetValue(1) })
	}, func() {
		u.documentDone(err, T("The report is drafted"), path, annex)
	})
}

// startNotice asks, once what is on screen is saved, where to save the
// notice of conclusions of the visit and its signing date, then drafts it.
func (u *UI) startNotice(visitID, commune string) {
	if u.store == nil {
		return
	}
	u.leave(func() {
		name := T("conclusions-notice") + "-" + fileWord(commune) + "-" + time.Now().Format("2006-01-02") + ".docx"
		title := T("Draft the notice of conclusions: {{.Commune}}", map[string]string{"Commune": commune})
		date, signing := u.signingDateField()
		u.askSavePath(title, name, ".docx", true, func(path string) {
			store := u.store
			lang := Lang()
			var err error
			u.withProgress(T("Drafting the notice of conclusions…"), widget.NewProgressBarInfinite(), func(ctx context.Context) {
				err = document.Notice(ctx, store, visitID, path, document.Options{Lang: lang, Date: *date})
			}, func() {
				u.documentDone(err, T("The notice of conclusions is drafted"), path, "")
			})
		}, signing)
	}, nil)
}

// documentDone says what was drafted, and offers to open it; or the error.
func (u *UI) documentDone(err error, title, path, annex string) {
	if errors.Is(err, context.Canceled) {
		u.flash(T("Cancelled; nothing was written."))
		return
	}
	if err != nil {
		u.showError(err)
		return
	}
	u.flash(T("Written: {{.Path}}", map[string]string{"Path": path}))
	text := T("Written: {{.Path}}", map[string]string{"Path": path})
	if annex != "" {
		text += "\n" + T("Its annex: {{.Path}}", map[string]string{"Path": annex})
	}
	text += "\n" + T("It is a draft: read it, adjust it in Word, then print and sign it.")
	u.lastDone = u.offerToOpen(title, text, path)
}
