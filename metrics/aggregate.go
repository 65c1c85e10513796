package metrics

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"math"
	"strings"
	"time"
)

var (
	//go:embed groups.sql
	groupsSQL string
	//go:embed aggregate.sql
	aggregateSQL string
)

// Dimension is a way of grouping cases.
type Dimension string

// The dimensions of the timeliness tables.
const (
	ByProvince  Dimension = "province"
	ByDistrict  Dimension = "district"
	ByUnit      Dimension = "unit"
	ByOfficer   Dimension = "officer"
	ByProcedure Dimension = "procedure"
	ByField     Dimension = "field"
	ByChannel   Dimension = "channel"
	ByMonth     Dimension = "month" // of the received date, YYYY-MM
)

var dimensionKeys = map[Dimension]string{
	ByProvince:  "'*'",
	ByDistrict:  "district_id",
	ByUnit:      "unit_id",
	ByOfficer:   "officer_id",
	ByProcedure: "procedure_code",
	ByField:     "field",
	ByChannel:   "channel",
	ByMonth:     "strftime(month, '%Y-%m')", // groups.sql: the received date's month
}

// DefaultMinCases is the group size below which a rate is shown but flagged as too
// small to judge (a configurable default, not an official rule).
const DefaultMinCases = 30

// Group is the timeliness and apology figures of one group of cases.
type Group struct {
	Dimension Dimension
	Key       string // the unit, officer, … ("" when the cases do not say)
	Cases     int64  // every case received by the as-of date
	// Per class.
	Early, OnTime, Late, PendingInTime, PendingOverdue, Paused, NoDeadline int64
	Excluded                                                               int64 // new, not accepted, withdrawn, refused: counted, out of the rates
	// Apology letters of late and pending-overdue cases.
	ApologyOnTime, ApologyLate, NoApology, LateAgain int64
	PaddedDue, ResetTrace                            int64
	// OnTimeRate = (early + on time) ÷ completed, with its Wilson 95 % interval.
	Completed  int64
	OnTimeRate float64
	OnTimeCI   Interval
	// ApologyRate = letters on time ÷ (late + pending overdue), with its interval.
	NeedApology int64
	ApologyRate float64
	ApologyCI   Interval
	// Working days taken by completed cases.
	MedianWorkdays, P90Workdays float64
	// Small: fewer completed cases than the threshold; shown, not to be judged.
	Small bool
}

// Aggregate groups case_facts (built by BuildCaseFacts on conn) by dim. minCases ≤ 0
// means DefaultMinCases. A non-zero from keeps only the cases of the period that starts
// that day: those that had not left the workload before it (ended_on).
func Aggregate(ctx context.Context, conn *sql.Conn, dim Dimension, minCases int, from time.Time) ([]Group, error) {
	groups, done, err := countFacts(ctx, conn, "case_facts_coded", from, from)
	if err != nil {
		return nil, err
	}
	defer done()
	all, err := aggregate(ctx, conn, groups, []Dimension{dim}, minCases)
	if err != nil {
		return nil, err
	}
	return all[dim], nil
}

// countFacts writes groups.sql's counts of the facts of the period [from, to] into a
// temporary table and returns its name and a func that drops it.
func countFacts(ctx context.Context, conn *sql.Conn, facts string, from, to time.Time) (string, func(), error) {
	const groups = "case_fact_counts"
	// listed by name: reset traces; late (3) and pending-overdue (5) cases without an
	// apology letter issued on time (1)
	listed := "(reset_trace OR (cls IN (3, 5) AND apo <> 1))"
	q := strings.NewReplacer("$groups", groups, "$facts", facts, "$scope", periodScope(from), "$listed", listed,
		"$from", sqlDate(from), "$to", sqlDate(to)).Replace(groupsSQL)
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return "", nil, fmt.Errorf("count case facts: %w", err)
	}
	return groups, func() { conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+groups) }, nil
}

// aggregate computes the groups of every dimension in dims from the counted facts in the
// table groups (countFacts), in one query.
func aggregate(ctx context.Context, conn *sql.Conn, groups string, dims []Dimension, minCases int) (map[Dimension][]Group, error) {
	if minCases <= 0 {
		minCases = DefaultMinCases
	}
	q, err := perDimension(aggregateSQL, groups, dims)
	if err != nil {
		return nil, err
	}
	out := map[Dimension][]Group{}
	index := map[Dimension]map[string]int{}
	hist := map[Dimension]map[string][]dayCount{}
	rows, err := conn.QueryContext(ctx, q+"\nORDER BY part, dim, key, cases")
	if err != nil {
		return nil, fmt.Errorf("aggregate: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var part string
		var g Group
		if err := rows.Scan(&part, &g.Dimension, &g.Key, &g.Cases, &g.Early, &g.OnTime, &g.Late, &g.PendingInTime, &g.PendingOverdue, &g.Paused,
			&g.NoDeadline, &g.Excluded, &g.ApologyOnTime, &g.ApologyLate, &g.NoApology, &g.LateAgain, &g.PaddedDue,
			&g.ResetTrace); err != nil {
			return nil, fmt.Errorf("aggregate: %w", err)
		}
		if part == "days" { // working days of completed cases: count per value, in order
			if hist[g.Dimension] == nil {
				hist[g.Dimension] = map[string][]dayCount{}
			}
			hist[g.Dimension][g.Key] = append(hist[g.Dimension][g.Key], dayCount{days: g.Cases, n: g.Early})
			continue
		}
		g.Completed = g.Early + g.OnTime + g.Late
		if g.Completed > 0 {
			g.OnTimeRate = float64(g.Early+g.OnTime) / float64(g.Completed)
		}
		g.OnTimeCI = Wilson(g.Early+g.OnTime, g.Completed, Z95)
		g.NeedApology = g.Late + g.PendingOverdue
		if g.NeedApology > 0 {
			g.ApologyRate = float64(g.ApologyOnTime) / float64(g.NeedApology)
		}
		g.ApologyCI = Wilson(g.ApologyOnTime, g.NeedApology, Z95)
		g.Small = g.Completed < int64(minCases)
		if index[g.Dimension] == nil {
			index[g.Dimension] = map[string]int{}
		}
		index[g.Dimension][g.Key] = len(out[g.Dimension])
		out[g.Dimension] = append(out[g.Dimension], g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("aggregate: %w", err)
	}
	for dim, byKey := range hist {
		for key, h := range byKey {
			if i, ok := index[dim][key]; ok {
				g := &out[dim][i]
				g.MedianWorkdays = quantile(h, 0.5)
				g.P90Workdays = quantile(h, 0.9)
			}
		}
	}
	return out, nil
}

// perDimension expands a per-dimension query into one UNION ALL over dims.
func perDimension(query, groups string, dims []Dimension) (string, error) {
	parts := make([]string, 0, len(dims))
	for _, dim := range dims {
		key, ok := dimensionKeys[dim]
		if !ok {
			return "", fmt.Errorf("metrics: unknown dimension %q", dim)
		}
		parts = append(parts, "("+strings.NewReplacer("$dim", string(dim), "$key", key, "$groups", groups).Replace(query)+")")
	}
	return strings.Join(parts, "\nUNION ALL\n"), nil
}

// dayCount is how many cases took a number of working days.
type dayCount struct{ days, n int64 }

// quantile returns the p-quantile of the values counted in h (sorted by value), with
// linear interpolation between order statistics as DuckDB's quantile_cont does: the
// value at position (n − 1)·p of the sorted values.
func quantile(h []dayCount, p float64) float64 {
	var n int64
	for _, c := range h {
		n += c.n
	}
	if n == 0 {
		return 0
	}
	pos := float64(n-1) * p
	lo := int64(math.Floor(pos))
	frac := pos - float64(lo)
	at := func(i int64) float64 { // the i-th smallest value, 0-based
		for _, c := range h {
			if i < c.n {
				return float64(c.days)
			}
			i -= c.n
		}
		return float64(h[len(h)-1].days)
	}
	v := at(lo)
	if frac == 0 {
		return v
	}
	return v + frac*(at(lo+1)-v)
}

// periodScope is the SQL condition on case_facts that keeps the cases of a period that
// starts on from: received in it or still open at its start. A zero from keeps all.
func periodScope(from time.Time) string {
	if from.IsZero() {
		return "TRUE"
	}
	return "(ended_on IS NULL OR ended_on >= " + sqlDate(from) + ")"
}
