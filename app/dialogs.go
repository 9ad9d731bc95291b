package app

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"

	"giamsat/forms"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// askOpenPath asks for a file to read: its path typed or pasted, or chosen
// with the file dialog.
func (u *UI) askOpenPath(title, ext string, use func(path string)) {
	file := newEscEntry(false)
	file.SetPlaceHolder(T("the path of the file, or Choose…"))
	var d dialog.Dialog
	browse := forms.NewButton(T("Choose…"), theme.FolderOpenIcon(), func() {
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
	open := forms.NewButton(T("Open"), theme.FolderOpenIcon(), func() {
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
	cancel := forms.NewButton(T("Cancel"), nil, func() { d.Hide() })
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
	Open, Cancel, Browse *forms.Button
	Message              *widget.Label
}

// dialogKeys makes Enter run ok and Escape run cancel while d is shown and
// no field has the keyboard (fields of the dialog are escEntry, which do
// the same).
func (u *UI) dialogKeys(d dialog.Dialog, ok, cancel func()) {
	forms.DialogKeys(u.win.Canvas(), d, ok, cancel, false)
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

// showReport shows what was done, in a dialog with a Close button.
func (u *UI) showReport(title string, parts ...fyne.CanvasObject) {
	body := container.NewVBox(parts...)
	ok := forms.NewButton(T("Close"), nil, nil)
	ok.Importance = widget.HighImportance
	d := dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewCenter(ok), nil, nil,
		container.NewVScroll(body)), u.win)
	ok.OnTapped = d.Hide
	d.Resize(reportSize(parts))
	u.dialogKeys(d, d.Hide, d.Hide)
	u.lastReport = body
	d.Show()
}

// reportSize is a report's: a table of counts large, a text as tall as
// its lines at 720 wide (a sync's one line needs no screenful), within
// 400.
func reportSize(parts []fyne.CanvasObject) fyne.Size {
	const width = 720
	text := theme.TextSize()
	line := fyne.MeasureText("Ág", text, fyne.TextStyle{}).Height
	// The title, the Close button and the dialog's paddings, with room to
	// spare: a text measured short would scroll in its box.
	height := 3*line + forms.NewButton("Close", nil, nil).MinSize().Height + 16*theme.Padding()
	for _, p := range parts {
		switch o := p.(type) {
		case *fyne.Container:
			return fyne.NewSize(900, 560) // a table of counts
		case *widget.Label:
			w := fyne.MeasureText(o.Text, text, fyne.TextStyle{}).Width
			lines := float32(math.Ceil(float64(w/(width-6*theme.Padding())))) + float32(strings.Count(o.Text, "\n"))
			height += max(1, lines)*line + 2*theme.InnerPadding()
		default:
			height += p.MinSize().Height + theme.Padding()
		}
	}
	return fyne.NewSize(width, min(400, height))
}

// wrapped is a label of text that wraps at word ends.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
