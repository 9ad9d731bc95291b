// Package report writes the Excel summary of what supervision delegations
// found: a workbook that reads like a Party report when printed and works as
// data when filtered or pivoted. It does not import Fyne, so it is tested and
// benchmarked without a window.
package report

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"giamsat/assets/text"
	"giamsat/db"
)

// Options choose what a workbook covers and how it speaks.
type Options struct {
	Filter db.TotalsFilter // one delegation (or all), optionally a date range
	Lang   string          // "vi" (default) or "en"
	Today  db.Date         // the date in the header and for overdue requests; zero is today
	// Annex: the workbook goes with the delegation's report (Word) as its
	// annex, which is signed; it carries no signature block of its own.
	Annex bool
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
		return text.F(one, db.FormatNumber(float64(v), lang)).In(lang)
	}
	return text.F("%s, %s, %s; rows per sheet: %s.", n(r.Delegations, "%s delegation", "%s delegations"),
		n(r.Communes, "%s commune", "%s communes"), n(r.Visits, "%s visit", "%s visits"), strings.Join(parts, ", ")).In(lang)
}

// Brief says what was exported as the window says it: the delegations,
// communes and visits, and the sheets the file holds, without the row
// counts that Summary gives the command line.
func (r *Result) Brief(lang string) string {
	n := func(v int, one, other string) string {
		if v != 1 {
			one = other
		}
		return text.F(one, db.FormatNumber(float64(v), lang)).In(lang)
	}
	var sheets []string
	for _, s := range r.Sheets {
		sheets = append(sheets, s.Sheet)
	}
	return text.F("%s, %s, %s.", n(r.Delegations, "%s delegation", "%s delegations"), n(r.Communes, "%s commune", "%s communes"),
		n(r.Visits, "%s visit", "%s visits")).In(lang) + "\n" + text.F("Its sheets: %s.", strings.Join(sheets, ", ")).In(lang)
}

// SheetName returns the name of a sheet ("summary", "sessions", ...) in lang.
func SheetName(key, lang string) string { return text.Say(lang, key+" (sheet name)") }

type builder struct {
	ctx   context.Context
	store *db.Snapshot // one moment of the database for every query
	opts  Options
	lang  string
	f     *excelize.File
	st    *styles
	res   *Result
	// buffers are the stream buffers of finished sheets, for the next.
	buffers bufferPool
	// fullTexts are the texts rows could not print whole (sheet.overflow).
	fullTexts []fullText

	// delegations are those of the workbook by number, then period: two
	// delegations "03" of different years are two, never one.
	delegations []db.Delegation
	// repeated are the numbers two delegations of the workbook share.
	repeated        map[string]bool
	delegationIndex map[string]int // delegation ID -> position in delegations
	// scope, while a delegation's own report sheet is written, is that
	// delegation.
	scope      *db.Delegation
	visits     []db.VisitRow
	visitIndex map[string]int // visit ID -> position in visits
	leadCache  [][]any        // by position in visits: leadingCells
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
	keys   []map[string]db.IndicatorValue // every value of each visit, by indicator ID
	diffs  []int
	open   []int
	// diffsCommon and openCommon count, by visit, the common difficulties
	// and open requests that apply to its commune (shown on its row);
	// common and commonOpen count them once, by delegation ID (for totals).
	diffsCommon, openCommon []int
	common, commonOpen      map[string]int
	hasOther                bool
}

// levelIndex places a session level in summaryData.levels: its place in
// db.SessionLevels.
var levelIndex = func() map[string]int {
	m := map[string]int{}
	for i, l := range db.SessionLevels {
		m[l.Code] = i
	}
	return m
}()

// visit returns the visit a record belongs to.
func (b *builder) visit(id string) *db.VisitRow { return &b.visits[b.visitIndex[id]] }

// head is the workbook's heading of a column of table (db.Heading).
func (b *builder) head(table, column string) string { return db.Heading(b.lang, table, column) }

// say says a text of the catalogue (assets/text) in the workbook's
// language, with args as fmt.Sprintf has them.
func (b *builder) say(key string, args ...any) string { return text.F(key, args...).In(b.lang) }

func (b *builder) progress(p float64) {
	if b.opts.Progress != nil {
		b.opts.Progress(p)
	}
}

// build makes the workbook in memory (rows stream to temporary files).
func build(ctx context.Context, store *db.Store, opts Options) (*excelize.File, *Result, error) {
	lang := text.Language(opts.Lang)
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
	order, names, steps := b.sheetPlan()
	if err := b.addSheets(order, names); err != nil {
		return nil, nil, err
	}
	counts, err := b.writeSheets(steps, names)
	if err != nil {
		return nil, nil, err
	}
	for _, key := range order {
		b.res.Sheets = append(b.res.Sheets, SheetCount{names[key], counts[key]})
	}
	// Texts rows could not print whole, printed whole at the end.
	if len(b.fullTexts) > 0 {
		name := SheetName("fulltexts", lang)
		if _, err := f.NewSheet(name); err != nil {
			return nil, nil, err
		}
		n, err := b.fullTextsSheet(name)
		if err != nil {
			return nil, nil, err
		}
		b.res.Sheets = append(b.res.Sheets, SheetCount{name, n})
	}
	ok = true
	return f, b.res, nil
}

// sheetStep writes one sheet, named name, and returns its data rows.
type sheetStep struct {
	key string
	fn  func(name string) (int, error)
}

// sheetPlan returns the sheets' keys in the order the reader sees them, their
// names, and the steps that write them.
func (b *builder) sheetPlan() (order []string, names map[string]string, steps []sheetStep) {
	// The sheets are made in the order the reader sees them, and written in
	// the order their rows arrive from the store; the summary, which needs
	// every kind, comes last.
	order = []string{"summary", "findings", "sessions", "indicators", "difficulties", "diffcounts", "requests"}
	names = map[string]string{}
	for _, key := range order {
		names[key] = SheetName(key, b.lang)
	}
	steps = []sheetStep{
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
			names[key] = delegationSheetName(b.delegationName(d), b.lang, names)
			extra = append(extra, key)
			d := d
			steps = append(steps, sheetStep{key, func(name string) (int, error) {
				b.scope = &d
				defer func() { b.scope = nil }()
				return b.summarySheet(name)
			}})
		}
		order = append(append(order[:1:1], extra...), order[1:]...)
	}
	return order, names, steps
}

// addSheets adds the sheets to the workbook in order.
func (b *builder) addSheets(order []string, names map[string]string) error {
	for i, key := range order {
		name := names[key]
		if i == 0 {
			if err := b.f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := b.f.NewSheet(name); err != nil {
			return err
		}
	}
	return nil
}

// writeSheets runs the steps, and returns the data rows of each sheet by key.
func (b *builder) writeSheets(steps []sheetStep, names map[string]string) (map[string]int, error) {
	counts := map[string]int{}
	for i, st := range steps {
		if err := b.ctx.Err(); err != nil {
			return nil, err
		}
		name := names[st.key]
		n, err := st.fn(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		counts[st.key] = n
		b.progress(0.1 + 0.6*float64(i+1)/float64(len(steps)))
	}
	return counts, nil
}

// docProps names the workbook's author (the issuing body), title and time,
// where Excel's File > Info shows them.
func (b *builder) docProps() error {
	creator := "Giám sát"
	for _, d := range b.delegations {
		if body := d.IssuingBody; body != "" {
			creator = body
			break
		}
	}
	at := time.Now().UTC().Format(time.RFC3339)
	language := b.say("vi-VN (the workbook's language tag)")
	// The application that wrote the file, where Excel's File > Info and
	// LibreOffice's Properties show it.
	if err := b.f.SetAppProps(&excelize.AppProperties{Application: "Giám sát", Company: creator}); err != nil {
		return err
	}
	return b.f.SetDocProps(&excelize.DocProperties{
		Creator:        creator,
		LastModifiedBy: "Giám sát",
		Title:          b.documentTitle(),
		Subject:        b.say("Supervision report"),
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
	b.delegations, b.repeated = nil, map[string]bool{}
	numbers := map[string]int{}
	for _, d := range dels {
		if b.opts.Filter.DelegationID == "" || d.ID == b.opts.Filter.DelegationID {
			b.delegations = append(b.delegations, d)
			numbers[d.Number]++
		}
	}
	for n, count := range numbers {
		b.repeated[n] = count > 1
	}
	sortSlice(b.delegations, func(x, y db.Delegation) bool {
		if x.Number != y.Number {
			return x.Number < y.Number
		}
		if x.PeriodFrom != y.PeriodFrom {
			return x.PeriodFrom.Before(y.PeriodFrom)
		}
		return x.ID < y.ID
	})
	b.delegationIndex = make(map[string]int, len(b.delegations))
	for i, d := range b.delegations {
		b.delegationIndex[d.ID] = i
	}
	if b.opts.Filter.DelegationID != "" && len(b.delegations) == 0 {
		return db.Fail(db.ErrNotFound, "The delegation to export is no longer in the database (it may have just been deleted).")
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
