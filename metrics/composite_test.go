package metrics

import (
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

var nan = math.NaN()

func closeAll(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", name, len(got), len(want))
	}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || (!math.IsNaN(want[i]) && math.Abs(got[i]-want[i]) > tol) {
			t.Errorf("%s: [%d] = %v, want %v (all: %v)", name, i, got[i], want[i], got)
		}
	}
}

// TestNormalise checks each normalisation against a table computed by hand on
// x = 2, 4, 4, 10 and a missing value (min 2, max 10, mean 5, sd √12).
func TestNormalise(t *testing.T) {
	x := []float64{2, 4, 4, 10, nan}
	third := 1.0 / 3
	for _, tc := range []struct {
		name string
		dir  Direction
		norm Normalisation
		want []float64
	}{
		// 1 + (x − 2) ÷ 8 × 9
		{"minmax 1-10", Positive, Normalisation{Method: NormMinMax, Low: 1, High: 10}, []float64{1, 3.25, 3.25, 10, nan}},
		{"minmax 1-10 negative", Negative, Normalisation{Method: NormMinMax, Low: 1, High: 10}, []float64{10, 7.75, 7.75, 1, nan}},
		{"minmax 0-1", Positive, Normalisation{Method: NormMinMax}, []float64{0, 0.25, 0.25, 1, nan}},
		// ties share the mean of the ranks they span: 2 and 3 → 2.5
		{"rank with ties", Positive, Normalisation{Method: NormRank}, []float64{1, 2.5, 2.5, 4, nan}},
		{"rank with ties negative", Negative, Normalisation{Method: NormRank}, []float64{4, 2.5, 2.5, 1, nan}},
		// (x − 5) ÷ √12
		{"zscore", Positive, Normalisation{Method: NormZScore}, []float64{-3 / math.Sqrt(12), -1 / math.Sqrt(12), -1 / math.Sqrt(12), 5 / math.Sqrt(12), nan}},
		{"zscore 100±10 negative", Negative, Normalisation{Method: NormZScore, Centre: 100, Spread: 10}, []float64{100 + 30/math.Sqrt(12), 100 + 10/math.Sqrt(12), 100 + 10/math.Sqrt(12), 100 - 50/math.Sqrt(12), nan}},
		// goalposts 0 and 8 onto 0–100: x ÷ 8 × 100, clamped (10 → 125 → 100)
		{"goalposts", Positive, Normalisation{Method: NormGoalposts, Min: 0, Max: 8, Low: 0, High: 100}, []float64{25, 50, 50, 100, nan}},
		{"goalposts negative", Negative, Normalisation{Method: NormGoalposts, Min: 0, Max: 8, Low: 0, High: 100}, []float64{75, 50, 50, 0, nan}},
		// distance to target 8 from the minimum 2: (x − 2) ÷ 6; 10 → 4/3, capped at 1
		{"target no cap", Positive, Normalisation{Method: NormTarget, Target: 8}, []float64{0, third, third, 4 * third, nan}},
		{"target cap", Positive, Normalisation{Method: NormTarget, Target: 8, Cap: true}, []float64{0, third, third, 1, nan}},
		{"target cap onto 0-100", Positive, Normalisation{Method: NormTarget, Target: 8, Cap: true, Low: 0, High: 100}, []float64{0, 100 * third, 100 * third, 100, nan}},
		// negative, target 4 from the maximum 10: (10 − x) ÷ 6; 2 → 4/3, capped at 1
		{"target negative no cap", Negative, Normalisation{Method: NormTarget, Target: 4}, []float64{4 * third, 1, 1, 0, nan}},
		{"target negative cap", Negative, Normalisation{Method: NormTarget, Target: 4, Cap: true}, []float64{1, 1, 1, 0, nan}},
		{"bands", Positive, Normalisation{Method: NormBands, Bands: []Band{{8, 3}, {4, 2}, {3, 1}}}, []float64{0, 2, 2, 3, nan}},
		{"bands negative", Negative, Normalisation{Method: NormBands, Bands: []Band{{2, 3}, {4, 2}}}, []float64{3, 2, 2, 0, nan}},
		{"none negative", Negative, Normalisation{Method: NormNone}, []float64{-2, -4, -4, -10, nan}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.norm.validate(); err != nil {
				t.Fatal(err)
			}
			closeAll(t, tc.name, Normalise(x, tc.dir, tc.norm, nil), tc.want, 1e-12)
		})
	}
	// All values equal: min–max gives the midpoint, z-score the centre.
	closeAll(t, "minmax flat", Normalise([]float64{3, 3}, Positive, Normalisation{Method: NormMinMax, Low: 1, High: 10}, nil), []float64{5.5, 5.5}, 0)
	closeAll(t, "zscore flat", Normalise([]float64{3, 3}, Positive, Normalisation{Method: NormZScore, Centre: 50}, nil), []float64{50, 50}, 0)
}

// TestAggregate checks aggregation, the missing rules and ranking on a table
// computed by hand: weights 3 and 1, values kept as they are.
func TestAggregate(t *testing.T) {
	none := Normalisation{Method: NormNone}
	spec := CompositeSpec{Components: []Component{
		{ID: "a", Direction: Positive, Weight: 3, Normalise: none},
		{ID: "b", Direction: Positive, Weight: 1, Normalise: none},
	}}
	in := CompositeInput{
		Units: []string{"P", "Q", "R", "S", "T", "U"},
		Values: [][]float64{
			{4, 8},   // (3·4 + 8) ÷ 4 = 5
			{nan, 8}, // reweighted: 8, coverage 1/4
			{6, 10},  // 7
			{8, 4},   // 7, tied with R
			{1, 1},   // 1
			{nan, nan},
		},
	}
	res, err := Composite(spec, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	var totals, cov []float64
	var ranks []int
	var flags []string
	for _, r := range res.Rows {
		totals, cov, ranks, flags = append(totals, r.Total), append(cov, r.Coverage), append(ranks, r.Rank), append(flags, r.Flag)
	}
	closeAll(t, "arithmetic", totals, []float64{5, 8, 7, 7, 1, nan}, 1e-12)
	closeAll(t, "coverage", cov, []float64{1, 0.25, 1, 1, 1, 0}, 1e-12)
	if want := []int{4, 1, 2, 2, 5, 0}; !reflect.DeepEqual(ranks, want) {
		t.Errorf("ranks = %v, want %v (ties share the best rank)", ranks, want)
	}
	if want := []string{"", "reweighted", "", "", "", "not_scored"}; !reflect.DeepEqual(flags, want) {
		t.Errorf("flags = %q, want %q", flags, want)
	}
	if !reflect.DeepEqual(res.Rows[1].Missing, []string{"a"}) {
		t.Errorf("missing = %v", res.Rows[1].Missing)
	}

	spec.MinCoverage = 0.5
	res, _ = Composite(spec, in, nil)
	if !math.IsNaN(res.Rows[1].Total) {
		t.Errorf("coverage 0.25 < 0.5 scored %v", res.Rows[1].Total)
	}
	spec.MinCoverage = 0
	spec.Missing = MissingFlag
	res, _ = Composite(spec, in, nil)
	if !math.IsNaN(res.Rows[1].Total) || res.Rows[1].Flag != "not_scored" {
		t.Errorf("flag rule scored a unit with a missing component: %+v", res.Rows[1])
	}

	// Geometric: 4^0.75 · 8^0.25 = 2^2.25; Scale 10.
	spec.Missing = MissingReweight
	spec.Aggregation = Geometric
	spec.Scale = 10
	res, err = Composite(spec, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	closeAll(t, "geometric", []float64{res.Rows[0].Total, res.Rows[2].Total}, []float64{10 * math.Pow(2, 2.25), 10 * math.Pow(6, 0.75) * math.Pow(10, 0.25)}, 1e-9)
	in.Values[4][0] = 0
	if _, err := Composite(spec, in, nil); err == nil {
		t.Errorf("geometric aggregation of a 0 gave no error")
	}
}

func TestCompositeSpecErrors(t *testing.T) {
	ok := Component{ID: "a", Direction: Positive, Weight: 1, Normalise: Normalisation{Method: NormMinMax}}
	for name, s := range map[string]CompositeSpec{
		"empty":        {},
		"direction":    {Components: []Component{{ID: "a", Direction: "up", Weight: 1, Normalise: ok.Normalise}}},
		"zero weights": {Components: []Component{{ID: "a", Direction: Positive, Normalise: ok.Normalise}}},
		"duplicate":    {Components: []Component{ok, ok}},
		"method":       {Components: []Component{{ID: "a", Direction: Positive, Weight: 1, Normalise: Normalisation{Method: "log"}}}},
		"goalposts":    {Components: []Component{{ID: "a", Direction: Positive, Weight: 1, Normalise: Normalisation{Method: NormGoalposts, Min: 5, Max: 5}}}},
		"aggregation":  {Components: []Component{ok}, Aggregation: "median"},
	} {
		if err := s.Validate(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// simulated draws units with known true rates and observes k ~ Binomial(n, p).
func simulated(seed uint64, units int) (truth []float64, in CompositeInput) {
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := 0; i < units; i++ {
		p := 0.6 + 0.35*rng.Float64()
		n := float64(30 + rng.IntN(400))
		k := distuv.Binomial{N: n, P: p, Src: rng}.Rand()
		truth = append(truth, p)
		r := k / n
		in.Units = append(in.Units, string(rune('A'+i%26))+string(rune('a'+i/26)))
		in.Values = append(in.Values, []float64{r})
		in.SE = append(in.SE, []float64{RateSE(int64(k), int64(n))})
	}
	return truth, in
}

// TestRankIntervalCoverage: on simulated units with known true rates, the true
// rank lies inside the 5–95 % rank interval for about 90 % of units.
func TestRankIntervalCoverage(t *testing.T) {
	spec := CompositeSpec{Components: []Component{{ID: "on_time", Direction: Positive, Weight: 1, Normalise: Normalisation{Method: NormNone}}}}
	inside, total := 0, 0
	for rep := uint64(1); rep <= 5; rep++ {
		truth, in := simulated(rep, 100)
		ri, err := RankIntervals(spec, in, MonteCarloOptions{Draws: 1000, Seed: 42, Sampling: true})
		if err != nil {
			t.Fatal(err)
		}
		trueRank := competitionRanks(truth)
		for i := range truth {
			total++
			if r := float64(trueRank[i]); r >= math.Floor(ri[i].Lo) && r <= math.Ceil(ri[i].Hi) {
				inside++
			}
		}
	}
	cov := float64(inside) / float64(total)
	t.Logf("true rank inside the 90 %% interval for %d of %d units (%.1f %%)", inside, total, 100*cov)
	if cov < 0.85 || cov > 0.97 {
		t.Errorf("coverage %.3f, want about 0.90", cov)
	}
}

func TestRankIntervalsDeterministic(t *testing.T) {
	_, in := simulated(9, 60)
	spec := CompositeSpec{Components: []Component{
		{ID: "a", Direction: Positive, Weight: 2, Normalise: Normalisation{Method: NormMinMax, Low: 1, High: 10}},
	}}
	alt := spec
	alt.Components = []Component{{ID: "a", Direction: Positive, Weight: 2, Normalise: Normalisation{Method: NormRank}}}
	opt := MonteCarloOptions{Draws: 300, Seed: 7, Sampling: true, WeightJitter: 0.25, Alternatives: []CompositeSpec{alt}, Workers: 1}
	a, err := RankIntervals(spec, in, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Workers = 4
	b, _ := RankIntervals(spec, in, opt)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("results depend on the number of workers")
	}
	opt.Seed = 8
	c, _ := RankIntervals(spec, in, opt)
	if reflect.DeepEqual(a, c) {
		t.Errorf("another seed gave the same intervals")
	}
	// Intervals are ordered and contain the median.
	for i, r := range a {
		if !(r.Lo <= r.Median && r.Median <= r.Hi) {
			t.Errorf("unit %d: %+v", i, r)
		}
	}
	// Without sampling error and jitter every draw ranks the same.
	fixed, _ := RankIntervals(spec, in, MonteCarloOptions{Draws: 50, Seed: 1})
	res, _ := Composite(spec, in, nil)
	for i, r := range fixed {
		if r.Lo != r.Hi || r.Median != float64(res.Rows[i].Rank) {
			t.Errorf("unit %d: fixed draws gave %+v, rank %d", i, r, res.Rows[i].Rank)
		}
	}
}

func TestQuantileSorted(t *testing.T) {
	s := []int32{1, 2, 3, 4, 10}
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	closeAll(t, "quantiles", []float64{quantileSorted(s, 0), quantileSorted(s, 0.5), quantileSorted(s, 0.9), quantileSorted(s, 1)}, []float64{1, 3, 7.6, 10}, 1e-12)
}
