package report

import (
	"archive/zip"
	"context"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// TestRecordsAtEveryLimitExport: no valid record may make the export fail.
// Every text at the longest its validation allows, a key indicator with the
// longest name and unit, a delegation of 40 members with long positions, in
// both languages.
func TestRecordsAtEveryLimitExport(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	long := func(n int) string { return strings.Repeat("ẫ", n) }
	d, _ := s.ResolveDelegation(ctx, "03")
	d.Subject, d.Notes, d.IssuingBody = long(2000), long(db.LongText), long(db.ShortText)
	d.DecisionRef, d.ReportRef = long(db.ShortText), long(100)
	if err := s.Save(ctx, d); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i++ {
		m := db.Member{DelegationID: d.ID, FullName: fmt.Sprintf("%s %d", long(190), i), Role: db.MemberRoles[i%len(db.MemberRoles)].Code, Position: long(db.ShortText * 2)}
		if err := s.Save(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	ind := db.Indicator{Code: strings.Repeat("k", 50), NameVI: long(db.ShortText), NameEN: long(db.ShortText), Unit: "count", UnitLabel: long(50), Key: true}
	if err := s.Save(ctx, &ind); err != nil {
		t.Fatal(err)
	}
	vs, _ := s.Visits(ctx, db.VisitFilter{})
	v, _ := db.Get[db.Visit](ctx, s, vs[0].ID)
	v.Place, v.ChairedBy, v.Attendees = long(db.ShortText), long(db.ShortText), long(2000)
	v.Assessment, v.Conclusions = long(db.LongText), long(db.LongText)
	if err := s.Save(ctx, v); err != nil {
		t.Fatal(err)
	}
	for _, r := range []db.Record{
		&db.IndicatorValue{VisitID: v.ID, IndicatorID: ind.ID, Value: 1e9, Note: long(2000)},
		&db.Difficulty{VisitID: v.ID, Category: db.DifficultyCategories[0].Code, Description: long(db.LongText), Remedy: long(db.LongText), Responsible: long(db.ShortText), Status: "open"},
		&db.Request{VisitID: v.ID, Text: long(db.LongText), Status: "open"},
		&db.Commune{Name: long(200), Kind: "commune", Province: long(200), Code: "0123456789", Notes: long(db.LongText)},
	} {
		if err := s.Save(ctx, r); err != nil {
			t.Fatalf("%T: %v", r, err)
		}
	}
	for _, lang := range []string{"vi", "en"} {
		for _, f := range []db.TotalsFilter{{}, {DelegationID: d.ID}} {
			if _, err := Export(ctx, s, filepath.Join(t.TempDir(), "giới hạn.xlsx"), Options{Lang: lang, Filter: f}); err != nil {
				t.Fatalf("%s, filter %+v: %v", lang, f, err)
			}
		}
	}
}

// TestWorkbookPartsExcelAccepts reads every sheet and table of an export
// where two key indicators share a name (in another case): columns
// ascending and not overlapping, table column names unique without regard
// to case. Excel "repairs" (drops parts of) a workbook that breaks these.
func TestWorkbookPartsExcelAccepts(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	for _, name := range []string{"Tỷ lệ hộ nghèo", "TỶ LỆ HỘ NGHÈO"} {
		ind := db.Indicator{Code: "dup_" + strings.ToLower(name[:3]), NameVI: name, NameEN: "Poor households", Unit: "percent", Key: true}
		if err := s.Save(ctx, &ind); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"vi", "en"} {
		out := filepath.Join(t.TempDir(), "parts.xlsx")
		if _, err := Export(ctx, s, out, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.OpenReader(out)
		if err != nil {
			t.Fatal(err)
		}
		colRE := regexp.MustCompile(`<col [^>]*min="(\d+)" max="(\d+)"`)
		nameRE := regexp.MustCompile(`<tableColumn [^>]*name="([^"]*)"`)
		for _, f := range zr.File {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			switch {
			case strings.HasPrefix(f.Name, "xl/worksheets/sheet"):
				last := 0
				for _, m := range colRE.FindAllStringSubmatch(string(data), -1) {
					lo, _ := strconv.Atoi(m[1])
					hi, _ := strconv.Atoi(m[2])
					if lo <= last || hi < lo {
						t.Fatalf("%s %s: <col min=%d max=%d> after column %d", lang, f.Name, lo, hi, last)
					}
					last = hi
				}
			case strings.HasPrefix(f.Name, "xl/tables/table"):
				seen := map[string]bool{}
				for _, m := range nameRE.FindAllStringSubmatch(string(data), -1) {
					key := strings.ToLower(html.UnescapeString(m[1]))
					if seen[key] {
						t.Fatalf("%s %s: two columns named %q", lang, f.Name, m[1])
					}
					seen[key] = true
				}
			}
		}
		zr.Close()
	}
}

// TestPercentagesAsTyped: a percentage is written as the decimal typed,
// without float noise in the formula bar.
func TestPercentagesAsTyped(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{39.8, "0.398"}, {53.5, "0.535"}, {99.16, "0.9916"}, {105, "1.05"}, {0.1, "0.001"}, {100, "1"}} {
		if got := strconv.FormatFloat(percentFraction(c.in), 'f', -1, 64); got != c.want {
			t.Errorf("%v%%: written %s, want %s", c.in, got, c.want)
		}
	}
}

// TestFileProperties: the workbook names its author and time, not the
// library's defaults.
func TestFileProperties(t *testing.T) {
	out := filepath.Join(t.TempDir(), "props.xlsx")
	if _, err := Export(context.Background(), sampleStore(t), out, Options{}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "docProps/core.xml" {
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		core := string(data)
		if strings.Contains(core, "xuri") || strings.Contains(core, "2006-") || !strings.Contains(core, "Tỉnh ủy Cao Bằng") ||
			!strings.Contains(core, "KẾT QUẢ GIÁM SÁT") {
			t.Fatalf("core properties: %s", core)
		}
		return
	}
	t.Fatal("no docProps/core.xml")
}

// TestOverdueKeepsTheStatus: an overdue request keeps its own status (a
// filter by status finds it) and is marked in a column of its own, a
// formula against today's date.
func TestOverdueKeepsTheStatus(t *testing.T) {
	out := filepath.Join(t.TempDir(), "overdue.xlsx")
	later := db.NewDate(2027, 2, 1)
	if _, err := Export(context.Background(), sampleStore(t), out, Options{Today: later}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := SheetName("requests", "vi")
	rows, _ := f.GetRows(sheet)
	header := rows[0]
	statusCol, overdueCol := -1, -1
	for i, h := range header {
		switch h {
		case "Trạng thái":
			statusCol = i
		case "Quá hạn (đến ngày ký)":
			overdueCol = i
		}
	}
	if statusCol < 0 || overdueCol < 0 {
		t.Fatalf("header %q", header)
	}
	for r := 1; r < len(rows); r++ {
		if rows[r][statusCol] == "Quá hạn" {
			t.Fatalf("row %d: the status was replaced by 'Quá hạn'", r+1)
		}
		cell, _ := excelize.CoordinatesToCellName(overdueCol+1, r+1)
		// As of the signing date, written in the file: no formula.
		formula, _ := f.GetCellFormula(sheet, cell)
		if formula != "" || rows[r][overdueCol] != "Quá hạn" {
			t.Fatalf("row %d: overdue %q, formula %q", r+1, rows[r][overdueCol], formula)
		}
	}
}

// TestHeadersBreakBetweenWords: every column is wide enough for the
// longest word of its header, in both languages.
func TestHeadersBreakBetweenWords(t *testing.T) {
	s := sampleStore(t)
	for _, lang := range []string{"vi", "en"} {
		out := filepath.Join(t.TempDir(), "headers.xlsx")
		if _, err := Export(context.Background(), s, out, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, sheet := range f.GetSheetList() {
			if sheet == SheetName("summary", lang) {
				continue // its headers sit under the document's heading, checked by rendering
			}
			if lang == "en" {
				tables, _ := f.GetTables(sheet)
				for _, tb := range tables {
					if strings.ContainsAny(tb.Name, "ĐđơƠ") || strings.Contains(tb.Name, "Nghi") || strings.Contains(tb.Name, "Kho") {
						t.Errorf("an English workbook's table is named %q", tb.Name)
					}
				}
			}
			rows, _ := f.GetRows(sheet)
			for i, h := range rows[0] {
				col, _ := excelize.ColumnNumberToName(i + 1)
				width, _ := f.GetColWidth(sheet, col)
				if w := longestWord(h); width < w {
					t.Errorf("%s %s!%s: %q in a column %.1f wide", lang, sheet, col, h, width)
				}
			}
		}
		f.Close()
	}
}
