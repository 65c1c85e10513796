package engine

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"congvu/metrics"
	"congvu/reports"
)

// IndexOptions say what congvu index reads and writes.
type IndexOptions struct {
	In     string // a CSV (or .tsv) table, one row per unit
	Method string // an index method file (YAML)
	// Out is the file to write, .xlsx or .csv; "" writes nothing.
	Out     string
	Reports reports.Options
	// NoMonteCarlo skips the rank intervals even when the method asks for them.
	NoMonteCarlo bool
}

// Index computes the index of opt.Method over the table opt.In and writes it to opt.Out.
func Index(opt IndexOptions) (*metrics.IndexResult, error) {
	m, err := metrics.LoadIndexMethod(opt.Method)
	if err != nil {
		return nil, err
	}
	if opt.NoMonteCarlo {
		m.MonteCarlo = nil
	}
	header, rows, err := readTable(opt.In)
	if err != nil {
		return nil, err
	}
	res, err := metrics.ScoreIndex(m, header, rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opt.In, err)
	}
	switch ext := strings.ToLower(filepath.Ext(opt.Out)); {
	case opt.Out == "":
	case ext == ".xlsx":
		err = reports.WriteIndex(opt.Out, IndexReport(opt.In, res), opt.Reports)
	case ext == ".csv":
		err = reports.WriteIndexCSV(opt.Out, IndexReport(opt.In, res), opt.Reports)
	default:
		err = fmt.Errorf("index: --out %s: want a .xlsx or .csv file", opt.Out)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// readTable reads a CSV (or, by extension, TSV) file with a header row.
func readTable(path string) ([]string, [][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read table: %w", err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	if strings.EqualFold(filepath.Ext(path), ".tsv") {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, nil, fmt.Errorf("read %s: empty", path)
	}
	return recs[0], recs[1:], nil
}

// IndexReport turns an index result into the report's type: rows in rank order
// (unscored last), parameters spelled out. input names the table.
func IndexReport(input string, res *metrics.IndexResult) *reports.IndexReport {
	spec := res.Composite.Spec
	r := &reports.IndexReport{Name: spec.Name, Source: res.Method.Source, MethodFile: res.Method.Path, Input: input,
		Aggregation: string(spec.Aggregation), Missing: string(spec.Missing), Scale: spec.Scale}
	if r.Aggregation == "" {
		r.Aggregation = string(metrics.Arithmetic)
	}
	if r.Missing == "" {
		r.Missing = string(metrics.MissingReweight)
	}
	if r.Scale == 0 {
		r.Scale = 1
	}
	for _, c := range spec.Components {
		r.Components = append(r.Components, reports.IndexComponent{ID: c.ID, Weight: c.Weight,
			Direction: string(c.Direction), Normalisation: normText(c.Normalise)})
	}
	for i, row := range res.Composite.Rows {
		r.Rows = append(r.Rows, reports.IndexRow{Unit: row.Unit, Rank: row.Rank, Total: row.Total,
			Published: res.Published[i], PublishedRank: res.PublishedRank[i], MedianRank: row.MedianRank,
			RankLo: row.RankLo, RankHi: row.RankHi, Coverage: row.Coverage, Flag: row.Flag,
			Raw: res.Raw[i], Normalised: row.Normalised})
	}
	sort.SliceStable(r.Rows, func(a, b int) bool {
		ra, rb := r.Rows[a].Rank, r.Rows[b].Rank
		if ra == 0 {
			ra = math.MaxInt
		}
		if rb == 0 {
			rb = math.MaxInt
		}
		return ra < rb
	})
	if o := res.Composite.MonteCarlo; o != nil {
		mc := &reports.IndexMonteCarlo{Draws: o.Draws, Seed: o.Seed, WeightJitter: o.WeightJitter, Sampling: o.Sampling,
			Alternatives: len(o.Alternatives), Lo: o.Lo, Hi: o.Hi}
		if mc.Draws <= 0 {
			mc.Draws = 1000
		}
		if mc.Lo == 0 && mc.Hi == 0 {
			mc.Lo, mc.Hi = 0.05, 0.95
		}
		r.MonteCarlo = mc
	}
	if c := res.Check; c != nil {
		r.Check = &reports.IndexCheck{Tolerance: c.Tolerance, Compared: c.Compared, Within: c.Within, MaxAbsDiff: c.MaxAbsDiff,
			WorstUnit: c.WorstUnit, RanksCompared: c.RanksCompared, RanksMatched: c.RanksMatched}
	}
	return r
}

// normText describes a normalisation and its parameters in one line.
func normText(n metrics.Normalisation) string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	lo, hi := n.Low, n.High
	if lo == 0 && hi == 0 {
		hi = 1
	}
	switch n.Method {
	case metrics.NormMinMax:
		return fmt.Sprintf("minmax → %s–%s", g(lo), g(hi))
	case metrics.NormGoalposts:
		return fmt.Sprintf("goalposts %s–%s → %s–%s", g(n.Min), g(n.Max), g(lo), g(hi))
	case metrics.NormTarget:
		return fmt.Sprintf("target %s (cap %t) → %s–%s", g(n.Target), n.Cap, g(lo), g(hi))
	case metrics.NormZScore:
		sp := n.Spread
		if sp == 0 {
			sp = 1
		}
		return fmt.Sprintf("zscore %s ± %s", g(n.Centre), g(sp))
	case metrics.NormBands:
		return fmt.Sprintf("bands %v", n.Bands)
	}
	return string(n.Method)
}
