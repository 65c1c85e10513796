package metrics

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realData is ../shared/realdata from the module root.
const realData = "../../shared/realdata"

func readCSV(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[0], recs[1:]
}

// TestPCIReproduction: configured with VCCI's weights (examples/pci/method.yaml),
// the engine reproduces the published PCI total of every province in 2015 and 2016
// to within 0.001 and every published rank exactly.
func TestPCIReproduction(t *testing.T) {
	dir := filepath.Join(realData, "pci")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real data not found at %s (../shared/realdata from the module root): %v", dir, err)
	}
	m, err := LoadIndexMethod("../examples/pci/method.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m.MonteCarlo = nil // the check needs no rank intervals
	for _, year := range []string{"2015", "2016"} {
		header, rows := readCSV(t, filepath.Join(dir, "pci"+year+".csv"))
		res, err := ScoreIndex(m, header, rows)
		if err != nil {
			t.Fatal(err)
		}
		c := res.Check
		t.Logf("PCI %s: %d provinces, max |total − published| = %.6f (%s), ranks matched %d/%d",
			year, c.Compared, c.MaxAbsDiff, c.WorstUnit, c.RanksMatched, c.RanksCompared)
		if c.Compared != 63 || c.RanksCompared != 63 {
			t.Errorf("%s: compared %d totals and %d ranks, want 63", year, c.Compared, c.RanksCompared)
		}
		for i, r := range res.Composite.Rows {
			if d := math.Abs(r.Total - res.Published[i]); !(d <= 0.001) {
				t.Errorf("%s %s: total %.4f, published %.4f", year, r.Unit, r.Total, res.Published[i])
			}
			if r.Rank != res.PublishedRank[i] {
				t.Errorf("%s %s: rank %d, published %d", year, r.Unit, r.Rank, res.PublishedRank[i])
			}
		}
		if !c.Pass() {
			t.Errorf("%s: check did not pass: %+v", year, c)
		}
	}
}

func TestIndexMethodErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"no unit", "components:\n  - {id: a, direction: positive, weight: 1, normalise: {method: none}}\n", "m.yaml:0: unit: missing"},
		{"bad direction", "unit: u\ncomponents:\n  - {id: a, direction: up, weight: 1, normalise: {method: none}}\n", `m.yaml:3: components[0].direction: unknown value "up"`},
		{"bad method", "unit: u\ncomponents:\n  - id: a\n    direction: positive\n    weight: 1\n    normalise: {method: log}\n", `m.yaml:6: components[0].normalise: normalise: unknown method "log"`},
		{"unknown key", "unit: u\nweights: [1]\n", `m.yaml:2: weights: unknown field "weights"`},
		{"bad aggregation", "unit: u\naggregation: median\ncomponents:\n  - {id: a, direction: positive, weight: 1, normalise: {method: none}}\n", `m.yaml:2: aggregation: unknown value "median"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseIndexMethod("m.yaml", []byte(tc.yaml))
			if err == nil || !errors.Is(err, ErrMethodology) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want %q…", err, tc.want)
			}
		})
	}
}

func TestScoreIndexTable(t *testing.T) {
	m, err := ParseIndexMethod("m.yaml", []byte("unit: u\ncomponents:\n  - {id: a, direction: positive, weight: 1, normalise: {method: minmax, low: 1, high: 10}}\n  - {id: b, column: B col, direction: negative, weight: 1, normalise: {method: minmax, low: 1, high: 10}}\npublished: {total: t}\n"))
	if err != nil {
		t.Fatal(err)
	}
	// a: 0 → 1, 5 → 5.5, 10 → 10; b (negative): 2 → 10, 4 → 1, missing.
	res, err := ScoreIndex(m, []string{"\uFEFFu", "a", "B col", "t"}, [][]string{{"X", "0", "2", "5,5"}, {"Y", "5", "4", "3.25"}, {"Z", "10", "", "10"}, {"", "", "", ""}})
	if err != nil {
		t.Fatal(err)
	}
	var totals []float64
	for _, r := range res.Composite.Rows {
		totals = append(totals, r.Total)
	}
	closeAll(t, "totals", totals, []float64{5.5, 3.25, 10}, 1e-12)
	if res.Check.Within != 3 || res.Composite.Rows[2].Flag != "reweighted" {
		t.Errorf("check %+v, flag %q", res.Check, res.Composite.Rows[2].Flag)
	}
	if _, err := ScoreIndex(m, []string{"u", "a", "B col", "t"}, [][]string{{"X", "n/a", "1", "1"}}); err == nil || !strings.Contains(err.Error(), "row 2") {
		t.Errorf("bad number: %v", err)
	}
	if _, err := ScoreIndex(m, []string{"u", "a"}, nil); err == nil || !strings.Contains(err.Error(), `"B col"`) {
		t.Errorf("missing column: %v", err)
	}
}
