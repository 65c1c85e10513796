package engine

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"congvu/ingest"
)

// openTemp opens a store file in a temporary folder.
func openTemp(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(context.Background(), filepath.Join(tb.TempDir(), "t.duckdb"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func ingestFiles(tb testing.TB, s *Store, files ...string) *IngestResult {
	tb.Helper()
	res, err := s.Ingest(context.Background(), files, IngestOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// snapshot renders every data table (not the manifest) as text, to compare stores.
func snapshot(tb testing.TB, s *Store) string {
	tb.Helper()
	var b strings.Builder
	for _, k := range ingest.Kinds {
		for _, t := range []string{k.Table, k.Table + "_superseded"} {
			rows, err := s.DB().Query("SELECT * FROM " + t + " ORDER BY ALL")
			if err != nil {
				tb.Fatal(err)
			}
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			b.WriteString("## " + t + "\n")
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					tb.Fatal(err)
				}
				for _, v := range vals {
					b.WriteString(strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(fmtAny(v), "\n", " "), "\t", " ")) + "\t")
				}
				b.WriteString("\n")
			}
			rows.Close()
		}
	}
	var n int
	s.DB().QueryRow("SELECT count(*) FROM rejects").Scan(&n)
	b.WriteString("rejects " + itoa(n))
	return b.String()
}

func TestAccountingAndSupersede(t *testing.T) {
	s := openTemp(t)
	res := ingestFiles(t, s, "testdata/cases_v1.csv")
	f := res.Files[0]
	if f.Status != "loaded" || f.Read != 4 || f.Loaded != 3 || f.Rejected != 1 || f.Superseded != 0 {
		t.Fatalf("v1: %+v", f)
	}
	// v2: H1 identical (superseded by the stored row), H3 newer (replaces v1's H3),
	// H5 twice in the file (the later row wins).
	res = ingestFiles(t, s, "testdata/cases_v2.csv")
	f = res.Files[0]
	if f.Read != 4 || f.Loaded != 2 || f.Rejected != 0 || f.Superseded != 2 || f.Replaced != 1 {
		t.Fatalf("v2: %+v", f)
	}
	var status, completed string
	if err := s.DB().QueryRow("SELECT status, completed_at::VARCHAR FROM cases WHERE case_id = 'H3'").Scan(&status, &completed); err != nil {
		t.Fatal(err)
	}
	if status != "returned" || completed != "2025-03-11 15:00:00" {
		t.Errorf("H3 = %s %s, want the v2 version", status, completed)
	}
	if err := s.DB().QueryRow("SELECT status FROM cases WHERE case_id = 'H5'").Scan(&status); err != nil || status != "done" {
		t.Errorf("H5 status %q (%v), want done: the later row of the file", status, err)
	}
	var n, keys int
	s.DB().QueryRow("SELECT count(*), count(DISTINCT case_id) FROM cases").Scan(&n, &keys)
	if n != 4 || keys != 4 {
		t.Errorf("cases %d rows, %d keys; want 4 and 4 (H1 H2 H3 H5)", n, keys)
	}
	// The live accounting holds for both files after v2 took H3 from v1.
	rows, err := s.DB().Query("SELECT path, rows_read, rows_loaded, rows_rejected, rows_superseded FROM file_accounting ORDER BY file_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := map[string][4]int64{"cases_v1.csv": {4, 2, 1, 1}, "cases_v2.csv": {4, 2, 0, 2}}
	for rows.Next() {
		var p string
		var r [4]int64
		rows.Scan(&p, &r[0], &r[1], &r[2], &r[3])
		if r[0] != r[1]+r[2]+r[3] {
			t.Errorf("%s: read %d ≠ loaded %d + rejected %d + superseded %d", p, r[0], r[1], r[2], r[3])
		}
		if w := want[filepath.Base(p)]; w != r {
			t.Errorf("%s: accounting %v, want %v", filepath.Base(p), r, w)
		}
	}
}

func TestReingestChangesNothing(t *testing.T) {
	s := openTemp(t)
	ingestFiles(t, s, "testdata/cases_v1.csv", "testdata/cases_v2.csv")
	before := snapshot(t, s)
	res := ingestFiles(t, s, "testdata/cases_v1.csv", "testdata/cases_v2.csv")
	for _, f := range res.Files {
		if f.Status != "unchanged" {
			t.Errorf("%s: status %s, want unchanged", f.Path, f.Status)
		}
	}
	if after := snapshot(t, s); after != before {
		t.Errorf("re-ingesting changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	// The same rows under another name (other bytes: a trailing blank line) change no data either.
	other := filepath.Join(t.TempDir(), "copy.csv")
	b, _ := os.ReadFile("testdata/cases_v2.csv")
	os.WriteFile(other, append(b, '\n'), 0o644)
	res = ingestFiles(t, s, other)
	if f := res.Files[0]; f.Status != "loaded" || f.Loaded != 0 || f.Superseded != 4 || f.Read != 4 {
		t.Errorf("copy: %+v, want 4 read, all superseded (3 by identical stored rows, 1 by a later row)", f)
	}
	if after := snapshot(t, s); strings.Count(after, "\n") <= strings.Count(before, "\n") {
		t.Errorf("identical rows should be kept in cases_superseded")
	}
	var n int
	s.DB().QueryRow("SELECT count(*) FROM cases").Scan(&n)
	if n != 4 {
		t.Errorf("cases = %d, want 4", n)
	}
}

func TestSecondWriterFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.duckdb")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = Open(context.Background(), path)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "another congvu process") {
		t.Fatalf("second open: %v, want ErrLocked naming the other process", err)
	}
	s.Close()
	s2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	s2.Close()
}

func TestFailedMergeLeavesStoreAsBefore(t *testing.T) {
	s := openTemp(t)
	ingestFiles(t, s, "testdata/cases_v1.csv")
	before := snapshot(t, s)
	var files int
	s.DB().QueryRow("SELECT count(*) FROM files").Scan(&files)
	// Make the merge fail half way, after it has copied the replaced rows into
	// cases_superseded: cases becomes a view, from which it cannot DELETE.
	if _, err := s.DB().Exec("ALTER TABLE cases RENAME TO cases_real; CREATE VIEW cases AS SELECT * FROM cases_real"); err != nil {
		t.Fatal(err)
	}
	_, err := s.Ingest(context.Background(), []string{"testdata/cases_v2.csv"}, IngestOptions{})
	if err == nil {
		t.Fatal("ingest should fail when the merge fails")
	}
	if _, err := s.DB().Exec("DROP VIEW cases; ALTER TABLE cases_real RENAME TO cases"); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, s); after != before {
		t.Errorf("a failed file changed the store:\n%s\n---\n%s", before, after)
	}
	var files2 int
	s.DB().QueryRow("SELECT count(*) FROM files").Scan(&files2)
	if files2 != files {
		t.Errorf("files %d → %d: the failed file's manifest row must roll back too", files, files2)
	}
}

func TestExport(t *testing.T) {
	s := openTemp(t)
	ingestFiles(t, s, "testdata/cases_v1.csv")
	dir := t.TempDir()
	out := filepath.Join(dir, "cases.csv")
	if err := s.Export(context.Background(), "cases", out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if lines := strings.Count(string(b), "\n"); lines != 4 {
		t.Errorf("export has %d lines, want header + 3", lines)
	}
	if err := s.Export(context.Background(), "cases; DROP TABLE cases", filepath.Join(dir, "x.csv")); !errors.Is(err, ErrUnknownTable) {
		t.Errorf("unknown table: %v", err)
	}
	if err := s.Export(context.Background(), "cases", filepath.Join(dir, "x.parquet")); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestSchemaMatchesKinds checks that each kind's table has the registry's columns, in order.
func TestSchemaMatchesKinds(t *testing.T) {
	s := openTemp(t)
	for _, k := range ingest.Kinds {
		for _, table := range []string{k.Table, k.Table + "_superseded"} {
			rows, err := s.DB().Query(`SELECT column_name, data_type FROM information_schema.columns
				WHERE table_name = ? ORDER BY ordinal_position`, table)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var n, ty string
				rows.Scan(&n, &ty)
				got = append(got, n+" "+ty)
			}
			rows.Close()
			var want []string
			for _, c := range k.Cols {
				want = append(want, c.Name+" "+c.Type.SQL())
			}
			want = append(want, "_file_id BIGINT", "_row BIGINT", "_hash UBIGINT")
			if strings.HasSuffix(table, "_superseded") {
				want = append(want, "_by_file_id BIGINT", "_by_row BIGINT")
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s:\n got  %v\n want %v", table, got, want)
			}
		}
	}
}

// TestImportDirection asserts DESIGN.md's package boundaries with go list -deps.
func TestImportDirection(t *testing.T) {
	forbidden := map[string][]string{
		"congvu/ingest":   {"congvu/engine", "congvu/metrics", "congvu/reports", "github.com/spf13/cobra"},
		"congvu/metrics":  {"congvu/engine", "congvu/ingest", "congvu/reports", "github.com/spf13/cobra", "github.com/xuri/excelize/v2"},
		"congvu/reports":  {"congvu/engine", "congvu/ingest", "github.com/duckdb/duckdb-go/v2", "github.com/spf13/cobra"},
		"congvu/fixtures": {"congvu/engine", "congvu/ingest", "congvu/metrics", "congvu/reports"},
		"congvu/engine":   {"github.com/spf13/cobra", "congvu/cmd/congvu"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			if strings.Contains(string(out), "cannot find") || strings.Contains(string(out), "no Go files") || strings.Contains(string(out), "is not in std") {
				continue // package not written yet
			}
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		deps := map[string]bool{}
		for _, d := range strings.Fields(string(out)) {
			deps[d] = true
		}
		for _, b := range bad {
			if deps[b] {
				t.Errorf("%s imports %s, which DESIGN.md forbids", pkg, b)
			}
		}
	}
}
