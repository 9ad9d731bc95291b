package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
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
	// With -report, the workbook is the report's annex: titled so, and
	// without a signature block of its own.
	opts.Annex = o.Report != "" && o.Delegation != ""
	res, err := report.Export(ctx, store, o.Export, opts)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintln(stdout, text.F("Exported %s: %s", res.Path, res.Summary(lang)).In(lang))
	return 0
}

// runDocuments drafts the Word documents the command line asks for: the
// report of the delegation -delegation names, the notice of its visit to
// -commune.
func runDocuments(ctx context.Context, store *db.Store, o Options, lang string, stdout io.Writer, fail func(error) int) int {
	if o.Report == "" && o.Notice == "" {
		return 0
	}
	if o.Delegation == "" {
		if o.Report != "" {
			return fail(db.Fail(nil, "-report needs -delegation: a report is one delegation's."))
		}
		return fail(db.Fail(nil, "-notice needs -delegation and -commune: a notice is of one visit."))
	}
	opts, err := exportOptions(ctx, store, o.Delegation, o.Date, lang)
	if err != nil {
		return fail(err)
	}
	doc := document.Options{Lang: lang, Date: opts.Today}
	if o.Report != "" {
		if o.Export != "" {
			doc.Annex = filepath.Base(o.Export)
		}
		if err := document.Report(ctx, store, opts.Filter.DelegationID, o.Report, doc); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, text.F("Drafted the report %s", o.Report).In(lang))
	}
	if o.Notice != "" {
		doc.Annex = ""
		visit, err := noticeVisit(ctx, store, opts.Filter.DelegationID, o)
		if err != nil {
			return fail(err)
		}
		if err := document.Notice(ctx, store, visit, o.Notice, doc); err != nil {
			return fail(err)
		}
		fmt.Fprintln(stdout, text.F("Drafted the notice of conclusions %s", o.Notice).In(lang))
	}
	return 0
}

// noticeVisit is the visit of the delegation to the commune -commune
// names; when the delegation went there more than once, the one on
// -visited, else it refuses and lists the visits.
func noticeVisit(ctx context.Context, store *db.Store, delegationID string, o Options) (string, error) {
	if o.Commune == "" {
		return "", db.Fail(nil, "-notice needs -delegation and -commune: a notice is of one visit.")
	}
	c, err := findCommune(ctx, store, o.Commune)
	if err != nil {
		return "", err
	}
	visits, err := store.Visits(ctx, db.VisitFilter{DelegationID: delegationID, CommuneID: c.ID})
	if err != nil {
		return "", err
	}
	if o.Visited != "" {
		on, err := db.ParseDate(strings.TrimSpace(o.Visited))
		if err != nil || on.IsZero() {
			return "", db.Fail(err, "-visited: %s", db.DateError("Date", o.Visited))
		}
		var same []db.VisitRow
		for _, v := range visits {
			if v.Date == on {
				same = append(same, v)
			}
		}
		if len(same) == 0 {
			return "", db.Fail(nil, "The delegation did not work with %s on %s.", c.Name, on.String())
		}
		visits = same
	}
	switch len(visits) {
	case 0:
		return "", db.Fail(nil, "The delegation has no visit to %s.", c.Name)
	case 1:
		return visits[0].ID, nil
	}
	var dates []string
	for _, v := range visits {
		dates = append(dates, v.Date.String())
	}
	return "", db.Fail(nil, "The delegation worked with %s %d times (%s): choose the visit with -visited and its date.", c.Name, len(visits), strings.Join(dates, ", "))
}
