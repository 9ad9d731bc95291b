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

// -server-init, -server-user and -sync as a province's clerk runs them:
// the password in PGPASSWORD, never in the URL; the new user's in a file.
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
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("mật khẩu của đoàn\n"), 0o600)
	suffix := "_" + strings.TrimPrefix(p.Path, "/")

	// The province's user, then its PC sends the worked example (-sync),
	// and has nothing more to send the second time.
	tinh := "tinh" + suffix
	if code, _, errs := run(Options{ServerUser: tinh, Role: "province", Server: bare}); code == 0 || !strings.Contains(errs, "-password-file") {
		t.Fatalf("no password file: %d %s", code, errs)
	}
	if code, out, errs := run(Options{ServerUser: tinh, Role: "province", Server: bare, PasswordFile: pw}); code != 0 || !strings.Contains(out, "Đã thêm người dùng "+tinh) {
		t.Fatalf("-server-user province: %d %s %s", code, out, errs)
	}
	dbPath := filepath.Join(t.TempDir(), "tinh.db")
	if code, _, errs := run(Options{DBPath: dbPath, Sample: true}); code != 0 {
		t.Fatalf("-sample: %s", errs)
	}
	asTinh := *p
	asTinh.User = url.User(tinh)
	t.Setenv("PGPASSWORD", "mật khẩu của đoàn")
	code, out, errs := run(Options{DBPath: dbPath, Sync: true, Server: asTinh.String()})
	if code != 0 || !strings.Contains(out, "Đã đồng bộ với máy chủ: gửi") || strings.Contains(out, "gửi 0 mục") {
		t.Fatalf("-sync: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(Options{DBPath: dbPath, Sync: true, Server: asTinh.String()}); code != 0 || !strings.Contains(out, "gửi 0 mục, ghi 0 mục") {
		t.Fatalf("-sync again: %d %s %s", code, out, errs)
	}

	// Now that the server has delegation 03, a member of it can be added;
	// one of a delegation it lacks cannot.
	t.Setenv("PGPASSWORD", servertest.Password)
	doan := "doan03" + suffix
	if code, out, errs := run(Options{ServerUser: doan, Role: "delegation", Delegation: "03", Server: bare, PasswordFile: pw}); code != 0 || !strings.Contains(out, "Đã thêm người dùng "+doan) {
		t.Fatalf("-server-user: %d %s %s", code, out, errs)
	}
	asDoan := *p
	asDoan.User = url.UserPassword(doan, "mật khẩu của đoàn")
	c2, err := pgx.Connect(context.Background(), asDoan.String())
	if err != nil {
		t.Fatalf("the new user cannot log in: %v", err)
	}
	c2.Close(context.Background())
	// The member's PC syncs as the scripts would: -user and
	// -password-file, the password never on the command line.
	t.Setenv("PGPASSWORD", "not this one")
	empty := filepath.Join(t.TempDir(), "doan.db")
	if code, out, errs := run(Options{DBPath: empty, Sync: true, Server: bare, User: doan, PasswordFile: pw}); code != 0 || !strings.Contains(out, "Đã đồng bộ với máy chủ") {
		t.Fatalf("-sync -user -password-file: %d %s %s", code, out, errs)
	}
	// A server restored from a backup older than the user: its row gone,
	// its role left. The sync says so and changes nothing; added again
	// (a new password), the user syncs.
	t.Setenv("PGPASSWORD", servertest.Password)
	adm, err := pgx.Connect(context.Background(), full)
	if err != nil {
		t.Fatal(err)
	}
	defer adm.Close(context.Background())
	if _, err := adm.Exec(context.Background(), "DELETE FROM giamsat.users WHERE role_name = $1", doan); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGPASSWORD", "not this one")
	if code, _, errs := run(Options{DBPath: empty, Sync: true, Server: bare, User: doan, PasswordFile: pw}); code == 0 || !strings.Contains(errs, "thêm lại người dùng") {
		t.Fatalf("a user the server lost: %d %s", code, errs)
	}
	t.Setenv("PGPASSWORD", servertest.Password)
	pw2 := filepath.Join(t.TempDir(), "pw2")
	os.WriteFile(pw2, []byte("mật khẩu mới của đoàn\n"), 0o600)
	if code, out, errs := run(Options{ServerUser: doan, Role: "delegation", Delegation: "03", Server: bare, PasswordFile: pw2}); code != 0 || !strings.Contains(out, "đã đặt mật khẩu mới") {
		t.Fatalf("-server-user again: %d %s %s", code, out, errs)
	}
	if code, out, errs := run(Options{DBPath: empty, Sync: true, Server: bare, User: doan, PasswordFile: pw2}); code != 0 || !strings.Contains(out, "Đã đồng bộ với máy chủ") {
		t.Fatalf("-sync after the user was added again: %d %s %s", code, out, errs)
	}
	// A role that is not a user's is never changed.
	if code, _, errs := run(Options{ServerUser: "postgres", Role: "commune", Commune: "Thông Nông", Server: bare, PasswordFile: pw2}); code == 0 || !strings.Contains(errs, "postgres") {
		t.Fatalf("-server-user postgres: %d %s", code, errs)
	}
	t.Setenv("PGPASSWORD", servertest.Password)
	if code, _, errs := run(Options{ServerUser: "doan04" + suffix, Role: "delegation", Delegation: "04", Server: bare, PasswordFile: pw}); code == 0 || !strings.Contains(errs, "chưa có đoàn") {
		t.Fatalf("a delegation the server lacks: %d %s", code, errs)
	}
}
