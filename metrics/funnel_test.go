package metrics

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// TestFunnelLimits compares the closed-form Wilson inversion with limits computed
// apart from the engine by bisection on the Wilson formula in Python
// (testdata/funnel/limits.py → limits.csv), for several rates, volumes and levels.
func TestFunnelLimits(t *testing.T) {
	f, err := os.Open("testdata/funnel/limits.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, r := range recs[1:] {
		p0, n, level, wantLo, wantHi := num(r[0]), int64(num(r[1])), num(r[2]), num(r[3]), num(r[4])
		lo, hi := FunnelLimits(p0, n, ZForLevel(level), 0)
		if math.Abs(lo-wantLo) > 1e-9 || math.Abs(hi-wantHi) > 1e-9 {
			t.Errorf("p0 %v n %d level %v: limits %.10f–%.10f, want %.10f–%.10f", p0, n, level, lo, hi, wantLo, wantHi)
		}
		// And the defining property, against the engine's own Wilson: the Wilson
		// interval of the limit ends at p0.
		z := ZForLevel(level)
		if hi < 1 {
			k := hi * float64(n)
			if w := wilsonReal(k, float64(n), z); math.Abs(w.Lo-p0) > 1e-9 {
				t.Errorf("p0 %v n %d: Wilson lower end at the upper limit is %v", p0, n, w.Lo)
			}
		}
	}
	if z := ZForLevel(0.95); math.Abs(z-Z95) > 1e-12 {
		t.Errorf("ZForLevel(0.95) = %v", z)
	}
}

// wilsonReal is Wilson's interval for a real-valued count.
func wilsonReal(k, n, z float64) Interval {
	p := k / n
	c := p + z*z/(2*n)
	h := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	d := 1 + z*z/n
	return Interval{(c - h) / d, (c + h) / d}
}

func TestFunnelFlags(t *testing.T) {
	units := []FunnelUnit{{"A", 90, 100}, {"B", 50, 100}, {"C", 80, 100}, {"D", 0, 0}}
	res, err := Funnel(units, FunnelOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.Overall-220.0/300) > 1e-12 {
		t.Errorf("overall %v", res.Overall)
	}
	want := map[string][]string{"A": {FunnelAbove, FunnelAbove}, "B": {FunnelBelow, FunnelBelow}, "C": {"", ""}, "D": nil}
	for _, p := range res.Points {
		if len(p.Flag) != len(want[p.Key]) {
			t.Errorf("%s: flags %q, want %q", p.Key, p.Flag, want[p.Key])
			continue
		}
		for i := range p.Flag {
			if p.Flag[i] != want[p.Key][i] {
				t.Errorf("%s: flags %q, want %q", p.Key, p.Flag, want[p.Key])
			}
		}
	}
	// Over-dispersion, by hand (no winsorising with 3 units): p0 = 11/15,
	// s² = p0(1 − p0)/100 = 11/5625, Σ(pᵢ − p0)² = 13/150, wᵢ = 1/s²,
	// τ² = (Σ(pᵢ − p0)²/s² − 2) ÷ (3w − w) = (13/150 − 2·11/5625) ÷ 2.
	res, err = Funnel(units[:3], FunnelOptions{Overdispersion: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := (13.0/150 - 22.0/5625) / 2; math.Abs(res.Tau2-want) > 1e-12 {
		t.Errorf("tau² = %v, want %v", res.Tau2, want)
	}
	// With τ² the 95 % limits widen enough to take A and B in.
	for _, p := range res.Points {
		if p.Flag[0] != "" {
			t.Errorf("%s flagged %q with over-dispersion", p.Key, p.Flag[0])
		}
	}
	// Units that vary no more than chance: τ² = 0.
	res, _ = Funnel([]FunnelUnit{{"A", 50, 100}, {"B", 51, 100}, {"C", 49, 100}}, FunnelOptions{Overdispersion: true})
	if res.Tau2 != 0 {
		t.Errorf("tau² = %v for binomial spread", res.Tau2)
	}
	if _, err := Funnel([]FunnelUnit{{"A", 5, 3}}, FunnelOptions{}); err == nil {
		t.Errorf("5 of 3 accepted")
	}
}
