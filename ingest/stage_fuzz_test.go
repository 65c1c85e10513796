package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzStageCSV feeds arbitrary bytes below a known header through the whole CSV path
// (encoding, delimiter sniffing, header detection, parsing, staging): it must not panic,
// and every data row must end staged or rejected.
func FuzzStageCSV(f *testing.F) {
	f.Add([]byte("H1,U1,03/03/2025 08:00:00,07/03/2025,9\n"))
	f.Add([]byte("H1;U1;45721.5;;Đã trả kết quả\r\n\r\nTổng số;1;;;\r\n"))
	f.Add([]byte("\"H1\nx\",U1,2025-03-03T08:00:00Z,,\"4\"\n,,,,\n"))
	f.Add([]byte("H2,,31/02/2025,,Đang chờ\n\xff\xfe\x00"))
	f.Add([]byte("=1+2,@x,-3,+4,\n"))
	db, conn := testConn(f)
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, body []byte) {
		n++
		path := filepath.Join(dir, fmt.Sprintf("f%d.csv", n))
		data := append([]byte("Mã hồ sơ,Đơn vị giải quyết,Ngày tiếp nhận,Ngày hẹn trả,Trạng thái\n"), body...)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		st, err := Stage(context.Background(), conn, path, Options{DB: db})
		if err != nil {
			if errors.Is(err, ErrNoHeader) || errors.Is(err, ErrFormat) {
				return
			}
			t.Fatalf("unexpected error: %v", err)
		}
		defer st.Drop(context.Background(), conn)
		var staged, rejectedRows int64
		if err := conn.QueryRowContext(context.Background(), "SELECT count(*) FROM "+st.table).Scan(&staged); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(context.Background(), "SELECT count(DISTINCT row_number) FROM "+st.rejTable).Scan(&rejectedRows); err != nil {
			t.Fatal(err)
		}
		if st.Read != staged+st.Rejected || rejectedRows != st.Rejected {
			t.Fatalf("read %d ≠ staged %d + rejected %d (distinct reject rows %d)", st.Read, staged, st.Rejected, rejectedRows)
		}
	})
}

// FuzzMapping: a mapping file never panics the parser; what it accepts it can apply.
func FuzzMapping(f *testing.F) {
	f.Add([]byte("sources:\n  - files: \"*.csv\"\n    kind: cases\n    columns: {A: case_id}\n    date_layouts: [\"MM/DD/YYYY hh:mm:ss AM\"]\n"))
	f.Add([]byte("values:\n  status: {Xong: done, \"N/A\": \"\"}\naliases:\n  cases: {case_id: [Số]}\n"))
	f.Add([]byte("sources: [{files: \"[\"}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMapping("fuzz.yaml", data)
		if err != nil {
			if !errors.Is(err, ErrMapping) {
				t.Fatalf("error not wrapping ErrMapping: %v", err)
			}
			return
		}
		for i := range m.Sources {
			m.source(m.Sources[i].Files)
			m.layouts(&m.Sources[i])
		}
		for _, k := range Kinds {
			buildAliases(k, m)
		}
	})
}
