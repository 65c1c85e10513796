package ingest

import (
	"errors"
	"strconv"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// mustBeValueError fails unless err is a *ValueError matching ErrBadValue
// with both texts filled in.
func mustBeValueError(t *testing.T, in string, err error) {
	t.Helper()
	var ve *ValueError
	if !errors.As(err, &ve) || !errors.Is(err, ErrBadValue) {
		t.Fatalf("%q: error %T %v is not a *ValueError", in, err, err)
	}
	if ve.Code == "" || ve.Vi == "" || ve.En == "" {
		t.Fatalf("%q: incomplete reason %+v", in, ve.Reason)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"", "ma ho so", "  Mã   HỒ SƠ ", norm.NFD.String("Mã hồ sơ"), "case_id", "Đ\u00a0đ",
		"\ufeffNgày hẹn trả\r\n", "a\xffb", "한국", "\u212a\u2126", "İstanbul", "ǅ", "ﬁ", "x\u0301\u0301",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Fatalf("Fold(%q) = %q, but Fold(%q) = %q", s, once, once, twice)
		}
		if !utf8.ValidString(once) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, once)
		}
		if nfd := Fold(norm.NFD.String(s)); utf8.ValidString(s) && nfd != once {
			t.Fatalf("Fold(%q) = %q, but Fold of its NFD = %q", s, once, nfd)
		}
		if nfc := Fold(norm.NFC.String(s)); utf8.ValidString(s) && nfc != once {
			t.Fatalf("Fold(%q) = %q, but Fold of its NFC = %q", s, once, nfc)
		}
	})
}

func FuzzTimeParse(f *testing.F) {
	for _, s := range []string{
		"14/03/2025", "14/03/2025 08:30:15", "4/3/2025 8:05", "14.3.2025 23:59:59.5", "14-03-2025T08:30",
		"14/03/2025 02:30 PM", "14/03/2025 12:15 SA", "08:30:15 14/03/2025", "08:30 2025-03-14",
		"2025-03-14", "2025-03-14T08:30:00.123+09:00", "2025-03-14 08:30Z", "2025/03/14 08:30:00-0500",
		"45731", "45731.5", "45658,25", "2958465.99999", "1", "0", "31/02/2025", "29/02/2024",
		"14/03/25", "\ufeff14/03/2025\r", "không rõ", "1975-06-13T00:30:00+08:00", "0001-01-01T00:00:00+14:00",
		"9999-12-31T23:59:59-12:00",
	} {
		f.Add(s)
	}
	var p TimeParser
	f.Fuzz(func(t *testing.T, s string) {
		got, err := p.Parse(s)
		if err != nil {
			mustBeValueError(t, s, err)
			return
		}
		if got.Location() != VN {
			t.Fatalf("Parse(%q) location %v", s, got.Location())
		}
		text := got.Format("02/01/2006 15:04:05")
		again, err := p.Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q) = %v, formatted %q, which does not parse: %v", s, got, text, err)
		}
		if again.Format("02/01/2006 15:04:05") != text {
			t.Fatalf("Parse(%q) = %q, which reads back as %q", s, text, again.Format("02/01/2006 15:04:05"))
		}
		// The format drops fractions of a second. A wall time that occurs
		// twice (the clock went back in 1975 and before) reads back as its
		// first occurrence, so compare instants only where the offsets agree.
		want := got.Truncate(time.Second)
		_, off1 := got.Zone()
		_, off2 := again.Zone()
		if off1 == off2 && !again.Equal(want) {
			t.Fatalf("Parse(%q) = %v; formatted %q reads back as %v", s, got, text, again)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{
		"1234", "-12", "+12", "−12,5", "2.5", "1.234", "2,5", "1.234.567", "1,234,567", "1.234,5",
		"1,234.5", "1 234 567", "1\u00a0234,25", ".5", "1.5E-05", "1e400", "abc", "NaN", "5.", "1..5",
		"0x10", "9007199254740993",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s)
		if err != nil {
			mustBeValueError(t, s, err)
			return
		}
		for _, format := range []byte{'f', 'g', 'e'} {
			text := strconv.FormatFloat(v, format, -1, 64)
			again, err := ParseNumber(text)
			if err != nil || again != v {
				t.Fatalf("ParseNumber(%q) = %v; %q reads back as %v, %v", s, v, text, again, err)
			}
		}
		if n, err := ParseInt(s); err == nil && -1<<53 <= n && n <= 1<<53 && float64(n) != v {
			t.Fatalf("ParseInt(%q) = %d but ParseNumber = %v", s, n, v)
		}
	})
}

func FuzzEnum(f *testing.F) {
	for _, s := range []string{
		"done", "DONE", "in_progress", "open", "Đang xử lý", norm.NFD.String("ĐANG XỬ LÝ"), "01", "2.0",
		"-", "?", "", "\ufeffMới\r", "Chờ bổ sung", "1e0",
	} {
		f.Add(s)
	}
	e := statusEnum()
	canon := map[string]bool{}
	for _, c := range e.Canon {
		canon[c] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := e.Parse(s)
		if err != nil {
			mustBeValueError(t, s, err)
			return
		}
		if !canon[got] {
			t.Fatalf("Parse(%q) = %q, not a canonical value", s, got)
		}
		if again, err := e.Parse(got); err != nil || again != got {
			t.Fatalf("Parse(%q) = %q, %v", got, again, err)
		}
	})
}
