//go:build server

// Tests against a real PostgreSQL (make test-server): servertest starts a
// cluster of its own for each test.
package server

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"giamsat/db"
	"giamsat/db/server/servertest"
)

var ctx = context.Background()

func TestMain(m *testing.M) { os.Exit(servertest.Run(m)) }

func connect(t *testing.T, u string) *pgx.Conn {
	t.Helper()
	c, err := Connect(ctx, Config{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(ctx) })
	return c
}

// -server-init sets a new server up, and a second time changes nothing; a
// server set up by a newer program is refused, untouched.
func TestInit(t *testing.T) {
	u := servertest.Start(t)
	c := connect(t, u)
	n, err := Init(ctx, c)
	if err != nil || n != SchemaVersion() || n == 0 {
		t.Fatalf("first init: %d migrations, %v", n, err)
	}
	if n, err := Init(ctx, c); err != nil || n != 0 {
		t.Fatalf("second init: %d migrations, %v", n, err)
	}
	if _, err := c.Exec(ctx, "UPDATE giamsat.schema_info SET version = version + 1"); err != nil {
		t.Fatal(err)
	}
	_, err = Init(ctx, c)
	var se *Error
	if !errors.Is(err, ErrNewer) || !errors.As(err, &se) || !strings.Contains(se.Message("vi"), "Giám sát mới hơn") {
		t.Fatalf("a newer server: %v", err)
	}
	var v int
	c.QueryRow(ctx, "SELECT version FROM giamsat.schema_info").Scan(&v)
	if v != SchemaVersion()+1 {
		t.Fatalf("the refused init changed the version to %d", v)
	}
}

// A failed migration leaves the server as it was.
func TestInitIsOneTransaction(t *testing.T) {
	u := servertest.Start(t)
	c := connect(t, u)
	// Something in the way of the first migration: it cannot finish.
	if _, err := c.Exec(ctx, "CREATE TABLE giamsat_probe (x int); CREATE SCHEMA giamsat; CREATE TABLE giamsat.versions (x int)"); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(ctx, c); err == nil {
		t.Fatal("init over a half-made schema succeeded")
	}
	var tables int
	c.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'giamsat'").Scan(&tables)
	if tables != 1 {
		t.Fatalf("the failed init left %d tables in the schema", tables)
	}
}

// The server compares versions as db.Version.Compare does, on random
// vectors drawn as the model of many PCs draws them.
func TestCompareMatchesTheProgram(t *testing.T) {
	u := servertest.Start(t)
	c := connect(t, u)
	if _, err := Init(ctx, c); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	replicas := []string{"0", "a1", "b2", "c3"}
	random := func() db.Version {
		var v db.Version
		for _, r := range replicas {
			if rng.IntN(3) > 0 {
				v = append(v, db.Dot{Replica: r, Counter: uint64(1 + rng.IntN(3))})
			}
		}
		return v
	}
	names := map[db.Order]string{db.Same: "same", db.Newer: "newer", db.Older: "older", db.Concurrent: "concurrent"}
	seen := map[string]int{}
	for range 400 {
		a, b := random(), random()
		if rng.IntN(8) == 0 {
			b = slices.Clone(a)
		}
		var got string
		if err := c.QueryRow(ctx, "SELECT giamsat.compare($1, $2)", a.String(), b.String()).Scan(&got); err != nil {
			t.Fatal(err)
		}
		want := names[a.Compare(b)]
		if got != want {
			t.Fatalf("compare(%s, %s) = %s on the server, %s in the program", a, b, got, want)
		}
		seen[got]++
	}
	if len(seen) != 4 {
		t.Fatalf("not every answer drawn: %v", seen)
	}
}

// A user added by -server-user logs in with the password, which the
// server keeps only as a SCRAM verifier; a commune user stands for a
// commune the server has.
func TestAddUser(t *testing.T) {
	u := servertest.Start(t)
	c := connect(t, u)
	if _, err := Init(ctx, c); err != nil {
		t.Fatal(err)
	}
	err := AddUser(ctx, c, User{Name: role(u, "thongnong"), Kind: Commune, Which: "Thông Nông"}, "mật khẩu dài")
	if err == nil || !strings.Contains(err.(*Error).Message("vi"), "chưa có xã") {
		t.Fatalf("a commune the server lacks: %v", err)
	}
	if _, err := c.Exec(ctx, `INSERT INTO giamsat.versions (tbl, id, version, content_hash, deleted, body)
		VALUES ('communes', 'c-1', '0:1', repeat('a', 32), false, '{"name": "Thông Nông", "code": "TN"}')`); err != nil {
		t.Fatal(err)
	}
	for _, user := range []User{
		{Name: role(u, "thongnong"), Kind: Commune, Which: "Thông Nông"},
		{Name: role(u, "tinh"), Kind: Province},
	} {
		if err := AddUser(ctx, c, user, "mật khẩu dài"); err != nil {
			t.Fatal(err)
		}
	}
	var kind, commune string
	if err := c.QueryRow(ctx, "SELECT kind, commune_id FROM giamsat.users WHERE role_name = $1", role(u, "thongnong")).Scan(&kind, &commune); err != nil || kind != Commune || commune != "c-1" {
		t.Fatalf("the user is %q for %q: %v", kind, commune, err)
	}
	var stored string
	c.QueryRow(ctx, "SELECT rolpassword FROM pg_authid WHERE rolname = $1", role(u, "thongnong")).Scan(&stored)
	if !strings.HasPrefix(stored, "SCRAM-SHA-256$4096:") || strings.Contains(stored, "mật") {
		t.Fatalf("stored password %q", stored)
	}
	as := func(name, password string) error {
		p, _ := url.Parse(u)
		p.User = url.UserPassword(name, password)
		cn, err := Connect(ctx, Config{URL: p.String()})
		if err == nil {
			cn.Close(ctx)
		}
		return err
	}
	if err := as(role(u, "thongnong"), "mật khẩu dài"); err != nil {
		t.Fatalf("the user cannot log in: %v", err)
	}
	if err := as(role(u, "thongnong"), "sai mật khẩu"); err == nil || !strings.Contains(err.(*Error).Message("vi"), "không chấp nhận tên người dùng và mật khẩu") {
		t.Fatalf("a wrong password: %v", err)
	}
	if err := AddUser(ctx, c, User{Name: "Bad Name", Kind: Province}, "mật khẩu dài"); err == nil {
		t.Fatal("a role name with a space and capitals was taken")
	}
	if err := AddUser(ctx, c, User{Name: "x", Kind: "admin"}, "mật khẩu dài"); err == nil {
		t.Fatal("an unknown kind was taken")
	}
}

// Without TLS, only a server on this PC.
func TestNoTLSOnlyOnThisPC(t *testing.T) {
	_, err := Connect(ctx, Config{URL: "postgres://u:p@192.0.2.1:5432/x?sslmode=disable"})
	var se *Error
	if !errors.As(err, &se) || !strings.Contains(se.Message("en"), "only with TLS") {
		t.Fatalf("a remote server without TLS: %v", err)
	}
}

// The server's certificate is always checked: against the province's
// authority, or by its fingerprint; a wrong fingerprint, or no way to
// check it, refuses the connection, whatever sslmode says.
func TestCertificateChecked(t *testing.T) {
	u := servertest.Start(t)
	p, _ := url.Parse(u)
	q := p.Query()
	q.Set("sslmode", "require")
	p.RawQuery = q.Encode()
	tlsURL := p.String()
	tlsOn := func(c *pgx.Conn) bool {
		var on bool
		c.QueryRow(ctx, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&on)
		return on
	}
	for _, cfg := range []Config{{URL: tlsURL, CertFile: servertest.CAFile}, {URL: tlsURL, Fingerprint: strings.ToUpper(servertest.Fingerprint)}} {
		c, err := Connect(ctx, cfg)
		if err != nil {
			t.Fatalf("%+v: %v", cfg, err)
		}
		if !tlsOn(c) {
			t.Errorf("%+v: connected without TLS", cfg)
		}
		c.Close(ctx)
	}
	wrong := strings.Repeat("ab", 32)
	for cfg, said := range map[Config]string{{URL: tlsURL, Fingerprint: wrong}: "dấu vân tay đã nhập", {URL: tlsURL}: "Không kiểm tra được chứng chỉ"} {
		c, err := Connect(ctx, cfg)
		if err == nil {
			c.Close(ctx)
			t.Errorf("%+v: connected to a server whose certificate was not checked", cfg)
			continue
		}
		if se, ok := err.(*Error); !ok || !strings.Contains(se.Message("vi"), said) {
			t.Errorf("%+v: said %v", cfg, err)
		}
	}
	if _, err := Connect(ctx, Config{URL: tlsURL, Fingerprint: "12:34"}); err == nil || !strings.Contains(err.(*Error).Message("vi"), "64 chữ số") {
		t.Errorf("a short fingerprint: %v", err)
	}
}
