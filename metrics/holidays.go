package metrics

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// officialCSV is the table of official arrangements (days off and make-up
// working days for civil servants) by year, with the source of each row. A
// domain expert edits it; TestOfficialTableParses guards its format.
//
//go:embed holidays/vn_2020_2026.csv
var officialCSV []byte

// Arrangement is one row of the embedded table of official arrangements:
// a day off (Kind "holiday") or a make-up working day (Kind "workday") for
// civil servants, the notice it comes from, and whether its dates were
// checked against that notice ("confirmed") or not ("unverified").
type Arrangement struct {
	Date       time.Time // midnight UTC of the civil date
	Kind       string    // "holiday" or "workday"
	Name       string    // Vietnamese name of the day
	Source     string    // the notice (số hiệu văn bản) or article of law
	Confidence string    // "confirmed" or "unverified"
}

// officialTable is the parsed embedded table, by civil day index.
var officialTable = mustParseArrangements(officialCSV)

// Arrangements returns a copy of the embedded table of official
// arrangements, in date order, for a methodology sheet to list.
func Arrangements() []Arrangement {
	out := make([]Arrangement, len(officialTable))
	copy(out, officialTable)
	return out
}

func mustParseArrangements(b []byte) []Arrangement {
	a, err := parseArrangements(bytes.NewReader(b))
	if err != nil {
		panic("metrics: embedded holiday table: " + err.Error())
	}
	return a
}

// parseArrangements reads the table's CSV: a header
// date,kind,name,year_source,confidence, '#' comment lines, ISO dates.
func parseArrangements(r io.Reader) ([]Arrangement, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = 5
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	want := []string{"date", "kind", "name", "year_source", "confidence"}
	if !slices.Equal(header, want) {
		return nil, fmt.Errorf("header %q, want %q", header, want)
	}
	var out []Arrangement
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, fmt.Errorf("line %d: date %q: %w", line, rec[0], err)
		}
		kind := strings.TrimSpace(rec[1])
		if kind != "holiday" && kind != "workday" {
			return nil, fmt.Errorf("line %d: kind %q, want holiday or workday", line, rec[1])
		}
		conf := strings.TrimSpace(rec[4])
		if conf != "confirmed" && conf != "unverified" {
			return nil, fmt.Errorf("line %d: confidence %q, want confirmed or unverified", line, rec[4])
		}
		if seen[rec[0]] {
			return nil, fmt.Errorf("line %d: date %s listed twice", line, rec[0])
		}
		seen[rec[0]] = true
		out = append(out, Arrangement{Date: d, Kind: kind, Name: strings.TrimSpace(rec[2]),
			Source: strings.TrimSpace(rec[3]), Confidence: conf})
	}
	slices.SortFunc(out, func(a, b Arrangement) int { return a.Date.Compare(b.Date) })
	return out, nil
}

// lawSource is what Source reports for a year computed from the law.
const lawSource = "Bộ luật Lao động 2019, điều 111–112 (tính theo luật; âm lịch UTC+7)"

// namedDay is a day off computed from the law.
type namedDay struct {
	day  int // civil day index
	name string
}

// lawHolidays returns the days off of year y under the Labour Code, for a
// year the official table does not cover:
//
//   - 1/1; Tết: the last day of the lunar year and the first four days of the
//     new one (5 days); Hùng Kings' day, 10/3 lunar; 30/4; 1/5; 2/9 and one day
//     next to it (art. 112).
//   - The day next to 2/9 (from 2021; the Labour Code 2012 gave 2/9 alone) is
//     3/9 when 2/9 falls on a Monday or a Thursday and 1/9 otherwise, which is
//     what the Government chose in every year 2021–2026: the day that joins the
//     break to a weekend.
//   - A holiday on a Saturday or Sunday is compensated on the next day that is
//     neither a weekend day nor a holiday (art. 111(3)), in date order, so the
//     weekend days inside Tết push the break on after mùng 4.
//
// The Government's yearly choices (a day before Tết instead of after, swaps
// with Saturdays) cannot be derived; they belong in the table or a user's
// holidays file.
func lawHolidays(y int) []namedDay {
	var days []namedDay
	add := func(m, d int, name string) {
		days = append(days, namedDay{daysFromCivil(y, m, d), name})
	}
	add(1, 1, "Tết Dương lịch")
	if t, ok := jdnFromLunar(LunarDate{Year: y, Month: 1, Day: 1}); ok {
		tet := dayFromJDN(t)
		days = append(days, namedDay{tet - 1, "Tết Nguyên đán (ngày cuối năm âm lịch)"})
		for i := 0; i < 4; i++ {
			days = append(days, namedDay{tet + i, fmt.Sprintf("Tết Nguyên đán (mùng %d)", i+1)})
		}
	}
	if h, ok := jdnFromLunar(LunarDate{Year: y, Month: 3, Day: 10}); ok {
		days = append(days, namedDay{dayFromJDN(h), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"})
	}
	add(4, 30, "Ngày Chiến thắng")
	add(5, 1, "Ngày Quốc tế Lao động")
	add(9, 2, "Quốc khánh")
	if y >= 2021 {
		switch weekday(daysFromCivil(y, 9, 2)) {
		case time.Monday, time.Thursday:
			add(9, 3, "Quốc khánh (ngày liền kề)")
		default:
			add(9, 1, "Quốc khánh (ngày liền kề)")
		}
	}
	slices.SortFunc(days, func(a, b namedDay) int { return a.day - b.day })

	off := make(map[int]bool, len(days))
	for _, d := range days {
		off[d.day] = true
	}
	var comp []namedDay
	for _, d := range days {
		if !isWeekend(d.day) {
			continue
		}
		c := d.day + 1
		for isWeekend(c) || off[c] {
			c++
		}
		off[c] = true
		comp = append(comp, namedDay{c, "Nghỉ bù " + d.name})
	}
	days = append(days, comp...)
	slices.SortFunc(days, func(a, b namedDay) int { return a.day - b.day })
	return days
}
