package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestParseRating(t *testing.T) {
	cases := []struct {
		in    string
		scale int
		want  int64
		code  string
	}{
		{"5", 0, 5, ""},
		{"5", 5, 5, ""},
		{" 4 ", 5, 4, ""},
		{"4,0", 5, 4, ""},
		{"Rất hài lòng", 5, 5, ""},
		{"rat hai long", 5, 5, ""},
		{norm.NFD.String("Rất hài lòng"), 5, 5, ""},
		{"HÀI LÒNG", 5, 4, ""},
		{"Bình thường", 5, 3, ""},
		{"Không hài lòng", 5, 2, ""},
		{"Rất không hài lòng", 5, 1, ""},
		{"\ufeffRất hài lòng\u00a0", 0, 5, ""},
		{"Rất hài lòng", 3, 3, ""},
		{"Hài lòng", 3, 2, ""},
		{"Bình thường", 3, 2, ""},
		{"Không hài lòng", 3, 1, ""},
		{"Rất không hài lòng", 3, 1, ""},
		{"very satisfied", 5, 5, ""},
		{"3", 3, 3, ""},
		{"4", 3, 0, CodeRatingRange},
		{"0", 5, 0, CodeRatingRange},
		{"6", 0, 0, CodeRatingRange},
		{"4.5", 5, 0, CodeRating},
		{"tuyệt vời", 5, 0, CodeRating},
		{"", 5, 0, CodeEmpty},
		{"5", 4, 0, CodeScale},
	}
	for _, c := range cases {
		got, err := ParseRating(c.in, c.scale)
		code := ""
		if err != nil {
			var ve *ValueError
			if !errors.As(err, &ve) || !errors.Is(err, ErrBadValue) {
				t.Errorf("ParseRating(%q, %d): error %v is not a *ValueError", c.in, c.scale, err)
				continue
			}
			code = ve.Code
		}
		if got != c.want || code != c.code {
			t.Errorf("ParseRating(%q, %d) = %d, %q; want %d, %q", c.in, c.scale, got, code, c.want, c.code)
		}
	}
	_, err := ParseRating("tuyệt vời", 3)
	if err == nil || !strings.Contains(err.Error(), "from 1 to 3") || !strings.Contains(err.Error(), "Rất hài lòng") {
		t.Errorf("reason should list what is accepted: %v", err)
	}
}

func TestStageCamera(t *testing.T) {
	csv := "STT,Thời điểm,Camera,Quầy,Đơn vị,Cán bộ,Loại vi phạm,Mức độ,Đã xác minh\n" +
		"1,03/03/2025 09:15:00,CAM1,Q1,U1,CB1,Dùng điện thoại,2,Có\n" +
		"2,03/03/2025 10:00:00,CAM1,Q1,U1,,vắng mặt,1,không\n" +
		"3,03/03/2025 10:05:00,CAM1,Q1,U1,,nhảy múa,1,có\n" +
		"4,03/03/2025 10:06:00,CAM1,Q1,U1,,ngủ gật,4,có\n"
	_, conn := testConn(t)
	st, err := Stage(context.Background(), conn, writeFile(t, "camera.csv", []byte(csv)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Kind().Name != "camera" || st.Read != 4 || st.Rejected != 2 || len(st.Unknown) != 0 {
		t.Fatalf("kind %s read %d rejected %d unknown %v", st.Kind().Name, st.Read, st.Rejected, st.Unknown)
	}
	rows, rejects := staged(t, conn, st)
	if len(rows) != 2 || !strings.Contains(rows[0], "|type=phone|severity=2|verified=true") ||
		!strings.Contains(rows[1], "|type=absent|severity=1|verified=false") || !strings.HasPrefix(rows[0], "2|incident_id=auto:") {
		t.Errorf("rows:\n%s", strings.Join(rows, "\n"))
	}
	if strings.Join(rejects, ",") != "4:G:type:enum_unknown,5:H:severity:severity_range" {
		t.Errorf("rejects %v", rejects)
	}
	var reason string
	conn.QueryRowContext(context.Background(), "SELECT reason_en FROM "+st.rejTable+" WHERE code = 'enum_unknown'").Scan(&reason)
	if !strings.Contains(reason, "absent, phone, eating, sleeping, smoking, uniform, rude, other") {
		t.Errorf("reason should list the allowed types: %q", reason)
	}
}

func TestStageSurveyButtons(t *testing.T) {
	csv := "Thời điểm,Thiết bị,Quầy,Đơn vị,Mức đánh giá,Thang điểm\n" +
		"03/03/2025 09:15:00,D1,Q1,U1,Rất hài lòng,3\n" +
		"03/03/2025 09:15:00,D1,Q1,U1,Rất hài lòng,3\n" +
		"03/03/2025 09:16:00,D2,Q2,U1,4,5\n" +
		"03/03/2025 09:17:00,D2,Q2,U1,Hài lòng,\n" +
		"03/03/2025 09:18:00,D1,Q1,U1,4,3\n" +
		"03/03/2025 09:19:00,D1,Q1,U1,5,4\n" +
		"03/03/2025 09:20:00,D1,Q1,U1,,3\n"
	_, conn := testConn(t)
	st, err := Stage(context.Background(), conn, writeFile(t, "danh-gia.csv", []byte(csv)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Kind().Name != "survey" || st.Read != 7 || st.Rejected != 3 {
		t.Fatalf("kind %s read %d rejected %d", st.Kind().Name, st.Read, st.Rejected)
	}
	rows, rejects := staged(t, conn, st)
	want := []string{"channel=button|device_id=D1|counter_id=Q1|rating=3|scale=3", "channel=button|device_id=D1|counter_id=Q1|rating=3|scale=3",
		"channel=button|device_id=D2|counter_id=Q2|rating=4|scale=5", "channel=button|device_id=D2|counter_id=Q2|rating=4|scale=5"}
	for i, r := range rows {
		if i >= len(want) || !strings.Contains(strings.Replace(r, "|unit_id=U1", "", 1), want[i]) {
			t.Errorf("row %d: %s", i, r)
		}
	}
	if len(rows) == 2+2 && strings.Split(rows[0], "|")[1] == strings.Split(rows[1], "|")[1] {
		t.Errorf("two identical presses must get two ids: %s / %s", rows[0], rows[1])
	}
	if strings.Join(rejects, ",") != "6:E:rating:rating_range,7:F:scale:scale,8:E:rating:no_rating" {
		t.Errorf("rejects %v", rejects)
	}
}

func TestStageWideQuestionnaire(t *testing.T) {
	csv := "Mã phiếu,Đơn vị,Ngày khảo sát,Kênh,C1.1,C1.2,Câu 2.1,Ghi chú\n" +
		"P1,U1,03/03/2025,Phiếu giấy,5,4,Rất hài lòng,x\n" +
		"P2,U1,03/03/2025,Phiếu giấy,3,,Không ý kiến,\n" +
		"P3,U1,03/03/2025,Phiếu giấy,3,7,2,\n" +
		"P4,U1,03/03/2025,Phiếu giấy,,,,\n"
	_, conn := testConn(t)
	st, err := Stage(context.Background(), conn, writeFile(t, "sipas.csv", []byte(csv)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Kind().Name != "survey" || st.Read != 4 || st.Rejected != 2 || strings.Join(st.Unknown, ",") != "Ghi chú" {
		t.Fatalf("kind %s read %d rejected %d unknown %v", st.Kind().Name, st.Read, st.Rejected, st.Unknown)
	}
	rows, rejects := staged(t, conn, st)
	if len(rows) != 2 || !strings.HasSuffix(rows[0], "|answers=C1.1=5;C1.2=4;Câu 2.1=5") || !strings.HasSuffix(rows[1], "|answers=C1.1=3") {
		t.Errorf("rows:\n%s", strings.Join(rows, "\n"))
	}
	if strings.Join(rejects, ",") != "4:F:answers:rating_range,5::rating:no_rating" {
		t.Errorf("rejects %v", rejects)
	}
}

func TestStageQuestionnaireItemsFromMappingAndStore(t *testing.T) {
	_, conn := testConn(t)
	if _, err := conn.ExecContext(context.Background(), "CREATE TABLE survey_items (item VARCHAR, element VARCHAR, text VARCHAR); INSERT INTO survey_items VALUES ('TC1', '1', 'Niêm yết công khai thủ tục')"); err != nil {
		t.Fatal(err)
	}
	m, err := ParseMapping("m.yaml", []byte("sources:\n  - files: \"ks*.csv\"\n    columns: {\"Thái độ cán bộ\": \"item:TC3\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	csv := "Mã phiếu,Đơn vị,Ngày khảo sát,Niêm yết công khai thủ tục,Thái độ cán bộ\nP1,U1,03/03/2025,4,2\n"
	st, err := Stage(context.Background(), conn, writeFile(t, "ks1.csv", []byte(csv)), Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := staged(t, conn, st)
	if len(rows) != 1 || !strings.HasSuffix(rows[0], "|answers=TC1=4;TC3=2") || len(st.Unknown) != 0 {
		t.Errorf("rows %v unknown %v", rows, st.Unknown)
	}
}

func TestParseAnswers(t *testing.T) {
	a, err := ParseAnswers("C1=4;Câu 2=5")
	if err != nil || len(a) != 2 || a[1] != (Answer{"Câu 2", 5}) {
		t.Errorf("%v %v", a, err)
	}
	if _, err := ParseAnswers("C1"); err == nil {
		t.Error("want an error")
	}
}
