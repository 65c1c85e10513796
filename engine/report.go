package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"congvu/ingest"
	"congvu/metrics"
	"congvu/reports"
)

// ReportOptions say what the workbook holds. The zero value: Vietnamese, today, the
// default cap on listed rejects.
type ReportOptions struct {
	AsOf    time.Time // zero = DataDate: the last event in the store, at most today
	Reports reports.Options
	// RunID limits the files sheet to one run's files; 0 lists every file in the store.
	RunID int64
	// From and To bound the period of the timeliness tables (zero: the year of AsOf up
	// to AsOf); To may not be after AsOf.
	From, To time.Time
	// CompareInstants compares completion and due timestamps instead of calendar days.
	CompareInstants bool
	// MinCases is the group size below which a rate is flagged (≤ 0: the methodology's).
	MinCases int
	// IncludeUnverified counts camera incidents not marked verified.
	IncludeUnverified bool
	// MethodologyFile overrides the embedded methodology ("" = the default). Its
	// timeliness comparison, small-group threshold, conduct weights and satisfaction
	// thresholds apply unless the options above say otherwise.
	MethodologyFile string
}

// Report computes the indicators and writes the workbook to out (atomically) from what
// the store holds.
func (s *Store) Report(ctx context.Context, out string, opt ReportOptions) error {
	if opt.AsOf.IsZero() {
		d, err := s.DataDate(ctx)
		if err != nil {
			return err
		}
		opt.AsOf = d
	}
	m, err := metrics.LoadMethodology(opt.MethodologyFile)
	if err != nil {
		return err
	}
	applyMethodology(&opt, m)
	tl, err := s.Timeliness(ctx, opt)
	if err != nil {
		return err
	}
	conduct, sat, err := s.ConductAndSatisfaction(ctx, opt, m)
	if err != nil {
		return err
	}
	scores, err := s.Scores(ctx, opt, m, tl, conduct, sat)
	if err != nil {
		return err
	}
	r, err := s.RunReport(ctx, opt)
	if err != nil {
		return err
	}
	method, err := metrics.MarshalMethodology(m)
	if err != nil {
		return err
	}
	source := "congvu (embedded default)"
	if opt.MethodologyFile != "" {
		source = opt.MethodologyFile
	}
	rep := &reports.Report{Run: r, Timeliness: tl, Conduct: conduct, Satisfaction: sat, Scores: scores,
		MethodologyYAML: string(method), MethodologySource: source}
	if err := reports.WriteReport(out, rep, opt.Reports); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

// RunReport reads the manifest, the rejects and the table sizes into the report's types.
func (s *Store) RunReport(ctx context.Context, opt ReportOptions) (*reports.RunReport, error) {
	if opt.AsOf.IsZero() {
		opt.AsOf = Today()
	}
	abs, _ := filepath.Abs(s.Path)
	r := &reports.RunReport{AsOf: opt.AsOf, GeneratedAt: time.Now().In(vn()), Store: abs}
	rows, err := s.db.QueryContext(ctx, query("manifest"), opt.RunID, opt.RunID)
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f reports.FileSummary
		var fileID int64
		var unknown string
		var at time.Time
		if err := rows.Scan(&fileID, &f.RunID, &f.Path, &f.Sheet, &f.Kind, &f.Format, &f.HeaderRow, &f.Read, &f.Loaded,
			&f.Rejected, &f.Superseded, &f.Blank, &f.Summary, &unknown, &f.Status, &f.Error, &at); err != nil {
			return nil, fmt.Errorf("read manifest: %w", err)
		}
		f.UnknownColumns = splitList(unknown)
		f.IngestedAt = at.In(vn())
		r.Files = append(r.Files, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	limit := opt.Reports.MaxRejectRows
	if limit <= 0 {
		limit = reports.DefaultOptions().MaxRejectRows
		if limit <= 0 {
			limit = 100000
		}
	}
	if err := s.db.QueryRowContext(ctx, query("count_rejects"), opt.RunID, opt.RunID).Scan(&r.TotalRejects); err != nil {
		return nil, fmt.Errorf("count rejects: %w", err)
	}
	jrows, err := s.db.QueryContext(ctx, query("rejects"), opt.RunID, opt.RunID, limit)
	if err != nil {
		return nil, fmt.Errorf("read rejects: %w", err)
	}
	defer jrows.Close()
	for jrows.Next() {
		var j reports.Reject
		var sheet, letter string
		if err := jrows.Scan(&j.File, &sheet, &j.Row, &j.Column, &letter, &j.Value, &j.ReasonVi, &j.ReasonEn); err != nil {
			return nil, fmt.Errorf("read rejects: %w", err)
		}
		if sheet != "" {
			j.File += "#" + sheet
		}
		if letter != "" {
			j.Column = fmt.Sprintf("%s (%s)", j.Column, letter)
		}
		r.Rejects = append(r.Rejects, j)
	}
	if err := jrows.Err(); err != nil {
		return nil, fmt.Errorf("read rejects: %w", err)
	}
	tables, err := s.Tables(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		var n int64
		if err := s.db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %q", t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		r.Tables = append(r.Tables, reports.TableCount{Name: t, Rows: n})
	}
	return r, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\x1f")
}

func vn() *time.Location { return ingest.VN }
