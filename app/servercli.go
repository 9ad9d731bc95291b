package app

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"strings"

	"giamsat/assets/text"
	"giamsat/db"
	"giamsat/db/server"
)

// runServer does -server-init and -server-user (docs/server.md).
func runServer(o Options, lang string, stdout io.Writer, fail func(error) int) int {
	ctx := context.Background()
	u := o.ServerInit
	if u == "" {
		u = o.Server
	}
	if u == "" {
		return fail(db.Fail(nil, "Say which server: -server URL."))
	}
	// A password on the command line is seen by every user of the PC
	// (the list of processes) and kept in the shell's history.
	if p, err := url.Parse(u); err == nil && p.User != nil {
		if _, has := p.User.Password(); has {
			pgpass := "~/.pgpass"
			if runtime.GOOS == "windows" {
				pgpass = `%APPDATA%\postgresql\pgpass.conf`
			}
			return fail(db.Fail(nil, "Never put a password in the server's URL: give it in the PGPASSWORD environment variable or the file %s.", pgpass))
		}
	}
	conn, err := server.Connect(ctx, server.Config{URL: u, CertFile: o.ServerCert})
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
	b, err := os.ReadFile(o.PasswordFile)
	if err != nil {
		return fail(db.Fail(err, "Cannot read the password file %s: %s", o.PasswordFile, err.Error()))
	}
	password, _, _ := strings.Cut(string(b), "\n")
	password = strings.TrimRight(password, "\r")
	which := o.Commune
	if o.Role == server.Delegation {
		which = o.Delegation
	}
	if err := server.AddUser(ctx, conn, server.User{Name: o.ServerUser, Kind: o.Role, Which: which}, password); err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, text.F("The user %s is added (%s).", o.ServerUser, o.Role).In(lang))
	return 0
}
