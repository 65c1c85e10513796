package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// Officer scorecards and unit/district rankings (issue 6). Everything here runs on
// the small aggregated tables (one row of counts per officer, unit or district), so
// time and memory depend on the number of groups, never on the number of cases.
//
// Officers. Each component is a rate with its count: on-time rate (early + on time of
// completed cases with a due date), apology compliance (letters on time of late and
// overdue cases), conduct (severity-weighted camera incidents per 100 counter days,
// lower is better) and satisfaction (share satisfied). With officer_score.shrink, each
// is shrunk toward the mean of the officer's peers (officer_score.peers: officers of
// the same kind of unit, or all): beta-binomial for rates, gamma-Poisson for incident
// rates (FitBetaBinomial, FitGammaPoisson). The shrunk values are put on 0–100 by
// goalposts (rates 0–1; conduct 0 to officer_score.conduct_goalpost, turned round),
// weighted by officer_score.weights and averaged; a component without data is left out
// and the rest re-weighted (or the officer left unscored, officer_score.missing), never
// read as zero. A Monte Carlo over the posterior spread and the weights gives the rank
// interval. The grade is the band of the score under the rule set in force on the
// period's last day: a suggestion with its evidence, never the official grade.
//
// Units and districts. PAR-Index-style points per criterion (par_index.criteria: the
// rate × maximum, or banded), their total as a percentage of the maximum of the
// criteria present; QĐ 766-style points for progress and satisfaction; PCI-style
// sub-indices (min–max onto 1–10 across the units, bad indicators turned round) with a
// weighted composite on 100. Units are ranked by the PAR-style percentage; the rank
// interval comes from a Monte Carlo over sampling error and the criteria's weights.

// The components of the officer score, in the order of Scorecard.Figures.
var OfficerComponents = []string{IndicatorOnTime, IndicatorApology, IndicatorConduct, IndicatorSatisfaction}

// OfficerCounts is what the officer score reads for one officer: counts only.
type OfficerCounts struct {
	OfficerID, UnitID, UnitKind string
	OnTime, Completed           int64   // early + on time, of completed cases with a due date
	ApologyOnTime, NeedApology  int64   // letters on time, of late and pending-overdue cases
	Satisfied, Rated            int64   // satisfied answers, of answers about the officer
	Incidents                   int64   // camera incidents counted
	Weighted                    float64 // severity-weighted incidents
	CounterDays                 int64   // working days at a counter; 0 = no conduct figure
}

// Figure is one indicator of one officer or unit with everything an inspector needs to
// judge it: the count behind it, the raw value and its interval, the shrunk value,
// the position among peers and on the funnel, and its points.
type Figure struct {
	Indicator string
	K, N      int64   // events and volume; conduct: weighted incidents (rounded) and counter days
	Raw       float64 // K ÷ N (conduct: per 100 counter days); NaN when there is no volume
	CI        Interval
	Shrunk    Shrunk  // posterior; Mean NaN when not shrunk or no data
	Value     float64 // the value scored: Shrunk.Mean when shrunk, else Raw
	SE        float64 // its standard error, for the Monte Carlo
	// Percentile among the peers that have the figure: 100 × (peers worse + ½ ties) ÷ peers,
	// in the indicator's direction (100 = best). NaN without a value.
	Percentile float64
	Peers      int
	Funnel     []string // flag per funnel level ("above" | "below" | ""); nil = not on a funnel
	// FunnelLo and FunnelHi are the limits at each level for this figure's volume, as
	// the flags were judged (over-dispersion included when the methodology asks for it).
	FunnelLo, FunnelHi []float64
	// FunnelTau2 is the additive over-dispersion τ² the limits were widened by (0: none),
	// estimated over the figures of the same indicator and level.
	FunnelTau2 float64
	Points     float64 // normalised, 0–100; NaN when missing
	Small      bool    // fewer than the small-group threshold
}

// Has says whether the figure has data.
func (f *Figure) Has() bool { return !math.IsNaN(f.Value) }

// Scorecard is one officer's scorecard line.
type Scorecard struct {
	OfficerID, UnitID, UnitKind string
	Figures                     []Figure // in OfficerComponents order
	Total                       float64  // 0–100; NaN when not scored
	Coverage                    float64  // share of the weight present
	Missing                     []string // components without data
	Flag                        string   // "" | "reweighted" | "not_scored"
	Rank                        int      // 1 = best among scored officers; 0 = not scored
	MedianRank, RankLo, RankHi  float64
	Percentile                  float64 // of the total among scored peers (100 = best)
	// Grade is the suggested band (GradeExcellent …) under Rules; "" when not scored.
	// Capped: the band was lowered by the rule set's cap on xuất sắc.
	Grade  string
	Capped bool
}

// Fig returns the figure of indicator id (nil when it is not a component).
func (o *Scorecard) Fig(id string) *Figure {
	for i := range o.Figures {
		if o.Figures[i].Indicator == id {
			return &o.Figures[i]
		}
	}
	return nil
}

// PriorInfo is the prior one peer group's figures were shrunk toward.
type PriorInfo struct {
	Peers     string // the unit kind ("" = all officers)
	Indicator string
	Mean      float64 // the peer mean the figures are pulled to
	Strength  float64 // α + β (rates) or b (per 100 counter days): its weight in cases or exposure
	Pooled    bool    // peers vary no more than chance
	Units     int
}

// OfficerScores is the officer scorecards of a period.
type OfficerScores struct {
	Officers   []Scorecard // by rank; unscored last, by id
	Weights    map[string]float64
	Goalpost   float64 // conduct: points 0 at this rate per 100 counter days
	Shrink     bool
	PeersBy    string // unit_kind | all
	Priors     []PriorInfo
	Rules      *GradingRules // the grading rule set in force on Date
	Date       time.Time
	MonteCarlo MonteCarloOptions
	MinCases   int
	// MinCoverage is the share of the weights an officer's figures must cover to be
	// scored (officer_score.min_coverage).
	MinCoverage float64
	// MissingFlag: a component without data leaves the officer unscored and flagged
	// (officer_score.missing: flag) instead of re-spreading the weights.
	MissingFlag bool
}

// ScoreOptions are what the scoring steps take besides the counts.
type ScoreOptions struct {
	Methodology *Methodology // nil = the embedded default
	Date        time.Time    // the period's last day: picks the grading rule set; required for officers
	MinCases    int          // below it a figure is flagged small; ≤ 0 = the methodology's
	// Centre holds the funnels' centre per indicator (the province rate); an indicator
	// not in it is centred on the pooled rate of the groups.
	Centre map[string]float64
	// SkipMonteCarlo leaves the rank intervals NaN (previous periods).
	SkipMonteCarlo bool
}

func (o *ScoreOptions) methodology() (*Methodology, error) {
	if o.Methodology != nil {
		return o.Methodology, nil
	}
	return LoadMethodology("")
}

func (o *ScoreOptions) minCases(m *Methodology) int {
	if o.MinCases > 0 {
		return o.MinCases
	}
	if m.Timeliness.MinCases.Value > 0 {
		return m.Timeliness.MinCases.Value
	}
	return DefaultMinCases
}

// monteCarlo returns the Monte Carlo options of the methodology.
func monteCarlo(m *Methodology) MonteCarloOptions {
	mc := DefaultMonteCarlo()
	s := m.MonteCarlo
	if s.Draws.Value > 0 {
		mc.Draws = s.Draws.Value
	}
	if s.Seed.Value != 0 {
		mc.Seed = s.Seed.Value
	}
	mc.WeightJitter = s.WeightJitter.Value
	mc.Sampling = s.Sampling.Value
	if iv := s.Interval.Value; len(iv) == 2 {
		mc.Lo, mc.Hi = iv[0], iv[1]
	}
	return mc
}

// level returns the shrinkage interval level (0.95 by default).
func shrinkLevel(m *Methodology) float64 {
	if l := m.Shrinkage.Level.Value; l > 0 && l < 1 {
		return l
	}
	return 0.95
}

// ScoreOfficers scores officers from their counts.
func ScoreOfficers(counts []OfficerCounts, opt ScoreOptions) (*OfficerScores, error) {
	m, err := opt.methodology()
	if err != nil {
		return nil, err
	}
	if opt.Date.IsZero() {
		return nil, fmt.Errorf("metrics: officer scores need the period's last day")
	}
	// No grading rule set in force on the day (e.g. a year before the methodology's
	// first set): the scores stand, no grade band is suggested.
	rules, err := m.GradingAt(opt.Date)
	if err != nil {
		rules = nil
	}
	os := m.OfficerScore
	res := &OfficerScores{Weights: os.Weights.Value, Goalpost: os.ConductGoalpost.Value, MinCoverage: os.MinCoverage.Value,
		MissingFlag: os.Missing.Value == "flag",
		Shrink:      os.Shrink.Value && m.Shrinkage.Method.Value != "none", PeersBy: os.Peers.Value,
		Rules: rules, Date: opt.Date, MonteCarlo: monteCarlo(m), MinCases: opt.minCases(m)}
	if !(res.Goalpost > 0) {
		res.Goalpost = 10
	}
	level := shrinkLevel(m)
	n := len(counts)
	res.Officers = make([]Scorecard, n)
	peerOf := func(c *OfficerCounts) string {
		if res.PeersBy == "all" {
			return ""
		}
		return c.UnitKind
	}
	// Raw figures.
	for i := range counts {
		c := &counts[i]
		o := &res.Officers[i]
		o.OfficerID, o.UnitID, o.UnitKind = c.OfficerID, c.UnitID, c.UnitKind
		o.Figures = []Figure{
			rateFigure(IndicatorOnTime, c.OnTime, c.Completed, res.MinCases),
			rateFigure(IndicatorApology, c.ApologyOnTime, c.NeedApology, res.MinCases),
			countFigure(c.Weighted, c.CounterDays, DefaultMinCounterDays),
			rateFigure(IndicatorSatisfaction, c.Satisfied, c.Rated, res.MinCases),
		}
	}
	// Shrinkage toward the peers, per peer group and component.
	groups := map[string][]int{}
	var keys []string
	for i := range counts {
		g := peerOf(&counts[i])
		if _, ok := groups[g]; !ok {
			keys = append(keys, g)
		}
		groups[g] = append(groups[g], i)
	}
	slices.Sort(keys)
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	if res.Shrink {
		for j, id := range OfficerComponents {
			for _, g := range keys {
				members := groups[g]
				info, ok := shrinkGroup(res.Officers, members, j, level)
				if !ok { // too few peers with data: the prior of all officers
					info, ok = shrinkGroup(res.Officers, members, j, level, all...)
				}
				if ok {
					info.Peers, info.Indicator = g, id
					res.Priors = append(res.Priors, info)
				}
			}
		}
	}
	for i := range res.Officers {
		for j := range res.Officers[i].Figures {
			f := &res.Officers[i].Figures[j]
			if math.IsNaN(f.Value) {
				continue
			}
			if f.SE == 0 && math.IsNaN(f.Shrunk.Mean) {
				f.SE = rawSE(f)
			}
		}
	}
	// Percentiles among peers.
	for _, g := range keys {
		members := groups[g]
		for j, id := range OfficerComponents {
			neg := id == IndicatorConduct
			percentiles(members, neg, func(i int) *float64 { return &res.Officers[i].Figures[j].Value },
				func(i int, p float64, peers int) {
					res.Officers[i].Figures[j].Percentile, res.Officers[i].Figures[j].Peers = p, peers
				})
		}
	}
	// Funnels of the three rates across all officers.
	levels := funnelLevels(m)
	for j, id := range OfficerComponents {
		if id == IndicatorConduct {
			continue
		}
		if err := funnelFigures(res.Officers, func(o *Scorecard) *Figure { return &o.Figures[j] }, id, levels, m, opt.Centre); err != nil {
			return nil, err
		}
	}
	// The composite.
	spec := officerSpec(res.Weights, res.Goalpost, m)
	in := CompositeInput{Units: make([]string, n), Values: make([][]float64, n), SE: make([][]float64, n)}
	flat := make([]float64, 2*n*len(OfficerComponents))
	for i := range res.Officers {
		o := &res.Officers[i]
		in.Units[i] = o.OfficerID
		k := len(OfficerComponents)
		in.Values[i], in.SE[i] = flat[2*i*k:(2*i+1)*k], flat[(2*i+1)*k:(2*i+2)*k]
		for j := range o.Figures {
			in.Values[i][j], in.SE[i][j] = o.Figures[j].Value, o.Figures[j].SE
		}
	}
	var mc *MonteCarloOptions
	if !opt.SkipMonteCarlo && n > 0 {
		mc = &res.MonteCarlo
	}
	comp, err := Composite(spec, in, mc)
	if err != nil {
		return nil, err
	}
	for i := range res.Officers {
		o, r := &res.Officers[i], &comp.Rows[i]
		o.Total, o.Coverage, o.Missing, o.Flag, o.Rank = r.Total, r.Coverage, r.Missing, r.Flag, r.Rank
		o.MedianRank, o.RankLo, o.RankHi = r.MedianRank, r.RankLo, r.RankHi
		for j := range o.Figures {
			o.Figures[j].Points = r.Normalised[j]
		}
		if o.Rank == 0 { // a draw with jittered weights may reach the coverage the spec does not
			o.MedianRank, o.RankLo, o.RankHi = math.NaN(), math.NaN(), math.NaN()
		}
		if rules != nil {
			o.Grade = rules.Grade(o.Total)
		}
		o.Percentile = math.NaN()
	}
	for _, g := range keys {
		percentiles(groups[g], false, func(i int) *float64 { return &res.Officers[i].Total },
			func(i int, p float64, _ int) { res.Officers[i].Percentile = p })
	}
	capExcellent(res.Officers, rules)
	slices.SortStableFunc(res.Officers, func(a, b Scorecard) int {
		if (a.Rank == 0) != (b.Rank == 0) {
			if a.Rank == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.OfficerID, b.OfficerID))
	})
	return res, nil
}

// officerSpec is the officer composite: goalposts onto 0–100 and the weights.
func officerSpec(w map[string]float64, goalpost float64, m *Methodology) CompositeSpec {
	gp := func(hi float64) Normalisation {
		return Normalisation{Method: NormGoalposts, Min: 0, Max: hi, Low: 0, High: 100}
	}
	spec := CompositeSpec{Name: "officer_score", Missing: MissingRule(m.OfficerScore.Missing.Value),
		MinCoverage: m.OfficerScore.MinCoverage.Value}
	for _, id := range OfficerComponents {
		c := Component{ID: id, Direction: Positive, Weight: w[id], Normalise: gp(1)}
		if id == IndicatorConduct {
			c.Direction, c.Normalise = Negative, gp(goalpost)
		}
		spec.Components = append(spec.Components, c)
	}
	return spec
}

// rateFigure is a rate's raw figure.
func rateFigure(id string, k, n int64, minCases int) Figure {
	f := Figure{Indicator: id, K: k, N: n, Raw: math.NaN(), Value: math.NaN(), Percentile: math.NaN(),
		Points: math.NaN(), Shrunk: Shrunk{Raw: math.NaN(), Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}}
	if n > 0 {
		f.Raw = float64(k) / float64(n)
		f.Value = f.Raw
		f.CI = Wilson(k, n, Z95)
	} else {
		f.CI = Interval{math.NaN(), math.NaN()}
	}
	f.Small = n < int64(minCases)
	return f
}

// countFigure is conduct's raw figure: weighted incidents per 100 counter days.
func countFigure(weighted float64, days, minDays int64) Figure {
	y := int64(math.Round(weighted))
	f := Figure{Indicator: IndicatorConduct, K: y, N: days, Raw: math.NaN(), Value: math.NaN(), Percentile: math.NaN(),
		Points: math.NaN(), Shrunk: Shrunk{Raw: math.NaN(), Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN()},
		CI: Interval{math.NaN(), math.NaN()}}
	if days > 0 {
		e := float64(days) / 100
		f.Raw = weighted / e
		f.Value = f.Raw
		ci := PoissonCI(y, 0.05)
		f.CI = Interval{ci.Lo / e, ci.Hi / e}
	}
	f.Small = days < minDays
	return f
}

// rawSE is the sampling standard error of an unshrunk figure.
func rawSE(f *Figure) float64 {
	if f.Indicator == IndicatorConduct {
		e := float64(f.N) / 100
		return math.Sqrt(float64(f.K)+0.5) / e
	}
	return RateSE(f.K, f.N)
}

// shrinkGroup fits the prior of component j to the officers in fit (members when
// fit is empty) and shrinks the members' figures. ok is false when fewer than two
// officers have data.
func shrinkGroup(os []Scorecard, members []int, j int, level float64, fit ...int) (PriorInfo, bool) {
	if len(fit) == 0 {
		fit = members
	}
	z := ZForLevel(level)
	conduct := OfficerComponents[j] == IndicatorConduct
	if conduct {
		var y []int64
		var e []float64
		for _, i := range fit {
			if f := &os[i].Figures[j]; f.N > 0 {
				y, e = append(y, f.K), append(e, float64(f.N)/100)
			}
		}
		prior, err := FitGammaPoisson(y, e)
		if err != nil {
			return PriorInfo{}, false
		}
		for _, i := range members {
			f := &os[i].Figures[j]
			if f.N == 0 {
				continue
			}
			f.Shrunk = ShrinkCount(prior, f.K, float64(f.N)/100, level)
			f.Value = f.Shrunk.Mean
			f.SE = posteriorSE(f.Shrunk, z, math.Sqrt(prior.Shape+float64(f.K))/(prior.Rate+float64(f.N)/100))
		}
		return PriorInfo{Mean: prior.Mean(), Strength: prior.Rate * 100, Pooled: prior.Pooled, Units: len(y)}, true
	}
	var k, n []int64
	for _, i := range fit {
		if f := &os[i].Figures[j]; f.N > 0 {
			k, n = append(k, f.K), append(n, f.N)
		}
	}
	prior, err := FitBetaBinomial(k, n)
	if err != nil {
		return PriorInfo{}, false
	}
	for _, i := range members {
		f := &os[i].Figures[j]
		if f.N == 0 {
			continue
		}
		f.Shrunk = ShrinkRate(prior, f.K, f.N, level)
		f.Value = f.Shrunk.Mean
		a, b := prior.Alpha+float64(f.K), prior.Beta+float64(f.N-f.K)
		f.SE = posteriorSE(f.Shrunk, z, math.Sqrt(a*b/((a+b)*(a+b)*(a+b+1))))
	}
	return PriorInfo{Mean: prior.Mean(), Strength: prior.Alpha + prior.Beta, Pooled: prior.Pooled, Units: len(k)}, true
}

// posteriorSE is the posterior's standard deviation (sd, exact); under complete pooling
// it is 0 and the figure does not vary in the Monte Carlo.
func posteriorSE(s Shrunk, _ float64, sd float64) float64 {
	if s.Lo == s.Hi || math.IsNaN(sd) {
		return 0
	}
	return sd
}

// percentiles gives each of members with a value its mid-rank percentile among them
// (100 = best; for neg, lower values are better).
func percentiles(members []int, neg bool, value func(int) *float64, set func(i int, p float64, peers int)) {
	vals := make([]float64, 0, len(members))
	for _, i := range members {
		if v := *value(i); !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	sort.Float64s(vals)
	m := len(vals)
	for _, i := range members {
		v := *value(i)
		if math.IsNaN(v) {
			set(i, math.NaN(), m)
			continue
		}
		lo := sort.SearchFloat64s(vals, v)
		hi := sort.Search(m, func(k int) bool { return vals[k] > v })
		below, above, ties := lo, m-hi, hi-lo
		worse := below
		if neg {
			worse = above
		}
		set(i, 100*(float64(worse)+0.5*float64(ties))/float64(m), m)
	}
}

// funnelLevels are the funnel levels of the methodology (95 % and 99.8 % by default).
func funnelLevels(m *Methodology) []float64 {
	if l := m.Funnel.Levels.Value; len(l) > 0 {
		return l
	}
	return []float64{0.95, 0.998}
}

// FunnelOptionsOf returns the funnel options of the methodology centred on centre
// (NaN = the pooled rate).
func FunnelOptionsOf(m *Methodology, centre float64) FunnelOptions {
	o := FunnelOptions{Levels: funnelLevels(m), Overdispersion: m.Funnel.Overdispersion.Value, Winsor: m.Funnel.Winsor.Value}
	if !math.IsNaN(centre) {
		o.Target, o.UseTarget = centre, true
	}
	return o
}

// funnelFigures places the raw rates of one indicator on a funnel and sets the flags.
func funnelFigures[T any](rows []T, fig func(*T) *Figure, id string, levels []float64, m *Methodology, centre map[string]float64) error {
	var units []FunnelUnit
	var idx []int
	for i := range rows {
		if f := fig(&rows[i]); f.N > 0 {
			units = append(units, FunnelUnit{K: f.K, N: f.N})
			idx = append(idx, i)
		}
	}
	if len(units) == 0 {
		return nil
	}
	c, ok := centre[id]
	if !ok {
		c = math.NaN()
	}
	fr, err := Funnel(units, FunnelOptionsOf(m, c))
	if err != nil {
		return err
	}
	for k, i := range idx {
		f := fig(&rows[i])
		f.Funnel, f.FunnelLo, f.FunnelHi, f.FunnelTau2 = fr.Points[k].Flag, fr.Points[k].Lo, fr.Points[k].Hi, fr.Tau2
	}
	return nil
}

// capExcellent applies a rule set's cap on xuất sắc: at most ExcellentCap × the number
// graded tốt (after the cap: those dropped count as tốt) may be xuất sắc, as METHODOLOGY.md
// §7 states it; the lowest scores above the cap drop to tốt. Of T suggested tốt or better,
// E may stay xuất sắc while E ≤ cap × (T − E), that is E ≤ cap·T / (1 + cap).
func capExcellent(os []Scorecard, rules *GradingRules) {
	if rules == nil {
		return
	}
	limit := rules.ExcellentCap.Value
	if !(limit > 0) {
		return
	}
	var exc []int
	good := 0
	for i := range os {
		switch os[i].Grade {
		case GradeExcellent:
			exc = append(exc, i)
			good++
		case GradeGood:
			good++
		}
	}
	allowed := int(math.Floor(limit*float64(good)/(1+limit) + 1e-9))
	if len(exc) <= allowed {
		return
	}
	slices.SortStableFunc(exc, func(a, b int) int { return cmpDesc(os[a].Total, os[b].Total) })
	for _, i := range exc[allowed:] {
		os[i].Grade, os[i].Capped = GradeGood, true
	}
}

// UnitCounts is what the unit and district rankings read for one group: counts only.
type UnitCounts struct {
	ID, Kind                   string // unit id (or district id) and the unit's kind
	OnTime, Completed          int64
	ApologyOnTime, NeedApology int64
	Satisfied, Rated           int64
	Incidents                  int64
	Weighted                   float64
	CounterDays                int64
	// QĐ 766 progress: (pending in time + resolved early or on time) of the cases
	// received in the period (PeriodRow's Progress766 numerator and denominator).
	ProgressNum, Received int64
}

// UnitComponents are the raw figures of a unit, in the order of UnitScore.Figures.
var UnitComponents = []string{IndicatorOnTime, IndicatorApology, IndicatorSatisfaction, IndicatorConduct}

// UnitScore is one unit's (or district's) ranking line.
type UnitScore struct {
	ID, Kind string
	Figures  []Figure // in UnitComponents order: raw rates, intervals, funnel flags
	// PAR-Index-style points per criterion (par_index.criteria order), NaN when its rate
	// has no data; PARTotal = Σ points ÷ Σ maximum of the criteria present × 100.
	PARPoints  []float64
	PARTotal   float64
	PARMissing []string
	// QĐ 766-style points (NaN when no data).
	Progress766, Satisfaction766 float64
	// PCI-style sub-indices on Low–High (pci.sub_indices order) and the composite.
	PCISub   []float64
	PCITotal float64
	// Rank by the PAR-style total (1 = best) with its Monte Carlo interval.
	Rank                       int
	MedianRank, RankLo, RankHi float64
	PCIRank                    int
	// Change from the previous period: its total and rank (0 = not ranked then), and
	// whether it had one at all.
	HasPrevious bool
	PrevTotal   float64
	PrevRank    int
	Small       bool // fewer completed cases than the small-group threshold
}

// UnitScores is the ranking of units (or districts) in a period.
type UnitScores struct {
	Level      string      // unit | district
	Rows       []UnitScore // by rank; unscored last
	PAR        []PARCriterion
	NotCovered []string
	PCI        PCIStyle
	QD766      Service766
	MonteCarlo MonteCarloOptions
	Previous   bool // a previous period was compared
	MinCases   int
}

// ScoreUnits ranks units or districts from their counts; prev (nil for none) holds the
// counts of the previous period, keyed alike.
func ScoreUnits(level string, counts, prev []UnitCounts, opt ScoreOptions) (*UnitScores, error) {
	m, err := opt.methodology()
	if err != nil {
		return nil, err
	}
	res := &UnitScores{Level: level, PAR: m.PAR.Criteria, NotCovered: m.PAR.NotCovered.Value, PCI: m.PCI,
		QD766: m.QD766, MonteCarlo: monteCarlo(m), Previous: prev != nil, MinCases: opt.minCases(m)}
	rows, err := unitScores(counts, m, opt, res.MinCases)
	if err != nil {
		return nil, err
	}
	if prev != nil {
		o := opt
		o.SkipMonteCarlo = true
		pr, err := unitScores(prev, m, o, res.MinCases)
		if err != nil {
			return nil, err
		}
		byID := map[string]*UnitScore{}
		for i := range pr {
			byID[pr[i].ID] = &pr[i]
		}
		for i := range rows {
			if p, ok := byID[rows[i].ID]; ok && !math.IsNaN(p.PARTotal) {
				rows[i].HasPrevious, rows[i].PrevTotal, rows[i].PrevRank = true, p.PARTotal, p.Rank
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b UnitScore) int {
		if (a.Rank == 0) != (b.Rank == 0) {
			if a.Rank == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.ID, b.ID))
	})
	res.Rows = rows
	return res, nil
}

// unitScores computes the figures, points, totals and ranks of one period.
func unitScores(counts []UnitCounts, m *Methodology, opt ScoreOptions, minCases int) ([]UnitScore, error) {
	n := len(counts)
	rows := make([]UnitScore, n)
	for i := range counts {
		c := &counts[i]
		rows[i] = UnitScore{ID: c.ID, Kind: c.Kind, Figures: []Figure{
			rateFigure(IndicatorOnTime, c.OnTime, c.Completed, minCases),
			rateFigure(IndicatorApology, c.ApologyOnTime, c.NeedApology, minCases),
			rateFigure(IndicatorSatisfaction, c.Satisfied, c.Rated, minCases),
			countFigure(c.Weighted, c.CounterDays, DefaultMinCounterDays),
		}, Progress766: math.NaN(), Satisfaction766: math.NaN(), PrevTotal: math.NaN()}
		rows[i].Small = c.Completed < int64(minCases)
		for j := range rows[i].Figures {
			f := &rows[i].Figures[j]
			if f.Has() {
				f.SE = rawSE(f)
			}
		}
		if c.Received > 0 {
			rows[i].Progress766 = points(float64(c.ProgressNum)/float64(c.Received), m.QD766.Progress.MaxPoints.Value,
				m.QD766.Progress.Scale.Value, m.QD766.Progress.Bands.Value)
		}
		if f := rows[i].Figures[2]; f.Has() {
			rows[i].Satisfaction766 = points(f.Raw, m.QD766.Satisfaction.MaxPoints.Value,
				m.QD766.Satisfaction.Scale.Value, m.QD766.Satisfaction.Bands.Value)
		}
	}
	fig := func(r *UnitScore, id string) *Figure {
		return &r.Figures[slices.Index(UnitComponents, id)]
	}
	if !opt.SkipMonteCarlo {
		levels := funnelLevels(m)
		for j, id := range UnitComponents {
			if id == IndicatorConduct {
				continue
			}
			if err := funnelFigures(rows, func(r *UnitScore) *Figure { return &r.Figures[j] }, id, levels, m, opt.Centre); err != nil {
				return nil, err
			}
		}
	}
	if n == 0 {
		return rows, nil
	}
	var mc *MonteCarloOptions
	if !opt.SkipMonteCarlo {
		o := monteCarlo(m)
		mc = &o
	}
	// PAR-style: each criterion onto 0–100 % of its maximum, weighted by the maxima.
	spec := CompositeSpec{Name: "par_index", Missing: MissingReweight}
	for _, cr := range m.PAR.Criteria {
		norm := Normalisation{Method: NormGoalposts, Min: 0, Max: 1, Low: 0, High: 100}
		if cr.Scale.Value == "banded" && cr.MaxPoints.Value > 0 {
			norm = Normalisation{Method: NormBands}
			for _, b := range cr.Bands.Value {
				norm.Bands = append(norm.Bands, Band{At: b.At, Points: 100 * b.Points / cr.MaxPoints.Value})
			}
		}
		spec.Components = append(spec.Components, Component{ID: cr.Indicator, Direction: direction(cr.Indicator),
			Weight: cr.MaxPoints.Value, Normalise: norm})
	}
	in := unitInput(rows, spec, fig)
	for i := range rows { // a unit that decided no case with a due date is listed, not ranked
		if !rows[i].Figures[0].Has() {
			for j := range in.Values[i] {
				in.Values[i][j] = math.NaN()
			}
		}
	}
	par, err := Composite(spec, in, mc)
	if err != nil {
		return nil, fmt.Errorf("par_index: %w", err)
	}
	// PCI-style.
	pspec := CompositeSpec{Name: "pci", Missing: MissingReweight, Scale: m.PCI.Scale.Value}
	for _, s := range m.PCI.SubIndices {
		norm := Normalisation{Method: NormMethod(m.PCI.Normalise.Value), Low: m.PCI.Low.Value, High: m.PCI.High.Value}
		pspec.Components = append(pspec.Components, Component{ID: s.Indicator, Direction: s.Direction,
			Weight: s.Weight.Value, Normalise: norm})
	}
	pci, err := Composite(pspec, unitInput(rows, pspec, fig), nil)
	if err != nil {
		return nil, fmt.Errorf("pci: %w", err)
	}
	for i := range rows {
		r, p := &par.Rows[i], &pci.Rows[i]
		rows[i].PARTotal, rows[i].Rank, rows[i].PARMissing = r.Total, r.Rank, r.Missing
		rows[i].MedianRank, rows[i].RankLo, rows[i].RankHi = r.MedianRank, r.RankLo, r.RankHi
		rows[i].PARPoints = make([]float64, len(m.PAR.Criteria))
		for j, cr := range m.PAR.Criteria {
			rows[i].PARPoints[j] = r.Normalised[j] / 100 * cr.MaxPoints.Value
		}
		rows[i].PCISub, rows[i].PCITotal, rows[i].PCIRank = p.Normalised, p.Total, p.Rank
		if math.IsNaN(rows[i].PARTotal) {
			rows[i].Rank = 0
			rows[i].MedianRank, rows[i].RankLo, rows[i].RankHi = math.NaN(), math.NaN(), math.NaN()
		}
	}
	return rows, nil
}

// unitInput builds a composite's input from the units' raw figures.
func unitInput(rows []UnitScore, spec CompositeSpec, fig func(*UnitScore, string) *Figure) CompositeInput {
	k := len(spec.Components)
	in := CompositeInput{Units: make([]string, len(rows)), Values: make([][]float64, len(rows)), SE: make([][]float64, len(rows))}
	for i := range rows {
		in.Units[i] = rows[i].ID
		in.Values[i], in.SE[i] = make([]float64, k), make([]float64, k)
		for j, c := range spec.Components {
			f := fig(&rows[i], c.ID)
			in.Values[i][j], in.SE[i][j] = f.Value, f.SE
		}
	}
	return in
}

// direction is an indicator's direction: conduct is the one where less is better.
func direction(id string) Direction {
	if id == IndicatorConduct {
		return Negative
	}
	return Positive
}

// points maps a share onto points: linear (share × max, the share capped at 1) or
// banded (the first band whose threshold the share reaches).
func points(share, max float64, scale string, bands []Band) float64 {
	if scale == "banded" {
		for _, b := range bands {
			if share >= b.At {
				return b.Points
			}
		}
		return 0
	}
	return math.Min(share, 1) * max
}
