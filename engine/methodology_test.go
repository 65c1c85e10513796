package engine

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"congvu/metrics"
)

// TestMethodologySwitchesToInstants checks that a methodology file saying
// `timeliness: compare: instant` reaches the case classes: a case completed on its due day
// after the due instant moves from on time to late.
func TestMethodologySwitchesToInstants(t *testing.T) {
	path := filepath.Join(t.TempDir(), "method.yaml")
	if err := os.WriteFile(path, []byte("timeliness:\n  compare: instant\n  min_cases: 50\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := metrics.LoadMethodology(path)
	if err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	opt := ReportOptions{AsOf: asOf}
	applyMethodology(&opt, m)
	if !opt.CompareInstants || opt.MinCases != 50 {
		t.Fatalf("methodology not applied: %+v", opt)
	}
	// Due at 17:00 on Friday 7/3/2025: A at 16:00 and B at 17:30 that day, C on Monday.
	csv := filepath.Join(t.TempDir(), "cases.csv")
	if err := os.WriteFile(csv, []byte("case_id,unit_id,received_at,due_at,completed_at,status\n"+
		"A,U1,03/03/2025 08:00:00,07/03/2025 17:00:00,07/03/2025 16:00:00,done\n"+
		"B,U1,03/03/2025 08:00:00,07/03/2025 17:00:00,07/03/2025 17:30:00,done\n"+
		"C,U1,03/03/2025 08:00:00,07/03/2025 17:00:00,10/03/2025 09:00:00,done\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := openTemp(t)
	ingestFiles(t, s, csv)
	byDay, err := s.Timeliness(context.Background(), ReportOptions{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	byInstant, err := s.Timeliness(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	d, i := byDay.Groups[metrics.ByProvince][0], byInstant.Groups[metrics.ByProvince][0]
	if d.OnTime != 2 || d.Late != 1 || i.OnTime != 1 || i.Late != 2 {
		t.Errorf("by day on time %d late %d (want 2, 1); by instant on time %d late %d (want 1, 2)", d.OnTime, d.Late, i.OnTime, i.Late)
	}
	if !byInstant.CompareInstants || byInstant.MinCases != 50 {
		t.Errorf("result does not say how it was computed: %v %d", byInstant.CompareInstants, byInstant.MinCases)
	}
}
