package app

import (
	"giamsat/forms"

	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// askSavePath asks for a folder and a file name and hands the path to use
// on. Unlike Fyne's save dialog it writes nothing: Fyne's opens the chosen
// file for writing, emptying an existing one before the program has written
// anything, which would undo the safe replacement of an export. When the
// file exists, overwrite says whether replacing it may be offered (asked
// first); otherwise the user is told to choose another name.
//
// extra are fields asked besides (the export's signing date), each checked
// before the path is used: an error keeps the question open.
func (u *UI) askSavePath(title, name, ext string, overwrite bool, use func(path string), extra ...saveField) {
	folder := newEscEntry(false)
	folder.SetText(u.saveFolder())
	file := newEscEntry(false)
	file.SetText(name)
	browse := forms.NewButton(T("Choose…"), theme.FolderOpenIcon(), func() {
		d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			if dir != nil {
				folder.SetText(dir.Path())
			}
		}, u.win)
		if l, err := storage.ListerForURI(storage.NewFileURI(folder.Text)); err == nil {
			d.SetLocation(l)
		}
		u.showFileDialog(d)
	})
	var d dialog.Dialog
	save := forms.NewButton(T("Save"), theme.DocumentSaveIcon(), func() {
		n := strings.TrimSpace(file.Text)
		if n == "" {
			u.showError(savePathError(T("Type the file's name.")))
			return
		}
		// A folder that is not there keeps the question open, with what
		// was typed, rather than failing once it is gone.
		dir := strings.TrimSpace(folder.Text)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			u.showError(savePathError(T("The folder does not exist: {{.Path}}", map[string]string{"Path": dir})))
			return
		}
		for _, f := range extra {
			if f.check == nil {
				continue
			}
			if err := f.check(); err != nil {
				u.showError(err)
				return
			}
		}
		if !strings.EqualFold(filepath.Ext(n), ext) {
			n += ext
		}
		path := filepath.Join(dir, n)
		// The file, and those written beside it (an annex), that are there.
		paths := []string{path}
		for _, f := range extra {
			if f.beside != nil {
				if p := f.beside(path); p != "" {
					paths = append(paths, p)
				}
			}
		}
		var there []string
		for _, p := range paths {
			st, err := os.Stat(p)
			if err == nil && st.IsDir() {
				u.showError(savePathError(T("A folder has that name: {{.Path}}", map[string]string{"Path": p})))
				return
			}
			if err == nil {
				there = append(there, p)
			}
		}
		switch {
		case len(there) > 0 && !overwrite:
			u.showError(savePathError(T("The file {{.Path}} exists already: choose another name.", map[string]string{"Path": there[0]})))
		case len(there) > 0:
			question := T("The file {{.Path}} exists already. Replace it?", map[string]string{"Path": there[0]})
			if len(there) > 1 {
				question = T("These files exist already:\n{{.Paths}}\nReplace them?", map[string]string{"Paths": strings.Join(there, "\n")})
			}
			u.prompt = forms.Ask(u.win, T("Replace the file?"), question,
				forms.Answer{Key: "replace", Label: T("Replace"), Danger: true, Do: func() { d.Hide(); u.rememberFolder(dir); use(path) }},
				forms.Answer{Key: "cancel", Label: T("Cancel")})
		default:
			d.Hide()
			u.rememberFolder(dir)
			use(path)
		}
	})
	save.Importance = widget.HighImportance
	// Enter in any field saves; Escape in any field, or with none, cancels.
	submit := func(string) { save.OnTapped() }
	file.OnSubmitted, folder.OnSubmitted = submit, submit
	cancel := forms.NewButton(T("Cancel"), nil, func() { d.Hide() })
	hide := func() { d.Hide() }
	folder.onEscape, file.onEscape = hide, hide
	for _, f := range extra {
		if e, ok := f.item.Widget.(*escEntry); ok {
			e.onEscape, e.OnSubmitted = hide, submit
		}
	}
	form := widget.NewForm(
		widget.NewFormItem(T("Folder"), container.NewBorder(nil, nil, nil, browse, folder)),
		widget.NewFormItem(T("File name"), file),
	)
	for _, f := range extra {
		form.AppendItem(f.item)
	}
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, container.NewCenter(container.NewHBox(save, cancel))), u.win)
	d.Resize(fyne.NewSize(640, 0))
	u.prompt = &forms.Question{Dialog: d, Buttons: map[string]*widget.Button{"save": &save.Button, "cancel": &cancel.Button, "browse": &browse.Button}}
	u.saveForm = &savePathForm{Folder: &folder.Entry, File: &file.Entry}
	u.dialogKeys(d, save.OnTapped, hide)
	d.Show()
	u.win.Canvas().Focus(file)
}

// savePathForm holds the fields of the last save-path question (tests).
type savePathForm struct{ Folder, File *widget.Entry }

// saveField is a field the save question asks besides the folder and the
// file name: its row, and its check.
type saveField struct {
	item  *widget.FormItem
	check func() error // nil: nothing to check
	// beside, when set, names a file written beside the chosen one ("" for
	// none), which the question also checks before replacing it.
	beside func(path string) string
}

type savePathError string

func (e savePathError) Error() string { return string(e) }

// rememberFolder keeps the folder last saved to, which the next question
// proposes.
func (u *UI) rememberFolder(dir string) {
	u.app.Preferences().SetString(prefSaveFolder, dir)
}

// saveFolder proposes where to save: the folder last saved to, else the
// folder of the open database, else the user's Documents, else the home
// folder.
func (u *UI) saveFolder() string {
	if dir := u.app.Preferences().String(prefSaveFolder); dir != "" {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir
		}
	}
	if u.path != "" {
		return filepath.Dir(u.path)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "."
	}
	if st, err := os.Stat(filepath.Join(home, "Documents")); err == nil && st.IsDir() {
		return filepath.Join(home, "Documents")
	}
	return home
}
