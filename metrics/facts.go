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

var (
	//go:embed facts.sql
	factsSQL string
	//go:embed calendar.sql
	calendarSQL string
)

// Case classes of case_facts.
const (
	ClassEarly          = "early"           // completed on a calendar day before the due day
	ClassOnTime         = "on_time"         // completed on the due day
	ClassLate           = "late"            // completed after the due day
	ClassPendingInTime  = "pending_in_time" // not completed, due day not passed as of the report date
	ClassPendingOverdue = "pending_overdue" // not completed, due day before the report date
	ClassPaused         = "paused"          // waiting for documents or fees, or stopped
	ClassNoDeadline     = "no_deadline"     // the procedure sets no due date
	// ClassUndated: done or returned by its status, but the log gives neither a
	// completion nor a return date; counted, out of the rates (like withdrawn).
	ClassUndated = "undated"
)

// FactsOptions say how case_facts is computed. The zero value compares calendar days
// and uses the built-in calendar.
// classCodes are the classes in the order of their codes in case_facts_coded (1 = early,
// …), and apologyCodes the apology statuses (1 = apology_on_time, …; 0 = not late).
var (
	classCodes = []string{ClassEarly, ClassOnTime, ClassLate, ClassPendingInTime, ClassPendingOverdue,
		ClassPaused, ClassNoDeadline, "new", "not_accepted", "withdrawn", "refused", ClassUndated}
	apologyCodes = []string{"apology_on_time", "apology_late", "no_apology"}
	// classNameSQL and apologyNameSQL turn the codes cls and apo into their names.
	classNameSQL   = "[" + sqlStrings(classCodes) + "][cls]"
	apologyNameSQL = "[NULL, " + sqlStrings(apologyCodes) + "][apo + 1]"
)

// sqlStrings quotes each of vs as an SQL string literal, separated by commas.
func sqlStrings(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}

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
	q := strings.NewReplacer("$as_of", "DATE '"+asOf.Format("2006-01-02")+"'", "$compare", "'"+compare+"'",
		"$class", classNameSQL, "$apology", apologyNameSQL).Replace(factsSQL)
	// Stores written before case_facts became a view hold it as a table.
	var tables int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'case_facts' AND NOT temporary`).Scan(&tables); err != nil {
		return fmt.Errorf("case facts: %w", err)
	}
	if tables > 0 {
		if _, err := conn.ExecContext(ctx, "DROP TABLE case_facts"); err != nil {
			return fmt.Errorf("case facts: %w", err)
		}
	}
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("case facts: %w", err)
	}
	return nil
}

// writeCalendarDays (re)creates calendar_days(d, workday, wd) for [from, to]: wd counts
// the working days from the start of the range up to and including d, so that the
// working days in (a, b] are wd(b) − wd(a). Only the days where the calendar departs
// from "Monday to Friday" (holidays, make-up Saturdays) are sent to DuckDB; the series
// itself is generated there.
func writeCalendarDays(ctx context.Context, conn *sql.Conn, cal *Calendar, from, to time.Time) error {
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	end := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	var except strings.Builder
	except.WriteString("CREATE OR REPLACE TEMP TABLE calendar_exceptions (d DATE PRIMARY KEY, workday BOOLEAN NOT NULL)")
	first := true
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		w := cal.IsWorkday(d)
		if weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday; w != weekend {
			continue // as Monday to Friday would have it
		}
		if first {
			except.WriteString("; INSERT INTO calendar_exceptions VALUES ")
			first = false
		} else {
			except.WriteString(", ")
		}
		fmt.Fprintf(&except, "(DATE '%s', %t)", d.Format(time.DateOnly), w)
	}
	if _, err := conn.ExecContext(ctx, except.String()); err != nil {
		return fmt.Errorf("calendar days: %w", err)
	}
	q := strings.NewReplacer("$from", sqlDate(start), "$to", sqlDate(end)).Replace(calendarSQL)
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("calendar days: %w", err)
	}
	return nil
}
