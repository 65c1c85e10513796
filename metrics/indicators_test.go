package metrics

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The indicator tests of issue 5 are data: testdata/conduct/*.txt and
// testdata/satisfaction/*.txt. A file holds comment lines ("# period: FROM TO",
// "# option: name=value"), then sections "[table]" of CSV rows loaded into the store's
// tables (the real schema, from engine/schema), then an "[expect]" section of
// what,key,sub,field,value lines. Numbers compare with a relative tolerance of 1e-4.

type indicatorFile struct {
	from, to time.Time
	options  map[string]string
	tables   map[string][][]string // table → header and rows, in file order
	order    []string
	expect   [][]string
}

func readIndicatorFile(t *testing.T, path string) *indicatorFile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x := &indicatorFile{options: map[string]string{}, tables: map[string][][]string{}}
	section := ""
	var body map[string]*strings.Builder = map[string]*strings.Builder{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "# period:"):
			p := strings.Fields(strings.TrimPrefix(l, "# period:"))
			x.from, _ = time.Parse("2006-01-02", p[0])
			x.to, _ = time.Parse("2006-01-02", p[1])
		case strings.HasPrefix(l, "# option:"):
			k, v, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(l, "# option:")), "=")
			x.options[k] = v
		case strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "":
		case strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"):
			section = l[1 : len(l)-1]
			body[section] = &strings.Builder{}
			if section != "expect" {
				x.order = append(x.order, section)
			}
		default:
			body[section].WriteString(l + "\n")
		}
	}
	for name, b := range body {
		recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
		if err != nil {
			t.Fatalf("%s [%s]: %v", path, name, err)
		}
		if name == "expect" {
			x.expect = recs[1:]
		} else {
			x.tables[name] = recs
		}
	}
	if x.from.IsZero() || x.to.IsZero() {
		t.Fatalf("%s: no # period line", path)
	}
	return x
}

// schemaConn opens an in-memory store with the engine's schema migrations applied.
func schemaConn(t testing.TB) *sql.Conn {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(); db.Close() })
	files, _ := filepath.Glob("../engine/schema/*.sql")
	if len(files) < 2 {
		t.Fatal("no schema migrations in ../engine/schema")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(context.Background(), string(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return conn
}

func (x *indicatorFile) load(t *testing.T, conn *sql.Conn) {
	t.Helper()
	for _, name := range x.order {
		recs := x.tables[name]
		head := recs[0]
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(head)), ", ")
		q := fmt.Sprintf("INSERT INTO %s (%s, _file_id, _row, _hash) VALUES (%s, 0, 0, 0)", name, strings.Join(head, ", "), marks)
		for i, r := range recs[1:] {
			args := make([]any, len(r))
			for j, v := range r {
				if v != "" {
					args[j] = v
				}
			}
			if _, err := conn.ExecContext(context.Background(), q, args...); err != nil {
				t.Fatalf("[%s] row %d: %v", name, i+1, err)
			}
		}
	}
}

// check compares a got value with the expected text: numbers with a relative tolerance.
func check(t *testing.T, line []string, got any, ok bool) {
	t.Helper()
	want := line[4]
	if !ok {
		t.Errorf("%v: no such figure", line)
		return
	}
	var g string
	switch v := got.(type) {
	case float64:
		w, err := strconv.ParseFloat(want, 64)
		if err == nil && (math.Abs(v-w) <= 1e-4*math.Max(1, math.Abs(w)) || math.IsNaN(v) && math.IsNaN(w)) {
			return
		}
		g = strconv.FormatFloat(v, 'g', 8, 64)
	case time.Time:
		g = v.Format("2006-01-02 15:04:05")
	default:
		g = fmt.Sprint(v)
	}
	if g != want {
		t.Errorf("%v: got %s", line, g)
	}
}

// dutyFile is a test file run in one way of looking the roster up: with the day kept
// only at the counters that change hands (as a rule), or with every day kept
// (maxChangingCounters 0, the path of a roster with many changes).
type dutyFile struct {
	name, path string
	max        int
}

func forEachDutyMode(t *testing.T, files []string) []dutyFile {
	t.Helper()
	var out []dutyFile
	for _, f := range files {
		out = append(out, dutyFile{filepath.Base(f), f, maxChangingCounters},
			dutyFile{filepath.Base(f) + "/every_day", f, 0})
	}
	return out
}

// use sets the mode for the test and returns the file's path.
func (f dutyFile) use(t *testing.T) string {
	old := maxChangingCounters
	maxChangingCounters = f.max
	t.Cleanup(func() { maxChangingCounters = old })
	return f.path
}

func TestConductData(t *testing.T) {
	files, _ := filepath.Glob("testdata/conduct/*.txt")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, file := range forEachDutyMode(t, files) {
		t.Run(file.name, func(t *testing.T) {
			file := file.use(t)
			x := readIndicatorFile(t, file)
			conn := schemaConn(t)
			x.load(t, conn)
			opt := ConductOptions{From: x.from, To: x.to}
			if v := x.options["include_unverified"]; v == "true" {
				opt.IncludeUnverified = true
			}
			if v := x.options["min_counter_days"]; v != "" {
				opt.MinCounterDays, _ = strconv.ParseInt(v, 10, 64)
			}
			if v := x.options["severity_weights"]; v != "" {
				for _, s := range strings.Split(v, ";") {
					w, _ := strconv.ParseFloat(s, 64)
					opt.SeverityWeights = append(opt.SeverityWeights, w)
				}
			}
			res, err := Conduct(context.Background(), conn, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range x.expect {
				what, key, sub, field := line[0], line[1], line[2], line[3]
				if what == "total" {
					m := map[string]int64{"counted": res.Counted, "excluded": res.Excluded}
					v, ok := m[field]
					check(t, line, v, ok)
					continue
				}
				rows := res.Officers
				if what == "unit" {
					rows = res.Units
				}
				var row *ConductRow
				for i := range rows {
					if what == "officer" && rows[i].OfficerID == key || what == "unit" && rows[i].UnitID == key {
						row = &rows[i]
					}
				}
				if row == nil {
					check(t, line, nil, false)
					continue
				}
				r := row.Incidents
				if sub != "" {
					r = row.ByType[sub]
				}
				m := map[string]any{"counter_days": row.CounterDays, "incidents": r.Count, "rate": r.Rate, "lo": r.CI.Lo, "hi": r.CI.Hi,
					"weighted": row.Weighted, "weighted_rate": row.WeightedRate, "attributed": row.Attributed,
					"unattributed": row.Unattributed, "rank": row.Rank, "no_roster": row.NoRoster}
				v, ok := m[field]
				check(t, line, v, ok)
			}
		})
	}
}

func TestSatisfactionData(t *testing.T) {
	files, _ := filepath.Glob("testdata/satisfaction/*.txt")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, file := range forEachDutyMode(t, files) {
		t.Run(file.name, func(t *testing.T) {
			file := file.use(t)
			x := readIndicatorFile(t, file)
			conn := schemaConn(t)
			x.load(t, conn)
			opt := SatisfactionOptions{From: x.from, To: x.to}
			if v := x.options["burst_presses"]; v != "" {
				opt.BurstPresses, _ = strconv.Atoi(v)
			}
			res, err := Satisfaction(context.Background(), conn, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range x.expect {
				what, key, sub, field := line[0], line[1], line[2], line[3]
				switch {
				case strings.HasPrefix(what, "share:"):
					row, ok := res.Row(SatDimension(strings.TrimPrefix(what, "share:")), key, sub)
					m := map[string]any{"n": row.All.N, "satisfied": row.All.Satisfied, "share": row.All.Share, "lo": row.All.CI.Lo, "hi": row.All.CI.Hi,
						"clean_n": row.Clean.N, "clean_satisfied": row.Clean.Satisfied, "clean_share": row.Clean.Share}
					v, okf := m[field]
					check(t, line, v, ok && okf)
				case what == "index":
					if key == "*" {
						key = ""
					}
					var ix *SatIndex
					for i := range res.Index {
						if res.Index[i].UnitID == key {
							ix = &res.Index[i]
						}
					}
					if ix == nil {
						check(t, line, nil, false)
						continue
					}
					m := map[string]any{"all": ix.All, "clean": ix.Clean, "elements": ix.Elements}
					v, ok := m[field]
					check(t, line, v, ok)
				case what == "bursts":
					m := map[string]any{"count": len(res.Bursts), "flagged_presses": res.FlaggedPresses}
					v, ok := m[field]
					check(t, line, v, ok)
				case what == "burst":
					var b *Burst
					for i := range res.Bursts {
						if res.Bursts[i].Device == key && res.Bursts[i].Start.Format("2006-01-02 15:04:05") == sub {
							b = &res.Bursts[i]
						}
					}
					if b == nil {
						check(t, line, nil, false)
						continue
					}
					m := map[string]any{"presses": b.Presses, "flagged": b.Flagged, "returns": b.ReturnsNearby, "end": b.End,
						"r1": b.Ratings[1], "r3": b.Ratings[3], "r5": b.Ratings[5], "counter": b.CounterID}
					v, ok := m[field]
					check(t, line, v, ok)
				default:
					t.Errorf("unknown expectation %v", line)
				}
			}
		})
	}
}

func TestPoissonCI(t *testing.T) {
	// Garwood intervals from tables of the chi-square distribution.
	for _, c := range []struct {
		k      int64
		lo, hi float64
	}{{0, 0, 3.6889}, {1, 0.0253, 5.5716}, {2, 0.2422, 7.2247}, {10, 4.7954, 18.3904}} {
		ci := PoissonCI(c.k, 0.05)
		if math.Abs(ci.Lo-c.lo) > 1e-3 || math.Abs(ci.Hi-c.hi) > 1e-3 {
			t.Errorf("PoissonCI(%d) = %v, want [%v, %v]", c.k, ci, c.lo, c.hi)
		}
	}
}
