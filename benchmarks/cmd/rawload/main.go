// Command rawload loads a CSV into a new DuckDB file with DuckDB's own reader
// (CREATE TABLE t AS SELECT * FROM read_csv(...)): the baseline congvu's ingest is
// compared with, run as its own process to measure its peak memory.
//
//	rawload --in cases.csv --store raw.duckdb
package main

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	in := flag.String("in", "", "the CSV file to load")
	store := flag.String("store", "raw.duckdb", "the DuckDB file to create (must not exist)")
	flag.Parse()
	if *in == "" {
		fmt.Fprintln(os.Stderr, "rawload: --in is required")
		os.Exit(2)
	}
	if err := run(*in, *store); err != nil {
		fmt.Fprintln(os.Stderr, "rawload:", err)
		os.Exit(1)
	}
}

func run(in, store string) error {
	if _, err := os.Stat(store); err == nil {
		return fmt.Errorf("%s exists", store)
	}
	start := time.Now()
	db, err := sql.Open("duckdb", store)
	if err != nil {
		return err
	}
	defer db.Close()
	q := fmt.Sprintf("CREATE TABLE t AS SELECT * FROM read_csv('%s', quote = '\"', escape = '\"')", strings.ReplaceAll(in, "'", "''"))
	if _, err := db.Exec(q); err != nil {
		return err
	}
	var n int64
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	fmt.Printf("%s: %d rows in %v\n", in, n, time.Since(start).Round(time.Millisecond))
	return nil
}
