package app

import (
	"context"
	"fmt"
	"io"

	"giamsat/db"
)

func runExport(ctx context.Context, store *db.Store, o Options, lang string, stdout io.Writer, fail func(error) int) int {
	return fail(fmt.Errorf("export is not available yet"))
}
