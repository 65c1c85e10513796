package reports

import (
	"bytes"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"congvu/metrics"
)

// unitsTau2 is the over-dispersion τ² the units' limits were widened by (0: none): the
// lines of a chart are the units' limits; officers are judged against their own τ² (the
// outliers sheet prints each figure's limits).
func unitsTau2(pts []funnelPoint) float64 {
	for _, pt := range pts {
		if pt.level == "unit" && pt.f.N > 0 {
			return pt.f.FunnelTau2
		}
	}
	return 0
}

// funnelPNG draws one indicator's funnel plot: every unit (filled dots) and officer
// (small open dots) at its rate against its volume, the centre line, and the limits at
// the two levels (dashed for the first, solid for the second) by Wilson inversion
// (metrics.FunnelLimits). The volume axis has a few round whole-number ticks, the rate
// axis whole percents, and the legend sits outside the plot area, to its right. It
// returns the PNG bytes.
func funnelPNG(w *workbook, id string, pts []funnelPoint, centre float64, levels []float64) ([]byte, error) {
	p := plot.New()
	p.Title.Text = w.indicator(id)
	p.X.Label.Text = w.text("sc.chart.volume")
	p.Y.Label.Text = w.text("sc.chart.rate")
	legend := plot.NewLegend()
	legend.Top, legend.Left = true, true
	var units, officers plotter.XYs
	maxN := int64(1)
	minRate := 1.0
	tau2 := unitsTau2(pts)
	for _, pt := range pts {
		xy := plotter.XY{X: float64(pt.f.N), Y: pt.f.Raw}
		if pt.level == "unit" {
			units = append(units, xy)
		} else {
			officers = append(officers, xy)
		}
		maxN = max(maxN, pt.f.N)
		minRate = math.Min(minRate, pt.f.Raw)
	}
	// The limits on a grid of volumes from 1 to the largest.
	const steps = 200
	red, grey := color.RGBA{R: 200, A: 255}, color.RGBA{R: 120, G: 120, B: 120, A: 255}
	for li, level := range levels {
		z := metrics.ZForLevel(level)
		lo, hi := make(plotter.XYs, 0, steps), make(plotter.XYs, 0, steps)
		for s := 0; s <= steps; s++ {
			n := int64(math.Round(math.Pow(float64(maxN)*1.05, float64(s)/steps)))
			if n < 1 {
				n = 1
			}
			l, h := metrics.FunnelLimits(centre, n, z, tau2)
			lo, hi = append(lo, plotter.XY{X: float64(n), Y: l}), append(hi, plotter.XY{X: float64(n), Y: h})
		}
		for _, xys := range []plotter.XYs{lo, hi} {
			line, err := plotter.NewLine(xys)
			if err != nil {
				return nil, err
			}
			line.LineStyle.Color = red
			line.LineStyle.Width = vg.Points(1)
			if li == 0 {
				line.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			}
			p.Add(line)
		}
	}
	if !math.IsNaN(centre) {
		c, err := plotter.NewLine(plotter.XYs{{X: 1, Y: centre}, {X: float64(maxN) * 1.05, Y: centre}})
		if err != nil {
			return nil, err
		}
		c.LineStyle.Color = grey
		p.Add(c)
		legend.Add(w.text("sc.chart.centre"), c)
	}
	if len(officers) > 0 {
		s, err := plotter.NewScatter(officers)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Shape: draw.RingGlyph{}, Radius: vg.Points(1.8), Color: color.RGBA{B: 160, G: 90, A: 255}}
		p.Add(s)
		legend.Add(w.text("sc.chart.off"), s)
	}
	if len(units) > 0 {
		s, err := plotter.NewScatter(units)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(3.5), Color: color.RGBA{R: 20, G: 20, B: 20, A: 255}}
		p.Add(s)
		legend.Add(w.text("sc.chart.units"), s)
	}
	p.X.Min = 0
	p.X.Tick.Marker = volumeTicks(w.lang)
	p.Y.Min, p.Y.Max = math.Max(0, math.Min(minRate, centre)-0.05), 1.0
	p.Y.Tick.Marker = rateTicks(w.lang)
	return drawWithLegend(p, legend, vg.Points(640), vg.Points(400))
}

// drawWithLegend draws p in a w × h PNG with legend in a column to the right of the
// plot area, level with its top, where it cannot hide a point or a limit.
func drawWithLegend(p *plot.Plot, legend plot.Legend, w, h vg.Length) ([]byte, error) {
	c, err := draw.NewFormattedCanvas(w, h, "png")
	if err != nil {
		return nil, err
	}
	dc := draw.New(c)
	gap := vg.Points(10)
	lw := legend.Rectangle(dc).Size().X + 2*gap
	p.Draw(draw.Crop(dc, 0, -lw, 0, 0))
	// Level with the top of the data area: below the title.
	top := p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding
	legend.Draw(draw.Crop(dc, w-lw+gap, 0, 0, -top))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// volumeTicks marks the volume axis at a few round whole numbers (a step of 1, 2 or 5
// times a power of ten, at most six steps from 0), labelled with the thousands
// separator of l: "2.500" in Vietnamese, "2,500" in English, never "2500.00".
func volumeTicks(l Lang) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		step := niceStep(hi - lo)
		var ticks []plot.Tick
		for v := math.Ceil(lo/step) * step; v <= hi+step*1e-9; v += step {
			ticks = append(ticks, plot.Tick{Value: v, Label: l.count(int64(math.Round(v)))})
		}
		return ticks
	})
}

// niceStep is the smallest of 1, 2, 5, 10, 20, 50 … that cuts span into at most six steps.
func niceStep(span float64) float64 {
	for mag := 1.0; ; mag *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if step := m * mag; span/step <= 6 || math.IsInf(step, 0) {
				return step
			}
		}
	}
}

// rateTicks marks the rate axis every 5, 10 or 20 percentage points, labelled as whole
// percents in the manner of l ("80 %" in Vietnamese, "80%" in English).
func rateTicks(l Lang) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		step := 0.05
		for _, s := range []float64{0.05, 0.1, 0.2} {
			if step = s; (hi-lo)/s <= 8 {
				break
			}
		}
		var ticks []plot.Tick
		for i := math.Ceil(lo/step - 1e-9); i*step <= hi+1e-9; i++ {
			pct := int64(math.Round(i * step * 100))
			label := strconv.FormatInt(pct, 10) + " %"
			if l == English {
				label = strconv.FormatInt(pct, 10) + "%"
			}
			ticks = append(ticks, plot.Tick{Value: i * step, Label: label})
		}
		return ticks
	})
}
