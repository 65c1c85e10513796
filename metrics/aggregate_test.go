package metrics

import (
	"context"
	"database/sql"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// TestQuantileMatchesDuckDB checks the quantiles computed from counts against DuckDB's
// quantile_cont over the expanded values, for random small histograms.
func TestQuantileMatchesDuckDB(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		var h []dayCount
		var values []int64
		for d := int64(0); d < 30; d++ {
			if rng.IntN(3) == 0 {
				n := int64(1 + rng.IntN(4))
				h = append(h, dayCount{days: d, n: n})
				for range n {
					values = append(values, d)
				}
			}
		}
		if len(values) == 0 {
			continue
		}
		sort.Slice(values, func(i, j int) bool { return values[i] < values[j] })
		for _, p := range []float64{0.5, 0.9} {
			var want float64
			if err := db.QueryRowContext(context.Background(),
				"SELECT quantile_cont(v, ?) FROM unnest(?::BIGINT[]) AS t(v)", p, values).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if got := quantile(h, p); math.Abs(got-want) > 1e-9 {
				t.Fatalf("trial %d p=%v values %v: got %v, DuckDB %v", trial, p, values, got, want)
			}
		}
	}
	if quantile(nil, 0.5) != 0 {
		t.Error("empty histogram")
	}
}
