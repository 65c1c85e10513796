package metrics

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

//go:embed methodology.yaml
var defaultMethodology []byte

// DefaultMethodologyFile is the name errors give the embedded default.
const DefaultMethodologyFile = "methodology.yaml (embedded)"

// DefaultMethodologyYAML returns the embedded default methodology file, comments and all.
func DefaultMethodologyYAML() []byte { return bytes.Clone(defaultMethodology) }

// ErrMethodology is the sentinel every methodology-file error matches with errors.Is.
var ErrMethodology = errors.New("metrics: invalid methodology")

// MethodologyError is one problem of a methodology file: the file, the line and
// the key (a dotted path such as officer_score.weights) it is at.
type MethodologyError struct {
	File string
	Line int // 0 when not known
	Key  string
	Msg  string
}

// Error gives the file, line and key, then what is wrong.
func (e *MethodologyError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Key, e.Msg)
}

// Is makes errors.Is(err, ErrMethodology) true.
func (e *MethodologyError) Is(target error) bool { return target == ErrMethodology }

// Status says whether a methodology value is an official rule or a configurable default.
type Status string

// The statuses of a value (METHODOLOGY.md's grades: [C] and [S] are official, [U] default).
const (
	Official Status = "official"
	Default  Status = "default"
)

// Param is one value of the methodology file with its status and source. In YAML it is
// written {value: …, status: …, source: …}, or as the bare value (status default).
type Param[T any] struct {
	Value  T
	Status Status
	Source string
	line   int
	path   string
	bare   bool // written as the bare value
}

type paramLong[T any] struct {
	Value  T      `yaml:"value"`
	Status Status `yaml:"status"`
	Source string `yaml:"source"`
}

// UnmarshalYAML reads the long or the bare form.
func (p *Param[T]) UnmarshalYAML(n ast.Node) error {
	*p = Param[T]{path: n.GetPath(), line: nodeLine(n)}
	if isLongParam(n) {
		var l paramLong[T]
		if err := yaml.NodeToValue(n, &l, yaml.Strict()); err != nil {
			return err
		}
		p.Value, p.Status, p.Source = l.Value, l.Status, l.Source
	} else if err := yaml.NodeToValue(n, &p.Value, yaml.Strict()); err != nil {
		return err
	} else {
		p.bare = true
	}
	if p.Status == "" {
		p.Status = Default
	}
	return nil
}

func (p Param[T]) meta() (Status, string, int) { return p.Status, p.path, p.line }

// MarshalYAML writes the long form.
func (p Param[T]) MarshalYAML() (any, error) {
	st := p.Status
	if st == "" { // a value the files do not set: the zero value, a default
		st = Default
	}
	return paramLong[T]{p.Value, st, p.Source}, nil
}

// isLongParam says whether n is a mapping with a value key and no keys but value,
// status and source.
func isLongParam(n ast.Node) bool {
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		return false
	}
	hasValue := false
	for _, v := range values {
		switch v.Key.String() {
		case "value":
			hasValue = true
		case "status", "source":
		default:
			return false
		}
	}
	return hasValue
}

// Date is a civil date of the methodology file, written YYYY-MM-DD.
type Date struct{ time.Time }

// UnmarshalYAML reads YYYY-MM-DD; an empty value is the zero date.
func (d *Date) UnmarshalYAML(n ast.Node) error {
	*d = Date{}
	if n == nil || n.Type() == ast.NullType {
		return nil
	}
	s := strings.Trim(strings.TrimSpace(n.String()), `"'`)
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return &nodeError{path: n.GetPath(), line: nodeLine(n), msg: fmt.Sprintf("date %q: want YYYY-MM-DD", s)}
	}
	d.Time = t
	return nil
}

// nodeError is an error of one of our UnmarshalYAML methods, with its place.
type nodeError struct {
	path string
	line int
	msg  string
}

func (e *nodeError) Error() string { return e.msg }

// MarshalYAML writes YYYY-MM-DD, or nothing for the zero date.
func (d Date) MarshalYAML() (any, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.Format(time.DateOnly), nil
}

// RuleSet is what every dated rule set carries: the dates it applies from and to
// (inclusive; a zero To is open-ended) and the text it follows.
type RuleSet struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name"`
	From   Date   `yaml:"from"`
	To     Date   `yaml:"to,omitempty"`
	Status Status `yaml:"status"`
}

// Covers says whether the civil date of t falls in the rule set's dates.
func (r RuleSet) Covers(t time.Time) bool {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return !d.Before(r.From.Time) && (r.To.IsZero() || !d.After(r.To.Time))
}

// OneStopRules is a rule set of the one-stop mechanism (Nghị định 61/2018, 118/2025).
type OneStopRules struct {
	RuleSet         `yaml:",inline"`
	ApologyDeadline Param[string] `yaml:"apology_deadline"` // due_date
	Reappointments  Param[int]    `yaml:"reappointments"`
}

// TimelinessRules hold how cases are judged early, on time or late.
type TimelinessRules struct {
	Compare  Param[string] `yaml:"compare"`   // day | instant
	MinCases Param[int]    `yaml:"min_cases"` // below it a rate is flagged small
}

// ConductRules hold how counter-camera incidents are weighed.
type ConductRules struct {
	VerifiedOnly    Param[bool]               `yaml:"verified_only"`
	PerWorkdays     Param[float64]            `yaml:"per_workdays"`
	SeverityWeights Param[map[string]float64] `yaml:"severity_weights"` // "1", "2", "3"
	TypeWeights     Param[map[string]float64] `yaml:"type_weights"`     // incident types
}

// SatisfactionRules hold which answers count as satisfied and the button-burst check.
type SatisfactionRules struct {
	Satisfied5    Param[[]int]  `yaml:"satisfied_5"`
	Satisfied3    Param[[]int]  `yaml:"satisfied_3"`
	Overall       Param[string] `yaml:"overall"` // mean_of_elements
	BurstPresses  Param[int]    `yaml:"burst_presses"`
	BurstSeconds  Param[int]    `yaml:"burst_seconds"`
	ExcludeBursts Param[bool]   `yaml:"exclude_bursts"`
}

// OfficerScore holds the officer composite: component weights (summing to 1) over
// indicators, and how missing components and small samples are handled.
type OfficerScore struct {
	Weights         Param[map[string]float64] `yaml:"weights"`
	ConductGoalpost Param[float64]            `yaml:"conduct_goalpost"`
	Missing         Param[string]             `yaml:"missing"` // reweight | flag
	MinCoverage     Param[float64]            `yaml:"min_coverage"`
	Shrink          Param[bool]               `yaml:"shrink"`
	Peers           Param[string]             `yaml:"peers"` // unit_kind | all
}

// GradeBand is a grade and the lowest score that earns it.
type GradeBand struct {
	Grade string  `yaml:"grade"`
	Min   float64 `yaml:"min"`
}

// The four grades of the civil-servant evaluation rules.
const (
	GradeExcellent = "xuat_sac"         // hoàn thành xuất sắc nhiệm vụ
	GradeGood      = "tot"              // hoàn thành tốt nhiệm vụ
	GradeDone      = "hoan_thanh"       // hoàn thành nhiệm vụ
	GradeNotDone   = "khong_hoan_thanh" // không hoàn thành nhiệm vụ
)

// GradingRules is a rule set of officer grading (Nghị định 90/2020, 335/2025).
type GradingRules struct {
	RuleSet      `yaml:",inline"`
	Scale        string             `yaml:"scale"` // levels | points
	Bands        Param[[]GradeBand] `yaml:"bands"` // highest first
	ExcellentCap Param[float64]     `yaml:"excellent_cap"`
	LatePenalty  Param[float64]     `yaml:"late_penalty"`
}

// Grade returns the band score falls in ("" for NaN).
func (g *GradingRules) Grade(score float64) string {
	if math.IsNaN(score) {
		return ""
	}
	for _, b := range g.Bands.Value {
		if score >= b.Min {
			return b.Grade
		}
	}
	return GradeNotDone
}

// PARCriterion maps one indicator to PAR-Index-style points.
type PARCriterion struct {
	Indicator string         `yaml:"indicator"`
	Area      string         `yaml:"area"`
	MaxPoints Param[float64] `yaml:"max_points"`
	Scale     Param[string]  `yaml:"scale"` // linear | banded
	Bands     Param[[]Band]  `yaml:"bands,omitempty"`
}

// PARIndex holds the PAR-Index-style criteria congvu's data support.
type PARIndex struct {
	Criteria   []PARCriterion  `yaml:"criteria"`
	NotCovered Param[[]string] `yaml:"not_covered"`
	Total      Param[string]   `yaml:"total"` // percent_of_max
}

// Points766 is one QĐ 766 group congvu computes.
type Points766 struct {
	MaxPoints Param[float64] `yaml:"max_points"`
	Scale     Param[string]  `yaml:"scale"` // linear | banded
	Bands     Param[[]Band]  `yaml:"bands,omitempty"`
}

// Service766 holds the QĐ 766/QĐ-TTg groups congvu computes.
type Service766 struct {
	Progress     Points766 `yaml:"progress"`
	Satisfaction Points766 `yaml:"satisfaction"`
}

// PCISubIndex is one sub-index of the PCI-style composite.
type PCISubIndex struct {
	Indicator string         `yaml:"indicator"`
	Weight    Param[float64] `yaml:"weight"`
	Direction Direction      `yaml:"direction"`
}

// PCIStyle holds the PCI-style composite of units: sub-indices normalised onto
// Low–High and weighted to Scale × High.
type PCIStyle struct {
	SubIndices []PCISubIndex  `yaml:"sub_indices"`
	Low        Param[float64] `yaml:"low"`
	High       Param[float64] `yaml:"high"`
	Normalise  Param[string]  `yaml:"normalise"`
	Scale      Param[float64] `yaml:"scale"`
}

// FunnelSettings holds the funnel-plot limits.
type FunnelSettings struct {
	Levels         Param[[]float64] `yaml:"levels"`
	Method         Param[string]    `yaml:"method"` // wilson_inversion
	Overdispersion Param[bool]      `yaml:"overdispersion"`
	Winsor         Param[float64]   `yaml:"winsor"`
}

// ShrinkageSettings holds the empirical-Bayes settings.
type ShrinkageSettings struct {
	Method Param[string]  `yaml:"method"` // moments | none
	Level  Param[float64] `yaml:"level"`
}

// MonteCarloSettings holds the uncertainty analysis of ranks.
type MonteCarloSettings struct {
	Draws        Param[int]       `yaml:"draws"`
	Seed         Param[uint64]    `yaml:"seed"`
	WeightJitter Param[float64]   `yaml:"weight_jitter"`
	Sampling     Param[bool]      `yaml:"sampling"`
	Interval     Param[[]float64] `yaml:"interval"`
}

// Methodology is the whole methodology file: the embedded default merged with a
// user's file. Load it with LoadMethodology.
type Methodology struct {
	Extends        string             `yaml:"extends,omitempty"` // default (the zero value) | none
	Version        int                `yaml:"version"`
	Timeliness     TimelinessRules    `yaml:"timeliness"`
	OneStop        []OneStopRules     `yaml:"one_stop"`
	Conduct        ConductRules       `yaml:"conduct"`
	Satisfaction   SatisfactionRules  `yaml:"satisfaction"`
	OfficerScore   OfficerScore       `yaml:"officer_score"`
	OfficerGrading []GradingRules     `yaml:"officer_grading"`
	PAR            PARIndex           `yaml:"par_index"`
	QD766          Service766         `yaml:"qd766"`
	PCI            PCIStyle           `yaml:"pci"`
	Funnel         FunnelSettings     `yaml:"funnel"`
	Shrinkage      ShrinkageSettings  `yaml:"shrinkage"`
	MonteCarlo     MonteCarloSettings `yaml:"monte_carlo"`

	// Files are the files read, in order: the embedded default (unless the user's
	// file says extends: none), then the user's file.
	Files []string `yaml:"-"`
}

// The indicators a methodology file may name.
const (
	IndicatorOnTime          = "on_time_rate"
	IndicatorApology         = "apology_rate"
	IndicatorSatisfaction    = "satisfaction_rate"
	IndicatorConduct         = "conduct_rate"
	IndicatorProgress766     = "progress_766"
	IndicatorSatisfaction766 = "satisfaction_766"
)

// Indicators lists the indicator ids a methodology file may name.
var Indicators = []string{IndicatorOnTime, IndicatorApology, IndicatorSatisfaction, IndicatorConduct,
	IndicatorProgress766, IndicatorSatisfaction766}

// LoadMethodology reads the methodology: the embedded default when path is "",
// else the default overridden key by key by the file at path (or replaced whole
// when the file says extends: none). Every error names the file, the line and the
// key, and matches ErrMethodology.
func LoadMethodology(path string) (*Methodology, error) {
	if path == "" {
		return ParseMethodology("", nil)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read methodology: %w", err)
	}
	return ParseMethodology(path, data)
}

// ParseMethodology is LoadMethodology on a user file's content (nil for none);
// path names it in messages.
func ParseMethodology(path string, data []byte) (*Methodology, error) {
	m := &Methodology{}
	var srcs []*yamlSource
	base := true
	if data != nil {
		var head struct {
			Extends string `yaml:"extends"`
		}
		_ = yaml.Unmarshal(data, &head)
		switch head.Extends {
		case "", "default":
		case "none":
			base = false
		default:
			src := newYAMLSource(path, data)
			return nil, src.errorAt("$.extends", "unknown value %q: want default or none", head.Extends)
		}
	}
	if base {
		srcs = append(srcs, newYAMLSource(DefaultMethodologyFile, defaultMethodology))
	}
	if data != nil {
		srcs = append(srcs, newYAMLSource(path, data))
	}
	for _, s := range srcs {
		if err := s.decode(m); err != nil {
			return nil, err
		}
		m.Files = append(m.Files, s.file)
		if s.file != DefaultMethodologyFile {
			fillSource(reflect.ValueOf(m).Elem(), "set in "+s.file)
		}
	}
	if err := m.validate(srcs); err != nil {
		return nil, err
	}
	return m, nil
}

// MarshalMethodology writes m as YAML (the merged values, with their status and source).
func MarshalMethodology(m *Methodology) ([]byte, error) {
	c := *m
	c.Extends = ""
	return yaml.MarshalWithOptions(&c, yaml.IndentSequence(true))
}

// RuleSetAt returns the rule set of family ("one_stop" or "officer_grading") in force on date.
func (m *Methodology) RuleSetAt(family string, date time.Time) (*RuleSet, error) {
	var sets []RuleSet
	switch family {
	case "one_stop":
		for _, r := range m.OneStop {
			sets = append(sets, r.RuleSet)
		}
	case "officer_grading":
		for _, r := range m.OfficerGrading {
			sets = append(sets, r.RuleSet)
		}
	default:
		return nil, fmt.Errorf("metrics: unknown rule-set family %q", family)
	}
	for i := range sets {
		if sets[i].Covers(date) {
			return &sets[i], nil
		}
	}
	return nil, fmt.Errorf("metrics: no %s rule set in force on %s", family, date.Format(time.DateOnly))
}

// OneStopAt returns the one-stop rule set in force on date.
func (m *Methodology) OneStopAt(date time.Time) (*OneStopRules, error) {
	for i := range m.OneStop {
		if m.OneStop[i].Covers(date) {
			return &m.OneStop[i], nil
		}
	}
	return nil, fmt.Errorf("metrics: no one_stop rule set in force on %s", date.Format(time.DateOnly))
}

// GradingAt returns the officer-grading rule set in force on date.
func (m *Methodology) GradingAt(date time.Time) (*GradingRules, error) {
	for i := range m.OfficerGrading {
		if m.OfficerGrading[i].Covers(date) {
			return &m.OfficerGrading[i], nil
		}
	}
	return nil, fmt.Errorf("metrics: no officer_grading rule set in force on %s", date.Format(time.DateOnly))
}

// yamlSource is one file of the methodology with the line of each key in it.
type yamlSource struct {
	file  string
	data  []byte
	lines map[string]int // "$.a.b[0].c" → line of the key
	byLn  map[int]string // line → deepest key on it
}

func newYAMLSource(file string, data []byte) *yamlSource {
	s := &yamlSource{file: file, data: data, lines: map[string]int{}, byLn: map[int]string{}}
	if f, err := parser.ParseBytes(data, 0); err == nil {
		for _, d := range f.Docs {
			s.walk("$", d.Body)
		}
	}
	return s
}

func (s *yamlSource) walk(path string, n ast.Node) {
	switch v := n.(type) {
	case *ast.MappingNode:
		for _, mv := range v.Values {
			s.walk(path, mv)
		}
	case *ast.MappingValueNode:
		p := path + "." + keyString(v.Key.String())
		ln := nodeLine(v.Key)
		s.lines[p] = ln
		if old, ok := s.byLn[ln]; !ok || len(p) > len(old) {
			s.byLn[ln] = p
		}
		s.walk(p, v.Value)
	case *ast.SequenceNode:
		for i, e := range v.Values {
			p := fmt.Sprintf("%s[%d]", path, i)
			ln := nodeLine(e)
			if _, ok := s.lines[p]; !ok {
				s.lines[p] = ln
			}
			s.walk(p, e)
		}
	case *ast.TagNode:
		s.walk(path, v.Value)
	case *ast.AnchorNode:
		s.walk(path, v.Value)
	}
}

func keyString(k string) string {
	k = strings.Trim(k, `"'`)
	for _, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return strconv.Quote(k)
		}
	}
	return k
}

func nodeLine(n ast.Node) int {
	if n == nil {
		return 0
	}
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line
	}
	return 0
}

// line returns the line of path in the file, or of its nearest ancestor present.
// A value written bare (weights: {a: 1}) has no "value" key, so a path through
// ".value" is also tried without it.
func (s *yamlSource) line(path string) (int, bool) {
	bare := strings.ReplaceAll(path, ".value", "")
	for _, q := range []string{path, bare} {
		if ln, ok := s.lines[q]; ok {
			return ln, true
		}
	}
	for p := parentPath(bare); p != "$" && p != ""; p = parentPath(p) {
		if ln, ok := s.lines[p]; ok {
			return ln, false
		}
	}
	return 0, false
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 0 {
		return "$"
	}
	return p[:i]
}

func displayKey(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, "$"), ".") }

func (s *yamlSource) errorAt(path, format string, args ...any) error {
	ln, _ := s.line(path)
	return &MethodologyError{File: s.file, Line: ln, Key: displayKey(path), Msg: fmt.Sprintf(format, args...)}
}

// decode decodes the file into m over what m holds, turning the YAML library's
// errors into MethodologyErrors.
func (s *yamlSource) decode(m *Methodology) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &MethodologyError{File: s.file, Key: "", Msg: fmt.Sprintf("not YAML congvu can read (%v)", r)}
		}
	}()
	err = yaml.UnmarshalWithOptions(s.data, m, yaml.Strict())
	if err == nil {
		return nil
	}
	var ne *nodeError
	if errors.As(err, &ne) {
		return &MethodologyError{File: s.file, Line: ne.line, Key: displayKey(ne.path), Msg: ne.msg}
	}
	var ye yaml.Error
	if errors.As(err, &ye) {
		ln := 0
		if t := ye.GetToken(); t != nil && t.Position != nil {
			ln = t.Position.Line
		}
		return &MethodologyError{File: s.file, Line: ln, Key: displayKey(s.byLn[ln]), Msg: ye.GetMessage()}
	}
	return &MethodologyError{File: s.file, Key: "", Msg: err.Error()}
}

// locate returns the file and line where the value at path was set: the last
// source that holds the path (or, failing that, its nearest ancestor).
func locate(srcs []*yamlSource, path string) (string, int) {
	for i := len(srcs) - 1; i >= 0; i-- {
		if ln, exact := srcs[i].line(path); exact {
			return srcs[i].file, ln
		}
	}
	for i := len(srcs) - 1; i >= 0; i-- {
		if ln, _ := srcs[i].line(path); ln > 0 {
			return srcs[i].file, ln
		}
	}
	if len(srcs) > 0 {
		return srcs[len(srcs)-1].file, 0
	}
	return "", 0
}

// checker collects validation problems.
type checker struct {
	srcs []*yamlSource
	errs []error
}

func (c *checker) bad(path, format string, args ...any) {
	file, ln := locate(c.srcs, path)
	c.errs = append(c.errs, &MethodologyError{File: file, Line: ln, Key: displayKey(path), Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) status(path string, s Status) {
	if s != Official && s != Default {
		c.bad(path+".status", "unknown status %q: want official or default", s)
	}
}

func (c *checker) enum(path string, p Param[string], allowed ...string) {
	if !slices.Contains(allowed, p.Value) {
		c.bad(path, "unknown value %q: want %s", p.Value, strings.Join(allowed, " or "))
	}
}

func (c *checker) positive(path string, v float64) {
	if !(v > 0) || math.IsInf(v, 0) {
		c.bad(path, "must be positive, got %v", v)
	}
}

func (c *checker) share(path string, v float64) {
	if !(v >= 0 && v <= 1) {
		c.bad(path, "must be between 0 and 1, got %v", v)
	}
}

func (c *checker) indicator(path, id string) {
	if !slices.Contains(Indicators, id) {
		c.bad(path, "unknown indicator %q: want one of %s", id, strings.Join(Indicators, ", "))
	}
}

func (c *checker) weights(path string, w map[string]float64, known []string, what string, sum float64) {
	if len(w) == 0 {
		c.bad(path, "no weights")
		return
	}
	total := 0.0
	for _, k := range slices.Sorted(mapKeys(w)) {
		if !slices.Contains(known, k) {
			c.bad(path+"."+keyString(k), "unknown %s %q: want one of %s", what, k, strings.Join(known, ", "))
		}
		if w[k] < 0 || math.IsNaN(w[k]) {
			c.bad(path+"."+keyString(k), "weight must not be negative, got %v", w[k])
		}
		total += w[k]
	}
	if sum > 0 && math.Abs(total-sum) > 1e-9*sum {
		c.bad(path, "weights sum to %v, want %v", total, sum)
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// ruleSets checks the dates of one family: each set has an id and a from date,
// to is not before from, and no two sets overlap.
func (c *checker) ruleSets(path string, sets []RuleSet) {
	type span struct {
		i int
		r RuleSet
	}
	var spans []span
	for i, r := range sets {
		p := fmt.Sprintf("%s[%d]", path, i)
		if r.ID == "" {
			c.bad(p, "missing id")
		}
		c.status(p, r.Status)
		if r.From.IsZero() {
			c.bad(p+".from", "missing the date the rule set applies from")
			continue
		}
		if !r.To.IsZero() && r.To.Before(r.From.Time) {
			c.bad(p+".to", "%s is before from %s", r.To.Format(time.DateOnly), r.From.Format(time.DateOnly))
			continue
		}
		spans = append(spans, span{i, r})
	}
	sort.SliceStable(spans, func(a, b int) bool { return spans[a].r.From.Before(spans[b].r.From.Time) })
	for k := 1; k < len(spans); k++ {
		prev, cur := spans[k-1], spans[k]
		if prev.r.To.IsZero() || !prev.r.To.Before(cur.r.From.Time) {
			to := "open end"
			if !prev.r.To.IsZero() {
				to = prev.r.To.Format(time.DateOnly)
			}
			c.bad(fmt.Sprintf("%s[%d].from", path, cur.i), "rule set %q (from %s) overlaps %q (to %s)",
				cur.r.ID, cur.r.From.Format(time.DateOnly), prev.r.ID, to)
		}
	}
}

func (c *checker) bands(path string, p Param[[]Band]) {
	if len(p.Value) == 0 {
		c.bad(path, "banded scale with no bands")
	}
	for i := 1; i < len(p.Value); i++ {
		if p.Value[i].At == p.Value[i-1].At {
			c.bad(fmt.Sprintf("%s.value[%d].at", path, i), "two bands at %v", p.Value[i].At)
		}
	}
}

// fillSource gives every Param of v written bare, with no source, the source src.
func fillSource(v reflect.Value, src string) {
	if _, ok := v.Interface().(interface{ meta() (Status, string, int) }); ok {
		if f := v.FieldByName("Source"); f.String() == "" && v.FieldByName("bare").Bool() {
			f.SetString(src)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fillSource(v.Field(i), src)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			fillSource(v.Index(i), src)
		}
	}
}

// statuses checks the status of every Param in v.
func (c *checker) statuses(v reflect.Value) {
	if p, ok := v.Interface().(interface{ meta() (Status, string, int) }); ok {
		if st, path, _ := p.meta(); st != Official && st != Default && path != "" {
			c.bad(path+".status", "unknown status %q: want official or default", st)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				c.statuses(v.Field(i))
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			c.statuses(v.Index(i))
		}
	}
}

func (m *Methodology) validate(srcs []*yamlSource) error {
	c := &checker{srcs: srcs}
	c.statuses(reflect.ValueOf(*m))
	if m.Version != 1 {
		c.bad("$.version", "unknown version %d: want 1", m.Version)
	}
	c.enum("$.timeliness.compare", m.Timeliness.Compare, "day", "instant")
	if m.Timeliness.MinCases.Value < 1 {
		c.bad("$.timeliness.min_cases", "must be at least 1, got %d", m.Timeliness.MinCases.Value)
	}

	var sets []RuleSet
	for i, r := range m.OneStop {
		sets = append(sets, r.RuleSet)
		p := fmt.Sprintf("$.one_stop[%d]", i)
		c.enum(p+".apology_deadline", r.ApologyDeadline, "due_date")
		if r.Reappointments.Value < 0 {
			c.bad(p+".reappointments", "must not be negative")
		}
	}
	if len(m.OneStop) == 0 {
		c.bad("$.one_stop", "no rule set")
	}
	c.ruleSets("$.one_stop", sets)

	c.positive("$.conduct.per_workdays", m.Conduct.PerWorkdays.Value)
	c.weights("$.conduct.severity_weights.value", m.Conduct.SeverityWeights.Value, []string{"1", "2", "3"}, "severity", 0)
	c.weights("$.conduct.type_weights.value", m.Conduct.TypeWeights.Value, IncidentTypes, "incident type", 0)
	for _, p := range []struct {
		path   string
		v      []int
		points int
	}{{"$.satisfaction.satisfied_5", m.Satisfaction.Satisfied5.Value, 5}, {"$.satisfaction.satisfied_3", m.Satisfaction.Satisfied3.Value, 3}} {
		if len(p.v) == 0 {
			c.bad(p.path, "no level counts as satisfied")
		}
		for _, v := range p.v {
			if v < 1 || v > p.points {
				c.bad(p.path, "level %d is not on a %d-point scale", v, p.points)
			}
		}
	}
	c.enum("$.satisfaction.overall", m.Satisfaction.Overall, "mean_of_elements")
	if m.Satisfaction.BurstPresses.Value < 2 {
		c.bad("$.satisfaction.burst_presses", "must be at least 2")
	}
	if m.Satisfaction.BurstSeconds.Value < 1 {
		c.bad("$.satisfaction.burst_seconds", "must be at least 1")
	}

	ofs := &m.OfficerScore
	c.weights("$.officer_score.weights.value", ofs.Weights.Value, []string{IndicatorOnTime, IndicatorApology, IndicatorConduct, IndicatorSatisfaction}, "indicator", 1)
	c.positive("$.officer_score.conduct_goalpost", ofs.ConductGoalpost.Value)
	c.enum("$.officer_score.missing", ofs.Missing, string(MissingReweight), string(MissingFlag))
	c.share("$.officer_score.min_coverage", ofs.MinCoverage.Value)
	c.enum("$.officer_score.peers", ofs.Peers, "unit_kind", "all")

	sets = sets[:0]
	for i, g := range m.OfficerGrading {
		sets = append(sets, g.RuleSet)
		p := fmt.Sprintf("$.officer_grading[%d]", i)
		if g.Scale != "levels" && g.Scale != "points" {
			c.bad(p+".scale", "unknown value %q: want levels or points", g.Scale)
		}
		grades := []string{GradeExcellent, GradeGood, GradeDone, GradeNotDone}
		for j, b := range g.Bands.Value {
			bp := fmt.Sprintf("%s.bands.value[%d]", p, j)
			if !slices.Contains(grades, b.Grade) {
				c.bad(bp+".grade", "unknown grade %q: want one of %s", b.Grade, strings.Join(grades, ", "))
			}
			if j > 0 && !(b.Min < g.Bands.Value[j-1].Min) {
				c.bad(bp+".min", "bands overlap: %v is not below %v", b.Min, g.Bands.Value[j-1].Min)
			}
		}
		if n := len(g.Bands.Value); n == 0 || g.Bands.Value[n-1].Min > 0 {
			c.bad(p+".bands", "the lowest band must start at 0")
		}
		c.share(p+".excellent_cap", g.ExcellentCap.Value)
		c.share(p+".late_penalty", g.LatePenalty.Value)
	}
	c.ruleSets("$.officer_grading", sets)

	for i, cr := range m.PAR.Criteria {
		p := fmt.Sprintf("$.par_index.criteria[%d]", i)
		c.indicator(p+".indicator", cr.Indicator)
		c.positive(p+".max_points", cr.MaxPoints.Value)
		c.enum(p+".scale", cr.Scale, "linear", "banded")
		if cr.Scale.Value == "banded" {
			c.bands(p+".bands", cr.Bands)
		}
	}
	c.enum("$.par_index.total", m.PAR.Total, "percent_of_max")
	for _, g := range []struct {
		p string
		v Points766
	}{{"$.qd766.progress", m.QD766.Progress}, {"$.qd766.satisfaction", m.QD766.Satisfaction}} {
		c.positive(g.p+".max_points", g.v.MaxPoints.Value)
		c.enum(g.p+".scale", g.v.Scale, "linear", "banded")
		if g.v.Scale.Value == "banded" {
			c.bands(g.p+".bands", g.v.Bands)
		}
	}

	pciW := map[string]float64{}
	for i, s := range m.PCI.SubIndices {
		p := fmt.Sprintf("$.pci.sub_indices[%d]", i)
		c.indicator(p+".indicator", s.Indicator)
		if _, dup := pciW[s.Indicator]; dup {
			c.bad(p+".indicator", "indicator %q listed twice", s.Indicator)
		}
		pciW[s.Indicator] = s.Weight.Value
		if s.Weight.Value < 0 {
			c.bad(p+".weight", "weight must not be negative")
		}
		if s.Direction != Positive && s.Direction != Negative {
			c.bad(p+".direction", "unknown value %q: want positive or negative", s.Direction)
		}
	}
	if total := sumMap(pciW); math.Abs(total-100) > 1e-9 {
		c.bad("$.pci.sub_indices", "weights sum to %v, want 100", total)
	}
	if !(m.PCI.Low.Value < m.PCI.High.Value) {
		c.bad("$.pci.high", "high %v must be above low %v", m.PCI.High.Value, m.PCI.Low.Value)
	}
	c.enum("$.pci.normalise", m.PCI.Normalise, string(NormMinMax), string(NormRank), string(NormZScore))
	c.positive("$.pci.scale", m.PCI.Scale.Value)

	for i, l := range m.Funnel.Levels.Value {
		if !(l > 0 && l < 1) {
			c.bad(fmt.Sprintf("$.funnel.levels.value[%d]", i), "level %v must be between 0 and 1", l)
		}
	}
	// two levels, the inner one first: the workbook names a point by the widest limit
	// it falls outside
	if lv := m.Funnel.Levels.Value; len(lv) != 2 {
		c.bad("$.funnel.levels", "want two levels (the inner one first, e.g. [0.95, 0.998]), got %d", len(lv))
	} else if !(lv[0] < lv[1]) {
		c.bad("$.funnel.levels", "the levels must rise: %v, then %v (e.g. [0.95, 0.998])", lv[0], lv[1])
	}
	c.enum("$.funnel.method", m.Funnel.Method, "wilson_inversion")
	if w := m.Funnel.Winsor.Value; !(w >= 0 && w < 0.5) {
		c.bad("$.funnel.winsor", "must be in [0, 0.5), got %v", w)
	}
	c.enum("$.shrinkage.method", m.Shrinkage.Method, "moments", "none")
	if l := m.Shrinkage.Level.Value; !(l > 0 && l < 1) {
		c.bad("$.shrinkage.level", "must be between 0 and 1, got %v", l)
	}
	if m.MonteCarlo.Draws.Value < 1 {
		c.bad("$.monte_carlo.draws", "must be at least 1")
	}
	if j := m.MonteCarlo.WeightJitter.Value; !(j >= 0 && j < 1) {
		c.bad("$.monte_carlo.weight_jitter", "must be in [0, 1), got %v", j)
	}
	if iv := m.MonteCarlo.Interval.Value; len(iv) != 2 || !(0 <= iv[0] && iv[0] < iv[1] && iv[1] <= 1) {
		c.bad("$.monte_carlo.interval", "want two shares [lo, hi] with 0 ≤ lo < hi ≤ 1")
	}
	return errors.Join(c.errs...)
}

func sumMap(m map[string]float64) float64 {
	s := 0.0
	for _, v := range m {
		s += v
	}
	return s
}
