package reports

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// indexLabels are the words of the index workbook (congvu index). They join the
// labels table at start-up, so Lang.text finds them like any other.
var indexLabels = map[label]struct{ vi, en string }{
	"sheet.index":            {"Xếp hạng chỉ số", "Index ranking"},
	"sheet.index_components": {"Chỉ số thành phần", "Components"},
	"sheet.index_method":     {"Phương pháp", "Method"},

	"col.index_rank":     {"Hạng", "Rank"},
	"col.total":          {"Điểm tổng hợp", "Total"},
	"col.published":      {"Điểm công bố", "Published total"},
	"col.diff":           {"Chênh lệch", "Difference"},
	"col.published_rank": {"Hạng công bố", "Published rank"},
	"col.median_rank":    {"Hạng trung vị (mô phỏng)", "Median rank (simulated)"},
	"col.rank_lo":        {"Hạng tốt nhất của khoảng", "Rank interval, best"},
	"col.rank_hi":        {"Hạng kém nhất của khoảng", "Rank interval, worst"},
	"col.coverage":       {"Tỷ trọng có dữ liệu", "Weight covered"},
	"col.flag":           {"Ghi chú", "Flag"},
	"col.component":      {"Chỉ số thành phần", "Component"},
	"col.raw":            {"Giá trị gốc", "Value"},
	"col.normalised":     {"Giá trị chuẩn hoá", "Normalised"},
	"col.weight":         {"Trọng số", "Weight"},
	"col.direction":      {"Chiều", "Direction"},
	"col.method":         {"Cách chuẩn hoá", "Normalisation"},

	"index.title":       {"congvu — Chỉ số tổng hợp", "congvu — Composite index"},
	"index.name":        {"Phương pháp", "Method"},
	"index.source":      {"Nguồn", "Source"},
	"index.method_file": {"Tệp phương pháp", "Method file"},
	"index.input":       {"Tệp dữ liệu", "Input file"},
	"index.units":       {"Số đơn vị", "Units"},
	"index.aggregation": {"Cách tổng hợp", "Aggregation"},
	"index.scale":       {"Hệ số nhân", "Scale"},
	"index.missing":     {"Khi thiếu thành phần", "Missing components"},
	"index.mc":          {"Mô phỏng Monte Carlo (khoảng hạng)", "Monte Carlo (rank intervals)"},
	"index.mc_none":     {"Không chạy", "Not run"},
	"index.mc_params": {"%d lần, hạt giống %d, trọng số ±%.0f%%, sai số mẫu: %t, %d phương án khác, khoảng %.0f–%.0f%%",
		"%d draws, seed %d, weights ±%.0f%%, sampling error: %t, %d alternatives, interval %.0f–%.0f%%"},
	"index.check":      {"Đối chiếu với số công bố", "Check against published figures"},
	"index.check_line": {"%d/%d điểm tổng hợp lệch không quá %g (lớn nhất %.6f, %s); %d/%d hạng trùng khớp", "%d/%d totals within %g (largest difference %.6f, %s); %d/%d ranks match"},
	"index.formula": {
		"Điểm tổng hợp = hệ số nhân × Σ wⱼ·yⱼ ÷ Σ wⱼ (trung bình cộng có trọng số; trung bình nhân khi chọn) của các giá trị đã chuẩn hoá yⱼ. Hạng 1 là cao nhất; đồng điểm thì cùng hạng. Khoảng hạng: phân vị của hạng qua các lần mô phỏng với trọng số và giá trị rút ngẫu nhiên, hạt giống cố định nên chạy lại cho cùng kết quả.",
		"Total = scale × Σ wⱼ·yⱼ ÷ Σ wⱼ (weighted arithmetic mean; geometric when chosen) of the normalised values yⱼ. Rank 1 is the highest; equal totals share a rank. Rank interval: quantiles of the rank over Monte Carlo draws of weights and values, with a fixed seed so a rerun gives the same result.",
	},
	"flag.reweighted": {"Thiếu thành phần, đã chia lại trọng số", "Missing component, re-weighted"},
	"flag.not_scored": {"Không tính điểm (thiếu thành phần)", "Not scored (missing component)"},
}

func init() {
	for k, v := range indexLabels {
		if _, dup := labels[k]; dup {
			panic(fmt.Sprintf("reports: label %q defined twice", k))
		}
		labels[k] = v
	}
}

// IndexReport is a composite index as the index workbook shows it. The engine
// fills it from the metrics' result; WriteIndex and WriteIndexCSV write it.
type IndexReport struct {
	Name, Source, MethodFile, Input string
	Aggregation, Missing            string
	Scale                           float64
	Components                      []IndexComponent
	Rows                            []IndexRow // in rank order, unscored last
	MonteCarlo                      *IndexMonteCarlo
	Check                           *IndexCheck
}

// IndexComponent is one component of an index.
type IndexComponent struct {
	ID            string
	Weight        float64
	Direction     string
	Normalisation string // described in one line, e.g. "minmax → 1–10"
}

// IndexRow is one unit of an index. NaN and 0 mark figures that are absent.
type IndexRow struct {
	Unit                       string
	Rank                       int
	Total                      float64
	Published                  float64
	PublishedRank              int
	MedianRank, RankLo, RankHi float64
	Coverage                   float64
	Flag                       string    // "" | "reweighted" | "not_scored"
	Raw, Normalised            []float64 // per component
}

// IndexMonteCarlo is the parameters of the rank intervals.
type IndexMonteCarlo struct {
	Draws        int
	Seed         uint64
	WeightJitter float64
	Sampling     bool
	Alternatives int
	Lo, Hi       float64
}

// IndexCheck is the comparison with published figures.
type IndexCheck struct {
	Tolerance                   float64
	Compared, Within            int
	MaxAbsDiff                  float64
	WorstUnit                   string
	RanksCompared, RanksMatched int
}

func intOrNil(v int) any {
	if v == 0 {
		return nil
	}
	return v
}

func (w *workbook) flag(f string) string {
	switch f {
	case "reweighted":
		return w.text("flag.reweighted")
	case "not_scored":
		return w.text("flag.not_scored")
	}
	return f
}

// WriteIndex writes the workbook of an index (congvu index) to path atomically:
// the ranking, the components of every unit, and the method with its parameters.
// input names the table it was computed from.
func WriteIndex(path string, r *IndexReport, opt Options) (err error) {
	if r == nil {
		return errors.New("reports: nil index result")
	}
	lang, err := opt.lang()
	if err != nil {
		return err
	}
	w, err := newWorkbook(lang)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	defer func() { err = errors.Join(err, w.close()) }()
	if err := writeIndexRanking(w, r); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := writeIndexComponents(w, r); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := writeIndexMethod(w, r); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return w.save(path)
}

func writeIndexRanking(w *workbook, r *IndexReport) error {
	cols := []column{
		{"col.index_rank", 7, kindID}, {"col.unit", 24, kindText}, {"col.total", 12, kindNumber},
		{"col.published", 12, kindNumber}, {"col.diff", 11, kindNumber}, {"col.published_rank", 10, kindID},
		{"col.median_rank", 12, kindNumber}, {"col.rank_lo", 12, kindNumber}, {"col.rank_hi", 12, kindNumber},
		{"col.coverage", 10, kindPercent}, {"col.flag", 30, kindText},
	}
	t, err := w.newTable("sheet.index", cols, len(r.Rows))
	if err != nil {
		return err
	}
	for _, row := range r.Rows {
		if err := t.add(intOrNil(row.Rank), row.Unit, num(row.Total), num(row.Published), num(row.Total-row.Published), intOrNil(row.PublishedRank),
			num(row.MedianRank), num(row.RankLo), num(row.RankHi), row.Coverage, w.flag(row.Flag)); err != nil {
			return err
		}
	}
	return t.close()
}

func writeIndexComponents(w *workbook, r *IndexReport) error {
	cols := []column{
		{"col.unit", 24, kindText}, {"col.component", 16, kindText}, {"col.raw", 12, kindNumber},
		{"col.normalised", 12, kindNumber}, {"col.weight", 9, kindNumber},
	}
	t, err := w.newTable("sheet.index_components", cols, len(r.Rows)*len(r.Components))
	if err != nil {
		return err
	}
	for _, row := range r.Rows {
		for j, c := range r.Components {
			if err := t.add(row.Unit, c.ID, num(row.Raw[j]), num(row.Normalised[j]), c.Weight); err != nil {
				return err
			}
		}
	}
	return t.close()
}

func writeIndexMethod(w *workbook, r *IndexReport) error {
	s, err := w.newSheet("sheet.index_method", 32, 14, 12, 14, 40)
	if err != nil {
		return err
	}
	line := func(key label, v any, k kind) error {
		lc, err := w.cell(kindText, w.bold, w.text(key))
		if err != nil {
			return err
		}
		vc, err := w.cell(k, 0, v)
		if err != nil {
			return err
		}
		return s.put(lc, vc)
	}
	title, _ := w.cell(kindText, w.title, w.text("index.title"))
	if err := s.put(title); err != nil {
		return err
	}
	for _, l := range []struct {
		key label
		v   any
		k   kind
	}{
		{"index.name", r.Name, kindText}, {"index.source", r.Source, kindText}, {"index.method_file", r.MethodFile, kindText},
		{"index.input", r.Input, kindText}, {"index.units", len(r.Rows), kindCount},
		{"index.aggregation", r.Aggregation, kindText}, {"index.scale", r.Scale, kindNumber}, {"index.missing", r.Missing, kindText},
	} {
		if err := line(l.key, l.v, l.k); err != nil {
			return err
		}
	}
	mc := w.text("index.mc_none")
	if o := r.MonteCarlo; o != nil {
		mc = w.textf("index.mc_params", o.Draws, o.Seed, 100*o.WeightJitter, o.Sampling, o.Alternatives, 100*o.Lo, 100*o.Hi)
	}
	if err := line("index.mc", mc, kindText); err != nil {
		return err
	}
	if c := r.Check; c != nil {
		txt := w.textf("index.check_line", c.Within, c.Compared, c.Tolerance, c.MaxAbsDiff, c.WorstUnit, c.RanksMatched, c.RanksCompared)
		if err := line("index.check", txt, kindText); err != nil {
			return err
		}
	}
	if err := s.put(); err != nil {
		return err
	}
	head := []any{}
	for _, h := range []label{"col.component", "col.weight", "col.direction", "col.method"} {
		c, _ := w.cell(kindText, w.header, w.text(h))
		head = append(head, c)
	}
	if err := s.put(head...); err != nil {
		return err
	}
	for _, c := range r.Components {
		id, _ := w.cell(kindText, 0, c.ID)
		wt, _ := w.cell(kindNumber, 0, c.Weight)
		dir, _ := w.cell(kindText, 0, c.Direction)
		nm, _ := w.cell(kindText, 0, c.Normalisation)
		if err := s.put(id, wt, dir, nm); err != nil {
			return err
		}
	}
	if err := s.put(); err != nil {
		return err
	}
	if err := s.paragraph(w.text("index.formula"), 5, 5); err != nil {
		return err
	}
	return s.close()
}

// WriteIndexCSV writes the ranking of an index as CSV (UTF-8 with a BOM, so
// Excel reads the Vietnamese names), atomically, with a column per component's
// normalised value.
func WriteIndexCSV(path string, r *IndexReport, opt Options) (err error) {
	if r == nil {
		return errors.New("reports: nil index result")
	}
	lang, err := opt.lang()
	if err != nil {
		return err
	}
	return writeAtomic(path, func(out io.Writer) error {
		if _, err = io.WriteString(out, "\uFEFF"); err != nil {
			return err
		}
		cw := csv.NewWriter(out)
		head := []string{}
		for _, h := range []label{"col.index_rank", "col.unit", "col.total", "col.published", "col.diff", "col.published_rank",
			"col.median_rank", "col.rank_lo", "col.rank_hi", "col.coverage", "col.flag"} {
			head = append(head, lang.text(h))
		}
		for _, c := range r.Components {
			head = append(head, c.ID)
		}
		if err = cw.Write(head); err != nil {
			return err
		}
		f := func(v float64) string {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return ""
			}
			return strconv.FormatFloat(v, 'g', 12, 64)
		}
		i0 := func(v int) string {
			if v == 0 {
				return ""
			}
			return strconv.Itoa(v)
		}
		for _, row := range r.Rows {
			rec := []string{i0(row.Rank), cleanText(row.Unit), f(row.Total), f(row.Published), f(row.Total - row.Published), i0(row.PublishedRank),
				f(row.MedianRank), f(row.RankLo), f(row.RankHi), f(row.Coverage), row.Flag}
			for _, y := range row.Normalised {
				rec = append(rec, f(y))
			}
			if err = cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		if err = cw.Error(); err != nil {
			return err
		}
		return nil
	})
}
