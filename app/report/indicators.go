package report

import (
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"

	"giamsat/db"
)

// indicatorsSheet has a row per visit and a column per indicator reported.
func (b *builder) indicatorsSheet(name string) (int, error) {
	allValues, err := b.values.wait(b.ctx)
	if err != nil {
		return 0, err
	}
	used := map[string]bool{}
	for _, v := range allValues {
		used[v.IndicatorID] = true
	}
	var inds []db.Indicator
	for _, ind := range b.indicators {
		if used[ind.ID] {
			inds = append(inds, ind)
		}
	}
	qualified, noted := map[string]bool{}, map[string]bool{}
	for _, v := range allValues {
		if v.Qualifier != "" {
			qualified[v.IndicatorID] = true
		}
		if v.Note != "" {
			noted[v.IndicatorID] = true
		}
	}
	cols := b.leading()
	noteCol := map[string]int{} // by indicator: its notes' column
	for _, ind := range inds {
		cols = append(cols, column{title: b.indicatorTitle(ind), width: 15})
		if qualified[ind.ID] {
			cols = append(cols, column{title: ind.Name(b.lang) + b.say(": qualifier"), width: 10})
		}
		// A value's note (what the count is of, where it comes from) in a
		// column of its own, only for an indicator that has one.
		if noted[ind.ID] {
			noteCol[ind.ID] = len(cols)
			cols = append(cols, column{title: ind.Name(b.lang) + b.say(": note"), width: 30, long: true})
		}
	}
	cols = needFullText(cols, func(give func(int, string)) {
		for _, v := range allValues {
			if c, ok := noteCol[v.IndicatorID]; ok {
				give(c, v.Note)
			}
		}
	})
	s, err := b.newSheet(name, cols, 1, len(cols) > 7, 1+len(b.visits))
	if err != nil {
		return 0, err
	}
	if err := s.header(); err != nil {
		return 0, err
	}
	defer b.release(b.values)
	byVisit := valuesByVisit(allValues)
	for i := range b.visits {
		v := &b.visits[i]
		row := b.leadingCells(v)
		vals := byVisit[v.ID]
		// Every value: the report lists them all under its table.
		for id, val := range vals {
			if b.sum.keys[i] == nil {
				b.sum.keys[i] = map[string]db.IndicatorValue{}
			}
			b.sum.keys[i][id] = val
		}
		for _, ind := range inds {
			val, ok := vals[ind.ID]
			if ok {
				plain := val
				if qualified[ind.ID] {
					plain.Qualifier = "" // said in the column beside it
				}
				row = append(row, b.indicatorCell(ind, plain, false))
			} else {
				row = append(row, excelize.Cell{StyleID: b.st.text})
			}
			if qualified[ind.ID] {
				row = append(row, textCell(b.qualifier(val.Qualifier), b.st.text))
			}
			if noted[ind.ID] {
				row = append(row, fullTextCell(val.Note, b.st.text))
			}
		}
		if err := s.put(row, 0); err != nil {
			return 0, err
		}
	}
	return s.finish(b.say("Indicators (table name)"), nil)
}

func valuesByVisit(values []db.IndicatorValue) map[string]map[string]db.IndicatorValue {
	out := map[string]map[string]db.IndicatorValue{}
	for _, v := range values {
		if out[v.VisitID] == nil {
			out[v.VisitID] = map[string]db.IndicatorValue{}
		}
		out[v.VisitID][v.IndicatorID] = v
	}
	return out
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
