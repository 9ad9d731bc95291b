package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"giamsat/app/exchange"
	"giamsat/assets/text"
	"giamsat/db"
)

// readPassphrase reads the passphrase of -passphrase-file: its first line.
func readPassphrase(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", db.Fail(err, "Cannot read the passphrase file %s: %s", path, err.Error())
	}
	pass, _, _ := strings.Cut(string(b), "\n")
	pass = strings.TrimRight(pass, "\r")
	if pass == "" {
		return "", db.Fail(nil, "The passphrase file %s is empty.", path)
	}
	return pass, nil
}

// findCommune finds the commune a user names: by exact name (without case
// or diacritics), else the only one the name matches.
func findCommune(ctx context.Context, store *db.Store, name string) (*db.Commune, error) {
	cs, err := store.Communes(ctx, name)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if db.Fold(cs[i].Name) == db.Fold(name) {
			return &cs[i], nil
		}
	}
	if len(cs) == 1 {
		return &cs[0], nil
	}
	if len(cs) == 0 {
		return nil, db.Fail(nil, "There is no commune named %q in the database.", name)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return nil, db.Fail(nil, "Several communes match %q: %s. Type the whole name.", name, strings.Join(names, ", "))
}

// packageOptions turns the command line into what a package holds.
func packageOptions(ctx context.Context, store *db.Store, o Options) (exchange.Options, error) {
	opt := exchange.Options{Recipient: o.Recipient, OnlyChanges: o.ChangesOnly, ProgramVersion: o.ProgramVersion}
	if o.Delegation != "" {
		d, err := store.ResolveDelegation(ctx, o.Delegation)
		if err != nil {
			return opt, err
		}
		opt.Selection.DelegationID, opt.Delegation = d.ID, d.Label()
	}
	if o.Commune != "" {
		c, err := findCommune(ctx, store, o.Commune)
		if err != nil {
			return opt, err
		}
		opt.Selection.CommuneID, opt.Commune = c.ID, c.Name
	}
	pass, err := readPassphrase(o.PassphraseFile)
	if err == nil {
		err = exchange.CheckPassphrase(pass)
	}
	opt.Passphrase = pass
	return opt, err
}

func runExportPackage(ctx context.Context, store *db.Store, o Options, lang string, stdout io.Writer, fail func(error) int) int {
	opt, err := packageOptions(ctx, store, o)
	if err != nil {
		return fail(err)
	}
	made, err := exchange.Make(ctx, store, o.ExportPackage, opt)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, madeSummary(made, lang))
	if !made.Logged {
		fmt.Fprintln(stdout, text.Say(lang, "The database can only be read: the package is not noted in its log of packages sent."))
	}
	return 0
}

// madeSummary says what a package holds in lang: its headline, then a
// line a table.
func madeSummary(made *exchange.Made, lang string) string {
	return madeHeadline(made, lang) + ":\n" + strings.TrimRight(made.Manifest.Counts.Report(lang, made.Manifest.Deletions), "\n")
}

// madeHeadline says where the package is, how large, and whether encrypted.
func madeHeadline(made *exchange.Made, lang string) string {
	size := fileSize(made.Bytes, lang)
	s := text.F("Package %s made (%s)", made.Path, size).In(lang)
	if made.Encrypted {
		s += text.Say(lang, ", encrypted: the recipient needs the passphrase")
	}
	return s
}

// fileSize says a number of bytes as people read it: KB or MB.
func fileSize(n int64, lang string) string {
	if n < 1<<20 {
		return db.FormatNumber(float64(max(1, (n+1023)/1024)), lang) + " KB"
	}
	mb := float64(n*10/(1<<20)) / 10
	return db.FormatNumber(mb, lang) + " MB"
}

func runImport(ctx context.Context, store *db.Store, o Options, lang string, stdout io.Writer, fail func(error) int) int {
	pass, err := readPassphrase(o.PassphraseFile)
	if err != nil {
		return fail(err)
	}
	pkg, err := exchange.Read(ctx, o.Import, pass)
	if err != nil {
		return fail(err)
	}
	plan, err := exchange.Prepare(ctx, store, pkg)
	if err != nil {
		return fail(err)
	}
	if err := settleConflicts(plan, o.Conflicts); err != nil {
		return fail(err)
	}
	from := describeSender(pkg.Manifest, lang)
	if o.DryRun {
		fmt.Fprintf(stdout, "%s\n%s", from, plan.Report(lang))
		fmt.Fprintln(stdout, text.Say(lang, "Dry run: nothing was written."))
		return 0
	}
	if err := plan.Apply(ctx, store, o.Import, nil); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "%s\n%s", from, plan.Report(lang))
	fmt.Fprintln(stdout, text.F("Received: %d records written.", plan.Changes()).In(lang))
	return 0
}

// settleConflicts answers plan's conflicts as -conflicts says: newer (each
// keeps its pre-chosen answer), mine or theirs.
func settleConflicts(plan *exchange.Plan, how string) error {
	switch how {
	case "", "newer":
	case "mine", "theirs":
		for _, c := range plan.Conflicts {
			c.SetAll(how == "theirs")
		}
	default:
		return db.Fail(nil, "-conflicts takes newer, mine or theirs, not %s", how)
	}
	return nil
}

// describeSender says where a package comes from and what it holds.
func describeSender(m exchange.Manifest, lang string) string {
	say := func(key string, args ...any) string { return text.F(key, args...).In(lang) }
	var what []string
	if m.Delegation != nil && m.Delegation.Label != "" {
		what = append(what, say("Delegation No. ")+m.Delegation.Label)
	}
	if m.Commune != nil && m.Commune.Label != "" {
		what = append(what, m.Commune.Label)
	}
	if len(what) == 0 {
		what = append(what, say("every delegation and commune"))
	}
	s := say("Package from %s, made %s: %s",
		m.DatabaseName, db.FormatMoment(m.CreatedAt), strings.Join(what, ", "))
	if m.ChangedSince != nil {
		s += say(", only what changed since ") + db.FormatMoment(*m.ChangedSince)
	}
	return s + "."
}
