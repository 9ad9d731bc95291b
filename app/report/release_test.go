package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The buffer of a finished sheet whose rows went to a temporary file is
// handed to the next sheet, and the workbook still holds every row of both;
// a small sheet lent a large buffer keeps its rows in one of their size. If
// an update of excelize renames the fields, this fails rather than the
// export silently losing the saving.
func TestBufferPoolKeepsTheRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	var pool bufferPool
	line := strings.Repeat("Khó khăn, hạn chế ", 10)
	const rows = 60000 // about 20 MB of XML: more than excelize keeps in memory
	write := func(name string, n int) *excelize.StreamWriter {
		t.Helper()
		if name != "Sheet1" {
			f.NewSheet(name)
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			t.Fatal(err)
		}
		pool.lend(sw)
		for i := 1; i <= n; i++ {
			if err := sw.SetRow(cellName(1, i), []any{i, name + line}); err != nil {
				t.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			t.Fatal(err)
		}
		return sw
	}
	big := write("big", rows)
	if b, spilled := streamBuffer(big); b == nil || !spilled || b.Cap() < 1<<24 {
		t.Fatalf("excelize's stream buffer not found as expected (%v, spilled %v)", b, spilled)
	}
	if !pool.reclaim(big) {
		t.Fatal("the buffer of a sheet in a temporary file was not taken back")
	}
	if b, _ := streamBuffer(big); b.Cap() != 0 {
		t.Fatalf("%d bytes still held", b.Cap())
	}
	next := write("next", rows)
	if b, _ := streamBuffer(next); b.Cap() == 0 || len(pool.free) != 0 {
		t.Fatal("the next sheet was not lent the buffer")
	}
	pool.reclaim(next)
	small := write("Sheet1", 1)
	if !pool.reclaim(small) {
		t.Fatal("a small sheet kept the large buffer it was lent")
	}
	if b, spilled := streamBuffer(small); spilled || b.Cap() > 1<<16 || b.Len() == 0 {
		t.Fatalf("the small sheet holds %d bytes in a buffer of %d", b.Len(), b.Cap())
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
	for _, name := range []string{"big", "next"} {
		got, err := g.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != rows || got[rows-1][0] != fmt.Sprint(rows) || got[rows-1][1] != name+line || got[0][1] != name+line {
			t.Fatalf("%s: %d rows read back, the last %q", name, len(got), got[len(got)-1])
		}
	}
	if v, _ := g.GetCellValue("Sheet1", "B1"); v != "Sheet1"+line {
		t.Fatalf("the small sheet holds %q", v)
	}
}
