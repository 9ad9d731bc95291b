package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The buffer of a finished sheet whose rows went to a temporary file is let
// go, and the workbook still holds every row; a sheet kept in memory is left
// alone. If an update of excelize renames the fields, this fails rather than
// the export silently losing the saving.
func TestReleaseBufferKeepsTheRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.NewSheet("big")
	big, err := f.NewStreamWriter("big")
	if err != nil {
		t.Fatal(err)
	}
	small, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("Khó khăn, hạn chế ", 10)
	const rows = 60000 // about 20 MB of XML: more than excelize keeps in memory
	for i := 1; i <= rows; i++ {
		if err := big.SetRow(cellName(1, i), []any{i, line}); err != nil {
			t.Fatal(err)
		}
	}
	if err := big.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := small.SetRow("A1", []any{"một dòng"}); err != nil {
		t.Fatal(err)
	}
	if err := small.Flush(); err != nil {
		t.Fatal(err)
	}
	if b, spilled := streamBuffer(big); b == nil || !spilled || b.Cap() < 1<<24 {
		t.Fatalf("excelize's stream buffer not found as expected (%v, spilled %v)", b, spilled)
	}
	if !releaseBuffer(big) {
		t.Fatal("the buffer of a sheet in a temporary file was not let go")
	}
	if b, _ := streamBuffer(big); b.Cap() != 0 {
		t.Fatalf("%d bytes still held", b.Cap())
	}
	if releaseBuffer(small) {
		t.Fatal("the buffer of a sheet held in memory was let go")
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	got, err := g.GetRows("big")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != rows || got[rows-1][0] != fmt.Sprint(rows) || got[rows-1][1] != line {
		t.Fatalf("%d rows read back, the last %q", len(got), got[len(got)-1])
	}
	if v, _ := g.GetCellValue("Sheet1", "A1"); v != "một dòng" {
		t.Fatalf("the small sheet holds %q", v)
	}
}
