package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"congvu/engine"
	"congvu/reports"
)

const (
	defaultStore  = "congvu.duckdb"
	defaultReport = "congvu-report.xlsx"
	defaultInput  = "fixtures/sample"
)

func newRunCmd(stdout, stderr io.Writer) *cobra.Command {
	var c common
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Ingest the input files and write the workbook (ingest, then report)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := doIngest(cmd, &c, stdout, stderr, "run")
			if err != nil {
				return err
			}
			if err := doReport(cmd, &c, stdout, res.RunID); err != nil {
				return err
			}
			return outcome(res)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&c.in, "in", []string{defaultInput}, "input files or folders (comma-separated or repeated); book.xlsx#Sheet picks a sheet")
	f.StringVar(&c.out, "out", defaultReport, "the workbook to write")
	f.StringVar(&c.store, "store", defaultStore, "the DuckDB store file")
	f.StringVar(&c.asOf, "as-of", "", "the report date YYYY-MM-DD (default --to, else the last event in the store, at most today)")
	f.StringVar(&c.mapping, "mapping", "", "a mapping file (YAML) for headers, values and date layouts")
	f.StringVar(&c.lang, "lang", "vi", "workbook language: vi or en")
	f.BoolVarP(&c.quiet, "quiet", "q", false, "print nothing but errors")
	c.reportFlags(f)
	return cmd
}

func newIngestCmd(stdout, stderr io.Writer) *cobra.Command {
	var c common
	cmd := &cobra.Command{
		Use:   "ingest [FILES_OR_FOLDERS...]",
		Short: "Load input files into the store",
		RunE: func(cmd *cobra.Command, args []string) error {
			c.in = append(c.in, args...)
			if len(c.in) == 0 {
				return usageError{fmt.Errorf("ingest: name the files or folders to load (--in or arguments)")}
			}
			res, err := doIngest(cmd, &c, stdout, stderr, "ingest")
			if err != nil {
				return err
			}
			return outcome(res)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&c.in, "in", nil, "input files or folders")
	f.StringVar(&c.store, "store", defaultStore, "the DuckDB store file")
	f.StringVar(&c.asOf, "as-of", "", "the report date YYYY-MM-DD (default today)")
	f.StringVar(&c.mapping, "mapping", "", "a mapping file (YAML)")
	f.StringVar(&c.lang, "lang", "vi", "language of the printed summary: vi or en")
	f.BoolVarP(&c.quiet, "quiet", "q", false, "print nothing but errors")
	return cmd
}

func newReportCmd(stdout, _ io.Writer) *cobra.Command {
	var c common
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Write the workbook from what the store holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := storeExists(c.store); err != nil {
				return err
			}
			return doReport(cmd, &c, stdout, 0)
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.out, "out", defaultReport, "the workbook to write")
	f.StringVar(&c.store, "store", defaultStore, "the DuckDB store file")
	f.StringVar(&c.asOf, "as-of", "", "the report date YYYY-MM-DD (default --to, else the last event in the store, at most today)")
	f.StringVar(&c.lang, "lang", "vi", "workbook language: vi or en")
	f.BoolVarP(&c.quiet, "quiet", "q", false, "print nothing but errors")
	c.reportFlags(f)
	return cmd
}

func newExportCmd(stdout, _ io.Writer) *cobra.Command {
	var store, table, out string
	cmd := &cobra.Command{
		Use:   "export --table NAME --out FILE.{csv,parquet}",
		Short: "Write one table of the store to CSV or Parquet",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if table == "" || out == "" {
				return usageError{fmt.Errorf("export: --table and --out are required")}
			}
			if ext := strings.ToLower(filepath.Ext(out)); ext != ".csv" && ext != ".parquet" {
				return usageError{fmt.Errorf("export: --out %s: write a .csv or a .parquet file", out)}
			}
			s, err := openExisting(cmd.Context(), store)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.Export(cmd.Context(), table, out); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s → %s\n", table, out)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&store, "store", defaultStore, "the DuckDB store file")
	f.StringVar(&table, "table", "", "the table or view to export (e.g. cases, rejects, file_accounting)")
	f.StringVar(&out, "out", "", "the output file, .csv or .parquet")
	return cmd
}

// doIngest opens the store and ingests c.in, printing one line per file.
func doIngest(cmd *cobra.Command, c *common, stdout, stderr io.Writer, command string) (*engine.IngestResult, error) {
	asOf, err := c.asOfDate()
	if err != nil {
		return nil, err
	}
	lang, err := c.reportLang()
	if err != nil {
		return nil, err
	}
	m, err := c.loadMapping()
	if err != nil {
		return nil, err
	}
	s, err := engine.Open(cmd.Context(), c.store)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	opt := engine.IngestOptions{Mapping: m, AsOf: asOf, Command: command, Version: version}
	if !c.quiet {
		if p := newProgress(stderr); p != nil {
			opt.Progress = p
			defer p.wait()
		}
	}
	res, err := s.Ingest(cmd.Context(), c.in, opt)
	if res != nil && !c.quiet {
		printFiles(stdout, res, lang)
	}
	return res, err
}

// storeExists is a usage error when no store is at path: reading commands (report,
// export, scorecard) do not create an empty one from a mistyped --store.
func storeExists(path string) error {
	if _, err := os.Stat(path); err != nil {
		return usageError{fmt.Errorf("no store at %s (congvu ingest or congvu run creates it): %w", path, err)}
	}
	return nil
}

// openExisting opens the store at path, a usage error when there is none.
func openExisting(ctx context.Context, path string) (*engine.Store, error) {
	if err := storeExists(path); err != nil {
		return nil, err
	}
	return engine.Open(ctx, path)
}

// doReport writes the workbook.
func doReport(cmd *cobra.Command, c *common, stdout io.Writer, runID int64) error {
	asOf, from, to, err := c.reportDates()
	if err != nil {
		return err
	}
	lang, err := c.reportLang()
	if err != nil {
		return err
	}
	s, err := engine.Open(cmd.Context(), c.store)
	if err != nil {
		return err
	}
	defer s.Close()
	ro := reports.DefaultOptions()
	ro.Lang = lang
	if err := s.Report(cmd.Context(), c.out, engine.ReportOptions{AsOf: asOf, From: from, To: to,
		CompareInstants: c.instant, MinCases: c.minCase, IncludeUnverified: c.unverif, MethodologyFile: c.method, Reports: ro}); err != nil {
		return err
	}
	if !c.quiet {
		if lang == reports.English {
			fmt.Fprintf(stdout, "workbook written: %s\n", c.out)
		} else {
			fmt.Fprintf(stdout, "đã ghi báo cáo: %s\n", c.out)
		}
	}
	return nil
}

// outcome turns an ingest result into the exit code.
func outcome(res *engine.IngestResult) error {
	switch {
	case res.Failed() > 0:
		return exitError{code: exitFailure, err: fmt.Errorf("%d file(s) could not be ingested", res.Failed())}
	case res.Rejected() > 0:
		return exitError{code: exitRejected}
	}
	return nil
}

func printFiles(w io.Writer, res *engine.IngestResult, lang reports.Lang) {
	vi := lang != reports.English
	for _, f := range res.Files {
		switch f.Status {
		case "failed":
			if vi {
				fmt.Fprintf(w, "LỖI  %s: %v\n", f.Path, f.Err)
			} else {
				fmt.Fprintf(w, "FAIL %s: %v\n", f.Path, f.Err)
			}
		case "unchanged":
			if vi {
				fmt.Fprintf(w, "bỏ qua %s: giống hệt tệp đã nhập (tệp số %d)\n", f.Path, f.SameAs)
			} else {
				fmt.Fprintf(w, "skip %s: identical to file %d, already ingested\n", f.Path, f.SameAs)
			}
		default:
			if vi {
				fmt.Fprintf(w, "%s [%s]: đọc %d, nạp %d, loại %d, bị thay thế %d\n", f.Path, f.Kind, f.Read, f.Loaded, f.Rejected, f.Superseded)
			} else {
				fmt.Fprintf(w, "%s [%s]: read %d, loaded %d, rejected %d, superseded %d\n", f.Path, f.Kind, f.Read, f.Loaded, f.Rejected, f.Superseded)
			}
			if len(f.Unknown) > 0 {
				if vi {
					fmt.Fprintf(w, "    cột không nhận diện: %v\n", f.Unknown)
				} else {
					fmt.Fprintf(w, "    unknown columns: %v\n", f.Unknown)
				}
			}
		}
	}
}
