package exchange

import (
	"archive/zip"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"syscall"

	"golang.org/x/crypto/argon2"
)

// The Argon2id cost: 64 MiB and three passes, about half a second on an old
// PC; the parameters travel in the manifest, so they may change later.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
)

// sealAAD binds the ciphertext to what the outer manifest says of it (its
// format version included).
func sealAAD(version int, e *Encryption) []byte {
	return fmt.Appendf(nil, "%s/%d|%s|%s|%d|%d|%d", FormatName, version, e.Cipher, e.KDF, e.Time, e.MemoryKiB, e.Threads)
}

// Bounds of the key derivation a reader accepts: enough for what this
// program writes (3 passes, 64 MiB, 2 threads), and never so much that a
// package could make an old PC work for minutes or run out of memory.
const (
	maxArgonTime    = 4
	maxArgonMemory  = 256 * 1024 // KiB
	minArgonMemory  = 8 * 1024
	maxArgonThreads = 4
)

// safeEncryption reports whether a package's encryption is one this
// program opens: the cipher and key derivation it knows, within bounds.
func safeEncryption(e *Encryption) bool {
	return e.Cipher == "AES-256-GCM" && e.KDF == "argon2id" && len(e.Salt) >= 16 && len(e.Nonce) == 12 &&
		e.Time >= 1 && e.Time <= maxArgonTime && e.MemoryKiB >= minArgonMemory && e.MemoryKiB <= maxArgonMemory &&
		e.Threads >= 1 && e.Threads <= maxArgonThreads
}

func sealKey(pass string, e *Encryption) ([]byte, error) {
	if !safeEncryption(e) {
		return nil, errors.New("unknown or unsafe encryption parameters")
	}
	return argon2.IDKey([]byte(pass), e.Salt, e.Time, e.MemoryKiB, e.Threads, 32), nil
}

func gcm(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// writeSealed writes the outer package: a manifest that says nothing of the
// records, and the plain package sealed with a key from the passphrase.
func writeSealed(plain *Manifest, inner []byte, pass string, w io.Writer) error {
	e := &Encryption{Cipher: "AES-256-GCM", KDF: "argon2id", Salt: make([]byte, 16), Nonce: make([]byte, 12),
		Time: argonTime, MemoryKiB: argonMemory, Threads: argonThreads}
	if _, err := rand.Read(e.Salt); err != nil {
		return err
	}
	if _, err := rand.Read(e.Nonce); err != nil {
		return err
	}
	key, err := sealKey(pass, e)
	if err != nil {
		return err
	}
	aead, err := gcm(key)
	if err != nil {
		return err
	}
	sealed := aead.Seal(nil, e.Nonce, inner, sealAAD(FormatVersion, e))
	sum := sha256.Sum256(sealed)
	outer := Manifest{Format: FormatName, FormatVersion: FormatVersion, Encryption: e,
		Parts: []Part{{Name: payloadName, Size: int64(len(sealed)), SHA256: hex.EncodeToString(sum[:])}}}
	outer.CreatedAt = plain.CreatedAt
	zw := zip.NewWriter(w)
	if err := writeManifest(zw, &outer); err != nil {
		return err
	}
	// The ciphertext does not compress: stored as it is.
	pw, err := zw.CreateHeader(&zip.FileHeader{Name: payloadName, Method: zip.Store, Modified: plain.CreatedAt})
	if err != nil {
		return err
	}
	if _, err := pw.Write(sealed); err != nil {
		return err
	}
	return zw.Close()
}

// open returns the plain package inside a sealed one of format version.
func open(version int, e *Encryption, sealed []byte, pass string) ([]byte, error) {
	key, err := sealKey(pass, e)
	if err != nil {
		return nil, err
	}
	aead, err := gcm(key)
	if err != nil {
		return nil, err
	}
	return aead.Open(nil, e.Nonce, sealed, sealAAD(version, e))
}

func isDiskFull(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	// ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.
	return errno == syscall.ENOSPC || (runtime.GOOS == "windows" && (errno == 39 || errno == 112))
}
