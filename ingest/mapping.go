package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Mapping is a user's mapping file: how the files of one system map onto congvu's
// canonical kinds and columns. Every field is optional; the zero Mapping maps nothing
// beyond the built-in aliases.
//
//	sources:
//	  - files: "311_nyc_*.csv"          # glob on the file's base name
//	    kind: cases                     # skip kind detection
//	    columns: {"Unique Key": case_id, "Agency": unit_id, "Resolution Description": "-"}
//	    date_layouts: ["MM/DD/YYYY hh:mm:ss AM"]
//	    values: {status: {Closed: done, "N/A": ""}}
//	    defaults: {district_id: "NYC"}
//	aliases:                            # extra headers for every file
//	  cases: {case_id: ["Số biên nhận"]}
//	values:                             # extra labels for every file
//	  channel: {"Zalo": online}
type Mapping struct {
	Path    string                         `yaml:"-"`
	Sources []Source                       `yaml:"sources"`
	Aliases map[string]map[string][]string `yaml:"aliases"`
	Values  map[string]map[string]string   `yaml:"values"`
	// DateLayouts are tried before the built-in date forms, for every file.
	DateLayouts []string `yaml:"date_layouts"`
}

// Source is the part of a mapping file that applies to the files whose base name
// matches Files.
type Source struct {
	Files     string `yaml:"files"`
	Kind      string `yaml:"kind"`
	HeaderRow int    `yaml:"header_row"` // 1-based; 0 = detect
	// Columns maps a header as written in the file to a canonical column; "-" ignores it.
	Columns     map[string]string            `yaml:"columns"`
	DateLayouts []string                     `yaml:"date_layouts"`
	Values      map[string]map[string]string `yaml:"values"`
	// Defaults fill a canonical column that is empty or absent, e.g. the unit of a file
	// that holds one unit's log.
	Defaults map[string]string `yaml:"defaults"`

	goLayouts []string
}

// ignoreColumn is the canonical name that tells congvu to ignore a column.
const ignoreColumn = "-"

// LoadMapping reads and checks a mapping file. Errors name the file, the line and the key.
func LoadMapping(path string) (*Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mapping: %w", err)
	}
	return ParseMapping(path, data)
}

// ParseMapping parses a mapping file's content; path is used in messages.
func ParseMapping(path string, data []byte) (*Mapping, error) {
	var m Mapping
	if err := safeUnmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrMapping, path, yaml.FormatError(err, false, false))
	}
	m.Path = path
	file, perr := parser.ParseBytes(data, 0)
	at := func(p string) string {
		if perr != nil {
			return path
		}
		yp, err := yaml.PathString(p)
		if err != nil {
			return path
		}
		n, err := yp.FilterFile(file)
		if err != nil || n == nil {
			return path
		}
		return fmt.Sprintf("%s:%d", path, nodeLine(n))
	}
	bad := func(p, format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s: %s", ErrMapping, at(p), p, fmt.Sprintf(format, args...))
	}
	for i := range m.Sources {
		s := &m.Sources[i]
		base := fmt.Sprintf("$.sources[%d]", i)
		if s.Files == "" {
			return nil, bad(base, "missing files: a glob such as \"*.csv\"")
		}
		if _, err := filepath.Match(s.Files, "x"); err != nil {
			return nil, bad(base+".files", "bad glob %q: %v", s.Files, err)
		}
		var kind *Kind
		if s.Kind != "" {
			k, err := KindByName(s.Kind)
			if err != nil {
				return nil, bad(base+".kind", "%v", err)
			}
			kind = k
		}
		for head, canon := range s.Columns {
			if canon == ignoreColumn || canon == "" {
				continue
			}
			if !columnKnown(kind, canon) && !isItemTarget(canon) {
				return nil, bad(base+".columns."+quoteKey(head), "unknown column %q%s", canon, kindHint(kind))
			}
		}
		for col := range s.Defaults {
			if !columnKnown(kind, col) {
				return nil, bad(base+".defaults."+quoteKey(col), "unknown column %q%s", col, kindHint(kind))
			}
		}
		for col, labels := range s.Values {
			if err := checkValues(kind, col, labels); err != nil {
				return nil, bad(base+".values."+quoteKey(col), "%v", err)
			}
		}
		for j, l := range s.DateLayouts {
			gl, err := ParseLayout(l)
			if err != nil {
				return nil, bad(fmt.Sprintf("%s.date_layouts[%d]", base, j), "%v", err)
			}
			s.goLayouts = append(s.goLayouts, gl)
		}
	}
	for kname, cols := range m.Aliases {
		k, err := KindByName(kname)
		if err != nil {
			return nil, bad("$.aliases."+quoteKey(kname), "%v", err)
		}
		for col := range cols {
			if k.Column(col) == nil {
				return nil, bad("$.aliases."+quoteKey(kname)+"."+quoteKey(col), "unknown column %q%s", col, kindHint(k))
			}
		}
	}
	for col, labels := range m.Values {
		if err := checkValues(nil, col, labels); err != nil {
			return nil, bad("$.values."+quoteKey(col), "%v", err)
		}
	}
	for j, l := range m.DateLayouts {
		if _, err := ParseLayout(l); err != nil {
			return nil, bad(fmt.Sprintf("$.date_layouts[%d]", j), "%v", err)
		}
	}
	return &m, nil
}

func nodeLine(n ast.Node) int {
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line
	}
	return 0
}

func quoteKey(k string) string {
	for _, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return strconv.Quote(k)
		}
	}
	return k
}

func kindHint(k *Kind) string {
	if k == nil {
		return ""
	}
	names := make([]string, len(k.Cols))
	for i, c := range k.Cols {
		names[i] = c.Name
	}
	return " (columns of " + k.Name + ": " + strings.Join(names, ", ") + ")"
}

// columnKnown reports whether col is a column of kind k, or of any kind when k is nil.
func columnKnown(k *Kind, col string) bool {
	if k != nil {
		return k.Column(col) != nil
	}
	for _, k := range Kinds {
		if k.Column(col) != nil {
			return true
		}
	}
	return false
}

// checkValues checks that col is an enum column and every label maps to one of its values.
func checkValues(k *Kind, col string, labels map[string]string) error {
	var set *EnumSet
	kinds := Kinds
	if k != nil {
		kinds = []*Kind{k}
	}
	for _, k := range kinds {
		if c := k.Column(col); c != nil && c.Enum != nil {
			set = c.Enum
			break
		}
	}
	if set == nil {
		return fmt.Errorf("column %q takes no labels (only enum columns do: status, channel, kind)", col)
	}
	for label, v := range labels {
		if v == "" {
			continue
		}
		ok := false
		for _, c := range set.Canon {
			ok = ok || c == v
		}
		if !ok {
			return fmt.Errorf("label %q maps to %q, which is not one of %s", label, v, strings.Join(set.Canon, ", "))
		}
	}
	return nil
}

// source returns the rule for the file's base name, or nil.
func (m *Mapping) source(file string) *Source {
	if m == nil {
		return nil
	}
	base := filepath.Base(stripSheet(file))
	for i := range m.Sources {
		if ok, _ := filepath.Match(m.Sources[i].Files, base); ok {
			return &m.Sources[i]
		}
	}
	return nil
}

// layouts returns the Go date layouts for a file: its source's, then the global ones.
func (m *Mapping) layouts(src *Source) []string {
	var out []string
	if src != nil {
		out = append(out, src.goLayouts...)
	}
	if m != nil {
		for _, l := range m.DateLayouts {
			if gl, err := ParseLayout(l); err == nil {
				out = append(out, gl)
			}
		}
	}
	return out
}

// safeUnmarshal decodes strictly, turning a panic of the YAML library on odd input
// (seen with a tag on an empty value) into an error.
func safeUnmarshal(data []byte, m *Mapping) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the file is not YAML congvu can read (%v)", r)
		}
	}()
	return yaml.UnmarshalWithOptions(data, m, yaml.Strict())
}
