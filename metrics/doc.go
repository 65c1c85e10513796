// Package metrics owns congvu's indicator definitions, the Vietnamese
// working-day calendar, the methodology (weights, scales, thresholds) and all
// computation from the store's tables to result types.
//
// # Working-day calendar
//
// A Calendar says which civil dates a civil servant works: Monday to Friday,
// less the public holidays of the Labour Code 2019 (art. 112: 1/1, Tết, Hùng
// Kings' day 10/3 lunar, 30/4, 1/5, 2/9 and a day next to it) with their
// compensation when they fall on a weekend (art. 111(3)), plus the
// Government's yearly arrangements (days swapped with a make-up working
// Saturday). For 2020–2026 those arrangements are an embedded table,
// holidays/vn_2020_2026.csv, each row with its notice and a confidence;
// other years are computed from the law, with lunar dates from the
// Vietnamese calendar at UTC+7 (SolarToLunar, LunarToSolar). A user's
// holidays file overrides any day.
//
//	cal := metrics.NewCalendar(nil)
//	received := time.Date(2025, 1, 24, 0, 0, 0, 0, time.UTC) // Friday before Tết Ất Tỵ
//	due := cal.AddWorkdays(received, 3)                    // Wednesday 5/2/2025
//	n := cal.WorkdaysBetween(received, due)                // 3
//
// Decisions where the law is silent: a year in the table is taken as
// complete (the law is not applied on top of it); in a computed year Tết is
// the last day of the lunar year and mùng 1–4, and the day next to 2/9 is 3/9
// when 2/9 is a Monday or Thursday and 1/9 otherwise (the Government's choice
// in 2021–2026); 2/9 is a single day before 2021 (Labour Code 2012). Dates
// are civil dates read in each time's own location, so callers pass times in
// Asia/Ho_Chi_Minh. Outside 1900–2199 only weekends are days off. Tết is
// computed at UTC+7, so it can differ from the Chinese New Year (2/2/2030 in
// Vietnam, 3/2 in China).
//
// # Methodology, composites, funnels, shrinkage
//
// LoadMethodology reads the methodology file (every weight, scale, threshold and band,
// each value official or a configurable default, rule sets with their dates) over the
// embedded default; DefaultMethodologyYAML returns the default. Composite normalises,
// weights and aggregates components across units and, with Monte Carlo options, gives
// each unit a median rank and a 5–95 % rank interval; Funnel draws funnel-plot limits by
// Wilson inversion; ShrinkRates and ShrinkCounts shrink small samples toward their peers
// (beta-binomial, gamma-Poisson). ScoreIndex runs an index method file over a table:
//
//	m, _ := metrics.LoadIndexMethod("examples/pci/method.yaml")
//	res, _ := metrics.ScoreIndex(m, header, rows) // res.Check: totals and ranks vs published
//
// # Glossary
//
// hồ sơ = case (dossier); đúng hạn = on time; sớm hạn / trước hạn = early;
// trễ hạn / quá hạn = late / overdue; xin lỗi = apology (thư xin lỗi =
// apology letter); một cửa = one-stop; TTHC (thủ tục hành chính) =
// administrative procedure; ngày làm việc = working day; ngày nghỉ lễ =
// public holiday; nghỉ bù = compensatory day off; làm bù = make-up working
// day; hoán đổi = swap; âm lịch = lunar calendar; công chức, viên chức =
// civil servants.
package metrics
