package report

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
	"giamsat/db/dbtest"
)

// worksheetOrder is the order of a worksheet's elements in the schema
// (CT_Worksheet, ECMA-376 part 1).
var worksheetOrder = strings.Fields(`sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr
	sheetProtection protectedRanges scenarios autoFilter sortState dataConsolidate customSheetViews mergeCells
	phoneticPr conditionalFormatting dataValidations hyperlinks printOptions pageMargins pageSetup headerFooter
	rowBreaks colBreaks customProperties cellWatches ignoredErrors smartTags drawing legacyDrawing legacyDrawingHF
	drawingHF picture oleObjects controls webPublishItems tableParts extLst`)

// checkParts checks every worksheet and table of the workbook at path
// against what makes Excel repair a file or other readers see it wrong:
// elements in schema order, columns ascending and not overlapping, the
// declared dimension equal to the used range, unique table column names and
// a table's range as wide as its columns.
func checkParts(t *testing.T, path string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		switch {
		case strings.HasPrefix(f.Name, "xl/worksheets/sheet"):
			checkSheet(t, f)
		case strings.HasPrefix(f.Name, "xl/tables/table"):
			checkTable(t, f)
		}
	}
}

func open1(t *testing.T, f *zip.File) *xml.Decoder {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rc.Close() })
	return xml.NewDecoder(rc)
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func checkSheet(t *testing.T, f *zip.File) {
	t.Helper()
	dec := open1(t, f)
	depth, last := 0, -1
	dimension := ""
	maxRow, maxCol, prevMax := 0, 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 {
				i := indexOf(worksheetOrder, e.Name.Local)
				if i < 0 {
					t.Errorf("%s: unknown element %s", f.Name, e.Name.Local)
				} else if i < last {
					t.Errorf("%s: %s after %s, against the schema's order", f.Name, e.Name.Local, worksheetOrder[last])
				} else {
					last = i
				}
				if e.Name.Local == "dimension" {
					dimension = attr(e, "ref")
				}
			}
			switch e.Name.Local {
			case "col":
				var lo, hi int
				fmt.Sscan(attr(e, "min"), &lo)
				fmt.Sscan(attr(e, "max"), &hi)
				if lo <= prevMax || hi < lo {
					t.Errorf("%s: <col min=%d max=%d> after max %d: not ascending", f.Name, lo, hi, prevMax)
				}
				prevMax = hi
			case "c":
				col, row, err := excelize.CellNameToCoordinates(attr(e, "r"))
				if err == nil {
					maxCol, maxRow = max(maxCol, col), max(maxRow, row)
				}
			case "row":
				var r int
				fmt.Sscan(attr(e, "r"), &r)
				maxRow = max(maxRow, r)
			}
		case xml.EndElement:
			depth--
		}
	}
	want := "A1"
	if maxRow > 0 && maxCol > 0 {
		end, _ := excelize.CoordinatesToCellName(maxCol, maxRow)
		want = "A1:" + end
	}
	if dimension != want {
		t.Errorf("%s: declares <dimension ref=%q>, its cells span %s", f.Name, dimension, want)
	}
}

func checkTable(t *testing.T, f *zip.File) {
	t.Helper()
	dec := open1(t, f)
	ref := ""
	var names []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if e, ok := tok.(xml.StartElement); ok {
			switch e.Name.Local {
			case "table":
				ref = attr(e, "ref")
			case "tableColumn":
				names = append(names, attr(e, "name"))
			}
		}
	}
	seen := map[string]bool{}
	for _, n := range names {
		if k := strings.ToLower(n); seen[k] {
			t.Errorf("%s: two columns named %q", f.Name, n)
		} else {
			seen[k] = true
		}
	}
	parts := strings.Split(ref, ":")
	if len(parts) == 2 {
		c1, _, _ := excelize.CellNameToCoordinates(parts[0])
		c2, _, _ := excelize.CellNameToCoordinates(parts[1])
		if c2-c1+1 != len(names) {
			t.Errorf("%s: ref %s is %d columns wide, the table has %d", f.Name, ref, c2-c1+1, len(names))
		}
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// Every part of the sample's workbook, in both languages, of one delegation
// and of all, and of a larger generated database, keeps the rules.
func TestWorkbookPartsKeepTheRules(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		path, _ := exportSample(t, lang)
		checkParts(t, path)
	}
	s := sampleStore(t)
	all := filepath.Join(t.TempDir(), "all.xlsx")
	if _, err := Export(context.Background(), s, all, Options{Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	checkParts(t, all)
	gen, _ := dbtest.Generated(t, 200)
	big := filepath.Join(t.TempDir(), "generated.xlsx")
	if _, err := Export(context.Background(), gen, big, Options{Lang: "en", Today: today}); err != nil {
		t.Fatal(err)
	}
	checkParts(t, big)
	d, err := gen.Delegations(context.Background())
	if err != nil || len(d) == 0 {
		t.Fatal(err)
	}
	one := filepath.Join(t.TempDir(), "one.xlsx")
	if _, err := Export(context.Background(), gen, one, Options{Lang: "vi", Today: today, Filter: db.TotalsFilter{DelegationID: d[0].ID}}); err != nil {
		t.Fatal(err)
	}
	checkParts(t, one)
}

// The chart of difficulties reads on paper: at most 20 communes, those
// with the most (the table is sorted so), in the table's order, black
// labels, whole-number steps, on a page of its own after a long table.
func TestDifficultyChartReads(t *testing.T) {
	gen, _ := dbtest.Generated(t, 200)
	path := filepath.Join(t.TempDir(), "generated.xlsx")
	if _, err := Export(context.Background(), gen, path, Options{Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	chart := chartXML(t, path)
	for _, want := range []string{`$A$2:$A$21`, `<orientation val="maxMin"`, `<majorUnit val="1"`, `val="000000"`, "20 xã có nhiều khó khăn nhất"} {
		if !strings.Contains(chart, want) {
			t.Errorf("the chart lacks %s", want)
		}
	}
	f := open(t, path)
	rows, _ := f.GetRows("Thống kê khó khăn")
	prev := 1 << 30
	for _, r := range rows[1 : len(rows)-1] {
		var n int
		fmt.Sscan(r[len(r)-1], &n)
		if n > prev {
			t.Fatalf("counts not by most difficulties first: %d after %d", n, prev)
		}
		prev = n
	}
	breaks := false
	for _, sheet := range zipParts(t, path, "xl/worksheets/") {
		breaks = breaks || strings.Contains(sheet, "<rowBreaks")
	}
	if !breaks {
		t.Error("no page break before the chart of a long table")
	}
}

// A delegation without visits yet exports totals of 0, not formulas that
// refer to their own cell (Excel warns of a circular reference).
func TestNoVisitsNoCircularTotals(t *testing.T) {
	s, err := db.Open(filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Save(context.Background(), &db.Delegation{Number: "05", IssuingBody: "Tỉnh ủy Cao Bằng"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.xlsx")
	if _, err := Export(context.Background(), s, path, Options{Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for r := range rows {
			for c := range rows[r] {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, cell)
				if formula != "" && strings.Contains(formula, cell+":"+cell) {
					t.Errorf("%s!%s = %s refers to itself", sheet, cell, formula)
				}
			}
		}
	}
	checkParts(t, path)
}

// zipParts are the parts of the workbook whose names start with prefix.
func zipParts(t *testing.T, path, prefix string) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out []string
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, prefix) {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(b))
		}
	}
	return out
}

// chartXML is the XML of the workbook's chart.
func chartXML(t *testing.T, path string) string {
	t.Helper()
	charts := zipParts(t, path, "xl/charts/chart")
	if len(charts) == 0 {
		t.Fatal("no chart in the workbook")
	}
	return charts[0]
}

func TestListedIn(t *testing.T) {
	for _, c := range []struct {
		ids, id string
		want    bool
	}{
		{"a,b,c", "b", true}, {"a,b,c", "a", true}, {"a,b,c", "c", true},
		{"a,bb,c", "b", false}, {"ab", "a", false}, {"", "a", false}, {"a", "", false},
		{"a,,b", "", false},
	} {
		if got := listedIn(c.ids, c.id); got != c.want {
			t.Errorf("listedIn(%q, %q) = %v", c.ids, c.id, got)
		}
	}
}
