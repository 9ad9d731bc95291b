//go:build server

package app

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"giamsat/db/server/servertest"
)

func TestMain(m *testing.M) { os.Exit(servertest.Run(m)) }

// -server-init and -server-user as a province's clerk runs them: the
// password in PGPASSWORD, never in the URL; the new user's in a file.
func TestServerCommands(t *testing.T) {
	full := servertest.Start(t)
	p, _ := url.Parse(full)
	p.User = url.User("postgres")
	bare := p.String()
	run := func(o Options) (int, string, string) {
		var out, errs bytes.Buffer
		o.Lang = "vi"
		code := RunHeadless(o, &out, &errs)
		return code, out.String(), errs.String()
	}
	if code, _, errs := run(Options{ServerInit: full}); code == 0 || !strings.Contains(errs, "Đừng ghi mật khẩu trong URL") {
		t.Fatalf("a password in the URL: %d %s", code, errs)
	}
	t.Setenv("PGPASSWORD", servertest.Password)
	if code, out, errs := run(Options{ServerInit: bare}); code != 0 || !strings.Contains(out, "Đã thiết lập máy chủ") {
		t.Fatalf("-server-init: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(Options{ServerInit: bare}); code != 0 || !strings.Contains(out, "không thay đổi gì") {
		t.Fatalf("-server-init again: %d %s %s", code, out, errs)
	}
	conn, err := pgx.Connect(context.Background(), full)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `INSERT INTO giamsat.versions (tbl, id, version, content_hash, deleted, body)
		VALUES ('delegations', 'd-03', '0:1', repeat('b', 32), false, '{"number": "03"}')`); err != nil {
		t.Fatal(err)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("mật khẩu của đoàn\n"), 0o600)
	user := Options{ServerUser: "doan03", Role: "delegation", Delegation: "03", Server: bare}
	if code, _, errs := run(user); code == 0 || !strings.Contains(errs, "-password-file") {
		t.Fatalf("no password file: %d %s", code, errs)
	}
	user.PasswordFile = pw
	if code, out, errs := run(user); code != 0 || !strings.Contains(out, "Đã thêm người dùng doan03") {
		t.Fatalf("-server-user: %d %s %s", code, out, errs)
	}
	p.User = url.UserPassword("doan03", "mật khẩu của đoàn")
	c2, err := pgx.Connect(context.Background(), p.String())
	if err != nil {
		t.Fatalf("the new user cannot log in: %v", err)
	}
	c2.Close(context.Background())
	if code, _, errs := run(Options{ServerUser: "doan04", Role: "delegation", Delegation: "04", Server: bare, PasswordFile: pw}); code == 0 || !strings.Contains(errs, "chưa có đoàn") {
		t.Fatalf("a delegation the server lacks: %d %s", code, errs)
	}
}
