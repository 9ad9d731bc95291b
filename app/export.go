package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"giamsat/app/document"
	"giamsat/app/report"
	"giamsat/assets/text"
	"giamsat/db"
)

// exportOptions resolves the delegation and the signing date of the
// command line.
func exportOptions(ctx context.Context, store *db.Store, number, date, lang string) (report.Options, error) {
	opts := report.Options{Lang: lang}
	if date != "" {
		d, err := db.ParseDate(strings.TrimSpace(date))
		if err != nil || d.IsZero() {
			return opts, db.Fail(err, "-date: %s", db.DateError("Date", date))
		}
		opts.Today = d
	}
	if number == "" {
		return opts, nil
	}
	d, err := store.ResolveDelegation(ctx, number)
	if err != nil {
		return opts, err
	}
	opts.Filter.DelegationID = d.ID
	return opts, nil
}

func runExport(ctx context.Context, store *db.Store, o Options, lang string, stdout io.Writer, fail func(error) int) int {
	opts, err := exportOptions(ctx, store, o.Delegation, o.Date, lang)
	if err != nil {
		return fail(err)
	}
	res, err := report.Export(ctx, store, o.Export, opts)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, text.F("Exported %s: %s", res.Path, res.Summary(lang)).In(lang))
	return 0
}

// runReport drafts the report of the delegation -delegation names (it is
// required: a report is one delegation's) as a Word document.
func runReport(ctx context.Context, store *db.Store, o Options, lang string, stdout io.Writer, fail func(error) int) int {
	if o.Delegation == "" {
		return fail(db.Fail(nil, "-report needs -delegation: a report is one delegation's."))
	}
	opts, err := exportOptions(ctx, store, o.Delegation, o.Date, lang)
	if err != nil {
		return fail(err)
	}
	if err := document.Report(ctx, store, opts.Filter.DelegationID, o.Report, document.Options{Lang: lang, Date: opts.Today}); err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, text.F("Drafted the report %s", o.Report).In(lang))
	return 0
}
