package ingest

import (
	"fmt"
	"strconv"
)

// Ratings of satisfaction surveys.
//
// Decisions (DESIGN.md and issue 5 are silent on them):
//   - A rating is a whole number on its scale (1..3 or 1..5) or words. On the 5-point
//     scale the words are Rất hài lòng 5, Hài lòng 4, Bình thường 3, Không hài lòng 2,
//     Rất không hài lòng 1. On the 3-point scale of counter buttons (Rất hài lòng /
//     Hài lòng / Không hài lòng) they are Rất hài lòng 3, Hài lòng 2 (Bình thường 2 too),
//     Không hài lòng 1 (Rất không hài lòng 1 too).
//   - The scale comes from the file's "Thang điểm" column, else the mapping's default for
//     it, else 5 (SIPAS). A number above the scale is rejected, never rescaled.
//   - "Không ý kiến", "Không trả lời" and "-" in a questionnaire item mean the item was
//     not answered (an empty cell); as a single rating they are rejected.

// Reason codes of the rating parser.
const (
	CodeRating      = "rating_unreadable" // neither a number of the scale nor a known word
	CodeRatingRange = "rating_range"      // a number outside 1..scale
	CodeScale       = "scale"             // a scale other than 3 or 5
)

// ratingWords maps folded rating words to their point on the 5-point scale and on
// the 3-point scale.
var ratingWords = map[string][2]int64{
	"rat hai long":       {5, 3},
	"hai long":           {4, 2},
	"binh thuong":        {3, 2},
	"tam hai long":       {3, 2},
	"chap nhan duoc":     {3, 2},
	"khong hai long":     {2, 1},
	"chua hai long":      {2, 1},
	"rat khong hai long": {1, 1},
	"very satisfied":     {5, 3},
	"satisfied":          {4, 2},
	"neutral":            {3, 2},
	"not satisfied":      {2, 1},
	"dissatisfied":       {2, 1},
	"unsatisfied":        {2, 1},
	"very dissatisfied":  {1, 1},
	"very unsatisfied":   {1, 1},
}

// noOpinion are the folded words of a questionnaire item left unanswered.
var noOpinion = map[string]bool{"khong y kien": true, "khong tra loi": true, "khong co y kien": true, "n a": true, "na": true}

// ParseRating reads a satisfaction rating on a scale of 3 or 5 points (0: not known,
// read as 5): a whole number 1..scale, or the words of the scale (see the package's
// rating decisions). The error, a *ValueError, lists what is accepted.
func ParseRating(s string, scale int) (int64, error) {
	if scale == 0 {
		scale = 5
	}
	if scale != 3 && scale != 5 {
		return 0, badScale(strconv.Itoa(scale))
	}
	t := trimCell(s)
	if t == "" {
		return 0, emptyValue()
	}
	if w, ok := ratingWords[Fold(t)]; ok {
		if scale == 3 {
			return w[1], nil
		}
		return w[0], nil
	}
	n, err := ParseInt(t)
	if err != nil {
		q := quoteValue(CleanText(s))
		return 0, newValueError(CodeRating,
			fmt.Sprintf("Không hiểu mức đánh giá %s; dùng số từ 1 đến %d hoặc: Rất hài lòng, Hài lòng, Bình thường, Không hài lòng, Rất không hài lòng", q, scale),
			fmt.Sprintf("cannot read rating %s; use a number from 1 to %d or: Rất hài lòng, Hài lòng, Bình thường, Không hài lòng, Rất không hài lòng (very satisfied … very dissatisfied)", q, scale))
	}
	if n < 1 || n > int64(scale) {
		return 0, newValueError(CodeRatingRange,
			fmt.Sprintf("Mức đánh giá %d nằm ngoài thang %d điểm (1–%d)", n, scale, scale),
			fmt.Sprintf("rating %d is outside the %d-point scale (1–%d)", n, scale, scale))
	}
	return n, nil
}

func badScale(s string) *ValueError {
	q := quoteValue(s)
	return newValueError(CodeScale,
		fmt.Sprintf("Thang điểm %s không hợp lệ; chỉ nhận thang 3 hoặc 5 điểm", q),
		fmt.Sprintf("scale %s is not valid; only 3-point and 5-point scales are accepted", q))
}
