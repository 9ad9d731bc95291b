// Package server is the province's PostgreSQL server as the program uses
// it (docs/server.md): the connection, checked with TLS; the schema,
// applied by ordered migrations; the users. Like the rest of db, it is
// the only place with the server's SQL.
package server

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"giamsat/assets/text"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations are the server's migrations, in order.
func migrations() []string {
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		b, _ := migrationFS.ReadFile(n)
		out[i] = string(b)
	}
	return out
}

// SchemaVersion is how many migrations this program knows.
func SchemaVersion() int { return len(migrations()) }

// Config is how to reach the server.
type Config struct {
	// URL is a PostgreSQL URL (postgres://user@host:port/db?...). Without
	// TLS (sslmode=disable) only a server on this PC is accepted.
	URL string
	// CertFile is the province's certificate (PEM) the server's must be
	// signed by; Fingerprint, the SHA-256 of the server's certificate
	// itself (hex, colons allowed). Without either, the PC's own list of
	// certificate authorities decides.
	CertFile, Fingerprint string
	// Password, when given, is used before PGPASSWORD's and .pgpass's.
	Password string
}

// Error is what went wrong with the server, said in the user's words.
type Error struct {
	Msg text.Msg
	Err error
}

func (e *Error) Error() string              { return e.Msg.In("en") }
func (e *Error) Unwrap() error              { return e.Err }
func (e *Error) Message(lang string) string { return e.Msg.In(lang) }
func failf(err error, key string, args ...any) *Error {
	return &Error{text.F(key, args...), err}
}

// Connect opens a connection to the server, its certificate checked.
func Connect(ctx context.Context, c Config) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(c.URL)
	if err != nil {
		return nil, failf(err, "The server's address is not a PostgreSQL URL (postgres://user@host:5432/database).")
	}
	if c.Password != "" { // given (typed, or from -password-file): before PGPASSWORD and .pgpass
		cfg.Password = c.Password
	}
	// Never fall back to a connection without TLS.
	cfg.Fallbacks = nil
	if cfg.TLSConfig == nil && !local(cfg.Host) {
		return nil, failf(nil, "The server %s is not on this PC: it is reached only with TLS (remove sslmode=disable).", cfg.Host)
	}
	if cfg.TLSConfig != nil {
		t, err := tlsConfig(cfg.Host, c)
		if err != nil {
			return nil, err
		}
		cfg.TLSConfig = t
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	var pe *pgconn.PgError
	if err != nil && cfg.Password == "" && errors.As(err, &pe) && pe.Code == "28P01" {
		return nil, failf(err, "The server %s asks for a password, and none was given: type it, or give it in a file (-password-file), PGPASSWORD or .pgpass.", cfg.Host)
	}
	if err != nil {
		return nil, connectError(cfg.Host, err)
	}
	return conn, nil
}

// connectError says why the server could not be reached, in words.
func connectError(host string, err error) error {
	var mine *Error
	var pe *pgconn.PgError
	var dns *net.DNSError
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostname x509.HostnameError
	var ne net.Error
	var op *net.OpError
	switch {
	case errors.As(err, &mine):
		return mine
	case errors.As(err, &pe) && pe.Code == "28P01":
		return failf(err, "The server %s did not accept this user name and password.", host)
	case errors.As(err, &pe) && pe.Code == "28000":
		// pg_hba.conf: no line lets this user, database and address in.
		return failf(err, "The server %s does not let this user connect to this database from this PC (its pg_hba.conf): ask the province's IT staff. The server says: %s", host, pe.Message)
	case errors.As(err, &hostname):
		return failf(err, "The certificate of the server %s is not made out to this name (it is for %s): connect with the name in the certificate, or have the province's IT staff add this one to it.", host, certNames(hostname))
	case errors.As(err, &pe) && pe.Code == "3D000":
		return failf(err, "The server %s has no database of the name in the address: check the address.", host)
	case errors.As(err, &unknown), errors.As(err, &invalid):
		return failf(err, "The certificate of the server %s could not be checked against the province's: do not connect, and check the certificate file or the fingerprint (Settings → Province server, or -server-cert).", host)
	case errors.As(err, &dns):
		return failf(err, "The server %s was not found: check the address, and that this PC is connected.", host)
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return failf(err, "The server %s did not answer in time: check that this PC is connected.", host)
	case errors.As(err, &op) && op.Op == "dial":
		// Refused (on Windows, a Winsock error of its own): nothing listens.
		return failf(err, "The server %s does not answer (it is not running, or the port in the address is wrong).", host)
	}
	return failf(err, "Cannot connect to the server %s: %v", host, err)
}

// certNames are the names a certificate is made out to.
func certNames(h x509.HostnameError) string {
	if h.Certificate == nil {
		return "?"
	}
	names := slices.Clone(h.Certificate.DNSNames)
	for _, ip := range h.Certificate.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && h.Certificate.Subject.CommonName != "" {
		names = append(names, h.Certificate.Subject.CommonName)
	}
	return strings.Join(names, ", ")
}

func local(host string) bool {
	if strings.HasPrefix(host, "/") { // a Unix socket
		return true
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ParseFingerprint reads a certificate's SHA-256 fingerprint as people
// copy it: hex digits, with or without colons or spaces, after openssl's
// "sha256 Fingerprint=" if that was copied too.
func ParseFingerprint(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "="); i >= 0 && strings.Contains(strings.ToLower(s[:i]), "fingerprint") {
		s = s[i+1:]
	}
	s = strings.NewReplacer(":", "", " ", "").Replace(s)
	want, err := hex.DecodeString(s)
	if err != nil || len(want) != sha256.Size {
		return nil, failf(err, "The server's fingerprint must be 64 hexadecimal digits (SHA-256).")
	}
	return want, nil
}

// tlsConfig checks the server's certificate against the province's, or
// its fingerprint, or the PC's certificate authorities.
func tlsConfig(host string, c Config) (*tls.Config, error) {
	t := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	switch {
	case c.Fingerprint != "":
		want, err := ParseFingerprint(c.Fingerprint)
		if err != nil {
			return nil, err
		}
		// The certificate is its own proof: it is checked by its hash.
		t.InsecureSkipVerify = true
		t.VerifyPeerCertificate = func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) > 0 {
				got := sha256.Sum256(raw[0])
				if hmac.Equal(got[:], want) {
					return nil
				}
			}
			return failf(nil, "The server's certificate is not the one whose fingerprint was given: do not connect, and ask the province.")
		}
	case c.CertFile != "":
		pem, err := os.ReadFile(c.CertFile)
		if err != nil {
			return nil, failf(err, "Cannot read the server's certificate %s: %v", c.CertFile, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, failf(nil, "%s holds no certificate (PEM).", c.CertFile)
		}
		t.RootCAs = pool
	}
	return t, nil
}

// ErrNewer is a server whose schema is newer than this program.
var ErrNewer = errors.New("server newer than the program")

// Init applies the migrations the server lacks, in one transaction, and
// returns how many it applied. A server newer than the program is refused.
func Init(ctx context.Context, conn *pgx.Conn) (int, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	// Two -server-init at once wait for each other.
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext('giamsat -server-init'))"); err != nil {
		return 0, err
	}
	have, err := version(ctx, tx)
	if err != nil {
		return 0, err
	}
	ms := migrations()
	if have > len(ms) {
		return 0, failf(ErrNewer, "The server was set up by a newer Giám sát (schema %d; this program knows %d). Update Giám sát.", have, len(ms))
	}
	for i := have; i < len(ms); i++ {
		if _, err := tx.Exec(ctx, ms[i]); err != nil {
			return 0, failf(err, "Migration %d of the server failed, nothing was changed: %v", i+1, err)
		}
		if _, err := tx.Exec(ctx, "UPDATE giamsat.schema_info SET version = $1", i+1); err != nil {
			return 0, err
		}
	}
	return len(ms) - have, tx.Commit(ctx)
}

// version is the server's schema version (0 before the first migration).
func version(ctx context.Context, tx pgx.Tx) (int, error) {
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT to_regclass('giamsat.schema_info') IS NOT NULL").Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return 0, nil
	}
	var v int
	err := tx.QueryRow(ctx, "SELECT version FROM giamsat.schema_info").Scan(&v)
	return v, err
}

// Kinds of user.
const (
	Commune    = "commune"
	Delegation = "delegation"
	Province   = "province"
	// NoUser is what WhoAmI says of a role the server does not list as a
	// user (one added after the backup a server was restored from).
	NoUser = "none"
)

// User is a person who syncs: a PostgreSQL role, and what it stands for.
type User struct {
	Name string
	Kind string // Commune, Delegation or Province
	// Which is the commune's name or code, or the delegation's number or
	// ID, for those kinds.
	Which string
}

var roleName = regexp.MustCompile(`^[a-z][a-z0-9_.-]{0,62}$`)

// AddUser makes u's role with the password (stored by the server as a
// SCRAM verifier, never in clear) and notes what it stands for. The
// commune or delegation must be on the server already.
func AddUser(ctx context.Context, conn *pgx.Conn, u User, password string) error {
	if !roleName.MatchString(u.Name) {
		return failf(nil, "A user name is 1 to 63 lower-case letters, digits, '_', '.' or '-', starting with a letter: %q is not.", u.Name)
	}
	if len(password) < 8 {
		return failf(nil, "The password must have at least 8 characters.")
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if have, err := version(ctx, tx); err != nil {
		return err
	} else if have == 0 {
		return failf(nil, "The server is not set up for Giám sát: run giamsat -server-init first.")
	}
	var communeID, delegationID *string
	switch u.Kind {
	case Commune:
		id, err := find(ctx, tx, "communes", u.Which, "name", "code")
		if err != nil {
			return err
		}
		communeID = &id
	case Delegation:
		id, err := find(ctx, tx, "delegations", u.Which, "number")
		if err != nil {
			return err
		}
		delegationID = &id
	case Province:
	default:
		return failf(nil, "A user's role is commune, delegation or province, not %q.", u.Kind)
	}
	verifier, err := scramVerifier(password)
	if err != nil {
		return err
	}
	ident := pgx.Identifier{u.Name}.Sanitize()
	group := pgx.Identifier{"giamsat_" + u.Kind}.Sanitize()
	exists, err := userRole(ctx, tx, u.Name)
	if err != nil {
		return err
	}
	// The verifier is base64 and '$', ':' only: safe in a literal.
	if exists {
		// A user again: a new password (forgotten), or the user's row lost
		// with a server restored from a backup older than it.
		if _, err := tx.Exec(ctx, fmt.Sprintf("ALTER ROLE %s LOGIN PASSWORD '%s'", ident, verifier)); err != nil {
			return failf(err, "Cannot change the user %s: %v", u.Name, err)
		}
		for _, kind := range []string{Commune, Delegation, Province} {
			if _, err := tx.Exec(ctx, fmt.Sprintf("REVOKE %s FROM %s", pgx.Identifier{"giamsat_" + kind}.Sanitize(), ident)); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf("GRANT %s TO %s", group, ident)); err != nil {
			return err
		}
	} else if _, err := tx.Exec(ctx, fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE %s", ident, verifier, group)); err != nil {
		return failf(err, "Cannot add the user %s: %v", u.Name, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO giamsat.users (role_name, kind, commune_id, delegation_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (role_name) DO UPDATE SET kind = EXCLUDED.kind, commune_id = EXCLUDED.commune_id, delegation_id = EXCLUDED.delegation_id`,
		u.Name, u.Kind, communeID, delegationID); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// userRole reports whether a role of the name is there already, and
// refuses one that is no Giám sát user's (a superuser, the province's
// other roles): only a user's role is changed.
func userRole(ctx context.Context, tx pgx.Tx, name string) (bool, error) {
	var exists, ours bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1),
		EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = $1 AND NOT r.rolsuper AND NOT r.rolcreaterole
			AND (EXISTS (SELECT 1 FROM giamsat.users WHERE role_name = $1)
				OR pg_has_role(r.oid, 'giamsat_commune', 'MEMBER') OR pg_has_role(r.oid, 'giamsat_delegation', 'MEMBER')
				OR pg_has_role(r.oid, 'giamsat_province', 'MEMBER')))`, name).Scan(&exists, &ours)
	if err != nil {
		return false, err
	}
	if exists && !ours {
		return false, failf(nil, "The server has a role %s that is not a user of Giám sát: choose another name.", name)
	}
	return exists, nil
}

// UserExists reports whether name is a user of Giám sát on the server
// already (-server-user then sets a new password and what it stands for).
func UserExists(ctx context.Context, conn *pgx.Conn, name string) (bool, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	return userRole(ctx, tx, name)
}

// find returns the ID of the one live record of table whose ID or one of
// fields is which.
func find(ctx context.Context, tx pgx.Tx, table, which string, fields ...string) (string, error) {
	said := findWords[table]
	if which == "" {
		return "", failf(nil, said[0])
	}
	cond := "id = $2"
	for _, f := range fields {
		cond += fmt.Sprintf(" OR body->>'%s' = $2", f)
	}
	rows, err := tx.Query(ctx, `SELECT DISTINCT id FROM giamsat.versions WHERE tbl = $1 AND NOT deleted AND (`+cond+`)`, table, which)
	if err != nil {
		return "", err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	switch len(ids) {
	case 0:
		return "", failf(nil, said[1], which)
	case 1:
		return ids[0], nil
	}
	return "", failf(nil, said[2], len(ids), which)
}

// findWords are what find says, per table: none given, none found, several.
var findWords = map[string][3]string{
	"communes": {"Say which commune the user stands for (-commune).",
		"The server has no commune %q yet: sync it from a PC that has it first.",
		"The server has %d communes called %q: give the ID instead."},
	"delegations": {"Say which delegation the user stands for (-delegation).",
		"The server has no delegation %q yet: sync it from a PC that has it first.",
		"The server has %d delegations numbered %q: give the ID instead."},
}

// scramVerifier is what PostgreSQL stores for a SCRAM-SHA-256 password
// (RFC 5802, RFC 7677), worked out here so that the password itself never
// reaches the server, its logs or its statistics.
func scramVerifier(password string) (string, error) {
	const iterations = 4096
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", err
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	stored := sha256.Sum256(mac(salted, "Client Key"))
	server := mac(salted, "Server Key")
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(stored[:]), b64(server)), nil
}
