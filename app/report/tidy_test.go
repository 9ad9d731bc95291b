package report

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"
)

// No formula of any sheet calls a volatile function, so opening and
// closing a workbook changes nothing; the file names the program that
// wrote it.
func TestNoVolatileFunctions(t *testing.T) {
	volatile := regexp.MustCompile(`(?i)\b(OFFSET|INDIRECT|NOW|TODAY|RAND|RANDBETWEEN|CELL|INFO)\(`)
	s := sampleStore(t)
	secondThree(t, s)
	for _, lang := range []string{"vi", "en"} {
		path := filepath.Join(t.TempDir(), lang+".xlsx")
		if _, err := Export(context.Background(), s, path, Options{Lang: lang, Today: today}); err != nil {
			t.Fatal(err)
		}
		f := open(t, path)
		formulas := 0
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for r, row := range rows {
				for c := range row {
					cell := cellName(c+1, r+1)
					formula, _ := f.GetCellFormula(sheet, cell)
					if formula != "" {
						formulas++
					}
					if volatile.MatchString(formula) {
						t.Errorf("%s %s!%s: %s", lang, sheet, cell, formula)
					}
				}
			}
		}
		if formulas == 0 {
			t.Fatalf("%s: no formula read: the test reads nothing", lang)
		}
		props, err := f.GetAppProps()
		if err != nil || props.Application != "Giám sát" {
			t.Errorf("%s: the application is %+v (%v)", lang, props, err)
		}
	}
}
