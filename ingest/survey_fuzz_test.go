package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// FuzzParseRating: never panics; what is accepted lies on its scale and reads back the
// same when written as a number.
func FuzzParseRating(f *testing.F) {
	for _, s := range []string{"5", "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng", "3,0", " 1 ", "6", "x", "\ufeff4"} {
		f.Add(s, 5)
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, scale int) {
		v, err := ParseRating(s, scale)
		if err != nil {
			if !errors.Is(err, ErrBadValue) {
				t.Fatalf("error %v is not a bad value", err)
			}
			return
		}
		top := int64(scale)
		if scale == 0 {
			top = 5
		}
		if v < 1 || v > top {
			t.Fatalf("ParseRating(%q, %d) = %d, off the scale", s, scale, v)
		}
		if back, err := ParseRating(strconv.FormatInt(v, 10), scale); err != nil || back != v {
			t.Fatalf("round trip %d → %d, %v", v, back, err)
		}
	})
}

// FuzzWideQuestionnaire feeds arbitrary item headers and cells through the reshape
// step: it never panics, a row is either reshaped or rejected with problems on item
// columns, and the answers it writes decode to scores 1–5 of the file's item columns.
func FuzzWideQuestionnaire(f *testing.F) {
	f.Add("C1.1", "C1.2", "5", "Rất hài lòng")
	f.Add("Câu 2", "Q3", "", "Không ý kiến")
	f.Add("1.1", "x=y;z", "3", "7")
	f.Add("C1", "C1", "2", "2")
	f.Fuzz(func(t *testing.T, h1, h2, c1, c2 string) {
		l := &Layout{Kind: surveyKind, Headers: []string{"Mã phiếu", h1, h2}, Targets: []int{0, colUnknown, colUnknown}}
		p, err := newPlan("f.csv", l, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.planItems(context.Background(), nil, nil); err != nil {
			t.Fatal(err)
		}
		if p.items == nil {
			return
		}
		vals := make([]value, len(surveyKind.Cols)+1)
		probs := p.items.reshape(p, []string{"P1", c1, c2}, 2, vals)
		for _, e := range probs {
			if e.Canon != "answers" || e.Letter == "A" {
				t.Fatalf("problem on the wrong column: %+v", e)
			}
		}
		s := vals[p.items.answers+1].s
		if len(probs) > 0 && s != "" {
			t.Fatalf("a rejected row has answers %q", s)
		}
		as, err := ParseAnswers(s)
		if err != nil {
			t.Fatalf("answers %q do not decode: %v", s, err)
		}
		if len(as) > len(p.items.codes) {
			t.Fatalf("%d answers from %d item columns", len(as), len(p.items.codes))
		}
		for _, a := range as {
			if a.Score < 1 || a.Score > 5 {
				t.Fatalf("score %d off the 1–5 scale in %q", a.Score, s)
			}
		}
	})
}

// FuzzStageSurvey feeds arbitrary rows below a button/questionnaire header through the
// whole CSV path: every row ends staged or rejected.
func FuzzStageSurvey(f *testing.F) {
	f.Add([]byte("03/03/2025 09:15:00,D1,U1,Rất hài lòng,3,5,4\n"))
	f.Add([]byte("03/03/2025,,U1,,,Không ý kiến,x\n"))
	_, conn := testConn(f)
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, body []byte) {
		n++
		path := filepath.Join(dir, fmt.Sprintf("s%d.csv", n))
		data := append([]byte("Thời điểm,Thiết bị,Đơn vị,Mức đánh giá,Thang điểm,C1.1,C1.2\n"), body...)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		st, err := Stage(context.Background(), conn, path, Options{})
		if err != nil {
			if errors.Is(err, ErrNoHeader) || errors.Is(err, ErrFormat) {
				return
			}
			t.Fatalf("unexpected error: %v", err)
		}
		defer st.Drop(context.Background(), conn)
		var staged int64
		if err := conn.QueryRowContext(context.Background(), "SELECT count(*) FROM "+st.table).Scan(&staged); err != nil {
			t.Fatal(err)
		}
		if st.Read != staged+st.Rejected {
			t.Fatalf("read %d ≠ staged %d + rejected %d", st.Read, staged, st.Rejected)
		}
	})
}
