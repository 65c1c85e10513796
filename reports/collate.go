package reports

import (
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"congvu/metrics"
)

// Text keys (fields, names) are listed in Vietnamese alphabetical order — a, ă, â, b, c,
// d, đ, e, ê, … — not in the byte order a database gives, which puts "Đất đai" after "Tư
// pháp". Codes (unit, officer, procedure ids, months) keep their order.

// vnLess reports whether a sorts before b in Vietnamese.
func vnLess() func(a, b string) int {
	c := collate.New(language.Vietnamese)
	return func(a, b string) int { return c.CompareString(a, b) }
}

// textKeyed reports whether a dimension's keys are words rather than codes.
func textKeyed(dim metrics.Dimension) bool { return dim == metrics.ByField }

// sortedGroups returns the groups of dim in the order a reader expects.
func sortedGroups(dim metrics.Dimension, gs []metrics.Group) []metrics.Group {
	if !textKeyed(dim) {
		return gs
	}
	cmp := vnLess()
	out := slices.Clone(gs)
	slices.SortStableFunc(out, func(a, b metrics.Group) int { return cmp(a.Key, b.Key) })
	return out
}

// sortedPeriod returns the period rows of dim in the order a reader expects.
func sortedPeriod(dim metrics.Dimension, rs []metrics.PeriodRow) []metrics.PeriodRow {
	if !textKeyed(dim) {
		return rs
	}
	cmp := vnLess()
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b metrics.PeriodRow) int { return cmp(a.Key, b.Key) })
	return out
}
