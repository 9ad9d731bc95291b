package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/exchange"
	"giamsat/db"
)

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
			b.WriteString(db.FormatMoment(e.At) + "  " + dir + " " + peer + "\n")
			b.WriteString("    " + e.File + ": " + exchange.LogSummary(e.Direction, e.Summary, Lang()) + "\n")
		}
		u.showReport(T("Log of packages sent and received"), wrapped(b.String()))
	})
}
