package metrics

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestShrinkRatesHand: three units with 1, 3 and 5 events in 10 trials.
// m = 9/30 = 0.3; S = 10(0.2² + 0 + 0.2²) = 0.8; m(1 − m) = 0.21;
// Σ(1 − nᵢ/N) = 3 · 2/3 = 2; Σ(1 − nᵢ/N)(nᵢ − 1) = 3 · 2/3 · 9 = 18;
// ρ = (0.8/0.21 − 2)/18 = 19/189; α + β = 189/19 − 1 = 170/19;
// α = 0.3 · 170/19 = 51/19, β = 119/19.
// Posterior means: (51/19 + k) ÷ (170/19 + 10) = (51 + 19k)/360 → 70/360, 108/360, 146/360;
// the weight of each unit's data is 10 ÷ (170/19 + 10) = 19/36.
func TestShrinkRatesHand(t *testing.T) {
	prior, got, err := ShrinkRates([]int64{1, 3, 5}, []int64{10, 10, 10}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	closeAll(t, "prior", []float64{prior.Alpha, prior.Beta}, []float64{51.0 / 19, 119.0 / 19}, 1e-12)
	var means, weights, raw []float64
	for _, s := range got {
		means, weights, raw = append(means, s.Mean), append(weights, s.Weight), append(raw, s.Raw)
	}
	closeAll(t, "posterior means", means, []float64{70.0 / 360, 108.0 / 360, 146.0 / 360}, 1e-12)
	closeAll(t, "weights", weights, []float64{19.0 / 36, 19.0 / 36, 19.0 / 36}, 1e-12)
	closeAll(t, "raw", raw, []float64{0.1, 0.3, 0.5}, 1e-12)
	// The interval is the 2.5 % and 97.5 % quantiles of Beta(α + k, β + n − k).
	post := distuv.Beta{Alpha: 51.0/19 + 1, Beta: 119.0/19 + 9}
	closeAll(t, "interval tails", []float64{post.CDF(got[0].Lo), post.CDF(got[0].Hi)}, []float64{0.025, 0.975}, 1e-9)

	// Units that vary no more than chance pool completely.
	prior, got, err = ShrinkRates([]int64{3, 3}, []int64{10, 10}, 0.95)
	if err != nil || !prior.Pooled || math.Abs(got[0].Mean-0.3) > 1e-9 {
		t.Errorf("pooled: %+v %+v %v", prior, got, err)
	}
	// A unit with no trials gets the peer mean.
	_, got, _ = ShrinkRates([]int64{1, 3, 5, 0}, []int64{10, 10, 10, 0}, 0.95)
	if math.Abs(got[3].Mean-0.3) > 1e-12 || !math.IsNaN(got[3].Raw) {
		t.Errorf("no trials: %+v", got[3])
	}
	if _, err := FitBetaBinomial([]int64{1}, []int64{10}); err == nil {
		t.Errorf("one unit fitted")
	}
}

// TestShrinkCountsHand: incidents 0, 2, 10 over exposures 1, 1, 2.
// m = 12/4 = 3; rates 0, 2, 5; Σ eᵢ(rᵢ − m)² = 9 + 1 + 8 = 18; minus (I − 1)m = 6 → 12;
// Σe − Σe²/Σe = 4 − 6/4 = 2.5; σ² = 12/2.5 = 4.8; a = 9/4.8 = 1.875, b = 3/4.8 = 0.625.
// Posterior means (a + y) ÷ (b + e): 1.875/1.625 = 15/13, 3.875/1.625 = 31/13, 11.875/2.625 = 95/21.
func TestShrinkCountsHand(t *testing.T) {
	prior, got, err := ShrinkCounts([]int64{0, 2, 10}, []float64{1, 1, 2}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	closeAll(t, "prior", []float64{prior.Shape, prior.Rate}, []float64{1.875, 0.625}, 1e-12)
	closeAll(t, "posterior means", []float64{got[0].Mean, got[1].Mean, got[2].Mean}, []float64{15.0 / 13, 31.0 / 13, 95.0 / 21}, 1e-12)
	post := distuv.Gamma{Alpha: 1.875 + 10, Beta: 0.625 + 2}
	closeAll(t, "interval tails", []float64{post.CDF(got[2].Lo), post.CDF(got[2].Hi)}, []float64{0.025, 0.975}, 1e-9)
	prior, _, _ = ShrinkCounts([]int64{2, 2}, []float64{1, 1}, 0.95)
	if !prior.Pooled {
		t.Errorf("equal rates not pooled: %+v", prior)
	}
}
