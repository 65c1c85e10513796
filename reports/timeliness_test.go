package reports

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"congvu/metrics"
)

// sampleTimeliness is a small, fixed set of timeliness figures: two units (one too small
// to judge), an officer with no id, a channel, a period table with the province line,
// one late case without an apology and one reset trace.
func sampleTimeliness() *metrics.Timeliness {
	d := func(y int, m time.Month, day, hh, mm int) time.Time { return time.Date(y, m, day, hh, mm, 0, 0, ict) }
	g1 := metrics.Group{Dimension: metrics.ByUnit, Key: "U1", Cases: 120, Early: 60, OnTime: 30, Late: 10,
		PendingInTime: 8, PendingOverdue: 2, Paused: 3, NoDeadline: 4, Excluded: 3,
		ApologyOnTime: 6, ApologyLate: 2, NoApology: 4, LateAgain: 1, PaddedDue: 5, ResetTrace: 1,
		Completed: 100, OnTimeRate: 0.9, OnTimeCI: metrics.Wilson(90, 100, metrics.Z95),
		NeedApology: 12, ApologyRate: 0.5, ApologyCI: metrics.Wilson(6, 12, metrics.Z95),
		MedianWorkdays: 4, P90Workdays: 9.5}
	g2 := metrics.Group{Dimension: metrics.ByUnit, Key: "U2", Cases: 5, Early: 1, OnTime: 1, Late: 1, Excluded: 2,
		Completed: 3, OnTimeRate: 2.0 / 3, OnTimeCI: metrics.Wilson(2, 3, metrics.Z95), NeedApology: 1, NoApology: 1,
		ApologyCI: metrics.Wilson(0, 1, metrics.Z95), MedianWorkdays: 2, P90Workdays: 3, Small: true}
	prov := g1
	prov.Dimension, prov.Key = metrics.ByProvince, "*"
	officer := g2
	officer.Dimension, officer.Key = metrics.ByOfficer, ""
	channel := g1
	channel.Dimension, channel.Key = metrics.ByChannel, "online"
	p := metrics.PeriodRow{Dimension: metrics.ByUnit, Key: "U1", Total: 110, New: 100, NewOnline: 40, NewDirect: 50,
		NewPostal: 5, NewOther: 5, Carried: 10, Resolved: 95, Early: 60, OnTime: 27, Late: 8, Pending: 15,
		PendingInTime: 12, PendingOverdue: 3, Paused: 2, PendingNoDeadline: 1, OfficialRate: 87.0 / 95,
		Withdrawn: 2, Refused: 1, ResolvedNoDeadline: 3, OwnEarly: 60, OwnOnTime: 22, OwnLate: 7,
		OwnRate: 82.0 / 89, OwnCI: metrics.Wilson(82, 89, metrics.Z95), Progress766: 19.8, HasProgress: true}
	pp := p
	pp.Dimension, pp.Key = metrics.ByProvince, "*"
	pf := p
	pf.Dimension, pf.Key = metrics.ByField, "Hộ tịch"
	return &metrics.Timeliness{
		AsOf: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		To: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), MinCases: 30,
		Groups: map[metrics.Dimension][]metrics.Group{
			metrics.ByProvince: {prov}, metrics.ByUnit: {g1, g2}, metrics.ByOfficer: {officer}, metrics.ByChannel: {channel},
		},
		Period: map[metrics.Dimension][]metrics.PeriodRow{
			metrics.ByProvince: {pp}, metrics.ByUnit: {p}, metrics.ByField: {pf},
		},
		Late: []metrics.CaseLine{{CaseID: "=HS-1", UnitID: "U1", OfficerID: "CB1", Procedure: "1.001",
			ReceivedAt: d(2025, 3, 3, 8, 0), DueAt: d(2025, 3, 7, 17, 0), CompletedAt: d(2025, 3, 12, 9, 0),
			Class: "late", WorkdaysLate: 3, Apology: "apology_late", ApologyAt: d(2025, 3, 10, 10, 0),
			NewDueAt: d(2025, 3, 14, 17, 0), LateAgain: true}},
		LateTotal: 3,
		Resets: []metrics.CaseLine{{CaseID: "HS-2", UnitID: "U2", OfficerID: "CB2", Procedure: "1.002",
			ReceivedAt: d(2025, 4, 1, 8, 0), DueAt: d(2025, 4, 4, 17, 0), CompletedAt: d(2025, 4, 4, 17, 0), Class: "on_time"}},
		ResetTotal: 1,
		Names:      map[metrics.Dimension]map[string]string{metrics.ByUnit: {"U1": nfd("Sở Tư pháp")}},
		Years:      []metrics.CalendarYear{{Year: 2025, Source: "Công văn 8726/VPCP-KGVX", Official: true}},
	}
}

// writeAnalysis writes the run and the timeliness figures to a fresh workbook and opens it.
func writeAnalysis(t *testing.T, opt Options) *excelize.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := WriteReport(path, &Report{Run: sampleReport(), Timeliness: sampleTimeliness()}, opt); err != nil {
		t.Fatalf("WriteReport: %v", err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestAnalysisGolden compares the whole analysis workbook, cell by cell (value, type,
// number format), with testdata/analysis_LANG.golden; -update rewrites them.
func TestAnalysisGolden(t *testing.T) {
	for _, lang := range []Lang{Vietnamese, English} {
		t.Run(string(lang), func(t *testing.T) {
			compareGolden(t, "analysis_"+string(lang)+".golden", dump(t, writeAnalysis(t, Options{Lang: lang})))
		})
	}
}

// TestAnalysisContent checks by hand what the analysis goldens must hold.
func TestAnalysisContent(t *testing.T) {
	f := writeAnalysis(t, Options{Lang: Vietnamese})
	want := []string{"Tổng quan", "Mẫu 06a theo đơn vị", "Mẫu 06a theo lĩnh vực", "Mẫu 06a theo thủ tục",
		"Theo đơn vị", "Theo cán bộ", "Theo thủ tục", "Theo lĩnh vực", "Theo huyện", "Theo kênh", "Theo tháng",
		"Trễ hạn chưa xin lỗi", "Dấu hiệu đặt lại hạn", "Tệp nhập", "Dòng bị loại", "Cột không nhận diện", "Phương pháp"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets:\n got %v\nwant %v", got, want)
	}
	all := cells(t, f)
	at := func(sheet, ref string) cellInfo {
		for _, c := range all {
			if c.sheet == sheet && c.ref == ref {
				return c
			}
		}
		return cellInfo{}
	}
	for _, c := range all {
		if strings.Contains(c.value, "%!") {
			t.Errorf("%s!%s: a format verb went wrong: %q", c.sheet, c.ref, c.value)
		}
		if c.typ == "formula" {
			t.Errorf("%s!%s is a formula", c.sheet, c.ref)
		}
	}
	// By unit: U1, its name in NFC, 90 % on time as a number formatted as a percent, its
	// interval, and U2 flagged as too small.
	checks := []struct{ sheet, ref, typ, format, value string }{
		{"Theo đơn vị", "A2", "string", "General", "U1"},
		{"Theo đơn vị", "B2", "string", "General", "Sở Tư pháp"},
		{"Theo đơn vị", "C2", "number", "#,##0", "120"},
		{"Theo đơn vị", "H2", "number", "0.0%", "0.9"},
		{"Theo đơn vị", "AB3", "string", "General", "Ít hơn 30 hồ sơ đã giải quyết có hạn: chưa đủ để kết luận"},
		{"Theo cán bộ", "A2", "string", "General", "(không ghi)"},
		{"Theo kênh", "A2", "string", "General", "Trực tuyến"},
		{"Mẫu 06a theo đơn vị", "A3", "string", "General", "Toàn tỉnh"},
		{"Mẫu 06a theo đơn vị", "C2", "number", "#,##0", "110"},
		{"Mẫu 06a theo đơn vị", "AA2", "number", "#,##0.00", "19.8"},
		{"Mẫu 06a theo đơn vị", "U2", "number", "#,##0", "3"}, // resolved without a due date only
		{"Mẫu 06a theo đơn vị", "V2", "number", "#,##0", "1"}, // being handled without a due date
		{"Trễ hạn chưa xin lỗi", "A2", "string", "General", "=HS-1"},
		{"Trễ hạn chưa xin lỗi", "G2", "date", "dd/mm/yyyy hh:mm:ss", "45723.708333333336"},
		{"Trễ hạn chưa xin lỗi", "K2", "string", "General", "Xin lỗi muộn"},
		{"Trễ hạn chưa xin lỗi", "N2", "string", "General", "Có"},
		{"Dấu hiệu đặt lại hạn", "I2", "string", "General", "Đúng hạn"},
	}
	for _, c := range checks {
		got := at(c.sheet, c.ref)
		if got.typ != c.typ || got.format != c.format || got.value != c.value {
			t.Errorf("%s!%s: got %s %s %q, want %s %s %q", c.sheet, c.ref, got.typ, got.format, got.value, c.typ, c.format, c.value)
		}
	}
	// The late list says how many more cases there are than it shows.
	found := false
	for _, c := range all {
		if c.sheet == "Trễ hạn chưa xin lỗi" && strings.HasPrefix(c.value, "Còn 2 hồ sơ nữa") {
			found = true
		}
	}
	if !found {
		t.Error("the late list does not say that 2 more cases are not shown")
	}
	// Headers are frozen on every table sheet.
	for _, s := range want[1:16] {
		p, err := f.GetPanes(s)
		if err != nil || !p.Freeze || p.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v %v", s, p, err)
		}
	}
}

// TestVietnameseOrder: fields are listed in Vietnamese alphabetical order (Đ after D,
// before E), not in byte order (Đ after every ASCII letter).
func TestVietnameseOrder(t *testing.T) {
	gs := []metrics.Group{{Key: "Tư pháp"}, {Key: "Đất đai"}, {Key: "Doanh nghiệp"}, {Key: "Ăn uống"}, {Key: "Hộ tịch"}, {Key: "Bảo trợ xã hội"}}
	var got []string
	for _, g := range sortedGroups(metrics.ByField, gs) {
		got = append(got, g.Key)
	}
	want := []string{"Ăn uống", "Bảo trợ xã hội", "Doanh nghiệp", "Đất đai", "Hộ tịch", "Tư pháp"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %v, want %v", got, want)
	}
	// Codes keep their order.
	units := []metrics.Group{{Key: "U2"}, {Key: "U1"}}
	if sortedGroups(metrics.ByUnit, units)[0].Key != "U2" {
		t.Error("unit codes were reordered")
	}
}
