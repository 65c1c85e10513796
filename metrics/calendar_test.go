package metrics

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestLunarTet(t *testing.T) {
	tests := []struct {
		year int
		tet  time.Time
	}{
		{1985, date(1985, 1, 21)}, // a month before China's (20/2/1985): the UTC+7 meridian
		{2007, date(2007, 2, 17)}, // a day before China's
		{2020, date(2020, 1, 25)},
		{2021, date(2021, 2, 12)},
		{2022, date(2022, 2, 1)},
		{2023, date(2023, 1, 22)},
		{2024, date(2024, 2, 10)},
		{2025, date(2025, 1, 29)},
		{2026, date(2026, 2, 17)},
		{2027, date(2027, 2, 6)},
		// The new moon is at 16:08 UTC on 2/2/2030: 23:08 in Vietnam, 00:08 on
		// 3/2 in China. Tết Canh Tuất is 2/2/2030 in Vietnam, 3/2 in China.
		{2030, date(2030, 2, 2)},
		{2031, date(2031, 1, 23)},
	}
	for _, tt := range tests {
		got, ok := LunarToSolar(LunarDate{Year: tt.year, Month: 1, Day: 1})
		if !ok || !got.Equal(tt.tet) {
			t.Errorf("Tết %d = %v (ok %v), want %v", tt.year, got.Format(time.DateOnly), ok, tt.tet.Format(time.DateOnly))
		}
		if l := SolarToLunar(tt.tet); l != (LunarDate{Year: tt.year, Month: 1, Day: 1}) {
			t.Errorf("SolarToLunar(%v) = %+v, want 1/1/%d", tt.tet.Format(time.DateOnly), l, tt.year)
		}
	}
}

func TestLunarDates(t *testing.T) {
	tests := []struct {
		solar time.Time
		lunar LunarDate
	}{
		// Hùng Kings' day, 10/3 lunar.
		{date(2020, 4, 2), LunarDate{2020, 3, 10, false}},
		{date(2023, 4, 29), LunarDate{2023, 3, 10, false}},
		{date(2024, 4, 18), LunarDate{2024, 3, 10, false}},
		{date(2025, 4, 7), LunarDate{2025, 3, 10, false}},
		{date(2026, 4, 26), LunarDate{2026, 3, 10, false}},
		// Last days of the lunar year, as the notices name them.
		{date(2020, 1, 23), LunarDate{2019, 12, 29, false}},
		{date(2024, 2, 9), LunarDate{2023, 12, 30, false}},
		{date(2025, 1, 28), LunarDate{2024, 12, 29, false}},
		{date(2025, 1, 25), LunarDate{2024, 12, 26, false}},
		{date(2026, 2, 14), LunarDate{2025, 12, 27, false}},
		{date(2026, 2, 16), LunarDate{2025, 12, 29, false}},
		{date(2026, 2, 22), LunarDate{2026, 1, 6, false}},
		// Leap months: 4 nhuận 2020, 2 nhuận 2023, 6 nhuận 2025.
		{date(2020, 5, 23), LunarDate{2020, 4, 1, true}},
		{date(2023, 3, 22), LunarDate{2023, 2, 1, true}},
		{date(2025, 7, 25), LunarDate{2025, 6, 1, true}},
		{date(2025, 8, 23), LunarDate{2025, 7, 1, false}},
	}
	for _, tt := range tests {
		if got := SolarToLunar(tt.solar); got != tt.lunar {
			t.Errorf("SolarToLunar(%s) = %+v, want %+v", tt.solar.Format(time.DateOnly), got, tt.lunar)
		}
		if got, ok := LunarToSolar(tt.lunar); !ok || !got.Equal(tt.solar) {
			t.Errorf("LunarToSolar(%+v) = %s (ok %v), want %s", tt.lunar, got.Format(time.DateOnly), ok, tt.solar.Format(time.DateOnly))
		}
	}
	for _, bad := range []LunarDate{
		{2024, 4, 1, true}, // 2024 has no leap month
		{2025, 5, 1, true}, // 2025's leap month is 6
		{2025, 13, 1, false},
		{2025, 1, 0, false},
		{2025, 12, 30, false}, // month 12 of Ất Tỵ has 29 days (Tết Bính Ngọ is 17/2/2026)
	} {
		if got, ok := LunarToSolar(bad); ok {
			t.Errorf("LunarToSolar(%+v) = %s, want not ok", bad, got.Format(time.DateOnly))
		}
	}
}

// TestLunarRoundTrip converts every day of 1900–2199 to the lunar calendar
// and back, and checks the lunar days run on by one.
func TestLunarRoundTrip(t *testing.T) {
	start, end := daysFromCivil(1900, 1, 1), daysFromCivil(2200, 1, 1)
	prev := lunarFromJDN(jdnFromDay(start - 1))
	for i := start; i < end; i += 1 {
		l := lunarFromJDN(jdnFromDay(i))
		jd, ok := jdnFromLunar(l)
		if !ok || dayFromJDN(jd) != i {
			y, m, d := civilFromDays(i)
			t.Fatalf("%04d-%02d-%02d → %+v → %d (ok %v)", y, m, d, l, dayFromJDN(jd), ok)
		}
		if l.Day != prev.Day+1 && (l.Day != 1 || prev.Day < 29) {
			y, m, d := civilFromDays(i)
			t.Fatalf("%04d-%02d-%02d: lunar %+v follows %+v", y, m, d, l, prev)
		}
		prev = l
	}
}

// offDays lists the days of year y that break the Monday–Friday pattern:
// weekdays off and weekend days worked.
func offDays(c *Calendar, y int) (off, worked []string) {
	for d := date(y, 1, 1); d.Year() == y; d = d.AddDate(0, 0, 1) {
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		switch w := c.IsWorkday(d); {
		case !weekend && !w:
			off = append(off, d.Format(time.DateOnly))
		case weekend && w:
			worked = append(worked, d.Format(time.DateOnly))
		}
	}
	return off, worked
}

// TestCalendarYears compares whole years with the published arrangements
// for civil servants: every weekday off and every weekend day worked.
func TestCalendarYears(t *testing.T) {
	tests := []struct {
		year        int
		off, worked []string
		workdays    int
	}{
		{
			year: 2024,
			off: []string{"2024-01-01", "2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14",
				"2024-04-18", "2024-04-29", "2024-04-30", "2024-05-01", "2024-09-02", "2024-09-03"},
			worked:   []string{"2024-05-04"},
			workdays: 262 - 12 + 1,
		},
		{
			year: 2025,
			off: []string{"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
				"2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02"},
			worked:   []string{"2025-04-26"},
			workdays: 250,
		},
		{
			year: 2026,
			off: []string{"2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
				"2026-04-27", "2026-04-30", "2026-05-01", "2026-08-31", "2026-09-01", "2026-09-02"},
			worked:   []string{"2026-01-10", "2026-08-22"},
			workdays: 250,
		},
		{
			// Not in the table: the law's rules. Tết Tân Hợi is Thu 23/1/2031;
			// the last day of Canh Tuất is Wed 22/1; mùng 3–4 fall on the weekend
			// and are compensated Mon 27/1 and Tue 28/1. Hùng Kings' day is
			// Tue 1/4; 2/9 is a Tuesday, so 1/9 is the day next to it.
			year: 2031,
			off: []string{"2031-01-01", "2031-01-22", "2031-01-23", "2031-01-24", "2031-01-27", "2031-01-28",
				"2031-04-01", "2031-04-30", "2031-05-01", "2031-09-01", "2031-09-02"},
			workdays: 261 - 11,
		},
	}
	c := NewCalendar(nil)
	for _, tt := range tests {
		off, worked := offDays(c, tt.year)
		if !slices.Equal(off, tt.off) {
			t.Errorf("%d weekdays off:\n got %v\nwant %v", tt.year, off, tt.off)
		}
		if !slices.Equal(worked, tt.worked) {
			t.Errorf("%d weekend days worked:\n got %v\nwant %v", tt.year, worked, tt.worked)
		}
		if got := c.WorkdaysBetween(date(tt.year-1, 12, 31), date(tt.year, 12, 31)); got != tt.workdays {
			t.Errorf("%d has %d working days, want %d", tt.year, got, tt.workdays)
		}
	}
}

// TestTableHasLawHolidays checks the table against the lunar calendar: in
// every table year the law's own holidays are days off.
func TestTableHasLawHolidays(t *testing.T) {
	c := NewCalendar(nil)
	for y := 2020; y <= 2026; y++ {
		tet, _ := LunarToSolar(LunarDate{Year: y, Month: 1, Day: 1})
		hung, _ := LunarToSolar(LunarDate{Year: y, Month: 3, Day: 10})
		days := []time.Time{date(y, 1, 1), tet.AddDate(0, 0, -1), tet, tet.AddDate(0, 0, 1),
			tet.AddDate(0, 0, 2), tet.AddDate(0, 0, 3), hung, date(y, 4, 30), date(y, 5, 1), date(y, 9, 2)}
		for _, d := range days {
			if k, name := c.Kind(d); k != Holiday {
				t.Errorf("%s is %v %q, want a holiday", d.Format(time.DateOnly), k, name)
			}
		}
		if src, official := c.Source(y); !official || src == "" {
			t.Errorf("Source(%d) = %q, %v; want an official source", y, src, official)
		}
	}
	for _, a := range Arrangements() {
		wd := a.Date.Weekday()
		if a.Kind == "workday" && wd != time.Saturday && wd != time.Sunday {
			t.Errorf("table: make-up workday %s is a %v", a.Date.Format(time.DateOnly), wd)
		}
		if a.Source == "" || a.Name == "" {
			t.Errorf("table: %s has no name or source", a.Date.Format(time.DateOnly))
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	c := NewCalendar(nil)
	tests := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{date(2025, 1, 24), 0, date(2025, 1, 24)},
		{date(2025, 1, 24), 1, date(2025, 2, 3)}, // Tết Ất Tỵ: 25/1–2/2 off
		{date(2025, 1, 24), 3, date(2025, 2, 5)},
		{date(2025, 1, 25), 1, date(2025, 2, 3)},  // from a day off
		{date(2025, 4, 25), 1, date(2025, 4, 26)}, // make-up Saturday
		{date(2025, 4, 25), 3, date(2025, 4, 29)},
		{date(2025, 4, 25), 4, date(2025, 5, 5)}, // 30/4–4/5 off
		{date(2025, 4, 29), 1, date(2025, 5, 5)},
		{date(2025, 4, 4), 1, date(2025, 4, 8)}, // Hùng Kings' day Mon 7/4
		{date(2025, 8, 29), 1, date(2025, 9, 3)},
		{date(2024, 4, 26), 1, date(2024, 5, 2)}, // 27/4–1/5/2024 off
		{date(2024, 4, 26), 3, date(2024, 5, 4)}, // make-up Saturday 4/5/2024
		{date(2025, 2, 5), -3, date(2025, 1, 24)},
		{date(2025, 2, 3), -1, date(2025, 1, 24)},
		{date(2025, 5, 5), -1, date(2025, 4, 29)},
		{date(2025, 4, 27), -1, date(2025, 4, 26)},
		{date(2025, 1, 1), 250, date(2025, 12, 31)},
		{date(1899, 12, 29), 1, date(1900, 1, 2)}, // across the precomputed span; 1/1/1900 is a holiday
		{date(2199, 12, 31), 1, date(2200, 1, 1)},
		{date(2200, 1, 1), -1, date(2199, 12, 31)},
	}
	for _, tt := range tests {
		if got := c.AddWorkdays(tt.from, tt.n); !got.Equal(tt.want) {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tt.from.Format(time.DateOnly), tt.n,
				got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
	// The time of day and the location are dropped; the date in the
	// location is kept.
	ict := time.FixedZone("ICT", 7*3600)
	got := c.AddWorkdays(time.Date(2025, 1, 24, 23, 30, 0, 0, ict), 3)
	if want := time.Date(2025, 2, 5, 0, 0, 0, 0, ict); !got.Equal(want) || got.Location() != ict {
		t.Errorf("AddWorkdays(24/1 23:30 ICT, 3) = %v, want %v", got, want)
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := NewCalendar(nil)
	ict := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		from, to time.Time
		want     int
	}{
		{date(2025, 1, 24), date(2025, 2, 5), 3},
		{date(2025, 2, 5), date(2025, 1, 24), -3},
		{date(2025, 1, 24), date(2025, 1, 24), 0},
		{date(2025, 1, 24), date(2025, 2, 2), 0}, // the whole Tết break
		{date(2025, 4, 25), date(2025, 4, 26), 1},
		{date(2025, 4, 29), date(2025, 5, 5), 1},
		{date(2025, 4, 25), date(2025, 5, 9), 8},
		{time.Date(2025, 1, 24, 8, 0, 0, 0, ict), time.Date(2025, 2, 5, 17, 0, 0, 0, ict), 3},
		// A late-evening time in ICT is still its own date, though UTC is the day before.
		{time.Date(2025, 4, 26, 6, 0, 0, 0, ict), date(2025, 4, 28), 1},
	}
	for _, tt := range tests {
		if got := c.WorkdaysBetween(tt.from, tt.to); got != tt.want {
			t.Errorf("WorkdaysBetween(%v, %v) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

// TestCalendarAgainstLoop compares WorkdaysBetween with counting day by day,
// over ranges that cross the edges of the precomputed span.
func TestCalendarAgainstLoop(t *testing.T) {
	c := NewCalendar(nil)
	rng := rand.New(rand.NewPCG(7, 11))
	for _, base := range []time.Time{date(1899, 6, 1), date(2024, 12, 1), date(2199, 6, 1)} {
		for range 200 {
			a := base.AddDate(0, 0, rng.IntN(600))
			b := a.AddDate(0, 0, rng.IntN(400))
			want := 0
			for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
				if c.IsWorkday(d) {
					want++
				}
			}
			if got := c.WorkdaysBetween(a, b); got != want {
				t.Fatalf("WorkdaysBetween(%s, %s) = %d, loop counts %d", a.Format(time.DateOnly), b.Format(time.DateOnly), got, want)
			}
		}
	}
}

// TestAddWorkdaysProperty: AddWorkdays lands on a working day n working
// days on.
func TestAddWorkdaysProperty(t *testing.T) {
	c := NewCalendar(nil)
	rng := rand.New(rand.NewPCG(2025, 1))
	start := date(2019, 1, 1)
	span := int(date(2032, 1, 1).Sub(start).Hours() / 24)
	for range 20000 {
		d := start.AddDate(0, 0, rng.IntN(span))
		n := rng.IntN(61)
		r := c.AddWorkdays(d, n)
		if got := c.WorkdaysBetween(d, r); got != n {
			t.Fatalf("WorkdaysBetween(%s, AddWorkdays(_, %d) = %s) = %d", d.Format(time.DateOnly), n, r.Format(time.DateOnly), got)
		}
		if n > 0 && !c.IsWorkday(r) {
			t.Fatalf("AddWorkdays(%s, %d) = %s is not a working day", d.Format(time.DateOnly), n, r.Format(time.DateOnly))
		}
		if n > 0 {
			if back := c.AddWorkdays(r, -n); c.WorkdaysBetween(back, r) != n || !c.IsWorkday(back) {
				t.Fatalf("AddWorkdays(%s, %d) = %s does not count back", r.Format(time.DateOnly), -n, back.Format(time.DateOnly))
			}
		}
	}
}

func TestOverrides(t *testing.T) {
	c := NewCalendar([]Override{
		{Date: date(2025, 3, 10), Kind: "holiday", Name: "Ngày nghỉ của tỉnh"},
		{Date: date(2025, 3, 15), Kind: "workday", Name: "Làm bù"},
		{Date: date(2025, 4, 7), Kind: "workday", Name: "Trực Giỗ Tổ"},
		{Date: time.Date(2031, 6, 2, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600)), Kind: "holiday", Name: "Sự kiện"},
		{Date: date(2025, 3, 11), Kind: "bogus"},
	})
	checks := []struct {
		d    time.Time
		kind DayKind
		name string
	}{
		{date(2025, 3, 10), Holiday, "Ngày nghỉ của tỉnh"},
		{date(2025, 3, 15), MakeupWorkday, "Làm bù"},
		{date(2025, 4, 7), Workday, "Trực Giỗ Tổ"},
		{date(2031, 6, 2), Holiday, "Sự kiện"},
		{date(2025, 3, 11), Workday, ""},
		{date(2025, 3, 16), Weekend, ""},
		{date(2025, 1, 29), Holiday, "Tết Nguyên đán Ất Tỵ (26 tháng Chạp – mùng 5)"},
	}
	for _, ck := range checks {
		if k, name := c.Kind(ck.d); k != ck.kind || name != ck.name {
			t.Errorf("Kind(%s) = %v %q, want %v %q", ck.d.Format(time.DateOnly), k, name, ck.kind, ck.name)
		}
	}
	// 2025 had 250 working days: one fewer (10/3), two more (15/3, 7/4).
	if got := c.WorkdaysBetween(date(2024, 12, 31), date(2025, 12, 31)); got != 251 {
		t.Errorf("2025 with overrides has %d working days, want 251", got)
	}
	if src, official := c.Source(2025); !official || !strings.Contains(src, "8726/VPCP-KGVX") || !strings.Contains(src, "(3 ngày)") {
		t.Errorf("Source(2025) = %q, %v", src, official)
	}
	// The default calendar is untouched.
	if k, _ := NewCalendar(nil).Kind(date(2025, 3, 10)); k != Workday {
		t.Errorf("overrides leaked into a new calendar: 10/3/2025 is %v", k)
	}
}

func TestSource(t *testing.T) {
	c := NewCalendar(nil)
	if src, official := c.Source(2031); official || src != lawSource {
		t.Errorf("Source(2031) = %q, %v; want the law", src, official)
	}
	if src, official := c.Source(2024); !official || !strings.Contains(src, "5015/TB-LĐTBXH") || !strings.Contains(src, "2450/VPCP-KGVX") {
		t.Errorf("Source(2024) = %q, %v", src, official)
	}
	if _, official := c.Source(2300); official {
		t.Errorf("Source(2300) official")
	}
}

func TestOfficialTableParses(t *testing.T) {
	if _, err := parseArrangements(strings.NewReader(string(officialCSV))); err != nil {
		t.Fatal(err)
	}
	bad := []struct{ name, in, err string }{
		{"header", "day,kind,name,year_source,confidence\n", "header"},
		{"date", "date,kind,name,year_source,confidence\n2025-13-01,holiday,x,y,confirmed\n", "line 2: date"},
		{"kind", "date,kind,name,year_source,confidence\n2025-01-01,off,x,y,confirmed\n", "line 2: kind"},
		{"confidence", "date,kind,name,year_source,confidence\n2025-01-01,holiday,x,y,sure\n", "line 2: confidence"},
		{"twice", "date,kind,name,year_source,confidence\n2025-01-01,holiday,x,y,confirmed\n2025-01-01,holiday,x,y,confirmed\n", "line 3: date 2025-01-01 listed twice"},
	}
	for _, b := range bad {
		_, err := parseArrangements(strings.NewReader(b.in))
		if err == nil || !strings.Contains(err.Error(), b.err) {
			t.Errorf("%s: err = %v, want it to contain %q", b.name, err, b.err)
		}
	}
}

func TestDayKindString(t *testing.T) {
	for k, want := range map[DayKind]string{Workday: "workday", Weekend: "weekend", Holiday: "holiday", MakeupWorkday: "makeup_workday", 9: "DayKind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(k), got, want)
		}
	}
}

func BenchmarkWorkdaysBetween(b *testing.B) {
	c := NewCalendar(nil)
	rng := rand.New(rand.NewPCG(1, 2))
	ict := time.FixedZone("ICT", 7*3600)
	const n = 1 << 12
	from, to := make([]time.Time, n), make([]time.Time, n)
	for i := range n {
		from[i] = time.Date(2020, 1, 1, 8, 0, 0, 0, ict).Add(time.Duration(rng.IntN(6*365*24)) * time.Hour)
		to[i] = from[i].Add(time.Duration(rng.IntN(90*24)) * time.Hour)
	}
	b.ReportAllocs()
	b.ResetTimer()
	s := 0
	for i := range b.N {
		s += c.WorkdaysBetween(from[i%n], to[i%n])
	}
	_ = s
}

func BenchmarkAddWorkdays(b *testing.B) {
	c := NewCalendar(nil)
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 1 << 12
	from, k := make([]time.Time, n), make([]int, n)
	for i := range n {
		from[i] = date(2020, 1, 1).AddDate(0, 0, rng.IntN(6*365))
		k[i] = rng.IntN(60)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		c.AddWorkdays(from[i%n], k[i%n])
	}
}

func BenchmarkNewCalendar(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		NewCalendar(nil)
	}
}

// TestLawFallbackCompensation checks art. 111(3) in computed years: Tết
// Đinh Mùi (Sat 6/2/2027) and 2/9/2029 (a Sunday) fall on weekends.
func TestLawFallbackCompensation(t *testing.T) {
	c := NewCalendar(nil)
	tests := []struct {
		from, to time.Time
		off      []string
	}{
		// Last day of Bính Ngọ Fri 5/2; mùng 1–2 on the weekend, mùng 3–4 Mon–Tue,
		// compensated Wed 10/2 and Thu 11/2.
		{date(2027, 2, 1), date(2027, 2, 14), []string{"2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"}},
		// 1/9 (Sat) and 2/9 (Sun), compensated Mon 3/9 and Tue 4/9.
		{date(2029, 8, 27), date(2029, 9, 9), []string{"2029-09-03", "2029-09-04"}},
		// 2/9/2032 is a Thursday: 3/9 is the day next to it.
		{date(2032, 8, 30), date(2032, 9, 5), []string{"2032-09-02", "2032-09-03"}},
	}
	for _, tt := range tests {
		var off []string
		for d := tt.from; !d.After(tt.to); d = d.AddDate(0, 0, 1) {
			if k, _ := c.Kind(d); k == Holiday && d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
				off = append(off, d.Format(time.DateOnly))
			}
		}
		if !slices.Equal(off, tt.off) {
			t.Errorf("weekdays off %s–%s: got %v, want %v", tt.from.Format(time.DateOnly), tt.to.Format(time.DateOnly), off, tt.off)
		}
	}
	if k, name := c.Kind(date(2027, 2, 10)); k != Holiday || !strings.HasPrefix(name, "Nghỉ bù Tết Nguyên đán") {
		t.Errorf("Kind(10/2/2027) = %v %q, want a compensatory Tết day", k, name)
	}
}
