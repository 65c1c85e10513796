package ingest

import (
	"fmt"
	"hash/fnv"
)

// Row rules of the camera and survey kinds (issue 5), run by plan.parse on rows whose
// cells all parsed.
//
// Decisions (DESIGN.md is silent on them):
//   - A camera incident without incident_id gets the id "auto:" + a hash of its unit,
//     camera, counter, officer, time and type: the same incident exported twice is one
//     incident (the second copy is superseded), two incidents must differ in one of those.
//   - A survey response without response_id (counter buttons rarely export one) gets
//     "auto:" + a hash of its cells + ":" + its row number: presses identical to the
//     second are all kept, re-ingesting the same export changes nothing, and two
//     overlapping exports without ids would count the overlap twice (give an id).
//   - A survey row needs a rating or at least one answered questionnaire item.
//   - A survey row without a channel but with a device is a button press.
func init() {
	checks["camera"] = checkCamera
	checks["survey"] = checkSurvey
}

// autoID hashes the given values into an id.
func autoID(vals ...value) string {
	h := fnv.New64a()
	for _, v := range vals {
		if v.valid {
			fmt.Fprintf(h, "%s|%d|%g", v.s, v.n, v.f)
		}
		h.Write([]byte{0x1f})
	}
	return fmt.Sprintf("auto:%016x", h.Sum64())
}

func checkCamera(p *plan, row int64, vals []value, raw []string) []RowError {
	at := func(name string) int { return p.colIndex(name) }
	var probs []RowError
	if v := vals[at("severity")+1]; v.valid && (v.n < 1 || v.n > 3) {
		i := at("severity")
		probs = append(probs, p.problem(row, i, raw[i], Reason{Code: "severity_range",
			Vi: fmt.Sprintf("Mức độ %d không hợp lệ; mức độ là 1 (nhẹ), 2 (trung bình) hoặc 3 (nặng)", v.n),
			En: fmt.Sprintf("severity %d is not valid; severity is 1 (minor), 2 (moderate) or 3 (serious)", v.n)}))
	}
	if v := vals[at("duration_s")+1]; v.valid && v.n < 0 {
		i := at("duration_s")
		probs = append(probs, p.problem(row, i, raw[i], Reason{Code: "duration_negative",
			Vi: fmt.Sprintf("Thời lượng %d giây là số âm", v.n), En: fmt.Sprintf("duration %d s is negative", v.n)}))
	}
	if id := at("incident_id") + 1; !vals[id].valid {
		vals[id] = textValue(autoID(vals[at("unit_id")+1], vals[at("camera_id")+1], vals[at("counter_id")+1],
			vals[at("officer_id")+1], vals[at("occurred_at")+1], vals[at("type")+1]))
	}
	return probs
}

func checkSurvey(p *plan, row int64, vals []value, raw []string) []RowError {
	at := func(name string) int { return p.colIndex(name) }
	var probs []RowError
	si, ri := at("scale"), at("rating")
	scale := int64(5)
	if v := vals[si+1]; v.valid {
		if v.n != 3 && v.n != 5 {
			return append(probs, p.problem(row, si, raw[si], badScale(raw[si]).Reason))
		}
		scale = v.n
	}
	switch {
	case raw[ri] != "":
		v, err := ParseRating(raw[ri], int(scale))
		if err != nil {
			return append(probs, p.problem(row, ri, raw[ri], err.(*ValueError).Reason))
		}
		vals[ri+1], vals[si+1] = intValue(v), intValue(scale)
	case !vals[at("answers")+1].valid:
		return append(probs, p.problem(row, ri, "", Reason{Code: "no_rating",
			Vi: "Không có mức đánh giá: cần cột Mức đánh giá hoặc ít nhất một câu hỏi của phiếu khảo sát có điểm",
			En: "no rating: the row needs a rating or at least one answered questionnaire item"}))
	default:
		vals[si+1] = value{} // the scale is the single rating's; questionnaire items are 1–5
	}
	if ci := at("channel") + 1; !vals[ci].valid && vals[at("device_id")+1].valid {
		vals[ci] = textValue("button")
	}
	if id := at("response_id") + 1; !vals[id].valid {
		vals[id] = textValue(autoID(vals[1:]...) + fmt.Sprintf(":%d", row))
	}
	return probs
}
