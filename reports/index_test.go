package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"congvu/metrics"
)

func indexResult(t *testing.T) *metrics.IndexResult {
	t.Helper()
	m, err := metrics.ParseIndexMethod("m.yaml", []byte("name: test\nunit: u\ncomponents:\n  - {id: a, direction: positive, weight: 1, normalise: {method: minmax, low: 1, high: 10}}\n  - {id: b, direction: negative, weight: 1, normalise: {method: minmax, low: 1, high: 10}}\npublished: {total: t, rank: r}\nmonte_carlo: {draws: 50, seed: 1, weight_jitter: 0.2}\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := metrics.ScoreIndex(m, []string{"u", "a", "b", "t", "r"}, [][]string{
		{"=X", "0", "2", "5.5", "2"}, {"Ý", "5", "4", "3.25", "3"}, {"Z", "10", "", "10", "1"}})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestWriteIndex(t *testing.T) {
	res := indexResult(t)
	dir := t.TempDir()
	for _, lang := range []Lang{Vietnamese, English} {
		path := filepath.Join(dir, string(lang)+".xlsx")
		if err := WriteIndex(path, "in.csv", res, Options{Lang: lang}); err != nil {
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
	res := indexResult(t)
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
