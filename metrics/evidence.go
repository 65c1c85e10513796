package metrics

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

//go:embed evidence.sql
var evidenceSQL string

// IncidentLine is one camera incident counted against an officer.
type IncidentLine struct {
	IncidentID, UnitID, CounterID string
	At                            time.Time
	Type                          string
	Severity                      int64
	Verified                      bool
	Attributed                    bool // the log named only the counter; the roster put the officer there
}

// RatingLine is one survey answer about an officer that is not satisfied.
type RatingLine struct {
	ResponseID, UnitID string
	At                 time.Time
	Channel, CounterID string
	CaseID, Item       string
	Score, Scale       int64
}

// Evidence is the case and incident lists behind one officer's scorecard, uncapped.
type Evidence struct {
	OfficerID  string
	Late       []CaseLine     // late and overdue cases without an apology issued on time
	Incidents  []IncidentLine // incidents of the period (unverified ones marked)
	LowRatings []RatingLine   // answers not satisfied
}

// EvidenceOptions say which period the evidence covers and how it is judged; zero
// option structs mean their defaults.
type EvidenceOptions struct {
	From, To     time.Time
	Conduct      ConductOptions      // its From and To are set from the period
	Satisfaction SatisfactionOptions // its From and To are set from the period
	// Cameras and Surveys say whether the store holds camera incidents and survey answers.
	Cameras, Surveys bool
}

// OfficerEvidence lists the cases, incidents and low ratings behind one officer's
// figures, from case_facts (built by BuildCaseFacts for the period's last day) and the
// camera and survey tables on conn. Nothing is capped: it is one officer.
func OfficerEvidence(ctx context.Context, conn *sql.Conn, officerID string, opt EvidenceOptions) (*Evidence, error) {
	if officerID == "" {
		return nil, errors.New("metrics: evidence needs an officer")
	}
	if opt.From.IsZero() || opt.To.IsZero() {
		return nil, errors.New("metrics: evidence needs a period")
	}
	ev := &Evidence{OfficerID: officerID}
	quoted := "'" + strings.ReplaceAll(officerID, "'", "''") + "'"
	t := &Timeliness{}
	groups, done, err := countFacts(ctx, conn, "(SELECT * FROM case_facts_coded WHERE officer_id = "+quoted+")", opt.From, opt.To)
	if err != nil {
		return nil, err
	}
	defer done()
	if err := t.caseLists(ctx, conn, groups, math.MaxInt32); err != nil {
		return nil, err
	}
	ev.Late = t.Late
	_, rest, _ := strings.Cut(evidenceSQL, "-- name: incidents")
	incQ, ratQ, _ := strings.Cut(rest, "-- name: ratings")
	if opt.Cameras {
		r := strings.NewReplacer("$from", sqlDate(opt.From), "$to", sqlDate(opt.To))
		rows, err := conn.QueryContext(ctx, r.Replace(incQ), officerID, officerID, officerID)
		if err != nil {
			return nil, fmt.Errorf("evidence: incidents: %w", err)
		}
		for rows.Next() {
			var l IncidentLine
			if err := rows.Scan(&l.IncidentID, &l.UnitID, &l.CounterID, &l.At, &l.Type, &l.Severity, &l.Verified, &l.Attributed); err != nil {
				rows.Close()
				return nil, fmt.Errorf("evidence: incidents: %w", err)
			}
			if l.Verified || opt.Conduct.IncludeUnverified {
				ev.Incidents = append(ev.Incidents, l)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("evidence: incidents: %w", err)
		}
	}
	if opt.Surveys {
		s5, s3 := opt.Satisfaction.Satisfied5, opt.Satisfaction.Satisfied3
		if s5 == 0 {
			s5 = DefaultSatisfied5
		}
		if s3 == 0 {
			s3 = DefaultSatisfied3
		}
		r := strings.NewReplacer("$from", sqlDate(opt.From), "$to", sqlDate(opt.To),
			"$s5", fmt.Sprint(s5), "$s3", fmt.Sprint(s3))
		rows, err := conn.QueryContext(ctx, r.Replace(ratQ), officerID)
		if err != nil {
			return nil, fmt.Errorf("evidence: ratings: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var l RatingLine
			if err := rows.Scan(&l.ResponseID, &l.UnitID, &l.At, &l.Channel, &l.CounterID, &l.CaseID, &l.Item, &l.Score, &l.Scale); err != nil {
				return nil, fmt.Errorf("evidence: ratings: %w", err)
			}
			ev.LowRatings = append(ev.LowRatings, l)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("evidence: ratings: %w", err)
		}
	}
	return ev, nil
}
