package exchange

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"giamsat/assets/text"
	"giamsat/db"
)

// Package is a package read and checked: its manifest and its records by
// table. Nothing about it has been compared with a database yet.
type Package struct {
	Manifest  Manifest
	Tables    map[string][]db.Record
	Encrypted bool
	// oldCommon are the common difficulties of a package of format 3 or
	// before (noted at a visit) whose visit the package does not hold:
	// Prepare makes them records of the delegation, as the store's
	// migration did, from the visit it holds.
	oldCommon []*db.Difficulty
}

// Records returns the number of records in the package.
func (p *Package) Records() int {
	n := 0
	for _, rs := range p.Tables {
		n += len(rs)
	}
	return n
}

// Read reads and checks the package at path. Whatever is wrong with it comes
// back as a *RefusedError listing the problems; pass is the passphrase of an
// encrypted package.
func Read(ctx context.Context, name, pass string) (*Package, error) {
	f, err := os.Open(name)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, refused(problemf("There is no file %s.", name))
		case errors.Is(err, os.ErrPermission):
			return nil, refused(problemf("No permission to read %s.", name))
		}
		return nil, refused(problemf("Cannot read %s: %v", name, err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, refused(problemf("Cannot read %s: %v", name, err))
	}
	if info.IsDir() {
		return nil, refused(problemf("%s is a folder, not a package.", name))
	}
	return ReadFrom(ctx, f, info.Size(), pass)
}

// ReadFrom reads and checks a package of size bytes from r (see Read).
func ReadFrom(ctx context.Context, r io.ReaderAt, size int64, pass string) (*Package, error) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryLimit))
	return readPackage(ctx, r, size, pass, 0)
}

func notPackage() *RefusedError {
	return refused(problemf("This file is not a Giám sát data package (.giamsat), or it was cut short."))
}

func readPackage(ctx context.Context, r io.ReaderAt, size int64, pass string, depth int) (*Package, error) {
	if size == 0 {
		return nil, refused(problemf("The file is empty (0 bytes): not a package."))
	}
	if size > maxPackageBytes {
		return nil, refused(problemf("The file is too large (%d bytes) to be a package.", size))
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, notPackage()
	}
	entries, problems := checkEntries(zr)
	if len(problems) > 0 {
		return nil, refused(problems...)
	}
	mf, ok := entries[manifestName]
	if !ok {
		return nil, notPackage()
	}
	raw, err := readAll(mf, maxManifest)
	if err != nil {
		return nil, damaged(manifestName, err)
	}
	var m Manifest
	if err := json.Unmarshal(raw, &m); err != nil || m.Format != FormatName {
		return nil, notPackage()
	}
	if m.FormatVersion > FormatVersion || m.FormatVersion < 1 {
		return nil, refused(problemf("The package is in format version %d; this program reads up to version %d: update Giám sát.", m.FormatVersion, FormatVersion))
	}
	if m.Encryption != nil {
		if depth > 0 {
			return nil, notPackage()
		}
		return readSealed(ctx, &m, entries, pass)
	}
	return readPlain(ctx, &m, entries)
}

// checkEntries refuses names that escape, parts it does not know, and
// sizes beyond the limits, before anything is decompressed.
func checkEntries(zr *zip.Reader) (map[string]*zip.File, []Problem) {
	var problems []Problem
	if len(zr.File) > maxEntries {
		return nil, []Problem{problemf("The package has %d parts, too many (at most %d): damaged or unsafe.", len(zr.File), maxEntries)}
	}
	entries := map[string]*zip.File{}
	var total uint64
	for _, f := range zr.File {
		name := f.Name
		clean := path.Clean(name)
		switch {
		case strings.Contains(name, "\\") || strings.HasPrefix(name, "/") || strings.Contains(name, ":") ||
			clean != name || clean == ".." || strings.HasPrefix(clean, "../"):
			problems = append(problems, problemf("An unsafe path in the package (escapes its folder): %q.", name))
			continue
		case !knownPart(name):
			problems = append(problems, problemf("The package has an unknown part: %q.", name))
			continue
		case entries[name] != nil:
			problems = append(problems, problemf("The package has two parts named %q.", name))
			continue
		}
		entries[name] = f
		total += f.UncompressedSize64
		if f.UncompressedSize64 > maxPart || total > maxTotal ||
			(f.UncompressedSize64 > 1<<20 && f.UncompressedSize64 > maxRatio*f.CompressedSize64) {
			problems = append(problems, problemf("The part %q unpacks to too much (%d bytes): an unsafe file (zip bomb).", name, f.UncompressedSize64))
		}
	}
	return entries, problems
}

func knownPart(name string) bool {
	if name == manifestName || name == payloadName {
		return true
	}
	table, ok := strings.CutPrefix(name, recordsDir)
	if !ok {
		return false
	}
	table, ok = strings.CutSuffix(table, ".json")
	return ok && db.NewRecord(table) != nil
}

// readAll reads a whole part, refusing more than limit bytes whatever its
// header says.
func readAll(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errTooLarge
	}
	return b, nil
}

var errTooLarge = errors.New("part larger than allowed")

func damaged(part string, err error) *RefusedError {
	if errors.Is(err, errTooLarge) {
		return refused(problemf("The part %q unpacks to too much: an unsafe file (zip bomb).", part))
	}
	return refused(problemf("The package is damaged or cut short (part %q cannot be read): ask for it again.", part))
}

func readSealed(ctx context.Context, m *Manifest, entries map[string]*zip.File, pass string) (*Package, error) {
	pf, ok := entries[payloadName]
	if !ok || len(m.Parts) != 1 || m.Parts[0].Name != payloadName || len(entries) != 2 {
		return nil, notPackage()
	}
	sealed, err := readAll(pf, maxPayload)
	if err != nil {
		return nil, damaged(payloadName, err)
	}
	sum := sha256.Sum256(sealed)
	if hex.EncodeToString(sum[:]) != m.Parts[0].SHA256 || int64(len(sealed)) != m.Parts[0].Size {
		return nil, refused(problemf("The package is damaged or altered (its SHA-256 does not match): ask for it again."))
	}
	if !safeEncryption(m.Encryption) {
		return nil, refused(problemf("The package is encrypted in a way this program does not open (an unknown algorithm, or a key derivation beyond the limits: at most %d passes, %d MiB of memory, %d threads): altered or unsafe.", maxArgonTime, maxArgonMemory/1024, maxArgonThreads))
	}
	if pass == "" {
		return nil, &RefusedError{Passphrase: true, Problems: []Problem{problemf("The package is encrypted: type its passphrase.")}}
	}
	inner, err := open(m.FormatVersion, m.Encryption, sealed, pass)
	if err != nil {
		return nil, &RefusedError{Passphrase: true, Problems: []Problem{problemf("Wrong passphrase: the package cannot be opened (the file is not damaged).")}}
	}
	p, err := readPackage(ctx, bytes.NewReader(inner), int64(len(inner)), "", 1)
	if err != nil {
		return nil, err
	}
	p.Encrypted = true
	return p, nil
}

func readPlain(ctx context.Context, m *Manifest, entries map[string]*zip.File) (*Package, error) {
	if _, ok := entries[payloadName]; ok {
		return nil, notPackage()
	}
	listed, problems := listedParts(m, entries)
	if len(problems) > 0 {
		return nil, refused(problems...)
	}
	pkg := &Package{Manifest: *m, Tables: map[string][]db.Record{}}
	tables, results := decodeParts(ctx, entries, listed)
	records := 0
	for _, table := range db.SyncedTables() {
		i := slices.Index(tables, table)
		if i < 0 {
			continue
		}
		rs, err := results[i].records, results[i].err
		if err != nil {
			return nil, err
		}
		records += len(rs)
		if records > maxRecords {
			return nil, refused(problemf("The package has too many records (over %d).", maxRecords))
		}
		if n := m.Counts[table]; n != len(rs) {
			problems = append(problems, problemf("The manifest says %d records of %s, the package has %d: altered.", n, tableSaid(table), len(rs)))
		}
		pkg.Tables[table] = rs
	}
	for table, n := range m.Counts {
		if _, ok := entries[recordsDir+table+".json"]; !ok && n != 0 {
			problems = append(problems, problemf("The manifest says %d records of %q that the package lacks.", n, table))
		}
	}
	problems = append(problems, checkRecords(pkg)...)
	shareReferences(pkg)
	if len(problems) > 0 {
		return nil, refused(problems...)
	}
	return pkg, nil
}

// listedParts returns the parts the manifest lists, by name, and what is
// wrong with the list: a part it does not know, one the package lacks, one
// the package has that it does not list.
func listedParts(m *Manifest, entries map[string]*zip.File) (map[string]Part, []Problem) {
	var problems []Problem
	listed := map[string]Part{}
	for _, p := range m.Parts {
		if !knownPart(p.Name) || p.Name == manifestName || p.Name == payloadName {
			problems = append(problems, problemf("The manifest lists an unknown part %q.", p.Name))
			continue
		}
		if entries[p.Name] == nil {
			problems = append(problems, problemf("The package lacks the part %q its manifest lists: cut short or altered.", p.Name))
		}
		listed[p.Name] = p
	}
	for name := range entries {
		if _, ok := listed[name]; !ok && name != manifestName {
			problems = append(problems, problemf("The part %q is not in the package's manifest: altered.", name))
		}
	}
	return listed, problems
}

// partResult is a records part decoded, or why it could not be.
type partResult struct {
	records []db.Record
	err     error
}

// decodeParts decodes the records parts of the package: the tables it
// has, and their records in the same order.
func decodeParts(ctx context.Context, entries map[string]*zip.File, listed map[string]Part) ([]string, []partResult) {
	// The parts are decoded two at a time (the machines this runs on have
	// two cores or more), largest first.
	var tables []string
	for _, table := range db.SyncedTables() {
		if _, ok := entries[recordsDir+table+".json"]; ok {
			tables = append(tables, table)
		}
	}
	slices.SortStableFunc(tables, func(a, b string) int {
		return cmp.Compare(entries[recordsDir+b+".json"].UncompressedSize64, entries[recordsDir+a+".json"].UncompressedSize64)
	})
	results := make([]partResult, len(tables))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(2, runtime.NumCPU()) {
		wg.Go(func() {
			for i := range work {
				name := recordsDir + tables[i] + ".json"
				rs, err := readRecords(ctx, entries[name], listed[name], tables[i], maxRecords)
				results[i] = partResult{rs, err}
			}
		})
	}
	for i := range tables {
		work <- i
	}
	close(work)
	wg.Wait()
	return tables, results
}

// readRecords decodes one records part, checking its size and SHA-256.
func readRecords(ctx context.Context, f *zip.File, want Part, table string, limit int) ([]db.Record, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, damaged(f.Name, err)
	}
	defer rc.Close()
	sum := sha256.New()
	counted := &countReader{r: io.LimitReader(rc, maxPart+1)}
	dec := json.NewDecoder(io.TeeReader(counted, sum))
	altered := func() *RefusedError {
		return refused(problemf("The part %q is damaged or altered (its SHA-256 does not match): ask for it again.", f.Name))
	}
	// failed tells a part that does not decode because it was damaged (its
	// checksum fails too) from one written wrong.
	failed := func(err error) error {
		io.Copy(io.Discard, io.TeeReader(counted, sum))
		if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) || errors.Is(err, io.ErrUnexpectedEOF) {
			return damaged(f.Name, err)
		}
		if counted.n > maxPart {
			return damaged(f.Name, errTooLarge)
		}
		if hex.EncodeToString(sum.Sum(nil)) != want.SHA256 {
			return altered()
		}
		return refused(formProblem(f.Name, err))
	}
	// A field this program does not know would be dropped here and then
	// lost to the next edit: the record is refused as too new instead.
	dec.DisallowUnknownFields()
	tok, err := dec.Token()
	if err != nil {
		return nil, failed(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, failed(&formError{text.F("not a list of records")})
	}
	var out []db.Record
	for dec.More() {
		if len(out) >= limit {
			return nil, refused(problemf("The package has too many records (over %d).", maxRecords))
		}
		if len(out)%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		r := db.NewRecord(table)
		if err := dec.Decode(r); err != nil {
			if field, ok := unknownField(err); ok {
				return nil, refused(problemf("%s #%d has a field %q this program does not know: the package was made by a newer Giám sát. Update Giám sát.", text.F(db.TableLabelKey(table)), len(out)+1, field))
			}
			return nil, failed(&recordError{len(out) + 1, err})
		}
		out = append(out, r)
	}
	if _, err := dec.Token(); err != nil {
		return nil, failed(err)
	}
	// What follows the array must be blank; read it into the checksum.
	rest, err := io.ReadAll(io.MultiReader(dec.Buffered(), io.TeeReader(counted, sum)))
	if err != nil {
		return nil, failed(err)
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return nil, failed(&formError{text.F("there is text after the list of records")})
	}
	if counted.n > maxPart {
		return nil, damaged(f.Name, errTooLarge)
	}
	if hex.EncodeToString(sum.Sum(nil)) != want.SHA256 || counted.n != want.Size {
		return nil, altered()
	}
	return out, nil
}

// unknownField returns the field named in encoding/json's error for a
// field the record type lacks.
func unknownField(err error) (string, bool) {
	const prefix = "json: unknown field "
	msg := err.Error()
	if i := strings.Index(msg, prefix); i >= 0 {
		return strings.Trim(msg[i+len(prefix):], `"`), true
	}
	return "", false
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// formError is what is wrong with the form of a part.
type formError struct{ text.Msg }

func (e *formError) Error() string { return e.In("en") }

// recordError is a record of a part that does not decode.
type recordError struct {
	n   int
	err error
}

func (e *recordError) Error() string { return fmt.Sprintf("record %d: %v", e.n, e.err) }
func (e *recordError) Unwrap() error { return e.err }

// formProblem says in the users' words why a part does not decode: never
// the decoder's own text.
func formProblem(part string, err error) Problem {
	var what Problem
	var fe *formError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &fe):
		what = Problem{fe.Msg}
	case errors.As(err, &se):
		what = problemf("not valid JSON (at byte %d)", se.Offset)
	case errors.As(err, &te) && te.Field != "":
		what = problemf("the field %q holds a value of the wrong kind or out of range", te.Field)
	case strings.Contains(err.Error(), "version"):
		what = problemf("an invalid version")
	default:
		what = problemf("a value cannot be read")
	}
	var re *recordError
	if errors.As(err, &re) {
		what = problemf("record #%d: %s", re.n, what)
	}
	return problemf("The part %q is not in the right form: %s.", part, what)
}

// Assemble makes a package of records that came another way than in a
// file (pulled from the province server, docs/server.md), checked as the
// records of a package read are: Prepare and Apply take it as one read.
func Assemble(m Manifest, tables map[string][]db.Record) (*Package, error) {
	pkg := &Package{Manifest: m, Tables: tables}
	problems := checkRecords(pkg)
	shareReferences(pkg)
	if len(problems) > 0 {
		return nil, refused(problems...)
	}
	return pkg, nil
}
