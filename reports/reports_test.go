package reports

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var ict = time.FixedZone("ICT", 7*3600)

// nfd returns s in decomposed form, as macOS file names and some exports
// deliver Vietnamese text.
func nfd(s string) string { return norm.NFD.String(s) }

// sampleReport is a run over two files: a good XLSX of cases with three
// rejects (two of them formula-looking, one in NFD), and a CSV of camera
// incidents whose counts do not add up.
func sampleReport() *RunReport {
	at := time.Date(2025, 4, 1, 8, 30, 15, 0, ict)
	return &RunReport{
		AsOf:        time.Date(2025, 3, 31, 17, 0, 0, 0, ict),
		GeneratedAt: at,
		Store:       "/srv/congvu/congvu.duckdb",
		Files: []FileSummary{{
			Path: nfd("dữ liệu/Hồ sơ quý 1.xlsx"), Kind: "cases", Format: "xlsx", Sheet: "Hồ sơ",
			HeaderRow: 3, Read: 1200, Loaded: 1190, Rejected: 2, Superseded: 8, Blank: 2, Summary: 1,
			UnknownColumns: []string{"Ghi chú", `=HYPERLINK("http://x")`},
			Status:         "loaded", RunID: 7, IngestedAt: at.Add(-time.Minute),
		}, {
			Path: "camera.csv", Kind: "camera", Format: "csv",
			Read: 10, Loaded: 9,
			Status: "failed", Error: "-lỗi: dấu ngoặc kép không đóng ở dòng 4", RunID: 7,
		}},
		Rejects: []Reject{
			{File: nfd("dữ liệu/Hồ sơ quý 1.xlsx"), Row: 5, Column: "received_at", Value: "=1+2",
				ReasonVi: "Ngày không hợp lệ", ReasonEn: "Invalid date"},
			{File: nfd("dữ liệu/Hồ sơ quý 1.xlsx"), Row: 9, Column: "unit_id", Value: "@SUM(A1)",
				ReasonVi: "Mã đơn vị không có trong danh mục", ReasonEn: "Unit not in the reference list"},
			{File: nfd("dữ liệu/Hồ sơ quý 1.xlsx"), Row: 9, Column: "officer_id", Value: nfd("Nguyễn Văn Ánh"),
				ReasonVi: nfd("Không tìm thấy cán bộ")},
		},
		TotalRejects: 3,
		Tables:       []TableCount{{"cases", 1190}, {"camera", 0}, {"rejects", 3}},
	}
}

// write writes r to a fresh directory and opens the result.
func write(t *testing.T, r *RunReport, opt Options) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "run.xlsx")
	if err := WriteRunReport(path, r, opt); err != nil {
		t.Fatalf("WriteRunReport: %v", err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// cellInfo is one non-empty cell as read back.
type cellInfo struct {
	sheet, ref, typ, format, value, formula string
	bold                                    bool
}

// cells reads every non-empty cell of every sheet, in order.
func cells(t *testing.T, f *excelize.File) []cellInfo {
	t.Helper()
	var out []cellInfo
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				ci := cellInfo{sheet: sheet, ref: ref, value: v}
				typ, err := f.GetCellType(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				if ci.formula, err = f.GetCellFormula(sheet, ref); err != nil {
					t.Fatal(err)
				}
				id, err := f.GetCellStyle(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				ci.format = formatOf(st)
				ci.bold = st.Font != nil && st.Font.Bold
				switch {
				case ci.formula != "":
					ci.typ = "formula"
				case typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString:
					ci.typ = "string"
				case typ == excelize.CellTypeBool:
					ci.typ = "bool"
				case typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset:
					ci.typ = "number"
					if strings.Contains(ci.format, "yy") {
						ci.typ = "date"
					}
				default:
					ci.typ = fmt.Sprintf("celltype%d", typ)
				}
				out = append(out, ci)
			}
		}
	}
	return out
}

func formatOf(st *excelize.Style) string {
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if st.NumFmt == 0 {
		return "General"
	}
	return fmt.Sprintf("builtin:%d", st.NumFmt)
}

// dump renders a workbook as text: the sheet names; per sheet its frozen
// pane, autofilter, column widths and bold cells; then one line per cell,
// "Sheet!A1<TAB>type<TAB>format<TAB>value" with the value Go-quoted.
func dump(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "sheets\t%s\n", strings.Join(f.GetSheetList(), "\t"))
	all := cells(t, f)
	for _, sheet := range f.GetSheetList() {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if panes.Freeze {
			fmt.Fprintf(&b, "%s!freeze\t%s\n", sheet, panes.TopLeftCell)
		}
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == sheet {
				fmt.Fprintf(&b, "%s!filter\t%s\n", sheet, dn.RefersTo)
			}
		}
		maxCol := 0
		var bold []string
		for _, c := range all {
			if c.sheet != sheet {
				continue
			}
			col, _, _ := excelize.CellNameToCoordinates(c.ref)
			maxCol = max(maxCol, col)
			if c.bold {
				bold = append(bold, c.ref)
			}
		}
		var widths []string
		for col := 1; col <= maxCol; col++ {
			name, _ := excelize.ColumnNumberToName(col)
			w, err := f.GetColWidth(sheet, name)
			if err != nil {
				t.Fatal(err)
			}
			widths = append(widths, fmt.Sprintf("%s=%g", name, w))
		}
		fmt.Fprintf(&b, "%s!widths\t%s\n", sheet, strings.Join(widths, " "))
		fmt.Fprintf(&b, "%s!bold\t%s\n", sheet, strings.Join(bold, " "))
		for _, c := range all {
			if c.sheet == sheet {
				fmt.Fprintf(&b, "%s!%s\t%s\t%s\t%q\n", c.sheet, c.ref, c.typ, c.format, c.value)
			}
		}
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, lang := range []Lang{Vietnamese, English} {
		t.Run(string(lang), func(t *testing.T) {
			compareGolden(t, "run_"+string(lang)+".golden", dump(t, write(t, sampleReport(), Options{Lang: lang})))
		})
	}
}

// TestSampleContent checks by hand what the golden files must hold, so an
// -update cannot bless a wrong workbook unnoticed.
func TestSampleContent(t *testing.T) {
	f := write(t, sampleReport(), Options{})
	if got, want := f.GetSheetList(), []string{"Tổng quan", "Tệp nhập", "Dòng bị loại", "Cột không nhận diện"}; !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	byRef := map[string]cellInfo{}
	for _, c := range cells(t, f) {
		byRef[c.sheet+"!"+c.ref] = c
	}
	for _, tc := range []struct{ ref, typ, format, value string }{
		{"Tổng quan!B3", "date", "dd/mm/yyyy", "45747"}, // 31/03/2025
		{"Tổng quan!B4", "date", "dd/mm/yyyy hh:mm:ss", "45748.35434027778"},
		{"Tổng quan!B5", "string", "General", "/srv/congvu/congvu.duckdb"},
		{"Tổng quan!B10", "number", "#,##0", "1210"},
		{"Tổng quan!B14", "string", "General", "Sai"},
		{"Tệp nhập!A1", "string", "General", "Tệp"},
		{"Tệp nhập!A2", "string", "General", "dữ liệu/Hồ sơ quý 1.xlsx"},
		{"Tệp nhập!E2", "number", "0", "3"},
		{"Tệp nhập!F2", "number", "#,##0", "1200"},
		{"Tệp nhập!J2", "string", "General", "Đúng"},
		{"Tệp nhập!J3", "string", "General", "Sai"},
		{"Tệp nhập!M3", "string", "General", "Lỗi"},
		{"Tệp nhập!N3", "string", "General", "-lỗi: dấu ngoặc kép không đóng ở dòng 4"},
		{"Tệp nhập!O2", "string", "General", `Ghi chú; =HYPERLINK("http://x")`},
		{"Dòng bị loại!B2", "number", "0", "5"},
		{"Dòng bị loại!D2", "string", "General", "=1+2"},
		{"Dòng bị loại!D3", "string", "General", "@SUM(A1)"},
		{"Dòng bị loại!D4", "string", "General", "Nguyễn Văn Ánh"},
		{"Cột không nhận diện!B3", "string", "General", `=HYPERLINK("http://x")`},
	} {
		c, ok := byRef[tc.ref]
		if !ok {
			t.Errorf("%s: empty", tc.ref)
			continue
		}
		if c.typ != tc.typ || c.format != tc.format || c.value != tc.value {
			t.Errorf("%s = %s %q %q, want %s %q %q", tc.ref, c.typ, c.format, c.value, tc.typ, tc.format, tc.value)
		}
	}
	for _, sheet := range f.GetSheetList()[1:] {
		if c := byRef[sheet+"!A1"]; !c.bold {
			t.Errorf("%s!A1 header is not bold", sheet)
		}
		if p, _ := f.GetPanes(sheet); !p.Freeze || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want header row frozen", sheet, p)
		}
	}
}

func TestNoFormulas(t *testing.T) {
	f := write(t, sampleReport(), Options{Lang: English})
	for _, c := range cells(t, f) {
		if c.formula != "" || c.typ == "formula" {
			t.Errorf("%s!%s holds formula %q", c.sheet, c.ref, c.formula)
		}
	}
	for _, tc := range []struct{ sheet, ref, want string }{
		{"Rejected rows", "D2", "=1+2"},
		{"Rejected rows", "D3", "@SUM(A1)"},
		{"Unknown columns", "B3", `=HYPERLINK("http://x")`},
		{"Files", "N3", "-lỗi: dấu ngoặc kép không đóng ở dòng 4"},
	} {
		formula, err := f.GetCellFormula(tc.sheet, tc.ref)
		if err != nil || formula != "" {
			t.Errorf("%s!%s formula = %q, %v; want none", tc.sheet, tc.ref, formula, err)
		}
		got, err := f.GetCellValue(tc.sheet, tc.ref)
		if err != nil || got != tc.want {
			t.Errorf("%s!%s = %q, %v; want %q", tc.sheet, tc.ref, got, err, tc.want)
		}
		typ, _ := f.GetCellType(tc.sheet, tc.ref)
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s!%s cell type = %v, want a string", tc.sheet, tc.ref, typ)
		}
	}
}

func TestNFC(t *testing.T) {
	f := write(t, sampleReport(), Options{Lang: English})
	for _, c := range cells(t, f) {
		if c.typ == "string" && !norm.NFC.IsNormalString(c.value) {
			t.Errorf("%s!%s = %q is not NFC", c.sheet, c.ref, c.value)
		}
	}
	// The English reason is empty, so the Vietnamese one stands in.
	for ref, want := range map[string]string{"D4": "Nguyễn Văn Ánh", "E4": "Không tìm thấy cán bộ", "E2": "Invalid date"} {
		got, _ := f.GetCellValue("Rejected rows", ref)
		if got != norm.NFC.String(want) {
			t.Errorf("Rejected rows!%s = %q, want %q", ref, got, want)
		}
	}
}

func TestTruncatedRejects(t *testing.T) {
	r := sampleReport()
	r.Rejects = nil
	for i := range 5 {
		r.Rejects = append(r.Rejects, Reject{File: "a.csv", Row: int64(i + 2), Column: "unit_id", Value: "x", ReasonVi: "sai", ReasonEn: "bad"})
	}
	r.TotalRejects = 1234 // the caller passed only 5 of them
	for _, tc := range []struct {
		lang Lang
		max  int
		rows int // data rows listed
		note string
	}{
		{Vietnamese, 2, 2, "Còn 1.232 lỗi nữa không hiển thị ở đây (tổng cộng 1.234). Lệnh `congvu export --table rejects --out rejects.csv` xuất toàn bộ."},
		{English, 2, 2, "1,232 more not shown here (1,234 in all). `congvu export --table rejects --out rejects.csv` writes them all."},
		{English, 0, 5, "1,229 more not shown here (1,234 in all). `congvu export --table rejects --out rejects.csv` writes them all."},
		{English, -1, 0, "1,234 more not shown here (1,234 in all). `congvu export --table rejects --out rejects.csv` writes them all."},
	} {
		t.Run(fmt.Sprintf("%s/max=%d", tc.lang, tc.max), func(t *testing.T) {
			f := write(t, r, Options{Lang: tc.lang, MaxRejectRows: tc.max})
			sheet := f.GetSheetList()[2]
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1+tc.rows+1 {
				t.Fatalf("%d rows, want header + %d + note: %q", len(rows), tc.rows, rows)
			}
			for i, row := range rows[1 : 1+tc.rows] {
				if row[1] != fmt.Sprint(i+2) {
					t.Errorf("data row %d = %q, want source row %d", i+1, row, i+2)
				}
			}
			if got := rows[len(rows)-1]; len(got) != 1 || got[0] != tc.note {
				t.Errorf("note = %q\nwant %q", got, tc.note)
			}
			want := fmt.Sprintf("'%s'!$A$1:$E$%d", sheet, tc.rows+1)
			var got string
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == sheet {
					got = dn.RefersTo
				}
			}
			if got != want {
				t.Errorf("autofilter = %q, want %q (data rows only)", got, want)
			}
		})
	}
}

func TestNoRejects(t *testing.T) {
	r := sampleReport()
	r.Rejects, r.TotalRejects = nil, 0
	f := write(t, r, Options{Lang: English})
	rows, _ := f.GetRows("Rejected rows")
	if len(rows) != 2 || rows[1][0] != "No rows were rejected." {
		t.Errorf("rows = %q", rows)
	}
}

func TestDefaultMaxRejectRows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100001 rejects")
	}
	r := &RunReport{AsOf: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	r.Rejects = make([]Reject, 100001)
	for i := range r.Rejects {
		r.Rejects[i] = Reject{File: "big.csv", Row: int64(i + 2), Column: "case_id", Value: "=A1", ReasonEn: "duplicate"}
	}
	f := write(t, r, Options{Lang: English})
	rows, err := f.GetRows("Rejected rows")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 100002 {
		t.Fatalf("%d rows, want header + 100000 + note", len(rows))
	}
	if got := rows[100000][3]; got != "=A1" {
		t.Errorf("last listed value = %q", got)
	}
	if got := rows[100001][0]; !strings.HasPrefix(got, "1 more not shown here (100,001 in all).") {
		t.Errorf("note = %q", got)
	}
}

func TestWriteReplacesExisting(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.xlsx")
	if err := os.WriteFile(path, []byte("old contents"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteRunReport(path, sampleReport(), DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("replaced file does not open: %v", err)
	}
	f.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want the old file's 0600", fi.Mode().Perm())
	}
	assertEntries(t, dir, "run.xlsx")
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	t.Run("no directory", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteRunReport(filepath.Join(dir, "missing", "run.xlsx"), sampleReport(), Options{}); err == nil {
			t.Fatal("no error")
		}
		assertEntries(t, dir)
	})
	t.Run("rename fails", func(t *testing.T) {
		// The target is a non-empty directory: the workbook and its
		// temporary file get written, and the rename onto it fails.
		dir := t.TempDir()
		path := filepath.Join(dir, "run.xlsx")
		if err := os.MkdirAll(filepath.Join(path, "keep"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := WriteRunReport(path, sampleReport(), Options{}); err == nil {
			t.Fatal("no error")
		}
		assertEntries(t, dir, "run.xlsx")
	})
	t.Run("bad language", func(t *testing.T) {
		dir := t.TempDir()
		err := WriteRunReport(filepath.Join(dir, "run.xlsx"), sampleReport(), Options{Lang: "fr"})
		if !errors.Is(err, ErrLang) {
			t.Fatalf("err = %v, want ErrLang", err)
		}
		assertEntries(t, dir)
	})
	t.Run("nil report", func(t *testing.T) {
		dir := t.TempDir()
		if err := WriteRunReport(filepath.Join(dir, "run.xlsx"), nil, Options{}); err == nil {
			t.Fatal("no error")
		}
		assertEntries(t, dir)
	})
}

// assertEntries checks that dir holds exactly the named entries.
func assertEntries(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s holds %q, want %q", dir, got, want)
	}
}

func TestLabels(t *testing.T) {
	for id, s := range labels {
		for _, text := range []string{s.vi, s.en} {
			if text == "" {
				t.Errorf("label %q: missing a language", id)
			}
			if !norm.NFC.IsNormalString(text) {
				t.Errorf("label %q: %q is not NFC", id, text)
			}
			if strings.HasPrefix(string(id), "sheet.") && utf8.RuneCountInString(text) > 31 {
				t.Errorf("sheet name %q is longer than Excel's 31 characters", text)
			}
		}
	}
}

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n      int64
		vi, en string
	}{
		{0, "0", "0"},
		{999, "999", "999"},
		{1000, "1.000", "1,000"},
		{1234567, "1.234.567", "1,234,567"},
		{-12345, "-12.345", "-12,345"},
	} {
		if got := Vietnamese.count(tc.n); got != tc.vi {
			t.Errorf("vi count(%d) = %q, want %q", tc.n, got, tc.vi)
		}
		if got := English.count(tc.n); got != tc.en {
			t.Errorf("en count(%d) = %q, want %q", tc.n, got, tc.en)
		}
	}
}

func TestDefaultOptions(t *testing.T) {
	if got := (Options{}).maxRejectRows(); got != DefaultOptions().MaxRejectRows || got != 100000 {
		t.Errorf("zero MaxRejectRows means %d, want 100000", got)
	}
	if l, err := (Options{}).lang(); err != nil || l != Vietnamese {
		t.Errorf("zero Lang means %q, %v; want vi", l, err)
	}
}
