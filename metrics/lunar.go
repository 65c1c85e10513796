package metrics

import (
	"math"
	"time"
)

// This file converts between the Gregorian (solar) calendar and the
// Vietnamese lunisolar calendar (âm lịch), after the algorithm published by
// Hồ Ngọc Đức: months begin on the day of the astronomical new moon and the
// year is laid out from the month that contains the winter solstice (month
// 11); a year with 13 months repeats the first month that contains no major
// solar term (trung khí). Every instant is taken at UTC+7, the meridian the
// Vietnamese calendar has used since 1968, which is why Tết sometimes falls a
// day apart from the Chinese New Year. The astronomy (Meeus' new-moon series
// and a low-precision solar longitude) is good to within a few minutes for
// the years 1800–2199, which is the range the calendar uses.

// vnTimeZone is the offset of Vietnamese civil time from UTC, in hours.
const vnTimeZone = 7.0

// LunarDate is a date of the Vietnamese lunar calendar. Month runs 1–12;
// Leap reports the repeated (nhuận) month of a 13-month year, which carries
// the number of the month before it.
type LunarDate struct {
	Year, Month, Day int
	Leap             bool
}

// SolarToLunar returns the lunar date of t's calendar date (year, month,
// day, read in t's own location).
func SolarToLunar(t time.Time) LunarDate {
	y, m, d := t.Date()
	return lunarFromJDN(jdnFromDay(daysFromCivil(y, int(m), d)))
}

// LunarToSolar returns the Gregorian date (midnight UTC) of a lunar date.
// ok is false when the date does not exist: a leap month that the year does
// not have, a month or day out of range, or day 30 of a 29-day month.
func LunarToSolar(l LunarDate) (t time.Time, ok bool) {
	jd, ok := jdnFromLunar(l)
	if !ok {
		return time.Time{}, false
	}
	y, m, d := civilFromDays(dayFromJDN(jd))
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// unixEpochJDN is the Julian Day Number of 1970-01-01.
const unixEpochJDN = 2440588

func jdnFromDay(day int) int { return day + unixEpochJDN }
func dayFromJDN(jd int) int  { return jd - unixEpochJDN }

// newMoon returns the Julian day (fractional, UT) of the k-th new moon after
// the one of 1900-01-01 (Meeus, Astronomical Algorithms, ch. 49, abridged).
func newMoon(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2 := t * t
	t3 := t2 * t
	dr := math.Pi / 180
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3
	jd1 += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3    // sun's mean anomaly
	mpr := 306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3 // moon's mean anomaly
	f := 21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3    // moon's argument of latitude
	c1 := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c1 += -0.4068*math.Sin(mpr*dr) + 0.0161*math.Sin(dr*2*mpr)
	c1 += -0.0004 * math.Sin(dr*3*mpr)
	c1 += 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr))
	c1 += -0.0074*math.Sin(dr*(m-mpr)) + 0.0004*math.Sin(dr*(2*f+m))
	c1 += -0.0004*math.Sin(dr*(2*f-m)) - 0.0006*math.Sin(dr*(2*f+mpr))
	c1 += 0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd1 + c1 - deltaT
}

// newMoonDay returns the Julian Day Number of the local (UTC+7) day on which
// the k-th new moon falls.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(k) + 0.5 + vnTimeZone/24))
}

// sunLongitude returns the sun's apparent longitude, in radians in [0, 2π),
// at Julian day jd (UT).
func sunLongitude(jd float64) float64 {
	t := (jd - 2451545.0) / 36525
	t2 := t * t
	dr := math.Pi / 180
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2
	dl := (1.914600 - 0.004817*t - 0.000014*t2) * math.Sin(dr*m)
	dl += (0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	l -= 2 * math.Pi * math.Floor(l/(2*math.Pi))
	return l
}

// majorTerm returns which of the 12 major solar terms (0–11, each 30° of
// solar longitude starting at the March equinox) is in force at the start of
// local day jdn.
func majorTerm(jdn int) int {
	return int(math.Floor(sunLongitude(float64(jdn)-0.5-vnTimeZone/24) / math.Pi * 6))
}

// lunarMonth11 returns the JDN of the first day of lunar month 11 (the month
// of the winter solstice) that begins in Gregorian year y.
func lunarMonth11(y int) int {
	off := jdnFromDay(daysFromCivil(y, 12, 31)) - 2415021
	k := int(math.Floor(float64(off) / 29.530588853))
	nm := newMoonDay(k)
	if majorTerm(nm) >= 9 {
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset returns, for a 13-month lunar year starting at month 11
// a11, the offset from a11 of the leap month: the first month with no major
// term.
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-2415021.076998695)/29.530588853 + 0.5))
	i := 1
	arc := majorTerm(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = majorTerm(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

func lunarFromJDN(dayNumber int) LunarDate {
	k := int(math.Floor((float64(dayNumber) - 2415021.076998695) / 29.530588853))
	// The mean lunation only estimates k: settle on the new moon that
	// begins dayNumber's month (Hồ Ngọc Đức's published code tries k+1 and
	// k only, and misses by a day when the estimate runs one ahead, e.g.
	// 2054-05-07).
	for newMoonDay(k) > dayNumber {
		k--
	}
	for newMoonDay(k+1) <= dayNumber {
		k++
	}
	monthStart := newMoonDay(k)
	y, _, _ := civilFromDays(dayFromJDN(dayNumber))
	a11 := lunarMonth11(y)
	b11 := a11
	var lunarYear int
	if a11 >= monthStart {
		lunarYear = y
		a11 = lunarMonth11(y - 1)
	} else {
		lunarYear = y + 1
		b11 = lunarMonth11(y + 1)
	}
	day := dayNumber - monthStart + 1
	diff := (monthStart - a11) / 29
	leap := false
	month := diff + 11
	if b11-a11 > 365 {
		leapDiff := leapMonthOffset(a11)
		if diff >= leapDiff {
			month = diff + 10
			leap = diff == leapDiff
		}
	}
	if month > 12 {
		month -= 12
	}
	if month >= 11 && diff < 4 {
		lunarYear--
	}
	return LunarDate{Year: lunarYear, Month: month, Day: day, Leap: leap}
}

func jdnFromLunar(l LunarDate) (int, bool) {
	if l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return 0, false
	}
	var a11, b11 int
	if l.Month < 11 {
		a11 = lunarMonth11(l.Year - 1)
		b11 = lunarMonth11(l.Year)
	} else {
		a11 = lunarMonth11(l.Year)
		b11 = lunarMonth11(l.Year + 1)
	}
	off := l.Month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth <= 0 { // offset 2 repeats month 12
			leapMonth += 12
		}
		if l.Leap && l.Month != leapMonth {
			return 0, false
		}
		if l.Leap || off >= leapOff {
			off++
		}
	} else if l.Leap {
		return 0, false
	}
	k := int(math.Floor(0.5 + (float64(a11)-2415021.076998695)/29.530588853))
	start := newMoonDay(k + off)
	if l.Day > newMoonDay(k+off+1)-start {
		return 0, false
	}
	return start + l.Day - 1, true
}
