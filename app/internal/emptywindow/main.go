// Command emptywindow opens an empty Fyne window titled "Giám sát": the
// yardstick for how fast the real program's window appears (see
// docs/benchmarks.md).
package main

import (
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := fyneapp.NewWithID("vn.giamsat.emptywindow")
	w := a.NewWindow("Giám sát")
	w.SetContent(widget.NewLabel("Giám sát"))
	w.ShowAndRun()
}
