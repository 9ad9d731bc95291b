package app

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"giamsat/db"
	"giamsat/forms"
)

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
	rights      db.Rights // as the last sync with the province's server said
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
	if o.navErr == nil {
		o.rights, o.navErr = o.store.Rights(ctx)
	}
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
	u.store, u.path, u.lock, u.readOnly, u.rights = o.store, path, o.lock, o.readOnly, o.rights
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
		since = db.FormatMoment(h.Since)
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
	u.lock, u.readOnly, u.rights = nil, false, db.Rights{}
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
