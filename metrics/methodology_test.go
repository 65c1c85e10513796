package metrics

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDefaultMethodology(t *testing.T) {
	m, err := LoadMethodology("")
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Timeliness.Compare; got.Value != "day" || got.Status != Official {
		t.Errorf("timeliness.compare = %+v, want day, official", got)
	}
	if got := m.Timeliness.MinCases; got.Value != 30 || got.Status != Default {
		t.Errorf("timeliness.min_cases = %+v, want 30, default", got)
	}
	if got := m.Funnel.Overdispersion; got.Value {
		t.Errorf("funnel.overdispersion on by default")
	}
	if got := m.Funnel.Levels.Value; !reflect.DeepEqual(got, []float64{0.95, 0.998}) {
		t.Errorf("funnel.levels = %v", got)
	}
	for _, tc := range []struct{ family, date, want string }{
		{"one_stop", "2025-06-30", "nd61-2018"},
		{"one_stop", "2025-07-01", "nd118-2025"},
		{"officer_grading", "2025-12-31", "nd90-2020"},
		{"officer_grading", "2026-01-01", "nd335-2025"},
	} {
		r, err := m.RuleSetAt(tc.family, day(tc.date))
		if err != nil || r.ID != tc.want {
			t.Errorf("RuleSetAt(%s, %s) = %v, %v; want %s", tc.family, tc.date, r, err, tc.want)
		}
	}
	if _, err := m.RuleSetAt("one_stop", day("2010-01-01")); err == nil {
		t.Errorf("a rule set in force in 2010")
	}
	g, err := m.GradingAt(day("2026-03-01"))
	if err != nil {
		t.Fatal(err)
	}
	for score, want := range map[float64]string{95: GradeExcellent, 90: GradeExcellent, 89.99: GradeGood, 70: GradeGood, 50: GradeDone, 49.9: GradeNotDone} {
		if got := g.Grade(score); got != want {
			t.Errorf("Grade(%v) = %s, want %s", score, got, want)
		}
	}
	// Every value of the default says its status and its source.
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		if p, ok := v.Interface().(interface{ meta() (Status, string, int) }); ok {
			st, _, _ := p.meta()
			src := v.FieldByName("Source").String()
			if st == "" || src == "" {
				t.Errorf("%s: status %q source %q", path, st, src)
			}
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if f := v.Type().Field(i); f.IsExported() && f.Name != "RuleSet" {
					walk(path+"."+f.Name, v.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(path, v.Index(i))
			}
		}
	}
	m.OfficerGrading[0].LatePenalty.Source = "n/a" // 90/2020 has no late penalty
	m.OfficerGrading[0].LatePenalty.Status = Default
	for i := range m.PCI.SubIndices {
		m.PCI.SubIndices[i].Weight.Source = "checked below"
	}
	for i := range m.PAR.Criteria {
		m.PAR.Criteria[i].Bands.Source, m.PAR.Criteria[i].Bands.Status = "linear", Default
	}
	for _, p := range []*Points766{&m.QD766.Progress, &m.QD766.Satisfaction} {
		p.Bands.Source, p.Bands.Status = "linear", Default
	}
	walk("$", reflect.ValueOf(*m))
}

func TestMethodologyOverride(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.yaml")
	if err := os.WriteFile(path, []byte("timeliness:\n  min_cases: 50\nmonte_carlo:\n  seed: {value: 7, status: default, source: mine}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := LoadMethodology(path)
	if err != nil {
		t.Fatal(err)
	}
	if m.Timeliness.MinCases.Source != "set in "+path {
		t.Errorf("min_cases source %q", m.Timeliness.MinCases.Source)
	}
	if m.Timeliness.MinCases.Value != 50 || m.Timeliness.MinCases.Status != Default {
		t.Errorf("min_cases = %+v, want 50 default", m.Timeliness.MinCases)
	}
	if m.Timeliness.Compare.Value != "day" || m.Timeliness.Compare.Status != Official {
		t.Errorf("compare lost its default: %+v", m.Timeliness.Compare)
	}
	if m.MonteCarlo.Seed.Value != 7 || m.MonteCarlo.Draws.Value != 1000 {
		t.Errorf("monte_carlo = %+v", m.MonteCarlo)
	}
	if want := []string{DefaultMethodologyFile, path}; !reflect.DeepEqual(m.Files, want) {
		t.Errorf("files = %q, want %q", m.Files, want)
	}

	// The merged result printed and read back alone gives the same methodology.
	out, err := MarshalMethodology(m)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseMethodology("merged.yaml", append([]byte("extends: none\n"), out...))
	if err != nil {
		t.Fatalf("merged file does not load: %v\n%s", err, out)
	}
	out2, err := MarshalMethodology(again)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(out2) {
		t.Errorf("merged file does not round-trip")
	}
	if again.Timeliness.MinCases.Value != 50 || !again.OneStop[1].From.Equal(day("2025-07-01")) {
		t.Errorf("round trip lost values")
	}
}

func TestMethodologyErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"weights do not sum", "officer_score:\n  weights:\n    value: {on_time_rate: 0.5, apology_rate: 0.2, conduct_rate: 0.2}\n",
			"u.yaml:3: officer_score.weights.value: weights sum to 0.9, want 1"},
		{"weights do not sum, bare", "officer_score:\n  weights: {on_time_rate: 0.5, apology_rate: 0.2}\n",
			"u.yaml:2: officer_score.weights.value: weights sum to 0.7, want 1"},
		{"unknown indicator", "officer_score:\n  weights:\n    on_time_rate: 0.5\n    speed: 0.5\n",
			`u.yaml:4: officer_score.weights.value.speed: unknown indicator "speed"`},
		{"unknown indicator in pci", "pci:\n  sub_indices:\n    - {indicator: on_time_rate, weight: 50, direction: positive}\n    - {indicator: wait_time, weight: 50, direction: negative}\n",
			`u.yaml:4: pci.sub_indices[1].indicator: unknown indicator "wait_time"`},
		{"pci weights", "pci:\n  sub_indices:\n    - {indicator: on_time_rate, weight: 50, direction: positive}\n",
			"u.yaml:2: pci.sub_indices: weights sum to 50, want 100"},
		{"overlapping dates", "officer_grading:\n  - id: a\n    from: 2020-01-01\n    to: 2026-01-01\n    status: official\n    scale: levels\n    bands: [{grade: tot, min: 50}, {grade: khong_hoan_thanh, min: 0}]\n  - id: b\n    from: 2026-01-01\n    status: official\n    scale: points\n    bands: [{grade: tot, min: 50}, {grade: khong_hoan_thanh, min: 0}]\n",
			`u.yaml:9: officer_grading[1].from: rule set "b" (from 2026-01-01) overlaps "a" (to 2026-01-01)`},
		{"to before from", "one_stop:\n  - id: a\n    from: 2020-01-01\n    to: 2019-01-01\n    status: official\n    apology_deadline: due_date\n    reappointments: 1\n",
			"u.yaml:4: one_stop[0].to: 2019-01-01 is before from 2020-01-01"},
		{"bad enum", "timeliness:\n  compare: hour\n", `u.yaml:2: timeliness.compare: unknown value "hour": want day or instant`},
		{"bad status", "timeliness:\n  compare: {value: day, status: offical}\n", `u.yaml:2: timeliness.compare.status: unknown status "offical"`},
		{"bad grade", "officer_grading:\n  - id: a\n    from: 2020-01-01\n    status: official\n    scale: points\n    bands:\n      - {grade: gioi, min: 50}\n      - {grade: khong_hoan_thanh, min: 0}\n",
			`u.yaml:7: officer_grading[0].bands.value[0].grade: unknown grade "gioi"`},
		{"bands overlap", "officer_grading:\n  - id: a\n    from: 2020-01-01\n    status: official\n    scale: points\n    bands:\n      - {grade: tot, min: 50}\n      - {grade: hoan_thanh, min: 60}\n      - {grade: khong_hoan_thanh, min: 0}\n",
			"u.yaml:8: officer_grading[0].bands.value[1].min: bands overlap: 60 is not below 50"},
		{"unknown key", "timeliness:\n  compare: day\n  rounding: up\n", `u.yaml:3: timeliness.rounding: unknown field "rounding"`},
		{"bad date", "one_stop:\n  - id: x\n    from: 2025-02-30\n", `u.yaml:3: one_stop[0].from: date "2025-02-30": want YYYY-MM-DD`},
		{"wrong type", "monte_carlo:\n  draws: many\n", "u.yaml:2: monte_carlo.draws: cannot unmarshal"},
		{"unknown incident type", "conduct:\n  type_weights: {phone: 1, gaming: 2}\n", `u.yaml:2: conduct.type_weights.value.gaming: unknown incident type "gaming"`},
		{"bad extends", "extends: mine\n", `u.yaml:1: extends: unknown value "mine"`},
		{"funnel levels fall", "funnel:\n  levels: [0.998, 0.95]\n", "u.yaml:2: funnel.levels: the levels must rise: 0.998, then 0.95"},
		{"one funnel level", "funnel:\n  levels: [0.95]\n", "u.yaml:2: funnel.levels: want two levels"},
		{"extends none, incomplete", "extends: none\nversion: 1\n", "u.yaml:0: one_stop: no rule set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseMethodology("u.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			if !errors.Is(err, ErrMethodology) {
				t.Errorf("error %v does not match ErrMethodology", err)
			}
			var me *MethodologyError
			if !errors.As(err, &me) {
				t.Errorf("error %T is not a MethodologyError", err)
			}
			found := false
			for _, line := range strings.Split(err.Error(), "\n") {
				if strings.HasPrefix(line, tc.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("error\n%v\nhas no line starting %q", err, tc.want)
			}
		})
	}
}
