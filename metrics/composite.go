package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Composite indicators after the OECD/JRC Handbook on Constructing Composite
// Indicators (2008) and COINr: each component is normalised across units, the
// normalised values are weighted and aggregated to a total, units are ranked,
// and a Monte Carlo over sampling error and alternative weights and
// normalisations gives each unit a median rank and a rank interval.

// Direction says whether more of a component is better (positive) or worse (negative).
type Direction string

// The directions of a component.
const (
	Positive Direction = "positive"
	Negative Direction = "negative"
)

// NormMethod names a normalisation.
type NormMethod string

// The normalisations. Each maps a component's values across units onto a common
// scale on which more is better (a negative component is turned round).
const (
	// NormNone keeps the values as they are (already on a common scale, as the
	// published PCI sub-indices are); a negative component is negated.
	NormNone NormMethod = "none"
	// NormMinMax maps the lowest value to Low and the highest to High (turned round
	// for a negative component). All values equal: every unit gets the midpoint.
	NormMinMax NormMethod = "minmax"
	// NormZScore gives Centre + Spread × (x − mean) ÷ sd (sd with n − 1; negated for a
	// negative component). Spread 0 means 1. All values equal: every unit gets Centre.
	NormZScore NormMethod = "zscore"
	// NormRank gives each unit its rank, 1 for the worst to n for the best; tied
	// values share the mean of the ranks they span.
	NormRank NormMethod = "rank"
	// NormGoalposts maps fixed goalposts Min and Max onto Low and High, clamping
	// values outside them: (x − Min) ÷ (Max − Min), or (Max − x) ÷ (Max − Min) for a
	// negative component.
	NormGoalposts NormMethod = "goalposts"
	// NormTarget is the distance to a target (COINr's n_dist2targ): (x − min) ÷
	// (Target − min) with min the lowest value across units, or (max − x) ÷
	// (max − Target) for a negative component; with Cap, capped at 1 (the target
	// reached). Then mapped onto Low–High.
	NormTarget NormMethod = "target"
	// NormBands gives banded points: the Points of the first band (in list order)
	// whose threshold At the value reaches — x ≥ At for a positive component, x ≤ At
	// for a negative one; 0 when it reaches none.
	NormBands NormMethod = "bands"
)

// Band is one band of banded points.
type Band struct {
	At     float64 `yaml:"at"`
	Points float64 `yaml:"points"`
}

// Normalisation is a normalisation method and its parameters. Low and High both
// zero mean 0 and 1.
type Normalisation struct {
	Method NormMethod `yaml:"method"`
	Low    float64    `yaml:"low,omitempty"`
	High   float64    `yaml:"high,omitempty"`
	Min    float64    `yaml:"min,omitempty"`    // goalposts
	Max    float64    `yaml:"max,omitempty"`    // goalposts
	Target float64    `yaml:"target,omitempty"` // distance to target
	Cap    bool       `yaml:"cap,omitempty"`    // distance to target: at most 1
	Centre float64    `yaml:"centre,omitempty"` // z-score
	Spread float64    `yaml:"spread,omitempty"` // z-score; 0 means 1
	Bands  []Band     `yaml:"bands,omitempty"`
}

func (n Normalisation) lowHigh() (float64, float64) {
	if n.Low == 0 && n.High == 0 {
		return 0, 1
	}
	return n.Low, n.High
}

// Component is one component of a composite.
type Component struct {
	ID        string        `yaml:"id"`
	Column    string        `yaml:"column,omitempty"` // input column, when it differs from ID
	Direction Direction     `yaml:"direction"`
	Weight    float64       `yaml:"weight"`
	Normalise Normalisation `yaml:"normalise"`
}

// Aggregation names how weighted normalised values are combined.
type Aggregation string

// The aggregations.
const (
	// Arithmetic: Σ wⱼ yⱼ ÷ Σ wⱼ over the components present.
	Arithmetic Aggregation = "arithmetic"
	// Geometric: Π yⱼ^(wⱼ ÷ Σ wⱼ); every normalised value must be above 0.
	Geometric Aggregation = "geometric"
)

// MissingRule says what a missing component (NaN) does to a unit's total. A
// missing value is never read as zero.
type MissingRule string

// The missing-component rules.
const (
	// MissingReweight leaves the component out and re-weights the others; the unit
	// is flagged, and not scored when the weight present is below MinCoverage.
	MissingReweight MissingRule = "reweight"
	// MissingFlag leaves the unit without a total and flags it.
	MissingFlag MissingRule = "flag"
)

// CompositeSpec is everything a composite needs; a result records it so a run can
// be repeated. The zero Aggregation is Arithmetic, the zero Missing is
// MissingReweight, the zero Scale is 1.
type CompositeSpec struct {
	Name        string      `yaml:"name,omitempty"`
	Components  []Component `yaml:"components"`
	Aggregation Aggregation `yaml:"aggregation,omitempty"`
	// Scale multiplies the aggregate: PCI's total is 10 × the weighted mean of
	// sub-indices on 1–10, so Scale 10.
	Scale       float64     `yaml:"scale,omitempty"`
	Missing     MissingRule `yaml:"missing,omitempty"`
	MinCoverage float64     `yaml:"min_coverage,omitempty"` // share of weight that must be present; 0 = any
}

// ErrComposite is the sentinel of composite errors.
var ErrComposite = errors.New("metrics: composite")

// SpecError is a problem of a CompositeSpec at Key (e.g. components[1].direction).
type SpecError struct {
	Key string
	Msg string
}

// Error names the key and what is wrong with it.
func (e *SpecError) Error() string { return fmt.Sprintf("metrics: composite: %s: %s", e.Key, e.Msg) }

// Is makes errors.Is(err, ErrComposite) true.
func (e *SpecError) Is(target error) bool { return target == ErrComposite }

func specErr(key, format string, args ...any) error {
	return &SpecError{Key: key, Msg: fmt.Sprintf(format, args...)}
}

// Validate checks the spec; its error is a *SpecError.
func (s *CompositeSpec) Validate() error {
	if len(s.Components) == 0 {
		return specErr("components", "no components")
	}
	seen := map[string]bool{}
	total := 0.0
	for i, c := range s.Components {
		key := fmt.Sprintf("components[%d]", i)
		if c.ID == "" {
			return specErr(key+".id", "a component without id")
		}
		if seen[c.ID] {
			return specErr(key+".id", "component %q twice", c.ID)
		}
		seen[c.ID] = true
		if c.Direction != Positive && c.Direction != Negative {
			return specErr(key+".direction", "unknown value %q: want positive or negative", c.Direction)
		}
		if !(c.Weight >= 0) || math.IsInf(c.Weight, 0) {
			return specErr(key+".weight", "weight must be 0 or more, got %v", c.Weight)
		}
		total += c.Weight
		if err := c.Normalise.validate(); err != nil {
			return specErr(key+".normalise", "%v", err)
		}
	}
	if !(total > 0) {
		return specErr("components", "the weights sum to 0")
	}
	switch s.Aggregation {
	case "", Arithmetic, Geometric:
	default:
		return specErr("aggregation", "unknown value %q: want arithmetic or geometric", s.Aggregation)
	}
	switch s.Missing {
	case "", MissingReweight, MissingFlag:
	default:
		return specErr("missing", "unknown value %q: want reweight or flag", s.Missing)
	}
	if s.Scale < 0 {
		return specErr("scale", "must be 0 or more, got %v", s.Scale)
	}
	if !(s.MinCoverage >= 0 && s.MinCoverage <= 1) {
		return specErr("min_coverage", "must be between 0 and 1, got %v", s.MinCoverage)
	}
	return nil
}

func (n Normalisation) validate() error {
	switch n.Method {
	case NormNone, NormMinMax, NormZScore, NormRank:
	case NormGoalposts:
		if !(n.Min < n.Max) {
			return fmt.Errorf("goalposts: min %v must be below max %v", n.Min, n.Max)
		}
	case NormTarget:
	case NormBands:
		if len(n.Bands) == 0 {
			return fmt.Errorf("bands: no bands")
		}
	default:
		return fmt.Errorf("normalise: unknown method %q: want none, minmax, zscore, rank, goalposts, target or bands", n.Method)
	}
	if lo, hi := n.lowHigh(); !(lo < hi) && n.Method != NormNone && n.Method != NormZScore && n.Method != NormRank && n.Method != NormBands {
		return fmt.Errorf("normalise: low %v must be below high %v", lo, hi)
	}
	return nil
}

// Normalise normalises one component's values across units (NaN = missing, kept
// NaN) into out, which it returns (allocated when nil or short).
func Normalise(values []float64, dir Direction, n Normalisation, out []float64) []float64 {
	if cap(out) < len(values) {
		out = make([]float64, len(values))
	}
	out = out[:len(values)]
	neg := dir == Negative
	lo, hi := n.lowHigh()
	var minV, maxV, mean, sd float64
	present := len(values)
	switch n.Method {
	case NormMinMax, NormZScore, NormRank, NormTarget:
		minV, maxV, mean, sd, present = columnStats(values, n.Method == NormZScore)
	}
	switch n.Method {
	case NormNone:
		for i, x := range values {
			if neg {
				x = -x
			}
			out[i] = x
		}
	case NormMinMax:
		for i, x := range values {
			switch {
			case math.IsNaN(x):
				out[i] = x
			case maxV == minV:
				out[i] = (lo + hi) / 2
			case neg:
				out[i] = lo + (maxV-x)/(maxV-minV)*(hi-lo)
			default:
				out[i] = lo + (x-minV)/(maxV-minV)*(hi-lo)
			}
		}
	case NormZScore:
		spread := n.Spread
		if spread == 0 {
			spread = 1
		}
		for i, x := range values {
			switch {
			case math.IsNaN(x):
				out[i] = x
			case !(sd > 0):
				out[i] = n.Centre
			default:
				z := (x - mean) / sd
				if neg {
					z = -z
				}
				out[i] = n.Centre + spread*z
			}
		}
	case NormRank:
		rankAverage(values, neg, out, present)
	case NormGoalposts:
		for i, x := range values {
			if math.IsNaN(x) {
				out[i] = x
				continue
			}
			u := (x - n.Min) / (n.Max - n.Min)
			if neg {
				u = 1 - u
			}
			out[i] = lo + clamp01(u)*(hi-lo)
		}
	case NormTarget:
		for i, x := range values {
			if math.IsNaN(x) {
				out[i] = x
				continue
			}
			var u float64
			if neg {
				u = (maxV - x) / (maxV - n.Target)
			} else {
				u = (x - minV) / (n.Target - minV)
			}
			if math.IsNaN(u) || math.IsInf(u, 0) { // the target is the extreme value itself
				u = 1
			}
			if n.Cap && u > 1 {
				u = 1
			}
			out[i] = lo + u*(hi-lo)
		}
	case NormBands:
		for i, x := range values {
			if math.IsNaN(x) {
				out[i] = x
				continue
			}
			out[i] = 0
			for _, b := range n.Bands {
				if (!neg && x >= b.At) || (neg && x <= b.At) {
					out[i] = b.Points
					break
				}
			}
		}
	}
	return out
}

func clamp01(u float64) float64 {
	if u < 0 {
		return 0
	}
	if u > 1 {
		return 1
	}
	return u
}

// columnStats returns the min, max, mean and sample sd (when withSD) of the
// non-NaN values, and how many there are.
func columnStats(values []float64, withSD bool) (minV, maxV, mean, sd float64, n int) {
	minV, maxV = math.Inf(1), math.Inf(-1)
	sum := 0.0
	for _, x := range values {
		if math.IsNaN(x) {
			continue
		}
		n++
		sum += x
		if x < minV {
			minV = x
		}
		if x > maxV {
			maxV = x
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN(), math.NaN(), 0
	}
	mean = sum / float64(n)
	if withSD && n > 1 {
		ss := 0.0
		for _, x := range values {
			if !math.IsNaN(x) {
				ss += (x - mean) * (x - mean)
			}
		}
		sd = math.Sqrt(ss / float64(n-1))
	}
	return
}

// rankAverage writes ranks 1 (worst) … n (best), ties sharing their mean rank.
func rankAverage(values []float64, neg bool, out []float64, present int) {
	idx := make([]int, 0, present)
	for i, x := range values {
		if math.IsNaN(x) {
			out[i] = x
		} else {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if neg {
			return values[idx[a]] > values[idx[b]]
		}
		return values[idx[a]] < values[idx[b]]
	})
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && values[idx[j+1]] == values[idx[i]] {
			j++
		}
		r := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			out[idx[k]] = r
		}
		i = j + 1
	}
}

// CompositeInput is the small aggregated table a composite is computed on.
type CompositeInput struct {
	Units []string
	// Values[i][j] is unit i's value of component j (in the spec's order); NaN = missing.
	Values [][]float64
	// SE[i][j] is its sampling standard error, for the Monte Carlo; nil or 0 = none.
	SE [][]float64
}

// CompositeRow is one unit's result.
type CompositeRow struct {
	Unit       string
	Normalised []float64 // per component, NaN when missing
	Total      float64   // NaN when not scored
	Rank       int       // 1 = best; ties share the best rank of the tie; 0 when not scored
	Coverage   float64   // share of the weight whose component is present
	Missing    []string  // ids of the missing components
	Flag       string    // "" | "reweighted" | "not_scored"
	// From the Monte Carlo (NaN when it was not run): the median rank and the rank interval.
	MedianRank, RankLo, RankHi float64
}

// CompositeResult is a composite over units with the parameters that made it.
type CompositeResult struct {
	Spec       CompositeSpec
	MonteCarlo *MonteCarloOptions // nil when not run
	Rows       []CompositeRow
}

// MonteCarloOptions say how rank intervals are drawn. Each draw picks the spec or
// one of the Alternatives with equal chance, multiplies each weight by a uniform
// factor in [1 − WeightJitter, 1 + WeightJitter], adds to each value a normal
// error with its SE (when Sampling), and ranks the units.
type MonteCarloOptions struct {
	Draws        int             `yaml:"draws"`         // 0 means 1000
	Seed         uint64          `yaml:"seed"`          // the same seed gives the same intervals
	WeightJitter float64         `yaml:"weight_jitter"` // 0 = weights fixed
	Sampling     bool            `yaml:"sampling"`      // draw values from their sampling error
	Alternatives []CompositeSpec `yaml:"alternatives,omitempty"`
	Lo           float64         `yaml:"lo,omitempty"`      // lower rank quantile; 0 means 0.05
	Hi           float64         `yaml:"hi,omitempty"`      // upper rank quantile; 0 means 0.95
	Workers      int             `yaml:"workers,omitempty"` // 0 = GOMAXPROCS; results do not depend on it
}

// DefaultMonteCarlo returns the documented defaults: 1000 draws, seed 20250701,
// weights ±25 %, sampling error on, 5–95 % interval.
func DefaultMonteCarlo() MonteCarloOptions {
	return MonteCarloOptions{Draws: 1000, Seed: 20250701, WeightJitter: 0.25, Sampling: true, Lo: 0.05, Hi: 0.95}
}

// Composite scores the units of in under spec; with mc it also draws rank intervals.
func Composite(spec CompositeSpec, in CompositeInput, mc *MonteCarloOptions) (*CompositeResult, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	if err := in.check(len(spec.Components)); err != nil {
		return nil, err
	}
	sc := newScorer(&spec, len(in.Units))
	weights := spec.weights()
	totals, cov, err := sc.score(in.Values, weights)
	if err != nil {
		return nil, err
	}
	res := &CompositeResult{Spec: spec, Rows: make([]CompositeRow, len(in.Units))}
	ranks := competitionRanks(totals)
	for i, u := range in.Units {
		r := CompositeRow{Unit: u, Total: totals[i], Rank: ranks[i], Coverage: cov[i],
			Normalised: make([]float64, len(spec.Components)),
			MedianRank: math.NaN(), RankLo: math.NaN(), RankHi: math.NaN()}
		for j, c := range spec.Components {
			r.Normalised[j] = sc.norm[j][i]
			if math.IsNaN(in.Values[i][j]) {
				r.Missing = append(r.Missing, c.ID)
			}
		}
		switch {
		case math.IsNaN(r.Total):
			r.Flag = "not_scored"
		case len(r.Missing) > 0:
			r.Flag = "reweighted"
		}
		res.Rows[i] = r
	}
	if mc != nil {
		o := *mc
		ri, err := RankIntervals(spec, in, o)
		if err != nil {
			return nil, err
		}
		for i := range res.Rows {
			res.Rows[i].MedianRank, res.Rows[i].RankLo, res.Rows[i].RankHi = ri[i].Median, ri[i].Lo, ri[i].Hi
		}
		res.MonteCarlo = &o
	}
	return res, nil
}

func (in *CompositeInput) check(k int) error {
	if len(in.Values) != len(in.Units) {
		return fmt.Errorf("%w: %d units but %d rows of values", ErrComposite, len(in.Units), len(in.Values))
	}
	for i, row := range in.Values {
		if len(row) != k {
			return fmt.Errorf("%w: unit %q has %d values for %d components", ErrComposite, in.Units[i], len(row), k)
		}
	}
	if in.SE != nil && len(in.SE) != len(in.Units) {
		return fmt.Errorf("%w: %d units but %d rows of standard errors", ErrComposite, len(in.Units), len(in.SE))
	}
	for i, row := range in.SE {
		if len(row) != k {
			return fmt.Errorf("%w: unit %q has %d standard errors for %d components", ErrComposite, in.Units[i], len(row), k)
		}
	}
	return nil
}

func (s *CompositeSpec) weights() []float64 {
	w := make([]float64, len(s.Components))
	for j, c := range s.Components {
		w[j] = c.Weight
	}
	return w
}

// scorer holds the buffers of one scoring pass.
type scorer struct {
	spec   *CompositeSpec
	col    []float64   // one component's raw values
	norm   [][]float64 // [component][unit]
	totals []float64
	cov    []float64
}

func newScorer(spec *CompositeSpec, n int) *scorer {
	sc := &scorer{spec: spec, col: make([]float64, n), norm: make([][]float64, len(spec.Components)),
		totals: make([]float64, n), cov: make([]float64, n)}
	for j := range sc.norm {
		sc.norm[j] = make([]float64, n)
	}
	return sc
}

// score normalises every component and aggregates; values[i][j].
func (sc *scorer) score(values [][]float64, w []float64) (totals, coverage []float64, err error) {
	s := sc.spec
	for j, c := range s.Components {
		for i := range values {
			sc.col[i] = values[i][j]
		}
		sc.norm[j] = Normalise(sc.col, c.Direction, c.Normalise, sc.norm[j])
	}
	return sc.aggregate(w)
}

func (sc *scorer) aggregate(w []float64) (totals, coverage []float64, err error) {
	s := sc.spec
	scale := s.Scale
	if scale == 0 {
		scale = 1
	}
	wAll := 0.0
	for _, x := range w {
		wAll += x
	}
	geo := s.Aggregation == Geometric
	for i := range sc.totals {
		wp, acc := 0.0, 0.0
		missing := false
		for j := range w {
			y := sc.norm[j][i]
			if math.IsNaN(y) {
				missing = true
				continue
			}
			if w[j] == 0 {
				continue
			}
			wp += w[j]
			if geo {
				if !(y > 0) {
					return nil, nil, fmt.Errorf("%w: geometric aggregation needs normalised values above 0; component %q of unit %d is %v (normalise onto a range above 0, e.g. 1–10)",
						ErrComposite, s.Components[j].ID, i+1, y)
				}
				acc += w[j] * math.Log(y)
			} else {
				acc += w[j] * y
			}
		}
		sc.cov[i] = wp / wAll
		switch {
		case wp == 0, missing && s.Missing == MissingFlag, sc.cov[i] < s.MinCoverage:
			sc.totals[i] = math.NaN()
		case geo:
			sc.totals[i] = scale * math.Exp(acc/wp)
		default:
			sc.totals[i] = scale * acc / wp
		}
	}
	return sc.totals, sc.cov, nil
}

// competitionRanks ranks totals, highest first: 1, 2, 2, 4 (ties share the best
// rank); NaN gets 0.
func competitionRanks(totals []float64) []int {
	idx := make([]int, 0, len(totals))
	for i, t := range totals {
		if !math.IsNaN(t) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmpDesc(totals[a], totals[b]) })
	ranks := make([]int, len(totals))
	for k, i := range idx {
		if k > 0 && totals[i] == totals[idx[k-1]] {
			ranks[i] = ranks[idx[k-1]]
		} else {
			ranks[i] = k + 1
		}
	}
	return ranks
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// RankInterval is a unit's rank across Monte Carlo draws: the median and the
// interval between the lower and upper quantiles. NaN when the unit was never scored.
type RankInterval struct{ Median, Lo, Hi float64 }

// RankIntervals runs the Monte Carlo of opt over spec and in. Draw d uses its own
// random stream (seed, d), so results depend on neither the number of workers
// nor the order of draws.
func RankIntervals(spec CompositeSpec, in CompositeInput, opt MonteCarloOptions) ([]RankInterval, error) {
	specs := append([]CompositeSpec{spec}, opt.Alternatives...)
	for i := range specs {
		if err := specs[i].Validate(); err != nil {
			return nil, err
		}
		if len(specs[i].Components) != len(spec.Components) {
			return nil, specErr(fmt.Sprintf("alternatives[%d]", i-1), "%d components, want %d", len(specs[i].Components), len(spec.Components))
		}
	}
	if err := in.check(len(spec.Components)); err != nil {
		return nil, err
	}
	draws := opt.Draws
	if draws <= 0 {
		draws = 1000
	}
	lo, hi := opt.Lo, opt.Hi
	if lo == 0 && hi == 0 {
		lo, hi = 0.05, 0.95
	}
	n, k := len(in.Units), len(spec.Components)
	ranks := make([]int32, n*draws) // [unit][draw]
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, draws)
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for wk := 0; wk < workers; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			scorers := make([]*scorer, len(specs))
			vals := make([][]float64, n)
			flat := make([]float64, n*k)
			for i := range vals {
				vals[i] = flat[i*k : (i+1)*k]
			}
			w := make([]float64, k)
			keys, tk := make([]uint64, n), make([]uint64, n)
			idx, ti := make([]int32, n), make([]int32, n)
			for d := wk; d < draws; d += workers {
				rng := rand.New(rand.NewPCG(opt.Seed, uint64(d)))
				si := 0
				if len(specs) > 1 {
					si = rng.IntN(len(specs))
				}
				if scorers[si] == nil {
					scorers[si] = newScorer(&specs[si], n)
				}
				for j, c := range specs[si].Components {
					w[j] = c.Weight
					if opt.WeightJitter > 0 {
						w[j] *= 1 + opt.WeightJitter*(2*rng.Float64()-1)
					}
				}
				for i := range vals {
					for j := range vals[i] {
						x := in.Values[i][j]
						if opt.Sampling && in.SE != nil && in.SE[i][j] > 0 && !math.IsNaN(x) {
							x += in.SE[i][j] * rng.NormFloat64()
						}
						vals[i][j] = x
					}
				}
				totals, _, err := scorers[si].score(vals, w)
				if err != nil {
					errs[wk] = err
					return
				}
				m := 0
				for i, t := range totals {
					if math.IsNaN(t) {
						ranks[i*draws+d] = 0
					} else {
						keys[m], idx[m] = descKey(t), int32(i)
						m++
					}
				}
				// Rank by a radix sort on the totals' bits: no comparisons, no allocation.
				sk, sidx := radixSort(keys[:m], idx[:m], tk[:m], ti[:m])
				prev := int32(0)
				for r := range sk {
					rk := int32(r + 1)
					if r > 0 && sk[r] == sk[r-1] {
						rk = prev // ties share the best rank
					}
					ranks[int(sidx[r])*draws+d] = rk
					prev = rk
				}
			}
		}(wk)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make([]RankInterval, n)
	// Each unit's ranks are sorted by a radix sort (ranks are small integers), the
	// units split among the workers.
	var qg sync.WaitGroup
	for wk := 0; wk < workers; wk++ {
		qg.Add(1)
		go func(wk int) {
			defer qg.Done()
			scratch := make([]int32, draws)
			for i := wk; i < n; i += workers {
				out[i] = rankQuantiles(ranks[i*draws:(i+1)*draws], scratch, lo, hi)
			}
		}(wk)
	}
	qg.Wait()
	return out, nil
}

// rankQuantiles sorts one unit's ranks over the draws (0 = not scored in that draw)
// and returns their median and lo and hi quantiles.
func rankQuantiles(rs, scratch []int32, lo, hi float64) RankInterval {
	{
		rs = radixSort32(rs, scratch)
		first := 0
		for first < len(rs) && rs[first] == 0 {
			first++
		}
		rs = rs[first:]
		if len(rs) == 0 {
			return RankInterval{math.NaN(), math.NaN(), math.NaN()}
		}
		return RankInterval{Median: quantileSorted(rs, 0.5), Lo: quantileSorted(rs, lo), Hi: quantileSorted(rs, hi)}
	}
}

// radixSort32 sorts non-negative values ascending (LSD, a byte a pass, uniform passes
// skipped) with scratch of the same length; it returns the sorted slice, which is
// either v or scratch.
func radixSort32(v, scratch []int32) []int32 {
	var count [256]int
	for shift := uint(0); shift < 32; shift += 8 {
		count = [256]int{}
		for _, x := range v {
			count[byte(uint32(x)>>shift)]++
		}
		if len(v) == 0 || count[byte(uint32(v[0])>>shift)] == len(v) {
			continue
		}
		sum := 0
		for b, c := range count {
			count[b] = sum
			sum += c
		}
		for _, x := range v {
			b := byte(uint32(x) >> shift)
			scratch[count[b]] = x
			count[b]++
		}
		v, scratch = scratch, v
	}
	return v
}

// descKey maps a total to a key whose ascending order is the totals' descending
// order (IEEE 754 bits, sign handled; −0 and +0 alike).
func descKey(t float64) uint64 {
	if t == 0 {
		t = 0
	}
	b := math.Float64bits(t)
	if b>>63 != 0 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return ^b
}

// radixSort sorts keys ascending, carrying idx along (LSD, one byte a pass, passes
// where every key has the same byte skipped), using tk and ti as scratch of the same
// length. It returns the sorted slices, which are either the inputs or the scratch.
func radixSort(keys []uint64, idx []int32, tk []uint64, ti []int32) ([]uint64, []int32) {
	if len(keys) < 2 {
		return keys, idx
	}
	var count [256]int
	for shift := uint(0); shift < 64; shift += 8 {
		count = [256]int{}
		for _, k := range keys {
			count[byte(k>>shift)]++
		}
		if count[byte(keys[0]>>shift)] == len(keys) {
			continue
		}
		sum := 0
		for b, c := range count {
			count[b] = sum
			sum += c
		}
		for j, k := range keys {
			b := byte(k >> shift)
			p := count[b]
			count[b]++
			tk[p], ti[p] = k, idx[j]
		}
		keys, tk = tk, keys
		idx, ti = ti, idx
	}
	return keys, idx
}

// quantileSorted is the p-quantile of sorted values by linear interpolation
// between order statistics (Hyndman and Fan type 7, R's default).
func quantileSorted(s []int32, p float64) float64 {
	if len(s) == 1 {
		return float64(s[0])
	}
	h := p * float64(len(s)-1)
	lo := int(math.Floor(h))
	if lo >= len(s)-1 {
		return float64(s[len(s)-1])
	}
	return float64(s[lo]) + (h-float64(lo))*float64(s[lo+1]-s[lo])
}

// RateSE is the sampling standard error of the rate k/n used by the Monte Carlo:
// √(p(1 − p)/n) with p = (k + ½)/(n + 1), so that a rate of 0 or 1 still varies.
// With n ≤ 0 it returns 0.
func RateSE(k, n int64) float64 {
	if n <= 0 {
		return 0
	}
	p := (float64(k) + 0.5) / (float64(n) + 1)
	return math.Sqrt(p * (1 - p) / float64(n))
}
