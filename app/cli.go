package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"giamsat/assets/text"
	"giamsat/db"
)

// DefaultDBPath is the database a plain start opens: giamsat.db in the
// user's application data folder (%AppData%\GiamSat on Windows,
// ~/.config/GiamSat on Linux).
func DefaultDBPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "GiamSat", "giamsat.db")
}

// OpenStore opens path, creating its folder when missing.
func OpenStore(path string) (*db.Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, db.Fail(err, "Cannot create the data folder %s: %v", filepath.Dir(path), err)
	}
	return db.Open(path)
}

// RunHeadless does the work of the headless flags, prints what it did and
// returns the exit code.
func RunHeadless(o Options, stdout, stderr io.Writer) int {
	lang := text.Language(o.Lang)
	fail := failer(lang, stderr)
	if o.Generate < 0 {
		return fail(db.Fail(nil, "-generate needs a positive number, not %d", o.Generate))
	}
	path := o.DBPath
	if path == "" {
		path = DefaultDBPath()
	}
	if o.Check {
		return runCheck(path, lang, stdout, fail)
	}
	if o.ServerInit != "" || o.ServerUser != "" {
		return runServer(o, lang, stdout, fail)
	}
	if code, ok := runReadOnly(path, o, lang, stdout, fail); ok {
		return code
	}
	store, err := OpenStore(path)
	if err != nil {
		return fail(err)
	}
	defer store.Close()
	ctx := context.Background()
	if o.Sample || o.Generate > 0 || o.Import != "" || o.Sync {
		// Never write into a damaged file: it would only bury the damage.
		if problems, _ := store.QuickCheck(ctx); problems != nil {
			return fail(db.DamagedError(path, problems))
		}
	}
	if o.Sample {
		if err := runSample(ctx, store, path, lang, stdout); err != nil {
			return fail(err)
		}
	}
	if o.Generate > 0 {
		if err := runGenerate(ctx, store, o.Generate, lang, stdout); err != nil {
			return fail(err)
		}
	}
	if o.Backup != "" {
		if err := store.Backup(ctx, o.Backup); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, text.F("Backed up %s to %s (checked).", path, o.Backup).In(lang))
	}
	if o.Import != "" {
		if code := runImport(ctx, store, o, lang, stdout, fail); code != 0 {
			return code
		}
	}
	if o.Sync {
		if code := runSync(ctx, store, o, lang, stdout, fail); code != 0 {
			return code
		}
	}
	if o.ExportPackage != "" {
		if code := runExportPackage(ctx, store, o, lang, stdout, fail); code != 0 {
			return code
		}
	}
	if o.Export != "" {
		if code := runExport(ctx, store, o, lang, stdout, fail); code != 0 {
			return code
		}
	}
	return runDocuments(ctx, store, o, lang, stdout, fail)
}

// failer returns how the headless run fails: it prints err to stderr in
// lang and returns the exit code 1.
func failer(lang string, stderr io.Writer) func(error) int {
	return func(err error) int {
		prefix := text.Say(lang, "Error:")
		var ue interface{ Message(string) string }
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, prefix, ue.Message(lang))
		} else {
			fmt.Fprintln(stderr, prefix, err)
		}
		return 1
	}
}

// runReadOnly does the work of flags that only read the database, which it
// opens for reading only; ok is false when the flags write too.
func runReadOnly(path string, o Options, lang string, stdout io.Writer, fail func(error) int) (code int, ok bool) {
	if (o.Export != "" || o.Report != "" || o.Notice != "") && !o.Sample && o.Generate == 0 && o.Backup == "" && o.Import == "" && o.ExportPackage == "" {
		// Only reading: no write lock, so it runs beside a save, and from
		// read-only media.
		store, err := db.OpenReadOnly(path)
		if err != nil {
			return fail(err), true
		}
		defer store.Close()
		if o.Export != "" {
			if code := runExport(context.Background(), store, o, lang, stdout, fail); code != 0 {
				return code, true
			}
		}
		return runDocuments(context.Background(), store, o, lang, stdout, fail), true
	}
	if o.Import != "" && o.DryRun && !o.Sample && o.Generate == 0 && o.Backup == "" && o.Export == "" && o.ExportPackage == "" {
		// A dry run writes nothing: not even a new, empty database.
		if _, err := os.Stat(path); err != nil {
			return fail(db.Fail(err, "There is no database %s.", path)), true
		}
		store, err := db.OpenReadOnly(path)
		if err != nil {
			return fail(err), true
		}
		defer store.Close()
		return runImport(context.Background(), store, o, lang, stdout, fail), true
	}
	if o.ExportPackage != "" && !o.Sample && o.Generate == 0 && o.Backup == "" && o.Import == "" && o.Export == "" && !isWritable(path) {
		// A database on read-only media (a CD, a locked USB stick): a whole
		// package is only read from it; a package of changes needs the log
		// of what was sent, which cannot be written there.
		if o.ChangesOnly {
			return fail(db.Fail(nil, "The database %s can only be read (a CD or a write-protected USB stick, say): the log of packages sent cannot be written there, so \"only what changed\" cannot be sent. Send a whole package (without -changes-only), or copy the database to this PC first.", path)), true
		}
		store, err := db.OpenReadOnly(path)
		if err != nil {
			return fail(err), true
		}
		defer store.Close()
		return runExportPackage(context.Background(), store, o, lang, stdout, fail), true
	}
	return 0, false
}

// runSample loads the sample data and says what it added.
func runSample(ctx context.Context, store *db.Store, path, lang string, stdout io.Writer) error {
	rep, err := store.LoadSample(ctx)
	if err != nil {
		return err
	}
	if rep.Added == 0 {
		fmt.Fprintln(stdout, text.F("The sample data is already in %s (%d records); nothing added.", path, rep.Present).In(lang))
	} else {
		fmt.Fprintln(stdout, text.F("Loaded the sample data (Delegation No. 03, the communes of Lũng Nặm and Thông Nông): %d records into %s.", rep.Added, path).In(lang))
	}
	if rep.Retired > 0 {
		fmt.Fprintln(stdout, text.F("Deleted %d records of the earlier sample (common difficulties recorded per commune).", rep.Retired).In(lang))
	}
	return nil
}

// runGenerate adds visits of made-up data and says what it made.
func runGenerate(ctx context.Context, store *db.Store, visits int, lang string, stdout io.Writer) error {
	start := time.Now()
	rep, err := store.Generate(ctx, visits, uint64(time.Now().UnixNano()))
	if err != nil {
		return err
	}
	n := func(n int) string { return db.FormatNumber(float64(n), lang) }
	took := time.Since(start).Round(time.Millisecond)
	fmt.Fprintln(stdout, text.F("Generated %s made-up visits (%s delegations, %s communes, %s records) in %s.",
		n(rep.Visits), n(rep.Delegations), n(rep.Communes), n(rep.Rows), took).In(lang))
	return nil
}

// runCheck checks the database at path without writing to it and prints
// what is wrong; the exit code is 1 when anything is.
func runCheck(path, lang string, stdout io.Writer, fail func(error) int) int {
	problems, err := db.Verify(context.Background(), path)
	if err != nil {
		return fail(err)
	}
	if len(problems) == 0 {
		fmt.Fprintln(stdout, text.F("The database %s has no faults.", path).In(lang))
		return 0
	}
	fmt.Fprintln(stdout, text.F("The database %s is damaged (faults found: %d):", path, len(problems)).In(lang))
	for _, p := range problems {
		fmt.Fprintln(stdout, "  "+p)
	}
	return 1
}

// writable reports whether the database at path, and its folder (where
// SQLite keeps its journal), can be written; a missing file counts as
// writable: it will be made.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return true
	}
	if err != nil {
		return false
	}
	f.Close()
	probe, err := os.CreateTemp(filepath.Dir(path), ".giamsat-probe-*")
	if err != nil {
		return false
	}
	probe.Close()
	os.Remove(probe.Name())
	return true
}

// isWritable is writable, replaced in tests: as root, no permission makes
// a file read-only.
var isWritable = writable
