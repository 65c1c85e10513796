package metrics

import (
	"cmp"
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mathext"
)

//go:embed conduct.sql
var conductSQL string

// IncidentTypes are the canonical camera incident types, in the order reports list them.
var IncidentTypes = []string{"absent", "phone", "eating", "sleeping", "smoking", "uniform", "rude", "other"}

// DefaultSeverityWeights weigh severity 1, 2 and 3 (a configurable default, not an
// official rule; the methodology file will carry it).
var DefaultSeverityWeights = []float64{1, 2, 3}

// DefaultMinCounterDays is the number of counter days below which an officer's rate is
// shown but not ranked (a configurable default).
const DefaultMinCounterDays = 20

// ConductOptions say how conduct is computed. From and To are required; every other
// zero value means the documented default.
type ConductOptions struct {
	From, To time.Time // the period: incidents and counter days on these dates, both included
	Calendar *Calendar // nil = NewCalendar(nil)
	// IncludeUnverified counts incidents not marked verified (an empty verified cell
	// counts as not verified). false: verified incidents only.
	IncludeUnverified bool
	// SeverityWeights are the weights of severity 1, 2, 3 (an incident without a
	// severity counts as 1); nil = DefaultSeverityWeights.
	SeverityWeights []float64
	// MinCounterDays: officers with fewer counter days are not ranked; 0 = DefaultMinCounterDays.
	MinCounterDays int64
}

// DefaultConductOptions returns the documented defaults for the period [from, to].
func DefaultConductOptions(from, to time.Time) ConductOptions {
	return ConductOptions{From: from, To: to, SeverityWeights: DefaultSeverityWeights, MinCounterDays: DefaultMinCounterDays}
}

// Rate is a count of incidents and its rate per 100 counter days with the exact
// Poisson 95 % interval. Rate and the interval are NaN when there are no counter days.
type Rate struct {
	Count int64
	Rate  float64
	CI    Interval
}

// ConductRow is the conduct of one officer (OfficerID set) or one unit (OfficerID "").
type ConductRow struct {
	OfficerID   string
	UnitID      string
	CounterID   string // officers: the roster's counter
	CounterDays int64  // working days at the counter in the period, by the roster and the calendar
	Incidents   Rate   // all types
	ByType      map[string]Rate
	// Weighted is the severity-weighted count; WeightedRate per 100 counter days, its
	// interval the count's exact interval scaled by the mean weight (an approximation).
	Weighted     float64
	WeightedRate float64
	WeightedCI   Interval
	Attributed   int64 // incidents whose log named only the counter, attributed through the roster
	Unattributed int64 // units: incidents no officer could be attributed to (kept at unit level)
	NoRoster     bool  // officers: incidents but no counter on the roster, so no rate
	Rank         int   // officers: 1 = highest rate among those with ≥ MinCounterDays; 0 = not ranked
}

// ConductResult is the conduct of every officer and unit in a period.
type ConductResult struct {
	Options  ConductOptions
	Officers []ConductRow // by rank (unranked last), then officer id
	Units    []ConductRow // by unit id
	Counted  int64        // incidents counted
	Excluded int64        // unverified incidents left out (IncludeUnverified false)
}

// PoissonCI returns the exact (Garwood) interval for a Poisson count k at confidence
// 1 − alpha: the α/2 quantile of Gamma(k) and the 1 − α/2 quantile of Gamma(k+1).
func PoissonCI(k int64, alpha float64) Interval {
	lo := 0.0
	if k > 0 {
		lo = mathext.GammaIncRegInv(float64(k), alpha/2)
	}
	return Interval{lo, mathext.GammaIncRegInv(float64(k+1), 1-alpha/2)}
}

// poissonCIs memoises PoissonCI(k, 0.05): officers share counts (a type most have not
// shown is 0), and each interval costs two inverse incomplete gamma functions.
type poissonCIs map[int64]Interval

func (c poissonCIs) get(k int64) Interval {
	ci, ok := c[k]
	if !ok {
		ci = PoissonCI(k, 0.05)
		c[k] = ci
	}
	return ci
}

// per100 turns a count into a rate per 100 counter days with its interval.
func (c poissonCIs) per100(k int64, days int64) Rate {
	if days <= 0 {
		return Rate{Count: k, Rate: math.NaN(), CI: Interval{math.NaN(), math.NaN()}}
	}
	ci := c.get(k)
	f := 100 / float64(days)
	return Rate{Count: k, Rate: float64(k) * f, CI: Interval{ci.Lo * f, ci.Hi * f}}
}

// Conduct computes incidents per officer and unit per 100 counter days from the store's
// camera and officers tables on conn.
func Conduct(ctx context.Context, conn *sql.Conn, opt ConductOptions) (*ConductResult, error) {
	if opt.From.IsZero() || opt.To.IsZero() || opt.To.Before(opt.From) {
		return nil, errors.New("metrics: conduct needs a period (From ≤ To)")
	}
	if opt.Calendar == nil {
		opt.Calendar = NewCalendar(nil)
	}
	if opt.SeverityWeights == nil {
		opt.SeverityWeights = DefaultSeverityWeights
	}
	if len(opt.SeverityWeights) != 3 {
		return nil, fmt.Errorf("metrics: conduct: %d severity weights, want 3", len(opt.SeverityWeights))
	}
	if opt.MinCounterDays == 0 {
		opt.MinCounterDays = DefaultMinCounterDays
	}
	segments, dutyDay, err := dutyLookup(ctx, conn, opt.From, opt.To)
	if err != nil {
		return nil, fmt.Errorf("conduct: %w", err)
	}
	_, counts, _ := strings.Cut(conductSQL, "-- name: counts")
	counts = strings.NewReplacer("$from", sqlDate(opt.From), "$to", sqlDate(opt.To), "$after", sqlDate(opt.To.AddDate(0, 0, 1)),
		"$day", dutyDay("counter_id", "d"), "$duty_segments", segments).Replace(counts)

	// Counter days from the roster.
	type rosterRow struct {
		unit, counter string
		days          int64
	}
	roster := map[string]rosterRow{}
	rows, err := conn.QueryContext(ctx, `SELECT officer_id, unit_id, coalesce(counter_id, ''), start_date, end_date FROM officers`)
	if err != nil {
		return nil, fmt.Errorf("conduct: roster: %w", err)
	}
	for rows.Next() {
		var id, unit, counter string
		var start, end sql.NullTime
		if err := rows.Scan(&id, &unit, &counter, &start, &end); err != nil {
			rows.Close()
			return nil, fmt.Errorf("conduct: roster: %w", err)
		}
		rr := rosterRow{unit: unit, counter: counter}
		if counter != "" {
			a, b := opt.From, opt.To
			if start.Valid && start.Time.After(a) {
				a = start.Time
			}
			if end.Valid && end.Time.Before(b) {
				b = end.Time
			}
			if !b.Before(a) {
				rr.days = int64(opt.Calendar.WorkdaysBetween(a.AddDate(0, 0, -1), b))
			}
		}
		roster[id] = rr
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("conduct: roster: %w", err)
	}

	type acc struct {
		byType     map[string]int64
		n          int64
		weighted   float64
		attributed int64
		unattrib   int64
	}
	newAcc := func() *acc { return &acc{byType: map[string]int64{}} }
	officers, units := map[string]*acc{}, map[string]*acc{}
	officerUnit := map[string]string{}
	res := &ConductResult{Options: opt}
	rows, err = conn.QueryContext(ctx, counts)
	if err != nil {
		return nil, fmt.Errorf("conduct: %w", err)
	}
	for rows.Next() {
		var officer, unit, typ string
		var severity, n int64
		var verified, attributed bool
		if err := rows.Scan(&officer, &unit, &typ, &severity, &verified, &attributed, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("conduct: %w", err)
		}
		if !verified && !opt.IncludeUnverified {
			res.Excluded += n
			continue
		}
		res.Counted += n
		w := opt.SeverityWeights[min(max(severity, 1), 3)-1]
		add := func(a *acc) {
			a.n += n
			a.byType[typ] += n
			a.weighted += w * float64(n)
			if attributed {
				a.attributed += n
			}
			if officer == "" {
				a.unattrib += n
			}
		}
		if units[unit] == nil {
			units[unit] = newAcc()
		}
		add(units[unit])
		if officer != "" {
			if officers[officer] == nil {
				officers[officer] = newAcc()
				officerUnit[officer] = unit
			}
			add(officers[officer])
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("conduct: %w", err)
	}

	cis := poissonCIs{}
	per100 := cis.per100
	row := func(a *acc, days int64) ConductRow {
		c := ConductRow{CounterDays: days, Incidents: per100(a.n, days), ByType: map[string]Rate{},
			Weighted: a.weighted, Attributed: a.attributed, Unattributed: a.unattrib}
		for _, t := range IncidentTypes {
			c.ByType[t] = per100(a.byType[t], days)
		}
		for t, k := range a.byType { // a type a mapping file added
			if _, ok := c.ByType[t]; !ok {
				c.ByType[t] = per100(k, days)
			}
		}
		c.WeightedRate, c.WeightedCI = math.NaN(), Interval{math.NaN(), math.NaN()}
		if days > 0 {
			c.WeightedRate = a.weighted * 100 / float64(days)
			if a.n > 0 {
				m := a.weighted / float64(a.n)
				c.WeightedCI = Interval{c.Incidents.CI.Lo * m, c.Incidents.CI.Hi * m}
			} else {
				c.WeightedCI = Interval{0, c.Incidents.CI.Hi * opt.SeverityWeights[0]}
			}
		}
		return c
	}
	unitDays := map[string]int64{}
	for id, rr := range roster {
		unitDays[rr.unit] += rr.days
		if rr.counter != "" && officers[id] == nil {
			officers[id] = newAcc() // a counter officer without incidents
		}
	}
	for id, a := range officers {
		rr, ok := roster[id]
		c := row(a, rr.days)
		c.OfficerID, c.UnitID, c.CounterID = id, rr.unit, rr.counter
		if !ok {
			c.UnitID = officerUnit[id]
		}
		c.NoRoster = !ok || rr.counter == ""
		c.Unattributed = 0
		res.Officers = append(res.Officers, c)
	}
	for u := range unitDays {
		if units[u] == nil && unitDays[u] > 0 {
			units[u] = newAcc()
		}
	}
	for u, a := range units {
		c := row(a, unitDays[u])
		c.UnitID = u
		res.Units = append(res.Units, c)
	}
	// Rank officers by rate, worst first; ties by weighted rate, then id.
	slices.SortFunc(res.Officers, func(a, b ConductRow) int {
		ra, rb := a.CounterDays >= opt.MinCounterDays, b.CounterDays >= opt.MinCounterDays
		if ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		if ra {
			if c := cmp.Compare(b.Incidents.Rate, a.Incidents.Rate); c != 0 {
				return c
			}
			if c := cmp.Compare(b.WeightedRate, a.WeightedRate); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.OfficerID, b.OfficerID)
	})
	for i := range res.Officers {
		if res.Officers[i].CounterDays >= opt.MinCounterDays {
			res.Officers[i].Rank = i + 1
		}
	}
	slices.SortFunc(res.Units, func(a, b ConductRow) int { return cmp.Compare(a.UnitID, b.UnitID) })
	return res, nil
}
