package benchmarks

import (
	"context"
	"database/sql"
	_ "embed"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"congvu/engine"
	"congvu/reports"
)

// rawOnTimeSQL is the reference the indicator stage is compared with: per officer, the
// on-time counts computed straight from the cases table, by calendar day, as of the
// as-of date, in one aggregate (no working days, apologies or other dimensions).
const rawOnTimeSQL = `SELECT officer_id,
       count(*) FILTER (completed_at IS NOT NULL AND due_at IS NOT NULL AND completed_at::DATE <= DATE '2025-12-31'
                        AND status NOT IN ('new', 'not_accepted', 'withdrawn', 'refused')) AS completed,
       count(*) FILTER (completed_at IS NOT NULL AND due_at IS NOT NULL AND completed_at::DATE <= DATE '2025-12-31'
                        AND status NOT IN ('new', 'not_accepted', 'withdrawn', 'refused')
                        AND completed_at::DATE <= due_at::DATE) AS on_time
FROM cases WHERE received_at::DATE <= DATE '2025-12-31'
GROUP BY officer_id`

var (
	storeOnce  sync.Map // n → *loadedStore
	benchAsOf  = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	benchStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
)

type loadedStore struct {
	once sync.Once
	path string
	err  error
}

// ingestedStore returns a store holding n generated cases, ingested once per process.
func ingestedStore(b *testing.B, n int) string {
	b.Helper()
	csv := casesCSV(b, n)
	v, _ := storeOnce.LoadOrStore(n, &loadedStore{})
	ls := v.(*loadedStore)
	ls.once.Do(func() {
		ls.path = filepath.Join(filepath.Dir(csv), "indicators-"+filepath.Base(csv)+".duckdb")
		_, ls.err = loadCongvu(context.Background(), csv, ls.path)
	})
	if ls.err != nil {
		b.Fatal(ls.err)
	}
	return ls.path
}

// openIngested opens the store of ingestedStore(b, n), closed when the benchmark ends.
func openIngested(b *testing.B, n int) *engine.Store {
	b.Helper()
	s, err := engine.Open(context.Background(), ingestedStore(b, n))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkIndicators times the indicator stage (case facts, every aggregate, the period
// tables and the lists: engine.Store.Timeliness) against the raw per-officer on-time
// query on the same store, and reports their ratio.
func BenchmarkIndicators(b *testing.B) {
	for _, sz := range sizes {
		b.Run("cases="+sz.name, func(b *testing.B) {
			ctx := context.Background()
			s := openIngested(b, sz.n)
			var raw, ours time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				rows, err := s.DB().QueryContext(ctx, rawOnTimeSQL)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for rows.Next() {
					n++
				}
				rows.Close()
				raw += time.Since(start)
				if n == 0 {
					b.Fatal("raw query: no officers")
				}
				start = time.Now()
				tl, err := s.Timeliness(ctx, engine.ReportOptions{AsOf: benchAsOf, From: benchStart})
				ours += time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				if len(tl.Groups["officer"]) == 0 {
					b.Fatal("no officer groups")
				}
			}
			b.ReportMetric(raw.Seconds()/float64(b.N), "raw-s/op")
			b.ReportMetric(ours.Seconds()/float64(b.N), "congvu-s/op")
			b.ReportMetric(ours.Seconds()/raw.Seconds(), "ratio")
		})
	}
}

//go:embed floor.sql
var floorSQL string

// BenchmarkIndicatorsFloor measures the floor of the indicator stage against the same raw
// query as BenchmarkIndicators: the least work any implementation must do per report
// (classify every case, count per dimension, class, apology status and working days) on
// the cases copied beforehand, untimed, into a table of integers (floor.sql). It shows how
// far the 1.5× target is from what the data allow, whatever the implementation.
func BenchmarkIndicatorsFloor(b *testing.B) {
	for _, sz := range sizes {
		b.Run("cases="+sz.name, func(b *testing.B) {
			ctx := context.Background()
			s := openIngested(b, sz.n)
			conn, err := s.DB().Conn(ctx)
			if err != nil {
				b.Fatal(err)
			}
			defer conn.Close()
			// calendar_days is written by a report
			if _, err := s.Timeliness(ctx, engine.ReportOptions{AsOf: benchAsOf, From: benchStart}); err != nil {
				b.Fatal(err)
			}
			setup, timed, ok := strings.Cut(floorSQL, "-- timed\n")
			if !ok {
				b.Fatal("floor.sql: no -- timed line")
			}
			if _, err := conn.ExecContext(ctx, setup); err != nil {
				b.Fatal(err)
			}
			stmts := strings.Split(timed, ";\n")
			var raw, floor time.Duration
			for b.Loop() {
				start := time.Now()
				drain(b, conn, rawOnTimeSQL)
				raw += time.Since(start)
				start = time.Now()
				for _, q := range stmts {
					drain(b, conn, q)
				}
				floor += time.Since(start)
			}
			b.ReportMetric(raw.Seconds()/float64(b.N), "raw-s/op")
			b.ReportMetric(floor.Seconds()/float64(b.N), "floor-s/op")
			b.ReportMetric(floor.Seconds()/raw.Seconds(), "ratio")
		})
	}
}

// drain runs q on conn and reads every row it returns.
func drain(b *testing.B, conn *sql.Conn, q string) {
	b.Helper()
	rows, err := conn.QueryContext(context.Background(), q)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	rows.Close()
}

// BenchmarkRunEndToEnd times `congvu run` as a user runs it: the CSV ingested into a new
// store, the indicators computed and the workbook written.
func BenchmarkRunEndToEnd(b *testing.B) {
	for _, sz := range sizes {
		b.Run("cases="+sz.name, func(b *testing.B) {
			csv := casesCSV(b, sz.n)
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				store := freshStore(b)
				out := filepath.Join(filepath.Dir(store), "report.xlsx")
				s, err := engine.Open(ctx, store)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Ingest(ctx, []string{csv}, engine.IngestOptions{Command: "bench"}); err != nil {
					b.Fatal(err)
				}
				if err := s.Report(ctx, out, engine.ReportOptions{AsOf: benchAsOf, Reports: reports.DefaultOptions()}); err != nil {
					b.Fatal(err)
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				if _, err := os.Stat(out); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				removeStore(b, store)
				b.StartTimer()
			}
		})
	}
}
