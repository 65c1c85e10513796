package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"congvu/ingest"

	"github.com/xuri/excelize/v2"
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

// TestXLSXUnchanged: a workbook ingested again, named without a sheet, is skipped as
// unchanged like a CSV (its first sheet was recorded by name), and so is a copy of it;
// its rejected rows are not recorded twice.
func TestXLSXUnchanged(t *testing.T) {
	s := openTemp(t)
	dir := t.TempDir()
	book := filepath.Join(dir, "book.xlsx")
	f := excelize.NewFile()
	rows := [][]any{{"Mã hồ sơ", "Đơn vị", "Ngày tiếp nhận"}, {"HS1", "U1", "02/01/2025"}, {"HS2", "U1", "31/02/2025"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	f.Close()
	data, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(dir, "copy.xlsx")
	if err := os.WriteFile(cp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	first := ingestFiles(t, s, book).Files[0]
	if first.Status != "loaded" || first.Loaded != 1 || first.Rejected != 1 {
		t.Fatalf("first: %+v", first)
	}
	for _, p := range []string{book, cp, book + "#Sheet1"} {
		if r := ingestFiles(t, s, p).Files[0]; r.Status != "unchanged" {
			t.Errorf("%s again: %s, want unchanged", filepath.Base(p), r.Status)
		}
	}
	var n int
	if err := s.DB().QueryRow("SELECT count(*) FROM rejects").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d reject records, want 1", n)
	}
}
