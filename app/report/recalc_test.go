//go:build recalc

package report

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The values the workbook stores for its formulas (for readers that do not
// calculate) are what other spreadsheets compute from them: Gnumeric's
// ssconvert and LibreOffice, both told to recalculate every formula, and
// each formula cell's stored value must equal their result. The sample and
// 60 generated visits, two delegations, every sheet. A control workbook
// whose stored value is wrong proves that both do recalculate. Built with
// the tag recalc (make recalc), which CI runs after installing both: make
// test needs nothing but Go.
func TestStoredValuesEqualRecalculation(t *testing.T) {
	tools := recalculators(t)
	s := sampleStore(t)
	if _, err := s.Generate(context.Background(), 60, 7); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "tổng hợp.xlsx")
	if _, err := Export(context.Background(), s, path, Options{Lang: "vi", Today: today}); err != nil {
		t.Fatal(err)
	}
	control := filepath.Join(dir, "control.xlsx")
	c := excelize.NewFile()
	sw, err := c.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{1, excelize.Cell{Formula: "A1+1", Value: 5}}); err != nil { // stored wrong on purpose
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := c.SaveAs(control); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, recalc := range tools {
		if got := recalc(t, control, []string{"Sheet1"}); got["Sheet1"][0][1] != "2" {
			t.Fatalf("%s does not recalculate: the control's B1 is %q", name, got["Sheet1"][0][1])
		}
		computed := recalc(t, path, f.GetSheetList())
		formulas := 0
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for col := range row {
					cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
					formula, _ := f.GetCellFormula(sheet, cell)
					if formula == "" {
						continue
					}
					formulas++
					got := ""
					if r < len(computed[sheet]) && col < len(computed[sheet][r]) {
						got = computed[sheet][r][col]
					}
					if !sameValue(row[col], got) {
						t.Errorf("%s!%s = %s: the file stores %q, %s computes %q", sheet, cell, formula, row[col], name, got)
					}
				}
			}
		}
		if formulas == 0 {
			t.Fatal("no formula in the workbook: nothing was compared")
		}
		t.Logf("%s: %d formula cells compared", name, formulas)
	}
}

// recalculator opens a workbook, recalculates every formula and returns
// each sheet's cells, by sheet name.
type recalculator func(t *testing.T, path string, sheets []string) map[string][][]string

func recalculators(t *testing.T) map[string]recalculator {
	ssconvert, err1 := exec.LookPath("ssconvert")
	soffice, err2 := exec.LookPath("soffice")
	if err1 != nil || err2 != nil {
		t.Fatal("ssconvert (Gnumeric) and soffice (LibreOffice) are needed to check the stored values: apt-get install gnumeric libreoffice-calc (.ci/run installs them)")
	}
	return map[string]recalculator{
		"Gnumeric": func(t *testing.T, path string, sheets []string) map[string][][]string {
			out := filepath.Join(t.TempDir(), "recalc.txt")
			cmd := exec.Command(ssconvert, "-S", "--recalc", "-O", "format=raw separator=;", path, out)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("ssconvert: %v\n%s", err, b)
			}
			got := map[string][][]string{}
			for i, sheet := range sheets {
				got[sheet] = readCSV(t, fmt.Sprintf("%s.%d", out, i))
			}
			return got
		},
		"LibreOffice": func(t *testing.T, path string, sheets []string) map[string][][]string {
			// A profile of its own that recalculates every formula of an
			// .xlsx on load (OOXMLRecalcMode 0: always).
			profile := t.TempDir()
			os.MkdirAll(filepath.Join(profile, "user"), 0o755)
			os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(`<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>`), 0o644)
			out := t.TempDir()
			// ";" between fields, UTF-8, values as stored rather than as
			// shown, every sheet to a file of its own.
			cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profile), "--headless",
				"--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,1033,false,true,false,false,false,-1", path, "--outdir", out)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("soffice: %v\n%s", err, b)
			}
			base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
			got := map[string][][]string{}
			for _, sheet := range sheets {
				name := filepath.Join(out, base+"-"+sheet+".csv")
				if len(sheets) == 1 {
					if _, err := os.Stat(name); err != nil {
						name = filepath.Join(out, base+".csv")
					}
				}
				got[sheet] = readCSV(t, name)
			}
			return got
		},
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	r := csv.NewReader(b)
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = ';', -1, true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// sameValue compares a stored value with a computed one: as numbers when
// both are (a percentage as its fraction), to a billionth; else as text.
func sameValue(stored, computed string) bool {
	a, errA := strconv.ParseFloat(stored, 64)
	b, errB := strconv.ParseFloat(computed, 64)
	if p, ok := strings.CutSuffix(computed, "%"); ok { // LibreOffice writes a percentage so, even raw
		b, errB = strconv.ParseFloat(p, 64)
		b /= 100
	}
	if errA == nil && errB == nil {
		return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(a))
	}
	return stored == computed
}
