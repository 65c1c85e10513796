package reports

import (
	"bytes"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"congvu/metrics"
)

// funnelPNG draws one indicator's funnel plot: every unit (filled dots) and officer
// (small open dots) at its rate against its volume, the centre line, and the limits at
// the two levels (dashed for the first, solid for the second) by Wilson inversion
// (metrics.FunnelLimits). It returns the PNG bytes.
func funnelPNG(w *workbook, id string, pts []funnelPoint, centre float64, levels []float64) ([]byte, error) {
	p := plot.New()
	p.Title.Text = w.indicator(id)
	p.X.Label.Text = w.text("sc.chart.volume")
	p.Y.Label.Text = w.text("sc.chart.rate")
	var units, officers plotter.XYs
	maxN := int64(1)
	minRate := 1.0
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
			l, h := metrics.FunnelLimits(centre, n, z, 0)
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
		p.Legend.Add(w.text("sc.chart.centre"), c)
	}
	if len(officers) > 0 {
		s, err := plotter.NewScatter(officers)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Shape: draw.RingGlyph{}, Radius: vg.Points(1.8), Color: color.RGBA{B: 160, G: 90, A: 255}}
		p.Add(s)
		p.Legend.Add(w.text("sc.chart.off"), s)
	}
	if len(units) > 0 {
		s, err := plotter.NewScatter(units)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(3.5), Color: color.RGBA{R: 20, G: 20, B: 20, A: 255}}
		p.Add(s)
		p.Legend.Add(w.text("sc.chart.units"), s)
	}
	p.Legend.Top = false
	p.Legend.Left = true
	p.X.Min = 0
	p.Y.Min, p.Y.Max = math.Max(0, math.Min(minRate, centre)-0.05), 1.0
	wt, err := p.WriterTo(vg.Points(640), vg.Points(400), "png")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
