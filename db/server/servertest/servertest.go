// Package servertest starts a PostgreSQL server of its own for a test
// binary: a new cluster in a temporary folder, on a free port of
// 127.0.0.1, stopped when the tests end (Run), and a new database in it for
// each test (Start). It needs PostgreSQL's programs (Debian's postgresql
// package; make test-server installs it).
package servertest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Password is the superuser's password in every cluster Start makes.
const Password = "servertest-superuser"

// Run runs the tests of m (from TestMain) and then stops the cluster, if
// one was started.
func Run(m *testing.M) int {
	code := m.Run()
	if cluster.stop != nil {
		cluster.stop()
	}
	return code
}

var cluster struct {
	sync.Mutex
	url  string // of the database "postgres"
	stop func()
	n    int
}

// CAFile is the certificate (PEM) of the authority that signed the
// server's; Fingerprint, the SHA-256 of the server's certificate (hex).
// Both are set once Start has made the cluster.
var CAFile, Fingerprint string

// Start returns the URL of a new database, as the superuser "postgres",
// without TLS, in the cluster of this test binary (made at the first call).
func Start(tb testing.TB) string {
	tb.Helper()
	cluster.Lock()
	defer cluster.Unlock()
	if cluster.url == "" {
		u, stop, err := startCluster()
		if err != nil {
			tb.Fatal(err)
		}
		cluster.url, cluster.stop = u, stop
	}
	cluster.n++
	name := fmt.Sprintf("test_%d", cluster.n)
	cmd := exec.Command("psql", cluster.url, "-q", "-c", "CREATE DATABASE "+name)
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("CREATE DATABASE: %v\n%s", err, out)
	}
	return strings.Replace(cluster.url, "/postgres?", "/"+name+"?", 1)
}

func startCluster() (string, func(), error) {
	bin, err := binDir()
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "giamsat-pg-")
	if err != nil {
		return "", nil, err
	}
	fail := func(err error) (string, func(), error) {
		os.RemoveAll(dir)
		return "", nil, err
	}
	data := filepath.Join(dir, "data")
	pwfile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwfile, []byte(Password+"\n"), 0o600); err != nil {
		return fail(err)
	}
	// PostgreSQL refuses to run as root: as root, it runs as "postgres".
	var as []string
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fail(fmt.Errorf("running as root and no user postgres: %w", err))
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, p := range []string{dir, pwfile} {
			if err := os.Chown(p, uid, gid); err != nil {
				return fail(err)
			}
		}
		as = []string{"runuser", "-u", "postgres", "--"}
	}
	run := func(name string, args ...string) *exec.Cmd {
		full := append(append(as[:len(as):len(as)], filepath.Join(bin, name)), args...)
		return exec.Command(full[0], full[1:]...)
	}
	if out, err := run("initdb", "-D", data, "-U", "postgres", "--pwfile", pwfile, "--no-sync",
		"--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8").CombinedOutput(); err != nil {
		return fail(fmt.Errorf("initdb: %w\n%s", err, out))
	}
	port, err := freePort()
	if err != nil {
		return fail(err)
	}
	// TLS with a certificate of a province's own authority (CAFile), as
	// a province would set its server up.
	if err := makeCertificates(dir, data, as != nil); err != nil {
		return fail(err)
	}
	srv := run("postgres", "-D", data, "-k", dir, "-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "ssl=on",
		"-c", "ssl_cert_file="+filepath.Join(data, "server.crt"), "-c", "ssl_key_file="+filepath.Join(data, "server.key"))
	logf, err := os.Create(filepath.Join(dir, "log"))
	if err != nil {
		return fail(err)
	}
	srv.Stdout, srv.Stderr = logf, logf
	if err := srv.Start(); err != nil {
		return fail(err)
	}
	stop := func() {
		srv.Process.Signal(os.Interrupt) // a fast shutdown
		done := make(chan error, 1)
		go func() { done <- srv.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			srv.Process.Kill()
		}
		logf.Close()
		os.RemoveAll(dir)
	}
	for i := 0; ; i++ {
		err := exec.Command(filepath.Join(bin, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(port)).Run()
		if err == nil {
			break
		}
		if i > 300 {
			log, _ := os.ReadFile(filepath.Join(dir, "log"))
			stop()
			return "", nil, fmt.Errorf("PostgreSQL did not start: %w\n%s", err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Sprintf("postgres://postgres:%s@127.0.0.1:%d/postgres?sslmode=disable", Password, port), stop, nil
}

// makeCertificates makes an authority and a server certificate for
// 127.0.0.1 signed by it, the key readable by the server only.
func makeCertificates(dir, data string, asPostgres bool) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Giám sát test province"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(der)
	Fingerprint = hex.EncodeToString(sum[:])
	CAFile = filepath.Join(dir, "ca.crt")
	files := map[string][]byte{
		CAFile:                            pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		filepath.Join(data, "server.crt"): pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		filepath.Join(data, "server.key"): pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}),
	}
	for path, b := range files {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return err
		}
		if asPostgres {
			u, _ := user.Lookup("postgres")
			uid, _ := strconv.Atoi(u.Uid)
			gid, _ := strconv.Atoi(u.Gid)
			if err := os.Chown(path, uid, gid); err != nil {
				return err
			}
		}
	}
	return os.Chmod(CAFile, 0o644)
}

// binDir finds the newest PostgreSQL's programs.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return a > b
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("PostgreSQL's programs (initdb, postgres) are not installed: apt-get install postgresql (make test-server does it)")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
