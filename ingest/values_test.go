package ingest

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// wantErr checks that err is a *ValueError matching ErrBadValue with the
// given code and, when not empty, the exact English and Vietnamese texts.
func wantErr(t *testing.T, err error, code, en, vi string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", code)
	}
	var ve *ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("error %T %v is not a *ValueError", err, err)
	}
	if !errors.Is(err, ErrBadValue) {
		t.Errorf("errors.Is(%v, ErrBadValue) = false", err)
	}
	if ve.Code != code {
		t.Errorf("code = %q, want %q (%s)", ve.Code, code, ve.En)
	}
	if en != "" && ve.En != en {
		t.Errorf("En =\n  %q\nwant\n  %q", ve.En, en)
	}
	if vi != "" && ve.Vi != vi {
		t.Errorf("Vi =\n  %q\nwant\n  %q", ve.Vi, vi)
	}
	if err.Error() != ve.En {
		t.Errorf("Error() = %q, want the English text", err.Error())
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ascii folded", "ma ho so", "ma ho so"},
		{"empty", "", ""},
		{"spaces and case", "  Mã   HỒ SƠ ", "ma ho so"},
		{"nfd", norm.NFD.String("Mã hồ sơ"), "ma ho so"},
		{"nfc", norm.NFC.String("Mã hồ sơ"), "ma ho so"},
		{"underscore", "case_id", "case id"},
		{"d stroke", "Đơn vị", "don vi"},
		{"d stroke lower", "đã xử lý", "da xu ly"},
		{"nbsp and tab", "Ngày\u00a0hẹn\ttrả", "ngay hen tra"},
		{"bom and crlf", "\ufeffNgày hẹn trả\r\n", "ngay hen tra"},
		{"punctuation", "Ngày (hẹn) trả.", "ngay hen tra"},
		{"upper ascii", "CASE-ID", "case id"},
		{"digits", "Mã số 12/3", "ma so 12 3"},
		{"only punctuation", " -- ", ""},
		{"invalid utf8", "a\xffb", "a b"},
		{"nfd capital", norm.NFD.String("ĐƯỢC XÁC MINH"), "duoc xac minh"},
		{"kelvin sign", "\u212a", "k"},
		{"hangul", "한", "\u1112\u1161\u11ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestFoldEveryRune checks idempotence on every code point, which together with
// Fold working rune by rune makes Fold idempotent on any string.
func TestFoldEveryRune(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue
		}
		once := Fold("a" + string(r) + "b")
		if twice := Fold(once); twice != once {
			t.Errorf("U+%04X: Fold = %q, Fold again = %q", r, once, twice)
		}
	}
}

// TestFoldTable checks the cached table against the code it caches.
func TestFoldTable(t *testing.T) {
	for r := rune(0x80); r < foldTableSize; r++ {
		var f folder
		f.b.WriteString("a")
		f.rune(r, 0)
		f.rune('b', 0)
		if got, want := Fold("a"+string(r)+"b"), f.b.String(); got != want {
			t.Errorf("U+%04X: Fold = %q, slow path = %q", r, got, want)
		}
	}
}

func TestFoldAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { Fold("ma ho so") }); n != 0 {
		t.Errorf("Fold of folded ASCII allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { Fold("Mã Hồ Sơ") }); n > 1 {
		t.Errorf("Fold of Vietnamese allocates %v times, want at most 1", n)
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"plain", "Nguyễn Văn A", "Nguyễn Văn A"},
		{"bom", "\ufeffNguyễn", "Nguyễn"},
		{"nbsp", "\u00a0 Nguyễn\u00a0", "Nguyễn"},
		{"zero width", "\u200bNguyễn\u200b", "Nguyễn"},
		{"crlf", "Nguyễn\r\n", "Nguyễn"},
		{"nfd to nfc", norm.NFD.String("Nguyễn"), "Nguyễn"},
		{"inner spaces kept", " a  b ", "a  b"},
		{"only spaces", " \u00a0\ufeff\r", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func vn(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, mo, d, h, mi, s, ns, VN)
}

func TestTimeParse(t *testing.T) {
	us, err := ParseLayout("MM/DD/YYYY hh:mm:ss AM")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		p    TimeParser
		in   string
		want time.Time
	}{
		{"dmy", TimeParser{}, "14/03/2025", vn(2025, 3, 14, 0, 0, 0, 0)},
		{"dmy time", TimeParser{}, "14/03/2025 08:30:15", vn(2025, 3, 14, 8, 30, 15, 0)},
		{"dmy hh:mm", TimeParser{}, "14/03/2025 08:30", vn(2025, 3, 14, 8, 30, 0, 0)},
		{"dmy one digit", TimeParser{}, "4/3/2025 8:05", vn(2025, 3, 4, 8, 5, 0, 0)},
		{"dmy dashes", TimeParser{}, "14-03-2025", vn(2025, 3, 14, 0, 0, 0, 0)},
		{"dmy dots", TimeParser{}, "14.3.2025 23:59:59", vn(2025, 3, 14, 23, 59, 59, 0)},
		{"dmy T", TimeParser{}, "14/03/2025T08:30", vn(2025, 3, 14, 8, 30, 0, 0)},
		{"dmy fraction", TimeParser{}, "14/03/2025 08:30:15.250", vn(2025, 3, 14, 8, 30, 15, 250e6)},
		{"dmy PM", TimeParser{}, "14/03/2025 02:30 PM", vn(2025, 3, 14, 14, 30, 0, 0)},
		{"dmy CH", TimeParser{}, "14/03/2025 02:30:00 CH", vn(2025, 3, 14, 14, 30, 0, 0)},
		{"dmy 12 SA", TimeParser{}, "14/03/2025 12:15 SA", vn(2025, 3, 14, 0, 15, 0, 0)},
		{"bom", TimeParser{}, "\ufeff14/03/2025 08:30", vn(2025, 3, 14, 8, 30, 0, 0)},
		{"crlf remnant", TimeParser{}, "14/03/2025 08:30\r", vn(2025, 3, 14, 8, 30, 0, 0)},
		{"nbsp", TimeParser{}, "\u00a014/03/2025\u00a0", vn(2025, 3, 14, 0, 0, 0, 0)},
		{"leap day", TimeParser{}, "29/02/2024", vn(2024, 2, 29, 0, 0, 0, 0)},
		{"time first", TimeParser{}, "08:30:15 14/03/2025", vn(2025, 3, 14, 8, 30, 15, 0)},
		{"time first iso", TimeParser{}, "08:30 2025-03-14", vn(2025, 3, 14, 8, 30, 0, 0)},
		{"iso date", TimeParser{}, "2025-03-14", vn(2025, 3, 14, 0, 0, 0, 0)},
		{"iso minute", TimeParser{}, "2025-03-14 08:30", vn(2025, 3, 14, 8, 30, 0, 0)},
		{"iso T", TimeParser{}, "2025-03-14T08:30:00", vn(2025, 3, 14, 8, 30, 0, 0)},
		{"iso fraction", TimeParser{}, "2025-03-14T08:30:00.123456", vn(2025, 3, 14, 8, 30, 0, 123456000)},
		{"iso Z", TimeParser{}, "2025-03-14T01:30:00Z", vn(2025, 3, 14, 8, 30, 0, 0)},
		{"iso +09:00", TimeParser{}, "2025-03-14T08:30:00+09:00", vn(2025, 3, 14, 6, 30, 0, 0)},
		{"iso -0500", TimeParser{}, "2025-03-14T08:30:00-0500", vn(2025, 3, 14, 20, 30, 0, 0)},
		{"iso +07", TimeParser{}, "2025-03-14 08:30:00+07", vn(2025, 3, 14, 8, 30, 0, 0)},
		{"iso crossing day", TimeParser{}, "2025-03-14T20:00:00Z", vn(2025, 3, 15, 3, 0, 0, 0)},
		{"ymd slashes", TimeParser{}, "2025/03/14", vn(2025, 3, 14, 0, 0, 0, 0)},
		{"serial 2025-01-01", TimeParser{}, "45658", vn(2025, 1, 1, 0, 0, 0, 0)},
		{"serial 45731", TimeParser{}, "45731", vn(2025, 3, 15, 0, 0, 0, 0)},
		{"serial noon", TimeParser{}, "45731.5", vn(2025, 3, 15, 12, 0, 0, 0)},
		{"serial comma", TimeParser{}, "45658,25", vn(2025, 1, 1, 6, 0, 0, 0)},
		{"serial rounds to second", TimeParser{}, "45658.3541666", vn(2025, 1, 1, 8, 30, 0, 0)},
		{"serial rounds up to midnight", TimeParser{}, "45657.999999999", vn(2025, 1, 1, 0, 0, 0, 0)},
		{"serial 1", TimeParser{}, "1", vn(1899, 12, 31, 0, 0, 0, 0)},
		{"serial max", TimeParser{}, "2958465", vn(9999, 12, 31, 0, 0, 0, 0)},
		{"layout 12h", TimeParser{Layouts: []string{us}}, "03/01/2011 02:27:57 PM", vn(2011, 3, 1, 14, 27, 57, 0)},
		{"layout falls back", TimeParser{Layouts: []string{us}}, "14/03/2025", vn(2025, 3, 14, 0, 0, 0, 0)},
		{"month first", TimeParser{MonthFirst: true}, "03/15/2025", vn(2025, 3, 15, 0, 0, 0, 0)},
		{"utc loc", TimeParser{Loc: time.UTC}, "2025-03-14T08:30:00+07:00", time.Date(2025, 3, 14, 1, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
			}
			wantLoc := VN
			if tt.p.Loc != nil {
				wantLoc = tt.p.Loc
			}
			if got.Location() != wantLoc {
				t.Errorf("Parse(%q) location = %v, want %v", tt.in, got.Location(), wantLoc)
			}
		})
	}
}

func TestTimeParseErrors(t *testing.T) {
	const forms = "dd/mm/yyyy [hh:mm[:ss]], yyyy-mm-dd[Thh:mm[:ss]][±hh:mm], "
	tests := []struct {
		name     string
		p        TimeParser
		in       string
		code     string
		en, vi   string
		contains string
	}{
		{name: "empty", in: " \r", code: CodeEmpty, en: "empty value", vi: "Ô trống"},
		{name: "31 feb", in: "31/02/2025", code: CodeDateImpossible,
			en: "invalid date: month 2 has no day 31",
			vi: "Ngày không hợp lệ: tháng 2 không có ngày 31"},
		{name: "29 feb non-leap", in: "29/02/2025", code: CodeDateImpossible,
			en: "invalid date: 2025 is not a leap year, so month 2 has no day 29",
			vi: "Ngày không hợp lệ: năm 2025 không nhuận, tháng 2 không có ngày 29"},
		{name: "31 april iso", in: "2025-04-31", code: CodeDateImpossible,
			en: "invalid date: month 4 has no day 31",
			vi: "Ngày không hợp lệ: tháng 4 không có ngày 31"},
		{name: "day 0", in: "0/3/2025", code: CodeDateImpossible,
			en: "invalid date: there is no day 0", vi: "Ngày không hợp lệ: không có ngày 0"},
		{name: "month 13", in: "13/13/2025", code: CodeDateMonth,
			en: "invalid month 13 (must be 1 to 12)",
			vi: "Tháng không hợp lệ: 13 (tháng phải từ 1 đến 12)"},
		{name: "month first hint", in: "03/15/2025", code: CodeDateMonth,
			en: "invalid month 15 (must be 1 to 12); if the file writes the month first (mm/dd/yyyy), declare the date layout in the mapping file",
			vi: "Tháng không hợp lệ: 15 (tháng phải từ 1 đến 12); nếu tệp ghi tháng trước ngày (mm/dd/yyyy), hãy khai báo định dạng ngày trong tệp ánh xạ"},
		{name: "iso month 13", in: "2025-13-01", code: CodeDateMonth,
			en: "invalid month 13 (must be 1 to 12)"},
		{name: "two-digit year", in: "14/03/25", code: CodeDateTwoDigitYear,
			en: `year must have 4 digits (e.g. 2025), not "25"`,
			vi: `Năm phải ghi đủ 4 chữ số (vd. 2025), không phải "25"`},
		{name: "two-digit year with time", in: "14/03/25 08:30", code: CodeDateTwoDigitYear},
		{name: "year 0", in: "01/01/0000", code: CodeDateYear, en: "year 0 is outside 1–9999"},
		{name: "hour 24", in: "14/03/2025 24:00", code: CodeDateTime,
			en: `invalid time "24:00" (hour 0–23, minutes and seconds 0–59)`,
			vi: `Giờ không hợp lệ: "24:00" (giờ 0–23, phút và giây 0–59)`},
		{name: "minute 60", in: "2025-03-14 08:60", code: CodeDateTime},
		{name: "hour 13 PM", in: "14/03/2025 13:00 PM", code: CodeDateTime,
			en: `invalid time "13:00 PM" (hour 1–12 with AM/PM or SA/CH, minutes and seconds 0–59)`},
		{name: "bad offset", in: "2025-03-14T08:30:00+7", code: CodeDateOffset,
			en: `invalid time-zone offset "+7" (use Z, +07:00 or +0700)`,
			vi: `Múi giờ không hợp lệ: "+7" (dùng Z, +07:00 hoặc +0700)`},
		{name: "text", in: "không rõ", code: CodeDateUnreadable,
			en: `cannot read date "không rõ"; accepted forms: ` + forms + "Excel serial number (e.g. 45731)",
			vi: `Không đọc được ngày "không rõ"; dạng chấp nhận: ` + forms + "số ngày Excel (vd. 45731)"},
		{name: "layouts listed", p: TimeParser{Layouts: []string{"01/02/2006 03:04:05 PM"}}, in: "x", code: CodeDateUnreadable,
			en: `cannot read date "x"; accepted forms: ` + forms + "Excel serial number (e.g. 45731), and from the mapping file: MM/DD/YYYY hh:mm:ss AM"},
		{name: "trailing text", in: "14/03/2025 08:30 giờ", code: CodeDateUnreadable},
		{name: "mixed separators", in: "14/03-2025", code: CodeDateUnreadable},
		{name: "three-digit day", in: "140/03/2025", code: CodeDateUnreadable},
		{name: "serial 0", in: "0", code: CodeDateSerial,
			en: `Excel serial "0" is outside 1–2958465 (31/12/1899–31/12/9999)`,
			vi: `Số ngày Excel "0" nằm ngoài khoảng cho phép 1–2958465 (31/12/1899–31/12/9999)`},
		{name: "serial too big", in: "2958466", code: CodeDateSerial},
		{name: "yyyymmdd is no serial", in: "20250314", code: CodeDateSerial},
		{name: "serial max late", in: "2958465.9999999", code: CodeDateSerial},
		{name: "negative serial", in: "-5", code: CodeDateUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want error %s", tt.in, got, tt.code)
			}
			if !got.IsZero() {
				t.Errorf("Parse(%q) returned %v with the error", tt.in, got)
			}
			wantErr(t, err, tt.code, tt.en, tt.vi)
		})
	}
}

func TestTimeParseNil(t *testing.T) {
	var p *TimeParser
	got, err := p.Parse("14/03/2025")
	if err != nil || !got.Equal(vn(2025, 3, 14, 0, 0, 0, 0)) {
		t.Errorf("nil parser: %v, %v", got, err)
	}
	if d := DefaultTimeParser(); d.Loc != VN || d.Layouts != nil || d.MonthFirst {
		t.Errorf("DefaultTimeParser() = %+v", d)
	}
}

func TestTimeParseAllocs(t *testing.T) {
	var p TimeParser
	for _, s := range []string{"14/03/2025 08:30:15", "2025-03-14T08:30:00+07:00", "45731.5"} {
		if n := testing.AllocsPerRun(100, func() { _, _ = p.Parse(s) }); n != 0 {
			t.Errorf("Parse(%q) allocates %v times", s, n)
		}
	}
}

func TestParseLayout(t *testing.T) {
	tests := []struct{ in, want, code string }{
		{"MM/DD/YYYY hh:mm:ss AM", "01/02/2006 03:04:05 PM", ""},
		{"DD/MM/YYYY HH:mm", "02/01/2006 15:04", ""},
		{"YYYY-MM-DD", "2006-01-02", ""},
		{"YYYY-MM-DDTHH:mm:ss.SSS", "2006-01-02T15:04:05.000", ""},
		{"D/M/YYYY h:mm PM", "2/1/2006 3:04 PM", ""},
		{"DD/MM/YY", "", CodeLayoutToken},
		{"dd/mm/yyyy", "", CodeLayoutToken},
		{"MM/DD/YYYY hh:mm", "", CodeLayoutToken},
		{"DD_MM_YYYY", "", CodeLayoutToken},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLayout(tt.in)
			if tt.code != "" {
				wantErr(t, err, tt.code, "", "")
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseLayout(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			if h := humanLayout(got); h != tt.in && !(tt.in == "D/M/YYYY h:mm PM" && h == "D/M/YYYY h:mm AM") {
				t.Errorf("humanLayout(%q) = %q, want %q", got, h, tt.in)
			}
		})
	}
	_, err := ParseLayout("DD/MM/YY")
	wantErr(t, err, CodeLayoutToken,
		`date layout "DD/MM/YY" has an unknown part "Y"; use YYYY, MM, DD, HH, hh, mm, ss, AM/PM and the separators / - . : ,`,
		`Định dạng ngày "DD/MM/YY" có phần không hiểu được "Y"; dùng YYYY, MM, DD, HH, hh, mm, ss, AM/PM và các dấu / - . : ,`)
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
	}{
		{"integer", "1234", 1234},
		{"negative", "-12", -12},
		{"plus", "+12", 12},
		{"unicode minus", "−12,5", -12.5},
		{"dot decimal", "2.5", 2.5},
		{"single dot is decimal", "1.234", 1.234},
		{"comma decimal", "2,5", 2.5},
		{"single comma is decimal", "1,234", 1.234},
		{"vi thousands", "1.234.567", 1234567},
		{"en thousands", "1,234,567", 1234567},
		{"vi both", "1.234,5", 1234.5},
		{"en both", "1,234.5", 1234.5},
		{"vi both long", "12.345.678,90", 12345678.9},
		{"space groups", "1 234 567", 1234567},
		{"nbsp groups", "1\u00a0234\u00a0567,25", 1234567.25},
		{"narrow nbsp", "1\u202f234", 1234},
		{"space and dot", "1 234.5", 1234.5},
		{"leading dot", ".5", 0.5},
		{"exponent", "1.5E-05", 1.5e-05},
		{"exponent comma", "1,5e3", 1500},
		{"trim", " \ufeff42\r\n", 42},
		{"zero", "0", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNumber(tt.in)
			if err != nil {
				t.Fatalf("ParseNumber(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseNumber(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
	errs := []struct{ name, in, code, en string }{
		{"empty", "", CodeEmpty, "empty value"},
		{"text", "abc", CodeNumber, `cannot read number "abc"; accepted forms include 1234, 2,5, 2.5, 1.234.567, 1.234,5, 1,234.5, 1 234 567`},
		{"nan", "NaN", CodeNumber, ""},
		{"inf", "Inf", CodeNumber, ""},
		{"two decimals", "1,5,5.2", CodeNumber, ""},
		{"bad groups", "1.23.456", CodeNumber, ""},
		{"big first group", "1234.567.890", CodeNumber, ""},
		{"spaces not groups", "12 5", CodeNumber, ""},
		{"doubled separator", "1..5", CodeNumber, ""},
		{"trailing separator", "5.", CodeNumber, ""},
		{"dot after comma twice", "1.234,567.8", CodeNumber, ""},
		{"mixed groups", "1 234.567.890", CodeNumber, ""},
		{"unit", "5 kg", CodeNumber, ""},
		{"hex", "0x10", CodeNumber, ""},
		{"too large", "1e400", CodeNumberRange, `number "1e400" is too large`},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNumber(tt.in)
			if err == nil {
				t.Fatalf("ParseNumber(%q) = %v, want error", tt.in, got)
			}
			wantErr(t, err, tt.code, tt.en, "")
		})
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"5", 5}, {" 5 ", 5}, {"5.0", 5}, {"5,0", 5}, {"-7", -7}, {"1.234.567", 1234567},
		{"9223372036854775807", math.MaxInt64}, {"\ufeff3\r", 3},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseInt(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	errs := []struct{ in, code, en, vi string }{
		{"2,5", CodeIntFraction,
			`a whole number is needed, but "2,5" has a fractional part; if the dot groups thousands, write the number without it (e.g. 1234)`,
			`Cần số nguyên, nhưng "2,5" có phần lẻ; nếu dấu chấm để tách hàng nghìn, hãy viết liền (vd. 1234)`},
		{"1.234", CodeIntFraction, "", ""},
		{"abc", CodeNumber, "", ""},
		{"", CodeEmpty, "", ""},
		{"9223372036854775808", CodeIntRange, `whole number "9223372036854775808" is too large`, `Số nguyên "9223372036854775808" quá lớn`},
		{"1e30", CodeIntRange, "", ""},
	}
	for _, tt := range errs {
		_, err := ParseInt(tt.in)
		wantErr(t, err, tt.code, tt.en, tt.vi)
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"1", true}, {"0", false}, {"TRUE", true}, {"false", false}, {"Yes", true}, {"no", false},
		{"x", true}, {"X", true}, {"có", true}, {"Không", false}, {"đúng", true}, {"Sai", false},
		{"rồi", true}, {"chưa", false}, {"Đã xác minh", true}, {"chưa xác minh", false},
		{norm.NFD.String("Đã  xác minh"), true}, {"\ufeffcó\r", true},
	}
	for _, tt := range tests {
		got, err := ParseBool(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseBool(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	_, err := ParseBool("có lẽ")
	wantErr(t, err, CodeBool,
		`cannot read yes/no value "có lẽ"; use: 1/0, true/false, yes/no, x (yes), có/không, đúng/sai, rồi/chưa, đã xác minh/chưa xác minh`,
		`Không hiểu giá trị có/không "có lẽ"; dùng: 1/0, có/không, đúng/sai, rồi/chưa, đã xác minh/chưa xác minh, x (có), true/false, yes/no`)
	_, err = ParseBool("--")
	wantErr(t, err, CodeBool, "", "")
	_, err = ParseBool(" ")
	wantErr(t, err, CodeEmpty, "", "")
}

func statusEnum() *Enum {
	return NewEnum("status",
		[]string{"new", "not_accepted", "in_progress", "done"},
		map[string]string{
			"open":            "in_progress",
			"Đang xử lý":      "in_progress",
			"Đã giải quyết":   "done",
			"Không tiếp nhận": "not_accepted",
			"Mới":             "new",
			"1":               "new",
			"2":               "in_progress",
			"-":               "new",
		})
}

func TestEnum(t *testing.T) {
	e := statusEnum()
	tests := []struct{ in, want string }{
		{"done", "done"},
		{"DONE", "done"},
		{"in_progress", "in_progress"},
		{"In Progress", "in_progress"},
		{"open", "in_progress"},
		{"đang xử lý", "in_progress"},
		{norm.NFD.String("ĐANG  XỬ LÝ"), "in_progress"},
		{"\ufeffĐã giải quyết\r", "done"},
		{"\u00a0không tiếp nhận\u00a0", "not_accepted"},
		{"moi", "new"},
		{"1", "new"},
		{"01", "new"},
		{"2.0", "in_progress"},
		{" - ", "new"},
	}
	for _, tt := range tests {
		got, err := e.Parse(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	_, err := e.Parse("Chờ bổ sung")
	wantErr(t, err, CodeEnumUnknown,
		`"Chờ bổ sung" is not a known label for status; allowed values: new, not_accepted, in_progress, done`,
		`"Chờ bổ sung" không phải là giá trị đã biết của status; giá trị cho phép: new, not_accepted, in_progress, done`)
	_, err = e.Parse("3")
	wantErr(t, err, CodeEnumUnknown, "", "")
	_, err = e.Parse("?")
	wantErr(t, err, CodeEnumUnknown, "", "")
	_, err = e.Parse(" \r")
	wantErr(t, err, CodeEmpty, "", "")
}

func TestEnumAdd(t *testing.T) {
	e := statusEnum()
	if err := e.Add(map[string]string{"Chờ bổ sung": "In Progress", "xong": "done", "3": "done"}); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"cho bo sung": "in_progress", "Xong": "done", "3": "done", "done": "done"} {
		if got, err := e.Parse(in); err != nil || got != want {
			t.Errorf("after Add: Parse(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	// An alias wins over a canonical value's own name.
	if err := e.Add(map[string]string{"new": "done"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.Parse("New"); got != "done" {
		t.Errorf("Parse(New) after override = %q, want done", got)
	}

	err := e.Add(map[string]string{"Hủy": "cancelled", "ok": "done"})
	wantErr(t, err, CodeEnumTarget,
		`"cancelled" (for label "Hủy") is not a value of status; allowed values: new, not_accepted, in_progress, done`,
		`Giá trị "cancelled" (của nhãn "Hủy") không thuộc danh mục status; giá trị cho phép: new, not_accepted, in_progress, done`)
	if _, err := e.Parse("ok"); err == nil {
		t.Error("a failed Add added an alias")
	}
	err = e.Add(map[string]string{"Hoàn thành": "done", "hoan thanh": "new"})
	wantErr(t, err, CodeEnumLabel,
		`labels "Hoàn thành" and "hoan thanh" are the same when compared, but name different values: done and new`, "")
}

func TestNewEnumPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"unknown target": func() { NewEnum("x", []string{"a"}, map[string]string{"b": "c"}) },
		"canon collide":  func() { NewEnum("x", []string{"in_progress", "In Progress"}, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			f()
		})
	}
}

func TestValueErrorIs(t *testing.T) {
	_, err := ParseNumber("abc")
	if !errors.Is(err, ErrBadValue) {
		t.Error("not ErrBadValue")
	}
	if errors.Is(err, errors.New("ingest: bad value")) {
		t.Error("matches an unrelated error")
	}
}

func BenchmarkTimeParse(b *testing.B) {
	for _, in := range []string{"14/03/2025 08:30:15", "14/03/2025", "2025-03-14T08:30:15+07:00", "45731.5"} {
		b.Run(in, func(b *testing.B) {
			var p TimeParser
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Parse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFold(b *testing.B) {
	for _, in := range []string{"ma ho so", "Mã hồ sơ", "CASE_ID"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Fold(in)
			}
		})
	}
}

func BenchmarkParseNumber(b *testing.B) {
	for _, in := range []string{"1234.5", "1.234.567,89"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseNumber(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEnumParse(b *testing.B) {
	e := statusEnum()
	for _, in := range []string{"done", "Đang xử lý"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Parse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestEnumWords: every Vietnamese word a Vietnamese reason lists beside a canonical
// value is itself a label of that value, and the reason lists them.
func TestEnumWords(t *testing.T) {
	for _, k := range Kinds {
		for _, c := range k.Cols {
			if c.Enum == nil {
				continue
			}
			e := NewEnum(c.Enum.Name, c.Enum.Canon, c.Enum.Labels)
			e.Words = c.Enum.Vi
			for canon, word := range c.Enum.Vi {
				if !slices.Contains(c.Enum.Canon, canon) {
					t.Errorf("%s: word %q for %q, not a canonical value", c.Enum.Name, word, canon)
				}
				if got, err := e.Parse(word); err != nil || got != canon {
					t.Errorf("%s: %q parses to %q, %v; want %q", c.Enum.Name, word, got, err, canon)
				}
			}
		}
	}
	e := NewEnum(IncidentTypes.Name, IncidentTypes.Canon, IncidentTypes.Labels)
	e.Words = IncidentTypes.Vi
	_, err := e.Parse("đánh bài")
	var ve *ValueError
	if !errors.As(err, &ve) {
		t.Fatalf("unknown word: %v, want a *ValueError", err)
	}
	if want := "absent (vắng mặt), phone (dùng điện thoại), eating (ăn uống)"; !strings.Contains(ve.Vi, want) {
		t.Errorf("Vietnamese reason %q does not list %q", ve.Vi, want)
	}
	if !strings.Contains(ve.En, "allowed values: absent, phone, eating") {
		t.Errorf("English reason %q", ve.En)
	}
}

// TestPortalLabels: labels the national and provincial portals print for channels and
// statuses.
func TestPortalLabels(t *testing.T) {
	for _, tc := range []struct {
		set         *EnumSet
		label, want string
	}{
		{Channels, "Trực tuyến toàn trình", "online"},
		{Channels, "Trực tuyến một phần", "online"},
		{Channels, "Dịch vụ công", "online"},
		{Channels, "BCCI", "postal"},
		{Channels, "Qua bưu điện", "postal"},
		{Statuses, "Đã hoàn thành", "done"},
	} {
		e := NewEnum(tc.set.Name, tc.set.Canon, tc.set.Labels)
		if got, err := e.Parse(tc.label); err != nil || got != tc.want {
			t.Errorf("%s %q: %q, %v; want %q", tc.set.Name, tc.label, got, err, tc.want)
		}
	}
}
