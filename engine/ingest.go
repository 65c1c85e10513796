package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"congvu/ingest"
)

// Progress draws the progress of long work. The zero of it (nil) is silent.
type Progress interface {
	// Start begins one file: total is its size in units (bytes, or 0 when unknown);
	// the work advances counter. The returned func ends the file.
	Start(name string, total int64, counter *atomic.Int64) (done func())
}

// IngestOptions say how files are ingested. The zero value uses the built-in aliases,
// today's date and no progress.
type IngestOptions struct {
	Mapping  *ingest.Mapping
	AsOf     time.Time // recorded on the run; zero = today in Vietnam
	Progress Progress
	Command  string // recorded on the run ("ingest", "run")
	Version  string
}

// FileResult is what happened to one input file.
type FileResult struct {
	FileID     int64
	Path       string
	Kind       string
	Status     string // loaded | unchanged | failed
	Read       int64
	Loaded     int64
	Rejected   int64
	Superseded int64
	Replaced   int64
	Blank      int64
	Summary    int64
	Unknown    []string
	SameAs     int64 // for unchanged: the earlier file id
	Err        error
}

// IngestResult is what one ingest run did.
type IngestResult struct {
	RunID int64
	Files []FileResult
}

// Rejected counts the rejected rows across files.
func (r *IngestResult) Rejected() int64 {
	var n int64
	for _, f := range r.Files {
		n += f.Rejected
	}
	return n
}

// Failed counts the files that could not be ingested.
func (r *IngestResult) Failed() int {
	n := 0
	for _, f := range r.Files {
		if f.Status == "failed" {
			n++
		}
	}
	return n
}

// ExpandInputs turns files and folders into the list of files to ingest, sorted. A
// folder contributes the files (recursively) whose extension congvu reads, except
// plain .json (often metadata; name such a file directly), hidden files and Excel's
// "~$" lock files.
func ExpandInputs(inputs []string) ([]string, error) {
	var out []string
	for _, in := range inputs {
		path, _ := ingest.SplitSheet(in)
		fi, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
		if !fi.IsDir() {
			out = append(out, in)
			continue
		}
		var found []string
		err = filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if p != path && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") || strings.EqualFold(filepath.Ext(name), ".json") {
				return nil
			}
			if _, err := ingest.DetectFormat(p); err == nil {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in, err)
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// Today returns today's date in Vietnam.
func Today() time.Time {
	y, m, d := time.Now().In(ingest.VN).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Ingest loads the files into the store, each in its own transaction, and records a
// run. A file that cannot be read is recorded as failed and the others go on; rows that
// cannot be read are recorded as rejects. The error is for failures of the store itself.
func (s *Store) Ingest(ctx context.Context, inputs []string, opt IngestOptions) (*IngestResult, error) {
	files, err := ExpandInputs(inputs)
	if err != nil {
		return nil, err
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = Today()
	}
	if opt.Command == "" {
		opt.Command = "ingest"
	}
	runID, err := s.startRun(ctx, opt)
	if err != nil {
		return nil, err
	}
	res := &IngestResult{RunID: runID}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	defer conn.Close()
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return res, errors.Join(err, s.finishRun(context.WithoutCancel(ctx), runID, "failed"))
		}
		fr, err := s.ingestFile(ctx, conn, runID, f, opt)
		if err != nil {
			return res, errors.Join(err, s.finishRun(context.WithoutCancel(ctx), runID, "failed"))
		}
		res.Files = append(res.Files, fr)
	}
	status := "ok"
	switch {
	case res.Failed() > 0:
		status = "failed"
	case res.Rejected() > 0:
		status = "rejects"
	}
	return res, s.finishRun(ctx, runID, status)
}

func (s *Store) startRun(ctx context.Context, opt IngestOptions) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, query("start_run"),
		opt.Command, time.Now().UTC(), opt.AsOf, opt.Version).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	return id, nil
}

func (s *Store) finishRun(ctx context.Context, id int64, status string) error {
	_, err := s.db.ExecContext(ctx, query("finish_run"), time.Now().UTC(), status, id)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", id, err)
	}
	return nil
}

// ingestFile ingests one file. File-level problems become a "failed" result; the
// returned error is for the store.
func (s *Store) ingestFile(ctx context.Context, conn *sql.Conn, runID int64, file string, opt IngestOptions) (FileResult, error) {
	fr := FileResult{Path: file}
	path, sheet := ingest.SplitSheet(file)
	sum, size, err := ingest.Fingerprint(path)
	if err != nil {
		fr.Status, fr.Err = "failed", fmt.Errorf("read %s: %w", file, err)
		return fr, s.recordFile(ctx, conn, runID, &fr, "", 0, nil)
	}
	// The same bytes (and sheet) loaded before: nothing to do. A workbook named without
	// a sheet reads its first one, recorded by name.
	lookSheet := sheet
	if lookSheet == "" {
		lookSheet = ingest.DefaultSheet(path)
	}
	var same sql.NullInt64
	var kind sql.NullString
	err = conn.QueryRowContext(ctx, query("same_file"), sum, lookSheet).Scan(&same, &kind)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fr, fmt.Errorf("look up %s: %w", file, err)
	}
	if same.Valid {
		fr.Status, fr.SameAs, fr.Kind = "unchanged", same.Int64, kind.String
		return fr, s.recordFile(ctx, conn, runID, &fr, sum, size, nil)
	}

	var counter atomic.Int64
	done := func() {}
	if opt.Progress != nil {
		done = opt.Progress.Start(filepath.Base(file), size, &counter)
	}
	st, err := ingest.Open(ctx, conn, file, ingest.Options{Mapping: opt.Mapping, DB: s.db, Progress: &counter})
	if err != nil {
		done()
		if ctx.Err() != nil {
			return fr, ctx.Err()
		}
		fr.Status, fr.Err = "failed", err
		return fr, s.recordFile(ctx, conn, runID, &fr, sum, size, nil)
	}
	defer st.Drop(context.WithoutCancel(ctx), conn)
	fr.Kind = st.Kind().Name

	// One transaction per file: the manifest row, the rows and the rejects together.
	// The rows are read inside it (Load); the counts are filled in once they are known.
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		done()
		return fr, fmt.Errorf("ingest %s: %w", file, err)
	}
	rollback := func(err error) (FileResult, error) {
		_, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return fr, errors.Join(err, rerr)
	}
	fr.Status = "loaded"
	if err := s.recordFile(ctx, conn, runID, &fr, sum, size, st); err != nil {
		done()
		return rollback(err)
	}
	m, err := st.Load(ctx, conn, fr.FileID)
	done()
	if err != nil {
		if ctx.Err() != nil {
			_, rerr := rollback(nil)
			return fr, errors.Join(ctx.Err(), rerr)
		}
		if errors.Is(err, ingest.ErrRead) {
			// The file could not be read to its end: nothing of it stays but its failure.
			if _, rerr := rollback(nil); rerr != nil {
				return fr, rerr
			}
			fr = FileResult{Path: file, Kind: fr.Kind, Status: "failed", Err: err}
			return fr, s.recordFile(ctx, conn, runID, &fr, sum, size, nil)
		}
		return rollback(err)
	}
	fr.Read, fr.Rejected, fr.Blank, fr.Summary, fr.Unknown = st.Read, st.Rejected, st.Blank, st.Summary, st.Unknown
	fr.Loaded, fr.Superseded, fr.Replaced = m.Loaded, m.Superseded, m.Replaced
	if fr.Read != fr.Loaded+fr.Rejected+fr.Superseded {
		return rollback(fmt.Errorf("ingest %s: rows read %d ≠ loaded %d + rejected %d + superseded %d",
			file, fr.Read, fr.Loaded, fr.Rejected, fr.Superseded))
	}
	if _, err := conn.ExecContext(ctx, strings.ReplaceAll(query("file_counts"), "$unknown", sqlList(fr.Unknown)),
		fr.Read, fr.Rejected, fr.Blank, fr.Summary, st.Problems, fr.Loaded, fr.Superseded, fr.Replaced, fr.FileID); err != nil {
		return rollback(fmt.Errorf("ingest %s: %w", file, err))
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return rollback(fmt.Errorf("ingest %s: commit: %w", file, err))
	}
	return fr, nil
}

// recordFile inserts the manifest row of a file and sets fr.FileID.
func (s *Store) recordFile(ctx context.Context, conn *sql.Conn, runID int64, fr *FileResult, sum string, size int64, st *ingest.Staged) error {
	path, sheet := ingest.SplitSheet(fr.Path)
	var format, errText any
	var header any
	if st != nil {
		format, header, sheet = string(st.Format), st.Layout.HeaderRow, st.Sheet
	} else if f, err := ingest.DetectFormat(fr.Path); err == nil {
		format = string(f)
	}
	if fr.Err != nil {
		errText = fr.Err.Error()
	}
	var same any
	if fr.SameAs != 0 {
		same = fr.SameAs
	}
	var problems int64
	if st != nil {
		problems = st.Problems
	}
	unknown := sqlList(fr.Unknown)
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	err = conn.QueryRowContext(ctx, strings.ReplaceAll(query("record_file"), "$unknown", unknown),
		runID, abs, sheet, sum, size, fr.Kind, format, header, fr.Read, fr.Rejected, fr.Blank, fr.Summary, problems,
		fr.Status, same, errText, time.Now().UTC()).Scan(&fr.FileID)
	if err != nil {
		return fmt.Errorf("record %s: %w", fr.Path, err)
	}
	return nil
}

// sqlList renders strings as a DuckDB list literal.
func sqlList(ss []string) string {
	q := make([]string, len(ss))
	for i, u := range ss {
		// a NUL would end the SQL text early in DuckDB's parser: shown as the ␀ symbol
		u = strings.ReplaceAll(u, "\x00", "\u2400")
		q[i] = "'" + strings.ReplaceAll(u, "'", "''") + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}
