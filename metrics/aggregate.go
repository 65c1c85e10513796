package metrics

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strings"
	"time"
)

//go:embed aggregate.sql
var aggregateSQL string

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
	ByMonth:     "strftime(received_at, '%Y-%m')",
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
	key, ok := dimensionKeys[dim]
	if !ok {
		return nil, fmt.Errorf("metrics: unknown dimension %q", dim)
	}
	if minCases <= 0 {
		minCases = DefaultMinCases
	}
	q := strings.NewReplacer("$key", key, "$scope", periodScope(from)).Replace(aggregateSQL)
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("aggregate by %s: %w", dim, err)
	}
	defer rows.Close()
	var out []Group
	for rows.Next() {
		g := Group{Dimension: dim}
		if err := rows.Scan(&g.Key, &g.Cases, &g.Early, &g.OnTime, &g.Late, &g.PendingInTime, &g.PendingOverdue, &g.Paused,
			&g.NoDeadline, &g.Excluded, &g.ApologyOnTime, &g.ApologyLate, &g.NoApology, &g.LateAgain, &g.PaddedDue,
			&g.ResetTrace, &g.MedianWorkdays, &g.P90Workdays); err != nil {
			return nil, fmt.Errorf("aggregate by %s: %w", dim, err)
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
		out = append(out, g)
	}
	return out, rows.Err()
}

// periodScope is the SQL condition on case_facts that keeps the cases of a period that
// starts on from: received in it or still open at its start. A zero from keeps all.
func periodScope(from time.Time) string {
	if from.IsZero() {
		return "TRUE"
	}
	return "(ended_on IS NULL OR ended_on >= " + sqlDate(from) + ")"
}
