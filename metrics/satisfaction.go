package metrics

import (
	"cmp"
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

//go:embed satisfaction.sql
var satisfactionSQL string

// Defaults of the satisfaction options (configurable defaults, not official rules).
const (
	DefaultSatisfied5   = 4                // 4 and 5 of 5 are satisfied (SIPAS)
	DefaultSatisfied3   = 3                // the top of 3
	DefaultBurstPresses = 5                // N presses …
	DefaultBurstWindow  = 60 * time.Second // … within M seconds at one device
	DefaultReturnWindow = 30 * time.Minute // no dossier returned at the counter this long before or after
)

// SatisfactionOptions say how satisfaction is computed. From and To are required; every
// other zero value means the documented default.
type SatisfactionOptions struct {
	From, To time.Time // the period: responses on these dates, both included
	// Satisfied5 and Satisfied3 are the lowest points counted satisfied on the 5- and
	// 3-point scales; 0 = DefaultSatisfied5, DefaultSatisfied3.
	Satisfied5, Satisfied3 int64
	// A burst is BurstPresses or more presses at one device within BurstWindow; it is
	// flagged when no dossier was returned at its counter within ReturnWindow of it.
	BurstPresses int           // 0 = DefaultBurstPresses
	BurstWindow  time.Duration // 0 = DefaultBurstWindow
	ReturnWindow time.Duration // 0 = DefaultReturnWindow
}

// DefaultSatisfactionOptions returns the documented defaults for the period [from, to].
func DefaultSatisfactionOptions(from, to time.Time) SatisfactionOptions {
	return SatisfactionOptions{From: from, To: to, Satisfied5: DefaultSatisfied5, Satisfied3: DefaultSatisfied3,
		BurstPresses: DefaultBurstPresses, BurstWindow: DefaultBurstWindow, ReturnWindow: DefaultReturnWindow}
}

// SatDimension is a way of grouping survey answers.
type SatDimension string

// The dimensions of the satisfaction figures.
const (
	SatAll         SatDimension = "all"
	SatChannel     SatDimension = "channel"
	SatUnit        SatDimension = "unit"
	SatOfficer     SatDimension = "officer"
	SatElement     SatDimension = "element"      // questionnaire answers only
	SatItem        SatDimension = "item"         // Key item, Sub its element
	SatUnitChannel SatDimension = "unit_channel" // Key unit, Sub channel
	SatUnitElement SatDimension = "unit_element" // Key unit, Sub element
)

// Share is a share satisfied: Satisfied of N answers, with its Wilson 95 % interval.
type Share struct {
	N, Satisfied int64
	Share        float64 // 0 when N = 0
	CI           Interval
}

func share(k, n int64) Share {
	s := Share{N: n, Satisfied: k, CI: Wilson(k, n, Z95)}
	if n > 0 {
		s.Share = float64(k) / float64(n)
	}
	return s
}

// SatRow is one satisfaction figure, with every answer (All) and without the presses
// of flagged bursts (Clean).
type SatRow struct {
	By       SatDimension
	Key, Sub string
	All      Share
	Clean    Share
}

// SatIndex is the SIPAS-style index of a unit (UnitID "" for all units): the mean of its
// element shares, with and without flagged presses (questionnaires are never flagged,
// so the two differ only if a questionnaire shares an id with a flagged press).
type SatIndex struct {
	UnitID     string
	Elements   int
	All, Clean float64
}

// Burst is a run of button presses at one device: BurstPresses or more within
// BurstWindow. Flagged when no dossier was returned at its counter within ReturnWindow.
type Burst struct {
	Device, UnitID, CounterID string
	Start, End                time.Time
	Presses                   int64
	Scale                     int64
	Ratings                   [6]int64 // presses per point, 1..5
	ReturnsNearby             int64
	Flagged                   bool
}

// SatisfactionResult is every satisfaction figure of a period and the bursts found.
type SatisfactionResult struct {
	Options        SatisfactionOptions
	Rows           []SatRow // by dimension in the order of the constants, then key
	Index          []SatIndex
	Bursts         []Burst
	FlaggedPresses int64
}

// Row returns the figure of one group.
func (r *SatisfactionResult) Row(by SatDimension, key, sub string) (SatRow, bool) {
	for _, x := range r.Rows {
		if x.By == by && x.Key == key && x.Sub == sub {
			return x, true
		}
	}
	return SatRow{}, false
}

// Of returns the rows of one dimension.
func (r *SatisfactionResult) Of(by SatDimension) []SatRow {
	var out []SatRow
	for _, x := range r.Rows {
		if x.By == by {
			out = append(out, x)
		}
	}
	return out
}

// grouping bits of the shares query: grouping(channel, unit_id, officer, element, item),
// a bit set for each column not grouped, channel the highest.
var satGroupings = map[int64]SatDimension{
	0b11111: SatAll, 0b01111: SatChannel, 0b10111: SatUnit, 0b11011: SatOfficer,
	0b11101: SatElement, 0b11100: SatItem, 0b00111: SatUnitChannel, 0b10101: SatUnitElement,
}

var satOrder = []SatDimension{SatAll, SatChannel, SatUnit, SatOfficer, SatElement, SatItem, SatUnitChannel, SatUnitElement}

// Satisfaction computes the satisfaction figures and the integrity check from the
// store's survey, survey_answers, survey_items, cases and officers on conn.
func Satisfaction(ctx context.Context, conn *sql.Conn, opt SatisfactionOptions) (*SatisfactionResult, error) {
	if opt.From.IsZero() || opt.To.IsZero() || opt.To.Before(opt.From) {
		return nil, errors.New("metrics: satisfaction needs a period (From ≤ To)")
	}
	d := DefaultSatisfactionOptions(opt.From, opt.To)
	if opt.Satisfied5 == 0 {
		opt.Satisfied5 = d.Satisfied5
	}
	if opt.Satisfied3 == 0 {
		opt.Satisfied3 = d.Satisfied3
	}
	if opt.BurstPresses == 0 {
		opt.BurstPresses = d.BurstPresses
	}
	if opt.BurstWindow == 0 {
		opt.BurstWindow = d.BurstWindow
	}
	if opt.ReturnWindow == 0 {
		opt.ReturnWindow = d.ReturnWindow
	}
	build, rest, _ := strings.Cut(satisfactionSQL, "-- name: shares")
	sharesQ, burstsQ, _ := strings.Cut(rest, "-- name: bursts")
	r := strings.NewReplacer("$from", sqlDate(opt.From), "$to", sqlDate(opt.To),
		"$s5", fmt.Sprint(opt.Satisfied5), "$s3", fmt.Sprint(opt.Satisfied3),
		"$n", fmt.Sprint(opt.BurstPresses), "$m", fmt.Sprint(int64(opt.BurstWindow/time.Second)),
		"$r", fmt.Sprint(int64(opt.ReturnWindow/time.Second)))
	if _, err := conn.ExecContext(ctx, r.Replace(build)); err != nil {
		return nil, fmt.Errorf("satisfaction: %w", err)
	}
	res := &SatisfactionResult{Options: opt}
	rows, err := conn.QueryContext(ctx, sharesQ)
	if err != nil {
		return nil, fmt.Errorf("satisfaction: %w", err)
	}
	for rows.Next() {
		var g, n, k, nc, kc int64
		var channel, unit, officer, element, item sql.NullString
		if err := rows.Scan(&g, &channel, &unit, &officer, &element, &item, &n, &k, &nc, &kc); err != nil {
			rows.Close()
			return nil, fmt.Errorf("satisfaction: %w", err)
		}
		by, ok := satGroupings[g]
		if !ok {
			continue
		}
		x := SatRow{By: by, All: share(k, n), Clean: share(kc, nc)}
		switch by {
		case SatChannel:
			x.Key = channel.String
		case SatUnit:
			x.Key = unit.String
		case SatOfficer:
			if !officer.Valid {
				continue
			}
			x.Key = officer.String
		case SatElement:
			if !element.Valid {
				continue
			}
			x.Key = element.String
		case SatItem:
			if !item.Valid {
				continue
			}
			x.Key, x.Sub = item.String, element.String
		case SatUnitChannel:
			x.Key, x.Sub = unit.String, channel.String
		case SatUnitElement:
			if !element.Valid {
				continue
			}
			x.Key, x.Sub = unit.String, element.String
		}
		res.Rows = append(res.Rows, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("satisfaction: %w", err)
	}
	slices.SortStableFunc(res.Rows, func(a, b SatRow) int {
		if c := cmp.Compare(slices.Index(satOrder, a.By), slices.Index(satOrder, b.By)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return cmp.Compare(a.Sub, b.Sub)
	})

	// SIPAS-style index: the mean of the element shares, overall and per unit.
	type sum struct {
		all, clean float64
		n          int
	}
	idx := map[string]*sum{}
	var units []string
	for _, x := range res.Rows {
		var u string
		switch x.By {
		case SatElement:
			u = ""
		case SatUnitElement:
			u = x.Key
		default:
			continue
		}
		if idx[u] == nil {
			idx[u] = &sum{}
			units = append(units, u)
		}
		idx[u].all += x.All.Share
		idx[u].clean += x.Clean.Share
		idx[u].n++
	}
	slices.Sort(units)
	for _, u := range units {
		s := idx[u]
		res.Index = append(res.Index, SatIndex{UnitID: u, Elements: s.n, All: s.all / float64(s.n), Clean: s.clean / float64(s.n)})
	}

	rows, err = conn.QueryContext(ctx, burstsQ)
	if err != nil {
		return nil, fmt.Errorf("satisfaction: bursts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b Burst
		if err := rows.Scan(&b.Device, &b.UnitID, &b.CounterID, &b.Start, &b.End, &b.Presses, &b.Scale,
			&b.Ratings[1], &b.Ratings[2], &b.Ratings[3], &b.Ratings[4], &b.Ratings[5], &b.ReturnsNearby); err != nil {
			return nil, fmt.Errorf("satisfaction: bursts: %w", err)
		}
		b.Flagged = b.ReturnsNearby == 0
		if b.Flagged {
			res.FlaggedPresses += b.Presses
		}
		res.Bursts = append(res.Bursts, b)
	}
	return res, rows.Err()
}
