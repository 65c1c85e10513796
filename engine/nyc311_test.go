package engine

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"congvu/ingest"
	"congvu/metrics"
	"congvu/reports"
)

const (
	nyc311File    = "../../shared/realdata/nyc311/311_nyc_sample.csv"
	nyc311Mapping = "../examples/nyc311/mapping.yaml"
)

// nycCases reads the 311 export with encoding/csv into the oracle's cases, as the
// mapping file means them: Agency is the unit, US dates (MM/DD/YYYY hh:mm:ss AM) are
// local wall times, an empty Due Date is no deadline. Rows at the CSV lines in skip
// (rejected by ingest) are left out; a later row of the same Unique Key replaces an
// earlier one.
func nycCases(tb testing.TB, path string, skip map[int64]bool) []oCase {
	tb.Helper()
	fh, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	head, err := r.Read()
	if err != nil {
		tb.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, h := range []string{"Unique Key", "Created Date", "Closed Date", "Due Date", "Agency", "Status", "Open Data Channel Type"} {
		if _, ok := col[h]; !ok {
			tb.Fatalf("%s: no column %q", path, h)
		}
	}
	usDate := func(s string, line int) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.Parse("01/02/2006 03:04:05 PM", s)
		if err != nil {
			tb.Fatalf("%s line %d: date %q: %v", path, line, s, err)
		}
		return t
	}
	byKey := map[string]int{}
	var out []oCase
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		line, _ := r.FieldPos(0)
		if skip[int64(line)] {
			continue
		}
		c := oCase{ID: rec[col["Unique Key"]], Unit: rec[col["Agency"]],
			Received:  usDate(rec[col["Created Date"]], line),
			Completed: usDate(rec[col["Closed Date"]], line),
			Due:       usDate(rec[col["Due Date"]], line)}
		// The mapping's status labels; N/A (or nothing) is derived from the closing date.
		switch s := rec[col["Status"]]; s {
		case "Closed":
			c.Status = "done"
		case "Open", "Assigned", "Pending", "Started":
			c.Status = "in_progress"
		case "N/A", "":
			c.Status = "in_progress"
			if !c.Completed.IsZero() {
				c.Status = "done"
			}
		default:
			tb.Fatalf("%s line %d: status %q: the oracle does not know it", path, line, s)
		}
		switch ch := rec[col["Open Data Channel Type"]]; ch {
		case "PHONE":
			c.Channel = "direct"
		case "ONLINE", "MOBILE":
			c.Channel = "online"
		case "UNKNOWN", "":
		default:
			tb.Fatalf("%s line %d: channel %q: the oracle does not know it", path, line, ch)
		}
		if i, ok := byKey[c.ID]; ok {
			out[i] = c
			continue
		}
		byKey[c.ID] = len(out)
		out = append(out, c)
	}
	return out
}

// TestNYC311Timeliness runs New York City's 311 log through the engine as `congvu run`
// does (ingest with the committed mapping, then the workbook) and checks, per agency,
// the on-time figures and the period table against a recount of the CSV written here,
// for periods with and without carried-over cases.
func TestNYC311Timeliness(t *testing.T) {
	if _, err := os.Stat(nyc311File); err != nil {
		t.Skipf("%s not found (shared/realdata is not beside the checkout): %v", nyc311File, err)
	}
	m, err := ingest.LoadMapping(nyc311Mapping)
	if err != nil {
		t.Fatal(err)
	}
	s := openTemp(t)
	ctx := context.Background()
	if _, err := s.Ingest(ctx, []string{nyc311File}, IngestOptions{Mapping: m}); err != nil {
		t.Fatal(err)
	}
	// Rejected rows do not reach the store: the oracle leaves them out too.
	skip := map[int64]bool{}
	rows, err := s.DB().Query("SELECT row_number FROM rejects")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		skip[n] = true
	}
	rows.Close()
	cases := nycCases(t, nyc311File, skip)
	var stored int
	s.DB().QueryRow("SELECT count(*) FROM cases").Scan(&stored)
	if stored != len(cases) {
		t.Fatalf("store holds %d cases, the oracle %d (after %d rejected rows)", stored, len(cases), len(skip))
	}

	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, p := range []struct {
		name     string
		from, to time.Time
		// What the period holds: cases without a due date, cases received in it,
		// cases carried over from before it.
		noDue, fresh, carried bool
	}{
		// The whole log as of the end of April: a few cases closed later are still open,
		// the one received in November is not there yet.
		{"2011 to 30 April", date(2011, 1, 1), date(2011, 4, 30), true, true, false},
		// Everything carried over from March; most of it left before April began.
		{"April", date(2011, 4, 1), date(2011, 4, 30), false, false, true},
		// The log's cases were received from 1 to 3 March: here some are carried over,
		// some received in the period, and many are due on its last day.
		{"2 to 15 March", date(2011, 3, 2), date(2011, 3, 15), false, true, true},
	} {
		t.Run(p.name, func(t *testing.T) {
			groups, period := oracle(cases, p.from, p.to)
			g := groups[provinceKey]
			if g == nil || g.Early+g.OnTime == 0 || g.Late == 0 || g.PendingOverdue == 0 || g.PendingInTime == 0 || (p.noDue && g.NoDeadline == 0) {
				t.Fatalf("the period does not exercise the classes: %+v", g)
			}
			if pp := period[provinceKey]; pp == nil || (pp.Carried > 0) != p.carried || (pp.New > 0) != p.fresh {
				t.Fatalf("the period's cases are not the ones meant: %+v", pp)
			}
			out := filepath.Join(t.TempDir(), "nyc.xlsx")
			opt := ReportOptions{AsOf: p.to, From: p.from, To: p.to, Reports: reports.Options{Lang: reports.English}}
			if err := s.Report(ctx, out, opt); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			checkWorkbook(t, f, groups, period)

			// The same figures straight from the engine's result types.
			tl, err := s.Timeliness(ctx, opt)
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for _, u := range tl.Groups[metrics.ByUnit] {
				o := groups[u.Key]
				if o == nil {
					t.Errorf("agency %q: %d cases in the engine, none in the oracle", u.Key, u.Cases)
					continue
				}
				seen++
				if u.Early+u.OnTime != o.Early+o.OnTime || u.Late != o.Late ||
					u.Completed != o.Early+o.OnTime+o.Late || u.PendingOverdue != o.PendingOverdue ||
					u.NoDeadline != o.NoDeadline || u.Cases != o.Cases {
					t.Errorf("agency %s: on time %d, late %d, completed %d, overdue %d, no due date %d of %d; oracle %d, %d, %d, %d, %d of %d",
						u.Key, u.Early+u.OnTime, u.Late, u.Completed, u.PendingOverdue, u.NoDeadline, u.Cases,
						o.Early+o.OnTime, o.Late, o.Early+o.OnTime+o.Late, o.PendingOverdue, o.NoDeadline, o.Cases)
				}
			}
			if seen != len(groups)-1 {
				t.Errorf("engine has %d agencies, oracle %d", seen, len(groups)-1)
			}
		})
	}
}
