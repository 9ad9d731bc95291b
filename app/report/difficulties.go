package report

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// difficultiesSheet lists every difficulty; the counts by category and
// commune, with a chart, follow on a sheet of their own so that filtering
// the list does not hide them.
func (b *builder) difficultiesSheet(name string) (int, error) {
	diffs, err := b.diffs.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	cols := append(b.leading(),
		column{title: b.head("difficulties", "scope"), width: 16},
		column{title: b.head("difficulties", "category"), width: 20},
		column{title: b.head("difficulties", "description"), width: 45, long: true},
		column{title: b.head("difficulties", "remedy"), width: 30, long: true},
		column{title: b.head("difficulties", "responsible"), width: 18},
		column{title: b.head("difficulties", "deadline"), width: 12},
		column{title: b.head("difficulties", "status"), width: 15},
	)
	cols = needFullText(cols, func(give func(int, string)) {
		for _, d := range diffs {
			give(len(cols)-5, d.Description)
			give(len(cols)-4, d.Remedy)
		}
	})
	s, err := b.newSheet(name, cols, 1, true, 1+len(diffs))
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	// Each delegation's common difficulties first, then the communes' own,
	// each in the order of the visits.
	first := map[string]int{}
	for i, v := range b.visits {
		if _, ok := first[v.DelegationID]; !ok {
			first[v.DelegationID] = i
		}
	}
	order, ranks := make([]int, len(diffs)), make([]int, len(diffs))
	anchors := make([]*db.VisitRow, len(diffs))
	for i, d := range diffs {
		order[i] = i
		anchors[i] = b.visit(b.anchor(d))
		ranks[i] = 2 * first[anchors[i].DelegationID]
		if !d.Shared() {
			ranks[i]++
		}
	}
	slices.SortStableFunc(order, func(i, j int) int { return ranks[i] - ranks[j] })
	for _, i := range order {
		d := diffs[i]
		v := anchors[i]
		var row []any
		if d.Shared() {
			// Common to several communes: one row, counted once,
			// under those communes rather than the visit it was noted at.
			b.sum.common[v.DelegationID]++
			for _, i := range b.concerned(d.DelegationID, d.Communes) {
				b.sum.diffsCommon[i]++
			}
			row = b.commonCells(v, b.communesLabel(d.Communes))
		} else {
			b.sum.diffs[b.visitIndex[d.VisitID]]++
			row = b.leadingCells(v)
		}
		row = append(row,
			textCell(b.scopeLabel(d), b.st.text),
			textCell(db.DifficultyCategories.Label(d.Category, b.lang), b.st.text),
			fullTextCell(d.Description, b.st.text),
			fullTextCell(d.Remedy, b.st.text),
			textCell(d.Responsible, b.st.text),
			dateCell(d.Deadline, b.st.date),
			textCell(db.DifficultyStatuses.Label(d.Status, b.lang), b.st.text),
		)
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	return s.finish(b.say("Difficulties (table name)"), nil)
}

// difficultyCounts writes the count of difficulties by commune and category
// and a stacked bar chart of it.
func (b *builder) difficultyCounts(name string) (int, error) {
	diffs, err := b.diffs.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	defer b.release(b.diffs)
	cats := presentCategories(diffs)
	communes := b.countByCommune(diffs)

	cols := []column{{title: b.say("Commune"), width: 24}}
	for _, c := range cats {
		cols = append(cols, column{title: c.Label(b.lang), width: 14})
	}
	cols = append(cols, column{title: b.say("Total"), width: 10})
	// The chart goes in before the rows: a streamed sheet takes its drawing
	// from what the sheet holds when streaming starts.
	if len(communes) > 0 {
		if err := b.difficultyChart(name, cats, len(communes)); err != nil {
			return 0, err
		}
	}
	// A chart below a long table starts a page of its own, so that no page
	// break cuts it.
	if len(communes) > 10 {
		if err := b.f.InsertPageBreak(name, cellName(1, len(communes)+4)); err != nil {
			return 0, err
		}
	}
	s, err := b.newSheet(name, cols, 1, true, 1+len(communes))
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	for _, c := range communes {
		row := []any{textCell(c.name, b.st.text)}
		sum := 0
		for _, cat := range cats {
			row = append(row, excelize.Cell{StyleID: b.st.int_, Value: c.count[cat.Code]})
			sum += c.count[cat.Code]
		}
		row = append(row, excelize.Cell{StyleID: b.st.int_, Value: sum})
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	// A table of counts, read by pivots and the chart: nothing under it
	// (the report sheets carry the totals).
	return s.finish(b.say("DifficultyCounts (table name)"), nil)
}

// presentCategories are the categories of difficulty diffs has, in the
// order of db.DifficultyCategories.
func presentCategories(diffs []db.Difficulty) []db.Choice {
	cats := []db.Choice{}
	present := map[string]bool{}
	for _, d := range diffs {
		present[d.Category] = true
	}
	for _, c := range db.DifficultyCategories {
		if present[c.Code] {
			cats = append(cats, c)
		}
	}
	return cats
}

// communeCount is a row of the counts: a commune, or what is common to a
// delegation's communes, and its difficulties by category.
type communeCount struct {
	name  string
	count map[string]int
}

// countByCommune counts diffs by commune and category.
func (b *builder) countByCommune(diffs []db.Difficulty) []*communeCount {
	var communes []*communeCount
	index := map[string]*communeCount{}
	several := len(b.reportedDelegations()) > 1
	for _, d := range diffs {
		v := b.visit(b.anchor(d))
		key, name := v.CommuneID, v.CommuneName
		if d.Shared() {
			// One row a delegation for what is common to its communes.
			key, name = "common:"+v.DelegationID, b.commonLabel(v.DelegationID)
			if several {
				name += b.say(" (delegation %s)", v.DelegationNumber)
			}
		}
		c := index[key]
		if c == nil {
			c = &communeCount{name: name, count: map[string]int{}}
			index[key] = c
			communes = append(communes, c)
		}
		c.count[d.Category]++
	}
	sortByName(communes, func(c *communeCount) string { return c.name })
	// Most difficulties first (then by name): the chart shows the top of
	// the table, and a reader looks there first.
	communeTotal := func(c *communeCount) int {
		n := 0
		for _, v := range c.count {
			n += v
		}
		return n
	}
	slices.SortStableFunc(communes, func(a, c *communeCount) int { return communeTotal(c) - communeTotal(a) })
	return communes
}

// difficultyChart adds a stacked bar chart of the counts, below the table
// (so that it prints on the same page).
func (b *builder) difficultyChart(name string, cats []db.Choice, communes int) error {
	// At most chartCommunes bars: the chart stays one page tall, and the
	// rest are in the table above it.
	const chartCommunes = 20
	shown := min(communes, chartCommunes)
	first, last := 2, shown+1
	var series []excelize.ChartSeries
	for i, c := range cats {
		col := colName(i + 2)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", name, col),
			Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", name, first, last),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", name, col, first, col, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{categoryColour(c.Code)}},
		})
	}
	title := b.say("Difficulties by category and commune")
	if communes > shown {
		title += b.say(" (the %d communes with the most)", shown)
	}
	axisFont := excelize.Font{Family: fontName, Size: 11, Color: "000000"}
	height := uint(max(300, 21*shown+110)) // with the repeated header, within a landscape A4 page
	return b.f.AddChart(name, cellName(1, communes+4), &excelize.Chart{
		Type:   excelize.BarStacked,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{
			Text: title, Font: &excelize.Font{Family: fontName, Size: 13, Bold: true, Color: "000000"}}}},
		// Communes top to bottom in the table's order; whole numbers on
		// the count axis.
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
		YAxis:     excelize.ChartAxis{MajorUnit: 1, MajorGridLines: true, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: height},
		Format:    excelize.GraphicOptions{OffsetX: 10, OffsetY: 10},
	})
}

// categoryColours give each category of difficulty a colour of its own in
// every chart, far apart from each other on screen and in grey on paper
// (Excel's default blues for the first and fifth are hard to tell apart).
var categoryColours = map[string]string{
	"facilities": "4472C4", // blue
	"staffing":   "ED7D31", // orange
	"capacity":   "A5A5A5", // grey
	"propaganda": "FFC000", // gold
	"economy":    "70AD47", // green
	"other":      "7B3F99", // purple
}

func categoryColour(code string) string {
	if c, ok := categoryColours[code]; ok {
		return c
	}
	return "404040"
}
