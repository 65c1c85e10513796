package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"congvu/metrics"
	"congvu/reports"
)

// Scores computes the officer scorecards and the unit and district rankings of the
// period of opt from the figures already computed (tl, conduct, sat; conduct and sat
// may be nil), and the previous period (the same span one year earlier) when the store
// has cases in it. It returns nil, nil when there are no timeliness figures.
func (s *Store) Scores(ctx context.Context, opt ReportOptions, m *metrics.Methodology,
	tl *metrics.Timeliness, conduct *metrics.ConductResult, sat *metrics.SatisfactionResult) (*reports.Scores, error) {
	if tl == nil {
		return nil, nil
	}
	ref, err := s.reference(ctx)
	if err != nil {
		return nil, err
	}
	excludeBursts := m != nil && m.Satisfaction.ExcludeBursts.Value
	res := &reports.Scores{From: tl.From, To: tl.To, Centre: map[string]float64{},
		OfficerNames: tl.Names[metrics.ByOfficer], UnitNames: tl.Names[metrics.ByUnit], DistrictNames: ref.districtNames}
	if p := tl.Groups[metrics.ByProvince]; len(p) == 1 {
		if p[0].Completed > 0 {
			res.Centre[metrics.IndicatorOnTime] = float64(p[0].Early+p[0].OnTime) / float64(p[0].Completed)
		}
		if p[0].NeedApology > 0 {
			res.Centre[metrics.IndicatorApology] = float64(p[0].ApologyOnTime) / float64(p[0].NeedApology)
		}
	}
	if sat != nil {
		if r, ok := sat.Row(metrics.SatAll, "", ""); ok {
			sh := satShare(r, excludeBursts)
			if sh.N > 0 {
				res.Centre[metrics.IndicatorSatisfaction] = float64(sh.Satisfied) / float64(sh.N)
			}
		}
	}
	if m != nil && len(m.Funnel.Levels.Value) == 2 {
		res.Levels = m.Funnel.Levels.Value
	}
	sopt := metrics.ScoreOptions{Methodology: m, Date: tl.To, MinCases: tl.MinCases, Centre: res.Centre}
	if res.Officers, err = metrics.ScoreOfficers(officerCounts(tl, conduct, sat, ref, excludeBursts), sopt); err != nil {
		return nil, fmt.Errorf("officer scores: %w", err)
	}
	units, districts := unitCounts(tl, tl.Period[metrics.ByUnit], tl.Groups[metrics.ByDistrict], conduct, sat, ref, excludeBursts)

	// The previous period: the same span one year earlier, when the store has cases in it.
	var prevUnits, prevDistricts []metrics.UnitCounts
	pf, pt := tl.From.AddDate(-1, 0, 0), tl.To.AddDate(-1, 0, 0)
	var n int64
	if err := s.db.QueryRowContext(ctx, query("cases_received"), pf, pt).Scan(&n); err != nil {
		return nil, fmt.Errorf("previous period: %w", err)
	}
	if n > 0 {
		if prevUnits, prevDistricts, err = s.previousCounts(ctx, opt, m, tl, pf, pt, ref, excludeBursts); err != nil {
			return nil, fmt.Errorf("previous period: %w", err)
		}
		res.PrevFrom, res.PrevTo = pf, pt
		cw, err := s.crosswalk(ctx, pf, tl.To)
		if err != nil {
			return nil, err
		}
		if len(cw) > 0 {
			prevUnits = applyCrosswalk(prevUnits, cw)
			res.Crosswalk = len(cw)
		}
	}
	if res.Units, err = metrics.ScoreUnits("unit", units, prevUnits, sopt); err != nil {
		return nil, fmt.Errorf("unit scores: %w", err)
	}
	if res.Districts, err = metrics.ScoreUnits("district", districts, prevDistricts, sopt); err != nil {
		return nil, fmt.Errorf("district scores: %w", err)
	}
	return res, nil
}

// refTables is what the scores need of the reference tables.
type refTables struct {
	unitKind, unitDistrict map[string]string // unit → kind, district
	officerUnit            map[string]string
	districtNames          map[string]string // district id → the district committee's name
}

func (s *Store) reference(ctx context.Context) (*refTables, error) {
	r := &refTables{unitKind: map[string]string{}, unitDistrict: map[string]string{}, officerUnit: map[string]string{},
		districtNames: map[string]string{}}
	rows, err := s.db.QueryContext(ctx, query("units"))
	if err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	for rows.Next() {
		var id, kind, district, name string
		if err := rows.Scan(&id, &kind, &district, &name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read units: %w", err)
		}
		r.unitKind[id], r.unitDistrict[id] = kind, district
		if kind == "district" && district != "" && name != "" {
			r.districtNames[district] = name
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read units: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, query("officers"))
	if err != nil {
		return nil, fmt.Errorf("read officers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, unit string
		if err := rows.Scan(&id, &unit); err != nil {
			return nil, fmt.Errorf("read officers: %w", err)
		}
		r.officerUnit[id] = unit
	}
	return r, rows.Err()
}

func satShare(r metrics.SatRow, clean bool) metrics.Share {
	if clean {
		return r.Clean
	}
	return r.All
}

// officerCounts gathers each officer's counts from the three result sets.
func officerCounts(tl *metrics.Timeliness, conduct *metrics.ConductResult, sat *metrics.SatisfactionResult, ref *refTables, clean bool) []metrics.OfficerCounts {
	idx := map[string]int{}
	var out []metrics.OfficerCounts
	get := func(id, unit string) *metrics.OfficerCounts {
		if i, ok := idx[id]; ok {
			return &out[i]
		}
		if u, ok := ref.officerUnit[id]; ok && u != "" {
			unit = u
		}
		idx[id] = len(out)
		out = append(out, metrics.OfficerCounts{OfficerID: id, UnitID: unit, UnitKind: ref.unitKind[unit]})
		return &out[len(out)-1]
	}
	for _, g := range tl.Groups[metrics.ByOfficer] {
		if g.Key == "" {
			continue
		}
		c := get(g.Key, "")
		c.OnTime, c.Completed = g.Early+g.OnTime, g.Completed
		c.ApologyOnTime, c.NeedApology = g.ApologyOnTime, g.NeedApology
	}
	if conduct != nil {
		for _, r := range conduct.Officers {
			if r.OfficerID == "" || r.NoRoster {
				continue
			}
			c := get(r.OfficerID, r.UnitID)
			c.Incidents, c.Weighted, c.CounterDays = r.Incidents.Count, r.Weighted, r.CounterDays
		}
	}
	if sat != nil {
		for _, r := range sat.Of(metrics.SatOfficer) {
			if r.Key == "" {
				continue
			}
			sh := satShare(r, clean)
			c := get(r.Key, "")
			c.Satisfied, c.Rated = sh.Satisfied, sh.N
		}
	}
	return out
}

// unitCounts gathers the counts of units and of districts (the district's cases
// as the aggregate by district gives them; its progress, conduct and satisfaction
// summed over its units).
func unitCounts(tl *metrics.Timeliness, period []metrics.PeriodRow, byDistrict []metrics.Group, conduct *metrics.ConductResult,
	sat *metrics.SatisfactionResult, ref *refTables, clean bool) (units, districts []metrics.UnitCounts) {
	ui, di := map[string]int{}, map[string]int{}
	unit := func(id string) *metrics.UnitCounts {
		if i, ok := ui[id]; ok {
			return &units[i]
		}
		ui[id] = len(units)
		units = append(units, metrics.UnitCounts{ID: id, Kind: ref.unitKind[id]})
		return &units[len(units)-1]
	}
	district := func(id string) *metrics.UnitCounts {
		if i, ok := di[id]; ok {
			return &districts[i]
		}
		di[id] = len(districts)
		districts = append(districts, metrics.UnitCounts{ID: id, Kind: "district"})
		return &districts[len(districts)-1]
	}
	if tl != nil {
		for _, g := range tl.Groups[metrics.ByUnit] {
			if g.Key == "" {
				continue
			}
			c := unit(g.Key)
			c.OnTime, c.Completed, c.ApologyOnTime, c.NeedApology = g.Early+g.OnTime, g.Completed, g.ApologyOnTime, g.NeedApology
		}
	}
	for _, g := range byDistrict {
		if g.Key == "" {
			continue
		}
		c := district(g.Key)
		c.OnTime, c.Completed, c.ApologyOnTime, c.NeedApology = g.Early+g.OnTime, g.Completed, g.ApologyOnTime, g.NeedApology
	}
	addDistrict := func(unitID string, f func(c *metrics.UnitCounts)) {
		if d := ref.unitDistrict[unitID]; d != "" {
			if _, ok := di[d]; ok {
				f(district(d))
			}
		}
	}
	for _, r := range period {
		if r.Key == "" {
			continue
		}
		num := r.PendingInTime + r.Early + r.OnTime
		f := func(c *metrics.UnitCounts) { c.ProgressNum, c.Received = c.ProgressNum+num, c.Received+r.New }
		f(unit(r.Key))
		addDistrict(r.Key, f)
	}
	if conduct != nil {
		for _, r := range conduct.Units {
			if r.UnitID == "" {
				continue
			}
			f := func(c *metrics.UnitCounts) {
				c.Incidents, c.Weighted, c.CounterDays = c.Incidents+r.Incidents.Count, c.Weighted+r.Weighted, c.CounterDays+r.CounterDays
			}
			f(unit(r.UnitID))
			addDistrict(r.UnitID, f)
		}
	}
	if sat != nil {
		for _, r := range sat.Of(metrics.SatUnit) {
			if r.Key == "" {
				continue
			}
			sh := satShare(r, clean)
			f := func(c *metrics.UnitCounts) { c.Satisfied, c.Rated = c.Satisfied+sh.Satisfied, c.Rated+sh.N }
			f(unit(r.Key))
			addDistrict(r.Key, f)
		}
	}
	return units, districts
}

// previousCounts computes the unit and district counts of the previous period, then
// rebuilds case_facts for the current period (it is a view kept in the store).
func (s *Store) previousCounts(ctx context.Context, opt ReportOptions, m *metrics.Methodology, tl *metrics.Timeliness,
	from, to time.Time, ref *refTables, clean bool) (units, districts []metrics.UnitCounts, err error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, nil, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	defer func() { // the current period's case facts again
		e := metrics.BuildCaseFacts(ctx, conn, metrics.FactsOptions{AsOf: tl.To, CompareInstants: tl.CompareInstants, Calendar: cal})
		err = errors.Join(err, e)
	}()
	if err := metrics.BuildCaseFacts(ctx, conn, metrics.FactsOptions{AsOf: to, CompareInstants: tl.CompareInstants, Calendar: cal}); err != nil {
		return nil, nil, err
	}
	byUnit, err := metrics.Aggregate(ctx, conn, metrics.ByUnit, tl.MinCases, from)
	if err != nil {
		return nil, nil, err
	}
	byDistrict, err := metrics.Aggregate(ctx, conn, metrics.ByDistrict, tl.MinCases, from)
	if err != nil {
		return nil, nil, err
	}
	period, err := metrics.Period(ctx, conn, metrics.ByUnit, from, to)
	if err != nil {
		return nil, nil, err
	}
	popt := opt
	popt.From, popt.To, popt.AsOf = from, to, to
	conduct, sat, err := s.ConductAndSatisfaction(ctx, popt, m)
	if err != nil {
		return nil, nil, err
	}
	prev := &metrics.Timeliness{Groups: map[metrics.Dimension][]metrics.Group{metrics.ByUnit: byUnit}}
	units, districts = unitCounts(prev, period, byDistrict, conduct, sat, ref, clean)
	return units, districts, nil
}

// crosswalk reads the unit crosswalk rows that take effect after from and by to.
func (s *Store) crosswalk(ctx context.Context, from, to time.Time) (map[string][]string, error) {
	rows, err := s.db.QueryContext(ctx, query("crosswalk"), from, to)
	if err != nil {
		return nil, fmt.Errorf("read unit crosswalk: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var o, n string
		if err := rows.Scan(&o, &n); err != nil {
			return nil, fmt.Errorf("read unit crosswalk: %w", err)
		}
		if o != n {
			out[o] = append(out[o], n)
		}
	}
	return out, rows.Err()
}

// applyCrosswalk re-keys the previous period's units by the crosswalk: the counts of
// old units merged into one new unit are summed; an old unit split into several gives
// its whole counts to each.
func applyCrosswalk(prev []metrics.UnitCounts, cw map[string][]string) []metrics.UnitCounts {
	idx := map[string]int{}
	var out []metrics.UnitCounts
	add := func(id string, c metrics.UnitCounts) {
		i, ok := idx[id]
		if !ok {
			idx[id] = len(out)
			c.ID = id
			out = append(out, c)
			return
		}
		o := &out[i]
		o.OnTime += c.OnTime
		o.Completed += c.Completed
		o.ApologyOnTime += c.ApologyOnTime
		o.NeedApology += c.NeedApology
		o.Satisfied += c.Satisfied
		o.Rated += c.Rated
		o.Incidents += c.Incidents
		o.Weighted += c.Weighted
		o.CounterDays += c.CounterDays
		o.ProgressNum += c.ProgressNum
		o.Received += c.Received
	}
	for _, c := range prev {
		if news, ok := cw[c.ID]; ok {
			for _, n := range news {
				add(n, c)
			}
			continue
		}
		add(c.ID, c)
	}
	return out
}

// ScorecardOptions say which officer and period a scorecard covers. The zero values
// mean what ReportOptions' do.
type ScorecardOptions struct {
	OfficerID string
	Report    ReportOptions
}

// ErrUnknownOfficer is returned for a scorecard of an officer the store does not know.
var ErrUnknownOfficer = errors.New("engine: unknown officer")

// Scorecard computes every figure of the store's period, scores the officers and
// writes one officer's scorecard workbook to out, with the cases, incidents and low
// ratings behind the figures.
func (s *Store) Scorecard(ctx context.Context, out string, opt ScorecardOptions) error {
	ro := opt.Report
	if ro.AsOf.IsZero() {
		d, err := s.DataDate(ctx)
		if err != nil {
			return err
		}
		ro.AsOf = d
	}
	m, err := metrics.LoadMethodology(ro.MethodologyFile)
	if err != nil {
		return err
	}
	applyMethodology(&ro, m)
	tl, err := s.Timeliness(ctx, ro)
	if err != nil {
		return err
	}
	if tl == nil {
		return fmt.Errorf("%w %q: the store holds no cases", ErrUnknownOfficer, opt.OfficerID)
	}
	conduct, sat, err := s.ConductAndSatisfaction(ctx, ro, m)
	if err != nil {
		return err
	}
	sc, err := s.Scores(ctx, ro, m, tl, conduct, sat)
	if err != nil {
		return err
	}
	var card *metrics.Scorecard
	for i := range sc.Officers.Officers {
		if sc.Officers.Officers[i].OfficerID == opt.OfficerID {
			card = &sc.Officers.Officers[i]
		}
	}
	if card == nil {
		return fmt.Errorf("%w %q: no cases, incidents or answers in %s – %s", ErrUnknownOfficer, opt.OfficerID,
			tl.From.Format(time.DateOnly), tl.To.Format(time.DateOnly))
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	eo := metrics.EvidenceOptions{From: tl.From, To: tl.To, Cameras: conduct != nil, Surveys: sat != nil}
	eo.Conduct.IncludeUnverified = ro.IncludeUnverified
	if sat != nil {
		eo.Satisfaction = sat.Options
	}
	ev, err := metrics.OfficerEvidence(ctx, conn, opt.OfficerID, eo)
	if err != nil {
		return err
	}
	var byType map[string]metrics.Rate
	if conduct != nil {
		for _, r := range conduct.Officers {
			if r.OfficerID == opt.OfficerID {
				byType = r.ByType
			}
		}
	}
	source := "congvu (embedded default)"
	if ro.MethodologyFile != "" {
		source = ro.MethodologyFile
	}
	rep := &reports.ScorecardReport{AsOf: ro.AsOf, Scores: sc, Officer: card, Evidence: ev, ByType: byType,
		Name: tl.Name(metrics.ByOfficer, card.OfficerID), UnitName: tl.Name(metrics.ByUnit, card.UnitID),
		MethodologySource: source}
	if err := reports.WriteScorecard(out, rep, ro.Reports); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}
