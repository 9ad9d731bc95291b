package report

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"giamsat/db"
)

// secondThree adds to the sample a delegation "03" of the year before,
// with a visit to Lũng Nặm of 4 delegates: numbers restart every year.
func secondThree(t *testing.T, s *db.Store) *db.Delegation {
	t.Helper()
	ctx := context.Background()
	date := func(s string) db.Date {
		d, err := db.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	old := &db.Delegation{Number: "03", IssuingBody: "Tỉnh ủy Cao Bằng", ReportRef: "07-BC/ĐGS", Subject: "Giám sát năm trước",
		PeriodFrom: date("01/10/2025"), PeriodTo: date("31/10/2025")}
	if err := s.Save(ctx, old); err != nil {
		t.Fatal(err)
	}
	communes, _ := s.Communes(ctx, "lung nam")
	v := &db.Visit{DelegationID: old.ID, CommuneID: communes[0].ID, Date: date("15/10/2025"), Place: "Hội trường xã"}
	if err := s.Save(ctx, v); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, &db.Session{VisitID: v.ID, Level: "commune", Held: db.IntPtr(1), Participants: db.IntPtr(4)}); err != nil {
		t.Fatal(err)
	}
	return old
}

// Two delegations "03" of different years are two: each has its report
// sheet with its own header, and the data sheets say which a row is of.
func TestTwoDelegationsOfOneNumber(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	old := secondThree(t, s)
	path := filepath.Join(t.TempDir(), "all.xlsx")
	if _, err := Export(ctx, s, path, Options{Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	sheets := f.GetSheetList()
	for _, want := range []string{"Đoàn 03-2025", "Đoàn 03-2026"} {
		if !slices.Contains(sheets, want) {
			t.Errorf("no sheet %q in %v", want, sheets)
		}
	}
	text := func(sheet string) string {
		rows, _ := f.GetRows(sheet)
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
		return b.String()
	}
	if got := text("Đoàn 03-2025"); !strings.Contains(got, "07-BC/ĐGS") || strings.Contains(got, "12-BC/ĐGS") || strings.Contains(got, "Thông Nông") {
		t.Errorf("the 2025 delegation's sheet holds another's header or visits:\n%s", got)
	}
	if got := text("Đoàn 03-2026"); !strings.Contains(got, "12-BC/ĐGS") || strings.Contains(got, "07-BC/ĐGS") {
		t.Errorf("the 2026 delegation's sheet holds another's header:\n%s", got)
	}
	// The data: a Lũng Nặm row of each, told apart by the delegation's
	// number with its year and its period; the commune by its code.
	rows, _ := f.GetRows("Hội nghị")
	var lung []string
	for _, r := range rows {
		if len(r) > 3 && r[2] == "Lũng Nặm" {
			lung = append(lung, r[0]+" "+r[1]+" "+r[3])
		}
	}
	for _, want := range []string{"03/2025 01/10/2025–31/10/2025 01393", "03/2026 01/11/2026–30/11/2026 01393"} {
		if !slices.Contains(lung, want) {
			t.Errorf("no Lũng Nặm session row %q in %q", want, lung)
		}
	}

	// One of them alone: its visits only, under its own header.
	one := filepath.Join(t.TempDir(), "old.xlsx")
	if _, err := Export(ctx, s, one, Options{Lang: "vi", Today: today, Filter: db.TotalsFilter{DelegationID: old.ID}}); err != nil {
		t.Fatal(err)
	}
	f = open(t, one)
	if got := text(f.GetSheetList()[0]); !strings.Contains(got, "07-BC/ĐGS") || strings.Contains(got, "Thông Nông") || strings.Contains(got, "232") {
		t.Errorf("the 2025 delegation alone:\n%s", got)
	}
}
