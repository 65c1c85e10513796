package engine

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"congvu/fixtures"
	"congvu/metrics"
	"congvu/reports"
)

// plantedStore generates a province with the scoring plants (a slow unit, newcomers
// with very few cases), writes it with the fixtures writer and ingests it.
func plantedStore(t *testing.T) (*Store, *fixtures.Province) {
	t.Helper()
	cfg := fixtures.DefaultConfig()
	cfg.Seed, cfg.Officers, cfg.BadRows, cfg.ScorePlants = 7, 80, false, true
	p := fixtures.Generate(cfg)
	data := filepath.Join(t.TempDir(), "data")
	if _, err := p.WriteSample(data); err != nil {
		t.Fatal(err)
	}
	s := openTemp(t)
	res := ingestFiles(t, s, data)
	if res.Failed() > 0 || res.Rejected() > 0 {
		t.Fatalf("planted province: %d files failed, %d rows rejected", res.Failed(), res.Rejected())
	}
	return s, p
}

// scoresOf computes the scores the run workbook shows, for the planted year.
// A user's methodology file (yaml, "" for none) overrides the default.
func scoresOf(t *testing.T, s *Store, p *fixtures.Province, yaml string) (*reports.Scores, *metrics.Timeliness) {
	t.Helper()
	ctx := context.Background()
	asOf := time.Date(p.Truth.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	opt := ReportOptions{AsOf: asOf}
	var data []byte
	if yaml != "" {
		data = []byte(yaml)
	}
	m, err := metrics.ParseMethodology("test.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	applyMethodology(&opt, m)
	tl, err := s.Timeliness(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	conduct, sat, err := s.ConductAndSatisfaction(ctx, opt, m)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := s.Scores(ctx, opt, m, tl, conduct, sat)
	if err != nil {
		t.Fatal(err)
	}
	return sc, tl
}

// TestScoresPlanted runs the planted-truth checks and the scorecard read-back on one
// generated province.
func TestScoresPlanted(t *testing.T) {
	s, p := plantedStore(t)
	t.Run("truth", func(t *testing.T) { checkPlantedTruth(t, s, p) })
	t.Run("scorecard", func(t *testing.T) { checkScorecardWorkbook(t, s, p) })
}

// checkPlantedTruth: on a generated province, the planted worst officer is in the
// bottom tenth with a rank interval that excludes the top half; the newcomers, with very
// few cases, are ranked neither in the top nor in the bottom tenth; the planted slow unit
// falls below the 99.8 % funnel limit of the on-time rate.
//
// The newcomers (1–7 cases, all on time) have on-time figures only (no late case to
// apologise for, no survey answer), which weigh 0.4, below the minimum coverage 0.5: they
// are listed, not ranked. Their shrunk on-time rate must not put them at either end of
// their peers either (peer percentile between 10 and 90), where the raw 100 % would.
func checkPlantedTruth(t *testing.T, s *Store, p *fixtures.Province) {
	sc, tl := scoresOf(t, s, p, "")
	scored := 0
	byID := map[string]*metrics.Scorecard{}
	for i := range sc.Officers.Officers {
		o := &sc.Officers.Officers[i]
		byID[o.OfficerID] = o
		if o.Rank > 0 {
			scored++
		}
	}
	if scored < 30 {
		t.Fatalf("only %d officers scored", scored)
	}
	worst := byID[p.Truth.WorstOfficerID]
	if worst == nil || worst.Rank == 0 {
		t.Fatalf("worst officer %s not scored: %+v", p.Truth.WorstOfficerID, worst)
	}
	if float64(worst.Rank) <= 0.9*float64(scored) {
		t.Errorf("worst officer %s ranked %d of %d, want the bottom tenth", worst.OfficerID, worst.Rank, scored)
	}
	if !(worst.RankLo > float64(scored)/2) {
		t.Errorf("worst officer %s rank interval %v–%v reaches the top half of %d", worst.OfficerID, worst.RankLo, worst.RankHi, scored)
	}
	t.Logf("worst %s: rank %d of %d, interval %v–%v, score %.1f, grade %s", worst.OfficerID, worst.Rank, scored, worst.RankLo, worst.RankHi, worst.Total, worst.Grade)
	if worst.Grade == metrics.GradeExcellent || worst.Grade == metrics.GradeGood {
		t.Errorf("worst officer suggested %q", worst.Grade)
	}
	if len(p.Truth.NewcomerIDs) == 0 {
		t.Fatal("no newcomers planted")
	}
	for _, id := range p.Truth.NewcomerIDs {
		o := byID[id]
		if o == nil {
			t.Errorf("newcomer %s has no scorecard", id)
			continue
		}
		n := o.Fig(metrics.IndicatorOnTime).N
		if n == 0 || n >= 30 {
			t.Errorf("newcomer %s has %d completed cases: not a few", id, n)
		}
		t.Logf("newcomer %s: %d/%d on time, rank %d, interval %v–%v", id, o.Fig(metrics.IndicatorOnTime).K, n, o.Rank, o.RankLo, o.RankHi)
		ot := o.Fig(metrics.IndicatorOnTime)
		t.Logf("newcomer %s: raw %.3f shrunk %.3f, peer percentile %.1f of %d, rank %d", id, ot.Raw, ot.Shrunk.Mean, ot.Percentile, ot.Peers, o.Rank)
		if !(ot.Percentile > 10 && ot.Percentile < 90) {
			t.Errorf("newcomer %s: on-time %d/%d shrunk to %.3f, peer percentile %.1f: at an end by noise", id, ot.K, n, ot.Shrunk.Mean, ot.Percentile)
		}
		if o.Rank > 0 && (o.Rank <= scored/10 || o.Rank > scored-scored/10) {
			t.Errorf("newcomer %s (%d of %d on time) ranked %d of %d", id, o.Fig(metrics.IndicatorOnTime).K, n, o.Rank, scored)
		}
		if o.Rank > 0 && o.RankHi-o.RankLo < float64(scored)/4 {
			t.Errorf("newcomer %s rank interval %v–%v too narrow for %d cases", id, o.RankLo, o.RankHi, n)
		}
	}
	// The slow unit on the funnel, and the limit it falls below computed apart.
	var slow *metrics.UnitScore
	for i := range sc.Units.Rows {
		if sc.Units.Rows[i].ID == p.Truth.SlowUnitID {
			slow = &sc.Units.Rows[i]
		}
	}
	if slow == nil {
		t.Fatalf("slow unit %s not ranked", p.Truth.SlowUnitID)
	}
	f := slow.Figures[0]
	prov := tl.Groups[metrics.ByProvince][0]
	p0 := float64(prov.Early+prov.OnTime) / float64(prov.Completed)
	lo := p0 - 3.090232306167813*math.Sqrt(p0*(1-p0)/float64(f.N))
	t.Logf("slow unit %s: %d/%d = %.3f, lower 99.8%% limit %.3f, rank %d, interval %v–%v", slow.ID, f.K, f.N, f.Raw, lo, slow.Rank, slow.RankLo, slow.RankHi)
	if len(f.Funnel) != 2 || f.Funnel[1] != metrics.FunnelBelow || !(f.Raw < lo) {
		t.Errorf("slow unit %s: on-time %d/%d = %.3f, 99.8%% lower limit %.3f, flags %v", slow.ID, f.K, f.N, f.Raw, lo, f.Funnel)
	}
	if n := len(sc.Units.Rows); slow.Rank <= n/2 {
		t.Errorf("slow unit ranked %d of %d", slow.Rank, n)
	}
	// No previous period in a one-year store.
	if !sc.PrevFrom.IsZero() || sc.Units.Previous {
		t.Errorf("a previous period was found: %v", sc.PrevFrom)
	}
}

// checkScorecardWorkbook writes the worst officer's scorecard and reads it back cell by
// cell against the scores and the timeliness aggregates.
func checkScorecardWorkbook(t *testing.T, s *Store, p *fixtures.Province) {
	sc, tl := scoresOf(t, s, p, "")
	id := p.Truth.WorstOfficerID
	var o *metrics.Scorecard
	for i := range sc.Officers.Officers {
		if sc.Officers.Officers[i].OfficerID == id {
			o = &sc.Officers.Officers[i]
		}
	}
	var g metrics.Group
	for _, x := range tl.Groups[metrics.ByOfficer] {
		if x.Key == id {
			g = x
		}
	}
	out := filepath.Join(t.TempDir(), "card.xlsx")
	asOf := time.Date(p.Truth.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	if err := s.Scorecard(context.Background(), out, ScorecardOptions{OfficerID: id, Report: ReportOptions{AsOf: asOf}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const card = "Phiếu đánh giá cán bộ"
	get := func(sheet, cell string) string {
		v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	num := func(sheet, cell string) float64 {
		x, err := strconv.ParseFloat(get(sheet, cell), 64)
		if err != nil {
			t.Fatalf("%s!%s = %q: %v", sheet, cell, get(sheet, cell), err)
		}
		return x
	}
	near := func(cell string, got, want float64) {
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %v, want %v", cell, got, want)
		}
	}
	if v := get(card, "B2"); !strings.HasPrefix(v, id+" — ") {
		t.Errorf("B2 = %q", v)
	}
	if v := get(card, "B6"); !strings.Contains(v, "90/2020") {
		t.Errorf("rules B6 = %q, want Nghị định 90/2020", v)
	}
	grades := map[string]string{metrics.GradeExcellent: "Hoàn thành xuất sắc nhiệm vụ", metrics.GradeGood: "Hoàn thành tốt nhiệm vụ",
		metrics.GradeDone: "Hoàn thành nhiệm vụ", metrics.GradeNotDone: "Không hoàn thành nhiệm vụ"}
	if v, want := get(card, "B7"), grades[o.Grade]; v != want || want == "" {
		t.Errorf("grade B7 = %q, want %q", v, want)
	}
	if v := get(card, "A7"); !strings.Contains(v, "không phải kết quả chính thức") {
		t.Errorf("A7 = %q: the grade must say it is a suggestion", v)
	}
	near("B8", num(card, "B8"), o.Total)
	near("B9", num(card, "B9"), float64(o.Rank))
	near("B10", num(card, "B10"), o.RankLo)
	near("B11", num(card, "B11"), o.RankHi)
	near("B12", num(card, "B12"), o.Percentile)
	// The figure table: on-time on row 18, apology on row 19.
	ot, ap := o.Fig(metrics.IndicatorOnTime), o.Fig(metrics.IndicatorApology)
	near("B18", num(card, "B18"), float64(g.Early+g.OnTime))
	near("C18", num(card, "C18"), float64(g.Completed))
	near("D18", num(card, "D18"), g.OnTimeRate)
	near("E18", num(card, "E18"), g.OnTimeCI.Lo)
	near("G18", num(card, "G18"), ot.Shrunk.Mean)
	near("K18", num(card, "K18"), ot.Percentile)
	if v := get(card, "N18"); !strings.HasPrefix(v, "Dưới giới hạn") {
		t.Errorf("N18 funnel 99.8%% = %q, want below", v)
	}
	near("B19", num(card, "B19"), float64(g.ApologyOnTime))
	near("C19", num(card, "C19"), float64(g.NeedApology))
	near("G19", num(card, "G19"), ap.Shrunk.Mean)
	if ot.Shrunk.Mean <= ot.Raw || ot.Shrunk.Mean >= 0.9 {
		t.Errorf("worst officer's shrunk on-time %v not between raw %v and the peers", ot.Shrunk.Mean, ot.Raw)
	}
	// The late list: every late or overdue case without an on-time apology, uncapped.
	rows, err := f.GetRows("Hồ sơ trễ chưa xin lỗi")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := int64(len(rows)-1), g.NoApology+g.ApologyLate; got != want || want == 0 {
		t.Errorf("late list has %d rows, the aggregates count %d", got, want)
	}
	for _, r := range rows[1:] {
		// Classes and apology statuses are written in words (Vietnamese here).
		if len(r) < 8 || (r[5] != "Trễ hạn" && r[5] != "Đang xử lý quá hạn") || (r[7] != "Xin lỗi muộn" && r[7] != "Không có thư xin lỗi") {
			t.Errorf("late row %v", r)
		}
	}
}
