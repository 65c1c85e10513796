package metrics

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strings"
	"time"
)

//go:embed duty.sql
var dutySQL string

// maxChangingCounters bounds the counters named in the SQL that dutyDay writes; past it
// every row keeps its day (a variable so that tests can take that path).
var maxChangingCounters = 256

// dutyLookup returns the SQL of duty_segments (duty.sql) for the period, to be used as a
// CTE, and dutyDay, which writes the SQL expression of the day a row keeps for the
// lookup: its day at a counter whose officers may change within the period, else NULL.
// Rows that name no officer can then be counted per unit and counter (and day only where
// it matters) before they meet the roster, on unit, counter and a day BETWEEN lo AND hi,
// with coalesce(day, first day of the period) as the day: a counter without a change
// has one stretch in the period, so it holds the first day. (Each side of the join's
// conditions must come from one table, or DuckDB falls back to a nested-loop join.)
func dutyLookup(ctx context.Context, conn *sql.Conn, from, to time.Time) (segments string, dutyDay func(counter, day string) string, err error) {
	segments, changing, _ := strings.Cut(dutySQL, "-- name: changing")
	r := strings.NewReplacer("$from", sqlDate(from), "$to", sqlDate(to))
	rows, err := conn.QueryContext(ctx, r.Replace(changing))
	if err != nil {
		return "", nil, fmt.Errorf("duty segments: %w", err)
	}
	defer rows.Close()
	var counters []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", nil, fmt.Errorf("duty segments: %w", err)
		}
		counters = append(counters, sqlString(c))
	}
	if err := rows.Err(); err != nil {
		return "", nil, fmt.Errorf("duty segments: %w", err)
	}
	segments = r.Replace(segments)
	switch {
	case len(counters) == 0:
		return segments, func(string, string) string { return "NULL::DATE" }, nil
	case len(counters) > maxChangingCounters:
		return segments, func(_, day string) string { return day }, nil
	}
	list := strings.Join(counters, ", ")
	return segments, func(counter, day string) string {
		return "CASE WHEN " + counter + " IN (" + list + ") THEN " + day + " END"
	}, nil
}

// sqlString renders s as a SQL string literal.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
