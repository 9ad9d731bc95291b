package app

import (
	"context"
	"errors"
	neturl "net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/jackc/pgx/v5"

	"giamsat/app/exchange"
	"giamsat/app/serversync"
	"giamsat/db"
	"giamsat/db/server"
	"giamsat/forms"
)

// The province server, as this PC's user reaches it (docs/server.md). The
// password is never kept: it is asked at each sync.
const (
	prefServerURL         = "server.url"
	prefServerCert        = "server.cert"
	prefServerFingerprint = "server.fingerprint"
)

// serverForm is the last server settings dialog, for tests.
type serverForm struct {
	URL, Cert, Fingerprint *escEntry
	Save, Cancel           *forms.Button
	Problem                *widget.Label
}

// onServerSettings asks where the province's server is and how its
// certificate is checked; then, when set, runs then.
func (u *UI) onServerSettings(then func()) {
	p := u.app.Preferences()
	url := newEscEntry(false)
	url.SetPlaceHolder(T("e.g. postgres://user@server.province.gov.vn:5432/giamsat"))
	url.SetText(p.String(prefServerURL))
	cert := newEscEntry(false)
	cert.SetPlaceHolder(T("the province's certificate file (.pem)"))
	cert.SetText(p.String(prefServerCert))
	finger := newEscEntry(false)
	finger.SetPlaceHolder(T("or the fingerprint of the server's certificate (SHA-256)"))
	finger.SetText(p.String(prefServerFingerprint))
	hint := wrapped(T("Ask the province for the address, your user name (in the address, before @) and how to check its server: its certificate file or the fingerprint. The password is asked at each sync and never kept on this PC."))
	hint.Importance = widget.LowImportance
	problem := wrapped("")
	problem.Importance = widget.DangerImportance
	problem.Hide()
	var d dialog.Dialog
	save := forms.NewButton(T("Save"), nil, func() {
		address := strings.TrimSpace(url.Text)
		say := ""
		if passwordInURL(address) != nil {
			say = T("Leave the password out of the address: it is asked at each sync, and never kept.")
		} else if address != "" && !strings.HasPrefix(address, "postgres") {
			say = T("The address starts with postgres://")
		}
		focus := url
		if f := strings.TrimSpace(finger.Text); say == "" && f != "" {
			if _, err := server.ParseFingerprint(f); err != nil {
				say, focus = T("The fingerprint is the 64 hexadecimal digits of the certificate's SHA-256 (as openssl x509 -fingerprint -sha256 prints it)."), finger
			}
		}
		if say != "" {
			problem.SetText(say)
			problem.Show()
			u.win.Canvas().Focus(focus)
			return
		}
		p.SetString(prefServerURL, strings.TrimSpace(url.Text))
		p.SetString(prefServerCert, strings.TrimSpace(cert.Text))
		p.SetString(prefServerFingerprint, strings.TrimSpace(finger.Text))
		d.Hide()
		if then != nil && strings.TrimSpace(url.Text) != "" {
			then()
		}
	})
	save.Importance = widget.HighImportance
	for _, e := range []*escEntry{url, cert, finger} {
		e.OnSubmitted = func(string) { save.OnTapped() } // Enter saves, Escape cancels, as in every dialog
		e.onEscape = func() { d.Hide() }
	}
	cancel := forms.NewButton(T("Cancel"), nil, func() { d.Hide() })
	form := widget.NewForm(
		widget.NewFormItem(T("Server address"), url),
		widget.NewFormItem(T("Certificate"), cert),
		widget.NewFormItem(T("Fingerprint"), finger),
	)
	d = dialog.NewCustomWithoutButtons(T("The province's server"), container.NewVBox(form, problem, hint,
		container.NewCenter(container.NewHBox(save, cancel))), u.win)
	d.Resize(fyne.NewSize(640, 0))
	u.dialogKeys(d, save.OnTapped, d.Hide)
	u.serverForm = &serverForm{URL: url, Cert: cert, Fingerprint: finger, Save: save, Cancel: cancel, Problem: problem}
	d.Show()
	u.win.Canvas().Focus(url)
}

// onSync syncs the database with the province's server: the address
// asked first when none is set, then the password.
func (u *UI) onSync() {
	if u.store == nil {
		return
	}
	if u.app.Preferences().String(prefServerURL) == "" {
		u.onServerSettings(u.onSync)
		return
	}
	u.leave(func() { u.askServerPassword() }, nil)
}

// askServerPassword asks the password of the server's user, then syncs.
func (u *UI) askServerPassword() {
	who := ""
	if p, err := neturl.Parse(u.app.Preferences().String(prefServerURL)); err == nil && p.User != nil {
		who = p.User.Username()
	}
	text := wrapped(T("The password of {{.User}} on the province's server:", map[string]string{"User": who}))
	u.askSecret(T("Sync with the province's server"), text, T("Sync"), u.syncWith)
}

// onServer connects to the server of cfg in the background and runs work
// with the connection; then done, on the window's goroutine.
func (u *UI) onServer(cfg server.Config, work func(ctx context.Context, conn *pgx.Conn) error, done func(error)) {
	var err error
	u.withProgress(T("Syncing with the province's server…"), widget.NewProgressBarInfinite(), func(ctx context.Context) {
		conn, cerr := server.Connect(ctx, cfg)
		if cerr != nil {
			err = cerr
			return
		}
		defer conn.Close(context.Background())
		err = work(ctx, conn)
	}, func() { done(err) })
}

// syncWith connects with password, sends and reads in the background,
// then writes what was read round by round: a round with conflicts is
// shown first, as a package received, for the user to choose.
func (u *UI) syncWith(password string) {
	store := u.store
	p := u.app.Preferences()
	cfg := server.Config{URL: p.String(prefServerURL), CertFile: p.String(prefServerCert),
		Fingerprint: p.String(prefServerFingerprint), Password: password}
	var res *serversync.Result
	var pulled *serversync.Pulled
	var rights db.Rights
	u.onServer(cfg, func(ctx context.Context, conn *pgx.Conn) (err error) {
		if res, pulled, err = serversync.Fetch(ctx, store, conn); err != nil {
			return err
		}
		rights, err = store.Rights(ctx) // what Fetch read of the user
		return err
	}, func(err error) {
		if err == nil && store == u.store {
			u.rights = rights
			u.updateActions()
		}
		if !u.syncFailed(err) {
			u.syncRound(store, cfg, res, pulled, 0)
		}
	})
}

// syncFailed says what went wrong, when something did.
func (u *UI) syncFailed(err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, context.Canceled):
		u.flash(T("Cancelled; nothing more was synced."))
	default:
		u.showError(err)
	}
	u.refreshAfterReceive() // what was written before stays written
	return true
}

// syncRound prepares round i of what the sync read, shows it when it has
// conflicts, writes it, and goes on to the next; after the last, reports.
func (u *UI) syncRound(store *db.Store, cfg server.Config, res *serversync.Result, pulled *serversync.Pulled, i int) {
	file := cfg.URL
	if i == pulled.Rounds() {
		err := pulled.Done(u.jobs.ctx, store)
		if u.syncFailed(err) {
			return
		}
		finish := func() {
			u.refreshAfterReceive()
			u.showReport(T("Synced"), u.syncReport(res)...)
		}
		if !res.Settled() {
			finish()
			return
		}
		// The settlements go up at once.
		u.onServer(cfg, func(ctx context.Context, conn *pgx.Conn) error {
			return serversync.PushSettled(ctx, store, conn, res)
		}, func(err error) {
			if !u.syncFailed(err) {
				finish()
			}
		})
		return
	}
	var plan *exchange.Plan
	var err error
	write := func() {
		u.withProgress(T("Syncing with the province's server…"), widget.NewProgressBarInfinite(), func(ctx context.Context) {
			err = plan.Apply(ctx, store, file, nil)
		}, func() {
			if !u.syncFailed(err) {
				res.Plans = append(res.Plans, plan)
				u.syncRound(store, cfg, res, pulled, i+1)
			}
		})
	}
	u.withProgress(T("Syncing with the province's server…"), widget.NewProgressBarInfinite(), func(ctx context.Context) {
		plan, err = pulled.Prepare(ctx, store, i)
	}, func() {
		switch {
		case u.syncFailed(err):
		case len(plan.Conflicts) > 0:
			u.showPreviewWith(plan, write, func() {
				u.refreshAfterReceive()
				u.flash(T("Cancelled; nothing more was synced."))
			})
		default:
			write()
		}
	})
}

// syncReport says what a sync did.
func (u *UI) syncReport(res *serversync.Result) []fyne.CanvasObject {
	lang := Lang()
	parts := []fyne.CanvasObject{wrapped(T("Sent {{.Sent}} records; {{.Written}} written on this PC.",
		map[string]string{"Sent": db.FormatNumber(float64(res.Pushed), lang), "Written": db.FormatNumber(float64(res.Written()), lang)}))}
	for _, pl := range res.Plans {
		if pl.Changes() > 0 || len(pl.Conflicts) > 0 {
			parts = append(parts, wrapped(pl.Report(lang)))
		}
	}
	for _, line := range keptSaid(res, lang) {
		parts = append(parts, wrapped(line))
	}
	return parts
}
