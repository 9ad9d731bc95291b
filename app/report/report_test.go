package report

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
	"giamsat/db/dbtest"
)

func sampleStore(t testing.TB) *db.Store {
	t.Helper()
	return dbtest.Sample(t)
}

var today = db.NewDate(2026, time.November, 25)

func exportSample(t *testing.T, lang string) (string, *Result) {
	t.Helper()
	s := sampleStore(t)
	d, err := s.ResolveDelegation(context.Background(), "03")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "Báo cáo Đoàn 03.xlsx")
	res, err := Export(context.Background(), s, path, Options{Filter: db.TotalsFilter{DelegationID: d.ID}, Lang: lang, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	return path, res
}

func open(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// findRow returns the row number whose column col holds text.
func findRow(t *testing.T, f *excelize.File, sheet, col, text string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	idx, _ := excelize.ColumnNameToNumber(col)
	for i, r := range rows {
		if len(r) >= idx && r[idx-1] == text {
			return i + 1
		}
	}
	t.Fatalf("%s: no row with %q in column %s", sheet, text, col)
	return 0
}

// number reads a cell that must be a typed number.
func number(t *testing.T, f *excelize.File, sheet, cell string) float64 {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Fatalf("%s!%s has type %v, want a number", sheet, cell, typ)
	}
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var x float64
	if _, err := fmtSscan(v, &x); err != nil {
		t.Fatalf("%s!%s = %q is not a number", sheet, cell, v)
	}
	return x
}

func TestSampleWorkbookFigures(t *testing.T) {
	path, res := exportSample(t, "vi")
	f := open(t, path)
	wantSheets := []string{"Tổng hợp", "Kết luận", "Hội nghị", "Chỉ tiêu", "Khó khăn", "Thống kê khó khăn", "Kiến nghị"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(wantSheets, "|") {
		t.Fatalf("sheets %v, want %v", got, wantSheets)
	}
	// The delegation's requests to both communes: once, as the
	// difficulties.
	for sheet, rows := range map[string]int{"Tổng hợp": 2, "Kết luận": 2, "Hội nghị": 6, "Chỉ tiêu": 2, "Khó khăn": 4, "Thống kê khó khăn": 1, "Kiến nghị": 4} {
		if got := res.Rows(sheet); got != rows {
			t.Errorf("%s: %d rows reported, want %d", sheet, got, rows)
		}
	}
	if res.Communes != 2 || res.Visits != 2 {
		t.Errorf("result %+v", res)
	}

	// The Party-document header.
	for cell, want := range map[string]string{"A1": "TỈNH ỦY CAO BẰNG", "A2": "ĐOÀN GIÁM SÁT SỐ 03", "A3": "*", "A4": "Số 12-BC/ĐGS", "A6": "PHỤ LỤC",
		"A7": "KẾT QUẢ GIÁM SÁT TẠI CÁC XÃ\n(Kèm theo Báo cáo số 12-BC/ĐGS ngày " + today.String() + " của Đoàn giám sát số 03)"} {
		if got, _ := f.GetCellValue("Tổng hợp", cell); got != want {
			t.Errorf("Tổng hợp!%s = %q, want %q", cell, got, want)
		}
	}
	right := ""
	cols, _ := f.GetCols("Tổng hợp")
	for _, c := range cols {
		if len(c) >= 4 && c[0] == "ĐẢNG CỘNG SẢN VIỆT NAM" {
			right = c[3]
		}
	}
	if right != "Cao Bằng, ngày 25 tháng 11 năm 2026" {
		t.Errorf("place and date %q", right)
	}

	// Summary: a row per commune with its figures, and the totals.
	sum := "Tổng hợp"
	lung := findRow(t, f, sum, "B", "Lũng Nặm")
	thong := findRow(t, f, sum, "B", "Thông Nông")
	total := findRow(t, f, sum, "B", "Tổng cộng")
	// The four difficulties and requests named for both communes: on each
	// commune's row, and once in the total.
	for _, c := range []struct {
		col  string
		row  int
		want float64
	}{
		{"D", lung, 2}, {"E", lung, 122}, {"F", lung, 40}, {"G", lung, 563},
		{"D", thong, 1}, {"E", thong, 110}, {"F", thong, 41}, {"G", thong, 1200}, {"H", thong, 44}, {"I", thong, 2450},
		{"J", lung, 4}, {"J", thong, 4}, {"K", lung, 4}, {"K", thong, 4},
		{"D", total, 3}, {"E", total, 232}, {"F", total, 81}, {"G", total, 1763}, {"H", total, 44}, {"I", total, 2450}, {"J", total, 4}, {"K", total, 4},
	} {
		cell := c.col + itoa(c.row)
		if got := number(t, f, sum, cell); got != c.want {
			t.Errorf("Tổng hợp!%s = %v, want %v", cell, got, c.want)
		}
	}
	// A total of figures given as "more than" is "more than" too.
	if got, _ := f.GetCellValue(sum, "G"+itoa(total)); got != "trên 1,763" && got != "trên 1.763" {
		t.Errorf("total of qualified participants shown as %q", got)
	}
	// "more than 1,200" stays the number 1200, shown with its qualifier.
	if got, _ := f.GetCellValue(sum, "G"+itoa(thong)); got != "trên 1,200" && got != "trên 1.200" {
		t.Errorf("qualified participants shown as %q", got)
	}
	// Every indicator the visits reported, as rows under the table (the
	// page does not widen with the catalogue): name, commune, value.
	figures := map[string]bool{}
	srows, _ := f.GetRows(sum)
	for _, r := range srows[total:] {
		if len(r) > 9 {
			figures[r[1]+" | "+r[3]+" | "+r[len(r)-1]] = true
		}
	}
	for _, want := range []string{
		"Lũng Nặm | Tỷ lệ hộ nghèo và cận nghèo | trên 53%", "Lũng Nặm | Thủ tục hành chính được số hóa | trên 98%",
		"Lũng Nặm | Tiêu chí nông thôn mới đạt được | 8/19", "Thông Nông | Sử dụng dịch vụ công trực tuyến | trên 65%",
		"Thông Nông | Đoàn kiểm tra được thành lập | 5", "Thông Nông | Thu ngân sách so với kế hoạch năm | trên 145%",
	} {
		if !figures[want] {
			t.Errorf("no key figure %q in %v", want, figures)
		}
	}
	if got, _ := f.GetCellValue(sum, "J"+itoa(lung)); got != "4 (4 chung)" {
		t.Errorf("Lũng Nặm's difficulties shown as %q, want 4 (4 chung)", got)
	}
	if formula, _ := f.GetCellFormula(sum, "E"+itoa(total)); !strings.HasPrefix(formula, "SUBTOTAL(9,") {
		t.Errorf("total is %q, want a SUBTOTAL", formula)
	}

	// Sessions: a tidy data sheet, the header and the records only, so
	// that a reader summing a column gets the totals once (4.445
	// participants, not 8.890); the qualifiers are data too: "trên 1.200"
	// is the number 1200 and the word "Trên" in the column beside it.
	ses := "Hội nghị"
	srows, _ = f.GetRows(ses)
	var participants float64
	for i, r := range srows[1:] {
		if len(r) == 0 || r[0] == "Tổng cộng" {
			t.Fatalf("row %d under the sessions' data: %q", i+2, r)
		}
		if r[6] != "" {
			participants += number(t, f, ses, "G"+itoa(i+2))
		}
		if len(r) > 7 && r[0] == "Thông Nông" && r[3] == "Chi bộ, đảng bộ trực thuộc" {
			if number(t, f, ses, "G"+itoa(i+2)) != 1200 || r[7] != "Trên" || r[5] != "" {
				t.Errorf("qualified participants: %q", r)
			}
		}
	}
	if participants != 4445 {
		t.Errorf("the participants column sums to %v, want 4445", participants)
	}
	if header, _ := f.GetRows(ses); len(header) > 0 {
		for _, h := range header[0] {
			if strings.Contains(h, "dự kiến") && strings.Contains(h, "Người dự") {
				t.Errorf("a helper column %q is still in the table", h)
			}
		}
	}

	// Every list sheet: a table, a frozen header, print settings.
	for _, sheet := range wantSheets {
		tables, err := f.GetTables(sheet)
		if err != nil || len(tables) != 1 {
			t.Errorf("%s: tables %v %v", sheet, tables, err)
		}
		// List sheets freeze their header row; the report sheet, whose
		// heading is a dozen rows, freezes nothing.
		panes, err := f.GetPanes(sheet)
		if sheet == sum {
			if err != nil || panes.Freeze {
				t.Errorf("%s: the report sheet freezes %d rows", sheet, panes.YSplit)
			}
		} else if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: panes %+v %v", sheet, panes, err)
		}
		layout, err := f.GetPageLayout(sheet)
		if err != nil || layout.Size == nil || *layout.Size != 9 || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
			t.Errorf("%s: page layout %+v %v", sheet, layout, err)
		}
		// Page numbers in the top margin: none on the report's first
		// page; a list sheet's title beside its own.
		hf, err := f.GetHeaderFooter(sheet)
		switch {
		case err != nil || !strings.Contains(hf.OddHeader, "&P"):
			t.Errorf("%s: header %+v", sheet, hf)
		case sheet == "Tổng hợp" && (!hf.DifferentFirst || strings.Contains(hf.FirstHeader, "&P")):
			t.Errorf("%s: a page number on the first page: %+v", sheet, hf)
		case sheet != "Tổng hợp" && !strings.Contains(hf.OddHeader, sheet+" – Đoàn giám sát số 03"):
			t.Errorf("%s: no title in the header: %+v", sheet, hf)
		}
	}
	names := f.GetDefinedName()
	titles := 0
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" {
			titles++
		}
	}
	// Every list sheet; not the report sheet, under whose table come the
	// notes, the indicators reported and the signature.
	if titles != len(wantSheets)-1 {
		t.Errorf("%d sheets repeat their header rows when printed, want %d", titles, len(wantSheets)-1)
	}
	// Dates are dates.
	if typ, _ := f.GetCellType(sum, "C"+itoa(lung)); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("visit date stored as text")
	}
	if got, _ := f.GetCellValue(sum, "C"+itoa(lung)); got != "18/11/2026" {
		t.Errorf("date shown as %q", got)
	}
	// Times New Roman.
	style, _ := f.GetCellStyle(sum, "B"+itoa(lung))
	st, _ := f.GetStyle(style)
	if st.Font == nil || st.Font.Family != "Times New Roman" {
		t.Errorf("font %+v", st.Font)
	}
	// The chart is drawn on the counts sheet (the sheet refers to its drawing).
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	drawings, charts, lines := 0, 0, 0
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
		if strings.HasPrefix(zf.Name, "xl/drawings/drawing") && !strings.Contains(zf.Name, "_rels") {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			lines += strings.Count(string(b), `prst="line"`)
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if strings.Contains(string(b), "<drawing ") {
				drawings++
			}
		}
	}
	// The difficulty chart, and the line drawn under the Party's name on
	// the report sheet (not an underline, which cuts the dots under Ộ, Ệ).
	if charts != 1 || drawings != 2 || lines != 1 {
		t.Errorf("%d charts, %d sheets with a drawing, %d lines; want 1, 2 and 1", charts, drawings, lines)
	}
}

func TestEnglishHeadings(t *testing.T) {
	path, _ := exportSample(t, "en")
	f := open(t, path)
	if got := f.GetSheetList(); got[0] != "Summary" || got[1] != "Findings" || got[2] != "Sessions" {
		t.Fatalf("sheets %v", got)
	}
	row := findRow(t, f, "Sessions", "A", "Commune")
	if row != 1 {
		t.Fatalf("header row %d", row)
	}
	// The fixed words of the header are in English; what was typed stays
	// as typed.
	rows, _ := f.GetRows("Summary")
	var head string
	for _, r := range rows[:4] {
		head += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(head, "COMMUNIST PARTY OF VIETNAM") || strings.Contains(head, "ĐẢNG CỘNG SẢN") || !strings.Contains(head, "TỈNH ỦY CAO BẰNG") {
		t.Errorf("English header:\n%s", head)
	}
}

func TestHostileTextStaysText(t *testing.T) {
	ctx := context.Background()
	s := sampleStore(t)
	visits, _ := s.Visits(ctx, db.VisitFilter{Query: "thong nong"})
	hostile := []string{"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1:A2)", strings.Repeat("ạ", 20000)}
	for _, h := range hostile {
		if err := s.Save(ctx, &db.Difficulty{VisitID: visits[0].ID, Category: "other", Description: h, Status: "open"}); err != nil {
			t.Fatal(err)
		}
	}
	long := strings.Repeat("Kiến nghị dài. ", 2300) // 34,500 characters: more than a cell holds
	if len([]rune(long)) <= maxCellText {
		t.Fatal("test text too short")
	}
	if err := s.Save(ctx, &db.Request{VisitID: visits[0].ID, Text: long[:19990], Status: "open"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hostile.xlsx")
	if _, err := Export(ctx, s, path, Options{Today: today}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	rows, _ := f.GetRows("Khó khăn")
	found := map[string]bool{}
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if formula, _ := f.GetCellFormula("Khó khăn", cell); formula != "" {
				t.Errorf("%s became a formula: %q", cell, formula)
			}
			found[v] = true
		}
	}
	for _, h := range hostile[:4] {
		if !found[h] {
			t.Errorf("%q not stored as text", h)
		}
	}
	if got := SafeText(long); len([]rune(got)) > maxCellText || !strings.HasSuffix(got, "…") {
		t.Errorf("SafeText kept %d characters", len([]rune(got)))
	}
	if got := SafeText("a\x00b\x1fc\nd"); got != "abc\nd" {
		t.Errorf("SafeText control characters: %q", got)
	}
}

func sum256(t *testing.T, path string) [32]byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestUnwritableTargetsKeepTheOldFile(t *testing.T) {
	ctx := context.Background()
	s := sampleStore(t)
	dir := t.TempDir()

	readOnly := filepath.Join(dir, "chỉ đọc.xlsx")
	os.WriteFile(readOnly, []byte("old report"), 0o444)
	folder := filepath.Join(dir, "thư mục.xlsx")
	os.Mkdir(folder, 0o755)
	long := filepath.Join(dir, strings.Repeat("Báo cáo giám sát ", 14)+".xlsx")
	cases := []struct {
		path string
		want error
	}{
		{readOnly, ErrReadOnly},
		{folder, ErrBadTarget},
		{filepath.Join(dir, "không có", "x.xlsx"), ErrBadTarget},
		{filepath.Join(dir, "report.xls"), ErrBadTarget},
		{long, ErrPathTooLong},
	}
	before := sum256(t, readOnly)
	for _, c := range cases {
		_, err := Export(ctx, s, c.path, Options{Today: today})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", filepath.Base(c.path), err, c.want)
		}
		var ue *db.UserError
		if !errors.As(err, &ue) || ue.Message("vi") == "" || ue.Message("en") == "" {
			t.Errorf("%s: %v is not a message for the user", filepath.Base(c.path), err)
		}
	}
	if sum256(t, readOnly) != before {
		t.Error("the read-only file changed")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".~giamsat") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// A failure while the workbook is being written (here: the export is
// cancelled) leaves the old file as it was and nothing beside it.
func TestFailedExportKeepsOldFile(t *testing.T) {
	s := sampleStore(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "báo cáo.xlsx")
	os.WriteFile(path, []byte("previous export"), 0o644)
	before := sum256(t, path)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Export(ctx, s, path, Options{Today: today}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled export: %v", err)
	}
	if sum256(t, path) != before {
		t.Error("old file changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
	// And a successful export replaces it.
	if _, err := Export(context.Background(), s, path, Options{Today: today}); err != nil {
		t.Fatal(err)
	}
	if sum256(t, path) == before {
		t.Error("old file not replaced")
	}
}

func TestOverdueRequestsStandOut(t *testing.T) {
	s := sampleStore(t)
	path := filepath.Join(t.TempDir(), "r.xlsx")
	later := db.NewDate(2027, time.January, 15)
	if _, err := Export(context.Background(), s, path, Options{Today: later}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	rows, _ := f.GetRows("Kiến nghị")
	overdue := 0
	for _, r := range rows[1:] {
		if r[len(r)-1] == "Quá hạn" {
			overdue++
		}
	}
	if overdue != 4 {
		t.Errorf("%d overdue requests marked, want 4 (common to both communes, once)", overdue)
	}
	// Overdue as of the signing date, in red, written in the file: nothing
	// Excel recomputes (no TODAY()), so opening the file changes nothing.
	if formats, _ := f.GetConditionalFormats("Kiến nghị"); len(formats) != 0 {
		t.Errorf("conditional formats %v", formats)
	}
	style, _ := f.GetCellStyle("Kiến nghị", "G2")
	if st, _ := f.GetStyle(style); len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
		t.Errorf("an overdue request does not stand out: %+v", st.Fill)
	}
}

func TestVerifyCatchesMissingRows(t *testing.T) {
	path, res := exportSample(t, "vi")
	if err := verify(path, res); err != nil {
		t.Fatalf("a good export fails verification: %v", err)
	}
	more := *res
	more.Sheets = append([]SheetCount(nil), res.Sheets...)
	more.Sheets[1].Rows += 5
	if err := verify(path, &more); err == nil {
		t.Error("missing rows not found")
	}
	os.WriteFile(path, []byte("PK\x03\x04 truncated"), 0o644)
	if err := verify(path, res); err == nil {
		t.Error("a broken file passes")
	}
}

// A workbook of every delegation of a database that holds one is that
// delegation's report: its number, report number, subject and members,
// not "the delegations".
func TestAllDelegationsOfAOneDelegationFile(t *testing.T) {
	s := sampleStore(t)
	path := filepath.Join(t.TempDir(), "tất cả.xlsx")
	if _, err := Export(context.Background(), s, path, Options{Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	for cell, want := range map[string]string{"A2": "ĐOÀN GIÁM SÁT SỐ 03", "A4": "Số 12-BC/ĐGS"} {
		if got, _ := f.GetCellValue("Tổng hợp", cell); got != want {
			t.Errorf("Tổng hợp!%s = %q, want %q", cell, got, want)
		}
	}
	rows, _ := f.GetRows("Tổng hợp")
	var all string
	for _, r := range rows {
		all += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"Nội dung giám sát", "Trưởng đoàn"} {
		if !strings.Contains(all, want) {
			t.Errorf("the summary lacks %q", want)
		}
	}
	if strings.Contains(all, "CÁC ĐOÀN GIÁM SÁT") || strings.Contains(all, "Số đoàn giám sát") {
		t.Error("a one-delegation file is reported as several delegations")
	}
}

// The delegation's written findings are in the workbook, as text, with rows
// tall enough for them.
func TestFindingsAreExported(t *testing.T) {
	path, _ := exportSample(t, "vi")
	f := open(t, path)
	s := sampleStore(t)
	vs, _ := s.Visits(context.Background(), db.VisitFilter{})
	for _, vr := range vs {
		v, err := db.Get[db.Visit](context.Background(), s, vr.ID)
		if err != nil {
			t.Fatal(err)
		}
		row := findRow(t, f, "Kết luận", "A", vr.CommuneName)
		// After the commune, its code and the date.
		for col, want := range map[string]string{"B": vr.CommuneCode, "D": v.Place, "E": v.ChairedBy, "F": v.Attendees, "G": v.Assessment, "H": v.Conclusions} {
			if got, _ := f.GetCellValue("Kết luận", fmt.Sprintf("%s%d", col, row)); got != want {
				t.Errorf("%s %s: %q, want %q", vr.CommuneName, col, got, want)
			}
		}
		if h, _ := f.GetRowHeight("Kết luận", row); h < 15.75*float64(len([]rune(v.Conclusions)))/(55*1.15) {
			t.Errorf("%s: row height %.1f too small for the conclusions", vr.CommuneName, h)
		}
	}
}

// The report of one delegation ends with the recipients and the head's
// signature block.
func TestSignatureAndRecipients(t *testing.T) {
	path, _ := exportSample(t, "vi")
	f := open(t, path)
	rows, _ := f.GetRows("Tổng hợp")
	total := findRow(t, f, "Tổng hợp", "B", "Tổng cộng")
	// One row under the totals (and a blank one), so that no page break
	// parts them; its cells hold the lines.
	var left, right []string
	blockRows, note := 0, false
	for _, r := range rows[total:] {
		// The sample's "many" campaigns: a note under the totals says
		// they are left out, before the signature.
		if j := strings.Join(r, ""); blockRows == 0 && !strings.Contains(j, "Nơi nhận") {
			// The notes under the totals, then the indicators reported,
			// come before the signature.
			note = note || strings.Contains(j, "không nêu số lượng")
			continue
		}
		if strings.Join(r, "") != "" {
			blockRows++
		}
		for i, c := range r {
			for _, line := range strings.Split(c, "\n") {
				if line == "" {
					continue
				}
				if i < 4 {
					left = append(left, line)
				} else {
					right = append(right, line)
				}
			}
		}
	}
	if blockRows != 1 {
		t.Errorf("the recipients and signature take %d rows, want 1", blockRows)
	}
	if !note {
		t.Error("no note that the totals leave out the counts given as many")
	}
	wantLeft := []string{"Nơi nhận:", "- Thường trực Tỉnh ủy Cao Bằng (để b/c),", "- Đảng ủy xã Lũng Nặm, Thông Nông,", "- Lưu VT."}
	wantRight := []string{"T/M ĐOÀN GIÁM SÁT", "TRƯỞNG ĐOÀN", "Nông Thanh Tùng"}
	if strings.Join(left, "|") != strings.Join(wantLeft, "|") {
		t.Errorf("recipients %q, want %q", left, wantLeft)
	}
	if strings.Join(right, "|") != strings.Join(wantRight, "|") {
		t.Errorf("signature %q, want %q", right, wantRight)
	}
}

// An indicator with qualified values has its qualifier beside it, as text.
func TestIndicatorQualifierColumn(t *testing.T) {
	path, _ := exportSample(t, "vi")
	f := open(t, path)
	rows, _ := f.GetRows("Chỉ tiêu")
	col := -1
	for i, h := range rows[0] {
		if h == "Tỷ lệ hộ nghèo và cận nghèo: trên, khoảng" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no qualifier column in %q", rows[0])
	}
	lung := findRow(t, f, "Chỉ tiêu", "A", "Lũng Nặm")
	if got := rows[lung-1][col]; got != "Trên" {
		t.Errorf("qualifier of Lũng Nặm's poor households %q, want Trên", got)
	}
	// Said once: the number beside it is shown plain.
	if got := rows[lung-1][col-1]; got != "53%" {
		t.Errorf("the number beside the qualifier shows %q, want 53%%", got)
	}
}

// A workbook of several delegations keeps, for each, a report as complete
// as when it is exported alone: a sheet of its own after the overview.
func TestEachDelegationKeepsItsReport(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	other := &db.Delegation{Number: "04", IssuingBody: "Tỉnh ủy Cao Bằng", Subject: "Giám sát công tác cán bộ",
		PeriodFrom: db.NewDate(2026, time.November, 1), PeriodTo: db.NewDate(2026, time.November, 30)}
	if err := s.Save(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, &db.Member{DelegationID: other.ID, FullName: "Hoàng Văn Minh", Role: "head"}); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Communes(ctx, "Thông Nông")
	if err := s.Save(ctx, &db.Visit{DelegationID: other.ID, CommuneID: cs[0].ID, Date: db.NewDate(2026, time.November, 20)}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hai đoàn.xlsx")
	if _, err := Export(ctx, s, path, Options{Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	if got := f.GetSheetList(); strings.Join(got[:4], "|") != "Tổng hợp|Đoàn 03|Đoàn 04|Kết luận" {
		t.Fatalf("sheets %v", got)
	}
	if got, _ := f.GetCellValue("Tổng hợp", "A2"); got != "CÁC ĐOÀN GIÁM SÁT" {
		t.Errorf("overview header %q", got)
	}
	for sheet, want := range map[string][]string{
		"Đoàn 03": {"ĐOÀN GIÁM SÁT SỐ 03", "Số 12-BC/ĐGS", "Lũng Nặm", "Thông Nông", "Nông Thanh Tùng", "TRƯỞNG ĐOÀN"},
		"Đoàn 04": {"ĐOÀN GIÁM SÁT SỐ 04", "Giám sát công tác cán bộ", "Thông Nông", "Hoàng Văn Minh", "TRƯỞNG ĐOÀN"},
	} {
		rows, _ := f.GetRows(sheet)
		var all string
		for _, r := range rows {
			all += strings.Join(r, "|") + "\n"
		}
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("%s lacks %q", sheet, w)
			}
		}
	}
	rows, _ := f.GetRows("Đoàn 04")
	n := 0
	for _, r := range rows {
		if len(r) > 1 && (r[1] == "Lũng Nặm" || r[1] == "Thông Nông") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("Đoàn 04 lists %d visits, want its 1", n)
	}
	checkParts(t, path)
}

// A difficulty common to a delegation's communes is one row, counted once:
// in the list, in the counts and their chart, on the overview and on the
// delegation's own report.
func TestCommonDifficultiesCountedOnce(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	other := &db.Delegation{Number: "04", IssuingBody: "Tỉnh ủy Cao Bằng", Subject: "Giám sát công tác cán bộ"}
	if err := s.Save(ctx, other); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Communes(ctx, "Thông Nông")
	v := &db.Visit{DelegationID: other.ID, CommuneID: cs[0].ID, Date: db.NewDate(2026, time.November, 20)}
	if err := s.Save(ctx, v); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*db.Difficulty{
		{VisitID: v.ID, Category: "staffing", Description: "Thiếu công chức địa chính", Status: "open"},
		{DelegationID: other.ID, Communes: cs[0].ID, Category: "economy", Description: "Đường giao thông xuống cấp", Status: "open", Scope: "delegation"},
	} {
		if err := s.Save(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "hai đoàn.xlsx")
	if _, err := Export(ctx, s, path, Options{Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	// heading finds a column by its heading: its index and its row's.
	heading := func(rows [][]string, title string) (int, int) {
		for i, r := range rows {
			for j, c := range r {
				if c == title {
					return j, i
				}
			}
		}
		t.Fatalf("no column %q", title)
		return 0, 0
	}
	column := func(rows [][]string, title string) int {
		j, _ := heading(rows, title)
		return j
	}
	// counts returns, by the text in column key, the number in column
	// heading of each row (and of the total row).
	counts := func(sheet, key, title string) map[string]float64 {
		rows, _ := f.GetRows(sheet)
		k, first := heading(rows, key)
		c := column(rows, title)
		out := map[string]float64{}
		for i, r := range rows {
			if i > first && k < len(r) && c < len(r) && r[c] != "" {
				out[r[k]] += number(t, f, sheet, cellName(c+1, i+1))
				if r[k] == "Tổng cộng" {
					break // the indicators reported follow, under the table
				}
			}
		}
		return out
	}
	both := "Chung các xã: Lũng Nặm, Thông Nông"
	// A commune's row counts what applies to it (its own and the common
	// ones); the total counts each once.
	for sheet, want := range map[string]map[string]float64{
		"Tổng hợp": {"Thông Nông": 4 + 2, "Lũng Nặm": 4, "total": 4 + 1 + 1},
		"Đoàn 03":  {"Thông Nông": 4, "Lũng Nặm": 4, "total": 4},
		"Đoàn 04":  {"Thông Nông": 2, "total": 2},
	} {
		got := counts(sheet, "Xã", "Số khó khăn, hạn chế")
		for k, w := range want {
			if k != "total" && got[k] != w {
				t.Errorf("%s: %q counts %v difficulties, want %v (all: %v)", sheet, k, got[k], w, got)
			}
		}
		rows, _ := f.GetRows(sheet)
		sum := want["total"]
		for i, r := range rows {
			if len(r) > 0 && slices.Contains(r, "Tổng cộng") {
				if got := number(t, f, sheet, cellName(column(rows, "Số khó khăn, hạn chế")+1, i+1)); got != sum {
					t.Errorf("%s: total %v difficulties, want %v", sheet, got, sum)
				}
			}
		}
	}
	// The counts are a table and nothing under it: its rows add up to the
	// difficulties, each counted once.
	got := counts("Thống kê khó khăn", "Xã", "Tổng")
	sum := 0.0
	for k, w := range map[string]float64{both + " (đoàn 03)": 4, "Chung các xã: Thông Nông (đoàn 04)": 1, "Thông Nông": 1} {
		if got[k] != w {
			t.Errorf("counts: %q %v, want %v (all: %v)", k, got[k], w, got)
		}
		sum += got[k]
	}
	if len(got) != 3 || sum != 6 {
		t.Errorf("counts: rows %v, want three adding up to 6", got)
	}
	// Each category's bars have a colour of their own.
	chart := chartXML(t, path)
	colours := map[string]bool{}
	for _, ser := range strings.Split(chart, "<ser>")[1:] {
		if i := strings.Index(ser, `<a:srgbClr val="`); i >= 0 {
			colours[ser[i+16:i+22]] = true
		}
	}
	if len(colours) != 5 {
		t.Errorf("the chart's five categories have %d colours of their own: %v", len(colours), colours)
	}
	rows, _ := f.GetRows("Khó khăn")
	scope, commune, date := column(rows, "Phạm vi"), column(rows, "Xã"), column(rows, "Ngày làm việc")
	delegation := column(rows, "Đoàn số")
	common := 0
	ownSeen := map[string]bool{}
	for _, r := range rows[1:] {
		switch r[scope] {
		case "Chung nhiều xã":
			common++
			// Named for its communes (Đoàn 04's names Thông Nông alone),
			// dated by the first visit it concerns, before the communes'
			// own of its delegation.
			named := strings.HasPrefix(r[commune], "Chung các xã: ") || r[delegation] == "04" && r[commune] == "Thông Nông"
			if !named || r[date] == "" || ownSeen[r[delegation]] {
				t.Errorf("a common difficulty listed as %q", r)
			}
		case "Riêng của xã":
			ownSeen[r[delegation]] = true
		default:
			t.Errorf("scope %q", r[scope])
		}
	}
	if len(rows) != 7 || common != 5 {
		t.Errorf("the list has %d rows, %d common; want 6 rows and a heading, 5 common", len(rows), common)
	}
}

// No text is cut on paper: a cell whose text needs more than one line at
// its column's width wraps (merged blocks aside, which have widths of their
// own), in both languages.
func TestLongTextsWrap(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		path, _ := exportSample(t, lang)
		f := open(t, path)
		for _, sheet := range f.GetSheetList() {
			merged, _ := f.GetMergeCells(sheet)
			inMerge := func(cell string) bool {
				c, r, _ := excelize.CellNameToCoordinates(cell)
				for _, m := range merged {
					c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
					c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
					if c >= c1 && c <= c2 && r >= r1 && r <= r2 {
						return true
					}
				}
				return false
			}
			rows, _ := f.GetRows(sheet)
			for i, r := range rows {
				for j, v := range r {
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					if v == "" || inMerge(cell) {
						continue
					}
					if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
						continue
					}
					col, _ := excelize.ColumnNumberToName(j + 1)
					width, _ := f.GetColWidth(sheet, col)
					if wrappedLines(v, width, 12) <= 1 {
						continue
					}
					id, _ := f.GetCellStyle(sheet, cell)
					st, err := f.GetStyle(id)
					if err != nil || st.Alignment == nil || !st.Alignment.WrapText {
						t.Errorf("%s %s!%s: %q needs %d lines at width %.0f and does not wrap", lang, sheet, cell, v, wrappedLines(v, width, 12), width)
					}
				}
			}
		}
	}
}

// A value's note (what a count is of) is in the workbook, in a column
// beside its indicator, only for indicators that have one.
func TestIndicatorNoteColumn(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	vs, _ := s.Visits(ctx, db.VisitFilter{Query: "thong nong"})
	detail, err := s.VisitDetail(ctx, vs[0].ID)
	if err != nil || len(detail.Values) == 0 {
		t.Fatalf("Thông Nông's values: %v", err)
	}
	v := detail.Values[0]
	v.Note = "Tổ kiểm tra đối với chi bộ và bí thư chi bộ"
	if err := s.Save(ctx, &v); err != nil {
		t.Fatal(err)
	}
	var name string
	inds, _ := s.Indicators(ctx)
	for _, ind := range inds {
		if ind.ID == v.IndicatorID {
			name = ind.NameVI
		}
	}
	d, _ := s.ResolveDelegation(ctx, "03")
	path := filepath.Join(t.TempDir(), "b.xlsx")
	if _, err := Export(ctx, s, path, Options{Filter: db.TotalsFilter{DelegationID: d.ID}, Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	rows, _ := f.GetRows("Chỉ tiêu")
	col, notes := -1, 0
	for i, h := range rows[0] {
		if strings.HasSuffix(h, ": ghi chú") {
			notes++
			if h == name+": ghi chú" {
				col = i
			}
		}
	}
	if col < 0 || notes != 1 {
		t.Fatalf("note columns in %q (want one, for %q)", rows[0], name)
	}
	thong := findRow(t, f, "Chỉ tiêu", "A", "Thông Nông")
	if got := rows[thong-1][col]; got != v.Note {
		t.Errorf("Thông Nông's note %q, want %q", got, v.Note)
	}
}

// What the catalogue notes of a commune is beside its visit's findings.
func TestCommuneNotesBesideTheFindings(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	cs, _ := s.Communes(ctx, "Lũng Nặm")
	c := cs[0]
	c.Notes = "Xã vùng cao biên giới"
	if err := s.Save(ctx, &c); err != nil {
		t.Fatal(err)
	}
	d, _ := s.ResolveDelegation(ctx, "03")
	path := filepath.Join(t.TempDir(), "b.xlsx")
	if _, err := Export(ctx, s, path, Options{Filter: db.TotalsFilter{DelegationID: d.ID}, Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	f := open(t, path)
	if h, _ := f.GetCellValue("Kết luận", "D1"); h != "Ghi chú về xã" {
		t.Fatalf("column D is %q", h)
	}
	lung, thong := findRow(t, f, "Kết luận", "A", "Lũng Nặm"), findRow(t, f, "Kết luận", "A", "Thông Nông")
	if got, _ := f.GetCellValue("Kết luận", fmt.Sprintf("D%d", lung)); got != c.Notes {
		t.Errorf("Lũng Nặm's note %q", got)
	}
	if got, _ := f.GetCellValue("Kết luận", fmt.Sprintf("D%d", thong)); got != "" {
		t.Errorf("Thông Nông's note %q", got)
	}
}
