package engine

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"congvu/metrics"
)

// Timeliness computes the timeliness and apology indicators from the store: it builds
// the case_facts table (kept in the store, exportable) on the working-day calendar with
// the store's holidays table as overrides, then every aggregate, period table and list.
// It returns nil, nil when the store holds no cases.
func (s *Store) Timeliness(ctx context.Context, opt ReportOptions) (*metrics.Timeliness, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM cases").Scan(&n); err != nil {
		return nil, fmt.Errorf("count cases: %w", err)
	}
	if n == 0 {
		return nil, nil
	}
	asOf := opt.AsOf
	if asOf.IsZero() {
		asOf = Today()
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("timeliness: %w", err)
	}
	defer conn.Close()
	tl, err := metrics.ComputeTimeliness(ctx, conn, metrics.TimelinessOptions{
		AsOf: asOf, From: opt.From, To: opt.To, CompareInstants: opt.CompareInstants,
		Calendar: cal, MinCases: opt.MinCases,
	})
	if err != nil {
		return nil, fmt.Errorf("timeliness: %w", err)
	}
	return tl, nil
}

// Calendar returns the working-day calendar with the days of the store's holidays table
// (a user's holidays file) as overrides of the built-in arrangements.
func (s *Store) Calendar(ctx context.Context) (*metrics.Calendar, error) {
	rows, err := s.db.QueryContext(ctx, query("holidays"))
	if err != nil {
		return nil, fmt.Errorf("read holidays: %w", err)
	}
	defer rows.Close()
	var over []metrics.Override
	for rows.Next() {
		var o metrics.Override
		var d time.Time
		if err := rows.Scan(&d, &o.Kind, &o.Name); err != nil {
			return nil, fmt.Errorf("read holidays: %w", err)
		}
		o.Date = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		over = append(over, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read holidays: %w", err)
	}
	return metrics.NewCalendar(over), nil
}

// DataDate is the default as-of date of a report: the day of the last event the store's
// case log records (received, completed, returned, apology), at most today. A log exported
// at the end of 2025 is thus reported as of that day, not as of a later today when every
// case still open in the export would look overdue. An empty store gives today.
func (s *Store) DataDate(ctx context.Context) (time.Time, error) {
	today := Today()
	var last sql.NullTime
	if err := s.db.QueryRowContext(ctx, query("last_event")).Scan(&last); err != nil {
		return time.Time{}, fmt.Errorf("last event: %w", err)
	}
	if !last.Valid || last.Time.After(today) {
		return today, nil
	}
	return time.Date(last.Time.Year(), last.Time.Month(), last.Time.Day(), 0, 0, 0, 0, time.UTC), nil
}

// applyMethodology fills the options the user left unset from the methodology file.
func applyMethodology(opt *ReportOptions, m *metrics.Methodology) {
	if m == nil {
		return
	}
	if !opt.CompareInstants && m.Timeliness.Compare.Value == "instant" {
		opt.CompareInstants = true
	}
	if opt.MinCases <= 0 {
		opt.MinCases = m.Timeliness.MinCases.Value
	}
	if !opt.IncludeUnverified && !m.Conduct.VerifiedOnly.Value {
		opt.IncludeUnverified = true
	}
}

// ConductAndSatisfaction computes the conduct figures when the store holds camera
// incidents and the satisfaction figures when it holds survey responses, for the period
// of opt (as Timeliness resolves it), with the methodology's weights and thresholds.
func (s *Store) ConductAndSatisfaction(ctx context.Context, opt ReportOptions, m *metrics.Methodology) (*metrics.ConductResult, *metrics.SatisfactionResult, error) {
	asOf := opt.AsOf
	if asOf.IsZero() {
		asOf = Today()
	}
	from, to := opt.From, opt.To
	if to.IsZero() {
		to = asOf
	}
	if from.IsZero() { // as metrics.ComputeTimeliness: 1 January of the as-of year
		from = time.Date(asOf.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	count := func(table string) (int64, error) {
		var n int64
		err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n)
		return n, err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("conduct: %w", err)
	}
	defer conn.Close()
	var conduct *metrics.ConductResult
	if n, err := count("camera"); err != nil {
		return nil, nil, fmt.Errorf("count camera incidents: %w", err)
	} else if n > 0 {
		cal, err := s.Calendar(ctx)
		if err != nil {
			return nil, nil, err
		}
		co := metrics.DefaultConductOptions(from, to)
		co.Calendar = cal
		co.IncludeUnverified = opt.IncludeUnverified
		if m != nil {
			if w := m.Conduct.SeverityWeights.Value; len(w) > 0 {
				co.SeverityWeights = []float64{w["1"], w["2"], w["3"]}
			}
		}
		if conduct, err = metrics.Conduct(ctx, conn, co); err != nil {
			return nil, nil, fmt.Errorf("conduct: %w", err)
		}
	}
	var sat *metrics.SatisfactionResult
	if n, err := count("survey"); err != nil {
		return nil, nil, fmt.Errorf("count survey responses: %w", err)
	} else if n > 0 {
		so := metrics.DefaultSatisfactionOptions(from, to)
		if m != nil {
			if v := lowest(m.Satisfaction.Satisfied5.Value); v > 0 {
				so.Satisfied5 = int64(v)
			}
			if v := lowest(m.Satisfaction.Satisfied3.Value); v > 0 {
				so.Satisfied3 = int64(v)
			}
			if v := m.Satisfaction.BurstPresses.Value; v > 0 {
				so.BurstPresses = v
			}
			if v := m.Satisfaction.BurstSeconds.Value; v > 0 {
				so.BurstWindow = time.Duration(v) * time.Second
			}
		}
		if sat, err = metrics.Satisfaction(ctx, conn, so); err != nil {
			return nil, nil, fmt.Errorf("satisfaction: %w", err)
		}
	}
	return conduct, sat, nil
}

// lowest returns the smallest of the points, 0 for none.
func lowest(points []int) int {
	low := 0
	for i, p := range points {
		if i == 0 || p < low {
			low = p
		}
	}
	return low
}
