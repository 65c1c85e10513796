package metrics

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// readDatedCSV reads "# name: YYYY-MM-DD" lines, skips other comments and parses the rest
// as CSV.
func readDatedCSV(t *testing.T, path string) (map[string]time.Time, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dates := map[string]time.Time{}
	var body strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if rest, ok := strings.CutPrefix(l, "#"); ok {
			if k, v, ok := strings.Cut(rest, ":"); ok {
				if d, err := time.Parse(time.DateOnly, strings.TrimSpace(v)); err == nil {
					dates[strings.TrimSpace(k)] = d
				}
			}
			continue
		}
		body.WriteString(l + "\n")
	}
	recs, err := csv.NewReader(strings.NewReader(body.String())).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return dates, recs
}

// loadCases creates the store tables and inserts the cases of recs (a header row, then
// one row per case; any of the cases table's columns, empty = NULL).
func loadCases(t *testing.T, conn *sql.Conn, recs [][]string) {
	t.Helper()
	ctx := context.Background()
	if _, err := conn.ExecContext(ctx, storeTables+"; CREATE TABLE officers (officer_id VARCHAR, full_name VARCHAR); ALTER TABLE units ADD COLUMN name VARCHAR; ALTER TABLE units ADD COLUMN kind VARCHAR; ALTER TABLE procedures ADD COLUMN name VARCHAR;"); err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(head)), ", ")
	q := fmt.Sprintf("INSERT INTO cases (%s) VALUES (%s)", strings.Join(head, ", "), marks)
	for _, r := range recs[1:] {
		args := make([]any, len(r))
		for i, v := range r {
			if v != "" {
				args[i] = v
			}
		}
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%v: %v", r, err)
		}
	}
}

// TestPeriodTable runs every testdata/period/NAME.csv against NAME.want.csv, whose
// figures were counted by hand.
func TestPeriodTable(t *testing.T) {
	files, _ := filepath.Glob("testdata/period/*.csv")
	n := 0
	for _, file := range files {
		if strings.HasSuffix(file, ".want.csv") {
			continue
		}
		n++
		t.Run(filepath.Base(file), func(t *testing.T) {
			ctx := context.Background()
			dates, recs := readDatedCSV(t, file)
			_, want := readDatedCSV(t, strings.TrimSuffix(file, ".csv")+".want.csv")
			db, err := sql.Open("duckdb", "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, _ := db.Conn(ctx)
			defer conn.Close()
			loadCases(t, conn, recs)
			tl, err := ComputeTimeliness(ctx, conn, TimelinessOptions{AsOf: dates["as_of"], From: dates["from"], To: dates["to"]})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range want[1:] {
				dim, key := Dimension(w[0]), w[1]
				var got *PeriodRow
				for i := range tl.Period[dim] {
					if tl.Period[dim][i].Key == key {
						got = &tl.Period[dim][i]
					}
				}
				if got == nil {
					t.Errorf("%s %s: no row", dim, key)
					continue
				}
				g := []int64{got.Total, got.New, got.NewOnline, got.NewDirect, got.NewPostal, got.NewOther, got.Carried,
					got.Resolved, got.Early, got.OnTime, got.Late, got.Pending, got.PendingInTime, got.PendingOverdue, got.Paused,
					got.PendingNoDeadline, got.Withdrawn, got.Refused, got.ResolvedNoDeadline, got.OwnEarly, got.OwnOnTime, got.OwnLate}
				for i, v := range g {
					if wv, _ := strconv.ParseInt(w[i+2], 10, 64); v != wv {
						t.Errorf("%s %s %s: got %d, want %d", dim, key, want[0][i+2], v, wv)
					}
				}
				wp, _ := strconv.ParseFloat(w[len(w)-1], 64)
				if !got.HasProgress || abs(got.Progress766-wp) > 1e-12 {
					t.Errorf("%s %s progress: got %v, want %v", dim, key, got.Progress766, wp)
				}
				if rate := float64(got.Early+got.OnTime) / float64(got.Resolved); got.OfficialRate != rate {
					t.Errorf("%s %s official rate %v, want %v", dim, key, got.OfficialRate, rate)
				}
				own := got.OwnEarly + got.OwnOnTime + got.OwnLate
				if got.OwnCI != Wilson(got.OwnEarly+got.OwnOnTime, own, Z95) {
					t.Errorf("%s %s own interval %v", dim, key, got.OwnCI)
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no test files")
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestTimelinessApril checks the period-scoped aggregates and the lists of the April
// 2025 file against counts made by hand.
func TestTimelinessApril(t *testing.T) {
	ctx := context.Background()
	dates, recs := readDatedCSV(t, "testdata/period/april2025.csv")
	db, _ := sql.Open("duckdb", "")
	defer db.Close()
	conn, _ := db.Conn(ctx)
	defer conn.Close()
	loadCases(t, conn, recs)
	conn.ExecContext(ctx, "INSERT INTO units (unit_id, name, kind) VALUES ('U1', 'Một cửa xã A', 'commune')")
	tl, err := ComputeTimeliness(ctx, conn, TimelinessOptions{AsOf: dates["as_of"], From: dates["from"], To: dates["to"], ListLimit: 2})
	if err != nil {
		t.Fatal(err)
	}
	var u1 Group
	for _, g := range tl.Groups[ByUnit] {
		if g.Key == "U1" {
			u1 = g
		}
	}
	// In scope for U1: c2…c11 and c15 (c1 ended in March). c9 withdrawn and c11 new are
	// excluded from the rates.
	got := []int64{u1.Cases, u1.Early, u1.OnTime, u1.Late, u1.PendingInTime, u1.PendingOverdue, u1.Paused, u1.NoDeadline, u1.Excluded, u1.ResetTrace}
	want := []int64{11, 1, 1, 1, 1, 3, 1, 1, 2, 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("U1 cases, early, on time, late, in time, overdue, paused, no deadline, excluded, reset:\n got %v\nwant %v", got, want)
	}
	// Late or overdue without a letter on time: c5, c10, c15 (U1), c12 (U2, letter late);
	// c4's letter came on its due day.
	if tl.LateTotal != 4 || len(tl.Late) != 2 {
		t.Fatalf("late list: total %d, listed %d", tl.LateTotal, len(tl.Late))
	}
	if tl.Late[0].CaseID != "c15" || tl.Late[1].CaseID != "c5" || tl.Late[0].WorkdaysLate == 0 {
		t.Errorf("late list order: %+v", tl.Late)
	}
	if tl.ResetTotal != 1 || tl.Resets[0].CaseID != "c3" {
		t.Errorf("resets: %d %+v", tl.ResetTotal, tl.Resets)
	}
	if tl.Name(ByUnit, "U1") != "Một cửa xã A" {
		t.Errorf("names: %v", tl.Names)
	}
	if len(tl.Years) != 1 || tl.Years[0].Year != 2025 || !tl.Years[0].Official {
		t.Errorf("years: %+v", tl.Years)
	}
	// A period that ends after the as-of date is refused.
	if _, err := ComputeTimeliness(ctx, conn, TimelinessOptions{AsOf: dates["from"], To: dates["to"]}); err == nil {
		t.Error("period after as-of accepted")
	}
}

// TestTimelinessNothingInPeriod: a report date before every case gives empty tables, not
// an error (a constant grouping key over no rows must not make an empty group).
func TestTimelinessNothingInPeriod(t *testing.T) {
	ctx := context.Background()
	_, recs := readDatedCSV(t, "testdata/period/april2025.csv")
	db, _ := sql.Open("duckdb", "")
	defer db.Close()
	conn, _ := db.Conn(ctx)
	defer conn.Close()
	loadCases(t, conn, recs)
	tl, err := ComputeTimeliness(ctx, conn, TimelinessOptions{AsOf: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Groups[ByProvince]) != 0 || len(tl.Period[ByProvince]) != 0 || tl.LateTotal != 0 {
		t.Errorf("groups %v, period %v, late %d", tl.Groups[ByProvince], tl.Period[ByProvince], tl.LateTotal)
	}
}
