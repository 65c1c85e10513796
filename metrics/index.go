package metrics

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
)

// IndexMethod is an index method file: a composite over the columns of a table
// with one row per unit (congvu index). Example: examples/pci/method.yaml, VCCI's
// PCI weights over the ten published sub-indices.
type IndexMethod struct {
	CompositeSpec `yaml:",inline"`
	Source        string `yaml:"source,omitempty"` // where the method comes from
	Unit          string `yaml:"unit"`             // the column naming the units
	// Published names columns holding a published total and rank to check the
	// result against; nil when there are none.
	Published  *PublishedColumns  `yaml:"published,omitempty"`
	MonteCarlo *MonteCarloOptions `yaml:"monte_carlo,omitempty"` // nil: no rank intervals

	Path string `yaml:"-"` // the file it was read from
}

// PublishedColumns names the published total and rank, and the tolerance on the total.
type PublishedColumns struct {
	Total     string  `yaml:"total,omitempty"`
	Rank      string  `yaml:"rank,omitempty"`
	Tolerance float64 `yaml:"tolerance,omitempty"` // 0 means 0.001
}

// LoadIndexMethod reads an index method file. Errors name the file, the line and
// the key, and match ErrMethodology.
func LoadIndexMethod(path string) (*IndexMethod, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read index method: %w", err)
	}
	return ParseIndexMethod(path, data)
}

// ParseIndexMethod parses an index method file's content; path names it in messages.
func ParseIndexMethod(path string, data []byte) (m *IndexMethod, err error) {
	src := newYAMLSource(path, data)
	m = &IndexMethod{Path: path}
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, &MethodologyError{File: path, Msg: fmt.Sprintf("not YAML congvu can read (%v)", r)}
		}
	}()
	if err := yaml.UnmarshalWithOptions(data, m, yaml.Strict()); err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) {
			ln := 0
			if t := ye.GetToken(); t != nil && t.Position != nil {
				ln = t.Position.Line
			}
			return nil, &MethodologyError{File: path, Line: ln, Key: displayKey(src.byLn[ln]), Msg: ye.GetMessage()}
		}
		return nil, &MethodologyError{File: path, Msg: err.Error()}
	}
	if m.Unit == "" {
		return nil, src.errorAt("$.unit", "missing: the column naming the units")
	}
	if err := m.CompositeSpec.Validate(); err != nil {
		var se *SpecError
		if errors.As(err, &se) {
			return nil, src.errorAt("$."+se.Key, "%s", se.Msg)
		}
		return nil, err
	}
	if mc := m.MonteCarlo; mc != nil {
		if mc.Draws < 0 || mc.WeightJitter < 0 || mc.WeightJitter >= 1 {
			return nil, src.errorAt("$.monte_carlo", "draws must be 0 or more and weight_jitter in [0, 1)")
		}
		for i := range mc.Alternatives {
			if err := mc.Alternatives[i].Validate(); err != nil {
				var se *SpecError
				if errors.As(err, &se) {
					return nil, src.errorAt(fmt.Sprintf("$.monte_carlo.alternatives[%d].%s", i, se.Key), "%s", se.Msg)
				}
				return nil, err
			}
		}
	}
	return m, nil
}

// IndexResult is an index over a table's units, with the check against published
// figures when the method names them.
type IndexResult struct {
	Method        *IndexMethod
	Composite     *CompositeResult
	Raw           [][]float64 // [unit][component] as read
	Published     []float64   // per unit; NaN when absent
	PublishedRank []int       // per unit; 0 when absent
	Check         *IndexCheck // nil when the method names no published columns
}

// IndexCheck compares the computed totals and ranks with the published ones.
type IndexCheck struct {
	Tolerance     float64
	Compared      int     // units with a published total
	MaxAbsDiff    float64 // largest |computed − published| total
	WorstUnit     string
	Within        int // totals within the tolerance
	RanksCompared int
	RanksMatched  int
}

// Pass says whether every total is within the tolerance and every rank matches.
func (c *IndexCheck) Pass() bool {
	return c.Within == c.Compared && c.RanksMatched == c.RanksCompared
}

// ScoreIndex computes the method's composite over a table given as its header and
// rows of text (a CSV file as read). Empty cells are missing values; numbers may
// use a decimal comma.
func ScoreIndex(m *IndexMethod, header []string, rows [][]string) (*IndexResult, error) {
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))] = i
	}
	find := func(name, what string) (int, error) {
		i, ok := col[name]
		if !ok {
			return 0, fmt.Errorf("index: no column %q (%s) in the table; it has %s", name, what, strings.Join(header, ", "))
		}
		return i, nil
	}
	ui, err := find(m.Unit, "unit")
	if err != nil {
		return nil, err
	}
	comp := make([]int, len(m.Components))
	for j, c := range m.Components {
		name := c.Column
		if name == "" {
			name = c.ID
		}
		if comp[j], err = find(name, "component "+c.ID); err != nil {
			return nil, err
		}
	}
	ti, ri := -1, -1
	if p := m.Published; p != nil {
		if p.Total != "" {
			if ti, err = find(p.Total, "published total"); err != nil {
				return nil, err
			}
		}
		if p.Rank != "" {
			if ri, err = find(p.Rank, "published rank"); err != nil {
				return nil, err
			}
		}
	}
	in := CompositeInput{}
	res := &IndexResult{Method: m}
	cell := func(r []string, i int) string {
		if i < len(r) {
			return strings.TrimSpace(r[i])
		}
		return ""
	}
	for n, r := range rows {
		unit := cell(r, ui)
		if unit == "" {
			continue
		}
		vals := make([]float64, len(comp))
		for j, i := range comp {
			if vals[j], err = parseNumber(cell(r, i)); err != nil {
				return nil, fmt.Errorf("index: row %d (%s), column %q: %w", n+2, unit, header[i], err)
			}
		}
		in.Units = append(in.Units, unit)
		in.Values = append(in.Values, vals)
		pub, rank := math.NaN(), 0
		if ti >= 0 {
			if pub, err = parseNumber(cell(r, ti)); err != nil {
				return nil, fmt.Errorf("index: row %d (%s), column %q: %w", n+2, unit, header[ti], err)
			}
		}
		if ri >= 0 && cell(r, ri) != "" {
			if rank, err = strconv.Atoi(cell(r, ri)); err != nil {
				return nil, fmt.Errorf("index: row %d (%s), column %q: %q is not a rank", n+2, unit, header[ri], cell(r, ri))
			}
		}
		res.Published = append(res.Published, pub)
		res.PublishedRank = append(res.PublishedRank, rank)
	}
	if len(in.Units) == 0 {
		return nil, fmt.Errorf("index: the table has no units")
	}
	res.Raw = in.Values
	res.Composite, err = Composite(m.CompositeSpec, in, m.MonteCarlo)
	if err != nil {
		return nil, err
	}
	if m.Published != nil {
		c := &IndexCheck{Tolerance: m.Published.Tolerance}
		if c.Tolerance == 0 {
			c.Tolerance = 0.001
		}
		for i, row := range res.Composite.Rows {
			if !math.IsNaN(res.Published[i]) {
				c.Compared++
				d := math.Abs(row.Total - res.Published[i])
				if math.IsNaN(d) {
					d = math.Inf(1)
				}
				if d > c.MaxAbsDiff || c.WorstUnit == "" {
					c.MaxAbsDiff, c.WorstUnit = math.Max(d, c.MaxAbsDiff), row.Unit
				}
				if d <= c.Tolerance {
					c.Within++
				}
			}
			if res.PublishedRank[i] > 0 {
				c.RanksCompared++
				if row.Rank == res.PublishedRank[i] {
					c.RanksMatched++
				}
			}
		}
		res.Check = c
	}
	return res, nil
}

// parseNumber reads a number with a decimal point or comma; "" is NaN (missing).
func parseNumber(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	if !strings.Contains(s, ".") && strings.Count(s, ",") == 1 {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}
