package ingest

import (
	"fmt"
	"sort"
	"strings"
)

// Type is the type of a canonical column: how its cells are parsed and how it is stored.
type Type int

// The column types.
const (
	TypeText   Type = iota // cleaned text (NFC, trimmed); stored as VARCHAR
	TypeTime               // a date with an optional time of day, local time; TIMESTAMP
	TypeDate               // a calendar day; DATE
	TypeInt                // a whole number; BIGINT
	TypeBool               // yes/no; BOOLEAN
	TypeFloat              // a number; DOUBLE
	TypeEnum               // one of a closed set of words, labels mapped through the column's enum; VARCHAR
	TypeRating             // a satisfaction rating, a number or words (ParseRating); BIGINT
)

// SQL returns the DuckDB type the column is stored as.
func (t Type) SQL() string {
	switch t {
	case TypeTime:
		return "TIMESTAMP"
	case TypeDate:
		return "DATE"
	case TypeInt, TypeRating:
		return "BIGINT"
	case TypeBool:
		return "BOOLEAN"
	case TypeFloat:
		return "DOUBLE"
	default:
		return "VARCHAR"
	}
}

// Column is one canonical column of a kind.
type Column struct {
	Name     string   // canonical snake_case English name
	Type     Type     // how the cell is parsed
	Required bool     // a row without it is rejected
	Aliases  []string // headers that mean this column (Vietnamese and English), matched after Fold
	Enum     *EnumSet // the allowed values, for Type Enum
	Vi, En   string   // the column's name for people, as the workbook shows it
}

// Kind is one kind of input file: its canonical columns, the store table it loads
// into and the key that identifies a row, so that a newer row supersedes an older one.
type Kind struct {
	Name  string   // cases, apologies, units, …
	Table string   // the store table
	Key   []string // the columns that identify a row
	Cols  []Column
	// Fallback fills an empty column from another, e.g. received_at from submitted_at.
	Fallback map[string]string
	// Vi, En are the kind's name for people.
	Vi, En string
}

// Column returns the named column, or nil.
func (k *Kind) Column(name string) *Column {
	for i := range k.Cols {
		if k.Cols[i].Name == name {
			return &k.Cols[i]
		}
	}
	return nil
}

// Required lists the names of the required columns.
func (k *Kind) Required() []string {
	var out []string
	for _, c := range k.Cols {
		if c.Required {
			out = append(out, c.Name)
		}
	}
	return out
}

// satisfied reports whether the columns present (canonical names) cover every
// required column, directly or through a fallback.
func (k *Kind) satisfied(present map[string]bool) (missing []string) {
	for _, r := range k.Required() {
		if present[r] {
			continue
		}
		if fb, ok := k.Fallback[r]; ok && present[fb] {
			continue
		}
		missing = append(missing, r)
	}
	return missing
}

// EnumSet is the closed set of canonical values of an enum column and the labels
// (Vietnamese words, numeric codes) that stand for them.
type EnumSet struct {
	Name   string
	Canon  []string
	Labels map[string]string // label → canonical value; "" means the label stands for an empty cell
	// Vi gives, for a canonical value, the Vietnamese word listed beside it when a
	// Vietnamese reason lists the allowed values ("absent (vắng mặt)").
	Vi map[string]string
}

// Statuses are the canonical case statuses and the labels of provincial one-stop systems.
var Statuses = &EnumSet{
	Name:  "status",
	Canon: []string{"new", "not_accepted", "in_progress", "paused", "withdrawn", "refused", "done", "returned"},
	Vi:    map[string]string{"new": "mới đăng ký", "not_accepted": "không được tiếp nhận", "in_progress": "đang xử lý", "paused": "tạm dừng", "withdrawn": "rút hồ sơ", "refused": "từ chối", "done": "đã xử lý xong", "returned": "đã trả kết quả"},
	Labels: map[string]string{
		// numeric codes of provincial one-stop systems
		"1": "new", "2": "in_progress", "3": "not_accepted", "4": "in_progress", "5": "paused",
		"6": "paused", "7": "withdrawn", "8": "paused", "9": "done", "10": "returned",
		"open": "in_progress", "closed": "done", "completed": "done", "pending": "in_progress",
		"mới đăng ký": "new", "mới": "new", "chờ tiếp nhận": "new",
		"được tiếp nhận": "in_progress", "đã tiếp nhận": "in_progress",
		"không được tiếp nhận": "not_accepted", "không tiếp nhận": "not_accepted",
		"đang xử lý": "in_progress", "đang giải quyết": "in_progress",
		"yêu cầu bổ sung": "paused", "chờ bổ sung": "paused", "bổ sung hồ sơ": "paused",
		"yêu cầu thực hiện nghĩa vụ tài chính": "paused", "nghĩa vụ tài chính": "paused",
		"chờ thực hiện nghĩa vụ tài chính": "paused",
		"dừng xử lý": "paused", "tạm dừng": "paused", "tạm dừng xử lý": "paused",
		"rút hồ sơ": "withdrawn", "đã rút": "withdrawn", "công dân rút hồ sơ": "withdrawn",
		"từ chối": "refused", "từ chối giải quyết": "refused", "trả lại hồ sơ": "refused",
		"đã xử lý xong": "done", "đã xử lý": "done", "hoàn thành": "done", "đã giải quyết": "done",
		"đã hoàn thành": "done",
		"có kết quả":    "done", "đã có kết quả": "done",
		"đã trả kết quả": "returned", "đã trả": "returned", "trả kết quả": "returned",
	},
}

// Channels are the canonical submission channels.
var Channels = &EnumSet{
	Name:  "channel",
	Canon: []string{"direct", "online", "postal"},
	Vi:    map[string]string{"direct": "trực tiếp", "online": "trực tuyến", "postal": "bưu chính"},
	Labels: map[string]string{
		"trực tiếp": "direct", "tại quầy": "direct", "một cửa": "direct",
		"trực tuyến": "online", "dịch vụ công trực tuyến": "online", "qua mạng": "online",
		"trực tuyến toàn trình": "online", "trực tuyến một phần": "online", "dịch vụ công": "online",
		"qua bưu điện": "postal", "bcci": "postal", "bưu chính công ích (bcci)": "postal",
		"dvc": "online", "dvctt": "online", "cổng dịch vụ công": "online",
		"bưu chính": "postal", "bưu điện": "postal", "bưu chính công ích": "postal",
		"qua bưu chính": "postal", "post": "postal", "mail": "postal",
	},
}

// UnitKinds are the canonical kinds of unit.
var UnitKinds = &EnumSet{
	Name:  "unit_kind",
	Canon: []string{"department", "district", "commune", "centre"},
	Vi:    map[string]string{"department": "sở, ngành", "district": "huyện", "commune": "xã", "centre": "trung tâm"},
	Labels: map[string]string{
		"sở": "department", "sở ban ngành": "department", "ban ngành": "department", "sở ngành": "department",
		"huyện": "district", "quận": "district", "thị xã": "district", "thành phố": "district",
		"cấp huyện": "district", "ubnd huyện": "district",
		"xã": "commune", "phường": "commune", "thị trấn": "commune", "cấp xã": "commune",
		"trung tâm": "centre", "center": "centre", "trung tâm phục vụ hành chính công": "centre",
		"bộ phận một cửa": "centre",
	},
}

// HolidayKinds say whether a listed day is a day off or a make-up working day.
var HolidayKinds = &EnumSet{
	Name:  "holiday_kind",
	Canon: []string{"holiday", "workday"},
	Vi:    map[string]string{"holiday": "ngày nghỉ", "workday": "ngày làm việc"},
	Labels: map[string]string{
		"nghỉ": "holiday", "ngày nghỉ": "holiday", "nghỉ lễ": "holiday", "lễ": "holiday", "off": "holiday",
		"làm bù": "workday", "đi làm": "workday", "ngày làm việc": "workday", "làm việc": "workday", "work": "workday",
	},
}

// Kinds is the registry of input kinds, in the order kind detection prefers them.
// Adding a kind is adding an entry here (and its table in the store's schema).
var Kinds = []*Kind{
	{
		Name: "cases", Table: "cases", Key: []string{"case_id"}, Vi: "Hồ sơ", En: "Cases",
		Fallback: map[string]string{"received_at": "submitted_at", "unit_id": "receiving_unit_id"},
		Cols: []Column{
			{Name: "case_id", Type: TypeText, Required: true, Vi: "Mã hồ sơ", En: "Case ID",
				Aliases: []string{"mã hồ sơ", "số hồ sơ", "mã số hồ sơ", "số biên nhận", "mã biên nhận", "case id", "case no", "dossier id"}},
			{Name: "unit_id", Type: TypeText, Required: true, Vi: "Đơn vị giải quyết", En: "Unit",
				Aliases: []string{"đơn vị giải quyết", "mã đơn vị", "đơn vị xử lý", "cơ quan giải quyết", "đơn vị", "cơ quan", "unit", "unit code", "agency"}},
			{Name: "receiving_unit_id", Type: TypeText, Vi: "Đơn vị tiếp nhận", En: "Receiving unit",
				Aliases: []string{"đơn vị tiếp nhận", "cơ quan tiếp nhận", "nơi tiếp nhận", "receiving unit"}},
			{Name: "received_at", Type: TypeTime, Required: true, Vi: "Ngày tiếp nhận", En: "Received",
				Aliases: []string{"ngày tiếp nhận", "ngày nhận", "thời gian tiếp nhận", "ngày nhận hồ sơ", "received", "received date"}},
			{Name: "submitted_at", Type: TypeTime, Vi: "Ngày nộp hồ sơ", En: "Submitted",
				Aliases: []string{"ngày nộp hồ sơ", "ngày nộp", "thời gian nộp", "submitted", "submitted date"}},
			{Name: "due_at", Type: TypeTime, Vi: "Ngày hẹn trả", En: "Due",
				Aliases: []string{"ngày hẹn trả", "ngày hẹn trả kết quả", "hẹn trả", "hạn xử lý", "hạn giải quyết", "ngày hẹn", "due", "due date"}},
			{Name: "completed_at", Type: TypeTime, Vi: "Ngày có kết quả", En: "Completed",
				Aliases: []string{"ngày có kết quả", "ngày kết thúc xử lý", "ngày kết thúc", "ngày hoàn thành", "ngày xử lý xong", "thời gian có kết quả", "completed", "completed date", "closed date"}},
			{Name: "returned_at", Type: TypeTime, Vi: "Ngày trả kết quả", En: "Returned",
				Aliases: []string{"ngày trả kết quả", "ngày trả", "thời gian trả kết quả", "returned", "returned date"}},
			{Name: "officer_id", Type: TypeText, Vi: "Cán bộ xử lý", En: "Handling officer",
				Aliases: []string{"cán bộ xử lý", "mã cán bộ xử lý", "người xử lý", "cán bộ giải quyết", "chuyên viên xử lý", "officer", "handler"}},
			{Name: "receiver_id", Type: TypeText, Vi: "Cán bộ tiếp nhận", En: "Receiving officer",
				Aliases: []string{"cán bộ tiếp nhận", "người tiếp nhận", "mã cán bộ tiếp nhận", "receiver"}},
			{Name: "procedure_code", Type: TypeText, Vi: "Mã TTHC", En: "Procedure code",
				Aliases: []string{"mã tthc", "mã thủ tục", "mã thủ tục hành chính", "procedure code"}},
			{Name: "procedure_name", Type: TypeText, Vi: "Tên thủ tục hành chính", En: "Procedure",
				Aliases: []string{"tên thủ tục hành chính", "tên thủ tục", "tên tthc", "thủ tục hành chính", "thủ tục", "procedure", "procedure name"}},
			{Name: "field", Type: TypeText, Vi: "Lĩnh vực", En: "Field",
				Aliases: []string{"lĩnh vực", "tên lĩnh vực", "field", "sector"}},
			{Name: "channel", Type: TypeEnum, Enum: Channels, Vi: "Kênh", En: "Channel",
				Aliases: []string{"kênh", "kênh tiếp nhận", "hình thức nộp", "hình thức tiếp nhận", "hình thức", "channel"}},
			{Name: "status", Type: TypeEnum, Enum: Statuses, Vi: "Trạng thái", En: "Status",
				Aliases: []string{"trạng thái", "tình trạng", "trạng thái hồ sơ", "status"}},
			{Name: "apology_at", Type: TypeTime, Vi: "Ngày xin lỗi", En: "Apology issued",
				Aliases: []string{"ngày xin lỗi", "ngày phiếu xin lỗi", "ngày thư xin lỗi", "ngày văn bản xin lỗi", "xin lỗi", "apology", "apology date"}},
			{Name: "new_due_at", Type: TypeTime, Vi: "Ngày hẹn trả mới", En: "New due date",
				Aliases: []string{"ngày hẹn trả mới", "ngày hẹn lại", "hẹn lại ngày trả", "ngày hẹn mới", "new due", "new due date"}},
			{Name: "supplement_at", Type: TypeTime, Vi: "Ngày yêu cầu bổ sung", En: "Supplement requested",
				Aliases: []string{"ngày yêu cầu bổ sung", "ngày bổ sung", "supplement requested"}},
			{Name: "district_id", Type: TypeText, Vi: "Mã huyện", En: "District",
				Aliases: []string{"mã huyện", "huyện", "quận huyện", "địa bàn", "district", "borough"}},
			{Name: "applicant", Type: TypeText, Vi: "Chủ hồ sơ", En: "Applicant",
				Aliases: []string{"chủ hồ sơ", "người nộp", "tên người nộp", "tổ chức cá nhân", "applicant"}},
		},
	},
	{
		Name: "apologies", Table: "apologies", Key: []string{"case_id", "issued_at"}, Vi: "Thư xin lỗi", En: "Apology letters",
		Cols: []Column{
			{Name: "case_id", Type: TypeText, Required: true, Vi: "Mã hồ sơ", En: "Case ID",
				Aliases: []string{"mã hồ sơ", "số hồ sơ", "mã số hồ sơ", "số biên nhận", "case id"}},
			{Name: "issued_at", Type: TypeTime, Required: true, Vi: "Ngày xin lỗi", En: "Issued",
				Aliases: []string{"ngày xin lỗi", "ngày phát hành", "ngày ban hành", "ngày văn bản", "ngày thư xin lỗi", "ngày phiếu xin lỗi", "issued", "issued at", "apology date"}},
			{Name: "new_due_at", Type: TypeTime, Vi: "Ngày hẹn trả mới", En: "New due date",
				Aliases: []string{"ngày hẹn trả mới", "ngày hẹn lại", "hẹn lại ngày trả", "ngày hẹn mới", "new due", "new due date"}},
			{Name: "reason", Type: TypeText, Vi: "Lý do", En: "Reason",
				Aliases: []string{"lý do", "lý do chậm", "lý do trễ hạn", "reason"}},
		},
	},
	{
		Name: "units", Table: "units", Key: []string{"unit_id"}, Vi: "Đơn vị", En: "Units",
		Cols: []Column{
			{Name: "unit_id", Type: TypeText, Required: true, Vi: "Mã đơn vị", En: "Unit ID",
				Aliases: []string{"mã đơn vị", "mã cơ quan", "unit id", "unit code"}},
			{Name: "name", Type: TypeText, Required: true, Vi: "Tên đơn vị", En: "Name",
				Aliases: []string{"tên đơn vị", "tên cơ quan", "tên", "name", "unit name"}},
			{Name: "kind", Type: TypeEnum, Enum: UnitKinds, Vi: "Loại đơn vị", En: "Kind",
				Aliases: []string{"loại đơn vị", "loại", "cấp", "kind", "type", "level"}},
			{Name: "district_id", Type: TypeText, Vi: "Mã huyện", En: "District",
				Aliases: []string{"mã huyện", "huyện", "district", "district id"}},
			{Name: "parent_id", Type: TypeText, Vi: "Đơn vị cấp trên", En: "Parent unit",
				Aliases: []string{"đơn vị cấp trên", "mã đơn vị cấp trên", "đơn vị cha", "parent", "parent id"}},
		},
	},
	{
		Name: "officers", Table: "officers", Key: []string{"officer_id"}, Vi: "Cán bộ", En: "Officers",
		Cols: []Column{
			{Name: "officer_id", Type: TypeText, Required: true, Vi: "Mã cán bộ", En: "Officer ID",
				Aliases: []string{"mã cán bộ", "mã công chức", "mã nhân viên", "officer id"}},
			{Name: "full_name", Type: TypeText, Required: true, Vi: "Họ và tên", En: "Full name",
				Aliases: []string{"họ và tên", "họ tên", "tên cán bộ", "full name", "name"}},
			{Name: "unit_id", Type: TypeText, Required: true, Vi: "Mã đơn vị", En: "Unit",
				Aliases: []string{"mã đơn vị", "đơn vị", "unit", "unit id"}},
			{Name: "position", Type: TypeText, Vi: "Chức vụ", En: "Position",
				Aliases: []string{"chức vụ", "vị trí", "vị trí việc làm", "position", "title"}},
			{Name: "counter_id", Type: TypeText, Vi: "Quầy", En: "Counter",
				Aliases: []string{"quầy", "mã quầy", "số quầy", "counter", "counter id"}},
			{Name: "start_date", Type: TypeDate, Vi: "Từ ngày", En: "Start date",
				Aliases: []string{"từ ngày", "ngày bắt đầu", "start date", "start"}},
			{Name: "end_date", Type: TypeDate, Vi: "Đến ngày", En: "End date",
				Aliases: []string{"đến ngày", "ngày kết thúc", "end date", "end"}},
		},
	},
	{
		Name: "procedures", Table: "procedures", Key: []string{"procedure_code"}, Vi: "Thủ tục hành chính", En: "Procedures",
		Cols: []Column{
			{Name: "procedure_code", Type: TypeText, Required: true, Vi: "Mã TTHC", En: "Procedure code",
				Aliases: []string{"mã tthc", "mã thủ tục", "mã thủ tục hành chính", "procedure code"}},
			{Name: "name", Type: TypeText, Vi: "Tên thủ tục", En: "Name",
				Aliases: []string{"tên thủ tục", "tên thủ tục hành chính", "tên tthc", "name", "procedure name"}},
			{Name: "field", Type: TypeText, Vi: "Lĩnh vực", En: "Field",
				Aliases: []string{"lĩnh vực", "field"}},
			{Name: "statutory_days", Type: TypeInt, Vi: "Thời hạn giải quyết (ngày làm việc)", En: "Statutory working days",
				Aliases: []string{"thời hạn giải quyết", "thời hạn giải quyết ngày làm việc", "số ngày giải quyết", "thời hạn", "số ngày làm việc", "statutory days"}},
			{Name: "level", Type: TypeText, Vi: "Cấp thực hiện", En: "Level",
				Aliases: []string{"cấp thực hiện", "cấp", "mức độ", "level"}},
		},
	},
	{
		Name: "holidays", Table: "holidays", Key: []string{"date"}, Vi: "Ngày nghỉ, ngày làm bù", En: "Holidays",
		Cols: []Column{
			{Name: "date", Type: TypeDate, Required: true, Vi: "Ngày", En: "Date",
				Aliases: []string{"ngày", "date"}},
			{Name: "name", Type: TypeText, Vi: "Tên ngày lễ", En: "Name",
				Aliases: []string{"tên ngày lễ", "tên", "nội dung", "name", "description"}},
			{Name: "kind", Type: TypeEnum, Enum: HolidayKinds, Vi: "Loại", En: "Kind",
				Aliases: []string{"loại", "loại ngày", "kind", "type"}},
		},
	},
	cameraKind, surveyKind, surveyItemsKind, crosswalkKind, // kinds_survey.go
}

// rowNumberAliases are headers of the running-number column ("STT") that exports
// put first; it is recognised and ignored.
var rowNumberAliases = []string{"stt", "số tt", "số thứ tự", "tt", "no", "#"}

// summaryWords begin the totals rows ("Tổng số", "Tổng cộng") at the foot of exports.
var summaryWords = []string{"tổng số", "tổng cộng", "tổng", "cộng", "total", "grand total", "sum"}

// KindByName returns the registered kind with that name.
func KindByName(name string) (*Kind, error) {
	for _, k := range Kinds {
		if k.Name == name {
			return k, nil
		}
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = k.Name
	}
	sort.Strings(names)
	return nil, fmt.Errorf("%w: %q (known: %s)", ErrUnknownKind, name, strings.Join(names, ", "))
}
