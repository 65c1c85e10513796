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

var satOrder = []SatDimension{SatAll, SatChannel, SatUnit, SatOfficer, SatElement, SatItem, SatUnitChannel, SatUnitElement}

// satKey is one group of one dimension; a NULL key or sub is kept apart from "".
type satKey struct {
	by       SatDimension
	key, sub sql.NullString
}

// satCounts adds the rows of the answers query (counts per channel, unit, officer,
// element, item and satisfied) up into the groups of every dimension.
type satCounts map[satKey]*[2]int64 // n, satisfied

func (c satCounts) read(rows *sql.Rows) error {
	defer rows.Close()
	for rows.Next() {
		var channel, unit, officer, element, item sql.NullString
		var satisfied sql.NullBool
		var n int64
		if err := rows.Scan(&channel, &unit, &officer, &element, &item, &satisfied, &n); err != nil {
			return err
		}
		k := int64(0)
		if satisfied.Valid && satisfied.Bool {
			k = n
		}
		add := func(by SatDimension, key, sub sql.NullString) {
			x := c[satKey{by, key, sub}]
			if x == nil {
				x = &[2]int64{}
				c[satKey{by, key, sub}] = x
			}
			x[0] += n
			x[1] += k
		}
		none := sql.NullString{}
		add(SatAll, none, none)
		add(SatChannel, channel, none)
		add(SatUnit, unit, none)
		if officer.Valid {
			add(SatOfficer, officer, none)
		}
		if element.Valid {
			add(SatElement, element, none)
			add(SatUnitElement, unit, element)
		}
		if item.Valid {
			add(SatItem, item, element)
		}
		add(SatUnitChannel, unit, channel)
	}
	return rows.Err()
}

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
	q := map[string]string{}
	build, rest, _ := strings.Cut(satisfactionSQL, "-- name: bursts")
	q["bursts"], rest, _ = strings.Cut(rest, "-- name: exact")
	q["exact"], rest, _ = strings.Cut(rest, "-- name: list")
	q["list"], rest, _ = strings.Cut(rest, "-- name: flagged")
	q["flagged"], q["answers"], _ = strings.Cut(rest, "-- name: answers")
	segments, dutyDay, err := dutyLookup(ctx, conn, opt.From, opt.To)
	if err != nil {
		return nil, fmt.Errorf("satisfaction: %w", err)
	}
	m := int64(opt.BurstWindow / time.Second)
	// The burst prefilter's key (sat_cand): the press's second from the first of the
	// period in the low tbits bits, with 2^tbits > the period's seconds + m, so that two
	// devices' keys are more than m apart; a prefix of the device's hash above them.
	base := time.Date(opt.From.Year(), opt.From.Month(), opt.From.Day(), 0, 0, 0, 0, time.UTC).Unix()
	span := time.Date(opt.To.Year(), opt.To.Month(), opt.To.Day()+1, 0, 0, 0, 0, time.UTC).Unix() - base + 1
	tbits := 1
	for tbits < 62 && int64(1)<<tbits <= span+max(m, 0)+1 {
		tbits++
	}
	if int64(1)<<tbits <= span+max(m, 0)+1 {
		return nil, errors.New("metrics: satisfaction: period and burst window too long")
	}
	// A 32-bit key sorts faster; it needs room for a device prefix of 6 bits or more.
	ktype, hshift, koff := "BIGINT", tbits+1, int64(0)
	if tbits <= 26 {
		ktype, hshift, koff = "INTEGER", 32+tbits, 1<<31
	}
	r := strings.NewReplacer("$from", sqlDate(opt.From), "$to", sqlDate(opt.To),
		"$s5", fmt.Sprint(opt.Satisfied5), "$s3", fmt.Sprint(opt.Satisfied3),
		"$after", sqlDate(opt.To.AddDate(0, 0, 1)), "$lead", fmt.Sprint(max(opt.BurstPresses-1, 0)),
		"$n", fmt.Sprint(opt.BurstPresses), "$m", fmt.Sprint(m),
		"$r", fmt.Sprint(int64(opt.ReturnWindow/time.Second)),
		"$ktype", ktype, "$koff", fmt.Sprint(koff), "$hshift", fmt.Sprint(hshift), "$tbits", fmt.Sprint(tbits), "$tmask", fmt.Sprint(int64(1)<<tbits-1),
		"$base", fmt.Sprint(base),
		"$duty_segments", segments, "$day", dutyDay("counter_id", "day"))
	exec := func(what, sql string) error {
		if _, err := conn.ExecContext(ctx, r.Replace(sql)); err != nil {
			return fmt.Errorf("satisfaction: %s: %w", what, err)
		}
		return nil
	}
	// The presses and the burst candidates in one round trip (the count is the
	// candidates'); with none, there is no burst and the exact check is skipped.
	var candidates int64
	if err := conn.QueryRowContext(ctx, r.Replace(build+q["bursts"])).Scan(&candidates); err != nil {
		return nil, fmt.Errorf("satisfaction: bursts: %w", err)
	}
	res := &SatisfactionResult{Options: opt}
	var rows *sql.Rows
	if candidates > 0 {
		if err := exec("bursts", q["exact"]); err != nil {
			return nil, err
		}
		if rows, err = conn.QueryContext(ctx, q["list"]); err != nil {
			return nil, fmt.Errorf("satisfaction: bursts: %w", err)
		}
	}
	for rows != nil && rows.Next() {
		var b Burst
		if err := rows.Scan(&b.Device, &b.UnitID, &b.CounterID, &b.Start, &b.End, &b.Presses, &b.Scale,
			&b.Ratings[1], &b.Ratings[2], &b.Ratings[3], &b.Ratings[4], &b.Ratings[5], &b.ReturnsNearby); err != nil {
			rows.Close()
			return nil, fmt.Errorf("satisfaction: bursts: %w", err)
		}
		b.Flagged = b.ReturnsNearby == 0
		if b.Flagged {
			res.FlaggedPresses += b.Presses
		}
		res.Bursts = append(res.Bursts, b)
	}
	if rows != nil {
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("satisfaction: bursts: %w", err)
		}
	}

	// Every answer; then, when presses were flagged, the same counts over the answers of
	// the flagged presses, taken away from the clean figures.
	all, flagged := satCounts{}, satCounts{}
	answers := strings.Replace(q["answers"], "$only", "TRUE", 1)
	if rows, err = conn.QueryContext(ctx, r.Replace(answers)); err == nil {
		err = all.read(rows)
	}
	if err != nil {
		return nil, fmt.Errorf("satisfaction: %w", err)
	}
	if res.FlaggedPresses > 0 {
		if err := exec("flagged", q["flagged"]); err != nil {
			return nil, err
		}
		answers := strings.Replace(q["answers"], "$only", "response_id IN (SELECT response_id FROM sat_flagged)", 1)
		if rows, err = conn.QueryContext(ctx, r.Replace(answers)); err == nil {
			err = flagged.read(rows)
		}
		if err != nil {
			return nil, fmt.Errorf("satisfaction: flagged: %w", err)
		}
	}
	type keyed struct {
		k satKey
		x SatRow
	}
	var out []keyed
	for k, c := range all {
		f := flagged[k]
		if f == nil {
			f = &[2]int64{}
		}
		out = append(out, keyed{k, SatRow{By: k.by, Key: k.key.String, Sub: k.sub.String,
			All: share(c[1], c[0]), Clean: share(c[1]-f[1], c[0]-f[0])}})
	}
	// By dimension, key and sub; a NULL after "" (as DuckDB orders them).
	slices.SortFunc(out, func(a, b keyed) int {
		if c := cmp.Compare(slices.Index(satOrder, a.k.by), slices.Index(satOrder, b.k.by)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.x.Key, b.x.Key); c != 0 {
			return c
		}
		if c := cmp.Compare(a.x.Sub, b.x.Sub); c != 0 {
			return c
		}
		if c := cmpNull(a.k.key, b.k.key); c != 0 {
			return c
		}
		return cmpNull(a.k.sub, b.k.sub)
	})
	for _, o := range out {
		res.Rows = append(res.Rows, o.x)
	}
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

	return res, nil
}

// cmpNull orders a valid string before a NULL one.
func cmpNull(a, b sql.NullString) int {
	switch {
	case a.Valid == b.Valid:
		return 0
	case a.Valid:
		return -1
	}
	return 1
}
