package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Lang selects the language of sheet names, headers and labels.
type Lang string

// The languages a workbook can be written in. Vietnamese is the default.
const (
	Vietnamese Lang = "vi"
	English    Lang = "en"
)

// label is the id of a user-facing string: a short English key, looked up in
// labels. Every sheet name, header and fixed phrase of a workbook goes through
// this table, so that a new sheet reuses the words already there and a
// translator finds them in one place.
type label string

// labels holds every user-facing string, Vietnamese first. A string may hold
// fmt verbs; fill them with workbook.textf. Keep the keys grouped by use:
// "sheet.*" for sheet names, "col.*" for column headers, the rest for phrases.
var labels = map[label]struct{ vi, en string }{
	// Sheet names (Excel allows at most 31 characters).
	"sheet.summary": {"Tổng quan", "Summary"},
	"sheet.files":   {"Tệp nhập", "Files"},
	"sheet.rejects": {"Dòng bị loại", "Rejected rows"},
	"sheet.unknown": {"Cột không nhận diện", "Unknown columns"},

	// Column headers.
	"col.file":        {"Tệp", "File"},
	"col.kind":        {"Loại dữ liệu", "Kind"},
	"col.format":      {"Định dạng", "Format"},
	"col.sheet":       {"Trang tính", "Sheet"},
	"col.header_row":  {"Dòng tiêu đề", "Header row"},
	"col.read":        {"Dòng đọc", "Rows read"},
	"col.loaded":      {"Dòng nạp", "Rows loaded"},
	"col.rejected":    {"Dòng bị loại", "Rows rejected"},
	"col.superseded":  {"Dòng bị thay thế", "Rows superseded"},
	"col.blank":       {"Dòng trống bỏ qua", "Blank rows skipped"},
	"col.totals":      {"Dòng tổng bỏ qua", "Totals rows skipped"},
	"col.check":       {"Đọc = nạp + loại + thay thế", "Read = loaded + rejected + superseded"},
	"col.status":      {"Trạng thái", "Status"},
	"col.error":       {"Lỗi", "Error"},
	"col.unknown":     {"Cột không nhận diện", "Unknown columns"},
	"col.run_id":      {"Mã lượt chạy", "Run ID"},
	"col.ingested_at": {"Thời điểm nhập", "Ingested at"},
	"col.row":         {"Dòng", "Row"},
	"col.column":      {"Cột", "Column"},
	"col.value":       {"Giá trị gốc", "Raw value"},
	"col.reason":      {"Lý do", "Reason"},
	"col.column_name": {"Tên cột", "Column name"},
	"col.table":       {"Bảng", "Table"},
	"col.rows":        {"Số dòng", "Rows"},

	// Summary sheet.
	"summary.title":        {"congvu — Báo cáo nhập dữ liệu", "congvu — Ingest report"},
	"summary.as_of":        {"Ngày báo cáo", "As of"},
	"summary.generated_at": {"Thời điểm tạo", "Generated at"},
	"summary.store":        {"Kho dữ liệu", "Store"},
	"summary.files":        {"Số tệp", "Files"},
	"summary.failed":       {"Số tệp lỗi", "Files failed"},
	"summary.totals":       {"Tổng các tệp", "Totals across files"},
	"summary.problems":     {"Số lỗi ghi nhận (mỗi ô sai một lỗi)", "Problems recorded (one per bad cell)"},
	"summary.tables":       {"Bảng trong kho", "Store tables"},
	"summary.explain": {
		"Mỗi dòng đọc được kết thúc ở đúng một nơi: được nạp vào bảng, bị loại (xem trang “Dòng bị loại”) hoặc bị thay thế bởi bản mới hơn của cùng hồ sơ; vì vậy dòng đọc = dòng nạp + dòng bị loại + dòng bị thay thế. Dòng trống và dòng “Tổng số” không được tính là dòng đọc.",
		"Every row read ends in exactly one place: loaded into a table, rejected (see “Rejected rows”) or superseded by a newer version of the same case; so rows read = rows loaded + rows rejected + rows superseded. Blank rows and “Tổng số” totals rows are not counted as read.",
	},

	// Phrases.
	"check.ok":         {"Đúng", "OK"},
	"check.mismatch":   {"Sai", "MISMATCH"},
	"status.loaded":    {"Đã nạp", "loaded"},
	"status.unchanged": {"Không đổi (tệp đã nhập trước đó)", "unchanged (file already ingested)"},
	"status.failed":    {"Lỗi", "failed"},
	"none":             {"(không có)", "(none)"},
	"rejects.none":     {"Không có dòng nào bị loại.", "No rows were rejected."},
	"rejects.more": {
		"Còn %s lỗi nữa không hiển thị ở đây (tổng cộng %s). Lệnh `congvu export --table rejects --out rejects.csv` xuất toàn bộ.",
		"%s more not shown here (%s in all). `congvu export --table rejects --out rejects.csv` writes them all.",
	},
	"unknown.none": {"Không có cột nào không nhận diện.", "No unknown columns."},

	// Conduct, satisfaction and integrity (conduct.go).
	"sheet.conduct":       {"Ứng xử tại quầy", "Conduct"},
	"sheet.conduct_types": {"Ứng xử theo loại vi phạm", "Conduct by type"},
	"sheet.satisfaction":  {"Mức độ hài lòng", "Satisfaction"},
	"sheet.sipas":         {"Chỉ số hài lòng (SIPAS)", "SIPAS-style index"},
	"sheet.integrity":     {"Kiểm tra đợt bấm nút", "Button-press bursts"},
	"col.level":           {"Cấp", "Level"},
	"col.officer":         {"Mã cán bộ", "Officer"},
	"col.unit":            {"Đơn vị", "Unit"},
	"col.counter":         {"Quầy", "Counter"},
	"col.counter_days":    {"Số ngày làm việc tại quầy", "Counter days"},
	"col.incidents":       {"Số vi phạm", "Incidents"},
	"col.rate100":         {"Vi phạm / 100 ngày tại quầy", "Incidents per 100 counter days"},
	"col.ci_lo":           {"Cận dưới KTC 95%", "95% CI low"},
	"col.ci_hi":           {"Cận trên KTC 95%", "95% CI high"},
	"col.weighted":        {"Số vi phạm có trọng số", "Severity-weighted incidents"},
	"col.weighted_rate":   {"Có trọng số / 100 ngày", "Weighted per 100 counter days"},
	"col.weighted_lo":     {"Cận dưới (có trọng số)", "Weighted CI low"},
	"col.weighted_hi":     {"Cận trên (có trọng số)", "Weighted CI high"},
	"col.rank":            {"Xếp hạng (1 = nhiều vi phạm nhất)", "Rank (1 = most incidents)"},
	"col.attributed":      {"Gán theo lịch trực quầy", "Attributed by the roster"},
	"col.unattributed":    {"Không gán được cho cán bộ", "Not attributable to an officer"},
	"col.no_roster":       {"Không có quầy trong danh sách cán bộ", "No counter on the roster"},
	"col.type":            {"Loại vi phạm", "Incident type"},
	"col.dimension":       {"Nhóm theo", "Grouped by"},
	"col.key":             {"Nhóm", "Group"},
	"col.sub":             {"Nhóm con", "Subgroup"},
	"col.answers":         {"Số câu trả lời", "Answers"},
	"col.satisfied":       {"Số hài lòng", "Satisfied"},
	"col.share":           {"Tỷ lệ hài lòng", "Share satisfied"},
	"col.answers_clean":   {"Số câu trả lời (bỏ đợt bấm nghi vấn)", "Answers (without flagged bursts)"},
	"col.satisfied_clean": {"Số hài lòng (bỏ đợt bấm nghi vấn)", "Satisfied (without flagged bursts)"},
	"col.share_clean":     {"Tỷ lệ (bỏ đợt bấm nghi vấn)", "Share (without flagged bursts)"},
	"col.ci_lo_clean":     {"Cận dưới (bỏ đợt bấm nghi vấn)", "CI low (without flagged bursts)"},
	"col.ci_hi_clean":     {"Cận trên (bỏ đợt bấm nghi vấn)", "CI high (without flagged bursts)"},
	"col.elements":        {"Số yếu tố", "Elements"},
	"col.index":           {"Chỉ số hài lòng", "Index"},
	"col.index_clean":     {"Chỉ số (bỏ đợt bấm nghi vấn)", "Index (without flagged bursts)"},
	"col.device":          {"Thiết bị", "Device"},
	"col.start":           {"Bắt đầu", "Start"},
	"col.end":             {"Kết thúc", "End"},
	"col.presses":         {"Số lần bấm", "Presses"},
	"col.scale":           {"Thang điểm", "Scale"},
	"col.r1":              {"Mức 1", "Point 1"},
	"col.r2":              {"Mức 2", "Point 2"},
	"col.r3":              {"Mức 3", "Point 3"},
	"col.r4":              {"Mức 4", "Point 4"},
	"col.r5":              {"Mức 5", "Point 5"},
	"col.returns_nearby":  {"Hồ sơ trả tại quầy lân cận", "Dossiers returned nearby"},
	"col.flagged":         {"Bị đánh dấu", "Flagged"},
	"level.officer":       {"Cán bộ", "Officer"},
	"level.unit":          {"Đơn vị", "Unit"},
	"yes":                 {"Có", "Yes"},
	"no":                  {"Không", "No"},
	"all_units":           {"Toàn tỉnh", "All units"},
	"type.absent":         {"Vắng mặt", "Absent"},
	"type.phone":          {"Dùng điện thoại", "Phone use"},
	"type.eating":         {"Ăn uống", "Eating"},
	"type.sleeping":       {"Ngủ", "Sleeping"},
	"type.smoking":        {"Hút thuốc", "Smoking"},
	"type.uniform":        {"Trang phục, thẻ công chức", "Uniform or badge"},
	"type.rude":           {"Thái độ", "Rudeness"},
	"type.other":          {"Khác", "Other"},
	"dim.all":             {"Toàn bộ", "All"},
	"dim.channel":         {"Kênh", "Channel"},
	"dim.unit":            {"Đơn vị", "Unit"},
	"dim.officer":         {"Cán bộ", "Officer"},
	"dim.element":         {"Yếu tố (SIPAS)", "Element (SIPAS)"},
	"dim.item":            {"Câu hỏi", "Item"},
	"dim.unit_channel":    {"Đơn vị × kênh", "Unit × channel"},
	"dim.unit_element":    {"Đơn vị × yếu tố", "Unit × element"},
	"channel.button":      {"Nút bấm tại quầy", "Counter button"},
	"channel.web":         {"Trực tuyến", "Web form"},
	"channel.paper":       {"Phiếu giấy", "Paper"},
	"channel.sms":         {"Tin nhắn", "SMS"},
	"conduct.formula": {
		"Vi phạm / 100 ngày = số vi phạm ÷ số ngày làm việc tại quầy (theo danh sách cán bộ và lịch ngày làm việc) × 100, từ %s đến %s. Khoảng tin cậy 95%% chính xác theo phân phối Poisson; khoảng của tỷ lệ có trọng số là khoảng của số vi phạm nhân với trọng số bình quân (gần đúng).",
		"Incidents per 100 counter days = incidents ÷ working days at the counter (by the officer roster and the working-day calendar) × 100, from %s to %s. Exact Poisson 95%% intervals; the weighted rate's interval is the count's scaled by the mean weight (an approximation).",
	},
	"conduct.options": {
		"Phạm vi: %s. Trọng số mức độ 1 / 2 / 3: %s (cấu hình được; giá trị đã dùng và nguồn: trang “Phương pháp”). Chỉ xếp hạng cán bộ có ít nhất %d ngày tại quầy.",
		"Scope: %s. Severity weights 1 / 2 / 3: %s (configurable; the values used and their source: sheet “Methodology”). Only officers with at least %d counter days are ranked.",
	},
	"conduct.verified_only": {"chỉ vi phạm đã xác minh", "verified incidents only"},
	"conduct.all_incidents": {"mọi vi phạm, kể cả chưa xác minh", "all incidents, verified or not"},
	"conduct.counted":       {"Số vi phạm được tính: %s; chưa xác minh nên không tính: %s.", "Incidents counted: %s; left out as unverified: %s."},
	"satisfaction.formula": {
		"Tỷ lệ hài lòng = số câu trả lời hài lòng ÷ số câu trả lời, từ %s đến %s; hài lòng là từ mức %d trên thang 5 và mức %d trên thang 3 (cấu hình được; giá trị đã dùng và nguồn: trang “Phương pháp”). Khoảng tin cậy 95%% Wilson. Phiếu khảo sát tính mỗi câu hỏi là một câu trả lời.",
		"Share satisfied = satisfied answers ÷ answers, from %s to %s; satisfied is point %d or more of 5 and point %d of 3 (configurable; the values used and their source: sheet “Methodology”). Wilson 95%% intervals. A questionnaire counts one answer per item.",
	},
	"satisfaction.clean": {
		"Các cột “bỏ đợt bấm nghi vấn” không tính %s lần bấm thuộc các đợt bấm bị đánh dấu (xem trang “Kiểm tra đợt bấm nút”).",
		"The “without flagged bursts” columns leave out the %s presses of flagged bursts (see “Button-press bursts”).",
	},
	"sipas.formula": {
		"Chỉ số = trung bình tỷ lệ hài lòng của các yếu tố (mỗi yếu tố: tỷ lệ câu trả lời từ mức %d trên thang 5); cách tính mặc định của congvu, cấu hình được (trang “Phương pháp”).",
		"Index = mean of the element shares (each: share of answers scoring %d or more of 5); congvu's default, configurable (sheet “Methodology”).",
	},
	"integrity.rule": {
		"Đợt bấm: từ %d lần bấm trở lên trong %d giây tại một thiết bị; bị đánh dấu khi không có hồ sơ nào được trả tại quầy đó trong vòng %d phút trước hoặc sau (cấu hình được; giá trị đã dùng và nguồn: trang “Phương pháp”).",
		"A burst: %d or more presses within %d seconds at one device; flagged when no dossier was returned at that counter within %d minutes before or after (configurable; the values used and their source: sheet “Methodology”).",
	},
	"integrity.none": {"Không có đợt bấm nào.", "No bursts."},
}

// text returns the string for id in language l. A missing id is a bug in
// this package, so it panics rather than write a blank into a report.
func (l Lang) text(id label) string {
	s, ok := labels[id]
	if !ok {
		panic(fmt.Sprintf("reports: no label %q", id))
	}
	if l == English {
		return s.en
	}
	return s.vi
}

// count formats n with the thousands separator of l: 1.234.567 in
// Vietnamese, 1,234,567 in English.
func (l Lang) count(n int64) string {
	sep := "."
	if l == English {
		sep = ","
	}
	s := strconv.FormatInt(n, 10)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return neg + s
}

// percent formats a share in [0,1] with one decimal and the decimal mark of l.
func (l Lang) percent(x float64) string {
	s := strconv.FormatFloat(100*x, 'f', 1, 64) + " %"
	if l == English {
		return s[:len(s)-2] + "%"
	}
	return strings.Replace(s, ".", ",", 1)
}

// level formats a confidence level such as 0.998 as "99,8%" (Vietnamese) or "99.8%"
// (English), with as few digits as it needs.
func (l Lang) level(x float64) string {
	s := strconv.FormatFloat(math.Round(1000*x)/10, 'f', -1, 64) + "%"
	if l == English {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

// decimal formats x with as few digits as it needs and the decimal mark of l.
func (l Lang) decimal(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if l == English {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}
