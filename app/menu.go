package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"giamsat/app/renderer"
)

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
	addLine := fyne.NewMenuItem(T("Add a line on this tab"), u.onAddLine)
	addLine.Shortcut = shortcut(fyne.KeyReturn)
	export := fyne.NewMenuItem(T("Export to Excel…"), u.onExport)
	export.Shortcut = shortcut(fyne.KeyE)
	// What is done in a form, by its shortcuts: File keeps the files, and
	// stays short enough to show whole in a small window.
	form := fyne.NewMenu(T("Form (menu)"), newRecord, addLine,
		fyne.NewMenuItemSeparator(),
		nextTab, prevTab, find)
	file := fyne.NewMenu(T("File"),
		save,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(T("New database…"), u.onNewDatabase),
		fyne.NewMenuItem(T("Open database…"), u.onOpenDatabase),
		recent,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(T("Back up now…"), u.onBackupNow),
		fyne.NewMenuItem(T("Restore from a backup…"), u.onRestore),
		fyne.NewMenuItemSeparator(),
		export,
		fyne.NewMenuItem(T("Draft the report (Word)…"), u.onDraftReport),
		fyne.NewMenuItem(T("Draft the notice of conclusions…"), u.onDraftNotice),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(T("Send data…"), u.onSend),
		fyne.NewMenuItem(T("Receive data…"), u.onReceive),
		fyne.NewMenuItem(T("Log of packages…"), u.onExchangeLog),
		fyne.NewMenuItem(T("Sync with the province's server…"), u.onSync),
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
			u.app.Settings().SetTheme(themeFor(a, u.plain))
			u.win.SetMainMenu(u.menu())
		})
		item.Checked = a == current
		appearance.ChildMenu = appendItem(appearance.ChildMenu, item)
	}
	settings := fyne.NewMenu(T("Settings"), language, appearance,
		fyne.NewMenuItem(T("The province's server…"), func() { u.onServerSettings(nil) }))
	if renderer.Available() {
		soft := fyne.NewMenuItem(T("Draw the window in software (from the next start)"), func() {
			if err := renderer.SetForceSoftware(!renderer.ForcedSoftware()); err != nil {
				u.showError(err)
				return
			}
			u.win.SetMainMenu(u.menu())
			u.showInfo(T("Drawing"), T("Takes effect the next time Giám sát starts."))
		})
		soft.Checked = renderer.ForcedSoftware()
		settings.Items = append(settings.Items, fyne.NewMenuItemSeparator(), soft)
	}
	help := fyne.NewMenu(T("Help"), fyne.NewMenuItem(T("About Giám sát"), u.showAbout))
	return fyne.NewMainMenu(file, form, settings, help)
}

func appendItem(m *fyne.Menu, item *fyne.MenuItem) *fyne.Menu {
	if m == nil {
		return fyne.NewMenu("", item)
	}
	m.Items = append(m.Items, item)
	return m
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
	case c.Kind == renderer.Software && c.ByFlag:
		return T("in software (Mesa {{.Name}}), as asked at start (the shortcut for software drawing, or -software-gl)", map[string]string{"Name": c.Renderer})
	case c.Kind == renderer.Software && c.Forced:
		return T("in software (Mesa {{.Name}}), as set", map[string]string{"Name": c.Renderer})
	case c.Kind == renderer.Software:
		return T("in software (Mesa {{.Name}}): this PC's OpenGL cannot start", map[string]string{"Name": c.Renderer})
	}
	return T("the graphics card's OpenGL ({{.Name}})", map[string]string{"Name": c.Renderer})
}
