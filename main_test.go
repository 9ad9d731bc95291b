package main

import (
	"flag"
	"strings"
	"testing"

	"giamsat/app"
)

// A file flag given an empty name, or a language the program does not
// speak, is refused before anything runs (an empty -notice used to open
// the window, or crash without a display).
func TestFlagProblem(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-notice", "", "-delegation", "03"}, "-notice cần tên tệp"},
		{[]string{"-export", " "}, "-export cần tên tệp"},
		{[]string{"-lang", "fr"}, `không phải "fr"`},
		{[]string{"-lang", "en", "-report", "r.docx"}, ""},
		{[]string{"-lang", "en", "-export", ""}, "Error: -export needs a file name"},
		{[]string{"-export", "", "-lang", "vi"}, "Lỗi: -export cần tên tệp"},
		{[]string{"-delegation", ""}, ""},
	} {
		set := flag.NewFlagSet("giamsat", flag.ContinueOnError)
		for _, name := range []string{"notice", "export", "report", "lang", "delegation"} {
			set.String(name, "", "")
		}
		if err := set.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		got := flagProblem(set)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%q: %q, want %q", c.args, got, c.want)
		}
	}
}

// -sync takes the server's URL as -sync URL (the flags after it still
// read), -sync=URL, or alone beside -server URL.
func TestSyncFlag(t *testing.T) {
	for _, c := range []struct {
		args             []string
		server, user, pw string
		rest             int
	}{
		{[]string{"-db", "x.db", "-sync", "postgres://tinh.example/giamsat", "-user", "thongnong", "-password-file", "pw"}, "postgres://tinh.example/giamsat", "thongnong", "pw", 0},
		{[]string{"-sync=postgres://a/b", "-db", "x.db"}, "postgres://a/b", "", "", 0},
		{[]string{"-sync", "-server", "postgresql://a/b"}, "postgresql://a/b", "", "", 0},
		{[]string{"-sync", "notaurl"}, "", "", "", 1},
	} {
		var o app.Options
		set := flag.NewFlagSet("giamsat", flag.ContinueOnError)
		set.StringVar(&o.DBPath, "db", "", "")
		set.StringVar(&o.Server, "server", "", "")
		set.StringVar(&o.User, "user", "", "")
		set.StringVar(&o.PasswordFile, "password-file", "", "")
		set.Var(syncFlag{&o}, "sync", "")
		if err := set.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		if err := syncURLFirst(set, &o); err != nil {
			t.Fatal(err)
		}
		if !o.Sync || o.Server != c.server || o.User != c.user || o.PasswordFile != c.pw || set.NArg() != c.rest {
			t.Errorf("%q: sync %v, server %q, user %q, password file %q, %d left", c.args, o.Sync, o.Server, o.User, o.PasswordFile, set.NArg())
		}
	}
}
