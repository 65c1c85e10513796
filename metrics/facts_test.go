package metrics

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// storeTables creates the store tables case_facts reads, with the columns it uses.
const storeTables = `
CREATE TABLE cases (case_id VARCHAR, unit_id VARCHAR, officer_id VARCHAR, receiver_id VARCHAR, district_id VARCHAR,
  procedure_code VARCHAR, field VARCHAR, channel VARCHAR, status VARCHAR, received_at TIMESTAMP, due_at TIMESTAMP,
  completed_at TIMESTAMP, returned_at TIMESTAMP, apology_at TIMESTAMP, new_due_at TIMESTAMP);
CREATE TABLE apologies (case_id VARCHAR, issued_at TIMESTAMP, new_due_at TIMESTAMP);
CREATE TABLE procedures (procedure_code VARCHAR, field VARCHAR, statutory_days BIGINT);
CREATE TABLE units (unit_id VARCHAR, district_id VARCHAR);`

// TestCaseFacts runs every file of testdata/case_facts: rows in, expected facts out.
func TestCaseFacts(t *testing.T) {
	files, _ := filepath.Glob("testdata/case_facts/*.csv")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			asOf, recs := readFactsFile(t, file)
			db, err := sql.Open("duckdb", "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			conn, _ := db.Conn(context.Background())
			defer conn.Close()
			if _, err := conn.ExecContext(context.Background(), storeTables); err != nil {
				t.Fatal(err)
			}
			head := recs[0]
			col := map[string]int{}
			for i, h := range head {
				col[h] = i
			}
			null := func(s string) any {
				if s == "" {
					return nil
				}
				return s
			}
			for _, r := range recs[1:] {
				g := func(n string) any {
					i, ok := col[n]
					if !ok { // an optional column (returned_at) the file does not have
						return nil
					}
					return null(r[i])
				}
				if _, err := conn.ExecContext(context.Background(), `INSERT INTO cases (case_id, unit_id, status, procedure_code, received_at, due_at, completed_at, returned_at, apology_at, new_due_at)
					VALUES (?, 'U', ?, ?, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP)`,
					g("case_id"), g("status"), "P"+r[col["case_id"]], g("received_at"), g("due_at"), g("completed_at"), g("returned_at"), g("apology_at"), g("new_due_at")); err != nil {
					t.Fatal(err)
				}
				if r[col["letter_at"]] != "" {
					conn.ExecContext(context.Background(), "INSERT INTO apologies VALUES (?, ?::TIMESTAMP, ?::TIMESTAMP)", g("case_id"), g("letter_at"), g("letter_new_due"))
				}
				conn.ExecContext(context.Background(), "INSERT INTO procedures VALUES (?, 'F', ?::BIGINT)", "P"+r[col["case_id"]], g("statutory_days"))
			}
			raw, _ := os.ReadFile(file)
			instants := strings.Contains(string(raw), "\n# compare: instant")
			if err := BuildCaseFacts(context.Background(), conn, FactsOptions{AsOf: asOf, CompareInstants: instants}); err != nil {
				t.Fatal(err)
			}
			for _, r := range recs[1:] {
				var class string
				var taken, late sql.NullInt64
				var apology sql.NullString
				var again sql.NullBool
				var padded, reset bool
				err := conn.QueryRowContext(context.Background(), `SELECT class, workdays_taken, workdays_late, apology, late_again, padded_due, reset_trace
					FROM case_facts WHERE case_id = ?`, r[col["case_id"]]).Scan(&class, &taken, &late, &apology, &again, &padded, &reset)
				if err != nil {
					t.Fatalf("%s: %v", r[col["case_id"]], err)
				}
				got := []string{class, nstr(taken), nstr(late), apology.String, bstr(again), fmt.Sprint(padded), fmt.Sprint(reset)}
				want := []string{r[col["want_class"]], r[col["want_taken"]], r[col["want_late"]], r[col["want_apology"]], r[col["want_late_again"]], r[col["want_padded"]], r[col["want_reset"]]}
				if strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("%s: got  %v\n   want %v   (class|taken|late|apology|late_again|padded|reset)", r[col["case_id"]], got, want)
				}
			}
		})
	}
}

func nstr(n sql.NullInt64) string {
	if !n.Valid {
		return ""
	}
	return fmt.Sprint(n.Int64)
}

func bstr(b sql.NullBool) string {
	if !b.Valid {
		return ""
	}
	return fmt.Sprint(b.Bool)
}

// readFactsFile reads a test file: "# as_of: YYYY-MM-DD", comments, then CSV.
func readFactsFile(t *testing.T, path string) (time.Time, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var asOf time.Time
	var body strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if v, ok := strings.CutPrefix(l, "# as_of:"); ok {
			asOf, err = time.Parse("2006-01-02", strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		if strings.HasPrefix(l, "#") {
			continue
		}
		body.WriteString(l + "\n")
	}
	recs, err := csv.NewReader(strings.NewReader(body.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if asOf.IsZero() {
		t.Fatalf("%s: no '# as_of:' line", path)
	}
	return asOf, recs
}

// TestAggregateMarch checks the per-province figures of march2025.csv against counts
// made by hand from its expected classes.
func TestAggregateMarch(t *testing.T) {
	asOf, recs := readFactsFile(t, "testdata/case_facts/march2025.csv")
	db, _ := sql.Open("duckdb", "")
	defer db.Close()
	conn, _ := db.Conn(context.Background())
	defer conn.Close()
	conn.ExecContext(context.Background(), storeTables)
	for _, r := range recs[1:] {
		nul := func(s string) any {
			if s == "" {
				return nil
			}
			return s
		}
		conn.ExecContext(context.Background(), `INSERT INTO cases (case_id, unit_id, status, received_at, due_at, completed_at, apology_at, new_due_at)
			VALUES (?, 'U', ?, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP, ?::TIMESTAMP)`,
			r[0], r[1], nul(r[2]), nul(r[3]), nul(r[4]), nul(r[5]), nul(r[6]))
		if r[7] != "" {
			conn.ExecContext(context.Background(), "INSERT INTO apologies VALUES (?, ?::TIMESTAMP, ?::TIMESTAMP)", r[0], r[7], r[8])
		}
	}
	if err := BuildCaseFacts(context.Background(), conn, FactsOptions{AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	gs, err := Aggregate(context.Background(), conn, ByProvince, 0, time.Time{})
	if err != nil || len(gs) != 1 {
		t.Fatalf("%v %v", gs, err)
	}
	g := gs[0]
	// A early, B on time, C D E late: 2 of 5 completed on time. Late or overdue: C D E F;
	// letters on time: C and F.
	if g.Cases != 11 || g.Completed != 5 || g.Early+g.OnTime != 2 || g.NeedApology != 4 || g.ApologyOnTime != 2 ||
		g.Excluded != 1 || g.NoDeadline != 1 || g.Paused != 1 || g.PendingInTime != 2 || g.LateAgain != 2 || !g.Small {
		t.Errorf("%+v", g)
	}
	if w := Wilson(2, 5, Z95); g.OnTimeRate != 0.4 || g.OnTimeCI != w {
		t.Errorf("on-time %v %v", g.OnTimeRate, g.OnTimeCI)
	}
	// Working days of the five completed cases: 3, 4, 7, 13, 10 → median 7.
	if g.MedianWorkdays != 7 {
		t.Errorf("median %v, want 7", g.MedianWorkdays)
	}
}
