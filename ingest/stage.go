package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Options say how a file is staged. The zero value detects everything and uses one
// worker per CPU.
type Options struct {
	Mapping *Mapping // nil: built-in aliases only
	// DB is the store's handle, used to read Parquet through DuckDB on its own connection.
	DB *sql.DB
	// Progress, when not nil, is advanced by the bytes read (CSV, JSON Lines) or rows read (XLSX, Parquet).
	Progress *atomic.Int64
	Workers  int // 0 = GOMAXPROCS
}

// Staged is a file read, parsed and validated into temporary tables, ready to merge.
type Staged struct {
	File    string // as given (with #Sheet for XLSX)
	Format  Format
	Sheet   string
	Layout  *Layout
	Read    int64 // data rows read (not blank, not totals rows)
	Blank   int64 // blank rows skipped
	Summary int64 // totals rows ("Tổng số") skipped
	// Rejected counts rows with at least one problem; Problems counts the problems.
	Rejected, Problems int64
	Unknown            []string

	id       int64
	table    string
	rejTable string

	// The rows not read yet: a reader positioned after the top rows, which are kept.
	rr        rowReader
	opt       Options
	plan      *plan
	bytesRead *int64
	top       [][]string
	topRows   []int64
	topBlank  []int64
	hi        int // index in top of the header row
}

// Kind returns the kind the file was recognised as.
func (s *Staged) Kind() *Kind { return s.Layout.Kind }

var stageSeq atomic.Int64

// Fingerprint returns the SHA-256 of a file's bytes and its size.
func Fingerprint(path string) (string, int64, error) {
	f, err := os.Open(stripSheet(path))
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Stage reads a file, finds its header and kind, parses and validates every row, and
// appends the good rows and the problems into temporary tables on conn. Nothing in the
// store changes until Merge. A file-level problem (unreadable, no header) is an error;
// row-level problems are counted and kept as rejects.
func Stage(ctx context.Context, conn *sql.Conn, file string, opt Options) (*Staged, error) {
	st, err := Open(ctx, conn, file, opt)
	if err != nil {
		return nil, err
	}
	if err := st.pull(ctx, conn, st.stageInsert(), 1); err != nil {
		return nil, errors.Join(err, st.Drop(context.WithoutCancel(ctx), conn))
	}
	return st, nil
}

// Open opens a file, reads its top rows to find the header and the kind, and creates
// the temporary tables of its staging; the rows are read later, by Stage or by Load.
// A file-level problem (unreadable, no header) is an error. Drop releases what Open
// holds.
func Open(ctx context.Context, conn *sql.Conn, file string, opt Options) (st *Staged, err error) {
	path, sheet := SplitSheet(file)
	format, err := DetectFormat(file)
	if err != nil {
		return nil, err
	}
	var bytesRead *int64
	var counter int64
	if format == CSV || format == JSONL {
		bytesRead = &counter
	}
	var rr rowReader
	switch format {
	case CSV:
		rr, err = openCSV(path, bytesRead)
	case XLSX:
		var x *xlsxReader
		x, sheet, err = openXLSX(path, sheet)
		rr = x
	case JSONL:
		rr, err = openJSONL(path, bytesRead)
	case Parquet:
		if opt.DB == nil {
			return nil, fmt.Errorf("%w: reading Parquet needs the store's database", ErrFormat)
		}
		rr, err = openParquet(opt.DB, path)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, rr.close())
		}
	}()

	st = &Staged{File: file, Format: format, Sheet: sheet, id: stageSeq.Add(1), opt: opt, bytesRead: bytesRead}

	// Buffer the top rows and find the header.
	var top [][]string
	var topRows, topBlank []int64
	for len(top) < headerScanRows {
		cells, row, blank, err := rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		top, topRows, topBlank = append(top, cells), append(topRows, row), append(topBlank, blank)
	}
	layout, err := detectLayout(file, top, topRows, opt.Mapping)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	st.Layout = layout
	st.Unknown = layout.Unknown
	p, err := newPlan(file, layout, opt.Mapping)
	if err != nil {
		return nil, err
	}
	if err := p.planItems(ctx, conn, opt.Mapping); err != nil { // reshape.go
		return nil, err
	}
	st.Unknown = layout.Unknown
	if err := st.createTables(ctx, conn); err != nil {
		return nil, err
	}
	st.rr, st.plan, st.top, st.topRows, st.topBlank = rr, p, top, topRows, topBlank
	for i, r := range topRows {
		if r == layout.HeaderRow {
			st.hi = i
		}
	}
	return st, nil
}

// pull reads, parses and validates the rest of the file, running insert (a statement
// that selects from congvu_stage) until every good row is in; the problems go to the
// staging rejects table. It closes the reader.
//
// threads > 1 lets that many DuckDB threads pull at once; the rows then reach the table
// out of file order, so the caller must have switched off preserve_insertion_order.
func (st *Staged) pull(ctx context.Context, conn *sql.Conn, insert string, threads int) (err error) {
	if st.rr == nil {
		return fmt.Errorf("stage %s: the rows were read already", st.File)
	}
	rr, p, file, opt, bytesRead := st.rr, st.plan, st.File, st.opt, st.bytesRead
	top, topRows, topBlank, hi := st.top, st.topRows, st.topBlank, st.hi
	st.rr, st.top, st.topRows, st.topBlank = nil, nil, nil, nil
	defer func() { err = errors.Join(err, rr.close()) }()

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type rawRow struct {
		cells []string
		row   int64
	}
	batchSize := duckdb.GetDataChunkCapacity()
	jobs := make(chan []rawRow, workers*2)
	results := make(chan stageResult, workers*2)
	var readErr error
	go func() {
		defer close(jobs)
		batch := make([]rawRow, 0, batchSize)
		emit := func(cells []string, row, blank int64) bool {
			st.Blank += blank
			switch {
			case isBlank(cells):
				st.Blank++
				return true
			case p.isSummary(cells):
				st.Summary++
				return true
			}
			st.Read++
			batch = append(batch, rawRow{cells, row})
			if len(batch) == batchSize {
				select {
				case jobs <- batch:
				case <-ctx.Done():
					return false
				}
				batch = make([]rawRow, 0, batchSize)
			}
			return true
		}
		for i := hi + 1; i < len(top); i++ {
			if !emit(top[i], topRows[i], topBlank[i]) {
				return
			}
		}
		var progressed int64
		for {
			cells, row, blank, err := rr.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				readErr = fmt.Errorf("%w: read %s: %w", ErrRead, file, err)
				cancel()
				return
			}
			if !emit(cells, row, blank) {
				return
			}
			if opt.Progress != nil {
				if bytesRead != nil {
					opt.Progress.Add(*bytesRead - progressed)
					progressed = *bytesRead
				} else {
					opt.Progress.Add(1)
				}
			}
		}
		if len(batch) > 0 {
			select {
			case jobs <- batch:
			case <-ctx.Done():
			}
		}
	}()
	cols, types, _, err := stageColumns(st.Layout.Kind)
	if err != nil {
		return fmt.Errorf("stage %s: %w", file, err)
	}
	width := len(cols)
	pool := &sync.Pool{New: func() any { return &rowBatch{vals: make([]value, batchSize*width)} }}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals := make([]value, width)
			raw := make([]string, width-1)
			for b := range jobs {
				var res stageResult
				good := pool.Get().(*rowBatch)
				good.n = 0
				for _, r := range b {
					probs := p.parse(r.cells, r.row, vals, raw)
					if len(probs) == 0 {
						copy(good.vals[good.n*width:], vals)
						good.n++
						continue
					}
					res.bad++
					rj := p.rawJSON(r.cells)
					for _, e := range probs {
						res.rejects = append(res.rejects, []driver.Value{
							e.Row, e.Letter, e.Column, e.Canon, e.Value, e.Reason.Code, e.Reason.Vi, e.Reason.En, rj})
					}
				}
				res.good = good
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// DuckDB pulls the good rows through congvu_stage; the rejects, few as a rule, go
	// through an Appender between rounds of the pull, so that a file of bad rows is
	// never held in memory whole.
	src := &stageSource{cols: cols, types: types, width: width, results: results, pool: pool, flushWant: 8192, threads: threads}
	writeRejects := func(rows [][]driver.Value) error {
		return conn.Raw(func(dc any) error {
			c, ok := dc.(driver.Conn)
			if !ok {
				return errors.New("not a DuckDB connection")
			}
			app, err := duckdb.NewAppenderFromConn(c, "", st.rejTable)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if err := app.AppendRow(r...); err != nil {
					return errors.Join(err, app.Close())
				}
			}
			return app.Close()
		})
	}
	pullErr := registerStageFunc(conn)
	if pullErr == nil {
		pullErr = src.pull(ctx, conn, st.id, insert, writeRejects)
	}
	if pullErr != nil {
		cancel()
		for range results {
		}
	}
	st.Rejected, st.Problems = src.rejected, src.problems
	if err := errors.Join(readErr, pullErr, ctx.Err()); err != nil {
		if readErr != nil {
			return readErr
		}
		return fmt.Errorf("stage %s: %w", file, err)
	}
	if j, ok := rr.(*jsonlReader); ok {
		st.Unknown = append(st.Unknown, j.lateKeys()...)
	}
	return nil
}

// stageInsert is the statement that pulls the rows into the staging table.
func (st *Staged) stageInsert() string {
	_, _, sel, _ := stageColumns(st.Layout.Kind)
	return fmt.Sprintf("INSERT INTO %s SELECT %s FROM %s(%d::BIGINT)", st.table, sel, stageFunc, st.id)
}

// createTables creates the temporary staging tables of a file.
func (s *Staged) createTables(ctx context.Context, conn *sql.Conn) error {
	s.table = fmt.Sprintf("stage_%d", s.id)
	s.rejTable = fmt.Sprintf("stage_rejects_%d", s.id)
	var cols []string
	cols = append(cols, "_row BIGINT")
	for _, c := range s.Layout.Kind.Cols {
		cols = append(cols, fmt.Sprintf("%s %s", c.Name, c.Type.SQL()))
	}
	q := fmt.Sprintf("CREATE TEMP TABLE %s (%s); CREATE TEMP TABLE %s (%s)", s.table, strings.Join(cols, ", "), s.rejTable,
		"row_number BIGINT, column_letter VARCHAR, column_header VARCHAR, canonical VARCHAR, raw_value VARCHAR, code VARCHAR, reason_vi VARCHAR, reason_en VARCHAR, raw_row VARCHAR")
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("stage %s: %w", s.File, err)
	}
	return nil
}

// Drop removes the staging tables, and closes the file if its rows were not read.
func (s *Staged) Drop(ctx context.Context, conn *sql.Conn) error {
	var cerr error
	if s.rr != nil {
		cerr, s.rr = s.rr.close(), nil
	}
	if s.table == "" {
		return cerr
	}
	_, err := conn.ExecContext(ctx, fmt.Sprintf("DROP TABLE IF EXISTS %s; DROP TABLE IF EXISTS %s", s.table, s.rejTable))
	return errors.Join(cerr, err)
}

func isBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(strings.Trim(c, "\u00a0\ufeff\u200b")) != "" {
			return false
		}
	}
	return true
}

// ---- the per-file parse plan ----

// plan holds what parsing one file's rows needs, computed once.
type plan struct {
	file     string
	kind     *Kind
	layout   *Layout
	pos      []int // per kind column: cell index, or -1
	enums    []*fileEnum
	defaults []string
	times    TimeParser
	keyPos   []int
	items    *itemPlan // a wide questionnaire's item columns (reshape.go); nil for other files
}

// fileEnum is an enum column's labels for one file: the built-in ones plus the mapping's.
type fileEnum struct {
	enum  *Enum
	empty map[string]bool // folded labels that stand for an empty cell ("N/A")
}

func newPlan(file string, l *Layout, m *Mapping) (*plan, error) {
	k := l.Kind
	src := m.source(file)
	p := &plan{file: file, kind: k, layout: l, pos: make([]int, len(k.Cols)),
		enums: make([]*fileEnum, len(k.Cols)), defaults: make([]string, len(k.Cols))}
	p.times.Layouts = m.layouts(src)
	for i := range p.pos {
		p.pos[i] = -1
	}
	for cell, t := range l.Targets {
		if t >= 0 {
			p.pos[t] = cell
		}
	}
	for i, c := range k.Cols {
		if src != nil {
			p.defaults[i] = src.Defaults[c.Name]
		}
		if c.Enum == nil {
			continue
		}
		labels := map[string]string{}
		empty := map[string]bool{}
		add := func(ls map[string]string) {
			for l, v := range ls {
				if v == "" {
					empty[Fold(l)] = true
				} else {
					labels[l] = v
				}
			}
		}
		add(c.Enum.Labels)
		if m != nil {
			add(m.Values[c.Name])
		}
		if src != nil {
			add(src.Values[c.Name])
		}
		en := NewEnum(c.Enum.Name, c.Enum.Canon, labels)
		en.Words = c.Enum.Vi
		p.enums[i] = &fileEnum{enum: en, empty: empty}
	}
	for _, kc := range k.Key {
		for i, c := range k.Cols {
			if c.Name == kc {
				p.keyPos = append(p.keyPos, i)
			}
		}
	}
	return p, nil
}

var summaryKeys = func() []string {
	var out []string
	for _, w := range summaryWords {
		out = append(out, Fold(w))
	}
	return out
}()

// isSummary tells a totals row: one of its first three non-empty cells begins with
// "Tổng số", "Tổng cộng", "Total"…, and its key cells are empty, hold that word or a
// count.
func (p *plan) isSummary(cells []string) bool {
	seen := 0
	found := ""
	for _, c := range cells {
		t := strings.TrimLeft(c, " \t\u00a0")
		if t == "" {
			continue
		}
		seen++
		// Every totals word begins with c, g, s or t (Tổng, Cộng, Total, Grand, Sum):
		// fold only such cells.
		switch t[0] | 0x20 {
		case 'c', 'g', 's', 't':
		default:
			if seen == 3 {
				return false
			}
			continue
		}
		f := Fold(t)
		for _, w := range summaryKeys {
			if strings.HasPrefix(f, w) && (len(f) == len(w) || f[len(w)] == ' ') {
				found = c
			}
		}
		if found != "" || seen == 3 {
			break
		}
	}
	if found == "" {
		return false
	}
	for _, ki := range p.keyPos {
		if ci := p.pos[ki]; ci >= 0 && ci < len(cells) {
			v := strings.TrimSpace(cells[ci])
			if v == "" || v == strings.TrimSpace(found) {
				continue
			}
			if _, err := ParseNumber(v); err != nil {
				return false // a real key, not a count
			}
		}
	}
	return true
}

// rawJSON renders a row as a JSON object of header → cell, to keep a rejected row whole.
func (p *plan) rawJSON(cells []string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, c := range cells {
		h := ""
		if i < len(p.layout.Headers) {
			h = CleanText(p.layout.Headers[i])
		}
		if h == "" {
			h = ColumnLetter(i)
		}
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(h)
		vb, _ := json.Marshal(c)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.String()
}

// problem builds the row error of kind column i.
func (p *plan) problem(row int64, i int, value string, r Reason) RowError {
	e := RowError{File: p.file, Row: row, Canon: p.kind.Cols[i].Name, Value: value, Reason: r}
	if ci := p.pos[i]; ci >= 0 {
		e.Letter = ColumnLetter(ci)
		if ci < len(p.layout.Headers) {
			e.Column = CleanText(p.layout.Headers[ci])
		}
	} else {
		e.Column = p.kind.Cols[i].Vi
	}
	return e
}

// parse turns one row's cells into the staging row in vals (_row first, then the
// kind's columns) and the cleaned cells in raw, or returns the problems that reject it.
// vals and raw are the caller's scratch: len(k.Cols)+1 and len(k.Cols).
func (p *plan) parse(cells []string, row int64, vals []value, raw []string) []RowError {
	k := p.kind
	clear(vals)
	vals[0] = intValue(row)
	var probs []RowError
	for i, c := range k.Cols {
		s := ""
		if ci := p.pos[i]; ci >= 0 && ci < len(cells) {
			s = cells[ci]
		}
		s = CleanText(s)
		if s == "" {
			s = p.defaults[i]
		}
		raw[i] = s
		if s == "" {
			continue
		}
		var v value
		var err error
		switch c.Type {
		case TypeText:
			v = textValue(s)
		case TypeTime:
			var t time.Time
			t, err = p.times.Parse(s)
			v = wall(t)
		case TypeDate:
			var t time.Time
			t, err = p.times.Parse(s)
			y, m, d := t.Date()
			v = intValue(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).UnixMicro())
		case TypeInt:
			var n int64
			n, err = ParseInt(s)
			v = intValue(n)
		case TypeRating:
			var n int64
			n, err = ParseRating(s, 0)
			v = intValue(n)
		case TypeFloat:
			var f float64
			f, err = ParseNumber(s)
			v = floatValue(f)
		case TypeBool:
			var b bool
			b, err = ParseBool(s)
			if b {
				v = intValue(1)
			} else {
				v = intValue(0)
			}
		case TypeEnum:
			fe := p.enums[i]
			if fe.empty[Fold(s)] {
				continue
			}
			var e string
			e, err = fe.enum.Parse(s)
			v = textValue(e)
		}
		if err != nil {
			var ve *ValueError
			r := Reason{Code: "bad_value", Vi: err.Error(), En: err.Error()}
			if errors.As(err, &ve) {
				r = ve.Reason
			}
			probs = append(probs, p.problem(row, i, s, r))
			continue
		}
		vals[i+1] = v
	}
	// Fallbacks: an empty column takes another's value.
	for to, from := range k.Fallback {
		ti, fi := p.colIndex(to), p.colIndex(from)
		if !vals[ti+1].valid && vals[fi+1].valid {
			vals[ti+1] = vals[fi+1]
		}
	}
	for i, c := range k.Cols {
		if c.Required && !vals[i+1].valid && raw[i] == "" {
			if fb, ok := k.Fallback[c.Name]; ok && raw[p.colIndex(fb)] != "" {
				continue // the fallback column was there but bad: already reported
			}
			probs = append(probs, p.problem(row, i, "", Reason{Code: "required",
				Vi: fmt.Sprintf("Thiếu %s: cột này bắt buộc phải có giá trị", c.Vi),
				En: fmt.Sprintf("missing %s: this column is required", strings.ToLower(c.En))}))
		}
	}
	if p.items != nil {
		probs = append(probs, p.items.reshape(p, cells, row, vals)...) // reshape.go
	}
	if check := checks[k.Name]; check != nil && len(probs) == 0 {
		probs = append(probs, check(p, row, vals, raw)...)
	}
	return probs
}

func (p *plan) colIndex(name string) int {
	for i, c := range p.kind.Cols {
		if c.Name == name {
			return i
		}
	}
	panic("ingest: no column " + name)
}

// wall returns a local time as the same wall clock read as UTC, in microseconds: the
// store keeps naive TIMESTAMPs in Vietnamese local time. The zero time is NULL.
func wall(t time.Time) value {
	if t.IsZero() {
		return value{}
	}
	y, m, d := t.Date()
	return intValue(time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC).UnixMicro())
}

// checks are rules across the columns of a row, per kind; they run on rows whose
// cells all parsed. vals are offset by one (_row first).
var checks = map[string]func(p *plan, row int64, vals []value, raw []string) []RowError{
	"cases": checkCase,
}

// day returns the calendar day of a time value (microseconds of the wall clock).
func day(v value) (time.Time, bool) {
	if !v.valid {
		return time.Time{}, false
	}
	t := time.UnixMicro(v.n).UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
}

// checkCase rejects dates that cannot be true of one dossier, and fills the status
// when the file has none: done when it has a completion date, returned when it has a
// return date, else in progress.
func checkCase(p *plan, row int64, vals []value, raw []string) []RowError {
	at := func(name string) int { return p.colIndex(name) }
	rec, _ := day(vals[at("received_at")+1])
	var probs []RowError
	if d, ok := day(vals[at("completed_at")+1]); ok && d.Before(rec) {
		i := at("completed_at")
		probs = append(probs, p.problem(row, i, raw[i], Reason{Code: "completed_before_received",
			Vi: fmt.Sprintf("Ngày có kết quả (%s) trước ngày tiếp nhận (%s)", d.Format("02/01/2006"), rec.Format("02/01/2006")),
			En: fmt.Sprintf("completed (%s) before received (%s)", d.Format("02/01/2006"), rec.Format("02/01/2006"))}))
	}
	if d, ok := day(vals[at("due_at")+1]); ok && d.Before(rec) {
		i := at("due_at")
		probs = append(probs, p.problem(row, i, raw[i], Reason{Code: "due_before_received",
			Vi: fmt.Sprintf("Ngày hẹn trả (%s) trước ngày tiếp nhận (%s)", d.Format("02/01/2006"), rec.Format("02/01/2006")),
			En: fmt.Sprintf("due (%s) before received (%s)", d.Format("02/01/2006"), rec.Format("02/01/2006"))}))
	}
	if d, ok := day(vals[at("returned_at")+1]); ok && d.Before(rec) {
		i := at("returned_at")
		probs = append(probs, p.problem(row, i, raw[i], Reason{Code: "returned_before_received",
			Vi: fmt.Sprintf("Ngày trả kết quả (%s) trước ngày tiếp nhận (%s)", d.Format("02/01/2006"), rec.Format("02/01/2006")),
			En: fmt.Sprintf("returned (%s) before received (%s)", d.Format("02/01/2006"), rec.Format("02/01/2006"))}))
	}
	si := at("status") + 1
	if !vals[si].valid {
		switch {
		case vals[at("returned_at")+1].valid:
			vals[si] = textValue("returned")
		case vals[at("completed_at")+1].valid:
			vals[si] = textValue("done")
		default:
			vals[si] = textValue("in_progress")
		}
	}
	return probs
}
