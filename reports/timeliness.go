package reports

import (
	"errors"
	"fmt"
	"strings"

	"congvu/metrics"
)

// Report is everything one analysis workbook shows: the run (files, rejects) and the
// indicators computed from the store. A nil part leaves its sheets out.
type Report struct {
	Run          *RunReport
	Timeliness   *metrics.Timeliness
	Conduct      *metrics.ConductResult
	Satisfaction *metrics.SatisfactionResult
	// Scores holds the rankings of officers, units and districts and the funnels.
	Scores *Scores
	// MethodologyYAML is the methodology set the figures were computed with, as YAML;
	// MethodologySource says where it came from. The methodology sheet prints both.
	MethodologyYAML, MethodologySource string
}

// WriteReport writes the workbook for r to path atomically (see WriteRunReport). The
// sheets are the summary, the official period tables, the aggregates per unit, officer,
// procedure, field, district, channel and month, the list of late cases without an
// on-time apology, the reset traces, the files, the rejected rows, the unknown columns
// and the methodology.
func WriteReport(path string, r *Report, opt Options) (err error) {
	if r == nil || r.Run == nil {
		return errors.New("reports: nil report")
	}
	lang, err := opt.lang()
	if err != nil {
		return err
	}
	w, err := newWorkbook(lang)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer func() { err = errors.Join(err, w.close()) }()
	writers := []func(*workbook, *Report, Options) error{writeSummary}
	if r.Timeliness != nil {
		writers = append(writers, writePeriodSheets, writeGroupSheets, writeLateList, writeResets)
	}
	if r.Conduct != nil {
		writers = append(writers, func(w *workbook, r *Report, _ Options) error { return writeConduct(w, r.Conduct) })
	}
	if r.Satisfaction != nil {
		writers = append(writers,
			func(w *workbook, r *Report, _ Options) error { return writeSatisfaction(w, r.Satisfaction) },
			func(w *workbook, r *Report, _ Options) error { return writeIntegrity(w, r.Satisfaction) })
	}
	if r.Scores != nil {
		writers = append(writers, writeScores)
	}
	writers = append(writers,
		func(w *workbook, r *Report, o Options) error { return writeFiles(w, r.Run, o) },
		func(w *workbook, r *Report, o Options) error { return writeRejects(w, r.Run, o) },
		func(w *workbook, r *Report, o Options) error { return writeUnknown(w, r.Run, o) },
	)
	if r.Timeliness != nil || r.MethodologyYAML != "" {
		writers = append(writers, writeMethod)
	}
	for _, write := range writers {
		if err := write(w, r, opt); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	return w.save(path)
}

// dimSheet names the sheet and key column of each aggregate dimension, in sheet order.
var dimSheets = []struct {
	dim          metrics.Dimension
	sheet, key   label
	names, width bool
}{
	{metrics.ByUnit, "sheet.by.unit", "col.key.unit", true, true},
	{metrics.ByOfficer, "sheet.by.officer", "col.key.officer", true, true},
	{metrics.ByProcedure, "sheet.by.procedure", "col.key.procedure", true, true},
	{metrics.ByField, "sheet.by.field", "col.key.field", false, true},
	{metrics.ByDistrict, "sheet.by.district", "col.key.district", true, false},
	{metrics.ByChannel, "sheet.by.channel", "col.key.channel", false, false},
	{metrics.ByMonth, "sheet.by.month", "col.key.month", false, false},
}

// writeGroupSheets writes one sheet of aggregates per dimension.
func writeGroupSheets(w *workbook, r *Report, _ Options) error {
	tl := r.Timeliness
	for _, d := range dimSheets {
		gs := sortedGroups(d.dim, tl.Groups[d.dim])
		cols := []column{{d.key, 16, kindText}, {"col.name", 30, kindText}}
		cols = append(cols, groupColumns...)
		t, err := w.newTable(d.sheet, cols, len(gs))
		if err != nil {
			return err
		}
		for i := range gs {
			g := &gs[i]
			key := g.Key
			switch {
			case key == "":
				key = w.text("key.unknown")
			case d.dim == metrics.ByChannel:
				key = w.channel(key)
			}
			if err := t.add(append([]any{key, tl.Name(d.dim, g.Key)}, groupValues(w, g, tl.MinCases)...)...); err != nil {
				return err
			}
		}
		if err := t.note(w.textf("group.note", tl.MinCases)); err != nil {
			return err
		}
		if err := t.close(); err != nil {
			return err
		}
	}
	return nil
}

// groupColumns are the figure columns of an aggregate sheet, after the key and name.
var groupColumns = []column{
	{"col.cases", 10, kindCount},
	{"col.completed", 12, kindCount},
	{"col.early", 10, kindCount},
	{"col.on_time", 10, kindCount},
	{"col.late", 10, kindCount},
	{"col.on_time_rate", 12, kindPercent},
	{"col.ci_lo", 11, kindPercent},
	{"col.ci_hi", 11, kindPercent},
	{"col.pending_in_time", 11, kindCount},
	{"col.pending_overdue", 11, kindCount},
	{"col.paused", 10, kindCount},
	{"col.no_deadline", 10, kindCount},
	{"col.excluded", 14, kindCount},
	{"col.need_apology", 12, kindCount},
	{"col.apology_on_time", 11, kindCount},
	{"col.apology_late", 11, kindCount},
	{"col.no_apology", 11, kindCount},
	{"col.apology_rate", 12, kindPercent},
	{"col.ci_lo", 11, kindPercent},
	{"col.ci_hi", 11, kindPercent},
	{"col.late_again", 10, kindCount},
	{"col.padded", 12, kindCount},
	{"col.resets", 14, kindCount},
	{"col.median_wd", 11, kindNumber},
	{"col.p90_wd", 11, kindNumber},
	{"col.small", 30, kindText},
}

// groupValues are the cells of groupColumns for g. A rate without cases is left empty.
func groupValues(w *workbook, g *metrics.Group, minCases int) []any {
	var rate, lo, hi, arate, alo, ahi, med, p90 any
	if g.Completed > 0 {
		rate, lo, hi = g.OnTimeRate, g.OnTimeCI.Lo, g.OnTimeCI.Hi
		med, p90 = g.MedianWorkdays, g.P90Workdays
	}
	if g.NeedApology > 0 {
		arate, alo, ahi = g.ApologyRate, g.ApologyCI.Lo, g.ApologyCI.Hi
	}
	small := ""
	if g.Small {
		small = w.textf("small.completed", minCases)
	}
	return []any{g.Cases, g.Completed, g.Early, g.OnTime, g.Late, rate, lo, hi,
		g.PendingInTime, g.PendingOverdue, g.Paused, g.NoDeadline, g.Excluded,
		g.NeedApology, g.ApologyOnTime, g.ApologyLate, g.NoApology, arate, alo, ahi,
		g.LateAgain, g.PaddedDue, g.ResetTrace, med, p90, small}
}

// periodSheets are the official period tables, in sheet order.
var periodSheets = []struct {
	dim        metrics.Dimension
	sheet, key label
}{
	{metrics.ByUnit, "sheet.period.unit", "col.key.unit"},
	{metrics.ByField, "sheet.period.field", "col.key.field"},
	{metrics.ByProcedure, "sheet.period.proc", "col.key.procedure"},
}

// writePeriodSheets writes the "06a" tables, each ending with the province's line.
func writePeriodSheets(w *workbook, r *Report, _ Options) error {
	tl := r.Timeliness
	var province *metrics.PeriodRow
	if ps := tl.Period[metrics.ByProvince]; len(ps) == 1 {
		province = &ps[0]
	}
	for _, d := range periodSheets {
		rows := sortedPeriod(d.dim, tl.Period[d.dim])
		n := len(rows)
		if province != nil {
			n++
		}
		cols := []column{{d.key, 16, kindText}, {"col.name", 30, kindText},
			{"col.p.total", 12, kindCount}, {"col.p.new", 12, kindCount},
			{"col.p.online", 11, kindCount}, {"col.p.direct", 11, kindCount}, {"col.p.postal", 11, kindCount},
			{"col.p.other", 12, kindCount}, {"col.p.carried", 12, kindCount},
			{"col.p.resolved", 11, kindCount}, {"col.p.early", 11, kindCount}, {"col.p.on_time", 11, kindCount},
			{"col.p.late", 11, kindCount}, {"col.p.pending", 11, kindCount}, {"col.p.in_time", 11, kindCount},
			{"col.p.overdue", 11, kindCount}, {"col.p.paused", 11, kindCount}, {"col.p.rate", 14, kindPercent},
			{"col.p.withdrawn", 12, kindCount}, {"col.p.refused", 11, kindCount}, {"col.p.no_deadline", 13, kindCount},
			{"col.p.pending_no_deadline", 14, kindCount},
			{"col.p.own_n", 12, kindCount}, {"col.p.own_rate", 14, kindPercent},
			{"col.ci_lo", 11, kindPercent}, {"col.ci_hi", 11, kindPercent},
			{"col.p.progress", 12, kindNumber},
		}
		t, err := w.newTable(d.sheet, cols, n)
		if err != nil {
			return err
		}
		add := func(key, name string, p *metrics.PeriodRow) error {
			var rate, own, lo, hi, progress any
			if p.Resolved > 0 {
				rate = p.OfficialRate
			}
			ownN := p.OwnEarly + p.OwnOnTime + p.OwnLate
			if ownN > 0 {
				own, lo, hi = p.OwnRate, p.OwnCI.Lo, p.OwnCI.Hi
			}
			if p.HasProgress {
				progress = p.Progress766
			}
			return t.add(key, name, p.Total, p.New, p.NewOnline, p.NewDirect, p.NewPostal, p.NewOther, p.Carried,
				p.Resolved, p.Early, p.OnTime, p.Late, p.Pending, p.PendingInTime, p.PendingOverdue, p.Paused, rate,
				p.Withdrawn, p.Refused, p.ResolvedNoDeadline, p.PendingNoDeadline, ownN, own, lo, hi, progress)
		}
		for i := range rows {
			if err := add(rows[i].Key, tl.Name(d.dim, rows[i].Key), &rows[i]); err != nil {
				return err
			}
		}
		if province != nil {
			if err := add(w.text("col.key.province"), "", province); err != nil {
				return err
			}
		}
		if err := t.paragraph(w.text("period.note"), 12, 6); err != nil {
			return err
		}
		if err := t.paragraph(w.text("progress.note"), 12, 3); err != nil {
			return err
		}
		if err := t.close(); err != nil {
			return err
		}
	}
	return nil
}

// listColumns are the columns of the late and reset lists.
func listColumns(apology bool) []column {
	cols := []column{
		{"col.case_id", 18, kindText}, {"col.unit", 14, kindText}, {"col.name", 28, kindText},
		{"col.handler", 14, kindText}, {"col.procedure", 14, kindText},
		{"col.received_at", 18, kindDateTime}, {"col.due_at", 18, kindDateTime}, {"col.completed_at", 18, kindDateTime},
		{"col.class", 18, kindText},
	}
	if apology {
		cols = append(cols, column{"col.workdays_late", 11, kindCount}, column{"col.apology", 20, kindText},
			column{"col.apology_at", 18, kindDateTime}, column{"col.new_due", 18, kindDateTime}, column{"col.late_again", 10, kindText})
	}
	return cols
}

func writeLateList(w *workbook, r *Report, _ Options) error {
	return writeCaseList(w, r.Timeliness, "sheet.late", "late.note", r.Timeliness.Late, r.Timeliness.LateTotal, true)
}

func writeResets(w *workbook, r *Report, _ Options) error {
	return writeCaseList(w, r.Timeliness, "sheet.resets", "resets.note", r.Timeliness.Resets, r.Timeliness.ResetTotal, false)
}

func writeCaseList(w *workbook, tl *metrics.Timeliness, sheet, note label, list []metrics.CaseLine, total int64, apology bool) error {
	shown := min(len(list), maxSheetRows-4)
	t, err := w.newTable(sheet, listColumns(apology), shown)
	if err != nil {
		return err
	}
	for _, c := range list[:shown] {
		v := []any{c.CaseID, c.UnitID, tl.Name(metrics.ByUnit, c.UnitID), c.OfficerID, c.Procedure,
			c.ReceivedAt, c.DueAt, c.CompletedAt, w.text(label("class." + c.Class))}
		if apology {
			again := ""
			if c.LateAgain {
				again = w.text("yes")
			}
			v = append(v, c.WorkdaysLate, w.text(label("apology."+c.Apology)), c.ApologyAt, c.NewDueAt, again)
		}
		if err := t.add(v...); err != nil {
			return err
		}
	}
	switch more := total - int64(shown); {
	case total == 0:
		err = t.note(w.text("list.none"))
	case more > 0:
		err = t.note(w.textf("list.more", w.lang.count(more), w.lang.count(total)))
	}
	if err == nil {
		err = t.paragraph(w.text(note), 9, 3)
	}
	if err != nil {
		return err
	}
	return t.close()
}

// channel translates a canonical channel; others are written as given.
func (w *workbook) channel(s string) string {
	switch s {
	case "direct", "online", "postal", "button", "web", "paper", "sms":
		return w.text(label("channel." + s))
	}
	return s
}

// writeMethod writes the methodology sheet: the period, the comparison, the formulas and
// the source of each year's calendar.
func writeMethod(w *workbook, r *Report, _ Options) error {
	tl := r.Timeliness
	f, err := w.newForm("sheet.method", 40, 100)
	if err != nil {
		return err
	}
	f.put(f.cell(kindText, w.title, w.text("method.title")))
	f.put()
	if tl != nil {
		f.line("summary.as_of", kindDate, tl.AsOf)
		f.line("summary.from", kindDate, tl.From)
		f.line("summary.to", kindDate, tl.To)
		f.line("summary.compare", kindText, w.compare(tl.CompareInstants))
		f.line("method.min_cases", kindCount, tl.MinCases)
		for _, y := range tl.Years {
			src := y.Source
			if y.Official {
				src = w.text("method.official") + ": " + src
			} else {
				src = w.text("method.fallback") + ": " + src
			}
			f.linet(w.textf("method.calendar", y.Year), kindText, src)
		}
		f.put()
		f.paragraph(w.text("method.formulas"), 2, 14)
		f.paragraph(w.text("period.note"), 2, 8)
		f.paragraph(w.text("progress.note"), 2, 4)
		f.paragraph(w.text("resets.note"), 2, 3)
	}
	if r.MethodologyYAML != "" {
		f.put()
		f.put(f.cell(kindText, w.header, w.text("method.file")), f.cell(kindText, w.header, r.MethodologySource))
		for _, l := range strings.Split(strings.TrimRight(r.MethodologyYAML, "\n"), "\n") {
			// YAML keeps its indentation; a leading "-" or "=" stays text (cell never
			// writes a formula).
			f.put(f.cell(kindText, 0, strings.ReplaceAll(l, "\t", "    ")))
		}
	}
	return f.close()
}

func (w *workbook) compare(instants bool) string {
	if instants {
		return w.text("compare.instant")
	}
	return w.text("compare.day")
}

// summaryTimeliness writes the province's headline figures on the summary sheet.
func summaryTimeliness(f *form, tl *metrics.Timeliness) {
	w := f.w
	interval := func(ci metrics.Interval) string {
		return fmt.Sprintf("%s – %s", w.lang.percent(ci.Lo), w.lang.percent(ci.Hi))
	}
	f.put(f.cell(kindText, w.header, w.text("summary.timeliness")), f.cell(kindText, w.header, ""))
	f.line("summary.from", kindDate, tl.From)
	f.line("summary.to", kindDate, tl.To)
	f.line("summary.compare", kindText, w.compare(tl.CompareInstants))
	var g metrics.Group
	if gs := tl.Groups[metrics.ByProvince]; len(gs) == 1 {
		g = gs[0]
	}
	f.line("summary.cases", kindCount, g.Cases)
	f.line("col.completed", kindCount, g.Completed)
	if ps := tl.Period[metrics.ByProvince]; len(ps) == 1 && ps[0].Resolved > 0 {
		f.line("summary.official_rate", kindPercent, ps[0].OfficialRate)
	}
	if g.Completed > 0 {
		f.line("summary.own_rate", kindPercent, g.OnTimeRate)
		f.line("summary.interval", kindText, interval(g.OnTimeCI))
	}
	f.line("col.pending_overdue", kindCount, g.PendingOverdue)
	f.line("summary.need_apology", kindCount, g.NeedApology)
	if g.NeedApology > 0 {
		f.line("summary.apology_rate", kindPercent, g.ApologyRate)
		f.line("summary.interval", kindText, interval(g.ApologyCI))
	}
	f.line("summary.late_list", kindCount, tl.LateTotal)
	f.line("summary.resets", kindCount, tl.ResetTotal)
	if ps := tl.Period[metrics.ByProvince]; len(ps) == 1 && ps[0].HasProgress {
		f.line("summary.progress", kindNumber, ps[0].Progress766)
	}
	f.paragraph(w.textf("summary.excluded", w.lang.count(g.Excluded), w.lang.count(g.NoDeadline), w.lang.count(g.Paused)), 2, 3)
}
