// Package benchmarks measures congvu's ingest against DuckDB's own CSV loader.
//
// The benchmarks generate their input (fixtures.Generate + WriteCasesCSV) only when a
// benchmark runs, once per size and process, so `go test ./benchmarks` stays fast.
// Figures and commands are in README.md.
package benchmarks

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"congvu/engine"
	"congvu/fixtures"
)

// sizes are the numbers of cases the benchmarks load.
var sizes = []struct {
	name string
	n    int
}{
	{"100k", 100_000},
	{"1M", 1_000_000},
}

var (
	dataMu    sync.Mutex
	dataDir   string
	dataFiles = map[int]string{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	dataMu.Lock()
	if dataDir != "" {
		os.RemoveAll(dataDir)
	}
	dataMu.Unlock()
	os.Exit(code)
}

// casesCSV returns the CSV of n generated cases, writing it the first time it is asked for.
func casesCSV(b *testing.B, n int) string {
	b.Helper()
	dataMu.Lock()
	defer dataMu.Unlock()
	if f, ok := dataFiles[n]; ok {
		return f
	}
	if dataDir == "" {
		d, err := os.MkdirTemp("", "congvu-bench-")
		if err != nil {
			b.Fatal(err)
		}
		dataDir = d
	}
	cfg := fixtures.DefaultConfig()
	cfg.Cases = n
	cfg.BadRows = false
	start := time.Now()
	p := fixtures.Generate(cfg)
	if len(p.Cases) != n {
		b.Fatalf("generated %d cases, want %d", len(p.Cases), n)
	}
	f := filepath.Join(dataDir, fmt.Sprintf("cases-%d.csv", n))
	if err := p.WriteCasesCSV(f); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(f)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s: %d cases, %d bytes in %v", f, n, fi.Size(), time.Since(start).Round(time.Millisecond))
	dataFiles[n] = f
	return f
}

// freshStore returns a path for a new store file that does not exist yet.
func freshStore(b *testing.B) string {
	b.Helper()
	d, err := os.MkdirTemp(dataDir, "store-")
	if err != nil {
		b.Fatal(err)
	}
	return filepath.Join(d, "s.duckdb")
}

// removeStore removes the directory of a store made by freshStore.
func removeStore(b *testing.B, store string) {
	b.Helper()
	if err := os.RemoveAll(filepath.Dir(store)); err != nil {
		b.Fatal(err)
	}
}

// loadRaw loads the CSV into a new DuckDB file with DuckDB's own reader and returns the
// rows in the table. Open, load and close (checkpoint) are all counted.
func loadRaw(ctx context.Context, csv, store string) (int64, error) {
	db, err := sql.Open("duckdb", store)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	q := fmt.Sprintf("CREATE TABLE t AS SELECT * FROM read_csv('%s', quote = '\"', escape = '\"')", strings.ReplaceAll(csv, "'", "''"))
	if _, err := db.ExecContext(ctx, q); err != nil {
		return 0, err
	}
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil {
		return 0, err
	}
	return n, db.Close()
}

// loadCongvu opens a congvu store and ingests the CSV through the full path (parse,
// validate, stage, merge, manifest); it returns the rows loaded into cases.
func loadCongvu(ctx context.Context, csv, store string) (int64, error) {
	s, err := engine.Open(ctx, store)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	res, err := s.Ingest(ctx, []string{csv}, engine.IngestOptions{Command: "bench"})
	if err != nil {
		return 0, err
	}
	if len(res.Files) != 1 {
		return 0, fmt.Errorf("%d file results", len(res.Files))
	}
	fr := res.Files[0]
	if fr.Status != "loaded" || fr.Err != nil {
		return 0, fmt.Errorf("file %s: %s: %v", fr.Path, fr.Status, fr.Err)
	}
	if fr.Rejected != 0 || fr.Superseded != 0 {
		return 0, fmt.Errorf("file %s: %d rejected, %d superseded", fr.Path, fr.Rejected, fr.Superseded)
	}
	var n int64
	if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM cases").Scan(&n); err != nil {
		return 0, err
	}
	if n != fr.Loaded {
		return 0, fmt.Errorf("cases holds %d rows, the manifest says %d loaded", n, fr.Loaded)
	}
	return n, s.Close()
}

type loader func(ctx context.Context, csv, store string) (int64, error)

// runOnce loads csv into a fresh store with load, checks the row count and returns the
// time it took (the store's removal excluded).
func runOnce(b *testing.B, load loader, csv string, want int) time.Duration {
	b.Helper()
	store := freshStore(b)
	start := time.Now()
	n, err := load(context.Background(), csv, store)
	d := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	if n != int64(want) {
		b.Fatalf("loaded %d rows, want %d", n, want)
	}
	removeStore(b, store)
	return d
}

// BenchmarkIngest times DuckDB's raw CSV load and congvu's ingest of the same file.
func BenchmarkIngest(b *testing.B) {
	for _, sz := range sizes {
		b.Run("cases="+sz.name, func(b *testing.B) {
			csv := casesCSV(b, sz.n)
			for _, alt := range []struct {
				name string
				load loader
			}{{"raw", loadRaw}, {"congvu", loadCongvu}} {
				b.Run(alt.name, func(b *testing.B) {
					b.ReportAllocs()
					var total time.Duration
					for i := 0; i < b.N; i++ {
						b.StopTimer()
						store := freshStore(b)
						b.StartTimer()
						start := time.Now()
						n, err := alt.load(context.Background(), csv, store)
						total += time.Since(start)
						b.StopTimer()
						if err != nil {
							b.Fatal(err)
						}
						if n != int64(sz.n) {
							b.Fatalf("loaded %d rows, want %d", n, sz.n)
						}
						removeStore(b, store)
						b.StartTimer()
					}
					b.ReportMetric(float64(sz.n)*float64(b.N)/total.Seconds(), "rows/s")
				})
			}
		})
	}
}

// BenchmarkIngestRatio times both loads alternately in each iteration (the order
// swapped every iteration), so that a shared, noisy machine slows both alike, and
// reports congvu's time over raw's as "ratio".
func BenchmarkIngestRatio(b *testing.B) {
	for _, sz := range sizes {
		b.Run("cases="+sz.name, func(b *testing.B) {
			csv := casesCSV(b, sz.n)
			b.ReportAllocs()
			b.ResetTimer()
			var raw, cv time.Duration
			for i := 0; i < b.N; i++ {
				if i%2 == 0 {
					raw += runOnce(b, loadRaw, csv, sz.n)
					cv += runOnce(b, loadCongvu, csv, sz.n)
				} else {
					cv += runOnce(b, loadCongvu, csv, sz.n)
					raw += runOnce(b, loadRaw, csv, sz.n)
				}
			}
			b.StopTimer()
			n := float64(b.N)
			b.ReportMetric(cv.Seconds()/raw.Seconds(), "ratio")
			b.ReportMetric(raw.Seconds()/n, "raw-s/op")
			b.ReportMetric(cv.Seconds()/n, "congvu-s/op")
			b.ReportMetric(float64(sz.n)*n/raw.Seconds(), "raw-rows/s")
			b.ReportMetric(float64(sz.n)*n/cv.Seconds(), "congvu-rows/s")
		})
	}
}
