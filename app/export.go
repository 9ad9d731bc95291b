package app

import (
	"context"
	"fmt"
	"io"

	"giamsat/app/report"
	"giamsat/db"
)

// exportOptions resolves the delegation number of the command line.
func exportOptions(ctx context.Context, store *db.Store, number, lang string) (report.Options, error) {
	opts := report.Options{Lang: lang}
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
	opts, err := exportOptions(ctx, store, o.Delegation, lang)
	if err != nil {
		return fail(err)
	}
	res, err := report.Export(ctx, store, o.Export, opts)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "Đã xuất %s: %s\nExported %s: %s\n", res.Path, res.Summary("vi"), res.Path, res.Summary("en"))
	return 0
}
