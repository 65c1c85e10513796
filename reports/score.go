package reports

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"congvu/metrics"
)

// Sheets of issue 6: rankings of officers, units and districts, the funnel plots, and
// the one-officer scorecard workbook.

// Scores is what the ranking and funnel sheets show: the officer scorecards, the unit
// and district rankings, the funnels' centres and the previous period compared.
type Scores struct {
	Officers      *metrics.OfficerScores
	Units         *metrics.UnitScores
	Districts     *metrics.UnitScores
	OfficerNames  map[string]string
	UnitNames     map[string]string
	DistrictNames map[string]string
	Centre        map[string]float64 // province rate per indicator: the funnels' centre
	Levels        []float64          // the two funnel levels; nil = 95 % and 99.8 %
	From, To      time.Time
	PrevFrom      time.Time // zero: no previous period
	PrevTo        time.Time
	Crosswalk     int // crosswalk rows applied to the previous period
}

// ScorecardReport is one officer's scorecard workbook.
type ScorecardReport struct {
	AsOf              time.Time
	Scores            *Scores
	Officer           *metrics.Scorecard
	Name, UnitName    string
	Evidence          *metrics.Evidence
	ByType            map[string]metrics.Rate // incidents per type (nil without cameras)
	MethodologySource string
}

// funnelIndicators are the indicators with a funnel, in chart order.
var funnelIndicators = []string{metrics.IndicatorOnTime, metrics.IndicatorApology, metrics.IndicatorSatisfaction}

func (w *workbook) indicator(id string) string { return w.text(label("sc.ind." + id)) }

func (w *workbook) grade(o *metrics.Scorecard) string {
	if o.Grade == "" {
		return ""
	}
	g := w.text(label("sc.grade." + o.Grade))
	if o.Capped {
		g = w.textf("sc.grade.capped", g)
	}
	return g
}

// funnelText describes a figure's funnel flags: the widest limit it falls outside.
func (w *workbook) funnelText(f *metrics.Figure, levels []float64) string {
	if f.Funnel == nil {
		return ""
	}
	for i := len(f.Funnel) - 1; i >= 0; i-- {
		if f.Funnel[i] != "" && i < len(levels) {
			return w.textf(label("sc.funnel."+f.Funnel[i]), w.lang.level(levels[i]))
		}
	}
	return w.text("sc.funnel.within")
}

// funnelSummary joins the flagged funnel positions of a row's rates.
func (w *workbook) funnelSummary(figs []metrics.Figure, levels []float64) string {
	var parts []string
	for i := range figs {
		f := &figs[i]
		if slices.ContainsFunc(f.Funnel, func(s string) bool { return s != "" }) {
			parts = append(parts, w.indicator(f.Indicator)+": "+w.funnelText(f, levels))
		}
	}
	return strings.Join(parts, "; ")
}

// setFunnelHeads makes the column headers that name a funnel level name the levels of
// the methodology.
func (w *workbook) setFunnelHeads(levels []float64) {
	lo, hi := []any{w.lang.level(levels[0])}, []any{w.lang.level(levels[1])}
	w.headArgs = map[label][]any{
		"sc.col.limit_lo95": lo, "sc.col.limit_hi95": lo, "sc.col.funnel95": lo,
		"sc.col.limit_lo": hi, "sc.col.limit_hi": hi, "sc.col.funnel998": hi,
	}
}

// levelsOf returns the two funnel levels (95 % and 99.8 % unless the methodology says otherwise).
func levelsOf(s *Scores) []float64 {
	if len(s.Levels) == 2 {
		return s.Levels
	}
	return []float64{0.95, 0.998}
}

func rankChange(r *metrics.UnitScore) (any, any) {
	if !r.HasPrevious || r.Rank == 0 || r.PrevRank == 0 {
		return nil, nil
	}
	return r.PrevRank - r.Rank, r.PARTotal - r.PrevTotal
}

func (w *workbook) scoringFlag(flag string, missing []string) string {
	if flag == "" {
		return ""
	}
	f := w.flag(flag)
	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, m := range missing {
			names[i] = w.indicator(m)
		}
		f += " — " + w.textf("sc.missing", strings.Join(names, ", "))
	}
	return f
}

// writeScores adds the ranking sheets and the funnel sheets.
func writeScores(w *workbook, r *Report, _ Options) error {
	s := r.Scores
	w.setFunnelHeads(levelsOf(s))
	if s.Officers != nil {
		if err := writeOfficerRanking(w, s); err != nil {
			return err
		}
	}
	for _, u := range []*metrics.UnitScores{s.Units, s.Districts} {
		if u != nil {
			if err := writeUnitRanking(w, s, u); err != nil {
				return err
			}
		}
	}
	if err := writeFunnelCharts(w, s); err != nil {
		return err
	}
	return writeOutliers(w, s)
}

func writeOfficerRanking(w *workbook, s *Scores) error {
	os := s.Officers
	levels := levelsOf(s)
	cols := []column{
		{"col.officer", 12, kindText}, {"col.name", 24, kindText}, {"col.unit", 16, kindText}, {"sc.col.kind", 11, kindText},
		{"sc.col.rank", 9, kindID}, {"sc.col.rank_lo", 11, kindID}, {"sc.col.rank_hi", 11, kindID},
		{"sc.col.score", 10, kindNumber}, {"sc.col.percentile", 12, kindNumber}, {"sc.col.grade", 22, kindText},
		{"sc.col.flag", 26, kindText},
		{"sc.col.ot_n", 11, kindCount}, {"sc.col.ot_raw", 10, kindPercent}, {"sc.col.ot_shrunk", 11, kindPercent},
		{"sc.col.ap_n", 11, kindCount}, {"sc.col.ap_raw", 10, kindPercent}, {"sc.col.ap_shrunk", 11, kindPercent},
		{"sc.col.co_n", 10, kindCount}, {"sc.col.co_raw", 11, kindNumber}, {"sc.col.co_shrunk", 11, kindNumber},
		{"sc.col.sa_n", 10, kindCount}, {"sc.col.sa_raw", 10, kindPercent}, {"sc.col.sa_shrunk", 11, kindPercent},
		{"sc.col.funnel", 30, kindText}, {"sc.col.small", 22, kindText},
	}
	t, err := w.newTable("sheet.sc.officers", cols, len(os.Officers))
	if err != nil {
		return err
	}
	for i := range os.Officers {
		o := &os.Officers[i]
		vals := []any{o.OfficerID, s.OfficerNames[o.OfficerID], o.UnitID, w.unitKind(o.UnitKind), intOrNil(o.Rank),
			rankFloor(o.RankLo), rankCeil(o.RankHi), num(o.Total), num(o.Percentile), w.grade(o), w.scoringFlag(o.Flag, o.Missing)}
		var small []string
		for j := range o.Figures {
			f := &o.Figures[j]
			var n any
			if f.N > 0 {
				n = f.N
			}
			vals = append(vals, n, num(f.Raw), num(f.Shrunk.Mean))
			if f.Small && f.N > 0 {
				small = append(small, w.indicator(f.Indicator))
			}
		}
		vals = append(vals, w.funnelSummary(o.Figures, levels), strings.Join(small, ", "))
		if err := t.add(vals...); err != nil {
			return err
		}
	}
	var ws []string
	for _, id := range metrics.OfficerComponents {
		ws = append(ws, w.indicator(id)+" "+w.lang.decimal(os.Weights[id]))
	}
	note := w.textf("sc.note.officers", strings.Join(ws, ", "), w.lang.percent(os.MinCoverage),
		w.lang.level(levels[0]), w.lang.level(levels[1]))
	if os.MissingFlag {
		note = w.textf("sc.note.officers_flag", strings.Join(ws, ", "), w.lang.level(levels[0]), w.lang.level(levels[1]))
	}
	if err := t.note(note); err != nil {
		return err
	}
	if os.Rules != nil {
		if err := t.note(w.text("sc.rules") + ": " + os.Rules.Name); err != nil {
			return err
		}
	}
	if err := t.paragraph(w.text("sc.suggestion"), 11, 6); err != nil {
		return err
	}
	return t.close()
}

func writeUnitRanking(w *workbook, s *Scores, u *metrics.UnitScores) error {
	sheet, names := label("sheet.sc.units"), s.UnitNames
	key := label("col.unit")
	if u.Level == "district" {
		sheet, names, key = "sheet.sc.districts", s.DistrictNames, "sc.col.district"
	}
	levels := levelsOf(s)
	cols := []column{{key, 16, kindText}, {"col.name", 28, kindText}, {"sc.col.kind", 11, kindText},
		{"sc.col.rank", 9, kindID}, {"sc.col.rank_lo", 11, kindID}, {"sc.col.rank_hi", 11, kindID},
		{"sc.col.par_total", 12, kindNumber}}
	for _, c := range u.PAR {
		switch c.Indicator {
		case metrics.IndicatorOnTime:
			cols = append(cols, column{"sc.col.par_ot", 11, kindNumber})
		case metrics.IndicatorApology:
			cols = append(cols, column{"sc.col.par_ap", 11, kindNumber})
		case metrics.IndicatorSatisfaction:
			cols = append(cols, column{"sc.col.par_sa", 11, kindNumber})
		default:
			cols = append(cols, column{label("sc.ind." + c.Indicator), 11, kindNumber})
		}
	}
	cols = append(cols, column{"sc.col.p766", 11, kindNumber}, column{"sc.col.s766", 11, kindNumber},
		column{"sc.col.pci_total", 12, kindNumber}, column{"sc.col.pci_rank", 9, kindID},
		column{"sc.col.ot_n", 11, kindCount}, column{"sc.col.ot_raw", 10, kindPercent},
		column{"sc.col.ap_n", 11, kindCount}, column{"sc.col.ap_raw", 10, kindPercent},
		column{"sc.col.sa_n", 10, kindCount}, column{"sc.col.sa_raw", 10, kindPercent},
		column{"sc.col.co_n", 10, kindCount}, column{"sc.col.co_raw", 11, kindNumber},
		column{"sc.col.prev_total", 12, kindNumber}, column{"sc.col.prev_rank", 9, kindID},
		column{"sc.col.rank_change", 10, kindID}, column{"sc.col.total_change", 11, kindNumber},
		column{"sc.col.funnel", 30, kindText}, column{"sc.col.small", 22, kindText})
	t, err := w.newTable(sheet, cols, len(u.Rows))
	if err != nil {
		return err
	}
	for i := range u.Rows {
		r := &u.Rows[i]
		vals := []any{r.ID, names[r.ID], w.unitKind(r.Kind), intOrNil(r.Rank), rankFloor(r.RankLo), rankCeil(r.RankHi), num(r.PARTotal)}
		for j := range u.PAR {
			vals = append(vals, num(r.PARPoints[j]))
		}
		vals = append(vals, num(r.Progress766), num(r.Satisfaction766), num(r.PCITotal), intOrNil(r.PCIRank))
		for j := range r.Figures {
			f := &r.Figures[j]
			var n any
			if f.N > 0 {
				n = f.N
			}
			vals = append(vals, n, num(f.Raw))
		}
		var prevTotal, prevRank any
		if r.HasPrevious {
			prevTotal, prevRank = num(r.PrevTotal), intOrNil(r.PrevRank)
		}
		dr, dt := rankChange(r)
		small := ""
		if r.Small {
			small = w.textf("small", u.MinCases)
		}
		vals = append(vals, prevTotal, prevRank, dr, dt, w.funnelSummary(r.Figures[:3], levels), small)
		if err := t.add(vals...); err != nil {
			return err
		}
	}
	if err := t.note(w.textf("sc.note.units", strings.Join(u.NotCovered, "; "))); err != nil {
		return err
	}
	switch {
	case s.PrevFrom.IsZero():
		err = t.note(w.text("sc.no_previous"))
	default:
		err = t.note(fmt.Sprintf("%s: %s – %s", w.text("sc.previous"), s.PrevFrom.Format("02/01/2006"), s.PrevTo.Format("02/01/2006")))
		if err == nil && s.Crosswalk > 0 && u.Level == "unit" {
			err = t.note(w.textf("sc.crosswalk", s.Crosswalk))
		}
	}
	if err != nil {
		return err
	}
	return t.close()
}

// funnelSeries is one indicator's points for a chart or a table.
type funnelPoint struct {
	level string // officer | unit
	id    string
	f     *metrics.Figure
}

func funnelPoints(s *Scores, id string) []funnelPoint {
	var out []funnelPoint
	if s.Units != nil {
		j := slices.Index(metrics.UnitComponents, id)
		for i := range s.Units.Rows {
			if f := &s.Units.Rows[i].Figures[j]; f.N > 0 {
				out = append(out, funnelPoint{"unit", s.Units.Rows[i].ID, f})
			}
		}
	}
	if s.Officers != nil {
		j := slices.Index(metrics.OfficerComponents, id)
		for i := range s.Officers.Officers {
			if f := &s.Officers.Officers[i].Figures[j]; f.N > 0 {
				out = append(out, funnelPoint{"officer", s.Officers.Officers[i].OfficerID, f})
			}
		}
	}
	return out
}

// centre returns the funnel's centre of an indicator: the province rate, else pooled.
func centre(s *Scores, id string, pts []funnelPoint) float64 {
	if c, ok := s.Centre[id]; ok {
		return c
	}
	var k, n int64
	for _, p := range pts {
		if p.level == "unit" {
			k, n = k+p.f.K, n+p.f.N
		}
	}
	if n == 0 { // no units: pool whatever points there are
		for _, p := range pts {
			k, n = k+p.f.K, n+p.f.N
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}

// writeFunnelCharts adds the funnel sheet: one PNG chart per indicator.
func writeFunnelCharts(w *workbook, s *Scores) error {
	title, err := w.addSheet("sheet.sc.funnel")
	if err != nil {
		return err
	}
	row := 1
	for _, id := range funnelIndicators {
		pts := funnelPoints(s, id)
		if len(pts) == 0 {
			continue
		}
		c := centre(s, id, pts)
		if math.IsNaN(c) {
			continue // no volume behind any point: nothing to draw
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		lv := levelsOf(s)
		text := w.indicator(id) + " — " + w.textf("sc.note.funnel", w.lang.percent(c), w.lang.level(lv[0]), w.lang.level(lv[1]))
		if t2 := unitsTau2(pts); t2 > 0 {
			text += " " + w.textf("sc.note.funnel_od", w.lang.decimal(math.Round(t2*1e6)/1e6))
		}
		if err := w.f.SetCellValue(title, cell, cleanText(text)); err != nil {
			return err
		}
		png, err := funnelPNG(w, id, pts, c, levelsOf(s))
		if err != nil {
			return fmt.Errorf("funnel chart %s: %w", id, err)
		}
		cell, _ = excelize.CoordinatesToCellName(1, row+1)
		if err := w.f.AddPictureFromBytes(title, cell, &excelize.Picture{Extension: ".png", File: png,
			Format: &excelize.GraphicOptions{AltText: w.indicator(id)}}); err != nil {
			return fmt.Errorf("funnel chart %s: %w", id, err)
		}
		row += 28
	}
	if row == 1 {
		return w.f.SetCellValue(title, "A1", w.text("sc.none"))
	}
	return nil
}

// writeOutliers lists the units and officers outside a funnel limit (the funnels are drawn for units
// and officers; a district's funnel position is on its ranking sheet).
func writeOutliers(w *workbook, s *Scores) error {
	type line struct {
		id       string
		level    string
		p        funnelPoint
		lo, hi   [2]float64
		centre   float64
		position string
	}
	levels := levelsOf(s)
	zs := []float64{metrics.ZForLevel(levels[0]), metrics.ZForLevel(levels[1])}
	var lines []line
	for _, id := range funnelIndicators {
		pts := funnelPoints(s, id)
		c := centre(s, id, pts)
		for _, p := range pts {
			if !slices.ContainsFunc(p.f.Funnel, func(f string) bool { return f != "" }) {
				continue
			}
			l := line{id: id, level: p.level, p: p, centre: c, position: w.funnelText(p.f, levels)}
			for i, z := range zs {
				if i < len(p.f.FunnelLo) && i < len(p.f.FunnelHi) {
					// the limits the flags were judged against
					l.lo[i], l.hi[i] = p.f.FunnelLo[i], p.f.FunnelHi[i]
				} else {
					l.lo[i], l.hi[i] = metrics.FunnelLimits(c, p.f.N, z, p.f.FunnelTau2)
				}
			}
			lines = append(lines, l)
		}
	}
	t, err := w.newTable("sheet.sc.outliers", []column{{"sc.col.indicator", 22, kindText}, {"sc.col.level", 10, kindText},
		{"sc.col.figure", 16, kindText}, {"col.name", 28, kindText}, {"sc.col.k", 10, kindCount}, {"sc.col.n", 10, kindCount},
		{"sc.col.rate", 10, kindPercent}, {"sc.col.limit_lo95", 11, kindPercent}, {"sc.col.limit_hi95", 11, kindPercent},
		{"sc.col.limit_lo", 11, kindPercent}, {"sc.col.limit_hi", 11, kindPercent}, {"sc.col.funnel", 26, kindText}}, len(lines))
	if err != nil {
		return err
	}
	for _, l := range lines {
		name := s.UnitNames[l.p.id]
		if l.level == "officer" {
			name = s.OfficerNames[l.p.id]
		}
		if err := t.add(w.indicator(l.id), w.text(label("sc.level."+l.level)), l.p.id, name, l.p.f.K, l.p.f.N, num(l.p.f.Raw),
			l.lo[0], l.hi[0], l.lo[1], l.hi[1], l.position); err != nil {
			return err
		}
	}
	if len(lines) == 0 {
		if err := t.note(w.text("sc.none")); err != nil {
			return err
		}
	}
	return t.close()
}

// WriteScorecard writes one officer's scorecard workbook to path atomically: every
// figure with its count, interval, shrunk value, peer percentile and funnel position,
// and the late cases without an apology, the incidents by type and one by one, and the
// unsatisfied ratings behind them.
func WriteScorecard(path string, r *ScorecardReport, opt Options) (err error) {
	if r == nil || r.Officer == nil || r.Scores == nil || r.Scores.Officers == nil {
		return errors.New("reports: nil scorecard")
	}
	lang, err := opt.lang()
	if err != nil {
		return err
	}
	w, err := newWorkbook(lang)
	if err != nil {
		return fmt.Errorf("scorecard: %w", err)
	}
	defer func() { err = errors.Join(err, w.close()) }()
	w.setFunnelHeads(levelsOf(r.Scores))
	for _, write := range []func(*workbook, *ScorecardReport) error{writeCard, writeCardLate, writeCardByType, writeCardIncidents, writeCardRatings} {
		if err := write(w, r); err != nil {
			return fmt.Errorf("scorecard: %w", err)
		}
	}
	return w.save(path)
}

// cardFigureRow is the first row of the figure table on the scorecard sheet.
const cardFigureRow = 17

func writeCard(w *workbook, r *ScorecardReport) error {
	o, os := r.Officer, r.Scores.Officers
	f, err := w.newForm("sheet.sc.card", 30, 14, 12, 12, 12, 12, 14, 12, 12, 12, 12, 10, 16, 16, 12, 10, 22)
	if err != nil {
		return err
	}
	f.put(f.cell(kindText, w.title, w.text("sc.title.card")))                                                // 1
	f.line("sc.officer", kindText, strings.TrimSuffix(o.OfficerID+" — "+r.Name, " — "))                      // 2
	f.line("sc.unit", kindText, strings.TrimSuffix(o.UnitID+" — "+r.UnitName, " — "))                        // 3
	f.line("sc.period", kindText, r.Scores.From.Format("02/01/2006")+" – "+r.Scores.To.Format("02/01/2006")) // 4
	f.line("sc.as_of", kindDate, r.AsOf)                                                                     // 5
	f.line("sc.rules", kindText, rulesName(os))                                                              // 6
	f.line("sc.col.grade", kindText, w.grade(o))                                                             // 7
	f.line("sc.col.score", kindNumber, num(o.Total))                                                         // 8
	f.line("sc.col.rank", kindID, intOrNil(o.Rank))                                                          // 9
	f.line("sc.col.rank_lo", kindID, rankFloor(o.RankLo))                                                    // 10
	f.line("sc.col.rank_hi", kindID, rankCeil(o.RankHi))                                                     // 11
	f.line("sc.col.percentile", kindNumber, num(o.Percentile))                                               // 12
	f.line("sc.col.coverage", kindPercent, o.Coverage)                                                       // 13
	f.line("sc.col.flag", kindText, w.scoringFlag(o.Flag, o.Missing))                                        // 14
	f.paragraph(w.text("sc.suggestion"), 12, 5)                                                              // 15
	f.put()                                                                                                  // 16
	heads := []label{"sc.col.indicator", "sc.col.k", "sc.col.n", "sc.col.rate", "col.ci_lo", "col.ci_hi", "sc.col.shrunk",
		"sc.col.shrunk_lo", "sc.col.shrunk_hi", "sc.col.peer_mean", "sc.col.percentile", "sc.col.peers", "sc.col.funnel95",
		"sc.col.funnel998", "sc.col.points", "sc.col.weight", "sc.col.small"}
	levels := levelsOf(r.Scores)
	hc := make([]any, len(heads))
	for i, h := range heads {
		hc[i] = f.cell(kindText, w.header, w.head(h))
	}
	f.put(hc...) // 17
	for j := range o.Figures {
		fig := &o.Figures[j]
		k := kindPercent
		if fig.Indicator == metrics.IndicatorConduct {
			k = kindNumber
		}
		var kv, nv any
		if fig.N > 0 {
			kv, nv = fig.K, fig.N
		}
		var f95, f998 string
		if fig.Funnel != nil {
			f95, f998 = w.funnelLevel(fig, 0, levels), w.funnelLevel(fig, 1, levels)
		}
		small := ""
		if fig.Small && fig.N > 0 {
			small = w.textf("small", os.MinCases)
		}
		f.put(f.cell(kindText, 0, w.indicator(fig.Indicator)), f.cell(kindCount, 0, kv), f.cell(kindCount, 0, nv),
			f.cell(k, 0, num(fig.Raw)), f.cell(k, 0, num(fig.CI.Lo)), f.cell(k, 0, num(fig.CI.Hi)),
			f.cell(k, 0, num(fig.Shrunk.Mean)), f.cell(k, 0, num(fig.Shrunk.Lo)), f.cell(k, 0, num(fig.Shrunk.Hi)),
			f.cell(k, 0, num(peerMean(os, o.UnitKind, fig.Indicator))), f.cell(kindNumber, 0, num(fig.Percentile)),
			f.cell(kindCount, 0, fig.Peers), f.cell(kindText, 0, f95), f.cell(kindText, 0, f998),
			f.cell(kindNumber, 0, num(fig.Points)), f.cell(kindNumber, 0, os.Weights[fig.Indicator]), f.cell(kindText, 0, small))
	}
	return f.close()
}

func (w *workbook) funnelLevel(f *metrics.Figure, i int, levels []float64) string {
	if i >= len(f.Funnel) {
		return ""
	}
	if f.Funnel[i] == "" {
		return w.text("sc.funnel.within")
	}
	return w.textf(label("sc.funnel."+f.Funnel[i]), w.lang.level(levels[i]))
}

func rulesName(os *metrics.OfficerScores) string {
	if os.Rules == nil {
		return ""
	}
	return os.Rules.Name
}

// peerMean is the prior mean the officer's figure was shrunk toward (NaN if none).
func peerMean(os *metrics.OfficerScores, kind, id string) float64 {
	for _, p := range os.Priors {
		if p.Indicator == id && (p.Peers == kind || (os.PeersBy == "all" && p.Peers == "")) {
			return p.Mean
		}
	}
	return math.NaN()
}

func writeCardLate(w *workbook, r *ScorecardReport) error {
	var list []metrics.CaseLine
	if r.Evidence != nil {
		list = r.Evidence.Late
	}
	t, err := w.newTable("sheet.sc.late", []column{{"sc.col.case", 22, kindText}, {"sc.col.procedure", 12, kindText},
		{"sc.col.received", 18, kindDateTime}, {"sc.col.due", 18, kindDateTime}, {"sc.col.completed_at", 18, kindDateTime},
		{"sc.col.class", 14, kindText}, {"sc.col.wd_late", 10, kindCount}, {"sc.col.apology", 14, kindText},
		{"sc.col.at", 18, kindDateTime}}, len(list))
	if err != nil {
		return err
	}
	for _, c := range list {
		if err := t.add(c.CaseID, c.Procedure, c.ReceivedAt, c.DueAt, c.CompletedAt, w.text(label("class."+c.Class)), c.WorkdaysLate, w.text(label("apology."+c.Apology)), c.ApologyAt); err != nil {
			return err
		}
	}
	if len(list) == 0 {
		if err := t.note(w.text("sc.none")); err != nil {
			return err
		}
	}
	return t.close()
}

func writeCardByType(w *workbook, r *ScorecardReport) error {
	types := slices.Sorted(func(yield func(string) bool) {
		for k := range r.ByType {
			if !yield(k) {
				return
			}
		}
	})
	slices.SortStableFunc(types, func(a, b string) int {
		ia, ib := slices.Index(metrics.IncidentTypes, a), slices.Index(metrics.IncidentTypes, b)
		if ia < 0 {
			ia = len(metrics.IncidentTypes)
		}
		if ib < 0 {
			ib = len(metrics.IncidentTypes)
		}
		return ia - ib
	})
	t, err := w.newTable("sheet.sc.bytype", []column{{"sc.col.type", 24, kindText}, {"sc.col.count", 10, kindCount},
		{"sc.col.rate100", 14, kindNumber}, {"col.ci_lo", 12, kindNumber}, {"col.ci_hi", 12, kindNumber}}, len(types))
	if err != nil {
		return err
	}
	for _, ty := range types {
		x := r.ByType[ty]
		if err := t.add(w.incidentType(ty), x.Count, num(x.Rate), num(x.CI.Lo), num(x.CI.Hi)); err != nil {
			return err
		}
	}
	if len(types) == 0 {
		if err := t.note(w.text("sc.none")); err != nil {
			return err
		}
	}
	return t.close()
}

func writeCardIncidents(w *workbook, r *ScorecardReport) error {
	var list []metrics.IncidentLine
	if r.Evidence != nil {
		list = r.Evidence.Incidents
	}
	t, err := w.newTable("sheet.sc.incidents", []column{{"sc.col.incident", 16, kindText}, {"sc.col.at", 18, kindDateTime},
		{"col.unit", 16, kindText}, {"sc.col.counter", 18, kindText}, {"sc.col.type", 22, kindText}, {"sc.col.severity", 8, kindCount},
		{"sc.col.verified", 10, kindText}, {"sc.col.attributed", 14, kindText}}, len(list))
	if err != nil {
		return err
	}
	for _, l := range list {
		if err := t.add(l.IncidentID, l.At, l.UnitID, l.CounterID, w.incidentType(l.Type), l.Severity,
			w.yesNo(l.Verified), w.yesNo(l.Attributed)); err != nil {
			return err
		}
	}
	if len(list) == 0 {
		if err := t.note(w.text("sc.none")); err != nil {
			return err
		}
	}
	return t.close()
}

func writeCardRatings(w *workbook, r *ScorecardReport) error {
	var list []metrics.RatingLine
	if r.Evidence != nil {
		list = r.Evidence.LowRatings
	}
	t, err := w.newTable("sheet.sc.ratings", []column{{"sc.col.response", 16, kindText}, {"sc.col.at", 18, kindDateTime},
		{"col.unit", 16, kindText}, {"sc.col.channel", 10, kindText}, {"sc.col.counter", 18, kindText}, {"sc.col.case", 22, kindText},
		{"sc.col.item", 10, kindText}, {"sc.col.score_given", 8, kindCount}, {"sc.col.scale", 8, kindCount}}, len(list))
	if err != nil {
		return err
	}
	for _, l := range list {
		if err := t.add(l.ResponseID, l.At, l.UnitID, w.channel(l.Channel), l.CounterID, l.CaseID, l.Item, l.Score, l.Scale); err != nil {
			return err
		}
	}
	if len(list) == 0 {
		if err := t.note(w.text("sc.none")); err != nil {
			return err
		}
	}
	return t.close()
}

// unitKind translates a canonical unit kind; others are written as given.
func (w *workbook) unitKind(k string) string {
	switch k {
	case "department", "district", "commune", "centre":
		return w.text(label("unitkind." + k))
	}
	return k
}

// rankFloor and rankCeil write the ends of a simulated rank interval (quantiles, so
// possibly fractional) as whole ranks, widened outwards; nil for NaN.
func rankFloor(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return int64(math.Floor(v + 1e-9))
}

func rankCeil(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return int64(math.Ceil(v - 1e-9))
}
