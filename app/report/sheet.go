package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// column is one column of a list sheet.
type column struct {
	title  string
	width  float64
	hidden bool
	// long is a column of text that may be longer than a row prints
	// (fullTextCell): the sheet then has a last column saying where such a
	// text is printed whole.
	long bool
}

// sheet streams one list sheet: an Excel table with a frozen, filterable
// header, print settings, and a totals row when asked.
type sheet struct {
	b     *builder
	name  string
	sw    *excelize.StreamWriter
	cols  []column
	first int // row of the table header
	row   int // next row to write
	rest  int // the column (from 0) saying where a long text is whole; 0: none

	// ops are the stream writer's calls, run in order by a goroutine of
	// their own, so that shaping the next rows goes on beside writing.
	ops     chan func() error
	opsDone chan struct{}
	opsErr  error
	stopped bool

	// footer, when set, writes rows under the table and its totals.
	footer func() error

	// pageHeight is the printed page's height inside its margins, and
	// pageUsed how much of the current page the rows written take (pt),
	// as their heights say: the report keeps a heading with what follows.
	pageHeight, pageUsed float64
}

// defaultRowHeight is a row's height when none is set (pt).
const defaultRowHeight = 15.75

// fits reports whether rows of height h still fit on the current page.
func (s *sheet) fits(h float64) bool { return s.pageUsed+h <= s.pageHeight }

// breakPage starts a new printed page at the next row.
func (s *sheet) breakPage() error {
	cell := cellName(1, s.row)
	s.pageUsed = 0
	return s.do(func() error { return s.sw.InsertPageBreak(cell) })
}

// do queues a call to the stream writer.
func (s *sheet) do(op func() error) error {
	select {
	case s.ops <- op:
		return nil
	case <-s.opsDone: // the writer stopped on an error
		return s.opsErr
	}
}

func (s *sheet) runOps() {
	defer close(s.opsDone)
	for op := range s.ops {
		if err := op(); err != nil {
			s.opsErr = err
			return
		}
	}
}

// stop ends the writer goroutine once its calls are done.
func (s *sheet) stop() {
	if !s.stopped {
		s.stopped = true
		close(s.ops)
		<-s.opsDone
	}
}

// merge merges the cells from a to b.
func (s *sheet) merge(a, b string) error {
	return s.do(func() error { return s.sw.MergeCell(a, b) })
}

// pageSetup prints the sheet on A4 (landscape when wide), fitted to the page
// width, with the margins of Party documents and page numbers in the footer.
// It must run before the stream writer opens the sheet.
func (b *builder) pageSetup(name string, landscape bool, titleRow int) error {
	orientation := "portrait"
	if landscape {
		orientation = "landscape"
	}
	size, one, zero := 9, 1, 0
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	mm := func(v float64) *float64 { v /= 25.4; return &v }
	if err := b.f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Top: mm(20), Bottom: mm(20),
		Left: mm(30), Right: mm(15), Header: mm(8), Footer: mm(8)}); err != nil {
		return err
	}
	// Page numbers as a Party document numbers them: centred in the top
	// margin, none on the first page (the report sheet). A list sheet
	// carries its title and its page numbers in the print header, not in
	// a row above its data.
	hf := &excelize.HeaderFooterOptions{DifferentFirst: true, OddHeader: `&C&"Times New Roman"&13&P`}
	if titleRow <= maxFrozenRows {
		title := strings.ReplaceAll(name, "&", "&&")
		if d := b.single(); d != nil {
			title += " – " + strings.ReplaceAll(b.say("Delegation No. %s", b.delegationName(*d)), "&", "&&")
		}
		page := b.say(`&"Times New Roman"&11Page &P of &N`)
		hf = &excelize.HeaderFooterOptions{OddHeader: `&L&"Times New Roman,Bold"&12` + title + `&R` + page}
	}
	if err := b.f.SetHeaderFooter(name, hf); err != nil {
		return err
	}
	if titleRow > maxFrozenRows {
		// The report sheet does not repeat its table's header on later
		// pages: under it come the notes, the indicators reported and the
		// signature, which would stand under a header of other columns.
		return nil
	}
	return b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", name, titleRow, titleRow)})
}

// maxFrozenRows is the most rows a sheet keeps frozen at its top.
const maxFrozenRows = 2

// rows is the number of rows the sheet will have, headings and totals
// included: the sheet declares its used range before its rows are streamed
// (readers that trust the declaration would otherwise see one cell).
func (b *builder) newSheet(name string, cols []column, headerRow int, landscape bool, rows int) (*sheet, error) {
	rest := 0
	if slices.ContainsFunc(cols, func(c column) bool { return c.long }) {
		rest = len(cols)
		cols = append(cols, column{title: b.say("Full text (column)"), width: 13})
	}
	if err := b.pageSetup(name, landscape, headerRow); err != nil {
		return nil, err
	}
	if err := b.f.SetSheetDimension(name, "A1:"+cellName(len(cols), max(rows, 1))); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	b.buffers.lend(sw)
	cols = fitTitles(cols)
	// The stream writer puts each column it is told of before those it
	// knows: told last to first, they come out first to last, as Excel
	// requires (columns out of order make it "repair" the workbook).
	for i := len(cols) - 1; i >= 0; i-- {
		if cols[i].hidden {
			if err := sw.SetColVisible(i+1, i+1, false); err != nil {
				return nil, err
			}
		}
		if err := sw.SetColWidth(i+1, i+1, cols[i].width); err != nil {
			return nil, err
		}
	}
	// A list sheet keeps its header row in sight. The report sheet freezes
	// nothing: its header is the document's heading, a dozen rows that
	// would leave a laptop's screen one row of data.
	if headerRow <= maxFrozenRows {
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: cellName(1, headerRow+1),
			ActivePane: "bottomLeft", Selection: []excelize.Selection{{SQRef: cellName(1, headerRow+1), ActiveCell: cellName(1, headerRow+1), Pane: "bottomLeft"}}}); err != nil {
			return nil, err
		}
	}
	// A4 inside the margins of pageSetup (20 mm top and bottom).
	page := (297.0 - 40) / 25.4 * 72
	if landscape {
		page = (210.0 - 40) / 25.4 * 72
	}
	s := &sheet{b: b, name: name, sw: sw, cols: cols, first: headerRow, row: 1, rest: rest, pageHeight: page,
		ops: make(chan func() error, 512), opsDone: make(chan struct{})}
	go s.runOps()
	b.open = append(b.open, s)
	return s, nil
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

// put writes a row at the next row. A height of 0 is worked out from the
// wrapped text of the row's cells, since spreadsheet programs do not grow a
// row for wrapped text that a program wrote.
func (s *sheet) put(values []any, height float64) error {
	if s.rest > 0 && s.row > s.first {
		values = s.overflow(values)
	}
	if height == 0 && s.row > s.first {
		height = s.textHeight(values)
	}
	// Excel's limit: a row that would need more shows what fits, with the
	// rest in the cell (it wraps, and the formula bar shows all) and, for a
	// long text column, on the Full texts sheet (overflow).
	height = math.Min(height, excelize.MaxRowHeight)
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	if s.b.opts.capture != nil {
		s.b.opts.capture(s.name, append([]any(nil), values...))
	}
	used := height
	if used == 0 {
		used = defaultRowHeight
	}
	if s.pageUsed+used > s.pageHeight {
		s.pageUsed = 0 // the row starts the next page
	}
	s.pageUsed += used
	cell := cellName(1, s.row)
	if err := s.do(func() error { return s.sw.SetRow(cell, values, opts...) }); err != nil {
		return err
	}
	s.row++
	return nil
}

// fitTitles makes the titles unique and each column wide enough for its
// title's longest word: a header wraps between words, never inside one
// ("Delegati|on"); a very long word (a name typed without spaces) still
// wraps.
func fitTitles(cols []column) []column {
	cols = uniqueTitles(cols)
	for i := range cols {
		cols[i].width = math.Max(cols[i].width, math.Min(longestWord(cols[i].title), 40))
	}
	return cols
}

// longestWord is the width, in column units, of the longest word of s in
// the header's bold 12 pt, with a unit to spare.
func longestWord(s string) float64 {
	longest := 0.0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '/' }) {
		longest = max(longest, wordUnits(w, 12, true))
	}
	return longest + 1
}

// uniqueTitles gives columns of the same title (two indicators of one
// name) titles of their own: an Excel table's columns must differ, without
// regard to case, or Excel "repairs" the workbook by dropping the table.
func uniqueTitles(cols []column) []column {
	out := make([]column, len(cols))
	seen := map[string]bool{}
	for i, c := range cols {
		title := c.title
		for n := 2; seen[strings.ToLower(title)]; n++ {
			title = fmt.Sprintf("%s (%d)", c.title, n)
		}
		seen[strings.ToLower(title)] = true
		c.title = title
		out[i] = c
	}
	return out
}

// textHeight estimates the height a data row needs for its wrapped text,
// or 0 when one line is enough.
func (s *sheet) textHeight(values []any) float64 {
	lines := s.lines(values, nil)
	if lines <= 1 {
		return 0
	}
	return math.Min(15.75*float64(lines)+2, excelize.MaxRowHeight)
}

// lines is how many lines the tallest text of a row takes, each in its
// column's width, or, where spanned says a cell spreads over columns (its
// first column, 0-based, to its last, 1-based), in their width together.
func (s *sheet) lines(values []any, spanned map[int]int) int {
	lines := 1
	for i, v := range values {
		c, ok := v.(excelize.Cell)
		if !ok || i >= len(s.cols) {
			continue
		}
		str, ok := c.Value.(string)
		if !ok || str == "" {
			continue
		}
		width := s.cols[i].width
		for j := i + 1; j < spanned[i]; j++ {
			width += s.cols[j].width
		}
		lines = max(lines, wrappedLines(str, width, 12))
	}
	return lines
}

// putSpanned puts a row whose cells at the first column of each span
// (1-based, from, to) spread over the span: merged, and the row as tall as
// its texts need over those widths.
func (s *sheet) putSpanned(values []any, spans ...[2]int) error {
	r := s.row
	spanned := map[int]int{}
	for _, sp := range spans {
		if err := s.merge(cellName(sp[0], r), cellName(sp[1], r)); err != nil {
			return err
		}
		spanned[sp[0]-1] = sp[1]
	}
	return s.put(values, math.Min(15.75*float64(s.lines(values, spanned))+2, excelize.MaxRowHeight))
}

// header writes the table header at the row the panes freeze under.
func (s *sheet) header() error {
	for s.row < s.first {
		if err := s.put(nil, 0); err != nil {
			return err
		}
	}
	vals := make([]any, len(s.cols))
	longest := 0
	for i, c := range s.cols {
		vals[i] = excelize.Cell{StyleID: s.b.st.header, Value: c.title}
		if l := len([]rune(c.title)) / int(math.Max(c.width-1, 4)); l > longest {
			longest = l
		}
	}
	return s.put(vals, float64(16*(longest+1)+6))
}

// finish turns the rows written into an Excel table, adds the totals row
// when given, and flushes the sheet. It returns the number of data rows.
func (s *sheet) finish(table string, totals []any) (int, error) {
	last := s.row - 1
	rows := last - s.first
	if rows > 0 {
		stripes := true
		tbl := &excelize.Table{Range: cellName(1, s.first) + ":" + cellName(len(s.cols), last),
			Name: table, StyleName: "TableStyleLight9", ShowRowStripes: &stripes}
		if err := s.do(func() error { return s.sw.AddTable(tbl) }); err != nil {
			return 0, err
		}
	}
	if totals != nil {
		if err := s.put(totals, 0); err != nil {
			return 0, err
		}
	}
	if s.footer != nil {
		if err := s.footer(); err != nil {
			return 0, err
		}
	}
	s.stop()
	if s.opsErr != nil {
		return 0, s.opsErr
	}
	if err := s.sw.Flush(); err != nil {
		return 0, err
	}
	s.b.buffers.reclaim(s.sw)
	return rows, nil
}

// dataRange is the cells of column col in the data rows, for SUBTOTAL.
func (s *sheet) dataRange(col int) string {
	last := s.row - 1
	if last <= s.first {
		last = s.first + 1
	}
	return fmt.Sprintf("%s%d:%s%d", colName(col), s.first+1, colName(col), last)
}

// subtotal is a totals cell that sums the rows of col a filter leaves
// shown, so that the total follows the user's filter; value is the sum of
// all rows, cached for readers that do not calculate. SUBTOTAL(9, …), not
// 109: Gnumeric computes 109 as #NUM! (TestStoredValuesEqualRecalculation).
func (s *sheet) subtotal(col int, value float64, style int) excelize.Cell {
	if s.row-1 <= s.first { // no data rows: a range would be the total's own cell
		return excelize.Cell{StyleID: style, Value: value}
	}
	return excelize.Cell{StyleID: style, Formula: fmt.Sprintf("SUBTOTAL(9,%s)", s.dataRange(col)), Value: value}
}
