package ingest

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Format is the format of an input file.
type Format string

// The formats congvu reads.
const (
	CSV     Format = "csv"
	XLSX    Format = "xlsx"
	JSONL   Format = "jsonl"
	Parquet Format = "parquet"
)

// rowReader yields the rows of one file as text cells, each with its row number as a
// spreadsheet shows it (for CSV, the line the record starts on).
type rowReader interface {
	// next returns io.EOF after the last row. blankBefore counts blank lines the
	// reader skipped on its own just before this row.
	next() (cells []string, row int64, blankBefore int64, err error)
	close() error
}

// stripSheet removes a "#Sheet name" suffix from an XLSX path.
func stripSheet(p string) string {
	if i := strings.LastIndex(p, "#"); i > 0 {
		ext := strings.ToLower(filepath.Ext(p[:i]))
		if ext == ".xlsx" || ext == ".xlsm" {
			return p[:i]
		}
	}
	return p
}

// SplitSheet splits "book.xlsx#Sheet 2" into the path and the sheet name.
func SplitSheet(p string) (path, sheet string) {
	path = stripSheet(p)
	if len(path) < len(p) {
		sheet = p[len(path)+1:]
	}
	return path, sheet
}

// DefaultSheet is the sheet a workbook path without "#Sheet" reads: its first sheet; ""
// for other formats or a workbook that cannot be opened (its reader reports why).
func DefaultSheet(path string) string {
	if f, err := DetectFormat(path); err != nil || f != XLSX {
		return ""
	}
	wb, err := excelize.OpenFile(path)
	if err != nil {
		return ""
	}
	defer wb.Close()
	if sheets := wb.GetSheetList(); len(sheets) > 0 {
		return sheets[0]
	}
	return ""
}

// DetectFormat tells the format from the file name's extension.
func DetectFormat(p string) (Format, error) {
	switch strings.ToLower(filepath.Ext(stripSheet(p))) {
	case ".csv", ".tsv", ".txt", ".tab":
		return CSV, nil
	case ".xlsx", ".xlsm":
		return XLSX, nil
	case ".jsonl", ".ndjson", ".json":
		return JSONL, nil
	case ".parquet", ".pq":
		return Parquet, nil
	}
	return "", fmt.Errorf("%w: %s: unknown extension %q (congvu reads .csv, .tsv, .txt, .xlsx, .jsonl, .ndjson, .parquet)",
		ErrFormat, p, filepath.Ext(p))
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n != nil {
		*c.n += int64(n)
	}
	return n, err
}

// ---- CSV / TSV ----

type csvReader struct {
	f       *os.File
	r       *csv.Reader
	lastEnd int // the line the previous record ended on
}

// openCSV opens a delimited text file: UTF-8 with or without BOM, UTF-16 with BOM
// (Excel's "Unicode text"), or, when the bytes are not valid UTF-8, Windows-1258
// (the legacy Vietnamese code page). The delimiter is sniffed from the first lines.
func openCSV(path string, progress *int64) (*csvReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		f.Close()
		return nil, err
	}
	head = head[:n]
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	var src io.Reader = countingReader{f, progress}
	var sample []byte
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		src = transform.NewReader(src, unicode.UTF8BOM.NewDecoder())
		sample = head[3:]
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		src = transform.NewReader(src, dec)
		sample, _, _ = transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), evenPrefix(head))
	default:
		sample = head
		if !validUTF8Prefix(head, n == len(head)) {
			src = transform.NewReader(src, charmap.Windows1258.NewDecoder())
			sample, _, _ = transform.Bytes(charmap.Windows1258.NewDecoder(), head)
		} else if n == len(head) {
			// The sample is UTF-8 but the file goes on: a line further down that is not
			// UTF-8 is read as Windows-1258 (a legacy file whose first lines are ASCII).
			src = &lineFallback{br: bufio.NewReaderSize(src, 1<<20)}
		}
	}
	r := csv.NewReader(bufio.NewReaderSize(src, 1<<20))
	r.Comma = sniffDelimiter(sample, filepath.Ext(path))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	return &csvReader{f: f, r: r}, nil
}

// lineFallback passes through the lines of a file that are valid UTF-8 and decodes the
// others as Windows-1258, one physical line at a time.
type lineFallback struct {
	br   *bufio.Reader
	line []byte // the current line, being accumulated
	out  []byte // decoded bytes not yet returned
	err  error  // the error after out is drained
}

func (l *lineFallback) Read(p []byte) (int, error) {
	for len(l.out) == 0 {
		if l.err != nil {
			return 0, l.err
		}
		l.line = l.line[:0]
		for {
			chunk, err := l.br.ReadSlice('\n')
			l.line = append(l.line, chunk...)
			if err == bufio.ErrBufferFull {
				continue
			}
			l.err = err
			break
		}
		if utf8.Valid(l.line) {
			l.out = l.line
		} else if dec, _, err := transform.Bytes(charmap.Windows1258.NewDecoder(), l.line); err == nil {
			l.out = dec
		} else {
			l.out = l.line
		}
	}
	n := copy(p, l.out)
	l.out = l.out[n:]
	return n, nil
}

// evenPrefix trims a UTF-16 sample to whole code units.
func evenPrefix(b []byte) []byte { return b[:len(b)&^1] }

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut at the end of a partial sample.
func validUTF8Prefix(b []byte, partial bool) bool {
	if partial {
		for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
			b = b[:len(b)-1]
		}
	}
	return utf8.Valid(b)
}

// sniffDelimiter picks the delimiter that splits the sample's first lines most
// consistently: the one for which the most lines hold the same (non-zero) number of
// delimiters outside quotes, then the larger such number; a .tsv file prefers tab; ties
// go to comma. A long text cell with commas in a semicolon file does not win it for comma.
func sniffDelimiter(sample []byte, ext string) rune {
	if strings.EqualFold(ext, ".tsv") || strings.EqualFold(ext, ".tab") {
		return '\t'
	}
	cands := []rune{',', ';', '\t', '|'}
	best, bestFreq, bestMode := ',', -1, -1
	for _, d := range cands {
		freq := map[int]int{}
		inQuote := false
		count, lines := 0, 0
		for _, r := range string(sample) {
			switch {
			case r == '"':
				inQuote = !inQuote
			case r == '\n' && !inQuote:
				if count > 0 {
					freq[count]++
				}
				count = 0
				lines++
			case r == d && !inQuote:
				count++
			}
			if lines >= 40 {
				break
			}
		}
		if count > 0 && lines < 40 {
			freq[count]++
		}
		mode, f := 0, 0
		for c, n := range freq {
			if n > f || n == f && c > mode {
				mode, f = c, n
			}
		}
		if f > bestFreq || f == bestFreq && mode > bestMode {
			best, bestFreq, bestMode = d, f, mode
		}
	}
	return best
}

func (c *csvReader) next() ([]string, int64, int64, error) {
	for {
		rec, err := c.r.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, int64(pe.StartLine), 0, fmt.Errorf("%w: line %d: %v", ErrFormat, pe.StartLine, pe.Err)
			}
			return nil, 0, 0, err
		}
		start, _ := c.r.FieldPos(0)
		end, _ := c.r.FieldPos(len(rec) - 1)
		if strings.Contains(rec[len(rec)-1], "\n") {
			end += strings.Count(rec[len(rec)-1], "\n")
		}
		blank := int64(start - c.lastEnd - 1)
		if blank < 0 {
			blank = 0
		}
		c.lastEnd = end
		return rec, int64(start), blank, nil
	}
}

func (c *csvReader) close() error { return c.f.Close() }

// ---- XLSX ----

type xlsxReader struct {
	f    *excelize.File
	rows *excelize.Rows
	row  int64
}

// openXLSX opens a workbook's sheet (the first when sheet is empty). Cells are read
// raw: a date cell gives its serial number, which the date parser accepts.
func openXLSX(path, sheet string) (*xlsxReader, string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrFormat, err)
	}
	sheets := f.GetSheetList()
	if sheet == "" {
		if len(sheets) == 0 {
			f.Close()
			return nil, "", fmt.Errorf("%w: the workbook has no sheet", ErrFormat)
		}
		sheet = sheets[0]
	} else {
		found := false
		for _, s := range sheets {
			found = found || s == sheet
		}
		if !found {
			f.Close()
			return nil, "", fmt.Errorf("%w: no sheet %q (sheets: %s)", ErrFormat, sheet, strings.Join(sheets, ", "))
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, "", fmt.Errorf("%w: sheet %q: %v", ErrFormat, sheet, err)
	}
	return &xlsxReader{f: f, rows: rows}, sheet, nil
}

func (x *xlsxReader) next() ([]string, int64, int64, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, 0, 0, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		return nil, 0, 0, io.EOF
	}
	x.row++
	cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, x.row, 0, fmt.Errorf("%w: row %d: %v", ErrFormat, x.row, err)
	}
	return cells, x.row, 0, nil
}

func (x *xlsxReader) close() error {
	err := x.rows.Close()
	return errors.Join(err, x.f.Close())
}

// ---- JSON Lines ----

// jsonlReader reads one JSON object per line. Its first row is a synthetic header of the
// keys seen in the first lines, in order; a key first seen later is reported as unknown.
type jsonlReader struct {
	f       *os.File
	sc      *bufio.Scanner
	line    int64
	keys    []string
	index   map[string]int
	pending [][]string
	lines   []int64
	late    map[string]bool
	header  bool
}

func openJSONL(path string, progress *int64) (*jsonlReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(countingReader{f, progress})
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	j := &jsonlReader{f: f, sc: sc, index: map[string]int{}, late: map[string]bool{}}
	return j, nil
}

func (j *jsonlReader) readObject() (map[string]string, []string, error) {
	for j.sc.Scan() {
		j.line++
		b := bytes.TrimSpace(j.sc.Bytes())
		if j.line == 1 {
			b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
		}
		if len(b) == 0 {
			return nil, nil, nil // blank line
		}
		return decodeObject(b)
	}
	if err := j.sc.Err(); err != nil {
		return nil, nil, err
	}
	return nil, nil, io.EOF
}

// decodeObject decodes one JSON object into text values, keeping the key order. A line
// that ends inside the object is an error, never io.EOF (which would end the file).
func decodeObject(b []byte) (map[string]string, []string, error) {
	vals, order, err := decodeObjectTokens(b)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, nil, errors.New("the line ends before its JSON object is closed")
	}
	return vals, order, err
}

func decodeObjectTokens(b []byte) (map[string]string, []string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	t, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return nil, nil, fmt.Errorf("a line must hold one JSON object, found %v", t)
	}
	vals := map[string]string{}
	var order []string
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, _ := kt.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, err
		}
		if _, dup := vals[k]; !dup {
			order = append(order, k)
		}
		vals[k] = jsonText(raw)
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, err
	}
	if dec.More() {
		return nil, nil, errors.New("text after the JSON object")
	}
	return vals, order, nil
}

// jsonText turns a JSON value into cell text: strings unquoted, null empty, others as written.
func jsonText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	}
	return string(raw)
}

func (j *jsonlReader) next() ([]string, int64, int64, error) {
	if !j.header {
		// Read ahead up to 1000 lines to collect the keys for the header.
		for len(j.pending) < 1000 {
			obj, order, err := j.readObject()
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, j.line, 0, fmt.Errorf("%w: line %d: %v", ErrFormat, j.line, err)
			}
			for _, k := range order {
				if _, ok := j.index[k]; !ok {
					j.index[k] = len(j.keys)
					j.keys = append(j.keys, k)
				}
			}
			j.pending = append(j.pending, j.cells(obj))
			j.lines = append(j.lines, j.line)
		}
		// Rows read ahead were built while keys grew: pad them.
		for i := range j.pending {
			for len(j.pending[i]) < len(j.keys) {
				j.pending[i] = append(j.pending[i], "")
			}
		}
		j.header = true
		return append([]string(nil), j.keys...), 0, 0, nil
	}
	if len(j.pending) > 0 {
		c, l := j.pending[0], j.lines[0]
		j.pending, j.lines = j.pending[1:], j.lines[1:]
		return c, l, 0, nil
	}
	obj, _, err := j.readObject()
	if err == io.EOF {
		return nil, 0, 0, io.EOF
	}
	if err != nil {
		return nil, j.line, 0, fmt.Errorf("%w: line %d: %v", ErrFormat, j.line, err)
	}
	return j.cells(obj), j.line, 0, nil
}

// cells lays an object out in header order; keys first seen after the header are
// remembered as unknown columns.
func (j *jsonlReader) cells(obj map[string]string) []string {
	if obj == nil {
		return []string{}
	}
	out := make([]string, len(j.keys))
	for k, v := range obj {
		i, ok := j.index[k]
		if !ok {
			if !j.header {
				continue
			}
			j.late[k] = true
			continue
		}
		if i >= len(out) {
			out = append(out, make([]string, i-len(out)+1)...)
		}
		out[i] = v
	}
	return out
}

func (j *jsonlReader) close() error { return j.f.Close() }

// lateKeys lists keys first seen after the header was built.
func (j *jsonlReader) lateKeys() []string {
	var out []string
	for k := range j.late {
		out = append(out, k)
	}
	return out
}

// ---- Parquet ----

// parquetReader reads a Parquet file through DuckDB's reader; its first row is the
// column names, data rows are numbered from 1.
type parquetReader struct {
	rows  *sql.Rows
	cols  []string
	types []string
	row   int64
	vals  []any
}

func openParquet(db *sql.DB, path string) (*parquetReader, error) {
	rows, err := db.Query("SELECT * FROM read_parquet(?)", path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		return nil, err
	}
	cts, err := rows.ColumnTypes()
	if err != nil {
		rows.Close()
		return nil, err
	}
	p := &parquetReader{rows: rows, cols: cols, vals: make([]any, len(cols))}
	for _, ct := range cts {
		p.types = append(p.types, ct.DatabaseTypeName())
	}
	return p, nil
}

func (p *parquetReader) next() ([]string, int64, int64, error) {
	if p.row == 0 && p.cols != nil {
		h := p.cols
		p.cols = nil
		return h, 0, 0, nil
	}
	if !p.rows.Next() {
		if err := p.rows.Err(); err != nil {
			return nil, p.row, 0, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		return nil, 0, 0, io.EOF
	}
	p.row++
	ptrs := make([]any, len(p.vals))
	for i := range p.vals {
		ptrs[i] = &p.vals[i]
	}
	if err := p.rows.Scan(ptrs...); err != nil {
		return nil, p.row, 0, fmt.Errorf("%w: row %d: %v", ErrFormat, p.row, err)
	}
	out := make([]string, len(p.vals))
	for i, v := range p.vals {
		out[i] = anyText(v, p.types[i])
	}
	return out, p.row, 0, nil
}

// anyText renders a value read from Parquet as cell text. Naive timestamps keep their
// wall-clock time; time-zone-aware ones are shown in Vietnamese time.
func anyText(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		if strings.Contains(typ, "TZ") || strings.Contains(typ, "WITH TIME ZONE") {
			x = x.In(VN)
		}
		if typ == "DATE" {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05.999999999")
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	default:
		return fmt.Sprint(x)
	}
}

func (p *parquetReader) close() error { return p.rows.Close() }
