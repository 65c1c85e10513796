package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestNYC311ThroughCLI runs the documented example (`congvu run` on New York City's 311
// log with examples/nyc311/mapping.yaml) and checks the on-time figures per agency on the
// workbook's "By unit" sheet against counts made here from the CSV with encoding/csv:
// a case received and closed on or before the report date, with a due date, is completed;
// it is on time (early or on the due day) when closed on or before its due day.
func TestNYC311ThroughCLI(t *testing.T) {
	const data = "../../../shared/realdata/nyc311/311_nyc_sample.csv"
	if _, err := os.Stat(data); err != nil {
		t.Skipf("NYC 311 sample not found at %s (it lives in the shared folder beside the repository): %v", data, err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "nyc.xlsx")
	code, stdout, stderr := runCLI(t, "run", "--in", data, "--mapping", "../../examples/nyc311/mapping.yaml",
		"--store", filepath.Join(dir, "nyc.duckdb"), "--out", out, "--as-of", "2011-04-30", "--lang", "en")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}

	// The oracle, from the CSV.
	fh, err := os.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	day := func(s string) (time.Time, bool) {
		if s == "" {
			return time.Time{}, false
		}
		d, err := time.Parse("01/02/2006 03:04:05 PM", s)
		if err != nil {
			t.Fatalf("date %q: %v", s, err)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC), true
	}
	asOf := time.Date(2011, 4, 30, 0, 0, 0, 0, time.UTC)
	type counts struct{ completed, onTime, late int64 }
	want := map[string]*counts{}
	for _, r := range recs[1:] {
		agency := r[col["Agency"]]
		if created, _ := day(r[col["Created Date"]]); created.After(asOf) {
			continue // not received yet as of the report date
		}
		if want[agency] == nil {
			want[agency] = &counts{}
		}
		closed, ok1 := day(r[col["Closed Date"]])
		due, ok2 := day(r[col["Due Date"]])
		if !ok1 || !ok2 || closed.After(asOf) {
			continue
		}
		c := want[agency]
		c.completed++
		if closed.After(due) {
			c.late++
		} else {
			c.onTime++
		}
	}

	// The workbook.
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("By unit", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	for i, h := range rows[0] {
		at[h] = i
	}
	num := func(r []string, h string) int64 {
		i, ok := at[h]
		if !ok {
			t.Fatalf("no column %q in %v", h, rows[0])
		}
		if i >= len(r) || r[i] == "" {
			return 0
		}
		n, err := strconv.ParseInt(r[i], 10, 64)
		if err != nil {
			t.Fatalf("%q: %v", r[i], err)
		}
		return n
	}
	seen := 0
	for _, r := range rows[1:] {
		w, ok := want[r[0]]
		if !ok {
			continue // the note under the table
		}
		seen++
		got := counts{num(r, "Completed (with due date)"), num(r, "Early") + num(r, "On time"), num(r, "Late")}
		if got != *w {
			t.Errorf("%s: workbook completed/on time/late %v, CSV %v", r[0], got, *w)
		}
	}
	if seen != len(want) || seen < 5 {
		t.Errorf("%d agencies on the sheet, %d in the CSV", seen, len(want))
	}
}
