package exchange

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"giamsat/db"
)

// Options say what a package holds and for whom.
type Options struct {
	Selection db.Selection
	// Delegation and Commune label the selection in the manifest.
	Delegation, Commune string
	// Recipient is whom the package is for ("UBND xã Lũng Nặm", "Đoàn 03").
	Recipient string
	// OnlyChanges keeps to the records this database changed after the
	// last package it made for Recipient.
	OnlyChanges bool
	// Passphrase, when not empty, encrypts the package.
	Passphrase     string
	ProgramVersion string
	// Progress, when set, is told the records written so far.
	Progress func(done int)
}

// tempPattern names the file a package is written to before it is renamed
// into place.
const tempPattern = ".giamsat-*.tmp"

// Made says what a package holds.
type Made struct {
	Manifest Manifest
	Path     string
	Bytes    int64
	// Logged is false when the package could not be noted in the log of a
	// database open for reading only.
	Logged    bool
	Encrypted bool
}

// Total returns the records in the package.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// Make writes a package of the records opt chooses to path. The file is
// written beside path under another name and renamed over it only when
// complete, so an existing file is never left empty or half written. The
// package is then noted in the log of packages sent.
// MinPassphrase is the fewest characters a passphrase has, not counting
// spaces at either end.
const MinPassphrase = 8

// CheckPassphrase says why pass cannot encrypt a package; nil when it can
// ("" is no encryption).
func CheckPassphrase(pass string) error {
	if pass != "" && len([]rune(strings.TrimSpace(pass))) < MinPassphrase {
		return db.Fail(nil, "A passphrase needs at least %d characters (not counting spaces at either end).", MinPassphrase)
	}
	return nil
}

func Make(ctx context.Context, store *db.Store, path string, opt Options) (*Made, error) {
	if err := CheckPassphrase(opt.Passphrase); err != nil {
		return nil, err
	}
	if opt.OnlyChanges && strings.TrimSpace(opt.Recipient) == "" {
		return nil, db.Fail(nil, "Say whom the package is for, to send only what changed since the last one.")
	}
	m, sel, err := newManifest(ctx, store, opt)
	if err != nil {
		return nil, err
	}
	size, err := writeFile(ctx, store, path, sel, &m, opt)
	if err != nil {
		return nil, err
	}
	made := &Made{Manifest: m, Path: path, Bytes: size, Logged: true, Encrypted: opt.Passphrase != ""}
	summary, _ := json.Marshal(m.Counts)
	err = store.LogExchange(ctx, &db.Exchange{At: m.CreatedAt, Direction: "sent", PackageID: m.PackageID, Peer: m.Recipient,
		File: filepath.Base(path), Summary: string(summary)})
	if errors.Is(err, db.ErrReadOnlyStore) {
		made.Logged = false
	} else if err != nil {
		return made, err
	}
	return made, nil
}

// newManifest starts the manifest of the package opt chooses (its counts
// and parts are filled as the records are written), and returns the
// selection of records to write: with only the changes, those since the
// last package for the recipient.
func newManifest(ctx context.Context, store *db.Store, opt Options) (Manifest, db.Selection, error) {
	sel := opt.Selection
	var follows *Follows
	if opt.OnlyChanges {
		base, ok, err := store.ChangesBase(ctx, opt.Recipient)
		if err != nil {
			return Manifest{}, sel, err
		}
		if ok {
			sel.Since = base.At
			follows = &Follows{PackageID: base.PackageID, CreatedAt: base.At}
		}
	}
	received, err := store.ReceivedPackages(ctx, maxReceivedListed)
	if err != nil {
		return Manifest{}, sel, err
	}
	// The log's time is taken before the records are read: a record saved
	// while the package is made goes in the next package "since" this one.
	started := db.Now()
	dbID, err := store.DatabaseID(ctx)
	if err != nil {
		return Manifest{}, sel, err
	}
	m := Manifest{
		Format: FormatName, FormatVersion: FormatVersion, ProgramVersion: opt.ProgramVersion,
		PackageID: uuid.NewString(), CreatedAt: started, Follows: follows, Received: received,
		DatabaseID: dbID, DatabaseName: filepath.Base(store.Path()), Recipient: strings.TrimSpace(opt.Recipient),
		Counts: Counts{}, Deletions: Counts{}, Parts: []Part{},
	}
	if sel.DelegationID != "" {
		m.Delegation = &Subject{sel.DelegationID, opt.Delegation}
	}
	if sel.CommuneID != "" {
		m.Commune = &Subject{sel.CommuneID, opt.Commune}
	}
	if !sel.Since.IsZero() {
		since := sel.Since.UTC()
		m.ChangedSince = &since
	}
	return m, sel, nil
}

// writeFile writes the package to a temporary file beside path, encrypted
// when opt has a passphrase, and renames it over path once complete. It
// returns the package's size.
func writeFile(ctx context.Context, store *db.Store, path string, sel db.Selection, m *Manifest, opt Options) (int64, error) {
	// What an export killed before (a power cut, the program ended) left
	// beside its target goes now; one being written by another window is
	// held, and stays.
	if stale, err := filepath.Glob(filepath.Join(filepath.Dir(path), tempPattern)); err == nil {
		for _, f := range stale {
			removeIfStale(f)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern)
	if err != nil {
		return 0, fileError(path, err)
	}
	if err := holdFile(tmp); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return 0, fileError(path, err)
	}
	tmpName := tmp.Name()
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmpName)
		}
	}()
	out := bufio.NewWriterSize(tmp, 1<<20)
	if opt.Passphrase == "" {
		err = writePlain(ctx, store, sel, m, out, opt.Progress)
	} else {
		var inner bytes.Buffer
		if err = writePlain(ctx, store, sel, m, &inner, opt.Progress); err == nil {
			err = writeSealed(m, inner.Bytes(), opt.Passphrase, out)
		}
	}
	if err != nil {
		return 0, fileError(path, err)
	}
	if err := out.Flush(); err != nil {
		return 0, fileError(path, err)
	}
	if err := tmp.Sync(); err != nil {
		return 0, fileError(path, err)
	}
	info, err := tmp.Stat()
	if err != nil {
		return 0, fileError(path, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fileError(path, err)
	}
	if err := os.Rename(tmpName, path); err != nil {
		return 0, fileError(path, err)
	}
	done = true
	return info.Size(), nil
}

// writePlain writes the plain package (records and manifest) as a zip to w.
func writePlain(ctx context.Context, store *db.Store, sel db.Selection, m *Manifest, w io.Writer, progress func(int)) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, pooledDeflate)
	var (
		part    *partWriter
		table   string
		written int
	)
	finish := func() error {
		if part == nil {
			return nil
		}
		p, err := part.close()
		if err != nil {
			return err
		}
		m.Parts = append(m.Parts, p)
		part = nil
		return nil
	}
	// The database is read on one goroutine while the records are encoded
	// and compressed on another: the two take about as long.
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	batches, readErr := readBatches(readCtx, store, sel)
	var err error
	for b := range batches {
		if err != nil {
			continue // drain, so that the reader ends
		}
		if b.table != table {
			if err = finish(); err != nil {
				stopReading()
				continue
			}
			table = b.table
			if part, err = newPart(zw, recordsDir+table+".json"); err != nil {
				stopReading()
				continue
			}
		}
		for _, r := range b.records {
			if err = part.record(r); err != nil {
				stopReading()
				break
			}
			if db.MetaOf(r).Deleted() {
				m.Deletions[b.table]++
			}
		}
		m.Counts[table] += len(b.records)
		written += len(b.records)
		if progress != nil {
			progress(written)
		}
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	if err == nil {
		err = finish()
	}
	if err != nil {
		return err
	}
	if err := writeManifest(zw, m); err != nil {
		return err
	}
	return zw.Close()
}

// batch is records of one table, read together.
type batch struct {
	table   string
	records []db.Record
}

// readBatches reads the records sel chooses on a goroutine of its own, in
// batches of one table, until ctx is cancelled. Once batches is closed,
// the error channel says how the reading ended.
func readBatches(ctx context.Context, store *db.Store, sel db.Selection) (<-chan batch, <-chan error) {
	batches := make(chan batch, 8)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		var b batch
		err := store.ExchangeRecords(ctx, sel, func(t string, r db.Record) error {
			if (t != b.table || len(b.records) == 512) && len(b.records) > 0 {
				select {
				case batches <- b:
				case <-ctx.Done():
					return ctx.Err()
				}
				b = batch{}
			}
			b.table = t
			b.records = append(b.records, r)
			return nil
		})
		if err == nil && len(b.records) > 0 {
			select {
			case batches <- b:
			case <-ctx.Done():
				err = ctx.Err()
			}
		}
		readErr <- err
	}()
	return batches, readErr
}

// writeManifest adds manifest.json, indented to be read by a person.
func writeManifest(zw *zip.Writer, m *Manifest) error {
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: manifestName, Method: zip.Deflate, Modified: m.CreatedAt})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// partWriter writes one records part: a JSON array, one record a line.
type partWriter struct {
	name  string
	hash  hashWriter
	out   *bufio.Writer
	enc   *json.Encoder
	first bool
}

// hashWriter writes through to w, keeping the SHA-256 and size of what
// went by.
type hashWriter struct {
	w    io.Writer
	h    hash.Hash
	size int64
}

func (h *hashWriter) Write(p []byte) (int, error) {
	h.h.Write(p)
	h.size += int64(len(p))
	return h.w.Write(p)
}

func newPart(zw *zip.Writer, name string) (*partWriter, error) {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return nil, err
	}
	p := &partWriter{name: name, first: true}
	p.hash = hashWriter{w: w, h: sha256.New()}
	p.out = bufio.NewWriterSize(&p.hash, 256<<10)
	p.enc = json.NewEncoder(p.out)
	p.enc.SetEscapeHTML(false)
	_, err = p.out.WriteString("[\n")
	return p, err
}

func (p *partWriter) record(r db.Record) error {
	if !p.first {
		if _, err := p.out.WriteString(","); err != nil {
			return err
		}
	}
	p.first = false
	return p.enc.Encode(r) // Encode ends the line
}

func (p *partWriter) close() (Part, error) {
	if _, err := p.out.WriteString("]\n"); err != nil {
		return Part{}, err
	}
	if err := p.out.Flush(); err != nil {
		return Part{}, err
	}
	return Part{Name: p.name, Size: p.hash.size, SHA256: hex.EncodeToString(p.hash.h.Sum(nil))}, nil
}

// fileError says in the users' words why the package could not be written.
func fileError(path string, err error) error {
	var ue *db.UserError
	if errors.As(err, &ue) || errors.Is(err, context.Canceled) {
		return err
	}
	switch {
	case errors.Is(err, os.ErrPermission):
		return db.Fail(err, "No permission to write in the folder of %s.", path)
	case isDiskFull(err):
		return db.Fail(err, "The disk is full: the package %s could not be written. Any old file is untouched.", path)
	case errors.Is(err, os.ErrNotExist):
		return db.Fail(err, "The folder for %s does not exist.", path)
	}
	return db.Fail(err, "The package %s could not be written: %v", path, err)
}

// deflaters keeps compressors between parts and packages: each holds
// about a megabyte of tables, which small packages would otherwise pay for
// in every part.
var deflaters sync.Pool

type pooledWriter struct{ *flate.Writer }

func (p pooledWriter) Close() error {
	err := p.Writer.Close()
	deflaters.Put(p.Writer)
	return err
}

func pooledDeflate(out io.Writer) (io.WriteCloser, error) {
	if w, ok := deflaters.Get().(*flate.Writer); ok {
		w.Reset(out)
		return pooledWriter{w}, nil
	}
	w, err := flate.NewWriter(out, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	return pooledWriter{w}, nil
}
