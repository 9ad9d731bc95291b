// Package app is the shell of Giám sát: the main window, its navigation and
// menus, and the actions that wire the store, the forms and the exports
// together.
package app

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/renderer"
	"giamsat/db"
	"giamsat/forms"
)

// Preference keys.
const (
	prefLanguage   = "language"
	prefAppearance = "appearance"
	prefRecent     = "recentDatabases"
	prefSaveFolder = "saveFolder" // the folder last saved to
)

// UI is the main window and what it shows.
type UI struct {
	app   fyne.App
	win   fyne.Window
	opts  Options
	jobs  *jobs
	plain bool // drawn by softpipe: the plain drawing (theme.go)

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
	carryView   *forms.View     // the view the next form shown takes (viewKeeper)
	prompt      *forms.Question // the last question asked
	saveForm    *savePathForm   // the fields of the last save-path question
	signingDate *widget.Entry   // the export's signing date, while asked
	annexCheck  *widget.Check   // whether the report's annex goes beside it, while asked
	lastDone    *widget.Label   // what the last "drafted" message said
	sendForm    *sendForm       // the last File > Send data
	openForm    *openPathForm   // the last open-a-file question
	passForm    *passphraseForm // the last passphrase question
	serverForm  *serverForm     // the last server settings dialog
	preview     *previewForm    // the last preview of a package
	lastReport  *fyne.Container // what the last report shown holds
	onEmpty     bool            // the first-run screen is shown

	newDelegation, communesButton, indicatorsButton *forms.Button
	leaving                                         forms.Form      // the form saved from the leave question
	lock                                            *dbLock         // this window's hold on its database
	visitView                                       *visitView      // the last visit form made
	keepTab                                         int             // the visit tab to show after a language switch
	restoreList                                     *widget.List    // the list of the last restore dialog (tests)
	restoreOther                                    *forms.Button   // its "choose another file" button
	warnedStorage                                   map[string]bool // databases warned about as on a share or stick
	readOnly                                        bool            // the database is open for reading only
	rights                                          db.Rights       // what the user may write on the province's server (its last sync)
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
	// Drawn in software, the window draws less (theme.go).
	u.plain = renderer.InSoftware()
	if u.plain {
		fyne.SetCurrentApp(plainApp{a})
	}
	// The program's theme (the keyboard's control marked plainly), set
	// before anything is drawn: no font cache to drop yet.
	a.Settings().SetTheme(themeFor(a.Preferences().StringWithFallback(prefAppearance, "system"), u.plain))
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

// openFirstFound is Enter in the search field: the first record found
// opens, and the keyboard goes to the tree, on it.
func (u *UI) openFirstFound() {
	roots := u.nav.childIDs("")
	if len(roots) == 0 {
		return
	}
	first := roots[0]
	if q := strings.TrimSpace(u.search.Text); q != "" {
		// A search finds visits: the first visit found, under its
		// delegation.
		if visits := u.nav.childIDs(first); len(visits) > 0 {
			first = visits[0]
		}
	}
	u.tree.Select(first)
	u.tree.ScrollTo(first)
	u.win.Canvas().Focus(u.tree)
}

// build lays out the window in the current language.
func (u *UI) build() {
	u.win.SetTitle(T("Giám sát"))
	u.search = newSearchEntry(func() { u.win.Canvas().Focus(u.tree) }, u.openFirstFound)
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
	u.newDelegation = forms.NewButton(T("New delegation"), theme.ContentAddIcon(), func() {
		u.leave(func() { u.showDelegation("") }, nil)
	})
	u.communesButton = forms.NewButton(T("Communes"), theme.ListIcon(), u.showCommunes)
	u.indicatorsButton = forms.NewButton(T("Indicators"), theme.ListIcon(), u.showIndicators)
	catalogues := container.NewGridWithColumns(2, u.communesButton, u.indicatorsButton)
	left := container.NewBorder(container.NewVBox(u.search, u.newDelegation), catalogues, nil, nil, u.tree)
	u.updateActions()
	split := container.NewHSplit(left, container.NewBorder(nil, u.status, nil, nil, u.detail))
	split.Offset = 0.3
	u.win.SetContent(split)
	u.win.SetMainMenu(u.menu())
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

// updateActions enables what can be done now: nothing without a database,
// nothing that writes in one open for reading only.
func (u *UI) updateActions() {
	if u.newDelegation == nil {
		return
	}
	set := func(b *forms.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	set(u.newDelegation, u.store != nil && !u.readOnly && u.rights.MayWrite("delegations", "", ""))
	set(u.communesButton, u.store != nil)
	set(u.indicatorsButton, u.store != nil)
}
