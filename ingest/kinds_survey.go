package ingest

// The kinds of issue 5: camera incidents at the counters, citizen surveys (counter
// buttons, web forms, SIPAS-style questionnaires), the questionnaire's items and the
// crosswalk of old units to new ones. They are listed in Kinds; their cross-column
// rules are in survey.go and their wide-questionnaire reshaping in reshape.go.

// IncidentTypes are the canonical camera incident types and the Vietnamese words
// monitoring staff and camera vendors use for them.
var IncidentTypes = &EnumSet{
	Name:  "incident_type",
	Canon: []string{"absent", "phone", "eating", "sleeping", "smoking", "uniform", "rude", "other"},
	Vi:    map[string]string{"absent": "vắng mặt", "phone": "dùng điện thoại", "eating": "ăn uống", "sleeping": "ngủ", "smoking": "hút thuốc", "uniform": "trang phục", "rude": "thái độ", "other": "khác"},
	Labels: map[string]string{
		"vắng mặt": "absent", "vắng": "absent", "không có mặt": "absent", "rời vị trí": "absent",
		"rời quầy": "absent", "bỏ vị trí": "absent", "vắng mặt tại quầy": "absent", "đi muộn": "absent",
		"về sớm": "absent", "không có mặt tại quầy": "absent",
		"dùng điện thoại": "phone", "sử dụng điện thoại": "phone", "điện thoại": "phone",
		"chơi điện thoại": "phone", "dùng điện thoại riêng": "phone", "sử dụng điện thoại di động": "phone",
		"nghe điện thoại": "phone", "lướt điện thoại": "phone",
		"ăn uống": "eating", "ăn": "eating", "ăn quà": "eating", "ăn vặt": "eating", "ăn uống tại quầy": "eating",
		"ngủ": "sleeping", "ngủ gật": "sleeping", "ngủ trong giờ làm việc": "sleeping",
		"hút thuốc": "smoking", "hút thuốc lá": "smoking",
		"trang phục": "uniform", "sai trang phục": "uniform", "không mặc đồng phục": "uniform",
		"không đúng trang phục": "uniform", "không đeo thẻ": "uniform", "không đeo thẻ công chức": "uniform",
		"đồng phục": "uniform",
		"thái độ":   "rude", "thái độ không đúng mực": "rude", "cáu gắt": "rude", "hách dịch": "rude",
		"thiếu lịch sự": "rude", "gây khó khăn": "rude", "to tiếng": "rude", "thô lỗ": "rude",
		"khác": "other", "vi phạm khác": "other",
	},
}

// SurveyChannels are the canonical ways a survey response is given.
var SurveyChannels = &EnumSet{
	Name:  "survey_channel",
	Canon: []string{"button", "web", "paper", "sms"},
	Vi:    map[string]string{"button": "nút bấm", "web": "trực tuyến", "paper": "phiếu giấy", "sms": "tin nhắn"},
	Labels: map[string]string{
		"nút bấm": "button", "nút": "button", "bấm nút": "button", "thiết bị": "button",
		"thiết bị đánh giá": "button", "máy đánh giá": "button", "bàn phím": "button", "tại quầy": "button",
		"kiosk": "button", "máy tính bảng": "button", "tablet": "button",
		"trực tuyến": "web", "cổng dịch vụ công": "web", "website": "web", "biểu mẫu": "web",
		"form": "web", "online": "web", "qua mạng": "web", "zalo": "web", "ứng dụng": "web", "app": "web",
		"giấy": "paper", "phiếu giấy": "paper", "phiếu": "paper", "phiếu khảo sát": "paper",
		"tin nhắn": "sms", "nhắn tin": "sms", "tin nhắn sms": "sms",
	},
}

// Respondents are the canonical kinds of respondent.
var Respondents = &EnumSet{
	Name:  "respondent",
	Canon: []string{"citizen", "business"},
	Vi:    map[string]string{"citizen": "công dân", "business": "doanh nghiệp"},
	Labels: map[string]string{
		"công dân": "citizen", "người dân": "citizen", "cá nhân": "citizen", "người": "citizen",
		"doanh nghiệp": "business", "tổ chức": "business", "tổ chức doanh nghiệp": "business",
		"công ty": "business", "organisation": "business", "organization": "business",
	},
}

var cameraKind = &Kind{
	Name: "camera", Table: "camera", Key: []string{"incident_id"}, Vi: "Vi phạm ghi nhận qua camera", En: "Camera incidents",
	Cols: []Column{
		{Name: "incident_id", Type: TypeText, Vi: "Mã sự kiện", En: "Incident ID",
			Aliases: []string{"mã sự kiện", "mã vi phạm", "số hiệu vi phạm", "mã cảnh báo", "mã ghi nhận", "incident id", "event id", "incident"}},
		{Name: "camera_id", Type: TypeText, Vi: "Camera", En: "Camera",
			Aliases: []string{"camera", "mã camera", "tên camera", "camera id", "cam"}},
		{Name: "unit_id", Type: TypeText, Required: true, Vi: "Đơn vị", En: "Unit",
			Aliases: []string{"đơn vị", "mã đơn vị", "cơ quan", "đơn vị vi phạm", "unit", "unit id"}},
		{Name: "counter_id", Type: TypeText, Vi: "Quầy", En: "Counter",
			Aliases: []string{"quầy", "mã quầy", "số quầy", "quầy số", "vị trí quầy", "counter", "counter id"}},
		{Name: "officer_id", Type: TypeText, Vi: "Cán bộ", En: "Officer",
			Aliases: []string{"cán bộ", "mã cán bộ", "cán bộ vi phạm", "người vi phạm", "công chức", "officer", "officer id"}},
		{Name: "occurred_at", Type: TypeTime, Required: true, Vi: "Thời điểm", En: "Occurred at",
			Aliases: []string{"thời điểm", "thời gian", "thời điểm vi phạm", "thời gian vi phạm", "ngày giờ", "thời điểm ghi nhận", "occurred at", "time", "timestamp"}},
		{Name: "type", Type: TypeEnum, Enum: IncidentTypes, Required: true, Vi: "Loại vi phạm", En: "Incident type",
			Aliases: []string{"loại vi phạm", "hành vi", "hành vi vi phạm", "vi phạm", "nội dung vi phạm", "loại", "type", "incident type"}},
		{Name: "severity", Type: TypeInt, Vi: "Mức độ", En: "Severity",
			Aliases: []string{"mức độ", "mức độ vi phạm", "mức", "severity"}},
		{Name: "duration_s", Type: TypeInt, Vi: "Thời lượng (giây)", En: "Duration (s)",
			Aliases: []string{"thời lượng", "thời lượng giây", "thời lượng (giây)", "số giây", "thời gian kéo dài", "duration", "duration s"}},
		{Name: "verified", Type: TypeBool, Vi: "Đã xác minh", En: "Verified",
			Aliases: []string{"đã xác minh", "xác minh", "xác nhận", "đã xác nhận", "verified"}},
	},
}

var surveyKind = &Kind{
	Name: "survey", Table: "survey", Key: []string{"response_id"}, Vi: "Đánh giá hài lòng", En: "Survey responses",
	Cols: []Column{
		{Name: "response_id", Type: TypeText, Vi: "Mã phiếu", En: "Response ID",
			Aliases: []string{"mã phiếu", "số phiếu", "mã đánh giá", "mã lượt đánh giá", "mã phản hồi", "response id", "response"}},
		{Name: "unit_id", Type: TypeText, Required: true, Vi: "Đơn vị", En: "Unit",
			Aliases: []string{"đơn vị", "mã đơn vị", "cơ quan", "đơn vị được đánh giá", "unit", "unit id"}},
		{Name: "answered_at", Type: TypeTime, Required: true, Vi: "Thời điểm đánh giá", En: "Answered at",
			Aliases: []string{"thời điểm đánh giá", "thời gian đánh giá", "ngày đánh giá", "ngày khảo sát", "thời điểm", "thời gian", "answered at", "time", "timestamp"}},
		{Name: "channel", Type: TypeEnum, Enum: SurveyChannels, Vi: "Kênh đánh giá", En: "Channel",
			Aliases: []string{"kênh đánh giá", "hình thức đánh giá", "kênh", "hình thức", "channel"}},
		{Name: "device_id", Type: TypeText, Vi: "Thiết bị", En: "Device",
			Aliases: []string{"thiết bị", "mã thiết bị", "thiết bị đánh giá", "device", "device id"}},
		{Name: "counter_id", Type: TypeText, Vi: "Quầy", En: "Counter",
			Aliases: []string{"quầy", "mã quầy", "số quầy", "quầy số", "counter", "counter id"}},
		{Name: "officer_id", Type: TypeText, Vi: "Cán bộ", En: "Officer",
			Aliases: []string{"cán bộ", "mã cán bộ", "cán bộ được đánh giá", "công chức", "officer", "officer id"}},
		{Name: "case_id", Type: TypeText, Vi: "Mã hồ sơ", En: "Case ID",
			Aliases: []string{"mã hồ sơ", "số hồ sơ", "số biên nhận", "case id"}},
		{Name: "respondent", Type: TypeEnum, Enum: Respondents, Vi: "Đối tượng", En: "Respondent",
			Aliases: []string{"đối tượng", "người đánh giá", "loại người đánh giá", "respondent"}},
		{Name: "rating", Type: TypeRating, Vi: "Mức đánh giá", En: "Rating",
			Aliases: []string{"mức đánh giá", "đánh giá", "mức độ hài lòng", "kết quả đánh giá", "mức hài lòng", "điểm", "rating", "score"}},
		{Name: "scale", Type: TypeInt, Vi: "Thang điểm", En: "Scale",
			Aliases: []string{"thang điểm", "thang đo", "số mức", "scale"}},
		// answers holds a questionnaire's items as "item=score;…", written by the
		// reshape step (reshape.go); no header maps onto it.
		{Name: "answers", Type: TypeText, Vi: "Câu trả lời", En: "Answers"},
	},
}

var surveyItemsKind = &Kind{
	Name: "survey_items", Table: "survey_items", Key: []string{"item"}, Vi: "Câu hỏi khảo sát", En: "Survey items",
	Cols: []Column{
		{Name: "item", Type: TypeText, Required: true, Vi: "Mã câu hỏi", En: "Item",
			Aliases: []string{"mã câu hỏi", "mã tiêu chí", "ký hiệu", "item", "item code", "question code"}},
		{Name: "element", Type: TypeText, Required: true, Vi: "Yếu tố", En: "Element",
			Aliases: []string{"yếu tố", "nhóm tiêu chí", "nhóm", "thành phần", "element"}},
		{Name: "text", Type: TypeText, Vi: "Nội dung câu hỏi", En: "Text",
			Aliases: []string{"nội dung câu hỏi", "câu hỏi", "nội dung", "tiêu chí", "text", "question"}},
	},
}

var crosswalkKind = &Kind{
	Name: "unit_crosswalk", Table: "unit_crosswalk", Key: []string{"old_unit_id", "new_unit_id"}, Vi: "Chuyển đổi đơn vị", En: "Unit crosswalk",
	Cols: []Column{
		{Name: "old_unit_id", Type: TypeText, Required: true, Vi: "Mã đơn vị cũ", En: "Old unit",
			Aliases: []string{"mã đơn vị cũ", "đơn vị cũ", "old unit", "old unit id"}},
		{Name: "new_unit_id", Type: TypeText, Required: true, Vi: "Mã đơn vị mới", En: "New unit",
			Aliases: []string{"mã đơn vị mới", "đơn vị mới", "new unit", "new unit id"}},
		{Name: "effective_date", Type: TypeDate, Required: true, Vi: "Ngày hiệu lực", En: "Effective date",
			Aliases: []string{"ngày hiệu lực", "hiệu lực từ", "có hiệu lực từ", "effective date", "effective"}},
	},
}
