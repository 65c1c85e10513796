package benchmarks

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"congvu/engine"
	"congvu/metrics"
)

// conductStore fills a store with synthetic rows straight in SQL (ingest is measured
// elsewhere): 1,000,000 cases, 2,000,000 camera incidents and 5,000,000 survey responses
// over 2,000 counter officers in 200 units, during 2025.
func conductStore(b *testing.B) (*engine.Store, *sql.Conn) {
	b.Helper()
	s, err := engine.Open(context.Background(), filepath.Join(b.TempDir(), "c.duckdb"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	conn, err := s.DB().Conn(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	fill := `
INSERT INTO officers (officer_id, full_name, unit_id, counter_id, start_date, _file_id, _row, _hash)
SELECT 'O' || i, 'Officer ' || i, 'U' || (i % 200), 'Q' || (i // 200), DATE '2020-01-01', 0, i, 0 FROM range(2000) t(i);
INSERT INTO cases (case_id, unit_id, received_at, returned_at, officer_id, receiver_id, status, _file_id, _row, _hash)
SELECT 'C' || i, 'U' || (i % 200), TIMESTAMP '2025-01-02 08:00:00' + to_seconds((i * 31) % 31000000),
       TIMESTAMP '2025-01-03 09:00:00' + to_seconds((i * 31) % 31000000), 'O' || (i % 2000), 'O' || ((i * 7) % 2000), 'returned', 0, i, 0
FROM range(1000000) t(i);
INSERT INTO camera (incident_id, unit_id, counter_id, officer_id, occurred_at, type, severity, verified, _file_id, _row, _hash)
SELECT 'I' || i, 'U' || (j % 200), 'Q' || (j // 200), CASE WHEN i % 4 = 0 THEN NULL ELSE 'O' || j END,
       TIMESTAMP '2025-01-02 08:00:00' + to_seconds((i * 17) % 31000000),
       ['absent','phone','eating','sleeping','smoking','uniform','rude','other'][1 + i % 8], 1 + i % 3, i % 7 <> 0, 0, i, 0
FROM (SELECT i, (i * 13) % 2000 AS j FROM range(2000000) t(i));
INSERT INTO survey (response_id, unit_id, answered_at, channel, device_id, counter_id, case_id, rating, scale, _file_id, _row, _hash)
SELECT 'R' || i, 'U' || (j % 200), TIMESTAMP '2025-01-02 08:00:00' + to_seconds((i * 7) % 31000000), CASE WHEN i % 5 = 0 THEN 'web' ELSE 'button' END,
       CASE WHEN i % 5 = 0 THEN NULL ELSE 'D' || j END, CASE WHEN i % 5 = 0 THEN NULL ELSE 'Q' || (j // 200) END,
       CASE WHEN i % 5 = 0 THEN 'C' || (i % 1000000) END, 1 + (i * 3) % 5, 5, 0, i, 0
FROM (SELECT i, (i * 11) % 2000 AS j FROM range(5000000) t(i));`
	if _, err := conn.ExecContext(context.Background(), fill); err != nil {
		b.Fatal(err)
	}
	return s, conn
}

// BenchmarkConductRatio times the conduct and satisfaction stages against the raw
// DuckDB aggregate of the same tables (counts per officer and type; share of ratings
// 4–5 per unit). The ratio target (issue 5) is ≤ 1.5.
func BenchmarkConductRatio(b *testing.B) {
	_, conn := conductStore(b)
	ctx := context.Background()
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	raw := func(q string) time.Duration {
		start := time.Now()
		rows, err := conn.QueryContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
		return time.Since(start)
	}
	b.Run("stage=conduct/incidents=2M", func(b *testing.B) {
		b.ReportAllocs()
		var ours, base time.Duration
		for b.Loop() {
			start := time.Now()
			if _, err := metrics.Conduct(ctx, conn, metrics.ConductOptions{From: from, To: to}); err != nil {
				b.Fatal(err)
			}
			ours += time.Since(start)
			base += raw(`SELECT officer_id, unit_id, type, severity, verified, count(*) FROM camera GROUP BY ALL`)
		}
		b.ReportMetric(ours.Seconds()/float64(b.N), "congvu-s/op")
		b.ReportMetric(base.Seconds()/float64(b.N), "raw-s/op")
		b.ReportMetric(ours.Seconds()/base.Seconds(), "ratio")
	})
	b.Run("stage=satisfaction/responses=5M", func(b *testing.B) {
		b.ReportAllocs()
		var ours, base time.Duration
		for b.Loop() {
			start := time.Now()
			if _, err := metrics.Satisfaction(ctx, conn, metrics.SatisfactionOptions{From: from, To: to}); err != nil {
				b.Fatal(err)
			}
			ours += time.Since(start)
			base += raw(`SELECT unit_id, channel, count(*), count(*) FILTER (rating >= 4) FROM survey GROUP BY ALL`)
		}
		b.ReportMetric(ours.Seconds()/float64(b.N), "congvu-s/op")
		b.ReportMetric(base.Seconds()/float64(b.N), "raw-s/op")
		b.ReportMetric(ours.Seconds()/base.Seconds(), "ratio")
	})
}
