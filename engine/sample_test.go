package engine

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"congvu/fixtures"
	"congvu/ingest"
)

const sampleDir = "../fixtures/sample"

// readCSV reads an exported table into maps keyed by header.
func readCSV(tb testing.TB, path string) []map[string]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(ingest.VN).Format("2006-01-02 15:04:05")
}

// TestSampleRoundTrip ingests fixtures/sample, exports the cases and the apology
// letters to CSV and compares them, field by field, with the generator's own rows.
func TestSampleRoundTrip(t *testing.T) {
	s := openTemp(t)
	res := ingestFiles(t, s, sampleDir)
	p := fixtures.Generate(fixtures.SampleConfig())
	good := p.GoodCases()

	// Row accounting: every file balances, and the rejects are exactly the planted bad rows.
	var read, loaded, rejected int64
	for _, f := range res.Files {
		if f.Status != "loaded" {
			t.Fatalf("%s: %s %v", f.Path, f.Status, f.Err)
		}
		if f.Read != f.Loaded+f.Rejected+f.Superseded {
			t.Errorf("%s: read %d ≠ %d + %d + %d", f.Path, f.Read, f.Loaded, f.Rejected, f.Superseded)
		}
		if f.Kind == "cases" {
			read, loaded, rejected = read+f.Read, loaded+f.Loaded, rejected+f.Rejected
		}
	}
	if loaded != int64(len(good)) || rejected != int64(len(p.Bad)) || read != int64(len(p.Cases)) {
		t.Errorf("cases read %d loaded %d rejected %d; generator: %d cases, %d good, %d bad", read, loaded, rejected, len(p.Cases), len(good), len(p.Bad))
	}
	rows, err := s.DB().Query(`SELECT regexp_replace(f.path, '.*/', ''), j.row_number, j.column_header FROM rejects j JOIN files f USING (file_id)`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for rows.Next() {
		var file, col string
		var row int64
		rows.Scan(&file, &row, &col)
		got[file+"|"+itoa(int(row))] = true
	}
	rows.Close()
	for _, b := range p.Bad {
		if !got[b.File+"|"+itoa(b.Row)] {
			t.Errorf("planted bad row %s:%d (%s = %q) was not rejected at that row", b.File, b.Row, b.Column, b.Value)
		}
	}
	if len(got) != len(p.Bad) {
		t.Errorf("%d rows rejected, %d planted: %v", len(got), len(p.Bad), got)
	}

	// Round trip through export.
	dir := t.TempDir()
	for _, tbl := range []string{"cases", "apologies"} {
		if err := s.Export(context.Background(), tbl, filepath.Join(dir, tbl+".csv")); err != nil {
			t.Fatal(err)
		}
	}
	cases := map[string]map[string]string{}
	for _, r := range readCSV(t, filepath.Join(dir, "cases.csv")) {
		cases[r["case_id"]] = r
	}
	letters := map[string]map[string]string{}
	for _, r := range readCSV(t, filepath.Join(dir, "apologies.csv")) {
		letters[r["case_id"]] = r
	}
	if len(cases) != len(good) {
		t.Errorf("exported %d cases, want %d", len(cases), len(good))
	}
	mismatches := 0
	for _, c := range good {
		r, ok := cases[c.ID]
		if !ok {
			t.Errorf("case %s missing", c.ID)
			continue
		}
		apology, newDue := r["apology_at"], r["new_due_at"]
		if l, ok := letters[c.ID]; ok && apology == "" {
			apology, newDue = l["issued_at"], l["new_due_at"]
		}
		want := map[string]string{
			"unit_id": c.UnitID, "officer_id": c.OfficerID, "receiver_id": c.ReceiverID, "procedure_code": c.ProcedureCode,
			"field": c.Field, "channel": c.Channel, "status": c.Status, "district_id": c.DistrictID, "applicant": c.Applicant,
			"received_at": ts(c.ReceivedAt), "due_at": ts(c.DueAt), "completed_at": ts(c.CompletedAt), "returned_at": ts(c.ReturnedAt),
		}
		gotAp := map[string]string{"apology_at": apology, "new_due_at": newDue}
		wantAp := map[string]string{"apology_at": ts(c.ApologyAt), "new_due_at": ts(c.NewDueAt)}
		for k, v := range wantAp {
			want[k] = v
			r[k] = gotAp[k]
		}
		for k, v := range want {
			if r[k] != v {
				mismatches++
				if mismatches <= 10 {
					t.Errorf("case %s %s = %q, generator %q", c.ID, k, r[k], v)
				}
			}
		}
	}
	if mismatches > 10 {
		t.Errorf("… %d mismatches in all", mismatches)
	}
	// The formula-like applicant is text in the store.
	if id := p.Truth.FormulaLikeCaseID; id != "" && !strings.HasPrefix(cases[id]["applicant"], "=") {
		t.Errorf("case %s applicant %q, want the text starting with '='", id, cases[id]["applicant"])
	}
}

// TestNYC311Accounting ingests a real case log from another system through the
// committed mapping file: every row is accounted for and the empty due dates load.
func TestNYC311Accounting(t *testing.T) {
	const file = "../../shared/realdata/nyc311/311_nyc_sample.csv"
	if _, err := os.Stat(file); err != nil {
		t.Skip("shared/realdata not beside the checkout")
	}
	m, err := ingest.LoadMapping("../examples/nyc311/mapping.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := openTemp(t)
	res, err := s.Ingest(context.Background(), []string{file}, IngestOptions{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Files[0]
	// Independent count: the file's records, read with encoding/csv.
	fh, _ := os.Open(file)
	recs, err := csv.NewReader(fh).ReadAll()
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	n := int64(len(recs) - 1)
	var noDue, open, na int64
	for _, r := range recs[1:] {
		if r[20] == "" {
			noDue++
		}
		if r[2] == "" {
			open++
		}
		if r[19] == "N/A" {
			na++
		}
	}
	if f.Read != n || f.Read != f.Loaded+f.Rejected+f.Superseded || f.Rejected != 0 || len(f.Unknown) != 0 {
		t.Errorf("nyc311: %+v; file has %d records", f, n)
	}
	var gotNoDue, gotOpen, gotNAOpen int64
	s.DB().QueryRow(`SELECT count(*) FILTER (due_at IS NULL), count(*) FILTER (completed_at IS NULL),
		count(*) FILTER (status = 'in_progress' AND completed_at IS NULL) FROM cases`).Scan(&gotNoDue, &gotOpen, &gotNAOpen)
	if gotNoDue != noDue || gotOpen != open || noDue == 0 {
		t.Errorf("empty due dates %d (file %d), open %d (file %d)", gotNoDue, noDue, gotOpen, open)
	}
	// A US date read as MM/DD: Unique Key 19937896 was created 03/01/2011 02:27:57 PM.
	var created string
	s.DB().QueryRow("SELECT received_at::VARCHAR FROM cases WHERE case_id = '19937896'").Scan(&created)
	if created != "2011-03-01 14:27:57" {
		t.Errorf("19937896 received_at %q, want 2011-03-01 14:27:57", created)
	}
}
