package metrics

import (
	"fmt"
	"math"
	"testing"
	"time"
)

var scoreDate = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)

// TestScoreShrinkHand checks the officer figures' empirical-Bayes shrinkage against a
// hand computation. On-time: three peers with 10, 14 and 18 of 20: m = 0.7,
// S = Σ n(p − m)² = 1.6, Σ(1 − n/N) = 2, Σ(1 − n/N)(n − 1) = 38, so
// ρ = (1.6/0.21 − 2)/38 = 59/399 and α + β = 1/ρ − 1 = 340/59; the posterior means are
// (0.7·340/59 + k)/(340/59 + 20) = 207/380, 0.7 and 325/380. Conduct: 0, 2 and 10
// weighted incidents over 100 counter days each (exposure 1): m = 4, σ² = (56 − 2·4)/(3 − 1)
// = 24, shape 2/3, rate 1/6, posterior means (2/3 + y)/(7/6) = 4/7, 16/7, 64/7.
func TestScoreShrinkHand(t *testing.T) {
	counts := []OfficerCounts{
		{OfficerID: "A", UnitKind: "commune", OnTime: 10, Completed: 20, Weighted: 0, Incidents: 0, CounterDays: 100},
		{OfficerID: "B", UnitKind: "commune", OnTime: 14, Completed: 20, Weighted: 2, Incidents: 2, CounterDays: 100},
		{OfficerID: "C", UnitKind: "commune", OnTime: 18, Completed: 20, Weighted: 10, Incidents: 10, CounterDays: 100},
	}
	res, err := ScoreOfficers(counts, ScoreOptions{Date: scoreDate})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]float64{"A": {207.0 / 380, 4.0 / 7}, "B": {0.7, 16.0 / 7}, "C": {325.0 / 380, 64.0 / 7}}
	for _, o := range res.Officers {
		w := want[o.OfficerID]
		if got := o.Fig(IndicatorOnTime).Shrunk.Mean; math.Abs(got-w[0]) > 1e-9 {
			t.Errorf("%s on-time shrunk %v, want %v", o.OfficerID, got, w[0])
		}
		if got := o.Fig(IndicatorConduct).Shrunk.Mean; math.Abs(got-w[1]) > 1e-9 {
			t.Errorf("%s conduct shrunk %v, want %v", o.OfficerID, got, w[1])
		}
		if got := o.Fig(IndicatorOnTime).Shrunk.Weight; math.Abs(got-20/(20+340.0/59)) > 1e-9 {
			t.Errorf("%s weight of own data %v", o.OfficerID, got)
		}
		// Apology and satisfaction have no data: missing, never zero.
		if o.Fig(IndicatorApology).Has() || !math.IsNaN(o.Fig(IndicatorApology).Points) {
			t.Errorf("%s apology without late cases has a value", o.OfficerID)
		}
	}
	var prior *PriorInfo
	for i := range res.Priors {
		if res.Priors[i].Indicator == IndicatorOnTime && res.Priors[i].Peers == "commune" {
			prior = &res.Priors[i]
		}
	}
	if prior == nil || math.Abs(prior.Strength-340.0/59) > 1e-9 || math.Abs(prior.Mean-0.7) > 1e-12 {
		t.Errorf("on-time prior %+v, want mean 0.7, strength 340/59", prior)
	}
	// Coverage: on-time 0.4 + conduct 0.2 = 0.6 ≥ 0.5, re-weighted, total in 0–100.
	for _, o := range res.Officers {
		if o.Flag != "reweighted" || math.Abs(o.Coverage-0.6) > 1e-12 || !(o.Total >= 0 && o.Total <= 100) {
			t.Errorf("%s flag %q coverage %v total %v", o.OfficerID, o.Flag, o.Coverage, o.Total)
		}
	}
}

// fewCases is 40 officers with 200 completed cases each, on-time rates spread from 75 %
// to 94.5 %, and four newcomers with 3 cases: two all on time, two all late.
func fewCases() []OfficerCounts {
	var counts []OfficerCounts
	for i := range 40 {
		counts = append(counts, OfficerCounts{OfficerID: fmt.Sprintf("O%02d", i), UnitKind: "commune",
			OnTime: int64(150 + i), Completed: 200, Satisfied: 40, Rated: 50})
	}
	for i, k := range []int64{3, 3, 0, 0} {
		counts = append(counts, OfficerCounts{OfficerID: fmt.Sprintf("N%d", i), UnitKind: "commune",
			OnTime: k, Completed: 3, Satisfied: 40, Rated: 50})
	}
	return counts
}

// TestScoreFewCasesNotExtreme: an officer with 3 cases, all on time or all late, is not
// ranked in the top or bottom tenth, and the rank interval says how little is known;
// without shrinkage the same officers are ranked first and last (the test bites).
func TestScoreFewCasesNotExtreme(t *testing.T) {
	res, err := ScoreOfficers(fewCases(), ScoreOptions{Date: scoreDate})
	if err != nil {
		t.Fatal(err)
	}
	n := len(res.Officers)
	for _, o := range res.Officers {
		if o.OfficerID[0] != 'N' {
			continue
		}
		if o.Rank <= n/10 || o.Rank > n-n/10 {
			t.Errorf("newcomer %s (%d of 3 on time) ranked %d of %d", o.OfficerID, o.Fig(IndicatorOnTime).K, o.Rank, n)
		}
		if o.RankHi-o.RankLo < 10 {
			t.Errorf("newcomer %s rank interval %v–%v is too narrow for 3 cases", o.OfficerID, o.RankLo, o.RankHi)
		}
	}
	m, err := ParseMethodology("noshrink.yaml", []byte("officer_score:\n  shrink: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := ScoreOfficers(fewCases(), ScoreOptions{Date: scoreDate, Methodology: m})
	if err != nil {
		t.Fatal(err)
	}
	if first, last := raw.Officers[0].OfficerID, raw.Officers[n-1].OfficerID; first[0] != 'N' || last[0] != 'N' {
		t.Errorf("without shrinkage first %s and last %s; the test no longer bites", first, last)
	}
}

// TestScoreUnitsPoints checks the PAR-style points and total, the 766 points and the
// change from a previous period on a hand example.
func TestScoreUnitsPoints(t *testing.T) {
	cur := []UnitCounts{
		{ID: "U1", OnTime: 90, Completed: 100, ApologyOnTime: 5, NeedApology: 10, Satisfied: 80, Rated: 100, ProgressNum: 95, Received: 100},
		{ID: "U2", OnTime: 60, Completed: 100, Satisfied: 90, Rated: 100, ProgressNum: 70, Received: 100},
	}
	prev := []UnitCounts{
		{ID: "U1", OnTime: 50, Completed: 100, Satisfied: 50, Rated: 100},
		{ID: "U2", OnTime: 95, Completed: 100, Satisfied: 95, Rated: 100},
	}
	res, err := ScoreUnits("unit", cur, prev, ScoreOptions{Date: scoreDate})
	if err != nil {
		t.Fatal(err)
	}
	// Default criteria: on time ×1, apology ×0.5, satisfaction ×2.
	u2, u1 := res.Rows[0], res.Rows[1] // U2 80 %, U1 78.6 %
	if u1.ID != "U1" || u2.ID != "U2" || u2.Rank != 1 || u1.Rank != 2 {
		t.Fatalf("order %s (%d), %s (%d)", u2.ID, u2.Rank, u1.ID, u1.Rank)
	}
	wantPts := []float64{0.9, 0.25, 1.6}
	for j, w := range wantPts {
		if math.Abs(u1.PARPoints[j]-w) > 1e-9 {
			t.Errorf("U1 points[%d] = %v, want %v", j, u1.PARPoints[j], w)
		}
	}
	if w := (0.9 + 0.25 + 1.6) / 3.5 * 100; math.Abs(u1.PARTotal-w) > 1e-9 {
		t.Errorf("U1 PAR total %v, want %v", u1.PARTotal, w)
	}
	// U2 has no late case: apology is left out of both points and maximum.
	if w := (0.6 + 1.8) / 3 * 100; math.Abs(u2.PARTotal-w) > 1e-9 || len(u2.PARMissing) != 1 {
		t.Errorf("U2 PAR total %v (missing %v), want %v", u2.PARTotal, u2.PARMissing, w)
	}
	if math.Abs(u1.Progress766-19) > 1e-9 || math.Abs(u1.Satisfaction766-0.8*18) > 1e-9 {
		t.Errorf("U1 766 points %v, %v", u1.Progress766, u1.Satisfaction766)
	}
	if !u1.HasPrevious || u1.PrevRank != 2 || u2.PrevRank != 1 || math.Abs(u1.PrevTotal-(0.5+1)/3*100) > 1e-9 {
		t.Errorf("previous: U1 %v rank %d total %v; U2 rank %d", u1.HasPrevious, u1.PrevRank, u1.PrevTotal, u2.PrevRank)
	}
	// PCI-style: min–max onto 1–10; U1 is best on on-time and apology, worst on satisfaction.
	if u1.PCISub[0] != 10 || u2.PCISub[0] != 1 || u1.PCISub[2] != 1 || u2.PCISub[2] != 10 {
		t.Errorf("PCI sub-indices U1 %v U2 %v", u1.PCISub, u2.PCISub)
	}
}

// TestScoreFunnelLimitsKept: each figure on a funnel carries the limits its flag was
// judged against — here, without over-dispersion and with no centre given, those of the
// pooled rate (42/60) at its own volume, by Wilson inversion.
func TestScoreFunnelLimitsKept(t *testing.T) {
	counts := []OfficerCounts{
		{OfficerID: "A", UnitKind: "commune", OnTime: 10, Completed: 20, CounterDays: 100},
		{OfficerID: "B", UnitKind: "commune", OnTime: 14, Completed: 20, CounterDays: 100},
		{OfficerID: "C", UnitKind: "commune", OnTime: 18, Completed: 20, CounterDays: 100},
	}
	res, err := ScoreOfficers(counts, ScoreOptions{Date: scoreDate})
	if err != nil {
		t.Fatal(err)
	}
	p0 := 42.0 / 60
	for _, o := range res.Officers {
		f := o.Fig(IndicatorOnTime)
		if len(f.FunnelLo) != 2 || len(f.FunnelHi) != 2 {
			t.Fatalf("%s: limits %v %v", o.OfficerID, f.FunnelLo, f.FunnelHi)
		}
		for i, level := range []float64{0.95, 0.998} {
			lo, hi := FunnelLimits(p0, 20, ZForLevel(level), 0)
			if math.Abs(f.FunnelLo[i]-lo) > 1e-9 || math.Abs(f.FunnelHi[i]-hi) > 1e-9 {
				t.Errorf("%s level %v: limits %v–%v, want %v–%v", o.OfficerID, level, f.FunnelLo[i], f.FunnelHi[i], lo, hi)
			}
			below := f.Raw < lo
			if (f.Funnel[i] == "below") != below {
				t.Errorf("%s level %v: flag %q for rate %v against %v", o.OfficerID, level, f.Funnel[i], f.Raw, lo)
			}
		}
	}
}

// TestCapExcellent: under a cap of 20 %, xuất sắc may be at most 20 % of those graded tốt
// once the cap is applied (METHODOLOGY.md §7): of T suggested tốt or better, E ≤ 0.2·(T − E).
func TestCapExcellent(t *testing.T) {
	for _, tc := range []struct{ exc, good, want int }{
		{6, 28, 5}, // T = 34: 5 ≤ 0.2·29 = 5.8, 6 > 0.2·28 = 5.6
		{7, 29, 6}, // T = 36: 6 ≤ 0.2·30 = 6
		{1, 5, 1},  // T = 6: 1 ≤ 0.2·5 = 1
		{2, 3, 0},  // T = 5: 1 > 0.2·4 = 0.8
		{3, 30, 3}, // under the cap: nothing changes
		{0, 10, 0},
	} {
		var os []Scorecard
		for i := 0; i < tc.exc; i++ {
			os = append(os, Scorecard{Grade: GradeExcellent, Total: 95 + float64(i)/10})
		}
		for i := 0; i < tc.good; i++ {
			os = append(os, Scorecard{Grade: GradeGood, Total: 80})
		}
		rules := &GradingRules{}
		rules.ExcellentCap.Value = 0.2
		capExcellent(os, rules)
		exc, capped := 0, 0
		lowestKept, highestDropped := math.Inf(1), math.Inf(-1)
		for _, o := range os {
			if o.Grade == GradeExcellent {
				exc++
				lowestKept = math.Min(lowestKept, o.Total)
			}
			if o.Capped {
				capped++
				highestDropped = math.Max(highestDropped, o.Total)
			}
		}
		if highestDropped > lowestKept {
			t.Errorf("%d+%d: a score of %.1f dropped while %.1f stays xuất sắc", tc.exc, tc.good, highestDropped, lowestKept)
		}
		if exc != tc.want || capped != tc.exc-tc.want {
			t.Errorf("%d xuất sắc + %d tốt: %d stay xuất sắc (%d capped), want %d", tc.exc, tc.good, exc, capped, tc.want)
		}
	}
}
