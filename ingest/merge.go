package ingest

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"runtime"
	"strings"
	"text/template"
)

//go:embed merge.sql
var mergeSQL string

var mergeTmpl = template.Must(template.New("merge").Parse(mergeSQL))

// Merged counts what a merge did with a file's staged rows.
type Merged struct {
	Loaded     int64 // rows that are now the current version of their key
	Superseded int64 // rows of this file not kept current: an identical or later row of the same key won
	Replaced   int64 // rows of earlier files that this file's rows replaced
}

type mergeView struct {
	T, S, R string
	File    int64
	Dups    bool   // the file repeats keys
	Rows    string // the file's rows as the staging table holds them: a table or a subquery
	kind    *Kind
}

// ColsOf lists the kind's columns, qualified by alias a.
func (v mergeView) ColsOf(a string) string {
	parts := make([]string, len(v.kind.Cols))
	for i, c := range v.kind.Cols {
		if a == "" {
			parts[i] = c.Name
		} else {
			parts[i] = a + "." + c.Name
		}
	}
	return strings.Join(parts, ", ")
}

// KeyOf lists the key columns, qualified by alias a.
func (v mergeView) KeyOf(a string) string {
	parts := make([]string, len(v.kind.Key))
	for i, c := range v.kind.Key {
		parts[i] = a + "." + c
	}
	return strings.Join(parts, ", ")
}

// On is the key equality between aliases a and b.
func (v mergeView) On(a, b string) string {
	parts := make([]string, len(v.kind.Key))
	for i, c := range v.kind.Key {
		parts[i] = fmt.Sprintf("%s.%s = %s.%s", a, c, b, c)
	}
	return strings.Join(parts, " AND ")
}

// Load reads the rows of a file that Open left unread and merges them into the kind's
// table, under the file id fileID, like Stage and Merge together. Call it inside a
// transaction on the connection that opened the file.
//
// When the kind's table is empty (the usual first load), the rows go straight into it,
// with no staging table in between; if the file then turns out to repeat a key, they
// are moved back into the staging table and merged from there. A read failure is
// ErrRead; the caller rolls back.
func (s *Staged) Load(ctx context.Context, conn *sql.Conn, fileID int64) (Merged, error) {
	var m Merged
	k := s.Layout.Kind
	_, _, sel, err := stageColumns(k)
	if err != nil {
		return m, fmt.Errorf("merge %s: %w", s.File, err)
	}
	v := mergeView{T: k.Table, S: s.table, R: s.rejTable, File: fileID, kind: k,
		Rows: fmt.Sprintf("(SELECT %s FROM %s(%d::BIGINT))", sel, stageFunc, s.id)}
	run := func(block string) (string, error) {
		var buf bytes.Buffer
		if err := mergeTmpl.ExecuteTemplate(&buf, block, v); err != nil {
			return "", fmt.Errorf("merge %s: %w", s.File, err)
		}
		return buf.String(), nil
	}
	q, err := run("empty")
	if err != nil {
		return m, err
	}
	var stored int64
	if err := conn.QueryRowContext(ctx, q).Scan(&stored); err != nil {
		return m, fmt.Errorf("merge %s: %w", s.File, err)
	}
	if stored > 0 {
		if err := s.pull(ctx, conn, s.stageInsert(), 1); err != nil {
			return m, err
		}
		return s.Merge(ctx, conn, fileID)
	}
	if q, err = run("direct"); err != nil {
		return m, err
	}
	// The table's order is not the file's (_row keeps that), so DuckDB may pull and
	// insert on all its threads. Not for Parquet, whose reader is itself a DuckDB query
	// that must keep the file's order.
	threads := 1
	if s.Format != Parquet && runtime.GOMAXPROCS(0) > 1 {
		if _, err := conn.ExecContext(ctx, "SET preserve_insertion_order = false"); err != nil {
			return m, fmt.Errorf("merge %s: %w", s.File, err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "RESET preserve_insertion_order")
		threads = runtime.GOMAXPROCS(0)
	}
	if err := s.pull(ctx, conn, q, threads); err != nil {
		return m, err
	}
	var rows, keys int64
	if q, err = run("loaded"); err != nil {
		return m, err
	}
	if err := conn.QueryRowContext(ctx, q).Scan(&rows, &keys); err != nil {
		return m, fmt.Errorf("merge %s: %w", s.File, err)
	}
	if keys < rows {
		// The file repeats keys: take its rows back out and merge them as staged rows.
		if q, err = run("unload"); err != nil {
			return m, err
		}
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return m, fmt.Errorf("merge %s into %s (unload): %w", s.File, k.Table, err)
		}
		return s.Merge(ctx, conn, fileID)
	}
	m.Loaded = rows
	if s.Problems > 0 {
		if q, err = run("rejects"); err != nil {
			return m, err
		}
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return m, fmt.Errorf("merge %s into %s (rejects): %w", s.File, k.Table, err)
		}
	}
	return m, nil
}

// Merge moves the staged rows into the kind's table and the problems into rejects,
// under the file id fileID. Call it inside a transaction on the same connection that
// staged the file: a failure leaves the store as it was when the caller rolls back.
func (s *Staged) Merge(ctx context.Context, conn *sql.Conn, fileID int64) (Merged, error) {
	var m Merged
	k := s.Layout.Kind
	v := mergeView{T: k.Table, S: s.table, R: s.rejTable, File: fileID, kind: k}
	exec := func(block string) (int64, error) {
		var buf bytes.Buffer
		if err := mergeTmpl.ExecuteTemplate(&buf, block, v); err != nil {
			return 0, fmt.Errorf("merge %s: %w", s.File, err)
		}
		res, err := conn.ExecContext(ctx, buf.String())
		if err != nil {
			return 0, fmt.Errorf("merge %s into %s (%s): %w", s.File, k.Table, block, err)
		}
		n, _ := res.RowsAffected()
		return n, nil
	}
	var keys, rows int64
	if err := conn.QueryRowContext(ctx, fmt.Sprintf("SELECT count(DISTINCT (%s)), count(*) FROM %s", v.KeyOf(s.table), s.table)).Scan(&keys, &rows); err != nil {
		return m, fmt.Errorf("merge %s: %w", s.File, err)
	}
	v.Dups = keys < rows
	query := func(block string, dest ...any) error {
		var buf bytes.Buffer
		if err := mergeTmpl.ExecuteTemplate(&buf, block, v); err != nil {
			return err
		}
		if err := conn.QueryRowContext(ctx, buf.String()).Scan(dest...); err != nil {
			return fmt.Errorf("merge %s (%s): %w", s.File, block, err)
		}
		return nil
	}
	if !v.Dups {
		var overlap int64
		if err := query("overlap", &overlap); err != nil {
			return m, err
		}
		if overlap == 0 {
			n, err := exec("fresh")
			if err != nil {
				return m, err
			}
			m.Loaded = n
			if s.Problems > 0 {
				if _, err := exec("rejects"); err != nil {
					return m, err
				}
			}
			return m, nil
		}
	}
	if _, err := exec("work"); err != nil {
		return m, err
	}
	var dups, same, changed int64
	if err := query("counts", &dups, &same, &changed); err != nil {
		return m, err
	}
	steps := []struct {
		block string
		run   bool
		into  *int64
	}{
		{"dups", dups > 0, nil},
		{"identical", same > 0, nil},
		{"replaced", changed > 0, &m.Replaced},
		{"delete", changed > 0, nil},
		{"insert", true, &m.Loaded},
		{"rejects", s.Problems > 0, nil},
		{"drop", true, nil},
	}
	for _, st := range steps {
		if !st.run {
			continue
		}
		n, err := exec(st.block)
		if err != nil {
			return m, err
		}
		if st.into != nil {
			*st.into = n
		}
	}
	m.Superseded = dups + same
	return m, nil
}
