package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"congvu/ingest"
)

// A first file that repeats a key goes straight into the empty table and then back
// through the staging merge: the later row wins, the earlier one is superseded.
func TestFirstLoadWithRepeatedKey(t *testing.T) {
	s := openTemp(t)
	f := ingestFiles(t, s, "testdata/cases_v2.csv").Files[0]
	if f.Status != "loaded" || f.Read != 4 || f.Loaded != 3 || f.Superseded != 1 || f.Rejected != 0 {
		t.Fatalf("v2 first: %+v", f)
	}
	var status string
	var n, sup int
	s.DB().QueryRow("SELECT status FROM cases WHERE case_id = 'H5'").Scan(&status)
	s.DB().QueryRow("SELECT count(*) FROM cases").Scan(&n)
	s.DB().QueryRow("SELECT count(*) FROM cases_superseded WHERE case_id = 'H5' AND status = 'in_progress'").Scan(&sup)
	if status != "done" || n != 3 || sup != 1 {
		t.Errorf("H5 %q, cases %d, superseded H5 %d; want done, 3, 1", status, n, sup)
	}
}

// The manifest row written before the rows are read gets its counts at the end.
func TestManifestCountsAfterLoad(t *testing.T) {
	s := openTemp(t)
	ingestFiles(t, s, "testdata/cases_v1.csv")
	var read, rejected, loaded, problems int64
	if err := s.DB().QueryRow("SELECT rows_read, rows_rejected, rows_loaded, problems FROM files").Scan(&read, &rejected, &loaded, &problems); err != nil {
		t.Fatal(err)
	}
	if read != 4 || rejected != 1 || loaded != 3 || problems < 1 {
		t.Errorf("manifest read %d rejected %d loaded %d problems %d", read, rejected, loaded, problems)
	}
	var rej int
	s.DB().QueryRow("SELECT count(*) FROM rejects r JOIN files f USING (file_id)").Scan(&rej)
	if int64(rej) != problems {
		t.Errorf("rejects %d, problems %d", rej, problems)
	}
}

// A file that breaks after its first rows is failed as a whole: none of its rows stay.
func TestReadFailureMidFile(t *testing.T) {
	s := openTemp(t)
	var b strings.Builder
	for i := 0; i < 40; i++ {
		b.WriteString(`{"case_id":"H` + itoa(i) + `","unit_id":"U1","received_at":"2025-03-03"}` + "\n")
	}
	b.WriteString("{not json\n")
	p := filepath.Join(t.TempDir(), "broken.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	f := ingestFiles(t, s, p).Files[0]
	if f.Status != "failed" || !errors.Is(f.Err, ingest.ErrFormat) {
		t.Fatalf("broken file: %+v", f)
	}
	var n, files int
	s.DB().QueryRow("SELECT count(*) FROM cases").Scan(&n)
	s.DB().QueryRow("SELECT count(*) FROM files WHERE status = 'failed'").Scan(&files)
	if n != 0 || files != 1 {
		t.Errorf("cases %d, failed files %d; want 0 and 1", n, files)
	}
}

// TestUnknownHeaderWithNUL: an unknown header holding a NUL byte is recorded (as ␀) and
// the files after it are still ingested; it once ended the SQL text early and failed
// the whole command.
func TestUnknownHeaderWithNUL(t *testing.T) {
	s := openTemp(t)
	dir := t.TempDir()
	a := filepath.Join(dir, "a.csv")
	b := filepath.Join(dir, "b.csv")
	if err := os.WriteFile(a, []byte("Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ghi chú\x00\nHS1,U1,02/01/2025,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte("Mã hồ sơ,Đơn vị,Ngày tiếp nhận\nHS9,U1,02/01/2025\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := ingestFiles(t, s, a, b)
	if len(res.Files) != 2 || res.Files[0].Loaded != 1 || res.Files[1].Loaded != 1 {
		t.Fatalf("files: %+v", res.Files)
	}
	if u := res.Files[0].Unknown; len(u) != 1 || u[0] != "Ghi chú\x00" && u[0] != "Ghi chú␀" {
		t.Errorf("unknown columns %q", u)
	}
	var stored string
	if err := s.DB().QueryRow("SELECT unknown_columns[1] FROM files ORDER BY file_id LIMIT 1").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != "Ghi chú␀" {
		t.Errorf("stored unknown column %q, want %q", stored, "Ghi chú␀")
	}
}
