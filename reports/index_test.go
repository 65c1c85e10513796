package reports

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func indexReport() *IndexReport {
	nan := math.NaN()
	return &IndexReport{Name: "test", MethodFile: "m.yaml", Input: "in.csv", Aggregation: "arithmetic", Missing: "reweight", Scale: 1,
		Components: []IndexComponent{{"a", 1, "positive", "minmax → 1–10"}, {"b", 1, "negative", "minmax → 1–10"}},
		Rows: []IndexRow{
			{Unit: "Z", Rank: 1, Total: 10, Published: 10, PublishedRank: 1, MedianRank: 1, RankLo: 1, RankHi: 1, Coverage: 0.5, Flag: "reweighted", Raw: []float64{10, nan}, Normalised: []float64{10, nan}},
			{Unit: "=X", Rank: 2, Total: 5.5, Published: 5.5, PublishedRank: 2, MedianRank: 2, RankLo: 2, RankHi: 2, Coverage: 1, Raw: []float64{0, 2}, Normalised: []float64{1, 10}},
			{Unit: "Ý", Rank: 3, Total: 3.25, Published: 3.25, PublishedRank: 3, MedianRank: 3, RankLo: 3, RankHi: 3, Coverage: 1, Raw: []float64{5, 4}, Normalised: []float64{5.5, 1}},
		},
		MonteCarlo: &IndexMonteCarlo{Draws: 50, Seed: 1, WeightJitter: 0.2, Lo: 0.05, Hi: 0.95},
		Check:      &IndexCheck{Tolerance: 0.001, Compared: 3, Within: 3, WorstUnit: "Z", RanksCompared: 3, RanksMatched: 3},
	}
}

func TestWriteIndex(t *testing.T) {
	res := indexReport()
	dir := t.TempDir()
	for _, lang := range []Lang{Vietnamese, English} {
		path := filepath.Join(dir, string(lang)+".xlsx")
		if err := WriteIndex(path, res, Options{Lang: lang}); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		if len(sheets) != 3 || sheets[0] != lang.text("sheet.index") {
			t.Errorf("%s: sheets %q", lang, sheets)
		}
		rows, _ := f.GetRows(sheets[0])
		// Ranked: Z (10), X (5.5), Y (3.25); the unit "=X" stays text.
		if len(rows) != 4 || rows[1][1] != "Z" || rows[2][1] != "=X" || rows[3][0] != "3" {
			t.Errorf("%s: ranking rows %q", lang, rows)
		}
		if fm, _ := f.GetCellFormula(sheets[0], "B3"); fm != "" {
			t.Errorf("%s: a unit became a formula %q", lang, fm)
		}
		if v, _ := f.GetCellValue(sheets[0], "K2"); v != lang.text("flag.reweighted") {
			t.Errorf("%s: flag %q", lang, v)
		}
		comp, _ := f.GetRows(sheets[1])
		if len(comp) != 7 {
			t.Errorf("%s: %d component rows, want 6 and a header", lang, len(comp))
		}
		method, _ := f.GetRows(sheets[2])
		joined := ""
		for _, r := range method {
			joined += strings.Join(r, "|") + "\n"
		}
		if !strings.Contains(joined, "minmax → 1–10") || !strings.Contains(joined, "3/3") {
			t.Errorf("%s: method sheet\n%s", lang, joined)
		}
		f.Close()
	}
}

func TestWriteIndexCSV(t *testing.T) {
	res := indexReport()
	path := filepath.Join(t.TempDir(), "i.csv")
	if err := WriteIndexCSV(path, res, Options{Lang: English}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(b), "\uFEFF")), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "Rank,Unit,Total") || !strings.HasPrefix(lines[1], "1,Z,10,10,0,1,") {
		t.Errorf("csv:\n%s", b)
	}
}
