package benchmarks

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"congvu/metrics"
)

// aggregated is the per-group table the scoring post-steps read: counts only, so
// its size does not depend on the number of cases behind it.
type aggregated struct {
	ids                  []string
	onTime, completed    []int64
	apology, needApology []int64
	satisfied, rated     []int64
	incidents            []int64
	exposure             []float64 // working days at the counter ÷ 100
}

func makeAggregated(n, casesPer int, seed uint64) *aggregated {
	rng := rand.New(rand.NewPCG(seed, 2))
	a := &aggregated{}
	for i := 0; i < n; i++ {
		c := int64(1 + rng.IntN(2*casesPer))
		ot := int64(float64(c) * (0.75 + 0.24*rng.Float64()))
		late := c - ot
		r := int64(float64(c) * 0.3)
		a.ids = append(a.ids, fmt.Sprintf("U%05d", i))
		a.completed, a.onTime = append(a.completed, c), append(a.onTime, ot)
		a.needApology, a.apology = append(a.needApology, late), append(a.apology, late/2)
		a.rated, a.satisfied = append(a.rated, r), append(a.satisfied, int64(float64(r)*(0.7+0.3*rng.Float64())))
		a.exposure = append(a.exposure, 1+2*rng.Float64())
		a.incidents = append(a.incidents, int64(rng.IntN(6)))
	}
	return a
}

// score is the officer/unit post-step: shrink each rate toward the peers, shrink
// incident rates (gamma-Poisson), build the composite, draw rank intervals, and
// place the on-time rate on a funnel.
func score(a *aggregated, draws int) (*metrics.CompositeResult, error) {
	n := len(a.ids)
	_, onTime, err := metrics.ShrinkRates(a.onTime, a.completed, 0.95)
	if err != nil {
		return nil, err
	}
	_, apology, err := metrics.ShrinkRates(a.apology, a.needApology, 0.95)
	if err != nil {
		return nil, err
	}
	_, sat, err := metrics.ShrinkRates(a.satisfied, a.rated, 0.95)
	if err != nil {
		return nil, err
	}
	_, conduct, err := metrics.ShrinkCounts(a.incidents, a.exposure, 0.95)
	if err != nil {
		return nil, err
	}
	in := metrics.CompositeInput{Units: a.ids, Values: make([][]float64, n), SE: make([][]float64, n)}
	for i := 0; i < n; i++ {
		in.Values[i] = []float64{onTime[i].Mean, apology[i].Mean, conduct[i].Mean, sat[i].Mean}
		in.SE[i] = []float64{(onTime[i].Hi - onTime[i].Lo) / 3.92, (apology[i].Hi - apology[i].Lo) / 3.92,
			(conduct[i].Hi - conduct[i].Lo) / 3.92, (sat[i].Hi - sat[i].Lo) / 3.92}
	}
	gp := func(lo, hi float64) metrics.Normalisation {
		return metrics.Normalisation{Method: metrics.NormGoalposts, Min: lo, Max: hi, Low: 0, High: 100}
	}
	spec := metrics.CompositeSpec{Components: []metrics.Component{
		{ID: "on_time_rate", Direction: metrics.Positive, Weight: 0.4, Normalise: gp(0, 1)},
		{ID: "apology_rate", Direction: metrics.Positive, Weight: 0.2, Normalise: gp(0, 1)},
		{ID: "conduct_rate", Direction: metrics.Negative, Weight: 0.2, Normalise: gp(0, 10)},
		{ID: "satisfaction_rate", Direction: metrics.Positive, Weight: 0.2, Normalise: gp(0, 1)},
	}}
	mc := metrics.DefaultMonteCarlo()
	mc.Draws = draws
	res, err := metrics.Composite(spec, in, &mc)
	if err != nil {
		return nil, err
	}
	units := make([]metrics.FunnelUnit, n)
	for i := range units {
		units[i] = metrics.FunnelUnit{Key: a.ids[i], K: a.onTime[i], N: a.completed[i]}
	}
	if _, err := metrics.Funnel(units, metrics.FunnelOptions{}); err != nil {
		return nil, err
	}
	return res, nil
}

// BenchmarkScore scores 10,000 officers and 1,000 units with 1,000 Monte Carlo
// draws (target ≤ 2 s). casesPer is the mean number of cases behind each officer:
// the post-steps read the aggregated counts only, so time and memory do not grow
// with it.
func BenchmarkScore(b *testing.B) {
	for _, casesPer := range []int{100, 10_000} {
		b.Run(fmt.Sprintf("officers=10k,units=1k,draws=1000,casesPer=%d", casesPer), func(b *testing.B) {
			officers := makeAggregated(10_000, casesPer, 1)
			units := makeAggregated(1_000, 10*casesPer, 2)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := score(officers, 1000); err != nil {
					b.Fatal(err)
				}
				if _, err := score(units, 1000); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScorecards runs the engine's own scoring steps (metrics.ScoreOfficers and
// metrics.ScoreUnits: peer shrinkage per unit kind, percentiles, funnels, the composite
// and 1,000 draws; units also PAR-, 766- and PCI-style) on 10,000 officers and 1,000 units.
func BenchmarkScorecards(b *testing.B) {
	kinds := []string{"department", "district", "commune", "centre"}
	a, u := makeAggregated(10_000, 100, 1), makeAggregated(1_000, 1000, 2)
	officers := make([]metrics.OfficerCounts, len(a.ids))
	for i := range officers {
		officers[i] = metrics.OfficerCounts{OfficerID: a.ids[i], UnitKind: kinds[i%len(kinds)], OnTime: a.onTime[i], Completed: a.completed[i],
			ApologyOnTime: a.apology[i], NeedApology: a.needApology[i], Satisfied: a.satisfied[i], Rated: a.rated[i],
			Incidents: a.incidents[i], Weighted: float64(a.incidents[i]), CounterDays: int64(a.exposure[i] * 100)}
	}
	units := make([]metrics.UnitCounts, len(u.ids))
	for i := range units {
		units[i] = metrics.UnitCounts{ID: u.ids[i], Kind: kinds[i%len(kinds)], OnTime: u.onTime[i], Completed: u.completed[i],
			ApologyOnTime: u.apology[i], NeedApology: u.needApology[i], Satisfied: u.satisfied[i], Rated: u.rated[i],
			Incidents: u.incidents[i], Weighted: float64(u.incidents[i]), CounterDays: int64(u.exposure[i] * 100),
			ProgressNum: u.onTime[i], Received: u.completed[i]}
	}
	opt := metrics.ScoreOptions{Date: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	b.Run("officers=10k,units=1k,draws=1000", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := metrics.ScoreOfficers(officers, opt); err != nil {
				b.Fatal(err)
			}
			if _, err := metrics.ScoreUnits("unit", units, units, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
}
