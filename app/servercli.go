package app

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"strings"

	"github.com/jackc/pgx/v5"

	"giamsat/app/exchange"
	"giamsat/app/serversync"
	"giamsat/assets/text"
	"giamsat/db"
	"giamsat/db/server"
)

// connectServer connects to the server of -server (or -server-init).
func connectServer(ctx context.Context, u string, o Options) (*pgx.Conn, error) {
	if u == "" {
		return nil, db.Fail(nil, "Say which server: -server URL.")
	}
	if err := passwordInURL(u); err != nil {
		return nil, err
	}
	cfg := server.Config{URL: u, CertFile: o.ServerCert}
	if o.Sync && o.User != "" {
		p, err := url.Parse(u)
		if err != nil {
			return nil, db.Fail(err, "The server's URL %q cannot be read: %s", u, err.Error())
		}
		p.User = url.User(o.User)
		cfg.URL = p.String()
	}
	if o.Sync && o.PasswordFile != "" {
		password, err := readPasswordFile(o.PasswordFile)
		if err != nil {
			return nil, err
		}
		cfg.Password = password
	}
	return server.Connect(ctx, cfg)
}

// readPasswordFile reads a password from the first line of a file (for
// scripts: never a password on the command line).
func readPasswordFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", db.Fail(err, "Cannot read the password file %s: %s", path, err.Error())
	}
	password, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimRight(password, "\r"), nil
}

// passwordInURL refuses a server address that holds a password: on the
// command line every user of the PC sees it (the list of processes) and
// the shell keeps it; in the settings it would be kept in clear.
func passwordInURL(u string) error {
	if p, err := url.Parse(u); err == nil && p.User != nil {
		if _, has := p.User.Password(); has {
			pgpass := "~/.pgpass"
			if runtime.GOOS == "windows" {
				pgpass = `%APPDATA%\postgresql\pgpass.conf`
			}
			return db.Fail(nil, "Never put a password in the server's URL: give it in the PGPASSWORD environment variable or the file %s.", pgpass)
		}
	}
	return nil
}

// keptSaid says what a sync left on this PC, and why: a line for the
// records the user may not change on the server, one for those pointing
// to records the server lacks.
func keptSaid(res *serversync.Result, lang string) []string {
	var out []string
	if len(res.Kept) > 0 {
		out = append(out, text.F("Kept on this PC only, as this user may not change them on the server: %s.", countByTable(res.Kept, lang)).In(lang))
	}
	if len(res.Orphans) > 0 {
		out = append(out, text.F("Kept on this PC only, as they point to records the server does not have (a commune not in the province's list?): %s.", countByTable(res.Orphans, lang)).In(lang))
	}
	if len(res.Aliased) > 0 {
		out = append(out, text.F("Already on the server under the same code, and taken for it: %s.", countByTable(res.Aliased, lang)).In(lang))
	}
	if len(res.Duplicates) > 0 {
		out = append(out, text.F("Kept on this PC only, as another entry of the server's list has the same code: %s.", countByTable(res.Duplicates, lang)).In(lang))
	}
	return out
}

// runSync syncs the database with the server of -server.
func runSync(ctx context.Context, store *db.Store, o Options, lang string, stdout io.Writer, fail func(error) int) int {
	conn, err := connectServer(ctx, o.Server, o)
	if err != nil {
		return fail(err)
	}
	defer conn.Close(ctx)
	settle := func(p *exchange.Plan) error { return settleConflicts(p, o.Conflicts) }
	res, err := serversync.Sync(ctx, store, conn, serversync.Options{Settle: settle, File: o.Server})
	if err != nil {
		return fail(err)
	}
	for _, p := range res.Plans {
		if p.Changes() > 0 || len(p.Conflicts) > 0 {
			fmt.Fprint(stdout, p.Report(lang))
		}
	}
	fmt.Fprintln(stdout, text.F("Synced with the server: %d records sent, %d written here.", res.Pushed, res.Written()).In(lang))
	for _, line := range keptSaid(res, lang) {
		fmt.Fprintln(stdout, line)
	}
	return 0
}

// countByTable says how many of rs each table holds ("Buổi làm việc: 2").
func countByTable(rs []db.Record, lang string) string {
	n := map[string]int{}
	var tables []string
	for _, r := range rs {
		t := db.TableOf(r)
		if n[t] == 0 {
			tables = append(tables, t)
		}
		n[t]++
	}
	var parts []string
	for _, t := range tables {
		parts = append(parts, fmt.Sprintf("%s: %d", text.F(db.TableLabelKey(t)).In(lang), n[t]))
	}
	return strings.Join(parts, "; ")
}

// runServer does -server-init and -server-user (docs/server.md).
func runServer(o Options, lang string, stdout io.Writer, fail func(error) int) int {
	ctx := context.Background()
	u := o.ServerInit
	if u == "" {
		u = o.Server
	}
	conn, err := connectServer(ctx, u, o)
	if err != nil {
		return fail(err)
	}
	defer conn.Close(ctx)
	if o.ServerInit != "" {
		n, err := server.Init(ctx, conn)
		if err != nil {
			return fail(err)
		}
		if n == 0 {
			fmt.Fprintln(stdout, text.F("The server was already set up (schema %d): nothing changed.", server.SchemaVersion()).In(lang))
		} else {
			fmt.Fprintln(stdout, text.F("The server is set up (schema %d).", server.SchemaVersion()).In(lang))
		}
	}
	if o.ServerUser == "" {
		return 0
	}
	if o.PasswordFile == "" {
		return fail(db.Fail(nil, "Give the new user's password in a file: -password-file FILE (its first line)."))
	}
	password, err := readPasswordFile(o.PasswordFile)
	if err != nil {
		return fail(err)
	}
	which := o.Commune
	if o.Role == server.Delegation {
		which = o.Delegation
	}
	again, err := server.UserExists(ctx, conn, o.ServerUser)
	if err != nil {
		return fail(err)
	}
	if err := server.AddUser(ctx, conn, server.User{Name: o.ServerUser, Kind: o.Role, Which: which}, password); err != nil {
		return fail(err)
	}
	if again {
		fmt.Fprintln(stdout, text.F("The user %s was there: new password, and stands for %s.", o.ServerUser, o.Role).In(lang))
		return 0
	}
	fmt.Fprintln(stdout, text.F("The user %s is added (%s).", o.ServerUser, o.Role).In(lang))
	return 0
}
