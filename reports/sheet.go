package reports

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// kind says how the values of a column are written and formatted.
type kind int

const (
	kindText     kind = iota // a string cell, never a formula
	kindCount                // an integer count, "#,##0"
	kindID                   // an integer code or row number, "0"
	kindNumber               // a real number, "#,##0.00"
	kindPercent              // a share in [0,1], "0.0%"
	kindDate                 // a date (time of day dropped), "dd/mm/yyyy"
	kindDateTime             // a local date and time, "dd/mm/yyyy hh:mm:ss"
	numKinds
)

// numFmts holds the number format of each kind; "" leaves General.
var numFmts = [numKinds]string{
	kindCount:    "#,##0",
	kindID:       "0",
	kindNumber:   "#,##0.00",
	kindPercent:  "0.0%",
	kindDate:     "dd/mm/yyyy",
	kindDateTime: "dd/mm/yyyy hh:mm:ss",
}

// column describes one column of a table sheet: its header, its width in
// characters (0 means 12) and the kind of its values.
type column struct {
	Head  label
	Width float64
	Kind  kind
}

// workbook is a workbook being built in one language. Every sheet is written
// with excelize's StreamWriter, row by row, through cell, which is the only
// place a value becomes a cell: text is NFC-normalised and always written as
// a string, so input such as "=1+2" can never become a formula.
type workbook struct {
	f      *excelize.File
	lang   Lang
	sheets int // sheets created so far

	kinds  [numKinds]int // style id per kind
	header int           // bold, shaded, wrapped header cells
	title  int           // the big bold title of a summary sheet
	bold   int           // bold labels
	wrap   int           // wrapped, top-aligned text

	// headArgs fill the fmt verbs of the column headers that have them (the funnel
	// levels of the methodology, for instance); see head.
	headArgs map[label][]any
}

func newWorkbook(lang Lang) (*workbook, error) {
	w := &workbook{f: excelize.NewFile(), lang: lang}
	var err error
	for k := kind(0); k < numKinds; k++ {
		if numFmts[k] == "" {
			continue
		}
		fmtStr := numFmts[k]
		if w.kinds[k], err = w.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtStr}); err != nil {
			return nil, errors.Join(err, w.f.Close())
		}
	}
	if w.header, err = w.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
	}); err != nil {
		return nil, errors.Join(err, w.f.Close())
	}
	if w.title, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}); err != nil {
		return nil, errors.Join(err, w.f.Close())
	}
	if w.bold, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return nil, errors.Join(err, w.f.Close())
	}
	if w.wrap, err = w.f.NewStyle(&excelize.Style{
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
	}); err != nil {
		return nil, errors.Join(err, w.f.Close())
	}
	return w, nil
}

// text returns the label id in the workbook's language.
func (w *workbook) text(id label) string { return w.lang.text(id) }

// head is the text of a column header: label id, its fmt verbs filled from headArgs.
func (w *workbook) head(id label) string {
	if args, ok := w.headArgs[id]; ok {
		return w.textf(id, args...)
	}
	return w.text(id)
}

// textf fills the fmt verbs of label id.
func (w *workbook) textf(id label, args ...any) string {
	return fmt.Sprintf(w.lang.text(id), args...)
}

// addSheet adds a sheet named by label name; the first one takes the place
// of excelize's default "Sheet1".
func (w *workbook) addSheet(name label) (string, error) {
	title := w.text(name)
	var err error
	if w.sheets == 0 {
		err = w.f.SetSheetName(w.f.GetSheetName(0), title)
	} else {
		_, err = w.f.NewSheet(title)
	}
	if err != nil {
		return "", fmt.Errorf("sheet %q: %w", title, err)
	}
	w.sheets++
	return title, nil
}

// sheet is a sheet being written row by row, top to bottom.
type sheet struct {
	w   *workbook
	sw  *excelize.StreamWriter
	row int // last row written
}

// newSheet adds a free-form sheet named by label name, with the given column
// widths in characters. Write it with put and finish with close.
func (w *workbook) newSheet(name label, widths ...float64) (*sheet, error) {
	title, err := w.addSheet(name)
	if err != nil {
		return nil, err
	}
	return w.stream(title, widths)
}

func (w *workbook) stream(title string, widths []float64) (*sheet, error) {
	if err := w.printLayout(title); err != nil {
		return nil, fmt.Errorf("sheet %q: %w", title, err)
	}
	sw, err := w.f.NewStreamWriter(title)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %w", title, err)
	}
	for i, width := range widths {
		if width == 0 {
			width = 12
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return nil, fmt.Errorf("sheet %q: %w", title, err)
		}
	}
	return &sheet{w: w, sw: sw}, nil
}

// put writes the next row; its values come from workbook.cell (or are nil).
// An empty row leaves a blank line.
func (s *sheet) put(row ...any) error {
	s.row++
	if len(row) == 0 {
		return nil
	}
	ref, err := excelize.CoordinatesToCellName(1, s.row)
	if err == nil {
		err = s.sw.SetRow(ref, row)
	}
	if err != nil {
		return fmt.Errorf("sheet %q row %d: %w", s.sw.Sheet, s.row, err)
	}
	return nil
}

// note writes a line of bold text in the first column.
func (s *sheet) note(text string) error {
	c, err := s.w.cell(kindText, s.w.bold, text)
	if err != nil {
		return err
	}
	return s.put(c)
}

// paragraph writes a long text wrapped across the first cols columns, in a
// row lines lines high.
func (s *sheet) paragraph(text string, cols, lines int) error {
	c, err := s.w.cell(kindText, s.w.wrap, text)
	if err != nil {
		return err
	}
	s.row++
	first, _ := excelize.CoordinatesToCellName(1, s.row)
	last, err := excelize.CoordinatesToCellName(cols, s.row)
	if err == nil {
		err = s.sw.SetRow(first, []any{c}, excelize.RowOpts{Height: 15 * float64(lines)})
	}
	if err == nil && cols > 1 {
		err = s.sw.MergeCell(first, last)
	}
	if err != nil {
		return fmt.Errorf("sheet %q row %d: %w", s.sw.Sheet, s.row, err)
	}
	return nil
}

// close ends the sheet.
func (s *sheet) close() error {
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("sheet %q: %w", s.sw.Sheet, err)
	}
	return nil
}

// cell turns v into a cell of kind k with style. nil, a zero time and an
// empty string give an empty cell. A value whose Go type does not fit the
// kind is a bug in the caller and an error.
func (w *workbook) cell(k kind, style int, v any) (any, error) {
	if style == 0 {
		style = w.kinds[k]
	}
	if v == nil {
		return nil, nil
	}
	switch k {
	case kindText:
		s, ok := v.(string)
		if !ok {
			break
		}
		if s == "" {
			return nil, nil
		}
		// A string value, no Formula: excelize writes an inline string.
		return excelize.Cell{StyleID: style, Value: cleanText(s)}, nil
	case kindCount, kindID:
		switch n := v.(type) {
		case int:
			return excelize.Cell{StyleID: style, Value: int64(n)}, nil
		case int64:
			return excelize.Cell{StyleID: style, Value: n}, nil
		}
	case kindNumber, kindPercent:
		switch n := v.(type) {
		case int:
			return excelize.Cell{StyleID: style, Value: float64(n)}, nil
		case int64:
			return excelize.Cell{StyleID: style, Value: float64(n)}, nil
		case float64:
			return excelize.Cell{StyleID: style, Value: n}, nil
		}
	case kindDate, kindDateTime:
		t, ok := v.(time.Time)
		if !ok {
			break
		}
		if t.IsZero() {
			return nil, nil
		}
		return excelize.Cell{StyleID: style, Value: excelTime(t, k == kindDate)}, nil
	}
	return nil, fmt.Errorf("reports: value %v (%T) does not fit column kind %d", v, v, k)
}

// cleanText makes input text safe to write: valid UTF-8, NFC-normalised.
func cleanText(s string) string {
	return norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
}

// excelTime returns t's wall-clock time (in t's own location) as a UTC time,
// which excelize turns into a serial number unchanged; whole seconds only,
// or the date alone when dateOnly.
func excelTime(t time.Time, dateOnly bool) time.Time {
	y, m, d := t.Date()
	if dateOnly {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	hh, mm, ss := t.Clock()
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

// table is a sheet holding one table: a bold header row, frozen, with an
// autofilter over the data, and typed columns. Use it as
//
//	t, err := w.newTable("sheet.files", cols, len(rows))
//	for _, r := range rows { err = t.add(r.Path, r.Read, ...) }
//	err = t.note(...) // optional lines under the table, outside the filter
//	err = t.close()
type table struct {
	*sheet
	cols []column
}

// newTable starts a table sheet named by label name with n data rows to come
// (the autofilter covers the header and those n rows).
func (w *workbook) newTable(name label, cols []column, n int) (*table, error) {
	title, err := w.addSheet(name)
	if err != nil {
		return nil, err
	}
	// The filter goes on the sheet before the stream writer takes it over.
	last, err := excelize.CoordinatesToCellName(len(cols), n+1)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %w", title, err)
	}
	if err := w.f.AutoFilter(title, "A1:"+last, nil); err != nil {
		return nil, fmt.Errorf("sheet %q: filter: %w", title, err)
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.Width
	}
	s, err := w.stream(title, widths)
	if err != nil {
		return nil, err
	}
	if err := s.sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
	}); err != nil {
		return nil, fmt.Errorf("sheet %q: %w", title, err)
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: w.header, Value: w.head(c.Head)}
	}
	// Headers wrap onto up to three lines: the row is made tall enough to show them
	// (a streamed row is not fitted to its text when the file is opened).
	s.row++
	if err := s.sw.SetRow("A1", head, excelize.RowOpts{Height: 45}); err != nil {
		return nil, fmt.Errorf("sheet %q: %w", title, err)
	}
	return &table{sheet: s, cols: cols}, nil
}

// add writes one data row; values follow the columns, each of a Go type that
// fits the column's kind (string; int or int64; float64; time.Time) or nil.
func (t *table) add(values ...any) error {
	if len(values) != len(t.cols) {
		return fmt.Errorf("reports: sheet %q: %d values for %d columns", t.sw.Sheet, len(values), len(t.cols))
	}
	row := make([]any, len(values))
	for i, v := range values {
		c, err := t.w.cell(t.cols[i].Kind, 0, v)
		if err != nil {
			return fmt.Errorf("sheet %q column %d: %w", t.sw.Sheet, i+1, err)
		}
		row[i] = c
	}
	return t.put(row...)
}

// save writes the workbook to path atomically: to a temporary file in the
// same directory, then renamed over path. On error the temporary file is
// removed and path is left as it was.
func (w *workbook) save(path string) error {
	return writeAtomic(path, func(f io.Writer) error { return w.f.Write(f) })
}

// writeAtomic writes path through write into a temporary file in the same directory,
// synced and renamed over path (keeping an existing file's permissions). On error the
// temporary file is removed and path is left as it was.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// close releases the workbook's temporary files.
func (w *workbook) close() error { return w.f.Close() }

// printLayout makes a sheet print landscape on A4, one page wide (as many pages tall as
// it needs), so a printed table keeps its columns together. It must run before the
// sheet's stream writer is made.
func (w *workbook) printLayout(name string) error {
	a4, landscape, wide, tall := 9, "landscape", 1, 0
	fit := true
	if err := w.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return w.f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape,
		FitToWidth: &wide, FitToHeight: &tall})
}

// form writes a free-form sheet (a title, label–value lines, paragraphs) row by row and
// keeps the first error: after one, its methods do nothing, so a writer checks err once,
// in close.
type form struct {
	w   *workbook
	s   *sheet
	err error
}

// newForm starts a free-form sheet named by label name with the given column widths.
func (w *workbook) newForm(name label, widths ...float64) (*form, error) {
	s, err := w.newSheet(name, widths...)
	if err != nil {
		return nil, err
	}
	return &form{w: w, s: s}, nil
}

// cell is workbook.cell, keeping the first error.
func (f *form) cell(k kind, style int, v any) any {
	c, err := f.w.cell(k, style, v)
	if f.err == nil {
		f.err = err
	}
	return c
}

// put writes the next row (none: a blank line).
func (f *form) put(cells ...any) {
	if f.err == nil {
		f.err = f.s.put(cells...)
	}
}

// line writes a bold label (its text in the workbook's language) and a value of kind k.
func (f *form) line(id label, k kind, v any) { f.linet(f.w.text(id), k, v) }

// linet writes a bold label given as text and a value of kind k.
func (f *form) linet(name string, k kind, v any) {
	f.put(f.cell(kindText, f.w.bold, name), f.cell(k, 0, v))
}

// head writes a header row of two labels.
func (f *form) head(a, b label) {
	f.put(f.cell(kindText, f.w.header, f.w.text(a)), f.cell(kindText, f.w.header, f.w.text(b)))
}

// paragraph writes a wrapped text across cols columns, lines high.
func (f *form) paragraph(text string, cols, lines int) {
	if f.err == nil {
		f.err = f.s.paragraph(text, cols, lines)
	}
}

// close ends the sheet, or returns the first error.
func (f *form) close() error {
	if f.err != nil {
		return f.err
	}
	return f.s.close()
}
