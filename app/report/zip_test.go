package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// Parts of every size around the chunk boundaries, written through
// parallelZip in pieces of odd sizes, read back whole by archive/zip (which
// checks each part's CRC-32 and sizes).
func TestParallelZipRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, 100, zipChunk - 1, zipChunk, zipChunk + 1, 3*zipChunk + zipChunk/2}
	parts := map[string][]byte{}
	var buf bytes.Buffer
	z := newParallelZip(&buf)
	for i, n := range sizes {
		// Sheet XML: compressible, not trivially so.
		var data []byte
		for row := 1; len(data) < n; row++ {
			data = fmt.Appendf(data, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>Khó khăn %d</t></is></c></row>`,
				row, row, rng.IntN(100000), row, rng.IntN(1000))
		}
		data = data[:n]
		name := fmt.Sprintf("xl/worksheets/sheet%d.xml", i)
		parts[name] = data
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		for rest := data; len(rest) > 0; {
			k := min(len(rest), 1+rng.IntN(70000))
			if _, err := w.Write(rest[:k]); err != nil {
				t.Fatal(err)
			}
			rest = rest[k:]
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(sizes) {
		t.Fatalf("%d parts, want %d", len(zr.File), len(sizes))
	}
	for i, f := range zr.File {
		if want := fmt.Sprintf("xl/worksheets/sheet%d.xml", i); f.Name != want {
			t.Errorf("part %d is %s, want %s (in the order written)", i, f.Name, want)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !bytes.Equal(got, parts[f.Name]) {
			t.Errorf("%s: %d bytes read back, %d written, or not the same", f.Name, len(got), len(parts[f.Name]))
		}
		if f.Method != zip.Deflate || (len(got) > 1000 && f.CompressedSize64*2 > f.UncompressedSize64) {
			t.Errorf("%s: method %d, %d bytes for %d", f.Name, f.Method, f.CompressedSize64, f.UncompressedSize64)
		}
	}
}
