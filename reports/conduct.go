package reports

import (
	"fmt"
	"math"
	"strings"

	"congvu/metrics"
)

// Sheets of issue 5: conduct at the counter (camera incidents), citizen satisfaction
// and the button-press integrity check. Each figure stands beside its count and its
// 95 % interval; a rate with no counter days behind it is left empty.

// num returns v, or nil (an empty cell) when it is not a number.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

// shareCells are the cells of a share: answers, satisfied, share and its interval; the
// share and interval are empty when there is no answer (a share of nothing is not 0 %).
func shareCells(s metrics.Share) []any {
	if s.N == 0 {
		return []any{s.N, s.Satisfied, nil, nil, nil}
	}
	return []any{s.N, s.Satisfied, s.Share, s.CI.Lo, s.CI.Hi}
}

func (w *workbook) yesNo(b bool) string {
	if b {
		return w.text("yes")
	}
	return w.text("no")
}

// incidentType translates a canonical incident type; an unknown one is written as given.
func (w *workbook) incidentType(t string) string {
	if _, ok := labels[label("type."+t)]; ok {
		return w.text(label("type." + t))
	}
	return t
}

// writeConduct adds the conduct sheets: per officer then per unit (all types), and the
// same by incident type.
func writeConduct(w *workbook, c *metrics.ConductResult) error {
	t, err := w.newTable("sheet.conduct", []column{
		{"col.level", 10, kindText},
		{"col.officer", 12, kindText},
		{"col.unit", 16, kindText},
		{"col.counter", 18, kindText},
		{"col.counter_days", 12, kindCount},
		{"col.incidents", 12, kindCount},
		{"col.rate100", 14, kindNumber},
		{"col.ci_lo", 12, kindNumber},
		{"col.ci_hi", 12, kindNumber},
		{"col.weighted", 12, kindNumber},
		{"col.weighted_rate", 14, kindNumber},
		{"col.weighted_lo", 12, kindNumber},
		{"col.weighted_hi", 12, kindNumber},
		{"col.rank", 10, kindID},
		{"col.attributed", 14, kindCount},
		{"col.unattributed", 14, kindCount},
		{"col.no_roster", 14, kindText},
	}, len(c.Officers)+len(c.Units))
	if err != nil {
		return err
	}
	put := func(level label, r *metrics.ConductRow, officer bool) error {
		var rank, unattributed, noRoster any
		if r.Rank > 0 {
			rank = r.Rank
		}
		if officer {
			noRoster = w.yesNo(r.NoRoster)
		} else {
			unattributed = r.Unattributed
		}
		return t.add(w.text(level), r.OfficerID, r.UnitID, r.CounterID, r.CounterDays, r.Incidents.Count,
			num(r.Incidents.Rate), num(r.Incidents.CI.Lo), num(r.Incidents.CI.Hi),
			r.Weighted, num(r.WeightedRate), num(r.WeightedCI.Lo), num(r.WeightedCI.Hi),
			rank, r.Attributed, unattributed, noRoster)
	}
	for i := range c.Officers {
		if err := put("level.officer", &c.Officers[i], true); err != nil {
			return err
		}
	}
	for i := range c.Units {
		if err := put("level.unit", &c.Units[i], false); err != nil {
			return err
		}
	}
	o := c.Options
	weights := make([]string, len(o.SeverityWeights))
	for i, x := range o.SeverityWeights {
		weights[i] = fmt.Sprint(x)
	}
	scope := w.text("conduct.verified_only")
	if o.IncludeUnverified {
		scope = w.text("conduct.all_incidents")
	}
	for _, line := range []string{
		"",
		w.textf("conduct.formula", o.From.Format("02/01/2006"), o.To.Format("02/01/2006")),
		w.textf("conduct.options", scope, strings.Join(weights, " / "), o.MinCounterDays),
		w.textf("conduct.counted", w.lang.count(c.Counted), w.lang.count(c.Excluded)),
	} {
		if line == "" {
			if err := t.put(); err != nil {
				return err
			}
			continue
		}
		if err := t.note(line); err != nil {
			return err
		}
	}
	if err := t.close(); err != nil {
		return err
	}

	// By type.
	n := 0
	for _, rows := range [][]metrics.ConductRow{c.Officers, c.Units} {
		for _, r := range rows {
			n += len(r.ByType)
		}
	}
	bt, err := w.newTable("sheet.conduct_types", []column{
		{"col.level", 10, kindText},
		{"col.officer", 12, kindText},
		{"col.unit", 16, kindText},
		{"col.type", 22, kindText},
		{"col.counter_days", 12, kindCount},
		{"col.incidents", 12, kindCount},
		{"col.rate100", 14, kindNumber},
		{"col.ci_lo", 12, kindNumber},
		{"col.ci_hi", 12, kindNumber},
	}, n)
	if err != nil {
		return err
	}
	for _, part := range []struct {
		level label
		rows  []metrics.ConductRow
	}{{"level.officer", c.Officers}, {"level.unit", c.Units}} {
		for _, r := range part.rows {
			types := append([]string(nil), metrics.IncidentTypes...)
			for ty := range r.ByType {
				if !contains(types, ty) {
					types = append(types, ty)
				}
			}
			for _, ty := range types {
				x, ok := r.ByType[ty]
				if !ok {
					continue
				}
				if err := bt.add(w.text(part.level), r.OfficerID, r.UnitID, w.incidentType(ty), r.CounterDays, x.Count,
					num(x.Rate), num(x.CI.Lo), num(x.CI.Hi)); err != nil {
					return err
				}
			}
		}
	}
	return bt.close()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dimension translates a satisfaction dimension.
func (w *workbook) dimension(d metrics.SatDimension) string {
	return w.text(label("dim." + string(d)))
}

// satKey translates the keys that are codes (channels); others are written as given.
func (w *workbook) satKey(d metrics.SatDimension, k string) string {
	if d == metrics.SatChannel && k != "" {
		if _, ok := labels[label("channel."+k)]; ok {
			return w.text(label("channel." + k))
		}
	}
	return k
}

// writeSatisfaction adds the satisfaction sheet (every figure with and without the
// flagged presses) and the SIPAS-style index sheet.
func writeSatisfaction(w *workbook, s *metrics.SatisfactionResult) error {
	t, err := w.newTable("sheet.satisfaction", []column{
		{"col.dimension", 16, kindText},
		{"col.key", 18, kindText},
		{"col.sub", 22, kindText},
		{"col.answers", 12, kindCount},
		{"col.satisfied", 12, kindCount},
		{"col.share", 10, kindPercent},
		{"col.ci_lo", 10, kindPercent},
		{"col.ci_hi", 10, kindPercent},
		{"col.answers_clean", 14, kindCount},
		{"col.satisfied_clean", 14, kindCount},
		{"col.share_clean", 12, kindPercent},
		{"col.ci_lo_clean", 12, kindPercent},
		{"col.ci_hi_clean", 12, kindPercent},
	}, len(s.Rows))
	if err != nil {
		return err
	}
	for _, r := range s.Rows {
		sub := r.Sub
		if r.By == metrics.SatUnitChannel {
			sub = w.satKey(metrics.SatChannel, sub)
		}
		cells := append([]any{w.dimension(r.By), w.satKey(r.By, r.Key), sub}, shareCells(r.All)...)
		if err := t.add(append(cells, shareCells(r.Clean)...)...); err != nil {
			return err
		}
	}
	o := s.Options
	for _, line := range []string{
		w.textf("satisfaction.formula", o.From.Format("02/01/2006"), o.To.Format("02/01/2006"), o.Satisfied5, o.Satisfied3),
		w.textf("satisfaction.clean", w.lang.count(s.FlaggedPresses)),
	} {
		if err := t.note(line); err != nil {
			return err
		}
	}
	if err := t.close(); err != nil {
		return err
	}
	ix, err := w.newTable("sheet.sipas", []column{
		{"col.unit", 18, kindText},
		{"col.elements", 12, kindCount},
		{"col.index", 14, kindPercent},
		{"col.index_clean", 16, kindPercent},
	}, len(s.Index))
	if err != nil {
		return err
	}
	for _, x := range s.Index {
		unit := x.UnitID
		if unit == "" {
			unit = w.text("all_units")
		}
		if err := ix.add(unit, x.Elements, x.All, x.Clean); err != nil {
			return err
		}
	}
	if err := ix.note(w.textf("sipas.formula", s.Options.Satisfied5)); err != nil {
		return err
	}
	return ix.close()
}

// writeIntegrity adds the list of bursts of button presses.
func writeIntegrity(w *workbook, s *metrics.SatisfactionResult) error {
	t, err := w.newTable("sheet.integrity", []column{
		{"col.device", 22, kindText},
		{"col.unit", 16, kindText},
		{"col.counter", 18, kindText},
		{"col.start", 20, kindDateTime},
		{"col.end", 20, kindDateTime},
		{"col.presses", 10, kindCount},
		{"col.scale", 10, kindID},
		{"col.r1", 8, kindCount},
		{"col.r2", 8, kindCount},
		{"col.r3", 8, kindCount},
		{"col.r4", 8, kindCount},
		{"col.r5", 8, kindCount},
		{"col.returns_nearby", 14, kindCount},
		{"col.flagged", 12, kindText},
	}, len(s.Bursts))
	if err != nil {
		return err
	}
	for _, b := range s.Bursts {
		if err := t.add(b.Device, b.UnitID, b.CounterID, b.Start, b.End, b.Presses, b.Scale,
			b.Ratings[1], b.Ratings[2], b.Ratings[3], b.Ratings[4], b.Ratings[5], b.ReturnsNearby, w.yesNo(b.Flagged)); err != nil {
			return err
		}
	}
	o := s.Options
	line := w.textf("integrity.rule", o.BurstPresses, int64(o.BurstWindow.Seconds()), int64(o.ReturnWindow.Minutes()))
	if len(s.Bursts) == 0 {
		line = w.text("integrity.none") + " " + line
	}
	if err := t.note(line); err != nil {
		return err
	}
	return t.close()
}
