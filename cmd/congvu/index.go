package main

import (
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/spf13/cobra"

	"congvu/engine"
	"congvu/reports"
)

func newIndexCmd(stdout, _ io.Writer) *cobra.Command {
	var c common
	var in, method string
	var noMC bool
	cmd := &cobra.Command{
		Use:   "index --in TABLE.csv --method METHOD.yaml [--out FILE.xlsx|FILE.csv]",
		Short: "Compute a composite index (e.g. PCI) over a table of units, with ranks and rank intervals",
		Long: `Reads a table with one row per unit (CSV or TSV) and an index method file (components,
weights, normalisation, aggregation; see examples/pci/method.yaml), and prints the ranking.
With --out, writes it as a workbook (.xlsx) or CSV. When the method names published totals
and ranks, the result is checked against them and the command fails if they differ.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if in == "" || method == "" {
				return usageError{fmt.Errorf("index: --in and --method are required")}
			}
			lang, err := c.reportLang()
			if err != nil {
				return err
			}
			res, err := engine.Index(engine.IndexOptions{In: in, Method: method, Out: c.out,
				Reports: reports.Options{Lang: lang}, NoMonteCarlo: noMC})
			if err != nil {
				return err
			}
			rows := res.Composite.Rows
			fmt.Fprintf(stdout, "%s: %d units\n", res.Composite.Spec.Name, len(rows))
			if !c.quiet {
				for rank := 1; rank <= len(rows); rank++ {
					for _, r := range rows {
						if r.Rank != rank {
							continue
						}
						fmt.Fprintf(stdout, "%3d  %-24s %9.4f", r.Rank, r.Unit, r.Total)
						if res.Composite.MonteCarlo != nil {
							fmt.Fprintf(stdout, "   rank interval %s–%s (median %s)", rankText(r.RankLo), rankText(r.RankHi), rankText(r.MedianRank))
						}
						fmt.Fprintln(stdout)
					}
				}
			}
			if ch := res.Check; ch != nil {
				fmt.Fprintf(stdout, "check: %d/%d totals within %g of the published (largest difference %.6f, %s); %d/%d ranks match\n",
					ch.Within, ch.Compared, ch.Tolerance, ch.MaxAbsDiff, ch.WorstUnit, ch.RanksMatched, ch.RanksCompared)
				if !ch.Pass() {
					return fmt.Errorf("index: the result differs from the published figures")
				}
			}
			if c.out != "" {
				fmt.Fprintf(stdout, "→ %s\n", c.out)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&in, "in", "", "the table of units (CSV or TSV, one header row)")
	f.StringVar(&method, "method", "", "the index method file (YAML)")
	f.StringVar(&c.out, "out", "", "write the result to FILE.xlsx or FILE.csv")
	f.StringVar(&c.lang, "lang", "vi", "workbook language: vi or en")
	f.BoolVar(&noMC, "no-monte-carlo", false, "skip the rank intervals")
	f.BoolVarP(&c.quiet, "quiet", "q", false, "print the summary only, not the ranking")
	return cmd
}

// rankText prints a simulated rank (a quantile, so possibly fractional) to one decimal.
func rankText(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}
