package ingest

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// testConn opens an in-memory DuckDB and one connection on it.
func testConn(tb testing.TB) (*sql.DB, *sql.Conn) {
	tb.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		tb.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close(); db.Close() })
	return db, conn
}

// staged returns the staged rows as "row|col=val|…" lines (non-empty columns only) and
// the rejects as "row:letter:canonical:code" lines.
func staged(tb testing.TB, conn *sql.Conn, st *Staged) (rows, rejects []string) {
	tb.Helper()
	var cols []string
	for _, c := range st.Kind().Cols {
		cols = append(cols, fmt.Sprintf("coalesce('|%s=' || %s::VARCHAR, '')", c.Name, c.Name))
	}
	q := fmt.Sprintf("SELECT _row::VARCHAR || %s FROM %s ORDER BY _row", strings.Join(cols, " || "), st.table)
	r, err := conn.QueryContext(context.Background(), q)
	if err != nil {
		tb.Fatal(err)
	}
	for r.Next() {
		var s string
		r.Scan(&s)
		rows = append(rows, s)
	}
	r.Close()
	r, err = conn.QueryContext(context.Background(), fmt.Sprintf(
		"SELECT row_number || ':' || column_letter || ':' || canonical || ':' || code FROM %s ORDER BY row_number, column_letter", st.rejTable))
	if err != nil {
		tb.Fatal(err)
	}
	for r.Next() {
		var s string
		r.Scan(&s)
		rejects = append(rejects, s)
	}
	r.Close()
	return rows, rejects
}

func writeFile(tb testing.TB, name string, data []byte) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := []byte{0xFF, 0xFE}
	for _, c := range u {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}

// The same three dossiers, one bad, in every text form congvu reads.
const (
	head  = "Mã hồ sơ,Đơn vị giải quyết,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái"
	body  = "H1,U1,03/03/2025 08:00:00,07/03/2025 17:00:00,Đã trả kết quả\nH2,U1,04/03/2025,,4\nH3,U2,30/02/2025,,4\n"
	want1 = "2|case_id=H1|unit_id=U1|received_at=2025-03-03 08:00:00|due_at=2025-03-07 17:00:00|status=returned"
	want2 = "3|case_id=H2|unit_id=U1|received_at=2025-03-04 00:00:00|status=in_progress"
)

func TestStageTextForms(t *testing.T) {
	csv := head + "\n" + body
	semi := strings.ReplaceAll(strings.ReplaceAll(csv, ",", ";"), "\n", "\r\n")
	tab := strings.ReplaceAll(csv, ",", "\t")
	nfd := norm.NFD.String(strings.ToUpper(csv[:len(head)])) + csv[len(head):]
	cp1258 := encode1258(t, csv)
	cases := []struct {
		name, file string
		data       []byte
	}{
		{"utf8 comma", "a.csv", []byte(csv)},
		{"utf8 BOM semicolon CRLF", "b.csv", append([]byte{0xEF, 0xBB, 0xBF}, semi...)},
		{"utf16le BOM tab (Excel Unicode text)", "c.txt", utf16le(tab)},
		{"tsv", "d.tsv", []byte(tab)},
		{"NFD upper-case headers", "e.csv", []byte(nfd)},
		{"windows-1258", "f.csv", []byte(cp1258)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, conn := testConn(t)
			st, err := Stage(context.Background(), conn, writeFile(t, c.file, c.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			rows, rejects := staged(t, conn, st)
			if st.Kind().Name != "cases" || st.Layout.HeaderRow != 1 || st.Read != 3 || st.Rejected != 1 {
				t.Errorf("kind %s header %d read %d rejected %d", st.Kind().Name, st.Layout.HeaderRow, st.Read, st.Rejected)
			}
			if len(rows) != 2 || rows[0] != want1 || rows[1] != want2 {
				t.Errorf("rows:\n%s", strings.Join(rows, "\n"))
			}
			if len(rejects) != 1 || rejects[0] != "4:C:received_at:date_impossible" {
				t.Errorf("rejects %v", rejects)
			}
		})
	}
}

func TestStageXLSXBannerRowsAndDateCells(t *testing.T) {
	f := excelize.NewFile()
	sh := "Báo cáo"
	f.SetSheetName("Sheet1", sh)
	f.SetCellStr(sh, "A1", "UBND TỈNH AN LẠC")
	f.MergeCell(sh, "A1", "D1")
	f.SetCellStr(sh, "A2", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	f.SetCellStr(sh, "A3", "DANH SÁCH HỒ SƠ")
	// row 4 blank; header on row 5
	f.SetSheetRow(sh, "A5", &[]any{"STT", "Mã hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Đơn vị giải quyết", "Ghi chú"})
	f.SetSheetRow(sh, "A6", &[]any{1, "H1", "03/03/2025 08:00:00", "", "U1", "x"})
	// a real date cell: serial 45721.375 = 2025-03-05 09:00
	f.SetSheetRow(sh, "A7", &[]any{2, "H2", 45721.375, 45726.708333333336, "U1", ""})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
	f.SetCellStyle(sh, "C7", "D7", style)
	// row 8 blank, row 9 a bad row, row 10 the totals row
	f.SetSheetRow(sh, "A9", &[]any{3, "H3", "hôm qua", "", "U2", ""})
	f.SetSheetRow(sh, "A10", &[]any{"Tổng số", 3})
	p := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	_, conn := testConn(t)
	st, err := Stage(context.Background(), conn, p+"#"+sh, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rejects := staged(t, conn, st)
	if st.Layout.HeaderRow != 5 || st.Read != 3 || st.Blank != 1 || st.Summary != 1 || st.Rejected != 1 {
		t.Errorf("header %d read %d blank %d summary %d rejected %d", st.Layout.HeaderRow, st.Read, st.Blank, st.Summary, st.Rejected)
	}
	want := []string{
		"6|case_id=H1|unit_id=U1|received_at=2025-03-03 08:00:00|status=in_progress",
		"7|case_id=H2|unit_id=U1|received_at=2025-03-05 09:00:00|due_at=2025-03-10 17:00:00|status=in_progress",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if len(rejects) != 1 || rejects[0] != "9:C:received_at:date_unreadable" {
		t.Errorf("rejects %v", rejects)
	}
	if strings.Join(st.Unknown, ",") != "Ghi chú" {
		t.Errorf("unknown columns %v, want [Ghi chú]", st.Unknown)
	}
}

func TestStageRowNumbers(t *testing.T) {
	// Blank lines, a quoted cell over two lines and a totals row: rejects must point
	// at the line a spreadsheet shows.
	data := "Mã hồ sơ,Đơn vị giải quyết,Ngày tiếp nhận,Chủ hồ sơ\n" + // 1
		"H1,U1,03/03/2025,\"Nguyễn Văn\nAn\"\n" + // 2-3
		"\n" + // 4
		"\n" + // 5
		"H2,U1,xx,B\n" + // 6
		",,,\n" + // 7: empty cells only
		"H3,,03/03/2025,C\n" + // 8
		"Tổng cộng,3,,\n" // 9
	_, conn := testConn(t)
	st, err := Stage(context.Background(), conn, writeFile(t, "n.csv", []byte(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rejects := staged(t, conn, st)
	if st.Read != 3 || st.Blank != 3 || st.Summary != 1 || len(rows) != 1 {
		t.Errorf("read %d blank %d summary %d staged %d", st.Read, st.Blank, st.Summary, len(rows))
	}
	if want := "6:C:received_at:date_unreadable,8:B:unit_id:required"; strings.Join(rejects, ",") != want {
		t.Errorf("rejects %v, want %s", rejects, want)
	}
	if !strings.Contains(rows[0], "applicant=Nguyễn Văn\nAn") {
		t.Errorf("multi-line cell lost: %q", rows[0])
	}
}

func TestStageJSONLAndParquet(t *testing.T) {
	jsonl := `{"case_id":"H1","unit_id":"U1","received_at":"2025-03-03T08:00:00+07:00","due_at":null,"status":9}` + "\n" +
		"\n" +
		`{"case_id":"H2","unit_id":"U1","received_at":"2025-03-04","extra":"x"}` + "\n" +
		`{"case_id":"H3","unit_id":"U1","received_at":"2025-03-04T01:00:00Z","late_key":1}` + "\n"
	db, conn := testConn(t)
	st, err := Stage(context.Background(), conn, writeFile(t, "a.jsonl", []byte(jsonl)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := staged(t, conn, st)
	want := []string{
		"1|case_id=H1|unit_id=U1|received_at=2025-03-03 08:00:00|status=done",
		"3|case_id=H2|unit_id=U1|received_at=2025-03-04 00:00:00|status=in_progress",
		"4|case_id=H3|unit_id=U1|received_at=2025-03-04 08:00:00|status=in_progress",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") || st.Blank != 1 {
		t.Errorf("jsonl rows (blank %d):\n%s", st.Blank, strings.Join(rows, "\n"))
	}
	if strings.Join(st.Unknown, ",") != "extra,late_key" {
		t.Errorf("unknown %v", st.Unknown)
	}

	pq := filepath.Join(t.TempDir(), "c.parquet")
	if _, err := db.Exec(fmt.Sprintf(`COPY (SELECT 'H1' AS case_id, 'U1' AS unit_id, TIMESTAMP '2025-03-03 08:00:00' AS received_at,
		NULL::TIMESTAMP AS due_at, 'Đang xử lý' AS "Trạng thái") TO '%s' (FORMAT PARQUET)`, pq)); err != nil {
		t.Fatal(err)
	}
	st, err = Stage(context.Background(), conn, pq, Options{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ = staged(t, conn, st)
	if len(rows) != 1 || rows[0] != "1|case_id=H1|unit_id=U1|received_at=2025-03-03 08:00:00|status=in_progress" {
		t.Errorf("parquet rows %v", rows)
	}
}

func TestDetectLayout(t *testing.T) {
	rows := func(r ...string) [][]string {
		var out [][]string
		for _, l := range r {
			out = append(out, strings.Split(l, ","))
		}
		return out
	}
	nums := func(n int) []int64 {
		var out []int64
		for i := 1; i <= n; i++ {
			out = append(out, int64(i))
		}
		return out
	}
	m, err := ParseMapping("m.yaml", []byte("sources:\n  - files: \"x*.csv\"\n    kind: cases\n    columns: {Key: case_id, Agency: unit_id, Created: received_at, Noise: \"-\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		file    string
		rows    [][]string
		mapping *Mapping
		kind    string
		header  int64
		unknown string
		err     string
	}{
		{name: "banner rows above", file: "a.csv", rows: rows("UBND TỈNH X,,", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM,,", ",,", "STT,Mã hồ sơ,Đơn vị giải quyết,Ngày nhận,Lạ"), kind: "cases", header: 4, unknown: "Lạ"},
		{name: "odd spacing and case", file: "a.csv", rows: rows("  MÃ   HỒ SƠ ,ĐƠN VỊ GIẢI QUYẾT,ngày  TIẾP nhận"), kind: "cases", header: 1},
		{name: "NFD", file: "a.csv", rows: rows(norm.NFD.String("Mã hồ sơ,Đơn vị tiếp nhận,Ngày nộp hồ sơ")), kind: "cases", header: 1},
		{name: "officers not units", file: "a.csv", rows: rows("officer_id,full_name,unit_id,position"), kind: "officers", header: 1},
		{name: "units", file: "a.csv", rows: rows("Mã đơn vị,Tên đơn vị,Loại đơn vị"), kind: "units", header: 1},
		{name: "apologies", file: "a.csv", rows: rows("Mã hồ sơ,Ngày xin lỗi,Ngày hẹn trả mới"), kind: "apologies", header: 1},
		{name: "mapping file columns", file: "x1.csv", rows: rows("Key,Agency,Created,Noise,Other"), mapping: m, kind: "cases", header: 1, unknown: "Other"},
		{name: "no header", file: "a.csv", rows: rows("a,b,c", "1,2,3"), err: "no row among the first 30"},
		{name: "missing required", file: "a.csv", rows: rows("Mã hồ sơ,Đơn vị giải quyết,Trạng thái"), err: "lacks received_at"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := detectLayout(c.file, c.rows, nums(len(c.rows)), c.mapping)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if l.Kind.Name != c.kind || l.HeaderRow != c.header || strings.Join(l.Unknown, ",") != c.unknown {
				t.Errorf("kind %s header %d unknown %v", l.Kind.Name, l.HeaderRow, l.Unknown)
			}
		})
	}
}

func TestParseMappingErrors(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown kind", "sources:\n  - files: a.csv\n    kind: dossiers\n", "m.yaml:3: $.sources[0].kind"},
		{"unknown column", "sources:\n  - files: a.csv\n    kind: cases\n    columns:\n      Key: case_idd\n", `m.yaml:5: $.sources[0].columns.Key: unknown column "case_idd"`},
		{"bad label target", "values:\n  status:\n    Closed: finished\n", `m.yaml:3: $.values.status: label "Closed" maps to "finished"`},
		{"bad layout", "date_layouts: [\"QQ/YYYY\"]\n", "m.yaml:1"},
		{"unknown field", "source:\n  - files: a\n", "m.yaml"},
		{"labels on a text column", "values:\n  unit_id: {a: b}\n", "takes no labels"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseMapping("m.yaml", []byte(c.yaml))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want it to contain %q", err, c.want)
			}
		})
	}
}

// encode1258 writes Vietnamese text as Windows-1258 does: a precomposed letter where
// the code page has one (ô, ư, ă…), followed by a combining tone mark.
func encode1258(tb testing.TB, s string) string {
	tb.Helper()
	enc := charmap.Windows1258.NewEncoder()
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if out, err := enc.String(string(r)); err == nil {
			b.WriteString(out)
			continue
		}
		d := []rune(norm.NFD.String(string(r)))
		out, err := enc.String(string(d[0]))
		rest := d[1:]
		for i, m := range d[1:] {
			if o, e := enc.String(norm.NFC.String(string([]rune{d[0], m}))); e == nil {
				out, err = o, nil
				rest = append(append([]rune{}, d[1:1+i]...), d[2+i:]...)
				break
			}
		}
		if err != nil {
			tb.Fatalf("cannot encode %q in Windows-1258", r)
		}
		b.WriteString(out)
		for _, m := range rest {
			o, err := enc.String(string(m))
			if err != nil {
				tb.Fatalf("cannot encode mark %U", m)
			}
			b.WriteString(o)
		}
	}
	return b.String()
}

// TestStageLegacyAfterSample: a Windows-1258 line after the first 64 KB of a file whose
// beginning is plain ASCII is decoded as Windows-1258, not blanked; UTF-8 lines around it
// stay as they are.
func TestStageLegacyAfterSample(t *testing.T) {
	var b strings.Builder
	b.WriteString("Mã hồ sơ,Đơn vị,Ngày tiếp nhận\n")
	for i := 1; i <= 5000; i++ {
		fmt.Fprintf(&b, "HS%d,U1,02/01/2025\n", i)
	}
	data := []byte(b.String())
	data = append(data, []byte("HS\xd01,\xd0V1,02/01/2025\n")...) // "HSĐ1,ĐV1" in Windows-1258
	data = append(data, []byte("HSĐ2,ĐV2,02/01/2025\n")...)       // UTF-8 again
	if len(data) <= 64<<10 {
		t.Fatalf("the file is %d bytes, want more than the 64 KB sample", len(data))
	}
	_, conn := testConn(t)
	st, err := Stage(context.Background(), conn, writeFile(t, "late.csv", data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows, rejects := staged(t, conn, st)
	if st.Read != 5002 || len(rejects) != 0 {
		t.Fatalf("read %d, rejects %v", st.Read, rejects)
	}
	last := rows[len(rows)-2:]
	for i, want := range []string{"case_id=HSĐ1|unit_id=ĐV1", "case_id=HSĐ2|unit_id=ĐV2"} {
		if !strings.Contains(last[i], want) {
			t.Errorf("row %d: %s, want %s", 5002+i, last[i], want)
		}
	}
}

// TestJSONLUnclosedObject: a JSON Lines line that ends inside its object fails the file,
// naming the line, instead of ending it quietly (the lines after it were lost).
func TestJSONLUnclosedObject(t *testing.T) {
	data := "{\"case_id\":\"J1\",\"unit_id\":\"U1\",\"received_at\":\"2025-01-02\"}\n" +
		"{\"case_id\":\"J2\",\"unit_id\":\"U1\",\"received_at\":\"2025-01-02\"\n" +
		"{\"case_id\":\"J3\",\"unit_id\":\"U1\",\"received_at\":\"2025-01-02\"}\n"
	_, conn := testConn(t)
	_, err := Stage(context.Background(), conn, writeFile(t, "t.jsonl", []byte(data)), Options{})
	if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("error %v, want ErrFormat at line 2", err)
	}
}

func TestSniffDelimiter(t *testing.T) {
	for _, tc := range []struct {
		name, sample, ext string
		want              rune
	}{
		{"comma", "a,b,c\n1,2,3\n4,5,6\n", ".csv", ','},
		{"semicolon, commas in a text cell", "Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Tên thủ tục\nHS1;U1;02/01/2025;Cấp, sửa, cải tạo, xây\nHS2;U1;02/01/2025;Thủ tục A\n", ".csv", ';'},
		{"tab", "a\tb\n1\t2\n", ".txt", '\t'},
		{"pipe", "a|b|c\n1|2|3\n", ".txt", '|'},
		{"banner rows, then semicolon", "BÁO CÁO, NĂM 2025\n\na;b;c\n1;2;3\n", ".csv", ';'},
		{"quoted commas", "a;b\n\"x, y, z\";2\n\"p, q\";3\n", ".csv", ';'},
		{"one column", "a\n1\n", ".csv", ','},
		{".tsv prefers tab", "a,b\n1,2\n", ".tsv", '\t'},
	} {
		if got := sniffDelimiter([]byte(tc.sample), tc.ext); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
