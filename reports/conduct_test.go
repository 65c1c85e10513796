package reports

import (
	"math"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"congvu/metrics"
)

func sampleConduct() *metrics.ConductResult {
	nan := math.NaN()
	o := metrics.DefaultConductOptions(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC))
	return &metrics.ConductResult{Options: o, Counted: 3, Excluded: 1,
		Officers: []metrics.ConductRow{
			{OfficerID: "CB1", UnitID: "U1", CounterID: "Q1", CounterDays: 250, Incidents: metrics.Rate{Count: 2, Rate: 0.8, CI: metrics.Interval{Lo: 0.0969, Hi: 2.8899}},
				ByType:   map[string]metrics.Rate{"phone": {Count: 2, Rate: 0.8, CI: metrics.Interval{Lo: 0.0969, Hi: 2.8899}}},
				Weighted: 3, WeightedRate: 1.2, WeightedCI: metrics.Interval{Lo: 0.145, Hi: 4.33}, Rank: 1, Attributed: 1},
			{OfficerID: "=X", UnitID: "U1", Incidents: metrics.Rate{Count: 1, Rate: nan, CI: metrics.Interval{Lo: nan, Hi: nan}},
				WeightedRate: nan, WeightedCI: metrics.Interval{Lo: nan, Hi: nan}, NoRoster: true, Weighted: 1},
		},
		Units: []metrics.ConductRow{{UnitID: "U1", CounterDays: 250, Incidents: metrics.Rate{Count: 3, Rate: 1.2, CI: metrics.Interval{Lo: 0.25, Hi: 3.5}},
			Weighted: 4, WeightedRate: 1.6, Unattributed: 0}},
	}
}

func sampleSatisfaction() *metrics.SatisfactionResult {
	o := metrics.DefaultSatisfactionOptions(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC))
	sh := func(k, n int64) metrics.Share {
		return metrics.Share{N: n, Satisfied: k, Share: float64(k) / float64(n), CI: metrics.Wilson(k, n, metrics.Z95)}
	}
	return &metrics.SatisfactionResult{Options: o, FlaggedPresses: 12,
		Rows: []metrics.SatRow{
			{By: metrics.SatAll, All: sh(90, 100), Clean: sh(78, 88)},
			{By: metrics.SatChannel, Key: "button", All: sh(60, 64), Clean: sh(48, 52)},
			{By: metrics.SatUnitElement, Key: "U1", Sub: "Công chức", All: sh(4, 10), Clean: sh(4, 10)},
			// every answer of CB9 was in a flagged burst: nothing left without them
			{By: metrics.SatOfficer, Key: "CB9", All: sh(5, 5), Clean: metrics.Share{CI: metrics.Wilson(0, 0, metrics.Z95)}},
		},
		Index: []metrics.SatIndex{{UnitID: "", Elements: 5, All: 0.8, Clean: 0.8}, {UnitID: "U1", Elements: 5, All: 0.7, Clean: 0.7}},
		Bursts: []metrics.Burst{{Device: "D1", UnitID: "U1", CounterID: "Q2", Start: time.Date(2025, 3, 4, 12, 10, 0, 0, time.UTC),
			End: time.Date(2025, 3, 4, 12, 10, 40, 0, time.UTC), Presses: 12, Scale: 5, Ratings: [6]int64{5: 12}, Flagged: true}},
	}
}

// writeIssue5 writes the three writers' sheets into a workbook and reads it back.
func writeIssue5(t *testing.T, lang Lang) *excelize.File {
	t.Helper()
	w, err := newWorkbook(lang)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	s := sampleSatisfaction()
	if err := writeConduct(w, sampleConduct()); err != nil {
		t.Fatal(err)
	}
	if err := writeSatisfaction(w, s); err != nil {
		t.Fatal(err)
	}
	if err := writeIntegrity(w, s); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.xlsx")
	if err := w.save(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestConductSheets(t *testing.T) {
	f := writeIssue5(t, Vietnamese)
	want := []string{"Ứng xử tại quầy", "Ứng xử theo loại vi phạm", "Mức độ hài lòng", "Chỉ số hài lòng (SIPAS)", "Kiểm tra đợt bấm nút"}
	if got := f.GetSheetList(); len(got) != len(want) {
		t.Fatalf("sheets %v", got)
	} else {
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("sheet %d = %q, want %q", i, got[i], want[i])
			}
		}
	}
	cell := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	formula := func(sheet, ref string) {
		if fo, _ := f.GetCellFormula(sheet, ref); fo != "" {
			t.Errorf("%s!%s is a formula %q", sheet, ref, fo)
		}
	}
	checks := []struct{ sheet, ref, want string }{
		{"Ứng xử tại quầy", "A1", "Cấp"},
		{"Ứng xử tại quầy", "G1", "Vi phạm / 100 ngày tại quầy"},
		{"Ứng xử tại quầy", "A2", "Cán bộ"},
		{"Ứng xử tại quầy", "B2", "CB1"},
		{"Ứng xử tại quầy", "E2", "250"},
		{"Ứng xử tại quầy", "F2", "2"},
		{"Ứng xử tại quầy", "G2", "0.8"},
		{"Ứng xử tại quầy", "H2", "0.0969"},
		{"Ứng xử tại quầy", "I2", "2.8899"},
		{"Ứng xử tại quầy", "N2", "1"},
		{"Ứng xử tại quầy", "Q2", "Không"},
		{"Ứng xử tại quầy", "B3", "=X"},
		{"Ứng xử tại quầy", "G3", ""}, // no counter days: no rate
		{"Ứng xử tại quầy", "N3", ""},
		{"Ứng xử tại quầy", "Q3", "Có"},
		{"Ứng xử tại quầy", "A4", "Đơn vị"},
		{"Ứng xử tại quầy", "F4", "3"},
		{"Ứng xử theo loại vi phạm", "D2", "Dùng điện thoại"}, // only the types the result holds
		{"Ứng xử theo loại vi phạm", "F2", "2"},
		{"Ứng xử theo loại vi phạm", "A3", ""},
		{"Mức độ hài lòng", "A2", "Toàn bộ"},
		{"Mức độ hài lòng", "D2", "100"},
		{"Mức độ hài lòng", "E2", "90"},
		{"Mức độ hài lòng", "F2", "0.9"},
		{"Mức độ hài lòng", "I2", "88"},
		{"Mức độ hài lòng", "B3", "Nút bấm tại quầy"},
		{"Mức độ hài lòng", "C4", "Công chức"},
		{"Mức độ hài lòng", "F5", "1"},
		{"Mức độ hài lòng", "I5", "0"},
		{"Mức độ hài lòng", "K5", ""}, // no answer: no share, no interval (not 0 %)
		{"Mức độ hài lòng", "L5", ""},
		{"Mức độ hài lòng", "M5", ""},
		{"Chỉ số hài lòng (SIPAS)", "A2", "Toàn tỉnh"},
		{"Chỉ số hài lòng (SIPAS)", "C3", "0.7"},
		{"Kiểm tra đợt bấm nút", "A2", "D1"},
		{"Kiểm tra đợt bấm nút", "F2", "12"},
		{"Kiểm tra đợt bấm nút", "L2", "12"},
		{"Kiểm tra đợt bấm nút", "N2", "Có"},
	}
	for _, c := range checks {
		if got := cell(c.sheet, c.ref); got != c.want {
			t.Errorf("%s!%s = %q, want %q", c.sheet, c.ref, got, c.want)
		}
	}
	formula("Ứng xử tại quầy", "B3")
	// Interval bounds of the satisfaction sheet are the Wilson interval, as percentages.
	lo, err := strconv.ParseFloat(cell("Mức độ hài lòng", "G2"), 64)
	if want := metrics.Wilson(90, 100, metrics.Z95).Lo; err != nil || math.Abs(lo-want) > 1e-12 {
		t.Errorf("CI low %v (%v), want %v", lo, err, want)
	}
	st, _ := f.GetCellStyle("Mức độ hài lòng", "F2")
	if s, _ := f.GetStyle(st); s == nil || s.CustomNumFmt == nil || *s.CustomNumFmt != "0.0%" {
		t.Errorf("share cell is not formatted as a percentage")
	}
	// The start of a burst is a date-time cell.
	st, _ = f.GetCellStyle("Kiểm tra đợt bấm nút", "D2")
	if s, _ := f.GetStyle(st); s == nil || s.CustomNumFmt == nil || *s.CustomNumFmt != "dd/mm/yyyy hh:mm:ss" {
		t.Errorf("burst start is not a date-time cell")
	}
	if v, _ := f.GetCellValue("Kiểm tra đợt bấm nút", "D2"); v != "04/03/2025 12:10:00" {
		t.Errorf("burst start shows %q", v)
	}
}

func TestConductSheetsEnglish(t *testing.T) {
	f := writeIssue5(t, English)
	if got := f.GetSheetList(); got[0] != "Conduct" || got[4] != "Button-press bursts" {
		t.Errorf("sheets %v", got)
	}
	if v, _ := f.GetCellValue("Conduct", "G1"); v != "Incidents per 100 counter days" {
		t.Errorf("G1 = %q", v)
	}
	if v, _ := f.GetCellValue("Conduct by type", "D2"); v != "Phone use" {
		t.Errorf("D2 = %q", v)
	}
}
