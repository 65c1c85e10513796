package metrics

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

var (
	//go:embed lists.sql
	listsSQL string
	//go:embed names.sql
	namesSQL string
)

// DefaultListLimit caps the cases listed by name (late without an on-time apology,
// reset traces); the totals are always counted in full.
const DefaultListLimit = 100000

// TimelinessOptions say which period the timeliness figures cover and how cases are
// compared.
type TimelinessOptions struct {
	// AsOf is the report date: events after it have not happened. Required.
	AsOf time.Time
	// From and To bound the period (inclusive). Zero From = 1 January of AsOf's year;
	// zero To = AsOf, and a To after AsOf is an error.
	From, To time.Time
	// CompareInstants compares completion and due timestamps instead of calendar days.
	CompareInstants bool
	Calendar        *Calendar // nil = the built-in calendar
	MinCases        int       // ≤ 0 = DefaultMinCases
	ListLimit       int       // ≤ 0 = DefaultListLimit
}

// CaseLine is one case listed by name for an inspector.
type CaseLine struct {
	CaseID, UnitID, OfficerID, Procedure string
	ReceivedAt, DueAt, CompletedAt       time.Time // zero when absent
	Class                                string
	WorkdaysLate                         int64
	Apology                              string // apology_late | no_apology ("" for reset traces)
	ApologyAt, NewDueAt                  time.Time
	LateAgain                            bool
}

// Timeliness holds every timeliness and apology figure of one report.
type Timeliness struct {
	AsOf, From, To  time.Time
	CompareInstants bool
	MinCases        int
	// Groups holds the aggregates per dimension (ByProvince has one group).
	Groups map[Dimension][]Group
	// Period holds the official period table per dimension (province, unit, field,
	// procedure).
	Period map[Dimension][]PeriodRow
	// Late lists late and pending-overdue cases without an apology issued on time
	// (at most the list limit); LateTotal counts them all.
	Late      []CaseLine
	LateTotal int64
	// Resets lists cases completed exactly at their due instant; ResetTotal counts them.
	Resets     []CaseLine
	ResetTotal int64
	// Names maps the keys of the unit, district, officer and procedure dimensions to
	// their names in the reference tables.
	Names map[Dimension]map[string]string
	// Years lists, for each year the period touches, the source of its working-day
	// calendar and whether it is the official arrangement.
	Years []CalendarYear
}

// CalendarYear says where one year's working-day calendar comes from.
type CalendarYear struct {
	Year     int
	Source   string
	Official bool
}

// Name returns the display name of key in dimension dim, or "".
func (t *Timeliness) Name(dim Dimension, key string) string { return t.Names[dim][key] }

// TimelinessDimensions are the dimensions the aggregates are computed for.
var TimelinessDimensions = []Dimension{ByProvince, ByDistrict, ByUnit, ByOfficer, ByProcedure, ByField, ByChannel, ByMonth}

// ComputeTimeliness builds case_facts as of the period's last day and computes every
// aggregate, the official period tables and the lists, from the store's tables on conn.
func ComputeTimeliness(ctx context.Context, conn *sql.Conn, opt TimelinessOptions) (*Timeliness, error) {
	if opt.AsOf.IsZero() {
		return nil, errors.New("metrics: timeliness needs an as-of date")
	}
	asOf := dateOf(opt.AsOf)
	from, to := dateOf(opt.From), dateOf(opt.To)
	if from.IsZero() {
		from = time.Date(asOf.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if to.IsZero() {
		to = asOf
	}
	if to.After(asOf) {
		return nil, fmt.Errorf("metrics: the period ends (%s) after the as-of date (%s)", to.Format(time.DateOnly), asOf.Format(time.DateOnly))
	}
	if to.Before(from) {
		return nil, fmt.Errorf("metrics: the period ends (%s) before it starts (%s)", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	cal := opt.Calendar
	if cal == nil {
		cal = NewCalendar(nil)
	}
	limit := opt.ListLimit
	if limit <= 0 {
		limit = DefaultListLimit
	}
	minCases := opt.MinCases
	if minCases <= 0 {
		minCases = DefaultMinCases
	}
	// The facts are taken as of the period's last day, so that pending cases are a
	// snapshot at its end and nothing after it is seen.
	if err := BuildCaseFacts(ctx, conn, FactsOptions{AsOf: to, CompareInstants: opt.CompareInstants, Calendar: cal}); err != nil {
		return nil, err
	}
	// The view is computed once, into counts per combination of everything the tables
	// group by, plus the cases listed by name (a small temporary table).
	const facts = "case_facts_coded"
	t := &Timeliness{AsOf: asOf, From: from, To: to, CompareInstants: opt.CompareInstants, MinCases: minCases}
	groups, done, err := countFacts(ctx, conn, facts, from, to)
	if err != nil {
		return nil, err
	}
	defer done()
	if t.Groups, err = aggregate(ctx, conn, groups, TimelinessDimensions, minCases); err != nil {
		return nil, err
	}
	if t.Period, err = periods(ctx, conn, groups, periodDimensions); err != nil {
		return nil, err
	}
	if err := t.caseLists(ctx, conn, groups, limit); err != nil {
		return nil, err
	}
	if t.Names, err = names(ctx, conn); err != nil {
		return nil, err
	}
	for y := from.Year(); y <= to.Year(); y++ {
		src, official := cal.Source(y)
		t.Years = append(t.Years, CalendarYear{Year: y, Source: src, Official: official})
	}
	return t, nil
}

// caseLists reads the late-without-apology and reset-trace lists (lists.sql).
func (t *Timeliness) caseLists(ctx context.Context, conn *sql.Conn, groups string, limit int) error {
	q := strings.NewReplacer("$groups", groups, "$limit", strconv.Itoa(limit),
		"$class", classNameSQL, "$apology", apologyNameSQL).Replace(listsSQL)
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("case lists: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c CaseLine
		var list string
		var total int64
		var rec, due, done, at, newDue sql.NullTime
		if err := rows.Scan(&list, &c.CaseID, &c.UnitID, &c.OfficerID, &c.Procedure, &rec, &due, &done, &c.Class,
			&c.WorkdaysLate, &c.Apology, &at, &newDue, &c.LateAgain, &total); err != nil {
			return fmt.Errorf("case lists: %w", err)
		}
		c.ReceivedAt, c.DueAt, c.CompletedAt, c.ApologyAt, c.NewDueAt = rec.Time, due.Time, done.Time, at.Time, newDue.Time
		if list == "late" {
			t.Late, t.LateTotal = append(t.Late, c), total
		} else {
			t.Resets, t.ResetTotal = append(t.Resets, c), total
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("case lists: %w", err)
	}
	return nil
}

// names reads the display names of units, districts, officers and procedures.
func names(ctx context.Context, conn *sql.Conn) (map[Dimension]map[string]string, error) {
	out := map[Dimension]map[string]string{}
	rows, err := conn.QueryContext(ctx, namesSQL)
	if err != nil {
		return nil, fmt.Errorf("names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var dim, key, name string
		if err := rows.Scan(&dim, &key, &name); err != nil {
			return nil, fmt.Errorf("names: %w", err)
		}
		d := Dimension(dim)
		if out[d] == nil {
			out[d] = map[string]string{}
		}
		if _, ok := out[d][key]; !ok {
			out[d][key] = name
		}
	}
	return out, rows.Err()
}

// dateOf returns the calendar day of t (in t's location) at midnight UTC; zero stays zero.
func dateOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
