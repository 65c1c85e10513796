package reports

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrLang is returned for an Options.Lang other than "", "vi" or "en".
var ErrLang = errors.New("reports: unknown language")

// maxSheetRows is the number of rows an Excel sheet holds.
const maxSheetRows = 1 << 20

// Options controls how a workbook is written.
type Options struct {
	// Lang is the language of sheet names, headers and labels. The zero
	// value means Vietnamese.
	Lang Lang
	// MaxRejectRows caps the rows listed on the rejected-rows sheet; a line
	// under them says how many more exist. Zero means 100000; a negative
	// value lists none (the line still gives the count).
	MaxRejectRows int
}

// DefaultOptions returns the documented defaults: Vietnamese, at most
// 100000 rejected rows listed.
func DefaultOptions() Options {
	return Options{Lang: Vietnamese, MaxRejectRows: 100000}
}

func (o Options) lang() (Lang, error) {
	switch o.Lang {
	case "", Vietnamese:
		return Vietnamese, nil
	case English:
		return English, nil
	}
	return "", fmt.Errorf("%w %q", ErrLang, string(o.Lang))
}

func (o Options) maxRejectRows() int {
	n := o.MaxRejectRows
	switch {
	case n == 0:
		n = DefaultOptions().MaxRejectRows
	case n < 0:
		n = 0
	}
	return min(n, maxSheetRows-2) // the header and the closing note
}

// RunReport is what one ingest run did: the files it read, the rows it
// rejected and the state of the store afterwards. The engine fills it;
// WriteRunReport turns it into a workbook.
type RunReport struct {
	AsOf        time.Time // the report date; only the date matters
	GeneratedAt time.Time // written as wall-clock time in its own location
	Store       string    // path of the DuckDB store
	Files       []FileSummary
	// Rejects holds the problems found in rejected rows, one per bad cell,
	// sorted by file then row. It may be truncated by the caller.
	Rejects []Reject
	// TotalRejects is the number of problems in all; when it exceeds
	// len(Rejects) the sheet says how many are not shown.
	TotalRejects int64
	Tables       []TableCount // rows per store table
}

// FileSummary is what happened to one input file.
type FileSummary struct {
	// Path is the file as given; Kind its source kind (cases, camera, …);
	// Format its format (csv, xlsx, …); Sheet the sheet read, for workbooks.
	Path, Kind, Format, Sheet string
	HeaderRow                 int // spreadsheet row of the header, 1-based; 0 if none
	// Read = Loaded + Rejected + Superseded. Blank counts blank rows
	// skipped and Summary the totals rows ("Tổng số") skipped; neither is
	// part of Read.
	Read, Loaded, Rejected, Superseded, Blank, Summary int64
	UnknownColumns                                     []string
	// Status is "loaded", "unchanged" (an identical file was already
	// ingested) or "failed"; Error says why it failed.
	Status     string
	Error      string
	RunID      int64     // the run that ingested the file; 0 if none
	IngestedAt time.Time // when it was ingested; zero leaves the cell empty
}

// Reject is one problem in one rejected row: the cell, its raw value and a
// reason a clerk can act on, in Vietnamese and English.
type Reject struct {
	File               string
	Row                int64
	Column, Value      string
	ReasonVi, ReasonEn string
}

// TableCount is the number of rows in one store table.
type TableCount struct {
	Name string
	Rows int64
}

// WriteRunReport writes the workbook for r to path atomically: to a
// temporary file in the same directory, then renamed over path. On error
// the temporary file is removed and nothing new is left at path.
//
// The sheets are a summary, the files, the rejected rows (at most
// opt.MaxRejectRows) and the unknown columns.
func WriteRunReport(path string, r *RunReport, opt Options) error {
	if r == nil {
		return errors.New("reports: nil run report")
	}
	return WriteReport(path, &Report{Run: r}, opt)
}

// balanced reports whether read = loaded + rejected + superseded.
func (f *FileSummary) balanced() bool {
	return f.Read == f.Loaded+f.Rejected+f.Superseded
}

func checkLabel(ok bool) label {
	if ok {
		return "check.ok"
	}
	return "check.mismatch"
}

func writeSummary(w *workbook, rep *Report, _ Options) error {
	r := rep.Run
	var tot FileSummary
	var failed int64
	for i := range r.Files {
		f := &r.Files[i]
		tot.Read += f.Read
		tot.Loaded += f.Loaded
		tot.Rejected += f.Rejected
		tot.Superseded += f.Superseded
		tot.Blank += f.Blank
		tot.Summary += f.Summary
		if f.Status == "failed" {
			failed++
		}
	}
	f, err := w.newForm("sheet.summary", 44, 60)
	if err != nil {
		return err
	}
	title := label("summary.title")
	if rep.Timeliness != nil {
		title = "summary.title.analysis"
	}
	f.put(f.cell(kindText, w.title, w.text(title)))
	f.put()
	f.line("summary.as_of", kindDate, r.AsOf)
	f.line("summary.generated_at", kindDateTime, r.GeneratedAt)
	f.line("summary.store", kindText, r.Store)
	if tl := rep.Timeliness; tl != nil {
		f.put()
		summaryTimeliness(f, tl)
		f.put()
	}
	f.line("summary.files", kindCount, len(r.Files))
	f.line("summary.failed", kindCount, failed)
	f.put()
	f.head("summary.totals", "col.rows")
	f.line("col.read", kindCount, tot.Read)
	f.line("col.loaded", kindCount, tot.Loaded)
	f.line("col.rejected", kindCount, tot.Rejected)
	f.line("col.superseded", kindCount, tot.Superseded)
	f.line("col.check", kindText, w.text(checkLabel(tot.balanced())))
	f.line("col.blank", kindCount, tot.Blank)
	f.line("col.totals", kindCount, tot.Summary)
	f.line("summary.problems", kindCount, max(r.TotalRejects, int64(len(r.Rejects))))
	f.paragraph(w.text("summary.explain"), 2, 4)
	f.put()
	f.head("summary.tables", "col.rows")
	for _, t := range r.Tables {
		f.put(f.cell(kindText, 0, t.Name), f.cell(kindCount, 0, t.Rows))
	}
	if len(r.Tables) == 0 {
		f.put(f.cell(kindText, 0, w.text("none")))
	}
	return f.close()
}

func writeFiles(w *workbook, r *RunReport, _ Options) error {
	t, err := w.newTable("sheet.files", []column{
		{"col.file", 48, kindText},
		{"col.kind", 12, kindText},
		{"col.format", 10, kindText},
		{"col.sheet", 14, kindText},
		{"col.header_row", 10, kindID},
		{"col.read", 12, kindCount},
		{"col.loaded", 12, kindCount},
		{"col.rejected", 12, kindCount},
		{"col.superseded", 12, kindCount},
		{"col.check", 16, kindText},
		{"col.blank", 12, kindCount},
		{"col.totals", 12, kindCount},
		{"col.status", 20, kindText},
		{"col.error", 40, kindText},
		{"col.unknown", 30, kindText},
		{"col.run_id", 10, kindID},
		{"col.ingested_at", 20, kindDateTime},
	}, len(r.Files))
	if err != nil {
		return err
	}
	for i := range r.Files {
		f := &r.Files[i]
		var headerRow, runID any
		if f.HeaderRow > 0 {
			headerRow = f.HeaderRow
		}
		if f.RunID > 0 {
			runID = f.RunID
		}
		if err := t.add(f.Path, f.Kind, f.Format, f.Sheet, headerRow,
			f.Read, f.Loaded, f.Rejected, f.Superseded, w.text(checkLabel(f.balanced())),
			f.Blank, f.Summary, w.status(f.Status), f.Error,
			strings.Join(f.UnknownColumns, "; "), runID, f.IngestedAt); err != nil {
			return err
		}
	}
	return t.close()
}

// status translates a file status; an unknown one is written as given.
func (w *workbook) status(s string) string {
	switch s {
	case "loaded", "unchanged", "failed":
		return w.text(label("status." + s))
	}
	return s
}

func writeRejects(w *workbook, r *RunReport, opt Options) error {
	shown := min(len(r.Rejects), opt.maxRejectRows())
	t, err := w.newTable("sheet.rejects", []column{
		{"col.file", 48, kindText},
		{"col.row", 10, kindID},
		{"col.column", 20, kindText},
		{"col.value", 30, kindText},
		{"col.reason", 60, kindText},
	}, shown)
	if err != nil {
		return err
	}
	for _, rj := range r.Rejects[:shown] {
		reason, other := rj.ReasonVi, rj.ReasonEn
		if w.lang == English {
			reason, other = other, reason
		}
		if reason == "" {
			reason = other
		}
		if err := t.add(rj.File, rj.Row, rj.Column, rj.Value, reason); err != nil {
			return err
		}
	}
	total := max(r.TotalRejects, int64(len(r.Rejects)))
	switch more := total - int64(shown); {
	case total == 0:
		err = t.note(w.text("rejects.none"))
	case more > 0:
		err = t.note(w.textf("rejects.more", w.lang.count(more), w.lang.count(total)))
	}
	if err != nil {
		return err
	}
	return t.close()
}

func writeUnknown(w *workbook, r *RunReport, _ Options) error {
	n := 0
	for _, f := range r.Files {
		n += len(f.UnknownColumns)
	}
	t, err := w.newTable("sheet.unknown", []column{
		{"col.file", 48, kindText},
		{"col.column_name", 30, kindText},
	}, n)
	if err != nil {
		return err
	}
	for _, f := range r.Files {
		for _, c := range f.UnknownColumns {
			if err := t.add(f.Path, c); err != nil {
				return err
			}
		}
	}
	if n == 0 {
		if err := t.note(w.text("unknown.none")); err != nil {
			return err
		}
	}
	return t.close()
}
