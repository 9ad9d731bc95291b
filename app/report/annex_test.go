package report

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"giamsat/db"
)

// Exported with the Word report, the workbook is its annex: titled so,
// and without the recipients and signature, which the report carries.
// Exported alone (TestSampleWorkbookFigures), it keeps them.
func TestAnnexHasNoSignature(t *testing.T) {
	s := sampleStore(t)
	d, err := s.ResolveDelegation(context.Background(), "03")
	if err != nil {
		t.Fatal(err)
	}
	for _, annex := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "phụ lục.xlsx")
		if _, err := Export(context.Background(), s, path, Options{Filter: db.TotalsFilter{DelegationID: d.ID}, Lang: "vi", Today: today, Annex: annex}); err != nil {
			t.Fatal(err)
		}
		f := open(t, path)
		rows, err := f.GetRows("Tổng hợp")
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, r := range rows {
			all.WriteString(strings.Join(r, "|") + "\n")
		}
		got := all.String()
		if !strings.Contains(got, "PHỤ LỤC") || !strings.Contains(got, "(Kèm theo Báo cáo số 12-BC/ĐGS ngày "+today.String()) {
			t.Errorf("annex %v: not titled as the report's annex", annex)
		}
		for _, sign := range []string{"T/M ĐOÀN GIÁM SÁT", "Nơi nhận:"} {
			if strings.Contains(got, sign) == annex {
				t.Errorf("annex %v: %q there: %v", annex, sign, strings.Contains(got, sign))
			}
		}
	}
}
