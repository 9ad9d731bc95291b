package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
	"giamsat/forms"
)

// showEmpty is the first-run screen: create the first delegation, or look
// at the sample data.
func (u *UI) showEmpty() {
	if u.readOnly {
		text := widget.NewLabel(T("There is no delegation in this database, and it is open for reading only."))
		text.Alignment = fyne.TextAlignCenter
		u.setDetail(container.NewCenter(text))
		return
	}
	title := widget.NewLabelWithStyle(T("Welcome to Giám sát"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	text := widget.NewLabel(T("There is no delegation in this database yet."))
	text.Alignment = fyne.TextAlignCenter
	create := forms.NewButton(T("Create the first delegation"), theme.ContentAddIcon(), u.onNewDelegation)
	create.Importance = widget.HighImportance
	receive := forms.NewButton(T("Receive data from another PC…"), theme.DownloadIcon(), u.onReceive)
	sample := forms.NewButton(T("Open the sample data"), theme.FolderOpenIcon(), u.onLoadSample)
	u.setDetail(container.NewCenter(container.NewVBox(title, text, layout.NewSpacer(), create, receive, sample)))
	u.onEmpty = true
	u.win.Canvas().Focus(create) // the keyboard on the main action: Enter or Space creates
}

// showNoDatabase is the screen when no database could be opened: open
// another, or make a new one.
func (u *UI) showNoDatabase() {
	text := widget.NewLabel(T("No database is open."))
	text.Alignment = fyne.TextAlignCenter
	open := forms.NewButton(T("Open database…"), theme.FolderOpenIcon(), u.onOpenDatabase)
	open.Importance = widget.HighImportance
	create := forms.NewButton(T("New database…"), theme.ContentAddIcon(), u.onNewDatabase)
	u.setDetail(container.NewCenter(container.NewVBox(text, open, create)))
}

func (u *UI) showWelcome() {
	text := widget.NewLabel(T("Choose a delegation or a visit on the left."))
	text.Alignment = fyne.TextAlignCenter
	u.setDetail(container.NewCenter(text))
}

func (u *UI) onLoadSample() {
	store := u.store
	if store == nil {
		return
	}
	var rep db.SampleReport
	var err error
	u.run(func() { rep, err = store.LoadSample(u.jobs.ctx) }, func() {
		if err != nil {
			u.showError(err)
			return
		}
		u.reselect("")
		u.flash(T("Sample data loaded: {{.Records}}.", map[string]string{"Records": counted(rep.Added, "{{.N}} record", "{{.N}} records")}))
		u.reload()
	})
}

func (u *UI) onNewDelegation() {
	u.leave(func() { u.showDelegation("") }, nil)
}
