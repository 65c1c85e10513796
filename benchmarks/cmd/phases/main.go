// Command phases times the phases of one congvu ingest of a file into a fresh store:
// open, stage (read, parse, validate, append into the staging table), each statement
// of ingest/merge.sql, commit and close (checkpoint). It is a diagnostic for the ingest
// benchmark (see ../../README.md); it skips the manifest rows, which are a few tiny
// statements. Run it from the module root, where it reads ingest/merge.sql:
//
//	phases --in cases.csv --store phases.duckdb
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/template"
	"time"

	"congvu/engine"
	"congvu/ingest"
)

func main() {
	in := flag.String("in", "", "the file to ingest")
	store := flag.String("store", "phases.duckdb", "the store to create (must not exist)")
	mergeSQL := flag.String("merge-sql", "ingest/merge.sql", "the merge script congvu runs")
	memLimit := flag.String("memory-limit", "", "if set, SET memory_limit to this (e.g. 512MB) before staging: an experiment")
	flag.Parse()
	if *in == "" {
		fmt.Fprintln(os.Stderr, "phases: --in is required")
		os.Exit(2)
	}
	if err := run(*in, *store, *mergeSQL, *memLimit); err != nil {
		fmt.Fprintln(os.Stderr, "phases:", err)
		os.Exit(1)
	}
}

func run(in, store, mergeSQL, memLimit string) error {
	if _, err := os.Stat(store); err == nil {
		return fmt.Errorf("%s exists", store)
	}
	script, err := os.ReadFile(mergeSQL)
	if err != nil {
		return err
	}
	ctx := context.Background()
	total := time.Now()
	t := time.Now()
	lap := func(what string) {
		fmt.Printf("%-40s %8.3fs\n", what, time.Since(t).Seconds())
		t = time.Now()
	}
	s, err := engine.Open(ctx, store)
	if err != nil {
		return err
	}
	defer s.Close()
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if memLimit != "" {
		if _, err := conn.ExecContext(ctx, "SET memory_limit = '"+strings.ReplaceAll(memLimit, "'", "")+"'"); err != nil {
			return err
		}
	}
	lap("open + migrate")
	st, err := ingest.Stage(ctx, conn, in, ingest.Options{DB: s.DB()})
	if err != nil {
		return err
	}
	lap(fmt.Sprintf("stage (%d rows read)", st.Read))
	var stage, rej string
	if err := conn.QueryRowContext(ctx, `SELECT max(table_name) FILTER (WHERE table_name NOT LIKE 'stage_rejects_%'),
		max(table_name) FILTER (WHERE table_name LIKE 'stage_rejects_%')
		FROM duckdb_tables() WHERE temporary AND table_name LIKE 'stage_%'`).Scan(&stage, &rej); err != nil {
		return err
	}
	k := st.Kind()
	var buf bytes.Buffer
	if err := template.Must(template.New("merge").Parse(string(script))).Execute(&buf,
		view{T: k.Table, S: stage, R: rej, File: 1, kind: k}); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	for i, stmt := range split(buf.String()) {
		res, err := conn.ExecContext(ctx, stmt)
		if err != nil {
			return fmt.Errorf("merge statement %d: %w", i, err)
		}
		n, _ := res.RowsAffected()
		first := strings.Fields(stmt)
		lap(fmt.Sprintf("merge %d: %s (%d rows)", i, strings.Join(first[:min(3, len(first))], " "), n))
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	lap("commit")
	if err := conn.Close(); err != nil {
		return err
	}
	// The staging tables are temporary: they went with the connection.
	if err := s.Close(); err != nil {
		return err
	}
	lap("close (checkpoint)")
	fmt.Printf("%-40s %8.3fs\n", "total", time.Since(total).Seconds())
	return nil
}

// view renders merge.sql as ingest's merge does.
type view struct {
	T, S, R string
	File    int64
	kind    *ingest.Kind
}

func (v view) Cols() string { return v.ColsOf("") }

func (v view) ColsOf(a string) string {
	parts := make([]string, len(v.kind.Cols))
	for i, c := range v.kind.Cols {
		parts[i] = c.Name
		if a != "" {
			parts[i] = a + "." + c.Name
		}
	}
	return strings.Join(parts, ", ")
}

func (v view) KeyOf(a string) string {
	parts := make([]string, len(v.kind.Key))
	for i, c := range v.kind.Key {
		parts[i] = a + "." + c
	}
	return strings.Join(parts, ", ")
}

func (v view) On(a, b string) string {
	parts := make([]string, len(v.kind.Key))
	for i, c := range v.kind.Key {
		parts[i] = fmt.Sprintf("%s.%s = %s.%s", a, c, b, c)
	}
	return strings.Join(parts, " AND ")
}

// split splits the script into statements as ingest does.
func split(script string) []string {
	var out []string
	for _, part := range strings.Split(script, ";\n") {
		var lines []string
		for _, l := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(strings.Join(lines, "\n")), ";"))
		}
	}
	return out
}
