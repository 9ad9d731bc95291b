// Package app is the shell of Giám sát: the main window, its navigation and
// menus, and the actions that wire the store, the forms and the exports
// together.
package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"fyne.io/fyne/v2/driver/desktop"

	"giamsat/app/renderer"
	"giamsat/assets"
	"giamsat/db"
	"giamsat/forms"
)

// Preference keys.
const (
	prefLanguage   = "language"
	prefAppearance = "appearance"
	prefRecent     = "recentDatabases"
)

// UI is the main window and what it shows.
type UI struct {
	app  fyne.App
	win  fyne.Window
	opts Options
	jobs *jobs

	store *db.Store
	path  string

	nav    navModel
	tree   *navTree
	search *searchEntry
	detail *fyne.Container
	status *widget.Label

	form      forms.Form // the form on screen, if any
	formKind  string     // "delegation", "visit", "commune", "indicator"
	formID    string
	selected  string // the tree node on screen
	selecting bool   // set while the tree is selected by the program

	afterReload func()          // run once when the navigation is next loaded
	prompt      *forms.Question // the last question asked
	saveForm    *savePathForm   // the fields of the last save-path question
	sendForm    *sendForm       // the last File > Send data
	openForm    *openPathForm   // the last open-a-file question
	passForm    *passphraseForm // the last passphrase question
	preview     *previewForm    // the last preview of a package
	lastReport  *fyne.Container // what the last report shown holds
	onEmpty     bool            // the first-run screen is shown

	newDelegation, communesButton, indicatorsButton *widget.Button
	leaving                                         forms.Form      // the form saved from the leave question
	lock                                            *dbLock         // this window's hold on its database
	visitView                                       *visitView      // the last visit form made
	keepTab                                         int             // the visit tab to show after a language switch
	restoreList                                     *widget.List    // the list of the last restore dialog (tests)
	restoreOther                                    *widget.Button  // its "choose another file" button
	warnedStorage                                   map[string]bool // databases warned about as on a share or stick
	readOnly                                        bool            // the database is open for reading only
	countsLine                                      string          // the status line's resting text
	flashes                                         int             // passing messages shown in the status line
	flashing                                        bool            // one is on show
	treeFilled                                      bool            // the tree was filled once
	opening                                         time.Time       // when the record being opened was chosen
}

// Start builds the main window on w and opens the database in the
// background; the window shows at once and fills when the data is there.
func Start(a fyne.App, w fyne.Window, opts Options) *UI {
	return newUI(a, w, opts, false)
}

// newUI is Start; runNow runs the store's work at once (tests).
func newUI(a fyne.App, w fyne.Window, opts Options, runNow bool) *UI {
	u := &UI{app: a, win: w, opts: opts}
	u.jobs = newJobs(runNow, u.showError)
	code := opts.Lang
	if code == "" {
		code = a.Preferences().StringWithFallback(prefLanguage, "vi")
	}
	if err := SetLanguage(code); err != nil {
		fyne.LogError("loading translations", err)
	}
	// Setting a theme drops Fyne's font caches: only when one was chosen.
	if appearance := a.Preferences().StringWithFallback(prefAppearance, "system"); appearance != "system" {
		a.Settings().SetTheme(themeFor(appearance))
	}
	w.Resize(fyne.NewSize(1280, 720))
	w.SetMaster()
	w.SetCloseIntercept(func() { u.leave(func() { u.shutdown(); w.Close() }, nil) })
	u.build()
	path := opts.DBPath
	if path == "" {
		path = DefaultDBPath()
	}
	u.openDatabase(path)
	return u
}

// build lays out the window in the current language.
func (u *UI) build() {
	u.win.SetTitle(T("Giám sát"))
	u.search = newSearchEntry(func() { u.win.Canvas().Focus(u.tree) })
	u.search.SetPlaceHolder(T("Search (e.g. thong nong)"))
	u.search.OnChanged = func(q string) {
		start := time.Now()
		u.nav.filter(q)
		u.tree.Refresh()
		if q != "" {
			u.tree.OpenAllBranches()
		}
		timing("search-keystroke", start)
	}
	u.tree = newNavTree(&u.nav,
		func(bool) fyne.CanvasObject {
			// No ellipsis: shaping it on every refresh of 20,000 rows
			// costs more than a keystroke may (docs/benchmarks.md).
			return widget.NewLabel("Đoàn giám sát số 00 · 00/00/0000–00/00/0000")
		},
		func(uid widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(u.nav.label(uid))
		})
	u.tree.OnSelected = u.onNodeSelected
	u.status = widget.NewLabel("")
	u.status.Truncation = fyne.TextTruncateEllipsis
	u.detail = container.NewStack()
	u.newDelegation = widget.NewButtonWithIcon(T("New delegation"), theme.ContentAddIcon(), func() {
		u.leave(func() { u.showDelegation("") }, nil)
	})
	u.communesButton = widget.NewButtonWithIcon(T("Communes"), theme.ListIcon(), u.showCommunes)
	u.indicatorsButton = widget.NewButtonWithIcon(T("Indicators"), theme.ListIcon(), u.showIndicators)
	catalogues := container.NewGridWithColumns(2, u.communesButton, u.indicatorsButton)
	left := container.NewBorder(container.NewVBox(u.search, u.newDelegation), catalogues, nil, nil, u.tree)
	u.updateActions()
	split := container.NewHSplit(left, container.NewBorder(nil, u.status, nil, nil, u.detail))
	split.Offset = 0.3
	u.win.SetContent(split)
	u.win.SetMainMenu(u.menu())
}

// shortcut is Ctrl (Cmd on macOS) with key. Menu items carry them, so they
// work even while the cursor is in a text field.
func shortcut(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

func (u *UI) menu() *fyne.MainMenu {
	recent := fyne.NewMenuItem(T("Recent databases"), nil)
	for _, p := range u.app.Preferences().StringList(prefRecent) {
		p := p
		recent.ChildMenu = appendItem(recent.ChildMenu, fyne.NewMenuItem(p, func() { u.openDatabase(p) }))
	}
	if recent.ChildMenu == nil {
		recent.Disabled = true
	}
	quit := fyne.NewMenuItem(T("Quit"), func() { u.leave(func() { u.shutdown(); u.app.Quit() }, nil) })
	quit.IsQuit = true
	quit.Shortcut = shortcut(fyne.KeyQ)
	save := fyne.NewMenuItem(T("Save"), u.onSave)
	save.Shortcut = shortcut(fyne.KeyS)
	newRecord := fyne.NewMenuItem(T("New record"), u.onNew)
	newRecord.Shortcut = shortcut(fyne.KeyN)
	find := fyne.NewMenuItem(T("Search"), func() { u.win.Canvas().Focus(u.search) })
	find.Shortcut = shortcut(fyne.KeyF)
	nextTab := fyne.NewMenuItem(T("Next tab"), func() { u.onTab(1) })
	nextTab.Shortcut = shortcut(fyne.KeyPageDown)
	prevTab := fyne.NewMenuItem(T("Previous tab"), func() { u.onTab(-1) })
	prevTab.Shortcut = shortcut(fyne.KeyPageUp)
	export := fyne.NewMenuItem(T("Export to Excel…"), u.onExport)
	export.Shortcut = shortcut(fyne.KeyE)
	file := fyne.NewMenu(T("File"),
		newRecord, save, find, nextTab, prevTab,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(T("New database…"), u.onNewDatabase),
		fyne.NewMenuItem(T("Open database…"), u.onOpenDatabase),
		recent,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(T("Back up now…"), u.onBackupNow),
		fyne.NewMenuItem(T("Restore from a backup…"), u.onRestore),
		fyne.NewMenuItemSeparator(),
		export,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(T("Send data…"), u.onSend),
		fyne.NewMenuItem(T("Receive data…"), u.onReceive),
		fyne.NewMenuItem(T("Log of packages…"), u.onExchangeLog),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	language := fyne.NewMenuItem(T("Language"), nil)
	for _, l := range Languages {
		l := l
		item := fyne.NewMenuItem(l.Name, func() { u.setLanguage(l.Code) })
		item.Checked = Lang() == l.Code
		language.ChildMenu = appendItem(language.ChildMenu, item)
	}
	appearance := fyne.NewMenuItem(T("Appearance"), nil)
	current := u.app.Preferences().StringWithFallback(prefAppearance, "system")
	for _, a := range Appearances {
		a := a
		item := fyne.NewMenuItem(T(map[string]string{"system": "As the system", "light": "Light", "dark": "Dark"}[a]), func() {
			u.app.Preferences().SetString(prefAppearance, a)
			u.app.Settings().SetTheme(themeFor(a))
			u.win.SetMainMenu(u.menu())
		})
		item.Checked = a == current
		appearance.ChildMenu = appendItem(appearance.ChildMenu, item)
	}
	settings := fyne.NewMenu(T("Settings"), language, appearance)
	if renderer.Available() {
		soft := fyne.NewMenuItem(T("Draw the window in software (from the next start)"), func() {
			if err := renderer.SetForceSoftware(!renderer.ForcedSoftware()); err != nil {
				u.showError(err)
				return
			}
			u.win.SetMainMenu(u.menu())
			dialog.ShowInformation(T("Drawing"), T("Takes effect the next time Giám sát starts."), u.win)
		})
		soft.Checked = renderer.ForcedSoftware()
		settings.Items = append(settings.Items, fyne.NewMenuItemSeparator(), soft)
	}
	help := fyne.NewMenu(T("Help"), fyne.NewMenuItem(T("About Giám sát"), u.showAbout))
	return fyne.NewMainMenu(file, settings, help)
}

func appendItem(m *fyne.Menu, item *fyne.MenuItem) *fyne.Menu {
	if m == nil {
		return fyne.NewMenu("", item)
	}
	m.Items = append(m.Items, item)
	return m
}

// setLanguage switches the interface language, remembers it and rebuilds
// the window.
func (u *UI) setLanguage(code string) {
	u.leave(func() { u.switchLanguage(code) }, nil)
}

func (u *UI) switchLanguage(code string) {
	if err := SetLanguage(code); err != nil {
		u.showError(err)
		return
	}
	u.app.Preferences().SetString(prefLanguage, code)
	query := ""
	if u.search != nil {
		query = u.search.Text
	}
	selected, kind, onEmpty := u.selected, u.formKind, u.onEmpty
	hadForm := u.form != nil
	// The tree comes back with the same delegations open.
	var open []string
	if u.tree != nil {
		for _, id := range u.nav.shown {
			if u.tree.IsBranchOpen(id) {
				open = append(open, id)
			}
		}
	}
	reopen := func() {
		for _, id := range open {
			u.tree.OpenBranch(id)
		}
		// And the visit on screen is in sight, under its delegation.
		if id, ok := strings.CutPrefix(selected, visitNode); ok {
			if v, ok := u.nav.visitByID[id]; ok {
				u.tree.OpenBranch(delegationNode + v.row.DelegationID)
			}
		}
	}
	// A visit comes back on the tab it was on.
	u.keepTab = 0
	if v := u.visitView; v != nil && u.form == v.form {
		u.keepTab = v.form.Tabs.SelectedIndex()
	}
	u.form, u.selected = nil, ""
	u.build()
	u.search.SetText(query)
	// What was on the right comes back in the new language.
	switch {
	case selected != "":
		u.reloadThen(func() { reopen(); u.reselect(selected); u.onNodeSelected(selected) })
		return
	case hadForm && kind == "commune":
		u.showCommunes()
	case hadForm && kind == "indicator":
		u.showIndicators()
	case onEmpty:
		u.showEmpty()
	default:
		u.showWelcome()
	}
	u.reloadThen(reopen)
}

func (u *UI) showAbout() {
	meta := u.app.Metadata()
	version := meta.Version
	if version == "" {
		version = "dev"
	}
	path := u.path
	if path == "" {
		path = T("(no database open)")
	}
	pathLabel := widget.NewLabel(path)
	pathLabel.Wrapping = fyne.TextWrapBreak
	content := container.NewVBox(
		widget.NewLabelWithStyle(T("Giám sát"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(T("Records the supervision visits of a Party Committee's delegation to communes and exports Excel summaries.")),
		widget.NewForm(
			widget.NewFormItem(T("Version"), widget.NewLabel(version)),
			widget.NewFormItem(T("Database"), pathLabel),
			widget.NewFormItem(T("Drawing"), widget.NewLabel(drawing())),
		),
	)
	d := dialog.NewCustom(T("About Giám sát"), T("Close"), content, u.win)
	d.Resize(fyne.NewSize(560, 0))
	u.dialogKeys(d, d.Hide, d.Hide)
	d.Show()
}

// drawing says what draws the window, for the About box.
func drawing() string {
	c := renderer.Current()
	switch {
	case c == nil:
		return T("the system's OpenGL")
	case c.Kind == renderer.Software && c.Forced:
		return T("in software (Mesa {{.Name}}), as set", map[string]string{"Name": c.Renderer})
	case c.Kind == renderer.Software:
		return T("in software (Mesa {{.Name}}): this PC's OpenGL cannot start", map[string]string{"Name": c.Renderer})
	}
	return T("the graphics card's OpenGL ({{.Name}})", map[string]string{"Name": c.Renderer})
}

// showError shows err in the interface language.
func (u *UI) showError(err error) {
	err = db.Friendly(err)
	msg := err.Error()
	var ue interface{ Message(string) string }
	if errors.As(err, &ue) {
		msg = ue.Message(Lang())
	}
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(T("Error"), T("Close"), container.NewPadded(label), u.win)
	d.Resize(fyne.NewSize(520, 0))
	u.dialogKeys(d, d.Hide, d.Hide)
	d.Show()
}

// openDatabase opens path in the background and shows it when it is open;
// the database open before stays open when path cannot be opened.
func (u *UI) openDatabase(path string) {
	u.leave(func() { u.openDatabaseNow(path) }, nil)
}

func (u *UI) openDatabaseNow(path string) {
	u.setStatus(T("Opening {{.Path}}…", map[string]string{"Path": path}))
	var o opened
	ctx := u.jobs.ctx
	// The navigation is read in the same job (at start, by Preload, before
	// Fyne is even set up), so that it is read while the window is made.
	pre := takePreload(path)
	u.run(func() {
		if pre != nil {
			<-pre.done
			o = pre.opened
			return
		}
		o = openLocked(ctx, path, false)
	}, func() { u.showOpened(path, o) })
}

// opened is a database as opened for the window.
type opened struct {
	store       *db.Store
	nav         navData
	lock        *dbLock     // nil when opened read-only
	holder      *lockHolder // who has the database open, when another does
	readOnly    bool
	err, navErr error
}

// openLocked takes the database's lock and opens it, or, when another
// window holds the lock and readOnly is set, opens it for reading only.
func openLocked(ctx context.Context, path string, readOnly bool) (o opened) {
	o.readOnly = readOnly
	if !readOnly {
		var err error
		if o.lock, o.holder, err = lockDatabase(path); err != nil {
			o.lock = nil // a folder where no lock can be made: open unlocked
		}
		if o.holder != nil {
			return o
		}
		o.store, o.err = OpenStore(path)
	} else {
		o.store, o.err = db.OpenReadOnly(path)
	}
	if o.err != nil {
		o.lock.release()
		return o
	}
	o.nav, o.navErr = readNav(ctx, o.store)
	return o
}

// showOpened shows the database opened at path, or says why it was not.
func (u *UI) showOpened(path string, o opened) {
	if o.holder != nil {
		u.setStatus("")
		u.askReadOnly(path, o.holder)
		if u.store == nil {
			u.showNoDatabase()
		}
		return
	}
	if o.err != nil {
		u.setStatus("")
		damaged := errors.Is(o.err, db.ErrDamaged)
		if u.store == nil && (damaged || errors.Is(o.err, db.ErrNotSQLite) || errors.Is(o.err, db.ErrEmptyFile)) {
			// Damaged beyond opening (pages, a header, cut short): offer the
			// newest sound backup of it, when there is one.
			var backup string
			ctx, err := u.jobs.ctx, o.err
			u.run(func() { backup = db.LatestSoundBackup(ctx, path) }, func() {
				if backup == "" && !damaged {
					u.showError(err)
					u.showNoDatabase()
					return
				}
				u.offerRestore(path, backup)
			})
			return
		}
		u.showError(o.err)
		if u.store == nil {
			u.showNoDatabase()
		}
		return
	}
	u.closeStore()
	u.store, u.path, u.lock, u.readOnly = o.store, path, o.lock, o.readOnly
	u.updateActions()
	u.form, u.selected = nil, ""
	u.reselect("")
	u.showWelcome()
	u.rememberRecent(path)
	u.win.SetMainMenu(u.menu())
	u.showNav(o.store, o.nav, o.navErr)
	if !o.readOnly {
		u.checkDamage(o.store, path) // then the day's backup, of a sound file
		u.warnStorage(o.store, path)
	}
}

// askReadOnly says who has the database open and offers to open it for
// reading only, so that two windows never overwrite each other's work.
func (u *UI) askReadOnly(path string, h *lockHolder) {
	who := h.User
	if h.Host != "" {
		who = T("{{.User}} on {{.Host}}", map[string]string{"User": h.User, "Host": h.Host})
	}
	since := ""
	if !h.Since.IsZero() {
		since = h.Since.Local().Format("15:04 02/01/2006")
	}
	msg := T("The database {{.Path}} is open in another window of Giám sát ({{.Who}}, since {{.Since}}). Two windows saving into it would overwrite each other's work. Open it for reading only?",
		map[string]string{"Path": path, "Who": who, "Since": since})
	u.prompt = forms.Ask(u.win, T("The database is in use"), msg,
		forms.Answer{Key: "readonly", Label: T("Open for reading only"), Important: true, Do: func() {
			var o opened
			ctx := u.jobs.ctx
			u.run(func() { o = openLocked(ctx, path, true) }, func() { u.showOpened(path, o) })
		}},
		forms.Answer{Key: "cancel", Label: T("Cancel")})
}

// dailyBackup makes the day's automatic backup in the background; a
// failure is said in the status line, for it stops no one's work.
func (u *UI) dailyBackup(store *db.Store) {
	ctx := u.jobs.ctx
	var err error
	u.run(func() { _, err = store.DailyBackup(ctx) }, func() {
		if err != nil {
			var ue *db.UserError
			msg := err.Error()
			if errors.As(err, &ue) {
				msg = ue.Message(Lang())
			}
			u.setStatus(T("The automatic backup failed: {{.Error}}", map[string]string{"Error": msg}))
		}
	})
}

func (u *UI) rememberRecent(path string) {
	list := []string{path}
	for _, p := range u.app.Preferences().StringList(prefRecent) {
		if p != path && len(list) < 8 {
			list = append(list, p)
		}
	}
	u.app.Preferences().SetStringList(prefRecent, list)
}

// reload reads the navigation from the store in the background.
func (u *UI) reload() {
	if u.store == nil {
		return
	}
	store, ctx := u.store, u.jobs.ctx
	var nav navData
	var err error
	u.run(func() { nav, err = readNav(ctx, store) }, func() { u.showNav(store, nav, err) })
}

// preload is the database opened and read by Preload.
type preloadJob struct {
	path   string
	done   chan struct{}
	opened opened
}

var (
	preloadMu sync.Mutex
	preloaded *preloadJob
)

// Preload starts opening the database at path ("" is the default one) and
// reading what the navigation shows, in the background, before the window
// exists: the first thing Start does is wait for it.
func Preload(path string) {
	if path == "" {
		path = DefaultDBPath()
	}
	p := &preloadJob{path: path, done: make(chan struct{})}
	preloadMu.Lock()
	preloaded = p
	preloadMu.Unlock()
	go func() {
		defer close(p.done)
		p.opened = openLocked(context.Background(), path, false)
	}()
}

// takePreload returns the preload of path, once, if there is one.
func takePreload(path string) *preloadJob {
	preloadMu.Lock()
	defer preloadMu.Unlock()
	p := preloaded
	preloaded = nil
	if p == nil || p.path != path {
		if p != nil {
			go func() { // not wanted after all: close what it opened
				<-p.done
				if p.opened.store != nil {
					p.opened.store.Close()
				}
				p.opened.lock.release()
			}()
		}
		return nil
	}
	return p
}

// navData is what the navigation shows, read and shaped for the tree off
// the UI goroutine.
type navData struct {
	dels   []db.Delegation
	visits []db.VisitRow
	model  navModel
}

func readNav(ctx context.Context, store *db.Store) (navData, error) {
	var n navData
	var err error
	if n.dels, err = store.Delegations(ctx); err == nil {
		n.visits, err = store.Visits(ctx, db.VisitFilter{})
	}
	if err == nil {
		n.model.setData(n.dels, n.visits)
	}
	return n, err
}

// showNav puts what was read of store in the tree and the status line.
func (u *UI) showNav(store *db.Store, nav navData, err error) {
	if store != u.store {
		return
	}
	if err != nil {
		u.showError(err)
		return
	}
	query := u.nav.query
	u.nav = nav.model
	if u.nav.generation != assets.Generation() {
		// Read before the interface's language was set (at start): the
		// labels are made again in it.
		u.nav.setData(nav.dels, nav.visits)
	}
	if query != "" {
		u.nav.filter(query)
	}
	u.tree.Refresh()
	if !u.treeFilled {
		u.treeFilled = true
		timing("tree-filled-after-start", processStart)
	}
	if then := u.afterReload; then != nil {
		u.afterReload = nil
		then()
	}
	u.countsLine = T("{{.Delegations}}, {{.Visits}} · {{.Path}}", map[string]any{
		"Delegations": counted(len(nav.dels), "{{.N}} delegation", "{{.N}} delegations"),
		"Visits":      counted(len(nav.visits), "{{.N}} visit", "{{.N}} visits"), "Path": u.path})
	if u.readOnly {
		u.countsLine += " " + T("(read only)")
	}
	u.setStatus(u.countsLine)
	if len(nav.dels) == 0 && u.form == nil {
		u.showEmpty()
	} else if u.form == nil && u.onEmpty {
		u.showWelcome()
	}
}

func (u *UI) setStatus(s string) { u.status.SetText(s) }

// flash shows a passing message ("Saved.") in the status line, which goes
// back to the counts after a few seconds.
func (u *UI) flash(s string) {
	u.setStatus(s)
	if u.jobs.now {
		return // tests: no timer running beside them
	}
	u.flashes++
	u.flashing = true
	n := u.flashes
	time.AfterFunc(4*time.Second, func() {
		fyne.Do(func() {
			if u.flashes == n {
				u.flashing = false
				if u.status.Text == s {
					u.setStatus(u.countsLine)
				}
			}
		})
	})
}

func (u *UI) setDetail(o fyne.CanvasObject) {
	u.onEmpty = false
	u.detail.Objects = []fyne.CanvasObject{o}
	u.detail.Refresh()
}

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
	create := widget.NewButtonWithIcon(T("Create the first delegation"), theme.ContentAddIcon(), u.onNewDelegation)
	create.Importance = widget.HighImportance
	receive := widget.NewButtonWithIcon(T("Receive data from another PC…"), theme.DownloadIcon(), u.onReceive)
	sample := widget.NewButtonWithIcon(T("Open the sample data"), theme.FolderOpenIcon(), u.onLoadSample)
	u.setDetail(container.NewCenter(container.NewVBox(title, text, layout.NewSpacer(), create, receive, sample)))
	u.onEmpty = true
}

// updateActions enables what can be done now: nothing without a database,
// nothing that writes in one open for reading only.
func (u *UI) updateActions() {
	if u.newDelegation == nil {
		return
	}
	set := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	set(u.newDelegation, u.store != nil && !u.readOnly)
	set(u.communesButton, u.store != nil)
	set(u.indicatorsButton, u.store != nil)
}

// showNoDatabase is the screen when no database could be opened: open
// another, or make a new one.
func (u *UI) showNoDatabase() {
	text := widget.NewLabel(T("No database is open."))
	text.Alignment = fyne.TextAlignCenter
	open := widget.NewButtonWithIcon(T("Open database…"), theme.FolderOpenIcon(), u.onOpenDatabase)
	open.Importance = widget.HighImportance
	create := widget.NewButtonWithIcon(T("New database…"), theme.ContentAddIcon(), u.onNewDatabase)
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

// shutdown ends the background work (waiting for a save under way) and
// closes the database, which leaves it one self-contained file.
func (u *UI) shutdown() {
	if !u.jobs.stop(30 * time.Second) {
		fyne.LogError("closing", errors.New("background work did not end in 30 s"))
	}
	u.closeStore()
}

func (u *UI) closeStore() {
	if u.store != nil {
		u.store.Close()
		u.store = nil
	}
	u.lock.release()
	u.lock, u.readOnly = nil, false
	u.updateActions()
}

func (u *UI) onNewDatabase() {
	// A new database is a new file: an existing one is opened with Open.
	u.askSavePath(T("New database…"), "giamsat-moi.db", ".db", false, u.openDatabase)
}

func (u *UI) onOpenDatabase() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		u.openDatabase(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db", ".sqlite"}))
	u.setDialogFolder(d)
	u.showFileDialog(d)
}

type folderSetter interface{ SetLocation(fyne.ListableURI) }

// setDialogFolder starts a file dialog in the folder of the open database.
func (u *UI) setDialogFolder(d folderSetter) {
	if u.path == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(u.path))); err == nil {
		d.SetLocation(l)
	}
}
