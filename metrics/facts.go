package metrics

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"time"
)

//go:embed facts.sql
var factsSQL string

// Case classes of case_facts.
const (
	ClassEarly          = "early"           // completed on a calendar day before the due day
	ClassOnTime         = "on_time"         // completed on the due day
	ClassLate           = "late"            // completed after the due day
	ClassPendingInTime  = "pending_in_time" // not completed, due day not passed as of the report date
	ClassPendingOverdue = "pending_overdue" // not completed, due day before the report date
	ClassPaused         = "paused"          // waiting for documents or fees, or stopped
	ClassNoDeadline     = "no_deadline"     // the procedure sets no due date
)

// FactsOptions say how case_facts is computed. The zero value compares calendar days
// and uses the built-in calendar.
type FactsOptions struct {
	AsOf time.Time // the report date; required
	// CompareInstants compares completion and due timestamps instead of calendar days.
	CompareInstants bool
	Calendar        *Calendar // nil = NewCalendar(nil)
}

// BuildCaseFacts computes the case_facts table (one row per case received by the
// as-of date) from the store's cases, apologies, procedures and units tables on conn.
// It first writes the working-day index of every day the cases span into the
// calendar_days table.
func BuildCaseFacts(ctx context.Context, conn *sql.Conn, opt FactsOptions) error {
	if opt.AsOf.IsZero() {
		return errors.New("metrics: case facts need an as-of date")
	}
	cal := opt.Calendar
	if cal == nil {
		cal = NewCalendar(nil)
	}
	var lo, hi sql.NullTime
	if err := conn.QueryRowContext(ctx, `SELECT least(min(received_at), min(due_at), min(completed_at))::DATE,
		greatest(max(received_at), max(due_at), max(completed_at), max(new_due_at))::DATE FROM cases`).Scan(&lo, &hi); err != nil {
		return fmt.Errorf("case facts: span: %w", err)
	}
	from, to := opt.AsOf, opt.AsOf
	if lo.Valid && lo.Time.Before(from) {
		from = lo.Time
	}
	if hi.Valid && hi.Time.After(to) {
		to = hi.Time
	}
	if err := writeCalendarDays(ctx, conn, cal, from.AddDate(-1, 0, 0), to.AddDate(1, 0, 0)); err != nil {
		return err
	}
	compare := "day"
	if opt.CompareInstants {
		compare = "instant"
	}
	asOf := time.Date(opt.AsOf.Year(), opt.AsOf.Month(), opt.AsOf.Day(), 0, 0, 0, 0, time.UTC)
	q := strings.NewReplacer("$as_of", "DATE '"+asOf.Format("2006-01-02")+"'", "$compare", "'"+compare+"'").Replace(factsSQL)
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("case facts: %w", err)
	}
	return nil
}

// writeCalendarDays (re)creates calendar_days(d, workday, wd) for [from, to]: wd counts
// the working days from the start of the range up to and including d, so that the
// working days in (a, b] are wd(b) − wd(a).
func writeCalendarDays(ctx context.Context, conn *sql.Conn, cal *Calendar, from, to time.Time) error {
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TABLE calendar_days (d DATE PRIMARY KEY, workday BOOLEAN NOT NULL, wd BIGINT NOT NULL)"); err != nil {
		return fmt.Errorf("calendar days: %w", err)
	}
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	end := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	// A plain multi-row INSERT (a few thousand days), not DuckDB's Appender: metrics then
	// needs only database/sql, so that reports can import its result types without the
	// DuckDB driver (DESIGN.md: reports never imports the store).
	var b strings.Builder
	var wd int64
	const batch = 1000
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		_, err := conn.ExecContext(ctx, "INSERT INTO calendar_days VALUES "+b.String())
		b.Reset()
		n = 0
		if err != nil {
			return fmt.Errorf("calendar days: %w", err)
		}
		return nil
	}
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		w := cal.IsWorkday(d)
		if w {
			wd++
		}
		if n > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "(DATE '%s', %t, %d)", d.Format("2006-01-02"), w, wd)
		if n++; n == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
