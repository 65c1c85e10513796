package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeCSV(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodCSV = "Mã hồ sơ,Đơn vị giải quyết,Ngày tiếp nhận\nH1,U1,03/03/2025\nH2,U1,04/03/2025\n"

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := writeCSV(t, dir, "good.csv", goodCSV)
	bad := writeCSV(t, dir, "bad.csv", goodCSV+"H3,U1,=cmd|' /C calc'!A0\n")
	noHeader := writeCSV(t, dir, "noheader.csv", "a,b\n1,2\n")
	store := filepath.Join(dir, "s.duckdb")
	out := filepath.Join(dir, "r.xlsx")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ok", []string{"run", "--in", good, "--store", store, "--out", out, "--as-of", "2025-12-31"}, exitOK, "đọc 2, nạp 2"},
		{"rejects", []string{"ingest", "--in", bad, "--store", store, "--lang", "en"}, exitRejected, "rejected 1"},
		{"failed file", []string{"ingest", noHeader, "--store", store, "--lang", "en"}, exitFailure, "FAIL"},
		{"usage: bad flag", []string{"run", "--nope"}, exitUsage, ""},
		{"usage: bad date", []string{"run", "--in", good, "--store", store, "--as-of", "31/12/2025"}, exitUsage, ""},
		{"usage: bad lang", []string{"report", "--store", store, "--lang", "fr"}, exitUsage, ""},
		{"usage: export without table", []string{"export", "--store", store}, exitUsage, ""},
		{"export unknown table", []string{"export", "--store", store, "--table", "nope", "--out", filepath.Join(dir, "x.csv")}, exitFailure, ""},
		{"report", []string{"report", "--store", store, "--out", out, "--lang", "en"}, exitOK, "workbook written"},
	}
	for _, c := range cases {
		code, stdout, stderr := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(stdout, c.want) {
			t.Errorf("%s: exit %d, want %d; stdout %q stderr %q", c.name, code, c.code, stdout, stderr)
		}
	}
	// The workbook is Vietnamese by default and English with --lang en; the formula-like
	// raw value of the rejected row is text.
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := strings.Join(f.GetSheetList(), "|")
	if !strings.Contains(sheets, "Rejected") {
		t.Errorf("English sheets: %s", sheets)
	}
	found := false
	rows, _ := f.GetRows("Rejected rows")
	for i, r := range rows {
		for j, v := range r {
			if strings.HasPrefix(v, "=cmd") {
				found = true
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if formula, _ := f.GetCellFormula("Rejected rows", cell); formula != "" {
					t.Errorf("%s became a formula: %s", cell, formula)
				}
			}
		}
	}
	if !found {
		t.Errorf("the rejected raw value is not in the rejects sheet: %v", rows)
	}
	code, _, _ := runCLI(t, "report", "--store", store, "--out", out)
	if code != exitOK {
		t.Fatalf("report vi: exit %d", code)
	}
	f2, _ := excelize.OpenFile(out)
	defer f2.Close()
	if s := strings.Join(f2.GetSheetList(), "|"); !strings.Contains(s, "Dòng bị loại") {
		t.Errorf("Vietnamese sheets: %s", s)
	}
}

func TestExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	good := writeCSV(t, dir, "good.csv", goodCSV)
	store := filepath.Join(dir, "s.duckdb")
	if code, _, e := runCLI(t, "ingest", good, "--store", store); code != exitOK {
		t.Fatalf("ingest exit %d: %s", code, e)
	}
	out := filepath.Join(dir, "cases.csv")
	if code, _, e := runCLI(t, "export", "--store", store, "--table", "cases", "--out", out); code != exitOK {
		t.Fatalf("export exit %d: %s", code, e)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "H1,U1,,2025-03-03 00:00:00") || strings.Count(string(b), "\n") != 3 {
		t.Errorf("export:\n%s", b)
	}
}

// TestMissingStore: report, export and scorecard on a mistyped --store are usage errors
// and create nothing; export wants a .csv or .parquet file.
func TestMissingStore(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "typo.duckdb")
	for _, args := range [][]string{
		{"report", "--store", store, "--out", filepath.Join(dir, "r.xlsx")},
		{"export", "--store", store, "--table", "cases", "--out", filepath.Join(dir, "c.csv")},
		{"scorecard", "--store", store, "--officer", "CB1"},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != exitUsage || !strings.Contains(stderr, "no store at") {
			t.Errorf("%s: exit %d, stderr %q; want %d, no store", args[0], code, stderr, exitUsage)
		}
		if _, err := os.Stat(store); err == nil {
			t.Fatalf("%s created %s", args[0], store)
		}
	}
	code, _, stderr := runCLI(t, "export", "--store", store, "--table", "cases", "--out", filepath.Join(dir, "c.xlsx"))
	if code != exitUsage || !strings.Contains(stderr, ".csv or a .parquet") {
		t.Errorf("export to .xlsx: exit %d, stderr %q", code, stderr)
	}
}
