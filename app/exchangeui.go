package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/exchange"
	"giamsat/db"
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
	Continue    *widget.Button
	Cancel      *widget.Button

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

	store := u.store
	updateLast := func() {
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
				f.Last.SetText(T("Last package for this recipient: {{.When}}", map[string]string{"When": at.Local().Format("02/01/2006 15:04")}))
			}
		})
	}
	f.Recipient.OnChanged = func(string) { updateLast() }
	submit := func(string) { f.Continue.OnTapped() }
	f.Recipient.OnSubmitted, f.Passphrase.OnSubmitted, f.Confirm.OnSubmitted = submit, submit, submit
	updateLast()

	f.Continue = widget.NewButtonWithIcon(T("Continue…"), theme.NavigateNextIcon(), func() { u.sendChosen(f) })
	f.Continue.Importance = widget.HighImportance
	f.Cancel = widget.NewButton(T("Cancel"), func() { f.dialog.Hide() })
	form := widget.NewForm(
		widget.NewFormItem(T("Delegation"), f.Delegation),
		widget.NewFormItem(T("Commune"), f.Commune),
		widget.NewFormItem(T("For"), f.recipient.(fyne.CanvasObject)),
		widget.NewFormItem("", container.NewVBox(f.ChangesOnly, f.Last)),
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

// sendChosen checks the send form and asks where to write the package.
func (u *UI) sendChosen(f *sendForm) {
	opt := exchange.Options{Recipient: strings.TrimSpace(f.Recipient.Text), OnlyChanges: f.ChangesOnly.Checked,
		ProgramVersion: u.app.Metadata().Version}
	if i := f.Delegation.SelectedIndex(); i > 0 {
		d := f.delegations[i-1]
		opt.Selection.DelegationID, opt.Delegation = d.ID, d.Number
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
	case f.Passphrase.Text != "" && len([]rune(strings.TrimSpace(f.Passphrase.Text))) < 8:
		f.Message.SetText(T("A passphrase needs at least 8 characters."))
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

// showReport shows what was done, in a dialog with a Close button.
func (u *UI) showReport(title string, parts ...fyne.CanvasObject) {
	body := container.NewVBox(parts...)
	ok := widget.NewButton(T("Close"), nil)
	ok.Importance = widget.HighImportance
	d := dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewCenter(ok), nil, nil,
		container.NewVScroll(body)), u.win)
	ok.OnTapped = d.Hide
	size := fyne.NewSize(720, 400) // a text
	for _, p := range parts {
		if _, ok := p.(*fyne.Container); ok {
			size = fyne.NewSize(900, 560) // a table of counts
		}
	}
	d.Resize(size)
	u.dialogKeys(d, d.Hide, d.Hide)
	u.lastReport = body
	d.Show()
}

// wrapped is a label of text that wraps at word ends.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// countsGrid is a table of counts: names on the left, numbers aligned on
// the right; a number in column warn (from 1) is shown as a warning.
func countsGrid(header []string, rows [][]string, warn int) *fyne.Container {
	var cells []fyne.CanvasObject
	for i, h := range header {
		align := fyne.TextAlignTrailing
		if i == 0 {
			align = fyne.TextAlignLeading
		}
		cells = append(cells, widget.NewLabelWithStyle(h, align, fyne.TextStyle{Bold: true}))
	}
	for _, row := range rows {
		for i, v := range row {
			align := fyne.TextAlignTrailing
			if i == 0 {
				align = fyne.TextAlignLeading
			}
			l := widget.NewLabelWithStyle(v, align, fyne.TextStyle{})
			if i == warn && v != "–" {
				l.Importance = widget.WarningImportance
			}
			cells = append(cells, l)
		}
	}
	return container.NewGridWithColumns(len(header), cells...)
}

// tallyGrid is what receiving does (or did), per record type.
func tallyGrid(plan *exchange.Plan, lang string) *fyne.Container {
	header := []string{T("Records"), T("New"), T("Updated"), T("Unchanged"), T("Deleted"), T("In conflict"), T("Matched")}
	var rows [][]string
	for _, table := range db.SyncedTables() {
		t := plan.Tallies[table]
		if t == nil || *t == (exchange.Tally{}) {
			continue
		}
		row := []string{exchange.TableName(table, lang)}
		for _, n := range []int{t.New, t.Updated, t.Unchanged, t.Deleted, t.Conflicts, t.Matched} {
			s := "–"
			if n > 0 {
				s = db.FormatNumber(float64(n), lang)
			}
			row = append(row, s)
		}
		rows = append(rows, row)
	}
	return countsGrid(header, rows, 5)
}

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

// refreshAfterReceive shows again what was on the right, as received; a
// record the package deleted leaves the welcome screen.
func (u *UI) refreshAfterReceive() {
	selected, kind, hadForm := u.selected, u.formKind, u.form != nil
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

// askOpenPath asks for a file to read: its path typed or pasted, or chosen
// with the file dialog.
func (u *UI) askOpenPath(title, ext string, use func(path string)) {
	file := newEscEntry(false)
	file.SetPlaceHolder(T("the path of the file, or Choose…"))
	var d dialog.Dialog
	browse := widget.NewButtonWithIcon(T("Choose…"), theme.FolderOpenIcon(), func() {
		fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			if r == nil {
				return
			}
			file.SetText(r.URI().Path())
			r.Close()
		}, u.win)
		fd.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
		if dir := filepath.Dir(strings.TrimSpace(file.Text)); strings.TrimSpace(file.Text) != "" {
			if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
				fd.SetLocation(l)
			}
		} else {
			u.setDialogFolder(fd)
		}
		u.showFileDialog(fd)
	})
	message := widget.NewLabel(" ")
	message.Importance = widget.DangerImportance
	message.Wrapping = fyne.TextWrapWord
	open := widget.NewButtonWithIcon(T("Open"), theme.FolderOpenIcon(), func() {
		p := strings.TrimSpace(strings.Trim(strings.TrimSpace(file.Text), `"`))
		if p == "" {
			message.SetText(T("Type the path of the file, or choose it."))
			return
		}
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			message.SetText(T("There is no file {{.Path}}.", map[string]string{"Path": p}))
			return
		}
		d.Hide()
		use(p)
	})
	open.Importance = widget.HighImportance
	file.OnSubmitted = func(string) { open.OnTapped() }
	cancel := widget.NewButton(T("Cancel"), func() { d.Hide() })
	form := widget.NewForm(widget.NewFormItem(T("File"), container.NewBorder(nil, nil, nil, browse, file)))
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, message,
		container.NewCenter(container.NewHBox(open, cancel))), u.win)
	d.Resize(fyne.NewSize(640, 0))
	file.onEscape = d.Hide
	u.dialogKeys(d, open.OnTapped, d.Hide)
	u.openForm = &openPathForm{File: file, Open: open, Cancel: cancel, Browse: browse, Message: message}
	d.Show()
	u.win.Canvas().Focus(file)
}

// openPathForm is the last open-a-file question, for tests.
type openPathForm struct {
	File                 *escEntry
	Open, Cancel, Browse *widget.Button
	Message              *widget.Label
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
	entry := newEscEntry(true)
	msg := T("The package is encrypted: type the passphrase its sender told you.")
	if wrong {
		msg = T("Wrong passphrase: the package could not be opened (the file is not damaged). Try again.")
	}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	if wrong {
		text.Importance = widget.DangerImportance
	}
	var d dialog.Dialog
	ok := widget.NewButton(T("Open"), func() {
		if entry.Text == "" {
			return
		}
		d.Hide()
		u.receiveFile(path, entry.Text)
	})
	ok.Importance = widget.HighImportance
	entry.OnSubmitted = func(string) { ok.OnTapped() }
	cancel := widget.NewButton(T("Cancel"), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(T("Passphrase"), container.NewVBox(text, entry,
		container.NewCenter(container.NewHBox(ok, cancel))), u.win)
	d.Resize(fyne.NewSize(480, 0))
	entry.onEscape = d.Hide
	u.dialogKeys(d, ok.OnTapped, d.Hide)
	u.passForm = &passphraseForm{Entry: entry, Open: ok, Cancel: cancel, Message: text}
	d.Show()
	u.win.Canvas().Focus(entry)
}

// passphraseForm is the last passphrase question, for tests.
type passphraseForm struct {
	Entry        *escEntry
	Open, Cancel *widget.Button
	Message      *widget.Label
}

// previewForm is what receiving a package will do, before anything is
// written: counts per record type and a choice per conflict.
type previewForm struct {
	Counts    *fyne.Container
	Conflicts []*widget.Select // a choice per record in conflict
	Fields    []*widget.Select // a choice per field of those, where both are live
	Receive   *widget.Button
	Cancel    *widget.Button
	plan      *exchange.Plan
}

// maxConflictRows is how many conflicts get a row of their own; beyond,
// the buttons that choose for all of them still apply.
const maxConflictRows = 300

func (u *UI) showPreview(path string, plan *exchange.Plan) {
	p := &previewForm{plan: plan}
	lang := Lang()
	p.Counts = tallyGrid(plan, lang)
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
	counts := p.Counts
	var d dialog.Dialog
	if len(plan.Conflicts) > 0 {
		take, keep := T("Take the received version"), T("Keep this PC's version")
		note := widget.NewLabel(T("Both sides changed these records without seeing each other's change. A version is chosen the same way on every PC: a record kept before a deletion, then the later change. Change it where you know better."))
		note.Wrapping = fyne.TextWrapWord
		rows := container.NewVBox()
		for i, c := range plan.Conflicts {
			if i == maxConflictRows {
				rows.Add(widget.NewLabel(T("… and {{.N}} more, chosen by the buttons above.", map[string]any{"N": len(plan.Conflicts) - maxConflictRows})))
				break
			}
			c := c
			// A choice for the record, and, where both versions are live,
			// one for each field that differs: edits of different fields on
			// the two PCs can both be kept.
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
		all := func(takeAll bool) {
			for _, c := range plan.Conflicts {
				c.SetAll(takeAll)
			}
			for _, s := range p.Conflicts {
				s.SetSelected(choiceLabel(takeAll, take, keep))
			}
		}
		allTake := widget.NewButton(T("All: take the received"), func() { all(true) })
		allKeep := widget.NewButton(T("All: keep this PC's"), func() { all(false) })
		scroll := container.NewVScroll(rows)
		scroll.SetMinSize(fyne.NewSize(0, 220))
		// The conflicts come first: they are what needs the user.
		parts = append(parts, note, container.NewHBox(allTake, allKeep), scroll, widget.NewSeparator())
	}
	parts = append(parts, counts)
	p.Receive = widget.NewButtonWithIcon(T("Receive"), theme.DownloadIcon(), func() {
		d.Hide()
		u.applyPlan(path, plan)
	})
	p.Receive.Importance = widget.HighImportance
	if plan.Changes() == 0 {
		p.Receive.SetText(T("Done"))
		p.Receive.SetIcon(theme.ConfirmIcon())
	}
	p.Cancel = widget.NewButton(T("Cancel"), func() {
		d.Hide()
		u.flash(T("Cancelled; nothing was received."))
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

// onExchangeLog is File > Log of packages: what was sent and received.
func (u *UI) onExchangeLog() {
	if u.store == nil {
		return
	}
	store := u.store
	var log []db.Exchange
	var err error
	u.run(func() { log, err = store.Exchanges(u.jobs.ctx) }, func() {
		if err != nil {
			u.showError(err)
			return
		}
		var b strings.Builder
		if len(log) == 0 {
			b.WriteString(T("No package has been sent or received yet."))
		}
		for _, e := range log {
			dir := T("Sent to")
			if e.Direction == "received" {
				dir = T("Received from")
			}
			peer := e.Peer
			if peer == "" {
				peer = "—"
			}
			b.WriteString(e.At.Local().Format("02/01/2006 15:04") + "  " + dir + " " + peer + "\n")
			b.WriteString("    " + e.File + ": " + exchange.LogSummary(e.Direction, e.Summary, Lang()) + "\n")
		}
		u.showReport(T("Log of packages sent and received"), wrapped(b.String()))
	})
}

// dialogKeys makes Enter run ok and Escape run cancel while d is shown and
// no field has the keyboard (fields of the dialog are escEntry, which do
// the same).
func (u *UI) dialogKeys(d dialog.Dialog, ok, cancel func()) {
	c := u.win.Canvas()
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch {
		case e.Name == fyne.KeyEscape && cancel != nil:
			cancel()
			return
		case (e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter) && ok != nil:
			ok()
			return
		}
		if prev != nil {
			prev(e)
		}
	})
	d.SetOnClosed(func() { c.SetOnTypedKey(prev) })
}

// escEntry is a text field of a dialog: Escape closes the dialog.
type escEntry struct {
	widget.Entry
	onEscape func()
}

func newEscEntry(password bool) *escEntry {
	e := &escEntry{}
	e.Password = password
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey closes the dialog on Escape and types anything else.
func (e *escEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// withProgress runs work off the window's goroutine behind a progress
// dialog whose Cancel cancels work's context, then done on the window's
// goroutine. The dialog goes away whatever happens, a panic in work too
// (which the background bridge reports).
func (u *UI) withProgress(title string, bar fyne.CanvasObject, work func(ctx context.Context), done func()) {
	ctx, cancel := context.WithCancel(u.jobs.ctx)
	progress := dialog.NewCustom(title, T("Cancel"), container.NewPadded(bar), u.win)
	progress.SetOnClosed(cancel)
	progress.Resize(fyne.NewSize(440, 0))
	progress.Show()
	finished := false
	u.run(func() {
		defer func() {
			if !finished {
				fyne.Do(progress.Hide)
			}
		}()
		work(ctx)
		finished = true
	}, func() {
		progress.Hide()
		cancel()
		done()
	})
}

// choiceLabel is the label of a conflict's choice: yes for taking the
// received version, no for keeping this PC's.
func choiceLabel(take bool, yes, no string) string {
	if take {
		return yes
	}
	return no
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
