package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
	"giamsat/forms"
)

// checkDamage runs SQLite's quick_check on the database just opened, in
// the background so that the window is usable at once. A damaged database
// is closed before anything is written to it, and a sound backup offered;
// a sound one gets the day's backup.
func (u *UI) checkDamage(store *db.Store, path string) {
	ctx := u.jobs.ctx
	var problems []string
	var backup string
	u.run(func() {
		problems, _ = store.QuickCheck(ctx)
		if problems != nil {
			backup = db.LatestSoundBackup(ctx, path)
		}
	}, func() {
		if store != u.store {
			return
		}
		if problems == nil {
			u.dailyBackup(store)
			return
		}
		fyne.LogError("damaged database "+path, errors.New(strings.Join(problems, "; ")))
		u.form, u.selected = nil, ""
		u.closeStore()
		u.nav = navModel{}
		u.tree.Refresh()
		u.countsLine = ""
		u.setStatus("")
		u.offerRestore(path, backup)
	})
}

// offerRestore says that the database at path is damaged and offers the
// newest sound backup (if any), reading it as it is, or nothing.
func (u *UI) offerRestore(path, backup string) {
	u.showNoDatabase()
	ctx := u.jobs.ctx
	var visits int
	if backup != "" {
		visits, _ = db.CountVisits(ctx, backup)
	}
	msg := T("The database {{.Path}} is damaged. Nothing was written to it.", map[string]string{"Path": path})
	answers := []forms.Answer{}
	if backup != "" {
		msg += "\n\n" + T("The newest sound backup was made {{.When}} and holds {{.Visits}}. Restoring it keeps the damaged file beside it.",
			map[string]string{"When": backupTime(backup), "Visits": counted(visits, "{{.N}} visit", "{{.N}} visits")})
		answers = append(answers, forms.Answer{Key: "restore", Label: T("Restore this backup"), Important: true,
			Do: func() { u.restore(backup, path) }})
	} else {
		msg += "\n\n" + T("There is no automatic backup beside it. If you have a copy elsewhere, choose it in File > Restore from a backup.")
	}
	answers = append(answers,
		forms.Answer{Key: "readonly", Label: T("Open for reading only"), Do: func() {
			var o opened
			u.run(func() { o = openLocked(ctx, path, true) }, func() { u.showOpened(path, o) })
		}},
		forms.Answer{Key: "close", Label: T("Close")})
	u.prompt = forms.Ask(u.win, T("The database is damaged"), msg, answers...)
}

// backupTime is when an automatic backup was made, from its name, as
// "25/11/2026 08:00"; the file's own name when it is not one.
func backupTime(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), ".db")
	if len(name) >= 22 { // …-20261125-080000-daily
		for i := 0; i+15 <= len(name); i++ {
			if t, err := time.ParseInLocation("20060102-150405", name[i:i+15], time.Local); err == nil {
				return db.FormatMoment(t)
			}
		}
	}
	return filepath.Base(path)
}

// restore puts the backup from in place of the database at path (the one
// there is kept aside) and opens it.
func (u *UI) restore(from, path string) {
	if u.path == path {
		u.form, u.selected = nil, ""
		u.closeStore()
	}
	ctx := u.jobs.ctx
	var aside string
	var err error
	u.run(func() { aside, err = db.Restore(ctx, from, path) }, func() {
		if err != nil {
			u.showError(err)
			u.openDatabaseNow(path)
			return
		}
		u.openDatabaseNow(path)
		msg := T("Restored from {{.Backup}}.", map[string]string{"Backup": from})
		if aside != "" {
			msg += " " + T("The database as it was is kept as {{.Aside}}.", map[string]string{"Aside": aside})
		}
		d := dialog.NewInformation(T("Restored"), msg, u.win)
		d.Resize(fyne.NewSize(560, 0))
		u.dialogKeys(d, d.Hide, d.Hide)
		d.Show()
	})
}

// onBackupNow is File > Back up now: a checked copy where the user says.
func (u *UI) onBackupNow() {
	store := u.store
	if store == nil {
		return
	}
	name := T("giamsat-backup-") + time.Now().Format("2006-01-02") + ".db"
	u.askSavePath(T("Back up now…"), name, ".db", false, func(path string) {
		ctx := u.jobs.ctx
		var err error
		u.run(func() { err = store.Backup(ctx, path) }, func() {
			if err != nil {
				u.showError(err)
				return
			}
			u.flash(T("Backed up to {{.Path}}.", map[string]string{"Path": path}))
		})
	})
}

// backupEntry is a backup as the restore list shows it.
type backupEntry struct {
	file   db.BackupFile
	when   string
	visits int
	err    error
}

// onRestore is File > Restore: the automatic backups, newest first, with
// their date and how many visits each holds; restoring keeps the database
// as it was aside.
func (u *UI) onRestore() {
	store, path := u.store, u.path
	if store == nil {
		return
	}
	var entries []backupEntry
	var now int
	var err error
	ctx := u.jobs.ctx
	u.run(func() {
		if entries, err = listBackups(ctx, store); err == nil {
			now, err = db.CountVisits(ctx, path)
		}
	}, func() {
		if err != nil {
			u.showError(err)
			return
		}
		u.showRestoreList(ctx, store, path, entries, now)
	})
}

// showRestoreList lists the backups of store, with the visits each holds,
// and asks to confirm the one chosen; now is the visits path holds.
func (u *UI) showRestoreList(ctx context.Context, store *db.Store, path string, entries []backupEntry, now int) {
	var d dialog.Dialog
	confirm := func(from, when string, visits int) {
		d.Hide()
		u.leave(func() {
			u.prompt = forms.Ask(u.win, T("Restore"),
				T("Restore the backup of {{.When}} ({{.Visits}})? The database now holds {{.Now}}; it is kept beside it as it is.",
					map[string]string{"When": when, "Visits": counted(visits, "{{.N}} visit", "{{.N}} visits"),
						"Now": counted(now, "{{.N}} visit", "{{.N}} visits")}),
				forms.Answer{Key: "restore", Label: T("Restore"), Icon: theme.HistoryIcon(), Important: true,
					Do: func() { u.restore(from, path) }},
				forms.Answer{Key: "cancel", Label: T("Cancel")})
		}, nil)
	}
	list := widget.NewList(func() int { return len(entries) },
		func() fyne.CanvasObject { return widget.NewLabel("25/11/2026 21:45 · 20.000 buổi làm việc") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := entries[i]
			text := e.when + " · " + counted(e.visits, "{{.N}} visit", "{{.N}} visits")
			if e.err != nil {
				text = e.when + " · " + T("cannot be read")
			}
			o.(*widget.Label).SetText(text)
		})
	list.OnSelected = func(i widget.ListItemID) {
		e := entries[i]
		if e.err != nil {
			list.UnselectAll()
			return
		}
		confirm(e.file.Path, e.when, e.visits)
	}
	other := u.otherBackupButton(ctx, confirm)
	heading := T("Backups in {{.Folder}}:", map[string]string{"Folder": store.BackupDir()})
	if len(entries) == 0 {
		heading = T("There is no automatic backup in {{.Folder}} yet.", map[string]string{"Folder": store.BackupDir()})
	}
	label := widget.NewLabel(heading)
	label.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustom(T("Restore from a backup"), T("Cancel"),
		container.NewBorder(label, container.NewHBox(other), nil, nil, list), u.win)
	d.Resize(fyne.NewSize(600, 440))
	u.dialogKeys(d, nil, d.Hide)
	d.Show()
	u.restoreList = list
	u.restoreOther = other
}

// otherBackupButton chooses a backup made by hand, or carried on a stick,
// as a file, then asks confirm with the visits it holds.
func (u *UI) otherBackupButton(ctx context.Context, confirm func(from, when string, visits int)) *forms.Button {
	return forms.NewButton(T("Choose another file…"), theme.FolderOpenIcon(), func() {
		open := dialog.NewFileOpen(func(r fyne.URIReadCloser, ferr error) {
			if ferr != nil || r == nil {
				return
			}
			from := r.URI().Path()
			r.Close()
			var visits int
			var verr error
			u.run(func() { visits, verr = db.CountVisits(ctx, from) }, func() {
				if verr != nil {
					u.showError(verr)
					return
				}
				confirm(from, filepath.Base(from), visits)
			})
		}, u.win)
		u.setDialogFolder(open)
		u.showFileDialog(open)
	})
}

// listBackups reads each automatic backup's date and visit count.
func listBackups(ctx context.Context, store *db.Store) ([]backupEntry, error) {
	files, err := store.Backups()
	if err != nil {
		return nil, err
	}
	out := make([]backupEntry, len(files))
	for i, f := range files {
		out[i].file = f
		out[i].when = f.Taken
		if t, err := time.ParseInLocation("20060102-150405", f.Taken, time.Local); err == nil {
			out[i].when = db.FormatMoment(t)
		}
		out[i].visits, out[i].err = db.CountVisits(ctx, f.Path)
	}
	return out, nil
}

// warnStorage warns, once per database and run, that a database on a
// network share or a removable drive can lose data, and offers to copy it
// to this PC's data folder and go on there.
func (u *UI) warnStorage(store *db.Store, path string) {
	kind := storageOf(path)
	if kind == storageLocal || u.warnedStorage[path] {
		return
	}
	if u.warnedStorage == nil {
		u.warnedStorage = map[string]bool{}
	}
	u.warnedStorage[path] = true
	where := T("on a network share")
	if kind == storageRemovable {
		where = T("on a removable drive (a USB stick, a memory card)")
	}
	local := localCopyPath(path)
	u.prompt = forms.Ask(u.win, T("Risk of losing data"),
		T("The database {{.Path}} is {{.Where}}. If the connection drops or the drive is pulled out while saving, work can be lost. Copy it to this PC ({{.Local}}) and work there?",
			map[string]string{"Path": path, "Where": where, "Local": local}),
		forms.Answer{Key: "copy", Label: T("Copy to this PC"), Important: true, Do: func() {
			ctx := u.jobs.ctx
			var err error
			u.run(func() {
				if err = os.MkdirAll(filepath.Dir(local), 0o755); err == nil {
					err = store.Backup(ctx, local)
				}
			}, func() {
				if err != nil {
					u.showError(err)
					return
				}
				u.openDatabase(local)
			})
		}},
		forms.Answer{Key: "stay", Label: T("Work where it is")})
}

// localCopyPath is a new file in this PC's data folder for a copy of path.
func localCopyPath(path string) string {
	dir := filepath.Dir(DefaultDBPath())
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	name := filepath.Join(dir, base+".db")
	for i := 2; ; i++ {
		if _, err := os.Stat(name); os.IsNotExist(err) {
			return name
		}
		name = filepath.Join(dir, fmt.Sprintf("%s-%d.db", base, i))
	}
}
