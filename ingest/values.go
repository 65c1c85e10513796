package ingest

// Value parsers of outside input: text, dates and times, numbers, yes/no
// values and enumerations. They are pure functions of one raw cell value; the
// caller adds the file, row and column when it records a reject. Every error
// they return is a *ValueError whose Reason a clerk can act on, in Vietnamese
// and in English, and which matches ErrBadValue with errors.Is.
//
// Decisions (DESIGN.md is silent on them):
//   - An empty cell (after trimming spaces, NBSP, zero-width spaces and BOMs) is
//     an error with Code CodeEmpty; the caller decides whether the column may be
//     empty and checks for it first.
//   - Numbers: '.' is the decimal point unless it occurs several times
//     ("1.234.567"); a ',' alone is the decimal comma ("2,5", and so "1,234" is
//     1.234); when both occur, the last one is the decimal separator. Spaces
//     (also NBSP) group thousands. Groups after the first must have 3 digits.
//   - Dates: day first (d/m/yyyy) unless TimeParser.MonthFirst; years have 4
//     digits; an Excel serial is days since 1899-12-30 in TimeParser.Loc, so
//     "1.5" is read as a serial (31/12/1899 12:00), as Excel would.
//   - Times may carry AM/PM or the Vietnamese Windows markers SA/CH.

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the binary must know Asia/Ho_Chi_Minh on any host
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ErrBadValue is the sentinel matched by every *ValueError:
// errors.Is(err, ErrBadValue) reports whether a cell value could not be read.
var ErrBadValue = errors.New("ingest: bad value")

// Reason is a user-facing explanation of a problem, in both languages. Code is
// a stable machine-readable key (one of the Code constants), Vi the Vietnamese
// text and En the English text. Neither text names the file, row or column.
type Reason struct{ Code, Vi, En string }

// ValueError reports why one raw cell value could not be read.
type ValueError struct{ Reason }

// Error returns the English text of the reason.
func (e *ValueError) Error() string { return e.En }

// Is reports whether target is ErrBadValue, so that errors.Is(err, ErrBadValue)
// holds for every *ValueError.
func (e *ValueError) Is(target error) bool { return target == ErrBadValue }

// Reason codes of the value parsers.
const (
	CodeEmpty            = "empty"               // nothing in the cell
	CodeDateUnreadable   = "date_unreadable"     // not a date in any accepted form
	CodeDateImpossible   = "date_impossible"     // the day does not exist in that month
	CodeDateMonth        = "date_month"          // month not in 1..12
	CodeDateTwoDigitYear = "date_two_digit_year" // year written with 2 digits
	CodeDateYear         = "date_year"           // year outside 1..9999
	CodeDateTime         = "date_time"           // hour, minute or second out of range
	CodeDateOffset       = "date_offset"         // unreadable time-zone offset
	CodeDateSerial       = "date_serial_range"   // Excel serial outside 1..2958465
	CodeLayoutToken      = "layout_token"        // unknown token in a human date layout
	CodeNumber           = "number_unreadable"   // not a number
	CodeNumberRange      = "number_range"        // too large for a float64
	CodeIntFraction      = "int_fractional"      // a whole number was expected
	CodeIntRange         = "int_range"           // outside the int64 range
	CodeBool             = "bool_unreadable"     // not a known yes/no word
	CodeEnumUnknown      = "enum_unknown"        // not a known label of the enumeration
	CodeEnumTarget       = "enum_target"         // an alias names a value the enumeration lacks
	CodeEnumLabel        = "enum_label"          // two alias labels fold alike but name different values
)

func newValueError(code, vi, en string) *ValueError {
	return &ValueError{Reason{Code: code, Vi: vi, En: en}}
}

// emptyValue reports an empty cell.
func emptyValue() *ValueError { return newValueError(CodeEmpty, "Ô trống", "empty value") }

// quoteValue quotes an offending value for a reason, shortened when very long.
func quoteValue(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) > max {
		n, i := 0, 0
		for i = range s {
			if n == max {
				break
			}
			n++
		}
		s = s[:i] + "…"
	}
	return strconv.Quote(s)
}

// ---------------------------------------------------------------------------
// Text

// isTrimRune reports whether r is removed from the ends of a value: white space
// (including NBSP and the other Unicode spaces), zero-width spaces and joiners,
// and the byte-order mark.
func isTrimRune(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return unicode.IsSpace(r)
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// trimCell removes trim runes (see isTrimRune) from both ends of s.
func trimCell(s string) string {
	start := 0
	for start < len(s) {
		c := s[start]
		if c < utf8.RuneSelf {
			if !isASCIISpace(c) {
				break
			}
			start++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[start:])
		if !isTrimRune(r) {
			break
		}
		start += n
	}
	end := len(s)
	for end > start {
		c := s[end-1]
		if c < utf8.RuneSelf {
			if !isASCIISpace(c) {
				break
			}
			end--
			continue
		}
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !isTrimRune(r) {
			break
		}
		end -= n
	}
	return s[start:end]
}

// CleanText trims white space (including NBSP, zero-width spaces and the BOM,
// and so CRLF remnants) from both ends of s and returns it in Unicode NFC.
// Empty stays empty.
func CleanText(s string) string {
	s = trimCell(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if norm.NFC.IsNormalString(s) {
				return s
			}
			return norm.NFC.String(s)
		}
	}
	return s // ASCII is NFC
}

// Fold returns the matching key of a header or label: lower-cased, without
// diacritics ('đ' and 'Đ' become 'd'), with every run of characters other than
// letters and digits (spaces, NBSP, tabs, punctuation, underscores) turned into
// one space, and trimmed. NFC and NFD input fold alike: "  Mã   HỒ SƠ " and
// the NFD form of "Mã hồ sơ" both fold to "ma ho so"; "case_id" folds to
// "case id". Fold(Fold(s)) == Fold(s). An input that is already folded ASCII is
// returned without allocating.
func Fold(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	var f folder
	var tbl *[foldTableSize]uint16
	f.b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			f.ascii(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1:
			f.sep() // invalid UTF-8 separates like punctuation
		case r < foldTableSize:
			if tbl == nil {
				tbl = foldTable()
			}
			switch v := tbl[r]; v {
			case foldDrop:
			case foldSep:
				f.sep()
			case foldSlow:
				f.rune(r, 0)
			default:
				f.letter(rune(v))
			}
		default:
			f.rune(r, 0)
		}
	}
	return f.b.String()
}

func isFoldedASCII(s string) bool {
	if len(s) == 0 {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	space := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			space = false
		case c == ' ':
			if space {
				return false
			}
			space = true
		default:
			return false
		}
	}
	return true
}

// folder accumulates the output of Fold.
type folder struct {
	b       strings.Builder
	pending bool // a separator was seen since the last letter or digit
}

func (f *folder) sep() {
	if f.b.Len() > 0 {
		f.pending = true
	}
}

func (f *folder) ascii(c byte) {
	switch {
	case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
	case 'A' <= c && c <= 'Z':
		c += 'a' - 'A'
	default:
		f.sep()
		return
	}
	if f.pending {
		f.b.WriteByte(' ')
		f.pending = false
	}
	f.b.WriteByte(c)
}

// runes folds each rune of the UTF-8 text d.
func (f *folder) runes(d []byte, depth int) {
	for len(d) > 0 {
		r, n := utf8.DecodeRune(d)
		f.rune(r, depth+1)
		d = d[n:]
	}
}

// rune folds r: it drops combining marks, decomposes (canonically, as NFD
// does), lower-cases, and repeats until r is stable, so that Fold is
// idempotent.
func (f *folder) rune(r rune, depth int) {
	if r < utf8.RuneSelf {
		f.ascii(byte(r))
		return
	}
	switch r {
	case 'đ', 'Đ', 'ð', 'Ð': // Ð (eth) stands in for Đ in text from old Vietnamese encodings
		f.ascii('d')
		return
	}
	if unicode.Is(unicode.M, r) {
		return
	}
	if depth < 4 {
		if 0xAC00 <= r && r < 0xAC00+11172 { // Hangul syllable: decompose into jamo
			const lBase, vBase, tBase, tCount, nCount = 0x1100, 0x1161, 0x11A7, 28, 588
			si := r - 0xAC00
			f.rune(lBase+si/nCount, depth+1)
			f.rune(vBase+(si%nCount)/tCount, depth+1)
			if t := si % tCount; t != 0 {
				f.rune(tBase+t, depth+1)
			}
			return
		}
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		if d := norm.NFD.Properties(buf[:n]).Decomposition(); d != nil {
			f.runes(d, depth)
			return
		}
		if l := unicode.ToLower(r); l != r {
			f.rune(l, depth+1)
			return
		}
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		f.sep()
		return
	}
	f.letter(r)
}

// letter writes a folded letter or digit.
func (f *folder) letter(r rune) {
	if f.pending {
		f.b.WriteByte(' ')
		f.pending = false
	}
	f.b.WriteRune(r)
}

// foldTable caches how folder.rune treats the code points below
// foldTableSize, which include all of Vietnamese: foldDrop (a combining mark),
// foldSep (a separator), foldSlow (more than one rune: use folder.rune), or
// the folded rune.
const (
	foldTableSize = 0x2000
	foldDrop      = 0
	foldSep       = 0xFFFF
	foldSlow      = 0xFFFE
)

var foldTable = sync.OnceValue(func() *[foldTableSize]uint16 {
	var t [foldTableSize]uint16
	for r := rune(utf8.RuneSelf); r < foldTableSize; r++ {
		var f folder
		f.b.WriteByte('a')
		f.rune(r, 0)
		out := f.b.String()[1:]
		switch c, n := utf8.DecodeRuneInString(out); {
		case out == "" && f.pending:
			t[r] = foldSep
		case out == "":
			t[r] = foldDrop
		case n == len(out) && c > 0 && c < foldSlow:
			t[r] = uint16(c)
		default:
			t[r] = foldSlow
		}
	}
	return &t
})

// ---------------------------------------------------------------------------
// Dates and times

// VN is the Asia/Ho_Chi_Minh location, the default of TimeParser.Loc. It comes
// from the system's zone database or, failing that, the embedded copy.
var VN = mustLoadVN()

func mustLoadVN() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic("ingest: load Asia/Ho_Chi_Minh: " + err.Error()) // unreachable: time/tzdata is embedded
	}
	return loc
}

// TimeParser parses date and time cells. The zero value is ready to use and
// reads Vietnamese local time (Asia/Ho_Chi_Minh), day first, with no extra
// layouts. A TimeParser is safe for concurrent use once configured.
type TimeParser struct {
	// Loc is the time zone of values without an offset, and of the result.
	// Nil means VN (Asia/Ho_Chi_Minh).
	Loc *time.Location
	// Layouts are extra Go layouts (see ParseLayout), for example from a
	// mapping file, tried before the built-in forms. Nil means none.
	Layouts []string
	// MonthFirst reads d/m/yyyy-shaped values as m/d/yyyy. False (the
	// default) means day first, as written in Vietnam.
	MonthFirst bool
}

// DefaultTimeParser returns the documented defaults: Loc VN, no extra
// layouts, day first.
func DefaultTimeParser() *TimeParser { return &TimeParser{Loc: VN} }

// Excel serial range: 1 is 1899-12-31, 2958465 is 9999-12-31.
const maxSerial = 2958465

// Parse reads a date or date-time cell and returns the instant in p.Loc.
// Accepted, in order:
//   - p.Layouts;
//   - ISO 8601: 2025-03-14, 2025-03-14 08:30, 2025-03-14T08:30:00, with
//     fractional seconds, and with Z or a ±hh:mm (±hhmm, ±hh) offset, which is
//     converted into Loc ('/' and '.' are accepted in place of '-');
//   - Vietnamese d/m/yyyy with '/', '-' or '.' separators, 1 or 2 digit day and
//     month, and an optional time h:mm or h:mm:ss (with optional fraction and
//     AM/PM or SA/CH) after a space or 'T'; also the time-first form
//     "hh:mm:ss dd/mm/yyyy";
//   - Excel serial numbers ("45731", "45731.5"): days since 1899-12-30, from 1
//     to 2958465, the fraction being the time of day rounded to the second.
//
// Date-only values are midnight in Loc. Leading and trailing spaces, NBSP,
// BOM and CR are ignored. The error, a *ValueError, names what is wrong.
func (p *TimeParser) Parse(s string) (time.Time, error) {
	loc := VN
	if p != nil && p.Loc != nil {
		loc = p.Loc
	}
	s = trimCell(s)
	if s == "" {
		return time.Time{}, emptyValue()
	}
	if p != nil {
		for _, l := range p.Layouts {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, nil
			}
		}
	}
	t, err := p.parse(s, loc)
	if err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// parse tries the built-in forms; s is trimmed and not empty.
func (p *TimeParser) parse(s string, loc *time.Location) (time.Time, *ValueError) {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	if n == 0 {
		return time.Time{}, p.unreadable(s)
	}
	if n == len(s) {
		return p.serial(s, s, loc)
	}
	switch c := s[n]; {
	case c == ':':
		return p.timeFirst(s, loc)
	case (c == '.' || c == ',') && n < len(s)-1 && isAllDigits(s[n+1:]):
		num := s
		if c == ',' {
			num = s[:n] + "." + s[n+1:]
		}
		return p.serial(s, num, loc)
	case n == 4 && (c == '-' || c == '/' || c == '.'):
		return p.iso(s, loc)
	case n <= 2 && (c == '-' || c == '/' || c == '.'):
		y, mo, d, i, err := p.dmy(s, 0)
		if err != nil {
			return time.Time{}, err
		}
		if i == len(s) {
			return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc), nil
		}
		if s[i] != ' ' && s[i] != 'T' {
			return time.Time{}, p.unreadable(s)
		}
		for i < len(s) && (s[i] == ' ' || s[i] == 'T') {
			i++
		}
		c, i, err := p.clock(s, i)
		if err != nil {
			return time.Time{}, err
		}
		if i != len(s) {
			return time.Time{}, p.unreadable(s)
		}
		return time.Date(y, time.Month(mo), d, c.h, c.m, c.s, c.ns, loc), nil
	}
	return time.Time{}, p.unreadable(s)
}

// leadDigits reads at most max decimal digits of s from i and returns their value
// and count.
func leadDigits(s string, i, max int) (v, n int) {
	for n < max && i+n < len(s) {
		c := s[i+n]
		if c < '0' || c > '9' {
			break
		}
		v = v*10 + int(c-'0')
		n++
	}
	return v, n
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// dmy reads d/m/yyyy (or m/d/yyyy when p.MonthFirst) from s[i:] and returns
// the validated date and the index after it.
func (p *TimeParser) dmy(s string, i int) (y, mo, d, next int, err *ValueError) {
	a, n := leadDigits(s, i, 3)
	if n == 0 || n > 2 || i+n >= len(s) {
		return 0, 0, 0, 0, p.unreadable(s)
	}
	i += n
	sep := s[i]
	if sep != '/' && sep != '-' && sep != '.' {
		return 0, 0, 0, 0, p.unreadable(s)
	}
	i++
	b, n := leadDigits(s, i, 3)
	if n == 0 || n > 2 || i+n >= len(s) || s[i+n] != sep {
		return 0, 0, 0, 0, p.unreadable(s)
	}
	i += n + 1
	yStart := i
	y, n = leadDigits(s, i, 5)
	i += n
	if i < len(s) && s[i] != ' ' && s[i] != 'T' {
		return 0, 0, 0, 0, p.unreadable(s)
	}
	switch n {
	case 4:
	case 2:
		return 0, 0, 0, 0, twoDigitYear(s[yStart:i])
	default:
		return 0, 0, 0, 0, p.unreadable(s)
	}
	d, mo = a, b
	if p != nil && p.MonthFirst {
		d, mo = b, a
	}
	if err := checkDate(y, mo, d, true, p != nil && p.MonthFirst); err != nil {
		return 0, 0, 0, 0, err
	}
	return y, mo, d, i, nil
}

// ymd reads yyyy-mm-dd (also with '/' or '.') from s[i:].
func (p *TimeParser) ymd(s string, i int) (y, mo, d, next int, err *ValueError) {
	y, n := leadDigits(s, i, 5)
	if n != 4 || i+n >= len(s) {
		return 0, 0, 0, 0, p.unreadable(s)
	}
	i += n
	sep := s[i]
	if sep != '/' && sep != '-' && sep != '.' {
		return 0, 0, 0, 0, p.unreadable(s)
	}
	i++
	mo, n = leadDigits(s, i, 3)
	if n == 0 || n > 2 || i+n >= len(s) || s[i+n] != sep {
		return 0, 0, 0, 0, p.unreadable(s)
	}
	i += n + 1
	d, n = leadDigits(s, i, 3)
	if n == 0 || n > 2 {
		return 0, 0, 0, 0, p.unreadable(s)
	}
	i += n
	if err := checkDate(y, mo, d, false, false); err != nil {
		return 0, 0, 0, 0, err
	}
	return y, mo, d, i, nil
}

func isLeapYear(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(mo, y int) int {
	switch mo {
	case 2:
		if isLeapYear(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// checkDate validates a calendar date. dmyForm tells that the value was
// written d/m/yyyy (or m/d/yyyy when monthFirst), so that a month over 12 can
// hint at the other order.
func checkDate(y, mo, d int, dmyForm, monthFirst bool) *ValueError {
	if y < 1 {
		return yearRange(y)
	}
	if mo < 1 || mo > 12 {
		vi := fmt.Sprintf("Tháng không hợp lệ: %d (tháng phải từ 1 đến 12)", mo)
		en := fmt.Sprintf("invalid month %d (must be 1 to 12)", mo)
		if dmyForm && 1 <= d && d <= 12 && 1 <= mo && mo <= daysInMonth(d, y) {
			if monthFirst {
				vi += "; nếu tệp ghi ngày trước tháng (dd/mm/yyyy), hãy bỏ khai báo tháng trước"
				en += "; if the file writes the day first (dd/mm/yyyy), do not declare month-first dates"
			} else {
				vi += "; nếu tệp ghi tháng trước ngày (mm/dd/yyyy), hãy khai báo định dạng ngày trong tệp ánh xạ"
				en += "; if the file writes the month first (mm/dd/yyyy), declare the date layout in the mapping file"
			}
		}
		return newValueError(CodeDateMonth, vi, en)
	}
	if d < 1 {
		return newValueError(CodeDateImpossible, "Ngày không hợp lệ: không có ngày 0", "invalid date: there is no day 0")
	}
	if max := daysInMonth(mo, y); d > max {
		if mo == 2 && d == 29 {
			return newValueError(CodeDateImpossible,
				fmt.Sprintf("Ngày không hợp lệ: năm %d không nhuận, tháng 2 không có ngày 29", y),
				fmt.Sprintf("invalid date: %d is not a leap year, so month 2 has no day 29", y))
		}
		return newValueError(CodeDateImpossible,
			fmt.Sprintf("Ngày không hợp lệ: tháng %d không có ngày %d", mo, d),
			fmt.Sprintf("invalid date: month %d has no day %d", mo, d))
	}
	return nil
}

func twoDigitYear(y string) *ValueError {
	return newValueError(CodeDateTwoDigitYear,
		fmt.Sprintf("Năm phải ghi đủ 4 chữ số (vd. 2025), không phải %q", y),
		fmt.Sprintf("year must have 4 digits (e.g. 2025), not %q", y))
}

func yearRange(y int) *ValueError {
	return newValueError(CodeDateYear,
		fmt.Sprintf("Năm %d nằm ngoài khoảng 1–9999", y),
		fmt.Sprintf("year %d is outside 1–9999", y))
}

// clockTime is a time of day.
type clockTime struct{ h, m, s, ns int }

// clock reads h:mm[:ss[.fff]][ AM|PM|SA|CH] from s[i:].
func (p *TimeParser) clock(s string, i int) (clockTime, int, *ValueError) {
	var c clockTime
	start := i
	h, n := leadDigits(s, i, 3)
	if n == 0 || n > 2 || i+n >= len(s) || s[i+n] != ':' {
		return c, 0, p.unreadable(s)
	}
	i += n + 1
	m, n := leadDigits(s, i, 3)
	if n != 2 {
		return c, 0, p.unreadable(s)
	}
	i += n
	sec := 0
	if i < len(s) && s[i] == ':' {
		sec, n = leadDigits(s, i+1, 3)
		if n != 2 {
			return c, 0, p.unreadable(s)
		}
		i += 1 + n
		if i+1 < len(s) && (s[i] == '.' || s[i] == ',') && '0' <= s[i+1] && s[i+1] <= '9' {
			i++
			scale := 100_000_000
			for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
				c.ns += int(s[i]-'0') * scale
				scale /= 10
			}
		}
	}
	end := i
	// AM/PM, or SA (sáng)/CH (chiều) as Vietnamese Windows writes them.
	pm, twelve := false, false
	j := i
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j+2 <= len(s) && (j+2 == len(s) || s[j+2] == ' ') {
		switch strings.ToUpper(s[j : j+2]) {
		case "AM", "SA":
			twelve, i, end = true, j+2, j+2
		case "PM", "CH":
			twelve, pm, i, end = true, true, j+2, j+2
		}
	}
	if twelve {
		if h < 1 || h > 12 || m > 59 || sec > 59 {
			return c, 0, newValueError(CodeDateTime,
				fmt.Sprintf("Giờ không hợp lệ: %q (giờ 1–12 khi có AM/PM hoặc SA/CH, phút và giây 0–59)", s[start:end]),
				fmt.Sprintf("invalid time %q (hour 1–12 with AM/PM or SA/CH, minutes and seconds 0–59)", s[start:end]))
		}
		h %= 12
		if pm {
			h += 12
		}
	} else if h > 23 || m > 59 || sec > 59 {
		return c, 0, newValueError(CodeDateTime,
			fmt.Sprintf("Giờ không hợp lệ: %q (giờ 0–23, phút và giây 0–59)", s[start:end]),
			fmt.Sprintf("invalid time %q (hour 0–23, minutes and seconds 0–59)", s[start:end]))
	}
	c.h, c.m, c.s = h, m, sec
	return c, i, nil
}

// timeFirst reads "hh:mm[:ss] dd/mm/yyyy" (or "hh:mm[:ss] yyyy-mm-dd").
func (p *TimeParser) timeFirst(s string, loc *time.Location) (time.Time, *ValueError) {
	c, i, err := p.clock(s, 0)
	if err != nil {
		return time.Time{}, err
	}
	if i == len(s) || s[i] != ' ' {
		return time.Time{}, p.unreadable(s)
	}
	for i < len(s) && s[i] == ' ' {
		i++
	}
	var y, mo, d int
	if _, n := leadDigits(s, i, 5); n == 4 {
		y, mo, d, i, err = p.ymd(s, i)
	} else {
		y, mo, d, i, err = p.dmy(s, i)
	}
	if err != nil {
		return time.Time{}, err
	}
	if i != len(s) {
		return time.Time{}, p.unreadable(s)
	}
	return time.Date(y, time.Month(mo), d, c.h, c.m, c.s, c.ns, loc), nil
}

// iso reads yyyy-mm-dd[(T| )hh:mm[:ss[.fff]][ ][Z|±hh[:mm]]].
func (p *TimeParser) iso(s string, loc *time.Location) (time.Time, *ValueError) {
	y, mo, d, i, err := p.ymd(s, 0)
	if err != nil {
		return time.Time{}, err
	}
	if i == len(s) {
		return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc), nil
	}
	if s[i] != 'T' && s[i] != 't' && s[i] != ' ' {
		return time.Time{}, p.unreadable(s)
	}
	i++
	for i < len(s) && s[i] == ' ' {
		i++
	}
	c, i, err := p.clock(s, i)
	if err != nil {
		return time.Time{}, err
	}
	if i == len(s) {
		return time.Date(y, time.Month(mo), d, c.h, c.m, c.s, c.ns, loc), nil
	}
	j := i
	if s[j] == ' ' && j+1 < len(s) {
		j++
	}
	var off int // seconds east of UTC
	switch s[j] {
	case 'Z', 'z':
		if j+1 != len(s) {
			return time.Time{}, p.unreadable(s)
		}
	case '+', '-':
		oh, n := leadDigits(s, j+1, 5)
		k := j + 1 + n
		om := 0
		switch {
		case n == 2 && k == len(s):
		case n == 2 && s[k] == ':':
			var m int
			om, m = leadDigits(s, k+1, 3)
			if m != 2 || k+1+m != len(s) {
				return time.Time{}, badOffset(s[j:])
			}
		case n == 4 && k == len(s):
			oh, om = oh/100, oh%100
		default:
			return time.Time{}, badOffset(s[j:])
		}
		if oh > 23 || om > 59 {
			return time.Time{}, badOffset(s[j:])
		}
		off = (oh*60 + om) * 60
		if s[j] == '-' {
			off = -off
		}
	default:
		return time.Time{}, p.unreadable(s)
	}
	t := time.Date(y, time.Month(mo), d, c.h, c.m, c.s, c.ns, time.UTC).
		Add(-time.Duration(off) * time.Second).In(loc)
	if yy := t.Year(); yy < 1 || yy > 9999 {
		return time.Time{}, yearRange(yy)
	}
	return t, nil
}

func badOffset(s string) *ValueError {
	return newValueError(CodeDateOffset,
		fmt.Sprintf("Múi giờ không hợp lệ: %s (dùng Z, +07:00 hoặc +0700)", quoteValue(s)),
		fmt.Sprintf("invalid time-zone offset %s (use Z, +07:00 or +0700)", quoteValue(s)))
}

// serial reads an Excel serial number; num is s with a '.' decimal point.
func (p *TimeParser) serial(s, num string, loc *time.Location) (time.Time, *ValueError) {
	day, n := leadDigits(num, 0, 8)
	if n > 7 || day < 1 || day > maxSerial {
		return time.Time{}, serialRange(s)
	}
	secs := 0
	if n < len(num) {
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return time.Time{}, p.unreadable(s)
		}
		secs = int(math.Round((v - float64(day)) * 86400))
	}
	if day == maxSerial && secs >= 86400 {
		return time.Time{}, serialRange(s)
	}
	return time.Date(1899, 12, 30+day, 0, 0, secs, 0, loc), nil
}

func serialRange(s string) *ValueError {
	return newValueError(CodeDateSerial,
		fmt.Sprintf("Số ngày Excel %s nằm ngoài khoảng cho phép 1–2958465 (31/12/1899–31/12/9999)", quoteValue(s)),
		fmt.Sprintf("Excel serial %s is outside 1–2958465 (31/12/1899–31/12/9999)", quoteValue(s)))
}

// unreadable reports a value in none of the accepted forms, listing them.
func (p *TimeParser) unreadable(s string) *ValueError {
	dm := "dd/mm/yyyy"
	if p != nil && p.MonthFirst {
		dm = "mm/dd/yyyy"
	}
	vi := fmt.Sprintf("Không đọc được ngày %s; dạng chấp nhận: %s [hh:mm[:ss]], yyyy-mm-dd[Thh:mm[:ss]][±hh:mm], số ngày Excel (vd. 45731)", quoteValue(s), dm)
	en := fmt.Sprintf("cannot read date %s; accepted forms: %s [hh:mm[:ss]], yyyy-mm-dd[Thh:mm[:ss]][±hh:mm], Excel serial number (e.g. 45731)", quoteValue(s), dm)
	if p != nil && len(p.Layouts) > 0 {
		h := make([]string, len(p.Layouts))
		for i, l := range p.Layouts {
			h[i] = humanLayout(l)
		}
		list := strings.Join(h, ", ")
		vi += ", và theo tệp ánh xạ: " + list
		en += ", and from the mapping file: " + list
	}
	return newValueError(CodeDateUnreadable, vi, en)
}

// layoutTokens maps the tokens of a human layout to Go layout elements,
// longest first.
var layoutTokens = [...]struct{ human, goLayout string }{
	{"YYYY", "2006"},
	{"SSS", "000"},
	{"MM", "01"},
	{"DD", "02"},
	{"HH", "15"},
	{"hh", "03"},
	{"mm", "04"},
	{"ss", "05"},
	{"AM", "PM"},
	{"PM", "PM"},
	{"M", "1"},
	{"D", "2"},
	{"h", "3"},
}

// ParseLayout converts a human date layout into a Go layout for
// TimeParser.Layouts. Tokens: YYYY (4-digit year), MM and M (month, padded or
// not), DD and D (day), HH (hour 0–23), hh and h (hour 1–12, with AM or PM),
// mm (minute), ss (second), SSS (milliseconds, after '.' or ','), AM or PM (the
// marker). Between tokens: spaces and / - . : , T. For example
// "MM/DD/YYYY hh:mm:ss AM" gives "01/02/2006 03:04:05 PM". Any other letter,
// a digit or other punctuation is an error (*ValueError).
func ParseLayout(human string) (string, error) {
	var b strings.Builder
	twelve, marker := false, false
	for i := 0; i < len(human); {
		matched := false
		for _, t := range layoutTokens {
			if strings.HasPrefix(human[i:], t.human) {
				b.WriteString(t.goLayout)
				i += len(t.human)
				switch t.human {
				case "hh", "h":
					twelve = true
				case "AM", "PM":
					marker = true
				}
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		switch c := human[i]; c {
		case ' ', '/', '-', '.', ':', ',', 'T':
			b.WriteByte(c)
			i++
		default:
			r, _ := utf8.DecodeRuneInString(human[i:])
			return "", newValueError(CodeLayoutToken,
				fmt.Sprintf("Định dạng ngày %s có phần không hiểu được %q; dùng YYYY, MM, DD, HH, hh, mm, ss, AM/PM và các dấu / - . : ,", quoteValue(human), string(r)),
				fmt.Sprintf("date layout %s has an unknown part %q; use YYYY, MM, DD, HH, hh, mm, ss, AM/PM and the separators / - . : ,", quoteValue(human), string(r)))
		}
	}
	if twelve != marker {
		return "", newValueError(CodeLayoutToken,
			fmt.Sprintf("Định dạng ngày %s: giờ 12 (hh) phải đi cùng AM/PM, và AM/PM chỉ đi cùng hh", quoteValue(human)),
			fmt.Sprintf("date layout %s: a 12-hour hour (hh) needs AM/PM, and AM/PM needs hh", quoteValue(human)))
	}
	return b.String(), nil
}

// humanLayout renders a Go layout in the human notation of ParseLayout, for
// messages.
func humanLayout(l string) string {
	var b strings.Builder
	for i := 0; i < len(l); {
		matched := false
		for _, t := range goTokens {
			if strings.HasPrefix(l[i:], t.goLayout) {
				b.WriteString(t.human)
				i += len(t.goLayout)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte(l[i])
			i++
		}
	}
	return b.String()
}

// goTokens maps Go layout elements back to human tokens, longest first.
var goTokens = [...]struct{ goLayout, human string }{
	{"2006", "YYYY"}, {"000", "SSS"}, {"01", "MM"}, {"02", "DD"}, {"15", "HH"}, {"03", "hh"},
	{"04", "mm"}, {"05", "ss"}, {"PM", "AM"}, {"1", "M"}, {"2", "D"}, {"3", "h"},
}

// ---------------------------------------------------------------------------
// Numbers

// isGroupSpace reports whether r may group thousands: space, NBSP, narrow
// NBSP, thin space and figure space.
func isGroupSpace(r rune) bool {
	return r == ' ' || r == 0xA0 || r == 0x202F || r == 0x2009 || r == 0x2007
}

// simpleNumber reports whether s is [+-]digits[.digits], which strconv reads
// as it stands.
func simpleNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	n := 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		n++
	}
	if n == 0 {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != '.' || i == len(s)-1 {
		return false
	}
	return isAllDigits(s[i+1:])
}

// ParseNumber reads a number as written in Vietnamese or English exports.
// '.' is the decimal point ("2.5", "1.234" = 1.234) unless it occurs several
// times, as thousands groups do ("1.234.567"); ',' is the decimal comma when it
// is the only separator and occurs once ("2,5"), and groups thousands when it
// occurs several times ("1,234,567"). When both occur, the last one is the
// decimal separator ("1.234,5" and "1,234.5" are both 1234.5). Spaces and NBSP
// group thousands ("1 234 567"). Group sizes are checked (3 digits after the
// first group). A sign (+, -, U+2212) and an exponent ("1.5E-05") are
// accepted; text, NaN and infinities are not.
func ParseNumber(s string) (float64, error) {
	v, err := parseNumber(s)
	if err != nil {
		return 0, err
	}
	return v, nil
}

func parseNumber(s string) (float64, *ValueError) {
	t := trimCell(s)
	if t == "" {
		return 0, emptyValue()
	}
	if simpleNumber(t) {
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return 0, numberRange(t)
		}
		return v, nil
	}
	var stack [64]byte
	buf, ok := normalizeNumber(t, stack[:0])
	if !ok {
		return 0, badNumber(t)
	}
	v, err := strconv.ParseFloat(string(buf), 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, numberRange(t)
		}
		return 0, badNumber(t)
	}
	return v, nil
}

// normalizeNumber rewrites a number with separators into strconv syntax.
func normalizeNumber(s string, buf []byte) ([]byte, bool) {
	i := 0
	if strings.HasPrefix(s, "−") { // U+2212 MINUS SIGN
		buf = append(buf, '-')
		i += len("−")
	} else if s[0] == '-' || s[0] == '+' {
		buf = append(buf, s[0])
		i++
	}
	// Mantissa: digit groups and the separators between them.
	const maxGroups = 32
	var seps [maxGroups]byte // '.', ',' or ' ' before group k+1
	var lens [maxGroups + 1]int
	starts := [maxGroups + 1]int{i}
	ng := 0 // separators seen
	dots, commas, spaces := 0, 0, 0
	for i < len(s) {
		c := s[i]
		if '0' <= c && c <= '9' {
			lens[ng]++
			i++
			continue
		}
		var kind byte
		size := 1
		switch {
		case c == '.' || c == ',':
			kind = c
		case c == 'e' || c == 'E':
			goto mantissaDone
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isGroupSpace(r) {
				return nil, false
			}
			kind, size = ' ', n
		}
		if ng == maxGroups || lens[ng] == 0 && (ng > 0 || kind == ' ') {
			return nil, false // doubled separator, or one at the start
		}
		seps[ng] = kind
		switch kind {
		case '.':
			dots++
		case ',':
			commas++
		default:
			spaces++
		}
		i += size
		ng++
		starts[ng] = i
	}
mantissaDone:
	if lens[ng] == 0 {
		return nil, false // ends with a separator, or no digits at all
	}
	var dec, group byte
	switch {
	case dots > 0 && commas > 0:
		dec = seps[ng-1]
		if dec == ' ' {
			return nil, false
		}
		group = ','
		if dec == ',' {
			group = '.'
		}
		if dots > 1 && dec == '.' || commas > 1 && dec == ',' {
			return nil, false
		}
	case dots == 1:
		dec = '.'
	case dots > 1:
		group = '.'
	case commas == 1:
		dec = ','
	case commas > 1:
		group = ','
	}
	if spaces > 0 {
		if group != 0 {
			return nil, false
		}
		group = ' '
	}
	// The decimal separator, if any, must come last; every other separator
	// is the grouping one, with groups of 3 after a first of 1 to 3.
	nInt := ng // number of separators inside the integer part
	if dec != 0 {
		if seps[ng-1] != dec {
			return nil, false
		}
		nInt = ng - 1
	}
	for k := 0; k < nInt; k++ {
		if seps[k] != group || lens[k+1] != 3 {
			return nil, false
		}
	}
	if nInt > 0 && lens[0] > 3 {
		return nil, false
	}
	for k := 0; k <= nInt; k++ {
		buf = append(buf, s[starts[k]:starts[k]+lens[k]]...)
	}
	if dec != 0 {
		if lens[0] == 0 && nInt == 0 {
			buf = append(buf, '0')
		}
		buf = append(buf, '.')
		buf = append(buf, s[starts[ng]:starts[ng]+lens[ng]]...)
	}
	if i < len(s) { // exponent
		buf = append(buf, 'e')
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			buf = append(buf, s[i])
			i++
		}
		n := 0
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			buf = append(buf, s[i])
			n++
		}
		if n == 0 || n > 4 || i != len(s) {
			return nil, false
		}
	}
	return buf, true
}

func badNumber(s string) *ValueError {
	return newValueError(CodeNumber,
		fmt.Sprintf("Không đọc được số %s; ví dụ dạng chấp nhận: 1234, 2,5, 2.5, 1.234.567, 1.234,5, 1,234.5, 1 234 567", quoteValue(s)),
		fmt.Sprintf("cannot read number %s; accepted forms include 1234, 2,5, 2.5, 1.234.567, 1.234,5, 1,234.5, 1 234 567", quoteValue(s)))
}

func numberRange(s string) *ValueError {
	return newValueError(CodeNumberRange,
		fmt.Sprintf("Số %s quá lớn", quoteValue(s)),
		fmt.Sprintf("number %s is too large", quoteValue(s)))
}

// ParseInt reads a whole number: "5", "-5", " 5 ", "5.0", "5,0",
// "1.234.567" (see ParseNumber). A value with a fractional part, text, or a
// value outside the int64 range is an error (*ValueError).
func ParseInt(s string) (int64, error) {
	t := trimCell(s)
	if t == "" {
		return 0, emptyValue()
	}
	if simpleInt(t) {
		v, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return 0, intRange(t)
		}
		return v, nil
	}
	v, err := parseNumber(t)
	if err != nil {
		if err.Code == CodeNumberRange {
			return 0, intRange(t)
		}
		return 0, err
	}
	if v != math.Trunc(v) {
		return 0, newValueError(CodeIntFraction,
			fmt.Sprintf("Cần số nguyên, nhưng %s có phần lẻ; nếu dấu chấm để tách hàng nghìn, hãy viết liền (vd. 1234)", quoteValue(t)),
			fmt.Sprintf("a whole number is needed, but %s has a fractional part; if the dot groups thousands, write the number without it (e.g. 1234)", quoteValue(t)))
	}
	if v < -(1<<63) || v >= 1<<63 {
		return 0, intRange(t)
	}
	return int64(v), nil
}

func simpleInt(s string) bool {
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i++
	}
	return i < len(s) && isAllDigits(s[i:])
}

func intRange(s string) *ValueError {
	return newValueError(CodeIntRange,
		fmt.Sprintf("Số nguyên %s quá lớn", quoteValue(s)),
		fmt.Sprintf("whole number %s is too large", quoteValue(s)))
}

// ---------------------------------------------------------------------------
// Yes/no values

// ParseBool reads a yes/no value, folded first (see Fold): true for 1, true,
// yes, y, x, có, đúng, rồi, đã xác minh; false for 0, false, no, n, không,
// sai, chưa, chưa xác minh. Anything else is an error (*ValueError) listing
// these words.
func ParseBool(s string) (bool, error) {
	switch k := Fold(s); k {
	case "1", "true", "yes", "y", "x", "co", "dung", "roi", "da xac minh":
		return true, nil
	case "0", "false", "no", "n", "khong", "sai", "chua", "chua xac minh":
		return false, nil
	case "":
		if trimCell(s) == "" {
			return false, emptyValue()
		}
	}
	q := quoteValue(CleanText(s))
	return false, newValueError(CodeBool,
		fmt.Sprintf("Không hiểu giá trị có/không %s; dùng: 1/0, có/không, đúng/sai, rồi/chưa, đã xác minh/chưa xác minh, x (có), true/false, yes/no", q),
		fmt.Sprintf("cannot read yes/no value %s; use: 1/0, true/false, yes/no, x (yes), có/không, đúng/sai, rồi/chưa, đã xác minh/chưa xác minh", q))
}

// ---------------------------------------------------------------------------
// Enumerations

// Enum maps labels, compared by their Fold keys, to canonical values. Parse is
// safe for concurrent use; Add is not, and must finish before Parse is used.
type Enum struct {
	// Name names the enumeration (usually its column) in reasons.
	Name string
	// Canon lists the canonical values, in the order reasons list them.
	Canon []string
	// Words gives, for a canonical value, the Vietnamese word listed beside it in
	// Vietnamese reasons ("absent (vắng mặt)"); optional.
	Words  map[string]string
	labels map[string]string // folded label → canonical value
	punct  map[string]string // trimmed label that folds to "" ("-", "?") → canonical value
}

// NewEnum builds an enumeration of the canonical values canon, each of which
// also matches itself (folded), plus aliases (label → canonical value), such
// as Vietnamese labels or numeric codes. An alias may name a target by any
// text that folds like a canonical value. An alias wins over a canonical
// value's own name (a system may use "done" for something else), and labels
// that fold alike are applied in sorted order, the last winning. A label of
// punctuation only ("-", "?"), which folds to nothing, matches that exact text.
// NewEnum panics if an alias names a value not in canon, or two canonical
// values fold alike: programming errors (aliases from a file should be checked,
// or go through Add).
func NewEnum(name string, canon []string, aliases map[string]string) *Enum {
	e := &Enum{Name: name, Canon: append([]string(nil), canon...),
		labels: make(map[string]string, len(canon)+len(aliases))}
	for _, c := range e.Canon {
		k := Fold(c)
		if prev, ok := e.labels[k]; ok || k == "" {
			panic(fmt.Sprintf("ingest: enum %s: canonical values %q and %q fold alike", name, prev, c))
		}
		e.labels[k] = c
	}
	if err := e.add(aliases, false); err != nil {
		panic("ingest: enum " + name + ": " + err.Error())
	}
	return e
}

// Add adds aliases (label → canonical value), for example from a mapping
// file, with the rules of NewEnum. It returns a *ValueError, and adds nothing,
// if a target is not a canonical value or two labels of aliases fold alike
// but name different values.
func (e *Enum) Add(aliases map[string]string) error {
	if err := e.add(aliases, true); err != nil {
		return err
	}
	return nil
}

func (e *Enum) add(aliases map[string]string, strict bool) *ValueError {
	labels := make([]string, 0, len(aliases))
	for l := range aliases {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	type entry struct{ label, canon string }
	resolved := make(map[string]entry, len(aliases))
	punct := map[string]string{}
	for _, label := range labels {
		target := aliases[label]
		c, ok := e.canonical(target)
		if !ok {
			allowed := strings.Join(e.Canon, ", ")
			return newValueError(CodeEnumTarget,
				fmt.Sprintf("Giá trị %s (của nhãn %s) không thuộc danh mục %s; giá trị cho phép: %s", quoteValue(target), quoteValue(label), e.Name, allowed),
				fmt.Sprintf("%s (for label %s) is not a value of %s; allowed values: %s", quoteValue(target), quoteValue(label), e.Name, allowed))
		}
		k := Fold(label)
		if k == "" {
			punct[CleanText(label)] = c
			continue
		}
		if prev, ok := resolved[k]; ok && prev.canon != c && strict {
			return newValueError(CodeEnumLabel,
				fmt.Sprintf("Nhãn %s và %s được coi là một, nhưng chỉ tới hai giá trị khác nhau: %s và %s", quoteValue(prev.label), quoteValue(label), prev.canon, c),
				fmt.Sprintf("labels %s and %s are the same when compared, but name different values: %s and %s", quoteValue(prev.label), quoteValue(label), prev.canon, c))
		}
		resolved[k] = entry{label, c}
	}
	for k, en := range resolved {
		e.labels[k] = en.canon
	}
	for l, c := range punct {
		if e.punct == nil {
			e.punct = map[string]string{}
		}
		e.punct[l] = c
	}
	return nil
}

// canonical returns the canonical value whose name is s, or folds like it.
func (e *Enum) canonical(s string) (string, bool) {
	k := Fold(s)
	for _, c := range e.Canon {
		if c == s || Fold(c) == k {
			return c, true
		}
	}
	return "", false
}

// Parse folds s and returns the canonical value it names. A whole number
// written differently from its label ("05", "5.0" for "5") also matches. The
// error (*ValueError) says the value is not a known label and lists the
// canonical values; an empty cell is an error with Code CodeEmpty.
func (e *Enum) Parse(s string) (string, error) {
	k := Fold(s)
	if k != "" {
		if c, ok := e.labels[k]; ok {
			return c, nil
		}
	} else {
		t := CleanText(s)
		if t == "" {
			return "", emptyValue()
		}
		if c, ok := e.punct[t]; ok {
			return c, nil
		}
	}
	if n, err := ParseInt(s); err == nil {
		if c, ok := e.labels[strconv.FormatInt(n, 10)]; ok {
			return c, nil
		}
	}
	q := quoteValue(CleanText(s))
	allowed := strings.Join(e.Canon, ", ")
	return "", newValueError(CodeEnumUnknown,
		fmt.Sprintf("%s không phải là giá trị đã biết của %s; giá trị cho phép: %s", q, e.Name, e.allowedVi()),
		fmt.Sprintf("%s is not a known label for %s; allowed values: %s", q, e.Name, allowed))
}

// allowedVi lists the canonical values for a Vietnamese reason, each with its
// Vietnamese word when Words has one.
func (e *Enum) allowedVi() string {
	parts := make([]string, len(e.Canon))
	for i, c := range e.Canon {
		parts[i] = c
		if w := e.Words[c]; w != "" {
			parts[i] = c + " (" + w + ")"
		}
	}
	return strings.Join(parts, ", ")
}
