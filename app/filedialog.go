package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// favouriteFolders are the names Fyne's file dialog gives the folders in its
// side list. Fyne writes them in English whatever the language; they are
// keys of the translations.
var favouriteFolders = map[string]bool{
	"Home": true, "Desktop": true, "Documents": true, "Downloads": true, "Music": true,
	"Pictures": true, "Videos": true, "Movies": true, "App Files": true, "Computer": true,
}

// showFileDialog shows a file dialog with the names of its favourite folders
// in the interface language.
func (u *UI) showFileDialog(d interface{ Show() }) {
	d.Show()
	translateFavourites(u.win.Canvas().Overlays().Top())
}

// translateFavourites finds the side list of a file dialog shown in o and
// makes it write the folder names through T. It reaches the list through the
// exported fields of the containers the dialog is made of, so a change of
// layout in a later Fyne only leaves the names in English.
func translateFavourites(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *widget.PopUp:
		translateFavourites(x.Content)
	case *fyne.Container:
		for _, c := range x.Objects {
			translateFavourites(c)
		}
	case *container.Split:
		translateFavourites(x.Leading)
		translateFavourites(x.Trailing)
	case *container.Scroll:
		translateFavourites(x.Content)
	case *widget.List:
		update := x.UpdateItem
		if update == nil {
			return
		}
		x.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
			update(id, item)
			row, ok := item.(*fyne.Container)
			if !ok || len(row.Objects) != 2 {
				return
			}
			if l, ok := row.Objects[1].(*widget.Label); ok && favouriteFolders[l.Text] {
				l.SetText(T(l.Text))
			}
		}
		x.Refresh()
	}
}
