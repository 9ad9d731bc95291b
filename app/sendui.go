package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/exchange"
	"giamsat/db"
	"giamsat/forms"
)

// sendForm is File > Send data: what goes into a package, for whom, and
// with which passphrase.
type sendForm struct {
	Delegation  *widget.Select
	Commune     *widget.Select
	Recipient   *widget.Entry // what is typed: a SelectEntry's entry when there are names to suggest
	recipient   fyne.Focusable
	ChangesOnly *widget.Check
	Last        *widget.Label // when a package last went to the recipient
	Passphrase  *escEntry
	Confirm     *escEntry
	Message     *widget.Label
	Continue    *forms.Button
	Cancel      *forms.Button

	delegations []db.Delegation
	communes    []db.Commune
	dialog      dialog.Dialog
}

// onSend is File > Send data.
func (u *UI) onSend() {
	if u.store == nil {
		return
	}
	store := u.store
	var (
		dels  []db.Delegation
		coms  []db.Commune
		peers []string
		err   error
	)
	u.run(func() {
		if dels, err = store.Delegations(u.jobs.ctx); err != nil {
			return
		}
		if coms, err = store.Communes(u.jobs.ctx, ""); err != nil {
			return
		}
		peers, err = knownPeers(u.jobs.ctx, store)
	}, func() {
		if err != nil {
			u.showError(err)
			return
		}
		u.showSendForm(dels, coms, peers)
	})
}

// knownPeers are the recipients of earlier packages, newest first, each
// once.
func knownPeers(ctx context.Context, store *db.Store) ([]string, error) {
	log, err := store.Exchanges(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	for _, e := range log {
		if e.Direction == "sent" && e.Peer != "" && !seen[db.Fold(e.Peer)] {
			seen[db.Fold(e.Peer)] = true
			out = append(out, e.Peer)
		}
	}
	return out, nil
}

func (u *UI) showSendForm(dels []db.Delegation, coms []db.Commune, peers []string) {
	f := u.newSendForm(dels, coms, peers)
	store := u.store
	updateLast := func() { u.showLastPackage(f, store) }
	f.Recipient.OnChanged = func(string) { updateLast() }
	submit := func(string) { f.Continue.OnTapped() }
	f.Recipient.OnSubmitted, f.Passphrase.OnSubmitted, f.Confirm.OnSubmitted = submit, submit, submit
	updateLast()

	f.Continue = forms.NewButton(T("Continue…"), theme.NavigateNextIcon(), func() { u.sendChosen(f) })
	f.Continue.Importance = widget.HighImportance
	f.Cancel = forms.NewButton(T("Cancel"), nil, func() { f.dialog.Hide() })
	form := widget.NewForm(
		widget.NewFormItem(T("Delegation"), f.Delegation),
		widget.NewFormItem(T("Commune"), f.Commune),
		widget.NewFormItem(T("For"), f.recipient.(fyne.CanvasObject)),
		widget.NewFormItem("", container.NewVBox(forms.Outlined(f.ChangesOnly), f.Last)),
		widget.NewFormItem(T("Passphrase"), f.Passphrase),
		widget.NewFormItem(T("Passphrase again"), f.Confirm),
	)
	help := widget.NewLabel(T("The package is one .giamsat file to send by e-mail or carry on a USB stick; the other PC receives it with File > Receive data. Tell the passphrase by another way (telephone), never in the same e-mail."))
	help.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(help, form, f.Message, container.NewCenter(container.NewHBox(f.Continue, f.Cancel)))
	f.dialog = dialog.NewCustomWithoutButtons(T("Send data to another PC"), content, u.win)
	f.dialog.Resize(fyne.NewSize(680, 0))
	f.Passphrase.onEscape, f.Confirm.onEscape = f.dialog.Hide, f.dialog.Hide
	u.dialogKeys(f.dialog, f.Continue.OnTapped, f.dialog.Hide)
	u.sendForm = f
	f.dialog.Show()
	u.win.Canvas().Focus(f.recipient)
}

// newSendForm makes the send form's fields, the current delegation chosen.
func (u *UI) newSendForm(dels []db.Delegation, coms []db.Commune, peers []string) *sendForm {
	f := &sendForm{delegations: dels, communes: coms}
	allDel, allCom := T("(all delegations)"), T("(all communes)")
	delOptions := []string{allDel}
	for _, d := range dels {
		delOptions = append(delOptions, u.delegationTitle(d))
	}
	comOptions := []string{allCom}
	for _, c := range coms {
		comOptions = append(comOptions, c.Name)
	}
	f.Delegation = widget.NewSelect(delOptions, nil)
	f.Delegation.SetSelectedIndex(0)
	if d := u.currentDelegation(); d != nil {
		f.Delegation.SetSelected(u.delegationTitle(*d))
	}
	f.Commune = widget.NewSelect(comOptions, nil)
	f.Commune.SetSelectedIndex(0)
	// Earlier recipients are suggested in a drop-down; with none yet, a
	// plain field (an empty drop-down's pop-up would take the keyboard).
	if len(peers) > 0 {
		se := widget.NewSelectEntry(peers)
		f.Recipient, f.recipient = &se.Entry, se
	} else {
		e := widget.NewEntry()
		f.Recipient, f.recipient = e, e
	}
	f.Recipient.SetPlaceHolder(T("e.g. People's Committee of Lũng Nặm commune"))
	f.ChangesOnly = widget.NewCheck(T("Only what changed since the last package for this recipient"), nil)
	f.Last = widget.NewLabel("")
	f.Last.Wrapping = fyne.TextWrapWord
	f.Passphrase = newEscEntry(true)
	f.Passphrase.SetPlaceHolder(T("optional: the package is then encrypted"))
	f.Confirm = newEscEntry(true)
	f.Message = widget.NewLabel(" ")
	f.Message.Wrapping = fyne.TextWrapWord
	f.Message.Importance = widget.DangerImportance
	return f
}

// showLastPackage says, under the recipient, when a package last went to
// them (read from store in the background).
func (u *UI) showLastPackage(f *sendForm, store *db.Store) {
	peer := strings.TrimSpace(f.Recipient.Text)
	if peer == "" {
		f.Last.SetText(T("Name the recipient to send only the changes."))
		return
	}
	var at time.Time
	var err error
	u.run(func() {
		var base db.Exchange
		base, _, err = store.ChangesBase(u.jobs.ctx, peer)
		at = base.At
	}, func() {
		switch {
		case err != nil:
			f.Last.SetText(err.Error())
		case at.IsZero():
			f.Last.SetText(T("No package has been made for this recipient yet: everything goes."))
		default:
			f.Last.SetText(T("Last package for this recipient: {{.When}}", map[string]string{"When": db.FormatMoment(at)}))
		}
	})
}

// sendChosen checks the send form and asks where to write the package.
func (u *UI) sendChosen(f *sendForm) {
	opt := exchange.Options{Recipient: strings.TrimSpace(f.Recipient.Text), OnlyChanges: f.ChangesOnly.Checked,
		ProgramVersion: u.app.Metadata().Version}
	if i := f.Delegation.SelectedIndex(); i > 0 {
		d := f.delegations[i-1]
		opt.Selection.DelegationID, opt.Delegation = d.ID, d.Label()
	}
	if i := f.Commune.SelectedIndex(); i > 0 {
		c := f.communes[i-1]
		opt.Selection.CommuneID, opt.Commune = c.ID, c.Name
	}
	switch {
	case opt.OnlyChanges && opt.Recipient == "":
		f.Message.SetText(T("Say whom the package is for, to send only what changed since the last one."))
		u.win.Canvas().Focus(f.recipient)
		return
	case f.Passphrase.Text != f.Confirm.Text:
		f.Message.SetText(T("The two passphrases differ: type them again."))
		u.win.Canvas().Focus(f.Confirm)
		return
	case exchange.CheckPassphrase(f.Passphrase.Text) != nil:
		f.Message.SetText(exchange.CheckPassphrase(f.Passphrase.Text).(*db.UserError).Message(Lang()))
		u.win.Canvas().Focus(f.Passphrase)
		return
	}
	opt.Passphrase = f.Passphrase.Text
	f.Message.SetText(" ")
	f.dialog.Hide()
	name := "giamsat"
	if opt.Recipient != "" {
		// One file a recipient: the second package of the day, for another
		// commune, does not offer to replace the first.
		name += "-" + fileSafe(opt.Recipient)
	}
	if opt.Commune != "" {
		name += "-" + opt.Commune
	}
	if i := f.Delegation.SelectedIndex(); i > 0 {
		name += T("-delegation-") + f.delegations[i-1].Number
	}
	name += "-" + time.Now().Format("2006-01-02") + exchange.Extension
	title := T("Save the package")
	u.askSavePath(title, name, exchange.Extension, true, func(path string) { u.runSend(path, opt) })
}

// runSend makes the package in the background, with a progress bar and
// Cancel, then says what it holds.
func (u *UI) runSend(path string, opt exchange.Options) {
	store := u.store
	var made *exchange.Made
	var err error
	u.withProgress(T("Making the package…"), widget.NewProgressBarInfinite(), func(ctx context.Context) {
		made, err = exchange.Make(ctx, store, path, opt)
	}, func() {
		if errors.Is(err, context.Canceled) {
			u.flash(T("Cancelled; no package was written."))
			return
		}
		if err != nil {
			u.showError(err)
			return
		}
		u.flash(T("Package made: {{.Path}}", map[string]string{"Path": made.Path}))
		lang := Lang()
		parts := []fyne.CanvasObject{wrapped(madeHeadline(made, lang) + ":")}
		var rows [][]string
		for _, table := range db.SyncedTables() {
			if n := made.Manifest.Counts[table]; n > 0 {
				count := db.FormatNumber(float64(n), lang)
				if del := made.Manifest.Deletions[table]; del > 0 {
					count += " " + T("(of which {{.N}} deleted)", map[string]any{"N": db.FormatNumber(float64(del), lang)})
				}
				rows = append(rows, []string{exchange.TableName(table, lang), count})
			}
		}
		if len(rows) == 0 {
			parts = append(parts, wrapped(T("No records: nothing changed since the last package for this recipient.")))
		} else {
			parts = append(parts, countsGrid([]string{T("Records"), T("Number")}, rows, -1))
		}
		if !made.Logged {
			parts = append(parts, wrapped(T("The database is open for reading only: this package is not in its log.")))
		}
		u.showReport(T("Package made"), parts...)
	})
}

// fileSafe is s with the characters Windows refuses in a file name, and
// runs of spaces, made single dashes or spaces.
func fileSafe(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < 32 {
			return '-'
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
