// Command gencases writes the CSV the ingest benchmarks load (fixtures.Generate with
// the default province and --cases cases, no planted bad rows, then WriteCasesCSV), for
// measuring a load as its own process:
//
//	gencases --cases 1000000 --out /tmp/cases-1M.csv
package main

import (
	"flag"
	"fmt"
	"os"

	"congvu/fixtures"
)

func main() {
	n := flag.Int("cases", 1_000_000, "number of cases")
	out := flag.String("out", "cases.csv", "the CSV file to write")
	flag.Parse()
	cfg := fixtures.DefaultConfig()
	cfg.Cases = *n
	cfg.BadRows = false
	if err := fixtures.Generate(cfg).WriteCasesCSV(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gencases:", err)
		os.Exit(1)
	}
}
