package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Empirical-Bayes shrinkage of small-sample figures toward their peers.
//
// Rates (beta-binomial). Unit i has kᵢ events in nᵢ trials; its true rate is
// drawn from Beta(α, β) with mean m = α ÷ (α + β) and intra-class correlation
// ρ = 1 ÷ (α + β + 1). The prior is fitted to the peers by the method of moments
// (Kleinman 1973): m = Σk ÷ Σn, S = Σ nᵢ(pᵢ − m)², and since
// E[S] = m(1 − m) Σ (1 − nᵢ/N)(1 + ρ(nᵢ − 1)) with N = Σn,
//
//	ρ = (S ÷ (m(1 − m)) − Σ(1 − nᵢ/N)) ÷ Σ (1 − nᵢ/N)(nᵢ − 1),  α + β = 1/ρ − 1.
//
// ρ ≤ 0 (no more spread than chance) gives complete pooling: every unit's
// posterior mean is m. The posterior of unit i is Beta(α + kᵢ, β + nᵢ − kᵢ):
// mean (α + kᵢ) ÷ (α + β + nᵢ), interval from its quantiles.
//
// Counts (gamma-Poisson). Unit i has yᵢ incidents over exposure eᵢ (e.g. working
// days ÷ 100); its rate is drawn from Gamma(a, b) (shape a, rate b). Method of
// moments: m = Σy ÷ Σe, σ² = (Σ eᵢ(rᵢ − m)² − (I − 1)m) ÷ (Σe − Σe² ÷ Σe)
// (the Poisson part removed), a = m² ÷ σ², b = m ÷ σ²; σ² ≤ 0 pools completely.
// The posterior is Gamma(a + yᵢ, b + eᵢ): mean (a + yᵢ) ÷ (b + eᵢ).

// poolAll stands for an infinitely tight prior: complete pooling.
const poolAll = 1e12

// BetaPrior is a beta prior: Beta(Alpha, Beta).
type BetaPrior struct {
	Alpha, Beta float64
	Pooled      bool // the peers vary no more than chance: complete pooling
}

// Mean returns α ÷ (α + β).
func (p BetaPrior) Mean() float64 { return p.Alpha / (p.Alpha + p.Beta) }

// Shrunk is a unit's shrunk figure with its posterior interval.
type Shrunk struct {
	Raw    float64 // k ÷ n or y ÷ e (NaN when n or e is 0)
	Mean   float64 // posterior mean
	Lo, Hi float64 // posterior interval
	Weight float64 // the weight of the unit's own data: n ÷ (α + β + n), or e ÷ (b + e)
}

// FitBetaBinomial fits a beta prior to peers' events k and trials n by the method
// of moments. Units with n = 0 are ignored; at least two units with trials are needed.
func FitBetaBinomial(k, n []int64) (BetaPrior, error) {
	if len(k) != len(n) {
		return BetaPrior{}, fmt.Errorf("metrics: beta-binomial: %d counts for %d volumes", len(k), len(n))
	}
	var sk, sn float64
	units := 0
	for i := range k {
		if k[i] < 0 || n[i] < 0 || k[i] > n[i] {
			return BetaPrior{}, fmt.Errorf("metrics: beta-binomial: unit %d has %d of %d", i, k[i], n[i])
		}
		if n[i] > 0 {
			sk += float64(k[i])
			sn += float64(n[i])
			units++
		}
	}
	if units < 2 {
		return BetaPrior{}, fmt.Errorf("metrics: beta-binomial: %d units with trials, need 2", units)
	}
	m := sk / sn
	if m == 0 || m == 1 {
		return BetaPrior{Alpha: m * poolAll, Beta: (1 - m) * poolAll, Pooled: true}, nil
	}
	var s, a, b float64
	for i := range k {
		if n[i] == 0 {
			continue
		}
		ni := float64(n[i])
		p := float64(k[i]) / ni
		s += ni * (p - m) * (p - m)
		a += 1 - ni/sn
		b += (1 - ni/sn) * (ni - 1)
	}
	rho := 0.0
	if b > 0 {
		rho = (s/(m*(1-m)) - a) / b
	}
	if rho <= 1/(poolAll+1) {
		return BetaPrior{Alpha: m * poolAll, Beta: (1 - m) * poolAll, Pooled: true}, nil
	}
	rho = math.Min(rho, 1-1e-9)
	total := 1/rho - 1
	return BetaPrior{Alpha: m * total, Beta: (1 - m) * total}, nil
}

// ShrinkRate returns the posterior of k events in n trials under prior, with an
// equal-tailed interval at level (e.g. 0.95).
func ShrinkRate(prior BetaPrior, k, n int64, level float64) Shrunk {
	a, b := prior.Alpha+float64(k), prior.Beta+float64(n-k)
	s := Shrunk{Raw: math.NaN(), Mean: a / (a + b), Weight: float64(n) / (prior.Alpha + prior.Beta + float64(n))}
	if n > 0 {
		s.Raw = float64(k) / float64(n)
	}
	if prior.Pooled {
		s.Lo, s.Hi = s.Mean, s.Mean
		return s
	}
	tail := (1 - level) / 2
	s.Lo, s.Hi = mathext.InvRegIncBeta(a, b, tail), mathext.InvRegIncBeta(a, b, 1-tail)
	return s
}

// ShrinkRates fits the prior to all units and shrinks each.
func ShrinkRates(k, n []int64, level float64) (BetaPrior, []Shrunk, error) {
	prior, err := FitBetaBinomial(k, n)
	if err != nil {
		return prior, nil, err
	}
	out := make([]Shrunk, len(k))
	for i := range k {
		out[i] = ShrinkRate(prior, k[i], n[i], level)
	}
	return prior, out, nil
}

// GammaPrior is a gamma prior on a rate: shape Shape, rate Rate.
type GammaPrior struct {
	Shape, Rate float64
	Pooled      bool
}

// Mean returns Shape ÷ Rate.
func (p GammaPrior) Mean() float64 { return p.Shape / p.Rate }

// FitGammaPoisson fits a gamma prior to peers' counts y over exposures e by the
// method of moments. Units with e = 0 are ignored; at least two are needed.
func FitGammaPoisson(y []int64, e []float64) (GammaPrior, error) {
	if len(y) != len(e) {
		return GammaPrior{}, fmt.Errorf("metrics: gamma-Poisson: %d counts for %d exposures", len(y), len(e))
	}
	var sy, se, se2 float64
	units := 0
	for i := range y {
		if y[i] < 0 || e[i] < 0 || math.IsNaN(e[i]) {
			return GammaPrior{}, fmt.Errorf("metrics: gamma-Poisson: unit %d has %d over %v", i, y[i], e[i])
		}
		if e[i] > 0 {
			sy += float64(y[i])
			se += e[i]
			se2 += e[i] * e[i]
			units++
		}
	}
	if units < 2 {
		return GammaPrior{}, fmt.Errorf("metrics: gamma-Poisson: %d units with exposure, need 2", units)
	}
	m := sy / se
	if m == 0 {
		return GammaPrior{Shape: 0, Rate: poolAll, Pooled: true}, nil
	}
	s := 0.0
	for i := range y {
		if e[i] > 0 {
			r := float64(y[i]) / e[i]
			s += e[i] * (r - m) * (r - m)
		}
	}
	v := (s - float64(units-1)*m) / (se - se2/se)
	if v <= m*m/poolAll {
		return GammaPrior{Shape: m * poolAll, Rate: poolAll, Pooled: true}, nil
	}
	return GammaPrior{Shape: m * m / v, Rate: m / v}, nil
}

// ShrinkCount returns the posterior of y incidents over exposure e under prior.
func ShrinkCount(prior GammaPrior, y int64, e, level float64) Shrunk {
	a, b := prior.Shape+float64(y), prior.Rate+e
	s := Shrunk{Raw: math.NaN(), Mean: a / b, Weight: e / (prior.Rate + e)}
	if e > 0 {
		s.Raw = float64(y) / e
	}
	if prior.Pooled || a == 0 {
		s.Lo, s.Hi = s.Mean, s.Mean
		return s
	}
	tail := (1 - level) / 2
	s.Lo, s.Hi = mathext.GammaIncRegInv(a, tail)/b, mathext.GammaIncRegInv(a, 1-tail)/b
	return s
}

// ShrinkCounts fits the prior to all units and shrinks each.
func ShrinkCounts(y []int64, e []float64, level float64) (GammaPrior, []Shrunk, error) {
	prior, err := FitGammaPoisson(y, e)
	if err != nil {
		return prior, nil, err
	}
	out := make([]Shrunk, len(y))
	for i := range y {
		out[i] = ShrinkCount(prior, y[i], e[i], level)
	}
	return prior, out, nil
}
