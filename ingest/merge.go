package ingest

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"fmt"
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
	kind    *Kind
}

func (v mergeView) Cols() string { return v.ColsOf("") }

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

// Merge moves the staged rows into the kind's table and the problems into rejects,
// under the file id fileID. Call it inside a transaction on the same connection that
// staged the file: a failure leaves the store as it was when the caller rolls back.
func (s *Staged) Merge(ctx context.Context, conn *sql.Conn, fileID int64) (Merged, error) {
	var m Merged
	k := s.Layout.Kind
	var buf bytes.Buffer
	if err := mergeTmpl.Execute(&buf, mergeView{T: k.Table, S: s.table, R: s.rejTable, File: fileID, kind: k}); err != nil {
		return m, fmt.Errorf("merge %s: %w", s.File, err)
	}
	var counts []int64
	for _, stmt := range splitSQL(buf.String()) {
		res, err := conn.ExecContext(ctx, stmt)
		if err != nil {
			return m, fmt.Errorf("merge %s into %s: %w", s.File, k.Table, err)
		}
		n, _ := res.RowsAffected()
		counts = append(counts, n)
	}
	// statements: 0 create w, 1 dup in file, 2 identical, 3 replaced, 4 delete, 5 insert, 6 rejects, 7 drop
	if len(counts) != 8 {
		return m, fmt.Errorf("merge %s: expected 8 statements, ran %d", s.File, len(counts))
	}
	m.Superseded = counts[1] + counts[2]
	m.Replaced = counts[3]
	m.Loaded = counts[5]
	return m, nil
}

// splitSQL splits a script on semicolons at line ends, dropping comment-only parts.
func splitSQL(script string) []string {
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
