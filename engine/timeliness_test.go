package engine

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"congvu/fixtures"
	"congvu/ingest"
	"congvu/metrics"
	"congvu/reports"
)

// The oracle below recomputes the timeliness tables with plain Go loops over the
// cases, from the rules of the issue and of metrics/period.sql as written in words
// (not from the engine's SQL): calendar days of local wall times, events after the
// as-of day not yet happened.

// oCase is one case as the oracle sees it: local wall times, zero = empty.
type oCase struct {
	ID, Unit, Status, Channel                   string
	Received, Due, Completed, Returned, Apology time.Time
}

// oGroup holds the figures of one aggregate line (a "By …" sheet).
type oGroup struct {
	Cases, Early, OnTime, Late, PendingInTime, PendingOverdue, Paused, NoDeadline, Excluded int64
	ApologyOnTime, ApologyLate, NoApology, Resets                                           int64
}

// oPeriod holds the figures of one line of the official "06a" table. Pending
// counts every open case; in time = Pending − Overdue, as the layout has it.
type oPeriod struct {
	Total, New, Online, Direct, Postal, Other, Carried int64
	Resolved, Early, OnTime, Late                      int64
	Pending, Overdue, Paused                           int64
	Withdrawn, Refused, NoDeadline                     int64 // NoDeadline: resolved and still open, without a due date
	ResolvedNoDeadline                                 int64
	OwnEarly, OwnOnTime, OwnLate                       int64
}

// provinceKey is the oracle's key of the whole province.
const provinceKey = "\x00province"

// calDay is the calendar day of t's wall clock, at midnight UTC; zero stays zero.
func calDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// oracle classifies every case as of the period's last day (to) and counts, per unit
// and for the province, the aggregate figures of the period's cases and the 06a table.
func oracle(cases []oCase, from, to time.Time) (map[string]*oGroup, map[string]*oPeriod) {
	from, to = calDay(from), calDay(to)
	asOf := to
	groups := map[string]*oGroup{}
	period := map[string]*oPeriod{}
	for _, c := range cases {
		rec := calDay(c.Received)
		if rec.After(asOf) {
			continue // not received yet
		}
		// the completion, if it happened by the as-of day; a case returned without a
		// completion date had its result by the day it was returned
		completed := c.Completed
		if completed.IsZero() {
			completed = c.Returned
		}
		var done time.Time
		if !completed.IsZero() && !calDay(completed).After(asOf) {
			done = completed
		}
		due := calDay(c.Due)
		undated := (c.Status == "done" || c.Status == "returned") && completed.IsZero()
		// withdrawn or refused after the as-of day: still open as of it
		closedLater := (c.Status == "withdrawn" || c.Status == "refused") && !completed.IsZero() && calDay(completed).After(asOf)
		closed := c.Status == "new" || c.Status == "not_accepted" || undated ||
			(c.Status == "withdrawn" || c.Status == "refused") && !closedLater
		var class string
		switch {
		case closed:
			class = c.Status
		case !done.IsZero() && c.Due.IsZero():
			class = "no_deadline"
		case !done.IsZero() && calDay(done).Before(due):
			class = "early"
		case !done.IsZero() && calDay(done).Equal(due):
			class = "on_time"
		case !done.IsZero():
			class = "late"
		case c.Status == "paused":
			class = "paused"
		case c.Due.IsZero():
			class = "no_deadline"
		case due.Before(asOf):
			class = "pending_overdue"
		default:
			class = "pending_in_time"
		}
		// The day the case left the workload (zero: still in it).
		var ended time.Time
		switch {
		case !done.IsZero():
			ended = calDay(done)
		case closed && !c.Returned.IsZero() && !calDay(c.Returned).After(asOf):
			ended = calDay(c.Returned)
		case closed:
			ended = rec
		}
		if !ended.IsZero() && ended.Before(from) {
			continue // left before the period began
		}
		for _, key := range []string{c.Unit, provinceKey} {
			g := groups[key]
			if g == nil {
				g = &oGroup{}
				groups[key] = g
			}
			g.Cases++
			switch class {
			case "early":
				g.Early++
			case "on_time":
				g.OnTime++
			case "late":
				g.Late++
			case "pending_in_time":
				g.PendingInTime++
			case "pending_overdue":
				g.PendingOverdue++
			case "paused":
				g.Paused++
			case "no_deadline":
				g.NoDeadline++
			default:
				g.Excluded++
			}
			if class == "late" || class == "pending_overdue" {
				switch {
				case c.Apology.IsZero():
					g.NoApology++
				case !calDay(c.Apology).After(due):
					g.ApologyOnTime++
				default:
					g.ApologyLate++
				}
			}
			// a reset trace is the completion timestamp itself at the due instant
			if !c.Completed.IsZero() && !calDay(c.Completed).After(asOf) && c.Completed.Equal(c.Due) {
				g.Resets++
			}

			if c.Status == "new" || c.Status == "not_accepted" || undated {
				continue // outside the 06a table
			}
			p := period[key]
			if p == nil {
				p = &oPeriod{}
				period[key] = p
			}
			p.Total++
			if rec.Before(from) {
				p.Carried++
			} else {
				p.New++
				switch c.Channel {
				case "online":
					p.Online++
				case "direct":
					p.Direct++
				case "postal":
					p.Postal++
				default:
					p.Other++
				}
			}
			if !ended.IsZero() && !ended.After(to) {
				p.Resolved++
				// The official layout: no due date or withdrawn = on time; a refused
				// case by the day it ended.
				official := class
				switch {
				case class == "early" || class == "on_time" || class == "late":
				case c.Status == "withdrawn" || c.Due.IsZero():
					official = "on_time"
				case ended.Before(due):
					official = "early"
				case ended.Equal(due):
					official = "on_time"
				default:
					official = "late"
				}
				switch official {
				case "early":
					p.Early++
				case "on_time":
					p.OnTime++
				default:
					p.Late++
				}
				switch class {
				case "withdrawn":
					p.Withdrawn++
				case "refused":
					p.Refused++
				case "no_deadline":
					p.NoDeadline++
					p.ResolvedNoDeadline++
				case "early":
					p.OwnEarly++
				case "on_time":
					p.OwnOnTime++
				case "late":
					p.OwnLate++
				}
			} else {
				p.Pending++
				switch {
				case c.Status == "paused":
					p.Paused++
				case c.Due.IsZero():
					p.NoDeadline++
				case due.Before(to):
					p.Overdue++
				}
			}
		}
	}
	return groups, period
}

// sheetTable is a table sheet read back: its header and its data rows by key (column A).
type sheetTable struct {
	sheet string
	col   map[string]int // header → first column index
	rows  map[string]int // key → row index (0-based, header = 0)
	cells [][]string
}

// readSheet reads a table sheet with raw cell values. Data rows are those with a
// value beyond the first two columns (notes and paragraphs under the table have none).
func readSheet(tb testing.TB, f *excelize.File, sheet string) *sheetTable {
	tb.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		tb.Fatalf("sheet %q: %v", sheet, err)
	}
	if len(rows) == 0 {
		tb.Fatalf("sheet %q is empty", sheet)
	}
	t := &sheetTable{sheet: sheet, col: map[string]int{}, rows: map[string]int{}, cells: rows}
	for i, h := range rows[0] {
		if _, dup := t.col[h]; !dup {
			t.col[h] = i
		}
	}
	for r := 1; r < len(rows); r++ {
		if len(rows[r]) > 2 && rows[r][2] != "" {
			if _, dup := t.rows[rows[r][0]]; dup {
				tb.Errorf("sheet %q: key %q on two rows", sheet, rows[r][0])
			}
			t.rows[rows[r][0]] = r
		}
	}
	return t
}

// cell returns the reference and raw value of the key's row in the column under header,
// or in the column off places to its right (an interval's bounds follow their rate,
// whatever their headers say).
func (t *sheetTable) cell(tb testing.TB, key, header string, off ...int) (string, string) {
	tb.Helper()
	c, ok := t.col[header]
	if !ok {
		tb.Fatalf("sheet %q has no column %q", t.sheet, header)
	}
	for _, o := range off {
		c += o
	}
	r, ok := t.rows[key]
	if !ok {
		tb.Fatalf("sheet %q has no row %q", t.sheet, key)
	}
	ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
	if c < len(t.cells[r]) {
		return ref, t.cells[r][c]
	}
	return ref, ""
}

// count reads an integer cell (an empty cell is 0).
func (t *sheetTable) count(tb testing.TB, key, header string) int64 {
	tb.Helper()
	ref, v := t.cell(tb, key, header)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		tb.Fatalf("%s!%s (%s, %s) = %q, not a count", t.sheet, ref, key, header, v)
	}
	return n
}

// checkRate checks that the cell (see cell) holds want, a share, with the percent
// format, or is empty when !has.
func (t *sheetTable) checkRate(tb testing.TB, f *excelize.File, key, header string, want float64, has bool, off ...int) {
	tb.Helper()
	ref, v := t.cell(tb, key, header, off...)
	if !has {
		if v != "" {
			tb.Errorf("%s!%s (%s, %s%v) = %q, want empty: no cases behind it", t.sheet, ref, key, header, off, v)
		}
		return
	}
	got, err := strconv.ParseFloat(v, 64)
	if err != nil || math.Abs(got-want) > 1e-12 {
		tb.Errorf("%s!%s (%s, %s%v) = %q, want %v", t.sheet, ref, key, header, off, v, want)
	}
	if nf := cellNumFormat(tb, f, t.sheet, ref); nf != "0.0%" {
		tb.Errorf("%s!%s (%s, %s%v) number format %q, want 0.0%%", t.sheet, ref, key, header, off, nf)
	}
}

// cellNumFormat is the number format of a cell.
func cellNumFormat(tb testing.TB, f *excelize.File, sheet, ref string) string {
	tb.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		tb.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return "builtin:" + strconv.Itoa(st.NumFmt)
}

// wilson95 is the Wilson score interval at 95 %, written out from Wilson (1927).
func wilson95(k, n int64) (lo, hi float64) {
	const z = 1.959963984540054
	p, nf := float64(k)/float64(n), float64(n)
	mid := (p + z*z/(2*nf)) / (1 + z*z/nf)
	half := z / (1 + z*z/nf) * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf))
	return math.Max(0, mid-half), math.Min(1, mid+half)
}

// checkWorkbook compares the "By unit" and "06a by unit" sheets of an English workbook,
// and the province lines, with the oracle's figures.
func checkWorkbook(t *testing.T, f *excelize.File, groups map[string]*oGroup, period map[string]*oPeriod) {
	t.Helper()
	byUnit := readSheet(t, f, "By unit")
	for key, g := range groups {
		if key == provinceKey {
			continue
		}
		row := key
		if row == "" {
			row = "(not recorded)"
		}
		if _, ok := byUnit.rows[row]; !ok {
			t.Errorf("By unit: no row for unit %q (%d cases)", key, g.Cases)
			continue
		}
		completed := g.Early + g.OnTime + g.Late
		for _, c := range []struct {
			header string
			want   int64
		}{
			{"Cases", g.Cases}, {"Completed (with due date)", completed},
			{"Early", g.Early}, {"On time", g.OnTime}, {"Late", g.Late},
			{"Pending in time", g.PendingInTime}, {"Pending overdue", g.PendingOverdue}, {"Paused", g.Paused},
			{"No due date", g.NoDeadline}, {"Out of the rates (new, not accepted, withdrawn, refused, done without a date)", g.Excluded},
			{"Late or overdue (letter due)", g.Late + g.PendingOverdue},
			{"Apology on time", g.ApologyOnTime}, {"Apology late", g.ApologyLate}, {"No apology", g.NoApology},
			{"Completed at the due instant (trace)", g.Resets},
		} {
			if got := byUnit.count(t, row, c.header); got != c.want {
				t.Errorf("By unit %s: %s = %d, oracle %d", row, c.header, got, c.want)
			}
		}
		var rate, lo, hi float64
		if completed > 0 {
			rate = float64(g.Early+g.OnTime) / float64(completed)
			lo, hi = wilson95(g.Early+g.OnTime, completed)
		}
		const rateCol = "On-time rate (early + on time)"
		byUnit.checkRate(t, f, row, rateCol, rate, completed > 0)
		byUnit.checkRate(t, f, row, rateCol, lo, completed > 0, 1)
		byUnit.checkRate(t, f, row, rateCol, hi, completed > 0, 2)
	}
	if n := len(byUnit.rows); n != len(groups)-1 {
		t.Errorf("By unit has %d rows, oracle %d units", n, len(groups)-1)
	}

	p06 := readSheet(t, f, "06a by unit")
	for key, p := range period {
		row := key
		if key == provinceKey {
			row = "Province"
		}
		own := p.OwnEarly + p.OwnOnTime + p.OwnLate
		for _, c := range []struct {
			header string
			want   int64
		}{
			{"Cases to handle", p.Total}, {"Received in the period", p.New},
			{"New: online", p.Online}, {"New: direct", p.Direct}, {"New: postal", p.Postal},
			{"New: other or unknown channel", p.Other}, {"Carried over", p.Carried},
			{"Resolved", p.Resolved}, {"Resolved early", p.Early}, {"Resolved on time", p.OnTime},
			{"Resolved late", p.Late}, {"Still being handled", p.Pending},
			{"Being handled: in time", p.Pending - p.Overdue}, {"Being handled: overdue", p.Overdue},
			{"Of which paused", p.Paused}, {"Of which withdrawn (counted on time)", p.Withdrawn},
			{"Of which refused", p.Refused}, {"Of which resolved without due date (counted on time)", p.ResolvedNoDeadline},
			{"Of which being handled without due date (counted in time)", p.NoDeadline - p.ResolvedNoDeadline},
			{"Cases behind the congvu rate", own},
		} {
			if got := p06.count(t, row, c.header); got != c.want {
				t.Errorf("06a %s: %s = %d, oracle %d", row, c.header, got, c.want)
			}
		}
		// Resolved, as the period table defines it: the resolved cases with a due date
		// and a result, plus the withdrawn, refused and no-deadline ones it reclassifies.
		if got := p06.count(t, row, "Resolved"); got != own+p.Withdrawn+p.Refused+p.ResolvedNoDeadline ||
			p.Total != p.New+p.Carried || p.Total != p.Resolved+p.Pending {
			t.Errorf("06a %s: resolved %d ≠ %d + %d withdrawn + %d refused + %d without due date (oracle %+v)",
				row, got, own, p.Withdrawn, p.Refused, p.ResolvedNoDeadline, p)
		}
		p06.checkRate(t, f, row, "Share early or on time (official layout)",
			float64(p.Early+p.OnTime)/float64(max(p.Resolved, 1)), p.Resolved > 0)
		p06.checkRate(t, f, row, "congvu on-time rate (cases with a due date only)",
			float64(p.OwnEarly+p.OwnOnTime)/float64(max(own, 1)), own > 0)
		if _, v := p06.cell(t, row, "QĐ 766 progress points (of 20)"); p.New > 0 {
			want := float64(p.Pending-p.Overdue+p.Early+p.OnTime) / float64(p.New) * 20
			if got, err := strconv.ParseFloat(v, 64); err != nil || math.Abs(got-want) > 1e-9 {
				t.Errorf("06a %s: progress %q, want %v", row, v, want)
			}
		}
	}
	if n := len(p06.rows); n != len(period) {
		t.Errorf("06a by unit has %d rows, oracle %d (the units and the province)", n, len(period))
	}

	// The summary sheet's province lines.
	g := groups[provinceKey]
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	summary := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			if _, dup := summary[r[0]]; !dup {
				summary[r[0]] = r[1]
			}
		}
	}
	completed := g.Early + g.OnTime + g.Late
	pp := period[provinceKey]
	want := map[string]float64{
		"Cases in the period":                      float64(g.Cases),
		"Completed (with due date)":                float64(completed),
		"Pending overdue":                          float64(g.PendingOverdue),
		"Late or overdue cases (letter due)":       float64(g.Late + g.PendingOverdue),
		"Reset traces":                             float64(g.Resets),
		"Late without an on-time apology (listed)": float64(g.NoApology + g.ApologyLate),
	}
	if completed > 0 {
		want["On-time rate (congvu)"] = float64(g.Early+g.OnTime) / float64(completed)
	}
	if g.Late+g.PendingOverdue > 0 {
		want["Apology compliance"] = float64(g.ApologyOnTime) / float64(g.Late+g.PendingOverdue)
	}
	if pp != nil && pp.Resolved > 0 {
		want["Share early or on time (06a layout)"] = float64(pp.Early+pp.OnTime) / float64(pp.Resolved)
	}
	for label, w := range want {
		v, ok := summary[label]
		got, err := strconv.ParseFloat(v, 64)
		if !ok || err != nil || math.Abs(got-w) > 1e-12 {
			t.Errorf("Summary %q = %q, oracle %v", label, v, w)
		}
	}
}

// sampleCases turns the generator's good cases into the oracle's.
func sampleCases(p *fixtures.Province) []oCase {
	var out []oCase
	loc := func(t time.Time) time.Time {
		if t.IsZero() {
			return t
		}
		return t.In(ingest.VN)
	}
	for _, c := range p.GoodCases() {
		out = append(out, oCase{ID: c.ID, Unit: c.UnitID, Status: c.Status, Channel: c.Channel,
			Received: loc(c.ReceivedAt), Due: loc(c.DueAt), Completed: loc(c.CompletedAt),
			Returned: loc(c.ReturnedAt), Apology: loc(c.ApologyAt)})
	}
	return out
}

// TestSampleTimelinessOracle ingests fixtures/sample, writes the English workbook for
// 2025 (and for its second half, with the cases carried over from the first) and
// compares its per-unit and province figures with a plain Go recount of the
// generator's rows.
func TestSampleTimelinessOracle(t *testing.T) {
	s := openTemp(t)
	ingestFiles(t, s, sampleDir)
	cases := sampleCases(fixtures.Generate(fixtures.SampleConfig()))
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, p := range []struct {
		name string
		from time.Time
	}{
		{"2025", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"second half", time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(p.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "sample.xlsx")
			if err := s.Report(context.Background(), out, ReportOptions{AsOf: asOf, From: p.from, To: asOf,
				Reports: reports.Options{Lang: reports.English}}); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()

			groups, period := oracle(cases, p.from, asOf)
			g, pp := groups[provinceKey], period[provinceKey]
			if g == nil || pp == nil {
				t.Fatal("the oracle keeps no case")
			}
			if p.from.Month() == 1 {
				// Every case of the sample is received in 2025: the year keeps them all.
				if g.Cases != int64(len(cases)) || pp.Carried != 0 {
					t.Fatalf("oracle keeps %d of %d cases, %d carried over; the sample's are all of 2025", g.Cases, len(cases), pp.Carried)
				}
			} else if g.Cases >= int64(len(cases)) || pp.Carried == 0 || pp.New == 0 {
				t.Fatalf("oracle keeps %d of %d cases, %d carried over, %d new: the half year should leave some out and carry some over",
					g.Cases, len(cases), pp.Carried, pp.New)
			}
			// The sample exercises every class the oracle knows.
			for name, n := range map[string]int64{"early": g.Early, "on time": g.OnTime, "late": g.Late,
				"pending in time": g.PendingInTime, "pending overdue": g.PendingOverdue, "paused": g.Paused,
				"no deadline": g.NoDeadline, "excluded": g.Excluded, "apology on time": g.ApologyOnTime,
				"apology late": g.ApologyLate, "no apology": g.NoApology, "resets": g.Resets,
				"withdrawn": pp.Withdrawn, "refused": pp.Refused, "postal": pp.Postal} {
				if n == 0 {
					t.Errorf("the sample has no %s case: the oracle test would not see that class", name)
				}
			}
			checkWorkbook(t, f, groups, period)
		})
	}
}

// TestPlantedTruth generates a province, writes it as a province hands it over, and
// checks that the engine finds what the generator planted.
func TestPlantedTruth(t *testing.T) {
	p := fixtures.Generate(fixtures.DefaultConfig())
	dir := t.TempDir()
	if _, err := p.WriteSample(dir); err != nil {
		t.Fatal(err)
	}
	s := openTemp(t)
	ingestFiles(t, s, dir)
	truth := p.Truth
	tl, err := s.Timeliness(context.Background(), ReportOptions{AsOf: truth.ReportDate,
		From: time.Date(truth.Year, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	officers := map[string]metrics.Group{}
	for _, g := range tl.Groups[metrics.ByOfficer] {
		officers[g.Key] = g
	}

	// The engine's classes per officer are the generator's realised ones (its counts
	// include refused cases, which the engine keeps out of the rates).
	refused := map[string]*fixtures.OfficerTruth{}
	for _, c := range p.GoodCases() {
		if c.Status != "refused" || c.DueAt.IsZero() || c.CompletedAt.IsZero() {
			continue
		}
		r := refused[c.OfficerID]
		if r == nil {
			r = &fixtures.OfficerTruth{}
			refused[c.OfficerID] = r
		}
		switch cd, dd := calDay(c.CompletedAt.In(ingest.VN)), calDay(c.DueAt.In(ingest.VN)); {
		case cd.Before(dd):
			r.Early++
		case cd.Equal(dd):
			r.OnDueDay++
		default:
			r.Late++
		}
	}
	for _, ot := range truth.Officers {
		g, r := officers[ot.OfficerID], refused[ot.OfficerID]
		if r == nil {
			r = &fixtures.OfficerTruth{}
		}
		if g.Early != int64(ot.Early-r.Early) || g.OnTime != int64(ot.OnDueDay-r.OnDueDay) || g.Late != int64(ot.Late-r.Late) {
			t.Errorf("officer %s: early %d, on time %d, late %d; generator %d, %d, %d less refused %d, %d, %d",
				ot.OfficerID, g.Early, g.OnTime, g.Late, ot.Early, ot.OnDueDay, ot.Late, r.Early, r.OnDueDay, r.Late)
		}
	}

	// Each officer's true on-time probability lies inside the 95 % interval of the
	// rate for at least 90 % of the officers with 30 completed cases or more. The
	// intervals cover a little less than 95 % here (the rate over completed cases leans
	// high, since a late case of December is likelier than an on-time one to be still
	// open on 31 December), and with some 40 officers the 90 % bar holds for the default
	// province but not for every seed: seed 7 gives 36 of 41, on the generator's own
	// counts too.
	var judged, inside int
	for _, ot := range truth.Officers {
		if ot.OfficerID == truth.PaddedOfficerID {
			continue // its probability is against the statutory deadline, not the recorded one
		}
		g, ok := officers[ot.OfficerID]
		if !ok {
			t.Errorf("officer %s (%d cases) has no group", ot.OfficerID, ot.Cases)
			continue
		}
		if g.Completed < 30 {
			continue
		}
		judged++
		if g.OnTimeCI.Lo <= ot.OnTimeProb && ot.OnTimeProb <= g.OnTimeCI.Hi {
			inside++
		} else {
			t.Logf("officer %s: true p %.4f outside [%.4f, %.4f] (%d/%d)", ot.OfficerID, ot.OnTimeProb,
				g.OnTimeCI.Lo, g.OnTimeCI.Hi, g.Early+g.OnTime, g.Completed)
		}
	}
	if judged < 20 || float64(inside) < 0.9*float64(judged) {
		t.Errorf("true on-time probability inside the 95%% interval for %d of %d officers, want ≥ 90%% (of ≥ 20)", inside, judged)
	}

	// The unit that never apologises: no letter at all, the lowest compliance, and an
	// interval entirely below the other units' median.
	var others []float64
	var found *metrics.Group
	units := tl.Groups[metrics.ByUnit]
	for i, g := range units {
		if g.Key == truth.NoApologyUnitID {
			found = &units[i]
			continue
		}
		if g.NeedApology > 0 {
			others = append(others, g.ApologyRate)
		}
	}
	if found == nil {
		t.Fatalf("no group for the no-apology unit %s", truth.NoApologyUnitID)
	}
	if found.NeedApology == 0 || found.ApologyOnTime != 0 || found.ApologyLate != 0 {
		t.Errorf("no-apology unit %s: %d letters due, %d on time, %d late; want some due and none written",
			found.Key, found.NeedApology, found.ApologyOnTime, found.ApologyLate)
	}
	sort.Float64s(others)
	median := others[len(others)/2]
	if len(others)%2 == 0 {
		median = (others[len(others)/2-1] + others[len(others)/2]) / 2
	}
	if found.ApologyCI.Hi >= median || found.ApologyRate >= others[0] {
		t.Errorf("no-apology unit %s: rate %.3f interval [%.3f, %.3f]; others from %.3f, median %.3f",
			found.Key, found.ApologyRate, found.ApologyCI.Lo, found.ApologyCI.Hi, others[0], median)
	}

	// The padded officer: every one of its deadline cases padded, and no one else's.
	var deadlineCases int64
	for _, c := range p.GoodCases() {
		if c.OfficerID == truth.PaddedOfficerID && !c.DueAt.IsZero() {
			deadlineCases++
		}
	}
	if truth.PaddedOfficerID == "" || deadlineCases == 0 {
		t.Fatalf("no padded officer planted (%q, %d deadline cases)", truth.PaddedOfficerID, deadlineCases)
	}
	if g := officers[truth.PaddedOfficerID]; g.PaddedDue != deadlineCases {
		t.Errorf("padded officer %s: %d padded due dates, want all %d of its deadline cases", g.Key, g.PaddedDue, deadlineCases)
	}
	for _, g := range tl.Groups[metrics.ByOfficer] {
		if g.Key != truth.PaddedOfficerID && g.PaddedDue >= officers[truth.PaddedOfficerID].PaddedDue {
			t.Errorf("officer %s has %d padded due dates, as many as the padded officer", g.Key, g.PaddedDue)
		}
		if g.Key != truth.PaddedOfficerID && g.PaddedDue != 0 {
			t.Errorf("officer %s: %d padded due dates; the generator gives every other officer the statutory time", g.Key, g.PaddedDue)
		}
	}

	// The reset traces are exactly the planted resets.
	var got []string
	for _, c := range tl.Resets {
		got = append(got, c.CaseID)
	}
	want := slices.Clone(truth.ResetCaseIDs)
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) || tl.ResetTotal != int64(len(want)) {
		t.Errorf("reset traces %v (total %d), planted %v", got, tl.ResetTotal, want)
	}
}
