package metrics_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"congvu/engine"
	"congvu/fixtures"
	"congvu/metrics"
)

// loadDir ingests a folder of files into a fresh store and returns a connection on it.
func loadDir(t *testing.T, dir string) *sql.Conn {
	t.Helper()
	s, err := engine.Open(context.Background(), filepath.Join(t.TempDir(), "s.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	res, err := s.Ingest(context.Background(), []string{dir}, engine.IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if f.Status != "loaded" {
			t.Fatalf("%s: %s %v", f.Path, f.Status, f.Err)
		}
	}
	conn, err := s.DB().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

var (
	yearFrom = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	yearTo   = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

// TestSampleOracle compares per-officer incident counts and per-unit satisfaction on
// fixtures/sample with plain loops over the generator's rows.
func TestSampleOracle(t *testing.T) {
	conn := loadDir(t, "../fixtures/sample")
	p := fixtures.Generate(fixtures.SampleConfig())

	// Oracle: verified incidents per officer; an incident naming only its counter goes
	// to the one officer the roster has there that day.
	want := map[string]int64{}
	for _, in := range p.Incidents {
		if !in.Verified {
			continue
		}
		who := in.OfficerID
		if who == "" && in.CounterID != "" {
			var on []string
			day := in.At.In(fixtures.Location)
			for _, o := range p.Officers {
				if o.UnitID == in.UnitID && o.CounterID == in.CounterID && !day.Before(o.StartDate) &&
					(o.EndDate.IsZero() || !day.After(o.EndDate.AddDate(0, 0, 1))) {
					on = append(on, o.ID)
				}
			}
			if len(on) == 1 {
				who = on[0]
			}
		}
		if who != "" {
			want[who]++
		}
	}
	c, err := metrics.Conduct(context.Background(), conn, metrics.ConductOptions{From: yearFrom, To: yearTo})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, o := range c.Officers {
		if o.Incidents.Count > 0 {
			got[o.OfficerID] = o.Incidents.Count
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d officers with incidents, oracle %d", len(got), len(want))
	}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("officer %s: %d incidents, oracle %d", id, got[id], n)
		}
	}

	// Oracle: per-unit satisfaction over every answer (presses, web forms, items).
	type nk struct{ n, k int64 }
	units := map[string]*nk{}
	add := func(unit string, sat bool) {
		if units[unit] == nil {
			units[unit] = &nk{}
		}
		units[unit].n++
		if sat {
			units[unit].k++
		}
	}
	for _, r := range p.Responses {
		add(r.UnitID, r.Scale == 3 && r.Rating == 3 || r.Scale == 5 && r.Rating >= 4)
	}
	for _, q := range p.Questionnaires {
		for _, s := range q.Scores {
			if s > 0 {
				add(q.UnitID, s >= 4)
			}
		}
	}
	s, err := metrics.Satisfaction(context.Background(), conn, metrics.SatisfactionOptions{From: yearFrom, To: yearTo})
	if err != nil {
		t.Fatal(err)
	}
	rows := s.Of(metrics.SatUnit)
	if len(rows) != len(units) {
		t.Errorf("%d units, oracle %d", len(rows), len(units))
	}
	for _, r := range rows {
		w := units[r.Key]
		if w == nil || r.All.N != w.n || r.All.Satisfied != w.k {
			t.Errorf("unit %s: %d of %d satisfied, oracle %+v", r.Key, r.All.Satisfied, r.All.N, w)
		}
	}
	all, _ := s.Row(metrics.SatAll, "", "")
	worst := c.Officers[0]
	t.Logf("sample: satisfied %.2f%% of %d (without flagged presses %.2f%% of %d); %d bursts flagged; worst conduct %s %.1f per 100 counter days [%.1f, %.1f] (%d incidents, %d days)",
		100*all.All.Share, all.All.N, 100*all.Clean.Share, all.Clean.N, len(flagged(s)), worst.OfficerID, worst.Incidents.Rate,
		worst.Incidents.CI.Lo, worst.Incidents.CI.Hi, worst.Incidents.Count, worst.CounterDays)
}

func flagged(s *metrics.SatisfactionResult) []metrics.Burst {
	var out []metrics.Burst
	for _, b := range s.Bursts {
		if b.Flagged {
			out = append(out, b)
		}
	}
	return out
}

// TestPlantedTruth generates a province with another seed and recovers what was planted.
func TestPlantedTruth(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a province")
	}
	cfg := fixtures.DefaultConfig()
	cfg.Seed = 7
	p := fixtures.Generate(cfg)
	dir := t.TempDir()
	if _, err := p.WriteSample(dir); err != nil {
		t.Fatal(err)
	}
	conn := loadDir(t, dir)
	truth := p.Truth.Conduct

	c, err := metrics.Conduct(context.Background(), conn, metrics.ConductOptions{From: yearFrom, To: yearTo})
	if err != nil {
		t.Fatal(err)
	}
	if c.Officers[0].OfficerID != truth.PhoneOfficerID || c.Officers[0].Rank != 1 {
		t.Errorf("worst conduct: %s (rank %d), planted phone officer %s", c.Officers[0].OfficerID, c.Officers[0].Rank, truth.PhoneOfficerID)
	}
	if ph := c.Officers[0].ByType["phone"]; ph.Count < 20 {
		t.Errorf("phone officer: %d phone incidents", ph.Count)
	}

	s, err := metrics.Satisfaction(context.Background(), conn, metrics.SatisfactionOptions{From: yearFrom, To: yearTo})
	if err != nil {
		t.Fatal(err)
	}
	fl := flagged(s)
	if len(fl) != len(truth.Bursts) {
		t.Errorf("%d bursts flagged, %d planted: %+v", len(fl), len(truth.Bursts), fl)
	}
	planted := map[string]bool{}
	for _, b := range truth.Bursts {
		planted[b.Start.In(fixtures.Location).Format(time.DateTime)] = true
	}
	for _, b := range fl {
		if b.Device != truth.BurstDeviceID || !planted[b.Start.Format(time.DateTime)] || b.Presses != int64(truth.Bursts[0].Presses) {
			t.Errorf("flagged burst not planted: %+v", b)
		}
	}

	// The less-satisfied unit's element is its lowest, its interval clear of the others'.
	var low metrics.SatRow
	var others []metrics.SatRow
	for _, r := range s.Of(metrics.SatUnitElement) {
		if r.Key != truth.LessSatisfiedUnitID {
			continue
		}
		if r.Sub == truth.LessSatisfiedElement {
			low = r
		} else {
			others = append(others, r)
		}
	}
	if low.All.N == 0 || len(others) != 4 {
		t.Fatalf("unit %s: element %q has %d answers, %d other elements", truth.LessSatisfiedUnitID, truth.LessSatisfiedElement, low.All.N, len(others))
	}
	for _, o := range others {
		if !(low.All.CI.Hi < o.All.CI.Lo) {
			t.Errorf("%s: %s %.3f [%.3f, %.3f] overlaps %s %.3f [%.3f, %.3f]", truth.LessSatisfiedUnitID, low.Sub, low.All.Share, low.All.CI.Lo, low.All.CI.Hi,
				o.Sub, o.All.Share, o.All.CI.Lo, o.All.CI.Hi)
		}
	}
	// … and the lowest of that element across units, clear of the province's figure for it.
	el, _ := s.Row(metrics.SatElement, truth.LessSatisfiedElement, "")
	for _, r := range s.Of(metrics.SatUnitElement) {
		if r.Sub == truth.LessSatisfiedElement && r.Key != truth.LessSatisfiedUnitID && r.All.Share <= low.All.Share {
			t.Errorf("unit %s is as low on %s (%.3f) as the planted unit (%.3f)", r.Key, r.Sub, r.All.Share, low.All.Share)
		}
	}
	if !(low.All.CI.Hi < el.All.CI.Lo) {
		t.Errorf("planted %.3f [%.3f, %.3f] overlaps the province's %.3f [%.3f, %.3f]", low.All.Share, low.All.CI.Lo, low.All.CI.Hi, el.All.Share, el.All.CI.Lo, el.All.CI.Hi)
	}
}
