package reports

import (
	"fmt"
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
