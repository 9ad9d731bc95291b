package forms

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"giamsat/db"
)

// DateField is a date typed as dd/mm/yyyy, with a button that opens a
// calendar in the interface language.
type DateField struct {
	// Near is the day an empty field's calendar opens on (today when nil
	// or zero): a visit's date opens on its delegation's period.
	Near   func() db.Date
	Entry  *Entry
	Button *Button
	box    fyne.CanvasObject
	canvas func() fyne.Canvas
	// calendar is the calendar open, if any (tests read its month).
	calendar *calendar
	driver   fyne.Driver
}

func (fs *fieldSet) date(env Env) *DateField {
	win := env.Window
	d := &DateField{Entry: fs.entry(""), driver: env.Driver}
	d.Entry.SetPlaceHolder(T("dd/mm/yyyy"))
	d.Button = NewButton("", theme.CalendarIcon(), d.openCalendar)
	fs.track(d.Button)
	d.canvas = func() fyne.Canvas {
		if win == nil {
			return nil
		}
		return win.Canvas()
	}
	d.box = container.NewBorder(nil, nil, nil, d.Button, d.Entry)
	return d
}

// Object is what goes in a form.
func (d *DateField) Object() fyne.CanvasObject { return d.box }

// Date reads the date; "" is the zero date.
func (d *DateField) Date() (db.Date, error) { return db.ParseDate(strings.TrimSpace(d.Entry.Text)) }

// SetDate shows date.
func (d *DateField) SetDate(date db.Date) { d.Entry.SetText(date.String()) }

// Load shows date as what was saved.
func (d *DateField) Load(date db.Date) { d.Entry.Load(date.String()) }

func (d *DateField) openCalendar() {
	c := d.canvas()
	if c == nil {
		return
	}
	start, err := d.Date()
	if (err != nil || start.IsZero()) && d.Near != nil {
		start, err = d.Near(), nil
	}
	if err != nil || start.IsZero() {
		start = db.DateOf(time.Now())
	}
	var pop *widget.PopUp
	cal := newCalendar(start, func(picked db.Date) {
		d.calendar = nil
		d.SetDate(picked)
		pop.Hide()
		c.Focus(d.Entry)
	})
	d.calendar = cal
	pop = widget.NewPopUp(cal.content, c)
	below := fyne.NewPos(0, d.Entry.Size().Height)
	if d.driver != nil {
		// Above the field when the window has no room for it below.
		at := d.driver.AbsolutePositionForObject(d.Entry)
		if h := pop.MinSize().Height; at.Y+below.Y+h > c.Size().Height && at.Y-h >= 0 {
			below = fyne.NewPos(0, -h)
		}
	}
	pop.ShowAtRelativePosition(below, d.Entry)
}

// calendar is a month of days to pick from, with month and weekday names
// translated (Fyne's own calendar writes the month in English).
type calendar struct {
	month   time.Time
	picked  func(db.Date)
	title   *widget.Label
	days    *fyne.Container
	content fyne.CanvasObject
}

var monthKeys = []string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

var weekdayKeys = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

func newCalendar(start db.Date, picked func(db.Date)) *calendar {
	t := start.Time()
	c := &calendar{month: time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC), picked: picked}
	c.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.month = c.month.AddDate(0, -1, 0); c.fill() })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.month = c.month.AddDate(0, 1, 0); c.fill() })
	c.days = container.NewGridWithColumns(7)
	c.content = container.NewBorder(container.NewBorder(nil, nil, prev, next, c.title), nil, nil, nil, c.days)
	c.fill()
	return c
}

// monthTitle is "Tháng 11 năm 2026" or "November 2026".
func monthTitle(m time.Time) string {
	return T("{{.Month}} {{.Year}}", map[string]any{"Month": T(monthKeys[m.Month()-1]), "Year": fmt.Sprint(m.Year())})
}

func (c *calendar) fill() {
	c.title.SetText(monthTitle(c.month))
	var cells []fyne.CanvasObject
	for _, k := range weekdayKeys {
		l := widget.NewLabelWithStyle(T(k+".short"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		cells = append(cells, l)
	}
	// Weeks start on Monday in Vietnam.
	offset := (int(c.month.Weekday()) + 6) % 7
	for i := 0; i < offset; i++ {
		cells = append(cells, widget.NewLabel(""))
	}
	for d := c.month; d.Month() == c.month.Month(); d = d.AddDate(0, 0, 1) {
		day := db.DateOf(d)
		b := widget.NewButton(fmt.Sprint(d.Day()), func() { c.picked(day) })
		b.Importance = widget.LowImportance
		cells = append(cells, b)
	}
	c.days.Objects = cells
	c.days.Refresh()
}
