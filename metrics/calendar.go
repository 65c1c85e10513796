package metrics

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// DayKind says what kind of day a civil date is for a civil servant.
type DayKind int

// The kinds of day. The zero value is Workday.
const (
	Workday       DayKind = iota // an ordinary working day, Monday to Friday
	Weekend                      // a Saturday or Sunday that is not worked
	Holiday                      // a public holiday, a compensatory day or a swapped day off
	MakeupWorkday                // a Saturday or Sunday worked in exchange for a day off
)

// String returns the English name of the kind.
func (k DayKind) String() string {
	switch k {
	case Workday:
		return "workday"
	case Weekend:
		return "weekend"
	case Holiday:
		return "holiday"
	case MakeupWorkday:
		return "makeup_workday"
	}
	return fmt.Sprintf("DayKind(%d)", int(k))
}

// Override is one row of a user's holidays file: the civil date (year,
// month, day, whatever its location), Kind "holiday" (a day off) or
// "workday" (a day worked, e.g. a make-up Saturday, or a holiday cancelled),
// and a name. Any other Kind is ignored.
type Override struct {
	Date time.Time
	Kind string // "holiday" | "workday"
	Name string
}

// Calendar is the Vietnamese working-day calendar of civil servants:
// Saturdays and Sundays off, the public holidays of the Labour Code, the
// official arrangements of each year, and a user's overrides. It is
// immutable after NewCalendar and safe for concurrent use.
//
// Days are civil dates: only a time's year, month and day count, read in the
// time's own location. Between 1900 and 2199 every day is precomputed, and
// a prefix sum of working days makes WorkdaysBetween O(1) and AddWorkdays
// O(log n). Outside that span only weekends are days off.
type Calendar struct {
	lo, hi  int              // civil day indexes of the precomputed span [lo, hi)
	kinds   []DayKind        // kinds[i-lo]
	prefix  []int32          // prefix[k]: working days in [lo, lo+k)
	names   map[int]string   // names of holidays and worked weekend days
	sources map[int][]string // by year: distinct sources of the arrangement
	users   map[int]int      // by year: number of user overrides
}

// Span of the precomputed calendar (the lunar algorithm's good range).
const (
	calendarFirstYear = 1900
	calendarLastYear  = 2199
)

// NewCalendar builds the calendar: for 2020–2026 the embedded table of
// official arrangements (see Arrangements), for other years the law's rules
// with lunar dates computed (see lawHolidays), then the user's overrides on
// top, each replacing whatever the day was. Overrides outside 1900–2199 are
// ignored.
func NewCalendar(overrides []Override) *Calendar {
	c := &Calendar{
		lo:      daysFromCivil(calendarFirstYear, 1, 1),
		hi:      daysFromCivil(calendarLastYear+1, 1, 1),
		names:   make(map[int]string),
		sources: make(map[int][]string),
		users:   make(map[int]int),
	}
	n := c.hi - c.lo
	c.kinds = make([]DayKind, n)
	for i := range c.kinds {
		if isWeekend(c.lo + i) {
			c.kinds[i] = Weekend
		}
	}

	// set marks day d as a day off (holiday) or a working day.
	set := func(d int, holiday bool, name string) {
		if d < c.lo || d >= c.hi {
			return
		}
		switch {
		case holiday:
			c.kinds[d-c.lo] = Holiday
		case isWeekend(d):
			c.kinds[d-c.lo] = MakeupWorkday
		default:
			c.kinds[d-c.lo] = Workday
		}
		if name != "" {
			c.names[d] = name
		} else {
			delete(c.names, d)
		}
	}

	tableYears := map[int]bool{}
	for _, a := range officialTable {
		y := a.Date.Year()
		tableYears[y] = true
		set(dayIndex(a.Date), a.Kind == "holiday", a.Name)
		if !slices.Contains(c.sources[y], a.Source) {
			c.sources[y] = append(c.sources[y], a.Source)
		}
	}
	for y := calendarFirstYear; y <= calendarLastYear; y++ {
		if tableYears[y] {
			continue
		}
		for _, h := range lawHolidays(y) {
			// A compensatory day may cross into a table year only in theory
			// (no holiday is near 31/12); the table wins.
			if hy, _, _ := civilFromDays(h.day); tableYears[hy] {
				continue
			}
			set(h.day, true, h.name)
		}
	}
	for _, o := range overrides {
		if o.Kind != "holiday" && o.Kind != "workday" {
			continue
		}
		d := dayIndex(o.Date)
		if d < c.lo || d >= c.hi {
			continue
		}
		set(d, o.Kind == "holiday", o.Name)
		c.users[o.Date.Year()]++
	}

	c.prefix = make([]int32, n+1)
	for i, k := range c.kinds {
		c.prefix[i+1] = c.prefix[i]
		if k == Workday || k == MakeupWorkday {
			c.prefix[i+1]++
		}
	}
	return c
}

// IsWorkday reports whether d's calendar date is a working day.
func (c *Calendar) IsWorkday(d time.Time) bool {
	k, _ := c.kindAt(dayIndex(d))
	return k == Workday || k == MakeupWorkday
}

// Kind returns the kind of d's calendar date and, for a holiday or a worked
// weekend day, its Vietnamese name ("" otherwise).
func (c *Calendar) Kind(d time.Time) (DayKind, string) {
	return c.kindAt(dayIndex(d))
}

func (c *Calendar) kindAt(i int) (DayKind, string) {
	if i < c.lo || i >= c.hi {
		if isWeekend(i) {
			return Weekend, ""
		}
		return Workday, ""
	}
	return c.kinds[i-c.lo], c.names[i]
}

// AddWorkdays returns the n-th working day after d's date, d itself not
// counted; n = 0 returns d's date. A negative n counts back: the |n|-th
// working day before d. The result is midnight in d's location.
//
// For n ≥ 0, WorkdaysBetween(d, AddWorkdays(d, n)) == n.
func (c *Calendar) AddWorkdays(d time.Time, n int) time.Time {
	i := dayIndex(d)
	var r int
	switch {
	case n == 0:
		r = i
	case n > 0:
		// the smallest x with P(x) ≥ P(i+1)+n; the day is x-1.
		target := c.before(i+1) + n
		r = c.searchUp(i+1, func(x int) bool { return c.before(x) >= target }) - 1
	default:
		// the largest y < i with P(i)-P(y) ≥ |n|, i.e. P(y) ≤ P(i)+n;
		// the first x with P(x) > P(i)+n is y+1.
		target := c.before(i) + n
		r = c.searchDown(i, func(x int) bool { return c.before(x) > target }) - 1
	}
	y, m, dd := civilFromDays(r)
	return time.Date(y, time.Month(m), dd, 0, 0, 0, 0, d.Location())
}

// searchUp returns the smallest x ≥ from with ok(x), for ok monotone
// (false then true) and eventually true.
func (c *Calendar) searchUp(from int, ok func(int) bool) int {
	step := 16
	hi := from + step
	for !ok(hi) {
		from = hi
		step *= 2
		hi += step
	}
	return from + sort.Search(hi-from+1, func(k int) bool { return ok(from + k) })
}

// searchDown returns the smallest x ≤ upto with ok(x) when ok(upto) holds,
// for ok monotone (false then true) and false far enough back.
func (c *Calendar) searchDown(upto int, ok func(int) bool) int {
	step := 16
	lo := upto - step
	for ok(lo) {
		upto = lo
		step *= 2
		lo -= step
	}
	return lo + sort.Search(upto-lo+1, func(k int) bool { return ok(lo + k) })
}

// WorkdaysBetween returns the number of working days in (from, to], by
// date: from's day is not counted, to's is. When to is before from it is the
// negative of WorkdaysBetween(to, from). Times of day are ignored.
func (c *Calendar) WorkdaysBetween(from, to time.Time) int {
	return c.before(dayIndex(to)+1) - c.before(dayIndex(from)+1)
}

// before returns P(x), the number of working days in [lo, x) (negative when
// x < lo), so that the working days in [a, b) are P(b) - P(a).
func (c *Calendar) before(x int) int {
	switch {
	case x < c.lo:
		return -(weekdaysBefore(c.lo) - weekdaysBefore(x))
	case x > c.hi:
		return int(c.prefix[c.hi-c.lo]) + weekdaysBefore(x) - weekdaysBefore(c.hi)
	}
	return int(c.prefix[x-c.lo])
}

// Source says where year's arrangement comes from: the notices of the
// embedded table (official = true) or the law's rules (official = false),
// followed by the number of days the user's holidays file changes, if any.
func (c *Calendar) Source(year int) (source string, official bool) {
	if s, ok := c.sources[year]; ok {
		source, official = strings.Join(s, "; "), true
	} else if year < calendarFirstYear || year > calendarLastYear {
		source = "ngoài khoảng 1900–2199: chỉ tính thứ Bảy, Chủ nhật"
	} else {
		source = lawSource
	}
	if n := c.users[year]; n > 0 {
		source += fmt.Sprintf("; tệp holidays của người dùng (%d ngày)", n)
	}
	return source, official
}

// dayIndex returns the civil day index (days since 1970-01-01) of t's date
// in t's own location.
func dayIndex(t time.Time) int {
	y, m, d := t.Date()
	return daysFromCivil(y, int(m), d)
}

// daysFromCivil returns the number of days from 1970-01-01 to the proleptic
// Gregorian date y-m-d (H. Hinnant's days_from_civil).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// weekday returns the day of the week of civil day index i (1970-01-01 was
// a Thursday).
func weekday(i int) time.Weekday {
	return time.Weekday((i%7 + 7 + 4) % 7)
}

func isWeekend(i int) bool {
	w := weekday(i)
	return w == time.Saturday || w == time.Sunday
}

// weekdaysBefore returns the number of Mondays–Fridays in [0, x) (negative
// for x < 0), so that the weekdays in [a, b) are weekdaysBefore(b) -
// weekdaysBefore(a).
func weekdaysBefore(x int) int {
	// Day 0 is a Thursday: Thu Fri Sat Sun Mon Tue Wed.
	partial := [7]int{0, 1, 2, 2, 2, 3, 4}
	w := floorDiv(x, 7)
	return w*5 + partial[x-w*7]
}
