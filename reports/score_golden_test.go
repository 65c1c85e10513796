package reports

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"congvu/metrics"
)

// figure is a figure of k events in n (a rate; conduct: weighted incidents per 100
// counter days) with its raw value and interval; the shrunk value, percentile and
// points stay NaN until set, as metrics leaves them for a figure without data.
func figure(id string, k, n int64) metrics.Figure {
	nan := math.NaN()
	f := metrics.Figure{Indicator: id, K: k, N: n, Raw: nan, Value: nan, Percentile: nan, Points: nan,
		CI: metrics.Interval{Lo: nan, Hi: nan}, Shrunk: metrics.Shrunk{Raw: nan, Mean: nan, Lo: nan, Hi: nan}}
	switch {
	case n == 0:
	case id == metrics.IndicatorConduct:
		f.Raw = float64(k) / (float64(n) / 100)
		f.CI = metrics.Interval{Lo: 0.1, Hi: 3.5}
	default:
		f.Raw = float64(k) / float64(n)
		f.CI = metrics.Wilson(k, n, metrics.Z95)
	}
	f.Value = f.Raw
	return f
}

// scored fills a figure's shrunk value, peer percentile and points.
func scored(f metrics.Figure, mean, lo, hi, percentile float64, peers int, points float64) metrics.Figure {
	f.Shrunk = metrics.Shrunk{Raw: f.Raw, Mean: mean, Lo: lo, Hi: hi, Weight: 0.8}
	f.Value, f.Percentile, f.Peers, f.Points = mean, percentile, peers, points
	return f
}

// on puts a figure on the funnels with a flag per level (95 %, 99.8 %).
func on(f metrics.Figure, flags ...string) metrics.Figure {
	f.Funnel = flags
	return f
}

// small marks a figure as below the small-group threshold.
func small(f metrics.Figure) metrics.Figure {
	f.Small = true
	return f
}

const (
	ot = metrics.IndicatorOnTime
	ap = metrics.IndicatorApology
	co = metrics.IndicatorConduct
	sa = metrics.IndicatorSatisfaction
)

// sampleScores is a small, fixed set of rankings, worked out by hand around the
// province rates (on time 85 %, apology 60 %; satisfaction has no province rate, so
// its funnel is centred on the units' pooled 215 / 280):
//
//   - officers: CB01 (excellent, above both on-time limits, above the 95 % satisfaction
//     limit), CB02 (capped from excellent to good, a small apology count), CB03
//     (reweighted: no counter days; below both on-time limits and the 95 % apology
//     limit) and CB04 (not scored, 5 cases, small);
//   - units: U1, U3 (small: 20 completed cases, no previous period) and U2 (below both
//     on-time limits and the 95 % apology limit, rank down by one);
//   - one district, below both on-time limits.
func sampleScores() *Scores {
	nan := math.NaN()
	officers := &metrics.OfficerScores{MinCoverage: 0.5,
		Weights:  map[string]float64{ot: 0.4, ap: 0.2, co: 0.2, sa: 0.2},
		Goalpost: 10, Shrink: true, PeersBy: "unit_kind", MinCases: 30,
		Rules: &metrics.GradingRules{RuleSet: metrics.RuleSet{ID: "nd90-2020", Name: "Nghị định 90/2020/NĐ-CP, sửa đổi bởi 48/2023/NĐ-CP"}},
		Date:  time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		Priors: []metrics.PriorInfo{
			{Peers: "department", Indicator: ot, Mean: 0.9, Strength: 40, Units: 2},
			{Peers: "department", Indicator: ap, Mean: 0.7, Strength: 12, Units: 2},
			{Peers: "department", Indicator: co, Mean: 1.5, Strength: 80, Units: 2},
			{Peers: "department", Indicator: sa, Mean: 0.85, Strength: 30, Units: 2},
			{Peers: "commune", Indicator: ot, Mean: 0.7, Strength: 25, Units: 2},
		},
		Officers: []metrics.Scorecard{{
			OfficerID: "CB01", UnitID: "U1", UnitKind: "department",
			Figures: []metrics.Figure{
				on(scored(figure(ot, 190, 200), 0.94, 0.905, 0.965, 75, 2, 94), metrics.FunnelAbove, metrics.FunnelAbove),
				on(small(scored(figure(ap, 9, 10), 0.8, 0.6, 0.93, 75, 2, 80)), "", ""),
				scored(figure(co, 1, 120), 0.9, 0.3, 2.1, 75, 2, 91),
				on(scored(figure(sa, 80, 90), 0.87, 0.8, 0.92, 75, 2, 87), metrics.FunnelAbove, ""),
			},
			Total: 92.4, Coverage: 1, Rank: 1, MedianRank: 1, RankLo: 1, RankHi: 2, Percentile: 75,
			Grade: metrics.GradeExcellent,
		}, {
			OfficerID: "CB02", UnitID: "U1", UnitKind: "department",
			Figures: []metrics.Figure{
				on(scored(figure(ot, 170, 190), 0.89, 0.85, 0.93, 25, 2, 89), "", ""),
				on(small(scored(figure(ap, 6, 8), 0.72, 0.5, 0.88, 25, 2, 72)), "", ""),
				scored(figure(co, 2, 110), 1.6, 0.6, 3, 25, 2, 84),
				on(scored(figure(sa, 50, 60), 0.84, 0.75, 0.9, 25, 2, 84), "", ""),
			},
			Total: 90.5, Coverage: 1, Rank: 2, MedianRank: 2, RankLo: 1, RankHi: 3, Percentile: 25,
			Grade: metrics.GradeGood, Capped: true,
		}, {
			OfficerID: "CB03", UnitID: "U2", UnitKind: "commune",
			Figures: []metrics.Figure{
				on(scored(figure(ot, 60, 100), 0.62, 0.53, 0.71, 75, 2, 62), metrics.FunnelBelow, metrics.FunnelBelow),
				on(small(scored(figure(ap, 3, 12), 0.35, 0.15, 0.58, 50, 1, 35)), metrics.FunnelBelow, ""),
				small(figure(co, 0, 0)),
				on(scored(figure(sa, 30, 40), 0.76, 0.62, 0.87, 50, 1, 76), "", ""),
			},
			Total: 61.2, Coverage: 0.8, Missing: []string{co}, Flag: "reweighted",
			Rank: 3, MedianRank: 3, RankLo: 2, RankHi: 3, Percentile: 75, Grade: metrics.GradeDone,
		}, {
			OfficerID: "CB04", UnitID: "U2", UnitKind: "commune",
			Figures: []metrics.Figure{
				on(small(scored(figure(ot, 4, 5), 0.72, 0.5, 0.88, 25, 2, 72)), "", ""),
				small(figure(ap, 0, 0)),
				small(figure(co, 0, 0)),
				small(figure(sa, 0, 0)),
			},
			Total: nan, Coverage: 0.4, Missing: []string{ap, co, sa}, Flag: "not_scored",
			MedianRank: nan, RankLo: nan, RankHi: nan, Percentile: nan,
		}},
	}
	par := []metrics.PARCriterion{
		{Indicator: ot, MaxPoints: metrics.Param[float64]{Value: 1}},
		{Indicator: ap, MaxPoints: metrics.Param[float64]{Value: 0.5}},
		{Indicator: sa, MaxPoints: metrics.Param[float64]{Value: 2}},
	}
	notCovered := []string{"Cải cách tổ chức bộ máy hành chính nhà nước", "Cải cách tài chính công"}
	units := &metrics.UnitScores{Level: "unit", PAR: par, NotCovered: notCovered, Previous: true, MinCases: 30,
		Rows: []metrics.UnitScore{{
			ID: "U1", Kind: "department",
			Figures: []metrics.Figure{
				on(figure(ot, 430, 500), "", ""), on(figure(ap, 35, 50), "", ""), on(figure(sa, 160, 200), "", ""),
				figure(co, 3, 480),
			},
			PARPoints: []float64{0.86, 0.35, 1.6}, PARTotal: 2.81 / 3.5 * 100,
			Progress766: 17.6, Satisfaction766: 14.4, PCITotal: 78.5, PCIRank: 1,
			Rank: 1, MedianRank: 1, RankLo: 1, RankHi: 2, HasPrevious: true, PrevTotal: 76, PrevRank: 2,
		}, {
			ID: "U3", Kind: "commune",
			Figures: []metrics.Figure{
				on(small(figure(ot, 18, 20)), "", ""), on(small(figure(ap, 2, 3)), "", ""), on(small(figure(sa, 15, 20)), "", ""),
				small(figure(co, 0, 0)),
			},
			PARPoints: []float64{0.9, 1.0 / 3, 1.5}, PARTotal: (0.9 + 1.0/3 + 1.5) / 3.5 * 100,
			Progress766: 18, Satisfaction766: 13.5, PCITotal: 61, PCIRank: 2,
			Rank: 2, MedianRank: 2, RankLo: 1, RankHi: 3, PrevTotal: nan, Small: true,
		}, {
			ID: "U2", Kind: "commune",
			Figures: []metrics.Figure{
				on(figure(ot, 150, 200), metrics.FunnelBelow, metrics.FunnelBelow),
				on(figure(ap, 10, 25), metrics.FunnelBelow, ""),
				on(figure(sa, 40, 60), "", ""),
				figure(co, 0, 0),
			},
			PARPoints: []float64{0.75, 0.2, 4.0 / 3}, PARTotal: (0.75 + 0.2 + 4.0/3) / 3.5 * 100,
			Progress766: 15, Satisfaction766: 12, PCITotal: 40.1, PCIRank: 3,
			Rank: 3, MedianRank: 3, RankLo: 2, RankHi: 3, HasPrevious: true, PrevTotal: 70, PrevRank: 1,
		}},
	}
	districts := &metrics.UnitScores{Level: "district", PAR: par, NotCovered: notCovered, Previous: true, MinCases: 30,
		Rows: []metrics.UnitScore{{
			ID: "D1", Kind: "district",
			Figures: []metrics.Figure{
				on(figure(ot, 168, 220), metrics.FunnelBelow, metrics.FunnelBelow),
				on(figure(ap, 12, 28), "", ""),
				on(figure(sa, 55, 80), "", ""),
				figure(co, 0, 0),
			},
			PARPoints: []float64{168.0 / 220, 0.5 * 12 / 28, 2 * 55.0 / 80}, PARTotal: 71.2,
			Progress766: 15.5, Satisfaction766: 12.4, PCITotal: 50, PCIRank: 1,
			Rank: 1, MedianRank: 1, RankLo: 1, RankHi: 1, HasPrevious: true, PrevTotal: 71.2, PrevRank: 1,
		}},
	}
	return &Scores{
		Officers: officers, Units: units, Districts: districts,
		OfficerNames: map[string]string{"CB01": nfd("Nguyễn Văn An"), "CB02": "Trần Thị Bình", "CB03": "Lê Văn Cường",
			"CB04": "Phạm Thị Dung"},
		UnitNames:     map[string]string{"U1": nfd("Sở Tư pháp"), "U2": "UBND xã Tân Lập", "U3": "UBND xã Hòa Bình"},
		DistrictNames: map[string]string{"D1": "UBND huyện Đông Sơn"},
		Centre:        map[string]float64{ot: 0.85, ap: 0.6},
		From:          time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC),
		PrevFrom: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), PrevTo: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
		Crosswalk: 2,
	}
}

// scoreSheets are the sheets the scores add, in order, per language.
var scoreSheets = map[Lang][]string{
	Vietnamese: {"Xếp hạng cán bộ", "Xếp hạng đơn vị", "Xếp hạng huyện", "Biểu đồ phễu", "Ngoài giới hạn phễu"},
	English:    {"Officer ranking", "Unit ranking", "District ranking", "Funnel plots", "Outside funnel limits"},
}

// writeScoresReport writes the run and the scores through WriteReport, as the engine
// does, and opens the result.
func writeScoresReport(t *testing.T, opt Options) *excelize.File {
	t.Helper()
	return writeScoresOf(t, sampleScores(), opt)
}

// writeScoresOf writes the analysis workbook with scores s and reads it back.
func writeScoresOf(t *testing.T, s *Scores, opt Options) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := WriteReport(path, &Report{Run: sampleReport(), Scores: s}, opt); err != nil {
		t.Fatalf("WriteReport: %v", err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sampleScorecard is CB02's scorecard: one late case without an apology, two incidents
// (one put on the officer by the roster), incidents by type (one type congvu does not
// know, listed last) and one unsatisfied rating.
func sampleScorecard() *ScorecardReport {
	s := sampleScores()
	d := func(m time.Month, day, hh, mm int) time.Time { return time.Date(2025, m, day, hh, mm, 0, 0, ict) }
	return &ScorecardReport{
		AsOf: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), Scores: s, Officer: &s.Officers.Officers[1],
		Name: "Trần Thị Bình", UnitName: nfd("Sở Tư pháp"),
		Evidence: &metrics.Evidence{OfficerID: "CB02",
			Late: []metrics.CaseLine{{CaseID: "=HS-9", UnitID: "U1", OfficerID: "CB02", Procedure: "1.001193",
				ReceivedAt: d(5, 5, 8, 0), DueAt: d(5, 9, 17, 0), CompletedAt: d(5, 14, 10, 30),
				Class: "late", WorkdaysLate: 3, Apology: "no_apology"}},
			Incidents: []metrics.IncidentLine{
				{IncidentID: "VP-1", UnitID: "U1", CounterID: "Q2", At: d(6, 2, 9, 15), Type: "phone", Severity: 1, Verified: true},
				{IncidentID: "VP-2", UnitID: "U1", CounterID: "Q2", At: d(9, 8, 14, 0), Type: "absent", Severity: 2, Verified: true,
					Attributed: true},
			},
			LowRatings: []metrics.RatingLine{{ResponseID: "PK-7", UnitID: "U1", At: d(7, 1, 10, 5), Channel: "direct",
				CounterID: "Q2", CaseID: "HS-12", Item: "thai_do", Score: 2, Scale: 5}},
		},
		ByType: map[string]metrics.Rate{
			"zz_camera_offline": {Count: 1, Rate: 100.0 / 110, CI: metrics.Interval{Lo: 0.02, Hi: 5.06}},
			"absent":            {Count: 1, Rate: 100.0 / 110, CI: metrics.Interval{Lo: 0.02, Hi: 5.06}},
			"phone":             {Count: 1, Rate: 100.0 / 110, CI: metrics.Interval{Lo: 0.02, Hi: 5.06}},
		},
		MethodologySource: "congvu (embedded default)",
	}
}

func writeScorecard(t *testing.T, opt Options) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scorecard.xlsx")
	if err := WriteScorecard(path, sampleScorecard(), opt); err != nil {
		t.Fatalf("WriteScorecard: %v", err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// compareGolden compares got with testdata/name line by line, or rewrites it under
// -update. Every golden test of this package goes through it.
func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("%s line %d:\n got: %s\nwant: %s", golden, i+1, gl, wl)
		}
	}
}

// TestScoreGolden compares the analysis workbook with the ranking, funnel and outlier
// sheets, cell by cell (value, type, number format), with testdata/score_LANG.golden;
// -update rewrites them. The funnel sheet's charts are pictures, which the dump does
// not cover: the test checks that each indicator's title cell has exactly one picture
// under it, a PNG that decodes.
func TestScoreGolden(t *testing.T) {
	for _, lang := range []Lang{Vietnamese, English} {
		t.Run(string(lang), func(t *testing.T) {
			f := writeScoresReport(t, Options{Lang: lang})
			sheets := f.GetSheetList()
			for _, s := range scoreSheets[lang] {
				if !slices.Contains(sheets, s) {
					t.Errorf("no sheet %q in %q", s, sheets)
				}
			}
			compareGolden(t, "score_"+string(lang)+".golden", dump(t, f))
			funnel := scoreSheets[lang][3]
			// Titles in A1, A29, A57 (28 rows apart), a chart right under each.
			wantAt := []string{"A2", "A30", "A58"}
			for _, ind := range []string{ot, ap, sa} {
				if v, _ := f.GetCellValue(funnel, "A"+strconv.Itoa(1+28*slices.Index([]string{ot, ap, sa}, ind))); !strings.HasPrefix(v, lang.text(label("sc.ind."+ind))+" — ") {
					t.Errorf("%s: the title of %s is %q", funnel, ind, v)
				}
			}
			got, err := f.GetPictureCells(funnel)
			if err != nil {
				t.Fatal(err)
			}
			slices.SortFunc(got, func(a, b string) int {
				_, ra, _ := excelize.CellNameToCoordinates(a)
				_, rb, _ := excelize.CellNameToCoordinates(b)
				return ra - rb
			})
			if !slices.Equal(got, wantAt) {
				t.Errorf("%s: pictures at %q, want %q", funnel, got, wantAt)
			}
			for i, cell := range wantAt {
				pics, err := f.GetPictures(funnel, cell)
				if err != nil {
					t.Fatal(err)
				}
				if len(pics) != 1 {
					t.Errorf("%s!%s: %d pictures, want 1", funnel, cell, len(pics))
					continue
				}
				p := pics[0]
				if p.Extension != ".png" {
					t.Errorf("%s!%s: extension %q", funnel, cell, p.Extension)
				}
				img, err := png.Decode(bytes.NewReader(p.File))
				if err != nil {
					t.Errorf("%s!%s: not a PNG: %v", funnel, cell, err)
					continue
				}
				if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 250 {
					t.Errorf("%s!%s: a %v image is too small to read", funnel, cell, b)
				} else if b.Dy() > 27*20 {
					// Rows are 20 pixels high: a taller chart covers the next title.
					t.Errorf("%s!%s: a %v image runs over the next chart's title", funnel, cell, b)
				}
				if want := lang.text(label("sc.ind." + []string{ot, ap, sa}[i])); p.Format == nil || p.Format.AltText != want {
					t.Errorf("%s!%s: alt text %+v, want %q", funnel, cell, p.Format, want)
				}
			}
		})
	}
}

// byRef indexes a workbook's cells by "Sheet!A1".
func byRef(t *testing.T, f *excelize.File) map[string]cellInfo {
	t.Helper()
	m := map[string]cellInfo{}
	for _, c := range cells(t, f) {
		m[c.sheet+"!"+c.ref] = c
	}
	return m
}

// checkCells checks cells by value, type and number format; value "" means empty.
func checkCells(t *testing.T, all map[string]cellInfo, want []struct{ ref, typ, format, value string }) {
	t.Helper()
	for _, w := range want {
		c, ok := all[w.ref]
		switch {
		case w.value == "" && ok:
			t.Errorf("%s = %q, want it empty", w.ref, c.value)
		case w.value == "":
		case !ok:
			t.Errorf("%s is empty, want %s %q %q", w.ref, w.typ, w.format, w.value)
		case c.typ != w.typ || c.format != w.format || !sameValue(c, w.value):
			t.Errorf("%s = %s %q %q,\n want %s %q %q", w.ref, c.typ, c.format, c.value, w.typ, w.format, w.value)
		}
	}
}

// sameValue compares a cell's value with want; numbers to 14 significant digits, as
// a workbook keeps at most 15.
func sameValue(c cellInfo, want string) bool {
	if c.typ != "number" && c.typ != "date" {
		return c.value == want
	}
	g, err1 := strconv.ParseFloat(c.value, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	return err1 == nil && err2 == nil && math.Abs(g-w) <= 1e-14*math.Max(1, math.Abs(w))
}

// checkClean fails on a fmt verb gone wrong, a formula or a NaN anywhere.
func checkClean(t *testing.T, all map[string]cellInfo) {
	t.Helper()
	for ref, c := range all {
		if strings.Contains(c.value, "%!") {
			t.Errorf("%s: a format verb went wrong: %q", ref, c.value)
		}
		if c.typ == "formula" || c.formula != "" {
			t.Errorf("%s is a formula: %q", ref, c.formula)
		}
		if strings.Contains(c.value, "NaN") || strings.Contains(c.value, "Inf") {
			t.Errorf("%s = %q", ref, c.value)
		}
	}
}

// TestScoreContent checks by hand what the score goldens must hold, so an -update
// cannot bless a wrong workbook unnoticed.
func TestScoreContent(t *testing.T) {
	f := writeScoresReport(t, Options{Lang: Vietnamese})
	want := append(append([]string{"Tổng quan"}, scoreSheets[Vietnamese]...), "Tệp nhập", "Dòng bị loại", "Cột không nhận diện")
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets:\n got %q\nwant %q", got, want)
	}
	all := byRef(t, f)
	checkClean(t, all)
	const (
		off  = "Xếp hạng cán bộ!"
		unit = "Xếp hạng đơn vị!"
		dist = "Xếp hạng huyện!"
		out  = "Ngoài giới hạn phễu!"
	)
	checkCells(t, all, []struct{ ref, typ, format, value string }{
		// Officers: id, name (NFC), rank as a code, the rank interval as numbers, the
		// score, the suggested grade in words.
		{off + "A1", "string", "General", "Mã cán bộ"},
		{off + "E1", "string", "General", "Xếp hạng (1 = tốt nhất)"},
		{off + "F1", "string", "General", "Hạng tốt nhất trong khoảng 5–95%"},
		{off + "G1", "string", "General", "Hạng kém nhất trong khoảng 5–95%"},
		{off + "A2", "string", "General", "CB01"},
		{off + "B2", "string", "General", "Nguyễn Văn An"},
		{off + "E2", "number", "0", "1"},
		{off + "F2", "number", "0", "1"},
		{off + "G2", "number", "0", "2"},
		{off + "H2", "number", "#,##0.00", "92.4"},
		{off + "J2", "string", "General", "Hoàn thành xuất sắc nhiệm vụ"},
		// The on-time rate 190/200, raw and shrunk, as percents; its count as a count.
		{off + "L2", "number", "#,##0", "200"},
		{off + "M2", "number", "0.0%", "0.95"},
		{off + "N2", "number", "0.0%", "0.94"},
		// Conduct is per 100 counter days, a number, not a percent.
		{off + "S2", "number", "#,##0.00", "0.8333333333333334"},
		{off + "X2", "string", "General", "Giải quyết đúng hạn: Trên giới hạn 99,8%; Mức độ hài lòng: Trên giới hạn 95%"},
		{off + "Y2", "string", "General", "Xin lỗi khi trễ hạn"},
		// The cap on excellent, said in the grade.
		{off + "J3", "string", "General", "Hoàn thành tốt nhiệm vụ (hạ do giới hạn tỷ lệ xuất sắc)"},
		{off + "K4", "string", "General", "Thiếu thành phần, đã chia lại trọng số — Thiếu: Vi phạm tại quầy (camera)"},
		{off + "X4", "string", "General", "Giải quyết đúng hạn: Dưới giới hạn 99,8%; Xin lỗi khi trễ hạn: Dưới giới hạn 95%"},
		// CB04 is not scored: listed last, no rank, no interval, no score, no grade; its
		// empty components are not "small".
		{off + "A5", "string", "General", "CB04"},
		{off + "E5", "", "", ""},
		{off + "F5", "", "", ""},
		{off + "G5", "", "", ""},
		{off + "H5", "", "", ""},
		{off + "J5", "", "", ""},
		{off + "M5", "number", "0.0%", "0.8"},
		{off + "O5", "", "", ""},
		{off + "Y5", "string", "General", "Giải quyết đúng hạn"},
		// Units: U3 (small, no previous period) between U1 and U2.
		{unit + "A1", "string", "General", "Đơn vị"},
		{unit + "A2", "string", "General", "U1"},
		{unit + "B2", "string", "General", "Sở Tư pháp"},
		{unit + "D2", "number", "0", "1"},
		{unit + "E2", "number", "0", "1"},
		{unit + "F2", "number", "0", "2"},
		{unit + "G2", "number", "#,##0.00", "80.28571428571428"},
		{unit + "O2", "number", "#,##0", "500"},
		{unit + "P2", "number", "0.0%", "0.86"},
		{unit + "X2", "number", "0", "2"}, // previous rank
		{unit + "Y2", "number", "0", "1"}, // up one place
		{unit + "A3", "string", "General", "U3"},
		{unit + "W3", "", "", ""}, // no previous period
		{unit + "Y3", "", "", ""},
		{unit + "AB3", "string", "General", "Ít hơn 30 hồ sơ: chưa đủ để kết luận"},
		{unit + "A4", "string", "General", "U2"},
		{unit + "Y4", "number", "0", "-2"}, // from first to third
		{unit + "AA4", "string", "General", "Giải quyết đúng hạn: Dưới giới hạn 99,8%; Xin lỗi khi trễ hạn: Dưới giới hạn 95%"},
		{unit + "AB4", "", "", ""},
		{unit + "A5", "string", "General", "Điểm kiểu PAR Index chỉ gồm các tiêu chí số liệu cho phép; tổng là % trên điểm tối đa của các tiêu chí có số liệu. Các tiêu chí của Chỉ số CCHC KHÔNG được tính ở đây: Cải cách tổ chức bộ máy hành chính nhà nước; Cải cách tài chính công."},
		{unit + "A6", "string", "General", "Kỳ trước (cùng kỳ năm trước): 01/01/2024 – 31/12/2024"},
		{unit + "A7", "string", "General", "Đối chiếu kỳ trước qua bảng chuyển đổi đơn vị (sắp xếp 2025): 2 dòng áp dụng."},
		// Districts: their own key column and names; the crosswalk is about units only.
		{dist + "A1", "string", "General", "Mã huyện"},
		{dist + "B2", "string", "General", "UBND huyện Đông Sơn"},
		{dist + "A4", "string", "General", "Kỳ trước (cùng kỳ năm trước): 01/01/2024 – 31/12/2024"},
		{dist + "A5", "", "", ""},
		// Outliers: on time U2, CB01, CB03; apology U2, CB03; satisfaction CB01.
		{out + "A2", "string", "General", "Giải quyết đúng hạn"},
		{out + "B2", "string", "General", "Đơn vị"},
		{out + "C2", "string", "General", "U2"},
		{out + "D2", "string", "General", "UBND xã Tân Lập"},
		{out + "E2", "number", "#,##0", "150"},
		{out + "F2", "number", "#,##0", "200"},
		{out + "G2", "number", "0.0%", "0.75"},
		{out + "L2", "string", "General", "Dưới giới hạn 99,8%"},
		{out + "B3", "string", "General", "Cán bộ"},
		{out + "C3", "string", "General", "CB01"},
		{out + "D3", "string", "General", "Nguyễn Văn An"},
		{out + "L3", "string", "General", "Trên giới hạn 99,8%"},
		{out + "C4", "string", "General", "CB03"},
		{out + "C5", "string", "General", "U2"},
		{out + "L5", "string", "General", "Dưới giới hạn 95%"},
		{out + "C6", "string", "General", "CB03"},
		{out + "A7", "string", "General", "Mức độ hài lòng"},
		{out + "C7", "string", "General", "CB01"},
		{out + "L7", "string", "General", "Trên giới hạn 95%"},
		{out + "A8", "", "", ""},
	})
	// The grade is a suggestion, and the sheet says so in words under the table.
	var suggestion bool
	for ref, c := range all {
		if strings.HasPrefix(ref, off) && strings.Contains(c.value, "GỢI Ý") && strings.Contains(c.value, "KHÔNG phải kết quả xếp loại chính thức") {
			suggestion = true
		}
	}
	if !suggestion {
		t.Error("the officer ranking does not say that the grade is a suggestion, not the official grade")
	}
	if h := all[off+"J1"].value; !strings.Contains(h, "gợi ý") || !strings.Contains(h, "không phải kết quả chính thức") {
		t.Errorf("grade header %q does not say it is a suggestion", h)
	}
	// The funnel limits of the outliers, worked out by hand: p0 ± z √(p0 (1 − p0) / n).
	for _, tc := range []struct {
		ref  string
		want float64
	}{
		{out + "H3", 0.85 - 1.959964*math.Sqrt(0.85*0.15/200)}, // CB01, n = 200, 95 %
		{out + "I3", 0.85 + 1.959964*math.Sqrt(0.85*0.15/200)},
		{out + "J3", 0.85 - 3.090232*math.Sqrt(0.85*0.15/200)}, // 99.8 %
		{out + "K3", 0.85 + 3.090232*math.Sqrt(0.85*0.15/200)},
		{out + "H5", 0.6 - 1.959964*math.Sqrt(0.6*0.4/25)}, // U2's apologies, n = 25
		// Satisfaction has no province rate: the centre is the units' pooled 215 / 280.
		{out + "I7", 215.0/280 + 1.959964*math.Sqrt(215.0/280*65/280/90)},
	} {
		c := all[tc.ref]
		v, err := strconv.ParseFloat(c.value, 64)
		if err != nil || math.Abs(v-tc.want) > 1e-6 || c.format != "0.0%" {
			t.Errorf("%s = %q %q, want %.6f as 0.0%%", tc.ref, c.value, c.format, tc.want)
		}
	}
	// The rank intervals hold the rank of every ranked row, and every rate is a share.
	for _, sheet := range []string{off, unit, dist} {
		for r := 2; ; r++ {
			row := strconv.Itoa(r)
			rankCol, loCol, hiCol := "E", "F", "G"
			if sheet != off {
				rankCol, loCol, hiCol = "D", "E", "F"
			}
			rank, ok := all[sheet+rankCol+row]
			if !ok {
				break
			}
			k, _ := strconv.ParseFloat(rank.value, 64)
			lo, _ := strconv.ParseFloat(all[sheet+loCol+row].value, 64)
			hi, _ := strconv.ParseFloat(all[sheet+hiCol+row].value, 64)
			if !(lo <= k && k <= hi) {
				t.Errorf("%srow %d: rank %v outside its interval %v–%v", sheet, r, k, lo, hi)
			}
		}
	}
	for ref, c := range all {
		if c.format != "0.0%" {
			continue
		}
		if v, err := strconv.ParseFloat(c.value, 64); err != nil || v < 0 || v > 1 {
			t.Errorf("%s = %q formatted as a percent is not a share", ref, c.value)
		}
	}
	// The funnel titles give the centre in the language's own way.
	funnel := byRef(t, f)
	for ref, want := range map[string]string{
		"Biểu đồ phễu!A1":  "Giải quyết đúng hạn — Mỗi biểu đồ: tỷ lệ theo số hồ sơ",
		"Biểu đồ phễu!A29": "Xin lỗi khi trễ hạn — ",
		"Biểu đồ phễu!A57": "Mức độ hài lòng — ",
	} {
		if !strings.HasPrefix(funnel[ref].value, want) {
			t.Errorf("%s = %q, want it to start %q", ref, funnel[ref].value, want)
		}
	}
	for ref, want := range map[string]string{"Biểu đồ phễu!A1": "85,0 %", "Biểu đồ phễu!A29": "60,0 %", "Biểu đồ phễu!A57": "76,8 %"} {
		if !strings.Contains(funnel[ref].value, "tỷ lệ chung của tỉnh "+want+";") {
			t.Errorf("%s = %q, want the centre %s", ref, funnel[ref].value, want)
		}
	}
	// Headers are frozen on every table sheet; the funnel sheet is not a table.
	for _, s := range []string{"Xếp hạng cán bộ", "Xếp hạng đơn vị", "Xếp hạng huyện", "Ngoài giới hạn phễu"} {
		if p, err := f.GetPanes(s); err != nil || !p.Freeze || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v %v", s, p, err)
		}
	}
}

// TestScoreContentEnglish checks the English words and number formats of a few cells.
func TestScoreContentEnglish(t *testing.T) {
	all := byRef(t, writeScoresReport(t, Options{Lang: English}))
	checkClean(t, all)
	checkCells(t, all, []struct{ ref, typ, format, value string }{
		{"Officer ranking!J1", "string", "General", "Suggested grade (not the official grade)"},
		{"Officer ranking!J2", "string", "General", "Excellent"},
		{"Officer ranking!J3", "string", "General", "Good (lowered by the cap on excellent)"},
		{"Officer ranking!K5", "string", "General", "Not scored (missing component) — Missing: Apology when late, Counter conduct (camera), Satisfaction"},
		{"Officer ranking!X2", "string", "General", "On-time resolution: Above the 99.8% limit; Satisfaction: Above the 95% limit"},
		{"Unit ranking!AB3", "string", "General", "Fewer than 30 cases: too few to judge"},
		{"Outside funnel limits!L2", "string", "General", "Below the 99.8% limit"},
		{"Outside funnel limits!G2", "number", "0.0%", "0.75"},
	})
}

// TestScoreFunnelLevels: with other funnel levels in the methodology, every header, note
// and position names them (nothing about the funnels says 95 % or 99.8 % any more).
func TestScoreFunnelLevels(t *testing.T) {
	s := sampleScores()
	s.Levels = []float64{0.9, 0.99}
	f := writeScoresOf(t, s, Options{Lang: English})
	all := byRef(t, f)
	checkCells(t, all, []struct{ ref, typ, format, value string }{
		{"Outside funnel limits!H1", "string", "General", "90% lower limit"},
		{"Outside funnel limits!I1", "string", "General", "90% upper limit"},
		{"Outside funnel limits!J1", "string", "General", "99% lower limit"},
		{"Outside funnel limits!K1", "string", "General", "99% upper limit"},
	})
	for ref, c := range all {
		// (the rank intervals are 5–95 % of the Monte Carlo ranks, not a funnel level)
		funnel := strings.Contains(strings.ToLower(c.value), "funnel") || strings.Contains(c.value, "limit")
		if strings.Contains(c.value, "99.8%") || funnel && strings.Contains(c.value, "95") {
			t.Errorf("%s still names a default level: %q", ref, c.value)
		}
	}
}

// TestScorecardGolden compares one officer's scorecard workbook with
// testdata/scorecard_LANG.golden; -update rewrites them.
func TestScorecardGolden(t *testing.T) {
	for _, lang := range []Lang{Vietnamese, English} {
		t.Run(string(lang), func(t *testing.T) {
			compareGolden(t, "scorecard_"+string(lang)+".golden", dump(t, writeScorecard(t, Options{Lang: lang})))
		})
	}
}

// TestScorecardContent checks by hand what the scorecard goldens must hold.
func TestScorecardContent(t *testing.T) {
	f := writeScorecard(t, Options{Lang: Vietnamese})
	want := []string{"Phiếu đánh giá cán bộ", "Hồ sơ trễ chưa xin lỗi", "Vi phạm theo loại", "Danh sách vi phạm", "Đánh giá chưa hài lòng"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets:\n got %q\nwant %q", got, want)
	}
	all := byRef(t, f)
	checkClean(t, all)
	const (
		card = "Phiếu đánh giá cán bộ!"
		late = "Hồ sơ trễ chưa xin lỗi!"
		typ  = "Vi phạm theo loại!"
		inc  = "Danh sách vi phạm!"
		rat  = "Đánh giá chưa hài lòng!"
	)
	checkCells(t, all, []struct{ ref, typ, format, value string }{
		{card + "A1", "string", "General", "Phiếu đánh giá cán bộ — số liệu và bằng chứng"},
		{card + "B2", "string", "General", "CB02 — Trần Thị Bình"},
		{card + "B3", "string", "General", "U1 — Sở Tư pháp"},
		{card + "B4", "string", "General", "01/01/2025 – 31/12/2025"},
		{card + "B5", "date", "dd/mm/yyyy", "46022"}, // 31/12/2025
		{card + "B6", "string", "General", "Nghị định 90/2020/NĐ-CP, sửa đổi bởi 48/2023/NĐ-CP"},
		{card + "A7", "string", "General", "Mức xếp loại gợi ý (không phải kết quả chính thức)"},
		{card + "B7", "string", "General", "Hoàn thành tốt nhiệm vụ (hạ do giới hạn tỷ lệ xuất sắc)"},
		{card + "B8", "number", "#,##0.00", "90.5"},
		{card + "B9", "number", "0", "2"},
		{card + "B10", "number", "0", "1"},
		{card + "B11", "number", "0", "3"},
		{card + "B12", "number", "#,##0.00", "25"},
		{card + "B13", "number", "0.0%", "1"},
		{card + "B14", "", "", ""}, // scored with every component: no note
		{card + "A17", "string", "General", "Chỉ tiêu"},
		// On time: 170 of 190, its Wilson interval, shrunk value, the peer mean it was
		// shrunk toward (department officers), its funnel positions and weight.
		{card + "A18", "string", "General", "Giải quyết đúng hạn"},
		{card + "B18", "number", "#,##0", "170"},
		{card + "C18", "number", "#,##0", "190"},
		{card + "D18", "number", "0.0%", "0.8947368421052632"},
		{card + "G18", "number", "0.0%", "0.89"},
		{card + "J18", "number", "0.0%", "0.9"},
		{card + "K18", "number", "#,##0.00", "25"},
		{card + "L18", "number", "#,##0", "2"},
		{card + "M18", "string", "General", "Trong giới hạn"},
		{card + "N18", "string", "General", "Trong giới hạn"},
		{card + "O18", "number", "#,##0.00", "89"},
		{card + "P18", "number", "#,##0.00", "0.4"},
		{card + "Q18", "", "", ""},
		{card + "Q19", "string", "General", "Ít hơn 30 hồ sơ: chưa đủ để kết luận"},
		// Conduct: per 100 counter days, a number; no funnel.
		{card + "A20", "string", "General", "Vi phạm tại quầy (camera)"},
		{card + "D20", "number", "#,##0.00", "1.8181818181818181"},
		{card + "J20", "number", "#,##0.00", "1.5"},
		{card + "M20", "", "", ""},
		{card + "A21", "string", "General", "Mức độ hài lòng"},
		{card + "A22", "", "", ""},
		// The evidence: the case id stays text, dates are dates.
		{late + "A2", "string", "General", "=HS-9"},
		{late + "C2", "date", "dd/mm/yyyy hh:mm:ss", "45782.333333333336"},
		{late + "F2", "string", "General", "Trễ hạn"},
		{late + "G2", "number", "#,##0", "3"},
		{late + "H2", "string", "General", "Không có thư xin lỗi"},
		{late + "I2", "", "", ""},
		// Incident types in the canonical order, an unknown one last as given.
		{typ + "A2", "string", "General", "Vắng mặt"},
		{typ + "A3", "string", "General", "Dùng điện thoại"},
		{typ + "A4", "string", "General", "zz_camera_offline"},
		{typ + "C2", "number", "#,##0.00", "0.9090909090909091"},
		{inc + "E3", "string", "General", "Vắng mặt"},
		{inc + "F3", "number", "#,##0", "2"},
		{inc + "H2", "string", "General", "Không"},
		{inc + "H3", "string", "General", "Có"},
		{rat + "A2", "string", "General", "PK-7"},
		{rat + "H2", "number", "#,##0", "2"},
		{rat + "I2", "number", "#,##0", "5"},
	})
	var suggestion bool
	for ref, c := range all {
		if strings.HasPrefix(ref, card) && strings.Contains(c.value, "GỢI Ý") && strings.Contains(c.value, "KHÔNG phải kết quả xếp loại chính thức") {
			suggestion = true
		}
	}
	if !suggestion {
		t.Error("the scorecard does not say that the grade is a suggestion, not the official grade")
	}
}

// TestFunnelTicks checks the funnel charts' volume axis: a few round, whole-number
// ticks with labels in the language's own digits.
func TestFunnelTicks(t *testing.T) {
	for _, tc := range []struct {
		lang     Lang
		max      float64
		want     []string
		maxTicks int
	}{
		{Vietnamese, 5, nil, 6},
		{Vietnamese, 105, nil, 6},
		{Vietnamese, 2625, []string{"0", "500", "1.000", "1.500", "2.000", "2.500"}, 6},
		{English, 2625, []string{"0", "500", "1,000", "1,500", "2,000", "2,500"}, 6},
		{English, 12345, nil, 7},
		{English, 1.05, nil, 6},
	} {
		ticks := volumeTicks(tc.lang).Ticks(0, tc.max)
		var labels []string
		for _, tk := range ticks {
			if tk.Label == "" {
				continue
			}
			labels = append(labels, tk.Label)
			if tk.Value != math.Trunc(tk.Value) || tk.Value < 0 || tk.Value > tc.max {
				t.Errorf("%s max %v: tick at %v", tc.lang, tc.max, tk.Value)
			}
			if strings.ContainsAny(tk.Label, "eE") || (tc.lang == English && strings.Contains(tk.Label, ".")) ||
				(tc.lang == Vietnamese && strings.Contains(tk.Label, ",")) {
				t.Errorf("%s max %v: label %q", tc.lang, tc.max, tk.Label)
			}
		}
		if len(labels) < 2 || len(labels) > tc.maxTicks {
			t.Errorf("%s max %v: %d labelled ticks %q", tc.lang, tc.max, len(labels), labels)
		}
		if tc.want != nil && !slices.Equal(labels, tc.want) {
			t.Errorf("%s max %v: ticks %q, want %q", tc.lang, tc.max, labels, tc.want)
		}
	}
}

// TestFunnelPNGDeterministic draws each chart twice and compares the bytes. With
// CONGVU_FUNNEL_PNG=dir it also writes them there, to look at.
func TestFunnelPNGDeterministic(t *testing.T) {
	s := sampleScores()
	for _, lang := range []Lang{Vietnamese, English} {
		w, err := newWorkbook(lang)
		if err != nil {
			t.Fatal(err)
		}
		defer w.close()
		for _, id := range funnelIndicators {
			pts := funnelPoints(s, id)
			c := centre(s, id, pts)
			a, err := funnelPNG(w, id, pts, c, levelsOf(s))
			if err != nil {
				t.Fatal(err)
			}
			b, err := funnelPNG(w, id, pts, c, levelsOf(s))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("%s %s: the same chart drawn twice differs", lang, id)
			}
			if dir := os.Getenv("CONGVU_FUNNEL_PNG"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, id+"_"+string(lang)+".png"), a, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// TestFunnelOverdispersion: with over-dispersion the chart's lines are the units' widened
// limits (the picture changes with τ²), and the note under the title says so.
func TestFunnelOverdispersion(t *testing.T) {
	s := sampleScores()
	w, err := newWorkbook(English)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	id := funnelIndicators[0]
	pts := funnelPoints(s, id)
	c := centre(s, id, pts)
	if unitsTau2(pts) != 0 {
		t.Fatalf("sample: τ² %v, want 0", unitsTau2(pts))
	}
	plain, err := funnelPNG(w, id, pts, c, levelsOf(s))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pts {
		p.f.FunnelTau2 = 0.01
	}
	if got := unitsTau2(pts); got != 0.01 {
		t.Fatalf("τ² %v, want 0.01", got)
	}
	wide, err := funnelPNG(w, id, pts, c, levelsOf(s))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(plain, wide) {
		t.Error("the chart is the same with τ² = 0.01 as without over-dispersion")
	}
	f := writeScoresOf(t, s, Options{Lang: English})
	found := false
	for _, c := range cells(t, f) {
		if strings.Contains(c.value, "widened by the units' τ² = 0.01") {
			found = true
		}
	}
	if !found {
		t.Error("no note names the units' τ² under the chart")
	}
}

// TestOfficerNoteMissingFlag: with officer_score.missing: flag the officers' note says
// that an officer missing a component is flagged, not that the weights are re-spread.
func TestOfficerNoteMissingFlag(t *testing.T) {
	s := sampleScores()
	s.Officers.MissingFlag = true
	f := writeScoresOf(t, s, Options{Lang: English})
	var flagged, respread bool
	for _, c := range cells(t, f) {
		flagged = flagged || strings.Contains(c.value, "is not scored but flagged")
		respread = respread || strings.Contains(c.value, "the weights re-spread")
	}
	if !flagged || respread {
		t.Errorf("note: flagged %v, re-spread %v; want true, false", flagged, respread)
	}
}
