package report

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// A conclusion as long as the form accepts prints whole: its row on the
// Findings sheet keeps the whole text in the cell (a table of one row a
// visit) and says in its last column which item of the Full texts sheet
// prints it; there it is split over rows that each fit Excel's 409 pt,
// which together are the text, nothing left out. A text longer than a
// cell holds (characters outside the BMP count twice) is cut in its cell
// with "…" and still printed whole.
func TestLongTextPrintsWhole(t *testing.T) {
	s := sampleStore(t)
	ctx := context.Background()
	sentence := "Đảng ủy xã cần tiếp tục quán triệt sâu rộng nghị quyết đến từng chi bộ, đảng viên và nhân dân. "
	long := strings.Repeat(sentence, db.LongText/len([]rune(sentence)))
	long = strings.TrimSpace(long)
	// 19,997 characters, 33,329 UTF-16 units: more than a cell holds.
	wide := strings.TrimSpace(strings.Repeat("𝓐𝓑 ", db.LongText/3))
	vs, _ := s.Visits(ctx, db.VisitFilter{})
	v, _ := db.Get[db.Visit](ctx, s, vs[0].ID)
	v.Conclusions = long
	if err := s.Save(ctx, v); err != nil {
		t.Fatal(err)
	}
	q := db.Request{VisitID: v.ID, Text: wide, Status: "open"}
	if err := s.Save(ctx, &q); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dài.xlsx")
	res, err := Export(ctx, s, out, Options{Lang: "vi"})
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, out)

	// The Findings row: the text whole, and where it prints whole.
	findings := SheetName("findings", "vi")
	rows, _ := f.GetRows(findings)
	header := rows[0]
	conc, rest := index(header, "Kết luận của Đoàn"), index(header, "Toàn văn")
	if conc < 0 || rest != len(header)-1 {
		t.Fatalf("findings header %q", header)
	}
	found := false
	for r, row := range rows[1:] {
		if len(row) > conc && row[conc] == long {
			found = true
			if row[rest] != "Toàn văn: mục 1" {
				t.Errorf("findings row %d says %q of its full text", r+2, row[rest])
			}
			if h, _ := f.GetRowHeight(findings, r+2); h > excelize.MaxRowHeight {
				t.Errorf("row height %v", h)
			}
		} else if len(row) > rest && row[rest] != "" {
			t.Errorf("findings row %d points at a full text it does not need: %q", r+2, row[rest])
		}
	}
	if !found {
		t.Fatal("the long conclusion is not whole in its cell")
	}

	// The request beyond a cell: cut in its cell, with the mark.
	requests := SheetName("requests", "vi")
	rows, _ = f.GetRows(requests)
	body, rest := index(rows[0], "Nội dung kiến nghị, yêu cầu"), len(rows[0])-1
	cut := false
	for _, row := range rows[1:] {
		if len(row) > body && strings.HasPrefix(row[body], "𝓐𝓑 ") {
			cut = strings.HasSuffix(row[body], "…") && utf16Len(row[body]) <= maxCellText && row[rest] == "Toàn văn: mục 2"
		}
	}
	if !cut {
		t.Error("the request longer than a cell is not cut with its mark")
	}

	// The Full texts sheet: every piece fits a row; the pieces are the texts.
	full := SheetName("fulltexts", "vi")
	if res.Rows(full) == 0 {
		t.Fatalf("no Full texts sheet in %v", res.Sheets)
	}
	rows, _ = f.GetRows(full)
	if got := strings.Join(rows[0], "|"); got != "STT|Trang|Dòng|Cột|Phần|Nội dung" {
		t.Fatalf("full texts header %q", got)
	}
	pieces := map[string][]string{}
	for r, row := range rows[1:] {
		if h, _ := f.GetRowHeight(full, r+2); h > excelize.MaxRowHeight {
			t.Errorf("full texts row %d: %v pt", r+2, h)
		}
		if n := wrappedLines(row[5], fullTextWidth, 12); n > maxRowLines {
			t.Errorf("full texts row %d wraps to %d lines", r+2, n)
		}
		pieces[row[0]] = append(pieces[row[0]], row[5])
	}
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if got := words(strings.Join(pieces["1"], " ")); got != words(long) || len(pieces["1"]) < 2 {
		t.Errorf("item 1 in %d pieces is not the conclusion (%d of %d characters)", len(pieces["1"]), len(got), len(long))
	}
	if got := words(strings.Join(pieces["2"], " ")); got != words(wide) {
		t.Errorf("item 2 is not the request whole (%d of %d bytes)", len(got), len(wide))
	}
	if rows[1][1] != findings || rows[1][3] != "Kết luận của Đoàn" {
		t.Errorf("item 1 names %q, %q", rows[1][1], rows[1][3])
	}
}

func index(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// A workbook whose texts all fit their rows has no Full text column and
// no Full texts sheet.
func TestNoFullTextsWhenAllFit(t *testing.T) {
	path, res := exportSample(t, "vi")
	f := open(t, path)
	for _, name := range f.GetSheetList() {
		if name == SheetName("fulltexts", "vi") {
			t.Fatalf("a Full texts sheet in %v", res.Sheets)
		}
		rows, _ := f.GetRows(name)
		for _, row := range rows {
			if index(row, "Toàn văn") >= 0 {
				t.Fatalf("%s has a Full text column: %q", name, row)
			}
		}
	}
}
