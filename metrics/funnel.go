package metrics

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Funnel plots (Spiegelhalter 2005, "Funnel plots for comparing institutional
// performance", Statistics in Medicine 24:1185–1202) for rates against volume.
//
// Limits by Wilson inversion: at volume n the upper limit is the observed
// proportion p whose Wilson score interval has the overall rate p₀ as its lower
// end, and the lower limit the one whose interval has p₀ as its upper end. The
// Wilson interval of p at n is the set of π with (p − π)² ≤ z²π(1 − π)/n, so its
// end is p₀ exactly when p = p₀ ± z√(p₀(1 − p₀)/n): the inversion has this
// closed form (clipped to [0, 1]), which FunnelLimits uses; the tests check it
// against a bisection on Wilson and against values computed apart.
//
// Over-dispersion (off by default): an additive random effect τ² estimated from
// the units' z-scores, winsorised (Spiegelhalter 2005, §3.4): φ = Σ zᵢ² ÷ I; when
// I·φ > I − 1, τ² = (I·φ − (I − 1)) ÷ (Σ wᵢ − Σ wᵢ² ÷ Σ wᵢ) with wᵢ = 1 ÷ sᵢ²,
// sᵢ² = p₀(1 − p₀)/nᵢ; the limits become p₀ ± z√(sᵢ² + τ²).

// Funnel flags.
const (
	FunnelAbove  = "above"
	FunnelBelow  = "below"
	FunnelWithin = ""
)

// FunnelOptions say which limits to draw. The zero value: 95 % and 99.8 %, the
// overall rate pooled from the units, no over-dispersion.
type FunnelOptions struct {
	Levels         []float64 // two-sided coverage of each pair of limits; nil = 0.95, 0.998
	Target         float64   // the overall rate; NaN or 0 with UseTarget false = pooled Σk ÷ Σn
	UseTarget      bool      // use Target instead of the pooled rate
	Overdispersion bool      // additive τ² (Spiegelhalter 2005)
	Winsor         float64   // share winsorised at each end when estimating τ²; 0 means 0.1
}

// FunnelUnit is one unit's events and volume.
type FunnelUnit struct {
	Key  string
	K, N int64
}

// FunnelPoint is one unit on the funnel.
type FunnelPoint struct {
	Key    string
	K, N   int64
	Rate   float64
	Lo, Hi []float64 // limits per level at the unit's volume
	Flag   []string  // per level: "above", "below" or ""
}

// FunnelResult is a funnel: the overall rate, the levels, τ² and the points.
type FunnelResult struct {
	Overall float64
	Levels  []float64
	Tau2    float64 // 0 without over-dispersion
	Points  []FunnelPoint
}

// ZForLevel returns the normal quantile of a two-sided level (0.95 → 1.95996).
func ZForLevel(level float64) float64 {
	return distuv.UnitNormal.Quantile(1 - (1-level)/2)
}

// FunnelLimits returns the lower and upper limits at volume n around the overall
// rate p0 at normal quantile z, with between-unit variance tau2 (0 for none).
func FunnelLimits(p0 float64, n int64, z, tau2 float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	s := math.Sqrt(p0*(1-p0)/float64(n) + tau2)
	return math.Max(0, p0-z*s), math.Min(1, p0+z*s)
}

// Funnel places units on a funnel around the overall rate and flags those
// outside each pair of limits. Units with N = 0 get no limits and no flag.
func Funnel(units []FunnelUnit, opt FunnelOptions) (*FunnelResult, error) {
	levels := opt.Levels
	if len(levels) == 0 {
		levels = []float64{0.95, 0.998}
	}
	for _, l := range levels {
		if !(l > 0 && l < 1) {
			return nil, fmt.Errorf("metrics: funnel level %v: want between 0 and 1", l)
		}
	}
	var sk, sn int64
	for _, u := range units {
		if u.K < 0 || u.N < 0 || u.K > u.N {
			return nil, fmt.Errorf("metrics: funnel unit %q: %d of %d", u.Key, u.K, u.N)
		}
		sk += u.K
		sn += u.N
	}
	p0 := opt.Target
	if !opt.UseTarget {
		if sn == 0 {
			return nil, fmt.Errorf("metrics: funnel: no volume")
		}
		p0 = float64(sk) / float64(sn)
	}
	res := &FunnelResult{Overall: p0, Levels: levels}
	if opt.Overdispersion {
		res.Tau2 = funnelTau2(units, p0, opt.Winsor)
	}
	zs := make([]float64, len(levels))
	for i, l := range levels {
		zs[i] = ZForLevel(l)
	}
	for _, u := range units {
		pt := FunnelPoint{Key: u.Key, K: u.K, N: u.N, Rate: math.NaN()}
		if u.N > 0 {
			pt.Rate = float64(u.K) / float64(u.N)
			for _, z := range zs {
				lo, hi := FunnelLimits(p0, u.N, z, res.Tau2)
				flag := FunnelWithin
				switch {
				case pt.Rate > hi:
					flag = FunnelAbove
				case pt.Rate < lo:
					flag = FunnelBelow
				}
				pt.Lo, pt.Hi, pt.Flag = append(pt.Lo, lo), append(pt.Hi, hi), append(pt.Flag, flag)
			}
		}
		res.Points = append(res.Points, pt)
	}
	return res, nil
}

// funnelTau2 estimates the additive over-dispersion τ² (0 when the data show none).
func funnelTau2(units []FunnelUnit, p0, winsor float64) float64 {
	if winsor == 0 {
		winsor = 0.1
	}
	if p0 <= 0 || p0 >= 1 {
		return 0
	}
	var z, w []float64
	for _, u := range units {
		if u.N == 0 {
			continue
		}
		s2 := p0 * (1 - p0) / float64(u.N)
		z = append(z, (float64(u.K)/float64(u.N)-p0)/math.Sqrt(s2))
		w = append(w, 1/s2)
	}
	I := float64(len(z))
	if I < 2 {
		return 0
	}
	sorted := append([]float64(nil), z...)
	sort.Float64s(sorted)
	cut := int(math.Floor(winsor * I))
	lo, hi := sorted[cut], sorted[len(sorted)-1-cut]
	phi := 0.0
	for _, v := range z {
		v = math.Max(lo, math.Min(hi, v))
		phi += v * v
	}
	phi /= I
	if I*phi <= I-1 {
		return 0
	}
	sw, sw2 := 0.0, 0.0
	for _, v := range w {
		sw += v
		sw2 += v * v
	}
	return (I*phi - (I - 1)) / (sw - sw2/sw)
}
