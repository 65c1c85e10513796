package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"congvu/engine"
	"congvu/reports"
)

func newScorecardCmd(stdout, _ io.Writer) *cobra.Command {
	var c common
	var officer string
	cmd := &cobra.Command{
		Use:   "scorecard --officer ID [--store S --out F.xlsx --as-of D --from D --to D --lang vi|en]",
		Short: "Write one officer's scorecard: every figure with its count, interval, peer position and the cases behind it",
		Long: `Computes the figures of the period from the store, scores every officer (shrunk toward the
officers of the same kind of unit, ranked with a Monte Carlo rank interval) and writes one
workbook for the named officer: the score, the suggested grade (a suggestion, never the
official grade), each figure with its count, interval, shrunk value, peer percentile and
funnel position, and the late cases without an apology, the incidents and the unsatisfied
ratings behind them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if officer == "" {
				return usageError{fmt.Errorf("scorecard: --officer is required")}
			}
			asOf, from, to, err := c.reportDates()
			if err != nil {
				return err
			}
			lang, err := c.reportLang()
			if err != nil {
				return err
			}
			out := c.out
			if out == "" {
				out = "congvu-scorecard-" + officer + ".xlsx"
			}
			s, err := openExisting(cmd.Context(), c.store)
			if err != nil {
				return err
			}
			defer s.Close()
			ro := reports.DefaultOptions()
			ro.Lang = lang
			if err := s.Scorecard(cmd.Context(), out, engine.ScorecardOptions{OfficerID: officer, Report: engine.ReportOptions{
				AsOf: asOf, From: from, To: to, CompareInstants: c.instant, MinCases: c.minCase,
				IncludeUnverified: c.unverif, MethodologyFile: c.method, Reports: ro}}); err != nil {
				return err
			}
			if !c.quiet {
				if lang == reports.English {
					fmt.Fprintf(stdout, "scorecard written: %s\n", out)
				} else {
					fmt.Fprintf(stdout, "đã ghi phiếu đánh giá: %s\n", out)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&officer, "officer", "", "the officer's id (officer_id)")
	f.StringVar(&c.out, "out", "", "the workbook to write (default congvu-scorecard-ID.xlsx)")
	f.StringVar(&c.store, "store", defaultStore, "the DuckDB store file")
	f.StringVar(&c.asOf, "as-of", "", "the report date YYYY-MM-DD (default --to, else the last event in the store, at most today)")
	f.StringVar(&c.lang, "lang", "vi", "workbook language: vi or en")
	f.BoolVarP(&c.quiet, "quiet", "q", false, "print nothing but errors")
	c.reportFlags(f)
	return cmd
}
