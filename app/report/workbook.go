// Package report writes the Excel summary of what supervision delegations
// found: a workbook that reads like a Party report when printed and works as
// data when filtered or pivoted. It does not import Fyne, so it is tested and
// benchmarked without a window.
package report

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// Options choose what a workbook covers and how it speaks.
type Options struct {
	Filter db.TotalsFilter // one delegation (or all), optionally a date range
	Lang   string          // "vi" (default) or "en"
	Today  db.Date         // the date in the header and for overdue requests; zero is today
	// Progress, when set, is told how far the export has come (0..1).
	Progress func(float64)

	// capture, when set, is handed every row written (benchmarks replay them).
	capture func(sheet string, row []any)
}

// SheetCount is how many data rows a sheet holds.
type SheetCount struct {
	Sheet string
	Rows  int
}

// Result says what was exported.
type Result struct {
	Path        string
	Delegations int
	Communes    int
	Visits      int
	Sheets      []SheetCount
}

// Rows returns the data rows of the sheet, -1 when it is not there.
func (r *Result) Rows(sheet string) int {
	for _, s := range r.Sheets {
		if s.Sheet == sheet {
			return s.Rows
		}
	}
	return -1
}

// Summary is what the user is told after an export: "1 delegation, 2
// communes, 2 visits; rows per sheet: summary 2, sessions 8, …".
func (r *Result) Summary(lang string) string {
	var parts []string
	for _, s := range r.Sheets {
		name := s.Sheet
		if first, size := utf8.DecodeRuneInString(name); size > 0 {
			name = string(unicode.ToLower(first)) + name[size:]
		}
		parts = append(parts, name+" "+db.FormatNumber(float64(s.Rows), lang))
	}
	n := func(v int, one, other string) string {
		if v != 1 {
			one = other
		}
		return db.FormatNumber(float64(v), lang) + " " + one
	}
	if lang == "en" {
		return fmt.Sprintf("%s, %s, %s; rows per sheet: %s.", n(r.Delegations, "delegation", "delegations"),
			n(r.Communes, "commune", "communes"), n(r.Visits, "visit", "visits"), strings.Join(parts, ", "))
	}
	return fmt.Sprintf("%s, %s, %s; số dòng từng trang: %s.", n(r.Delegations, "đoàn giám sát", "đoàn giám sát"),
		n(r.Communes, "xã", "xã"), n(r.Visits, "buổi làm việc", "buổi làm việc"), strings.Join(parts, ", "))
}

// Sheet names, Vietnamese then English.
var sheetNames = map[string][2]string{
	"summary":      {"Tổng hợp", "Summary"},
	"findings":     {"Kết luận", "Findings"},
	"sessions":     {"Hội nghị", "Sessions"},
	"indicators":   {"Chỉ tiêu", "Indicators"},
	"difficulties": {"Khó khăn", "Difficulties"},
	"diffcounts":   {"Thống kê khó khăn", "Difficulty counts"},
	"requests":     {"Kiến nghị", "Requests"},
}

// SheetName returns the name of a sheet ("summary", "sessions", ...) in lang.
func SheetName(key, lang string) string {
	if lang == "en" {
		return sheetNames[key][1]
	}
	return sheetNames[key][0]
}

type builder struct {
	ctx   context.Context
	store *db.Snapshot // one moment of the database for every query
	opts  Options
	lang  string
	f     *excelize.File
	st    *styles
	res   *Result

	delegations map[string]db.Delegation // by number
	// scope, while a delegation's own report sheet is written, is that
	// delegation.
	scope      *db.Delegation
	visits     []db.VisitRow
	visitIndex map[string]int // visit ID -> position in visits
	indicators []db.Indicator

	// Loaded in the background while earlier sheets are written.
	sessions *loading[db.Session]
	values   *loading[db.IndicatorValue]
	diffs    *loading[db.Difficulty]
	requests *loading[db.Request]
	// loaderDone is closed when the background loader has finished.
	loaderDone chan struct{}
	// ahead bounds how far the loader reads ahead of the sheets: one kind
	// being written and one waiting, so that memory holds two at most.
	ahead chan struct{}

	sum summaryData
	// byDelegation are the positions in visits of each delegation's
	// visits; communeNames the names of every commune, by ID.
	byDelegation map[string][]int
	communeNames map[string]string
	// commonLabels caches commonLabel by delegation ID.
	commonLabels map[string]string

	open []*sheet // sheets being streamed, stopped when the build ends
}

// summaryData is what the summary needs of each visit (by position in
// visits), gathered while the other sheets are written so that their rows
// can be let go.
type summaryData struct {
	levels [][4]levelSum
	keys   []map[string]db.IndicatorValue
	diffs  []int
	open   []int
	// common counts, by delegation ID, the difficulties common to all the
	// delegation's communes (counted once, not at their visit).
	common   map[string]int
	hasOther bool
}

// levelIndex places a session level in summaryData.levels.
var levelIndex = map[string]int{"commune": 0, "party_cell": 1, "mass_org": 2, "other": 3}

// loading is rows a background goroutine reads from the store.
type loading[T any] struct {
	done chan struct{}
	rows []T
	err  error
}

// release lets go of the rows once their sheets are written.
func (b *builder) release(l interface{ drop() }) {
	l.drop()
	<-b.ahead
}

func (l *loading[T]) drop() { l.rows = nil }

func (l *loading[T]) wait(ctx context.Context) ([]T, error) {
	select {
	case <-l.done:
		return l.rows, l.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// startLoading reads the records of every visit in the background, one kind
// after the other in the order the sheets need them, each put in the order
// of the visits.
func (b *builder) startLoading() {
	b.sessions = &loading[db.Session]{done: make(chan struct{})}
	b.values = &loading[db.IndicatorValue]{done: make(chan struct{})}
	b.diffs = &loading[db.Difficulty]{done: make(chan struct{})}
	b.requests = &loading[db.Request]{done: make(chan struct{})}
	b.ahead = make(chan struct{}, 2)
	n := len(b.visits)
	b.sum = summaryData{levels: make([][4]levelSum, n), keys: make([]map[string]db.IndicatorValue, n),
		diffs: make([]int, n), open: make([]int, n), common: map[string]int{}}
	b.byDelegation = map[string][]int{}
	for i, v := range b.visits {
		b.byDelegation[v.DelegationID] = append(b.byDelegation[v.DelegationID], i)
	}
	f := b.opts.Filter
	go func() {
		defer close(b.loaderDone)
		// Requests first: the fewest rows, so the writer starts soonest.
		loadInto(b, b.requests, func() ([]db.Request, error) { return b.store.RequestRows(b.ctx, f) },
			func(r db.Request) (string, int) { return r.VisitID, 0 }, 1)
		// Sessions go by level within a visit; the rest as they were stored.
		loadInto(b, b.sessions, func() ([]db.Session, error) { return b.store.SessionRows(b.ctx, f) },
			func(s db.Session) (string, int) { return s.VisitID, levelIndex[s.Level] }, len(levelIndex))
		loadInto(b, b.values, func() ([]db.IndicatorValue, error) { return b.store.ValueRows(b.ctx, f) },
			func(v db.IndicatorValue) (string, int) { return v.VisitID, 0 }, 1)
		loadInto(b, b.diffs, func() ([]db.Difficulty, error) { return b.store.DifficultyRows(b.ctx, f) },
			func(d db.Difficulty) (string, int) { return b.anchor(d), 0 }, 1)
	}()
}

// loadInto loads rows into l, ordered by the position of their visit, then
// by the sub-rank (0..ranks-1) key gives.
func loadInto[T any](b *builder, l *loading[T], load func() ([]T, error), key func(T) (string, int), ranks int) {
	defer close(l.done)
	select {
	case b.ahead <- struct{}{}:
	case <-b.ctx.Done():
		l.err = b.ctx.Err()
		return
	}
	rows, err := load()
	if err != nil {
		l.err = err
		return
	}
	// Order by visit, keeping the store's order within a visit, and drop rows
	// of visits the list does not show: a counting sort, one look-up a row,
	// done in place (a copy of every row would double the loader's memory).
	pos := make([]int, len(rows))
	buckets := len(b.visits) * ranks
	start := make([]int, buckets+1)
	for i, r := range rows {
		id, sub := key(r)
		p, ok := b.visitIndex[id]
		if !ok {
			p = -1
		} else {
			p = p*ranks + sub
			start[p+1]++
		}
		pos[i] = p
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	// pos becomes where each row goes: the rows kept first, in order, then
	// those dropped.
	kept, dropped := start[buckets], 0
	for i, p := range pos {
		if p >= 0 {
			pos[i] = start[p]
			start[p]++
		} else {
			pos[i] = kept + dropped
			dropped++
		}
	}
	for i := range rows {
		for pos[i] != i {
			j := pos[i]
			rows[i], rows[j] = rows[j], rows[i]
			pos[i], pos[j] = pos[j], pos[i]
		}
	}
	clear(rows[kept:])
	l.rows = rows[:kept]
}

// visit returns the visit a record belongs to.
func (b *builder) visit(id string) *db.VisitRow { return &b.visits[b.visitIndex[id]] }

func (b *builder) tr(vi, en string) string {
	if b.lang == "en" {
		return en
	}
	return vi
}

func (b *builder) progress(p float64) {
	if b.opts.Progress != nil {
		b.opts.Progress(p)
	}
}

// build makes the workbook in memory (rows stream to temporary files).
func build(ctx context.Context, store *db.Store, opts Options) (*excelize.File, *Result, error) {
	lang := opts.Lang
	if lang != "en" {
		lang = "vi"
	}
	if opts.Today.IsZero() {
		opts.Today = db.DateOf(time.Now())
	}
	snap, err := store.Snapshot(ctx)
	if err != nil {
		return nil, nil, err
	}
	f := excelize.NewFile()
	f.SetZipWriter(newParallelZip)
	ctx, cancel := context.WithCancel(ctx)
	b := &builder{ctx: ctx, store: snap, opts: opts, lang: lang, f: f, res: &Result{}, loaderDone: make(chan struct{})}
	defer func() {
		for _, s := range b.open {
			s.stop()
		}
		// The loader stops with the build, before the store can be closed.
		cancel()
		if b.sessions != nil {
			<-b.loaderDone
		}
		snap.Close()
	}()
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	if err := f.SetDefaultFont(fontName); err != nil {
		return nil, nil, err
	}
	st, err := newStyles(f, lang)
	if err != nil {
		return nil, nil, err
	}
	b.st = st
	if err := b.load(); err != nil {
		return nil, nil, err
	}
	if err := b.docProps(); err != nil {
		return nil, nil, err
	}
	// The sheets are made in the order the reader sees them, and written in
	// the order their rows arrive from the store; the summary, which needs
	// every kind, comes last.
	order := []string{"summary", "findings", "sessions", "indicators", "difficulties", "diffcounts", "requests"}
	names := map[string]string{}
	for _, key := range order {
		names[key] = SheetName(key, lang)
	}
	steps := []struct {
		key string
		fn  func(string) (int, error)
	}{
		// The findings first: they are read here, while the loader reads
		// the requests, which come next.
		{"findings", b.findingsSheet},
		{"requests", b.requestsSheet},
		{"sessions", b.sessionsSheet},
		{"indicators", b.indicatorsSheet},
		{"difficulties", b.difficultiesSheet},
		{"diffcounts", b.difficultyCounts},
		{"summary", b.summarySheet},
	}
	// Several delegations: each keeps a report of its own, as complete as
	// when it is exported alone, on a sheet after the overview (up to
	// maxDelegationSheets of them; more are exported one by one).
	if dels := b.reportedDelegations(); len(dels) > 1 && len(dels) <= maxDelegationSheets {
		var extra []string
		for _, d := range dels {
			key := "delegation:" + d.ID
			names[key] = delegationSheetName(d.Number, b.lang, names)
			extra = append(extra, key)
			d := d
			steps = append(steps, struct {
				key string
				fn  func(string) (int, error)
			}{key, func(name string) (int, error) {
				b.scope = &d
				defer func() { b.scope = nil }()
				return b.summarySheet(name)
			}})
		}
		order = append(append(order[:1:1], extra...), order[1:]...)
	}
	for i, key := range order {
		name := names[key]
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return nil, nil, err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return nil, nil, err
		}
	}
	counts := map[string]int{}
	for i, st := range steps {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		name := names[st.key]
		n, err := st.fn(name)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
		counts[st.key] = n
		b.progress(0.1 + 0.6*float64(i+1)/float64(len(steps)))
	}
	for _, key := range order {
		b.res.Sheets = append(b.res.Sheets, SheetCount{names[key], counts[key]})
	}
	ok = true
	return f, b.res, nil
}

// docProps names the workbook's author (the issuing body), title and time,
// where Excel's File > Info shows them.
func (b *builder) docProps() error {
	creator := "Giám sát"
	for _, number := range sortedKeys(b.delegations) {
		if body := b.delegations[number].IssuingBody; body != "" {
			creator = body
			break
		}
	}
	at := time.Now().UTC().Format(time.RFC3339)
	language := "vi-VN"
	if b.lang == "en" {
		language = "en"
	}
	return b.f.SetDocProps(&excelize.DocProperties{
		Creator:        creator,
		LastModifiedBy: "Giám sát",
		Title:          strings.ReplaceAll(b.reportTitle(), "\n", " "),
		Subject:        b.tr("Báo cáo kết quả giám sát", "Supervision report"),
		Created:        at,
		Modified:       at,
		Language:       language,
	})
}

// load reads what several sheets share.
func (b *builder) load() error {
	dels, err := b.store.Delegations(b.ctx)
	if err != nil {
		return err
	}
	b.delegations = map[string]db.Delegation{}
	for _, d := range dels {
		if b.opts.Filter.DelegationID == "" || d.ID == b.opts.Filter.DelegationID {
			b.delegations[d.Number] = d
		}
	}
	if b.opts.Filter.DelegationID != "" && len(b.delegations) == 0 {
		return &db.UserError{
			VI:  "Đoàn giám sát cần xuất không còn trong cơ sở dữ liệu (có thể vừa bị xóa).",
			EN:  "The delegation to export is no longer in the database (it may have just been deleted).",
			Err: db.ErrNotFound,
		}
	}
	if b.visits, err = b.store.VisitsFor(b.ctx, b.opts.Filter); err != nil {
		return err
	}
	b.visitIndex = make(map[string]int, len(b.visits))
	for i, v := range b.visits {
		b.visitIndex[v.ID] = i
	}
	if b.indicators, err = b.store.Indicators(b.ctx); err != nil {
		return err
	}
	// Every commune's name: a common difficulty may name a commune with no
	// visit in the workbook (received from another PC).
	all, err := b.store.Communes(b.ctx, "")
	if err != nil {
		return err
	}
	b.communeNames = make(map[string]string, len(all))
	for _, c := range all {
		b.communeNames[c.ID] = c.Name
	}
	b.startLoading()
	communes := map[string]bool{}
	dcount := map[string]bool{}
	for _, v := range b.visits {
		communes[v.CommuneID] = true
		dcount[v.DelegationID] = true
	}
	b.res.Communes, b.res.Visits, b.res.Delegations = len(communes), len(b.visits), len(dcount)
	b.progress(0.1)
	return nil
}

// allDelegations reports whether the sheet being written covers more than
// one delegation (then every list says which delegation a row belongs to).
// A workbook of every delegation of a database that holds one is that
// delegation's report, with its number, subject, period and members.
func (b *builder) allDelegations() bool { return b.single() == nil }

// single is the one delegation the sheet being written reports on: the
// delegation of a report sheet of its own, or the workbook's only one; nil
// for several.
func (b *builder) single() *db.Delegation {
	if b.scope != nil {
		return b.scope
	}
	if len(b.delegations) == 1 {
		for _, d := range b.delegations {
			return &d
		}
	}
	return nil
}

// maxDelegationSheets is the most delegations that get a report sheet of
// their own in a workbook of several.
const maxDelegationSheets = 30

// reportedDelegations are the delegations with visits in the workbook, by
// number.
func (b *builder) reportedDelegations() []db.Delegation {
	has := map[string]bool{}
	for _, v := range b.visits {
		has[v.DelegationID] = true
	}
	var out []db.Delegation
	for _, k := range sortedKeys(b.delegations) {
		if d := b.delegations[k]; has[d.ID] {
			out = append(out, d)
		}
	}
	return out
}

// delegationSheetName names a delegation's report sheet ("Đoàn 03"), within
// Excel's 31 characters and rules, and apart from the names taken.
func delegationSheetName(number, lang string, taken map[string]string) string {
	base := "Đoàn " + number
	if lang == "en" {
		base = "Delegation " + number
	}
	base = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return '-'
		}
		return r
	}, base)
	if r := []rune(base); len(r) > 28 {
		base = string(r[:28])
	}
	used := map[string]bool{}
	for _, n := range taken {
		used[strings.ToLower(n)] = true
	}
	name := base
	for i := 2; used[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s (%d)", base, i)
	}
	return name
}

// inScope reports whether the visit at position i belongs to the sheet
// being written.
func (b *builder) inScope(i int) bool {
	return b.scope == nil || b.visits[i].DelegationID == b.scope.ID
}

// commonLabel names, in a commune column, the communes a difficulty common
// to a delegation's communes belongs to: those of its visits in the
// workbook, by name when there are few.
func (b *builder) commonLabel(delegationID string) string {
	if label, ok := b.commonLabels[delegationID]; ok {
		return label
	}
	var names []string
	seen := map[string]bool{}
	for _, v := range b.visits {
		if v.DelegationID == delegationID && !seen[v.CommuneID] {
			seen[v.CommuneID] = true
			names = append(names, v.CommuneName)
		}
	}
	label := fmt.Sprintf(b.tr("Chung %d xã của đoàn", "Common to the delegation's %d communes"), len(names))
	if len(names) <= 4 {
		label = b.tr("Chung các xã: ", "Common to: ") + strings.Join(names, ", ")
	}
	if b.commonLabels == nil {
		b.commonLabels = map[string]string{}
	}
	b.commonLabels[delegationID] = label
	return label
}

// commonRows are, for the delegations of the sheet being written in the
// order of their numbers, those with difficulties common to their communes.
func (b *builder) commonRows() []db.Delegation {
	var out []db.Delegation
	for _, d := range b.reportedDelegations() {
		if b.sum.common[d.ID] > 0 && (b.scope == nil || b.scope.ID == d.ID) {
			out = append(out, d)
		}
	}
	return out
}

// column is one column of a list sheet.
type column struct {
	title  string
	width  float64
	hidden bool
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

	// ops are the stream writer's calls, run in order by a goroutine of
	// their own, so that shaping the next rows goes on beside writing.
	ops     chan func() error
	opsDone chan struct{}
	opsErr  error
	stopped bool

	// footer, when set, writes rows under the table and its totals.
	footer func() error
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
	footer := b.tr("&C&\"Times New Roman\"&11Trang &P/&N", "&C&\"Times New Roman\"&11Page &P of &N")
	if err := b.f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: footer}); err != nil {
		return err
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
	cols = uniqueTitles(cols)
	for i := range cols {
		// A header wraps between words, never inside one ("Delegati|on").
		// A very long word (a name typed without spaces) still wraps.
		cols[i].width = math.Max(cols[i].width, math.Min(longestWord(cols[i].title)*1.1+1.5, 40))
	}
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
	s := &sheet{b: b, name: name, sw: sw, cols: cols, first: headerRow, row: 1,
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
	if height == 0 && s.row > s.first {
		height = s.textHeight(values)
	}
	// Excel's limit: a row that would need more shows what fits, with the
	// rest in the cell (it wraps, and the formula bar shows all).
	height = math.Min(height, excelize.MaxRowHeight)
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: height})
	}
	if s.b.opts.capture != nil {
		s.b.opts.capture(s.name, append([]any(nil), values...))
	}
	cell := cellName(1, s.row)
	if err := s.do(func() error { return s.sw.SetRow(cell, values, opts...) }); err != nil {
		return err
	}
	s.row++
	return nil
}

// longestWord is the length, in characters, of the longest word of s.
func longestWord(s string) float64 {
	longest := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '/' }) {
		longest = max(longest, utf8.RuneCountInString(w))
	}
	return float64(longest)
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
	lines := 1.0
	for i, v := range values {
		c, ok := v.(excelize.Cell)
		if !ok || i >= len(s.cols) {
			continue
		}
		str, ok := c.Value.(string)
		if !ok || str == "" {
			continue
		}
		n := float64(wrappedLines(str, s.cols[i].width, 12))
		lines = math.Max(lines, n)
	}
	if lines <= 1 {
		return 0
	}
	return math.Min(15.75*lines+2, excelize.MaxRowHeight)
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
	releaseBuffer(s.sw)
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

// subtotal is a totals cell that sums the visible rows of col, so that the
// total follows the user's filter; value is the sum of all rows, cached for
// readers that do not calculate.
func (s *sheet) subtotal(col int, value float64, style int) excelize.Cell {
	if s.row-1 <= s.first { // no data rows: a range would be the total's own cell
		return excelize.Cell{StyleID: style, Value: value}
	}
	return excelize.Cell{StyleID: style, Formula: fmt.Sprintf("SUBTOTAL(109,%s)", s.dataRange(col)), Value: value}
}

// text is a string cell that can never become a formula or overflow a cell.
func text(s string, style int) excelize.Cell {
	if s == "" {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: SafeText(s)}
}

// maxCellText is what an Excel cell holds.
const maxCellText = 32767

// SafeText returns s as it can be stored in a cell: shortened to what a cell
// holds (ending in "…"), with control characters that XML cannot carry
// removed. The stream writer stores it as a string, never as a formula, so
// text such as "=1+1" or "@SUM(A1)" stays text.
func SafeText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' {
			return -1
		}
		return r
	}, s)
	if len(s) > maxCellText/2 { // quick check in bytes before counting UTF-16 units
		units := 0
		for i, r := range s {
			n := 1
			if r > 0xFFFF {
				n = 2
			}
			if units+n > maxCellText-1 {
				return s[:i] + "…"
			}
			units += n
		}
	}
	return s
}

func dateCell(d db.Date, style int) any {
	if d.IsZero() {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: d.Time()}
}

func intCell(n *int, style int) excelize.Cell {
	if n == nil {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: *n}
}

// percentFraction is p% as a fraction, the double nearest to the decimal
// the user typed moved two places ("39.8" is 0.398, which Excel shows as
// 0.398, not 0.39799999999999997 as 39.8/100 would be).
func percentFraction(p float64) float64 {
	f, err := strconv.ParseFloat(strconv.FormatFloat(p, 'f', -1, 64)+"e-2", 64)
	if err != nil {
		return p / 100
	}
	return f
}

// indicatorCell is a value in the unit of its indicator: percentages as
// fractions with a percent format, "x of N" with "/N" in the format.
func (b *builder) indicatorCell(def db.Indicator, v db.IndicatorValue, bold bool) excelize.Cell {
	switch def.Unit {
	case "percent", "percent_plan":
		kind := "percent"
		if v.Value == math.Trunc(v.Value) {
			kind = "percent_whole"
		}
		return excelize.Cell{StyleID: b.st.numberFormat(kind, v.Qualifier, 0, bold), Value: percentFraction(v.Value)}
	case "of_n":
		n := 0.0
		if def.Max != nil {
			n = *def.Max
		}
		return excelize.Cell{StyleID: b.st.numberFormat("of_n", v.Qualifier, n, bold), Value: v.Value}
	case "count":
		return excelize.Cell{StyleID: b.st.numberFormat("int", v.Qualifier, 0, bold), Value: v.Value}
	}
	return excelize.Cell{StyleID: b.st.numberFormat("number", v.Qualifier, 0, bold), Value: v.Value}
}

// indicatorTitle is a column heading: the name and its unit.
func (b *builder) indicatorTitle(def db.Indicator) string {
	unit := db.IndicatorUnits.Label(def.Unit, b.lang)
	switch def.Unit {
	case "of_n":
		if def.Max != nil {
			unit = "x/" + db.FormatNumber(*def.Max, b.lang)
		}
	case "count", "number":
		unit = def.UnitLabelIn(b.lang)
	}
	if unit == "" {
		return def.Name(b.lang)
	}
	return def.Name(b.lang) + " (" + unit + ")"
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortSlice[T any](list []T, less func(a, b T) bool) {
	sort.SliceStable(list, func(i, j int) bool { return less(list[i], list[j]) })
}
