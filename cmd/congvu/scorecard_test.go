package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestScorecardCmd ingests the committed sample and writes the worst officer's
// scorecard; an unknown officer fails, a missing --officer or a bad flag is a usage error.
func TestScorecardCmd(t *testing.T) {
	raw, err := os.ReadFile("../../fixtures/sample/truth.json")
	if err != nil {
		t.Skip("no committed sample")
	}
	var truth struct {
		Worst string `json:"worst_officer_id"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil || truth.Worst == "" {
		t.Fatalf("truth.json: %v", err)
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "s.duckdb")
	if code, _, stderr := runCLI(t, "ingest", "--in", "../../fixtures/sample", "--store", store, "-q"); code != exitRejected {
		t.Fatalf("ingest the sample: exit %d (want %d: its planted bad rows), %s", code, exitRejected, stderr)
	}
	out := filepath.Join(dir, "card.xlsx")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ok", []string{"scorecard", "--officer", truth.Worst, "--store", store, "--out", out}, exitOK, "đã ghi phiếu đánh giá"},
		{"ok en", []string{"scorecard", "--officer", truth.Worst, "--store", store, "--out", out, "--lang", "en", "--to", "2025-12-31"}, exitOK, "scorecard written"},
		{"unknown officer", []string{"scorecard", "--officer", "NOBODY", "--store", store, "--out", filepath.Join(dir, "x.xlsx")}, exitFailure, ""},
		{"usage: no officer", []string{"scorecard", "--store", store}, exitUsage, ""},
		{"usage: bad date", []string{"scorecard", "--officer", truth.Worst, "--store", store, "--from", "1/1/2025"}, exitUsage, ""},
		{"usage: bad lang", []string{"scorecard", "--officer", truth.Worst, "--store", store, "--lang", "fr"}, exitUsage, ""},
	}
	for _, c := range cases {
		code, stdout, stderr := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(stdout, c.want) {
			t.Errorf("%s: exit %d, want %d; stdout %q stderr %q", c.name, code, c.code, stdout, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); err == nil {
		t.Error("a workbook was written for an unknown officer")
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Officer scorecard", "B2"); !strings.HasPrefix(v, truth.Worst) {
		t.Errorf("English scorecard B2 = %q", v)
	}
}
