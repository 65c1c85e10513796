package metrics

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"time"
)

//go:embed period.sql
var periodSQL string

// PeriodRow is one line of the official period table (the "06a" layout that provincial
// one-stop systems print) and, beside it, congvu's own rate.
//
// The official layout counts a case without a due date as on time (resolved) or in time
// (pending), a paused case as in time and a withdrawn case as resolved on time; a refused
// case is resolved, early, on time or late by its dates (on time when it has none). The
// Own* fields leave those cases out: they count only cases with a due date, resolved with
// a result.
type PeriodRow struct {
	Dimension Dimension
	Key       string
	// Cases to handle: received in the period (by channel; NewOther has no or another
	// channel) plus carried over (received before the period, still open at its start).
	Total, New, NewOnline, NewDirect, NewPostal, NewOther, Carried int64
	// Resolved in the period, official classes: Resolved = Early + OnTime + Late.
	Resolved, Early, OnTime, Late int64
	// Still open at the period's last day: Pending = PendingInTime + PendingOverdue, where
	// PendingInTime includes Paused and PendingNoDeadline as the official layout does.
	Pending, PendingInTime, PendingOverdue, Paused, PendingNoDeadline int64
	// OfficialRate = (Early + OnTime) ÷ Resolved; 0 when nothing was resolved.
	OfficialRate float64
	// What the official layout reclassifies: resolved withdrawn, refused and no-deadline cases.
	Withdrawn, Refused, ResolvedNoDeadline int64
	// congvu's own basis: resolved cases with a due date and a result.
	OwnEarly, OwnOnTime, OwnLate int64
	OwnRate                      float64
	OwnCI                        Interval
	// Progress766 is the national service index's progress score as provincial systems
	// compute it (QĐ 766/QĐ-TTg): (pending in time + resolved early or on time, withdrawn
	// included) ÷ received in the period × 20. HasProgress is false when nothing was
	// received. The formula's numerator counts carried-over cases too, so it can exceed 20.
	Progress766 float64
	HasProgress bool
}

// periodDimensions are the groupings of the period table.
var periodDimensions = []Dimension{ByProvince, ByUnit, ByField, ByProcedure}

// Period computes the period table from case_facts (built by BuildCaseFacts on conn with
// an as-of date no earlier than to) for the days from and to inclusive, grouped by dim.
func Period(ctx context.Context, conn *sql.Conn, dim Dimension, from, to time.Time) ([]PeriodRow, error) {
	if to.Before(from) {
		return nil, fmt.Errorf("metrics: period ends (%s) before it starts (%s)", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	groups, done, err := countFacts(ctx, conn, "case_facts_coded", from, to)
	if err != nil {
		return nil, err
	}
	defer done()
	all, err := periods(ctx, conn, groups, []Dimension{dim})
	if err != nil {
		return nil, err
	}
	return all[dim], nil
}

// periods computes the period table of every dimension in dims in one query, from the
// counted facts in the table groups (countFacts).
func periods(ctx context.Context, conn *sql.Conn, groups string, dims []Dimension) (map[Dimension][]PeriodRow, error) {
	q, err := perDimension(periodSQL, groups, dims)
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, q+"\nORDER BY dim, key")
	if err != nil {
		return nil, fmt.Errorf("period tables: %w", err)
	}
	defer rows.Close()
	out := map[Dimension][]PeriodRow{}
	for rows.Next() {
		var r PeriodRow
		if err := rows.Scan(&r.Dimension, &r.Key, &r.Total, &r.New, &r.NewOnline, &r.NewDirect, &r.NewPostal, &r.Carried,
			&r.Resolved, &r.Early, &r.OnTime, &r.Late, &r.Pending, &r.PendingOverdue, &r.Paused, &r.PendingNoDeadline,
			&r.Withdrawn, &r.Refused, &r.ResolvedNoDeadline, &r.OwnEarly, &r.OwnOnTime, &r.OwnLate); err != nil {
			return nil, fmt.Errorf("period tables: %w", err)
		}
		r.NewOther = r.New - r.NewOnline - r.NewDirect - r.NewPostal
		r.PendingInTime = r.Pending - r.PendingOverdue
		if r.Resolved > 0 {
			r.OfficialRate = float64(r.Early+r.OnTime) / float64(r.Resolved)
		}
		own := r.OwnEarly + r.OwnOnTime + r.OwnLate
		if own > 0 {
			r.OwnRate = float64(r.OwnEarly+r.OwnOnTime) / float64(own)
		}
		r.OwnCI = Wilson(r.OwnEarly+r.OwnOnTime, own, Z95)
		if r.New > 0 {
			r.HasProgress = true
			r.Progress766 = float64(r.PendingInTime+r.Early+r.OnTime) / float64(r.New) * 20
		}
		out[r.Dimension] = append(out[r.Dimension], r)
	}
	return out, rows.Err()
}

// sqlDate renders the calendar day of t as a DuckDB DATE literal.
func sqlDate(t time.Time) string {
	return "DATE '" + t.Format(time.DateOnly) + "'"
}
