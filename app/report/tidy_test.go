package report

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// No formula of any sheet calls a volatile function, so opening and
// closing a workbook changes nothing; the file names the program that
// wrote it.
func TestNoVolatileFunctions(t *testing.T) {
	volatile := regexp.MustCompile(`(?i)\b(OFFSET|INDIRECT|NOW|TODAY|RAND|RANDBETWEEN|CELL|INFO)\(`)
	for lang, f := range twoYearsInBothLanguages(t) {
		formulas := 0
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for r, row := range rows {
				for c := range row {
					cell := cellName(c+1, r+1)
					formula, _ := f.GetCellFormula(sheet, cell)
					if formula != "" {
						formulas++
					}
					if volatile.MatchString(formula) {
						t.Errorf("%s %s!%s: %s", lang, sheet, cell, formula)
					}
				}
			}
		}
		if formulas == 0 {
			t.Fatalf("%s: no formula read: the test reads nothing", lang)
		}
		props, err := f.GetAppProps()
		if err != nil || props.Application != "Giám sát" {
			t.Errorf("%s: the application is %+v (%v)", lang, props, err)
		}
	}
}

// The report's first sheet, for a delegation with the three usual levels,
// fits the width of A4 landscape inside the Party document's margins at
// 100 %: its header prints at 14 pt, not shrunk to fit. (A column of
// width w is 7w+5 pixels at 96 dpi, Calibri's digit being the workbook's
// unit; LibreOffice renders the sample's page at 100 % so, which the
// check of the rendered PDF in docs/benchmarks.md's method confirmed.)
func TestFirstSheetFitsA4At100(t *testing.T) {
	path, _ := exportSample(t, "vi")
	f := open(t, path)
	sheet := f.GetSheetList()[0]
	cols, _ := f.GetCols(sheet)
	px := 0.0
	for i := range cols {
		w, err := f.GetColWidth(sheet, colName(i+1))
		if err != nil {
			t.Fatal(err)
		}
		px += 7*w + 5
	}
	printable := (297.0 - 30 - 15) / 25.4 * 96 // A4 landscape less the left and right margins
	if px > printable {
		t.Errorf("the first sheet is %.0f px wide, A4 landscape holds %.0f at 100 %%", px, printable)
	}
}

// A total never prints as "###": its column is as wide as the figure with
// its qualifier, however large.
func TestTotalsFitTheirColumns(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	vs, _ := s.Visits(ctx, db.VisitFilter{Query: "thong nong"})
	d, err := s.VisitDetail(ctx, vs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, se := range d.Sessions {
		if se.Level == "party_cell" {
			se.Participants = db.IntPtr(12345678) // "trên 12.345.678" with the other commune's
			if err := s.Save(ctx, &se); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "big.xlsx")
	if _, err := Export(ctx, s, path, Options{Lang: "vi", Today: today, Filter: db.TotalsFilter{DelegationID: d.Delegation.ID}}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	total := findRow(t, f, "Tổng hợp", "B", "Tổng cộng")
	shown, _ := f.GetCellValue("Tổng hợp", "G"+itoa(total))
	w, _ := f.GetColWidth("Tổng hợp", "G")
	if shown != "trên 12,346,241" && shown != "trên 12.346.241" || w < 16 {
		t.Errorf("the total %q in a column %.1f wide", shown, w)
	}
}

// Every data sheet is tidy: one Excel table from its first row to its
// last, one header row and the records, nothing under or beside it (a
// reader that sums a column would otherwise add totals in twice). Only the
// report sheets carry totals.
func TestDataSheetsAreTidy(t *testing.T) {
	for lang, f := range twoYearsInBothLanguages(t) {
		data := 0
		for _, key := range []string{"findings", "sessions", "indicators", "difficulties", "diffcounts", "requests"} {
			sheet := SheetName(key, lang)
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			tables, err := f.GetTables(sheet)
			if err != nil || len(tables) != 1 {
				t.Fatalf("%s %s: tables %v (%v)", lang, sheet, tables, err)
			}
			want := "A1:" + cellName(len(rows[0]), len(rows))
			if tables[0].Range != want {
				t.Errorf("%s %s: the table is %s, the sheet's cells %s", lang, sheet, tables[0].Range, want)
			}
			for r, row := range rows {
				if len(row) > len(rows[0]) {
					t.Errorf("%s %s row %d: a cell beside the table", lang, sheet, r+1)
				}
			}
			data++
		}
		if data != 6 {
			t.Fatalf("%d data sheets read", data)
		}
	}
}

// twoYearsInBothLanguages exports the sample with a second delegation "03"
// of another year, in Vietnamese and in English.
func twoYearsInBothLanguages(t *testing.T) map[string]*excelize.File {
	t.Helper()
	s := sampleStore(t)
	secondThree(t, s)
	out := map[string]*excelize.File{}
	for _, lang := range []string{"vi", "en"} {
		path := filepath.Join(t.TempDir(), lang+".xlsx")
		if _, err := Export(context.Background(), s, path, Options{Lang: lang, Today: today}); err != nil {
			t.Fatal(err)
		}
		out[lang] = open(t, path)
	}
	return out
}
