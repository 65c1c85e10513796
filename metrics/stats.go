package metrics

import "math"

// Interval is a confidence interval for a rate.
type Interval struct{ Lo, Hi float64 }

// Z95 is the standard normal quantile of a two-sided 95 % interval.
const Z95 = 1.959963984540054

// Wilson returns the Wilson score interval for k successes in n trials at normal
// quantile z (Wilson 1927; Newcombe 1998, method 3). With n = 0 it returns [0, 1].
func Wilson(k, n int64, z float64) Interval {
	if n <= 0 {
		return Interval{0, 1}
	}
	p := float64(k) / float64(n)
	nf := float64(n)
	z2 := z * z
	centre := p + z2/(2*nf)
	half := z * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	den := 1 + z2/nf
	lo, hi := (centre-half)/den, (centre+half)/den
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return Interval{math.Max(0, lo), math.Min(1, hi)}
}
