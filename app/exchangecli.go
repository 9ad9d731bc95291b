package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"giamsat/app/exchange"
	"giamsat/db"
)

// readPassphrase reads the passphrase of -passphrase-file: its first line.
func readPassphrase(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", &db.UserError{VI: "Không đọc được tệp mật khẩu " + path + ": " + err.Error(),
			EN: "Cannot read the passphrase file " + path + ": " + err.Error(), Err: err}
	}
	pass, _, _ := strings.Cut(string(b), "\n")
	pass = strings.TrimRight(pass, "\r")
	if pass == "" {
		return "", &db.UserError{VI: "Tệp mật khẩu " + path + " rỗng.", EN: "The passphrase file " + path + " is empty."}
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
		return nil, &db.UserError{VI: fmt.Sprintf("Không có xã nào tên %q trong cơ sở dữ liệu.", name),
			EN: fmt.Sprintf("There is no commune named %q in the database.", name)}
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return nil, &db.UserError{VI: fmt.Sprintf("Có nhiều xã khớp với %q: %s. Hãy ghi đủ tên.", name, strings.Join(names, ", ")),
		EN: fmt.Sprintf("Several communes match %q: %s. Type the whole name.", name, strings.Join(names, ", "))}
}

// packageOptions turns the command line into what a package holds.
func packageOptions(ctx context.Context, store *db.Store, o Options) (exchange.Options, error) {
	opt := exchange.Options{Recipient: o.Recipient, OnlyChanges: o.ChangesOnly, ProgramVersion: o.ProgramVersion}
	if o.Delegation != "" {
		d, err := store.DelegationByNumber(ctx, o.Delegation)
		if errors.Is(err, db.ErrNotFound) {
			return opt, &db.UserError{VI: fmt.Sprintf("Không có đoàn giám sát số %s trong cơ sở dữ liệu.", o.Delegation),
				EN: fmt.Sprintf("There is no delegation number %s in the database.", o.Delegation)}
		}
		if err != nil {
			return opt, err
		}
		opt.Selection.DelegationID, opt.Delegation = d.ID, d.Number
	}
	if o.Commune != "" {
		c, err := findCommune(ctx, store, o.Commune)
		if err != nil {
			return opt, err
		}
		opt.Selection.CommuneID, opt.Commune = c.ID, c.Name
	}
	pass, err := readPassphrase(o.PassphraseFile)
	if err == nil && pass != "" && len([]rune(strings.TrimSpace(pass))) < 8 {
		err = &db.UserError{VI: "Mật khẩu cần ít nhất 8 ký tự (không kể dấu cách ở đầu, cuối).",
			EN: "A passphrase needs at least 8 characters (not counting spaces at either end)."}
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
		if lang == "en" {
			fmt.Fprintln(stdout, "The database can only be read: the package is not noted in its log of packages sent.")
		} else {
			fmt.Fprintln(stdout, "Cơ sở dữ liệu chỉ đọc được: gói không được ghi vào nhật ký gửi.")
		}
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
	if lang == "en" {
		s := fmt.Sprintf("Package %s made (%s)", made.Path, size)
		if made.Encrypted {
			s += ", encrypted: the recipient needs the passphrase"
		}
		return s
	}
	s := fmt.Sprintf("Đã tạo gói dữ liệu %s (%s)", made.Path, size)
	if made.Encrypted {
		s += ", đã mã hóa: người nhận cần mật khẩu"
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
	switch o.Conflicts {
	case "", "newer":
	case "mine", "theirs":
		for _, c := range plan.Conflicts {
			c.SetAll(o.Conflicts == "theirs")
		}
	default:
		return fail(&db.UserError{VI: "-conflicts nhận newer, mine hoặc theirs, không phải " + o.Conflicts,
			EN: "-conflicts takes newer, mine or theirs, not " + o.Conflicts})
	}
	from := describeSender(pkg.Manifest, lang)
	if o.DryRun {
		fmt.Fprintf(stdout, "%s\n%s", from, plan.Report(lang))
		if lang == "en" {
			fmt.Fprintln(stdout, "Dry run: nothing was written.")
		} else {
			fmt.Fprintln(stdout, "Chạy thử: chưa ghi gì vào cơ sở dữ liệu.")
		}
		return 0
	}
	if err := plan.Apply(ctx, store, o.Import, nil); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "%s\n%s", from, plan.Report(lang))
	if lang == "en" {
		fmt.Fprintf(stdout, "Received: %d records written.\n", plan.Changes())
	} else {
		fmt.Fprintf(stdout, "Đã nhận: ghi %d bản ghi.\n", plan.Changes())
	}
	return 0
}

// describeSender says where a package comes from and what it holds.
func describeSender(m exchange.Manifest, lang string) string {
	tr := func(vi, en string) string {
		if lang == "en" {
			return en
		}
		return vi
	}
	var what []string
	if m.Delegation != nil && m.Delegation.Label != "" {
		what = append(what, tr("Đoàn giám sát số ", "Delegation No. ")+m.Delegation.Label)
	}
	if m.Commune != nil && m.Commune.Label != "" {
		what = append(what, m.Commune.Label)
	}
	if len(what) == 0 {
		what = append(what, tr("mọi đoàn giám sát và mọi xã", "every delegation and commune"))
	}
	const layout = "02/01/2006 15:04"
	s := fmt.Sprintf(tr("Gói dữ liệu từ %s, tạo lúc %s: %s", "Package from %s, made %s: %s"),
		m.DatabaseName, m.CreatedAt.Local().Format(layout), strings.Join(what, ", "))
	if m.ChangedSince != nil {
		s += tr(", chỉ những gì thay đổi từ ", ", only what changed since ") + m.ChangedSince.Local().Format(layout)
	}
	return s + "."
}
