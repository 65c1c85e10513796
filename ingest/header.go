package ingest

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// headerScanRows is how many rows from the top are searched for the header row.
const headerScanRows = 30

// Special targets of a header cell.
const (
	colUnknown = -1 // not a known column: reported in the manifest
	colIgnored = -2 // the STT column or a column the mapping file says to ignore
)

// Layout is what congvu understood of a file's top: its kind, where the header is and
// which canonical column each cell position feeds.
type Layout struct {
	Kind      *Kind
	HeaderRow int64    // spreadsheet row of the header (1-based; 0 for JSON Lines and Parquet)
	Headers   []string // the header cells as written
	Targets   []int    // per cell position: index into Kind.Cols, colUnknown or colIgnored
	Unknown   []string // headers of unknown columns, as written
}

// aliasIndex maps folded headers to column indexes, per kind.
type aliasIndex map[string]int

func buildAliases(k *Kind, m *Mapping) aliasIndex {
	idx := aliasIndex{}
	for i, c := range k.Cols {
		idx[Fold(c.Name)] = i
		for _, a := range c.Aliases {
			idx[Fold(a)] = i
		}
	}
	if m != nil {
		for col, heads := range m.Aliases[k.Name] {
			for i, c := range k.Cols {
				if c.Name == col {
					for _, h := range heads {
						idx[Fold(h)] = i
					}
				}
			}
		}
	}
	return idx
}

var rowNumberKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, a := range rowNumberAliases {
		m[Fold(a)] = true
	}
	return m
}()

// match maps one row's cells onto kind k. It returns the targets and the set of
// canonical columns found.
func match(k *Kind, idx aliasIndex, src *Source, cells []string) ([]int, map[string]bool) {
	targets := make([]int, len(cells))
	present := map[string]bool{}
	var srcCols map[string]string
	if src != nil && len(src.Columns) > 0 {
		srcCols = map[string]string{}
		for h, c := range src.Columns {
			srcCols[Fold(h)] = c
		}
	}
	for i, cell := range cells {
		f := Fold(cell)
		targets[i] = colUnknown
		if f == "" {
			targets[i] = colIgnored
			continue
		}
		if c, ok := srcCols[f]; ok {
			if c == ignoreColumn || c == "" {
				targets[i] = colIgnored
				continue
			}
			for j := range k.Cols {
				if k.Cols[j].Name == c && !present[c] {
					targets[i] = j
					present[c] = true
				}
			}
			continue
		}
		if rowNumberKeys[f] {
			targets[i] = colIgnored
			continue
		}
		if j, ok := idx[f]; ok && !present[k.Cols[j].Name] {
			targets[i] = j
			present[k.Cols[j].Name] = true
		}
	}
	return targets, present
}

// detectLayout finds the header row among the first rows and the kind of the file.
// rows are the buffered top rows with their spreadsheet row numbers.
func detectLayout(file string, rows [][]string, rowNums []int64, m *Mapping) (*Layout, error) {
	src := m.source(file)
	kinds := Kinds
	if src != nil && src.Kind != "" {
		k, err := KindByName(src.Kind)
		if err != nil {
			return nil, err
		}
		kinds = []*Kind{k}
	}
	type cand struct {
		layout  *Layout
		score   int
		rowIdx  int
		kindPos int
		hint    bool
	}
	var best *cand
	var near []string // what the best-scoring row lacked, for the error
	base := strings.ToLower(filepath.Base(stripSheet(file)))
	for ki, k := range kinds {
		idx := buildAliases(k, m)
		for ri, cells := range rows {
			if src != nil && src.HeaderRow > 0 && rowNums[ri] != int64(src.HeaderRow) {
				continue
			}
			targets, present := match(k, idx, src, cells)
			if len(present) == 0 {
				continue
			}
			missing := k.satisfied(present)
			if len(missing) > 0 {
				if best == nil && len(present) >= 2 && (near == nil || len(present) > len(near)) {
					near = []string{fmt.Sprintf("%s (row %d lacks %s)", k.Name, rowNums[ri], strings.Join(missing, ", "))}
				}
				continue
			}
			c := &cand{score: len(present), rowIdx: ri, kindPos: ki,
				hint: strings.Contains(base, k.Name) || strings.Contains(base, strings.TrimSuffix(k.Name, "s"))}
			better := best == nil ||
				c.score > best.score ||
				c.score == best.score && c.hint && !best.hint ||
				c.score == best.score && c.hint == best.hint && c.rowIdx < best.rowIdx
			if better {
				l := &Layout{Kind: k, HeaderRow: rowNums[ri], Headers: cells, Targets: targets}
				for i, t := range targets {
					if t == colUnknown {
						l.Unknown = append(l.Unknown, CleanText(cells[i]))
					}
				}
				c.layout = l
				best = c
			}
		}
	}
	if best == nil {
		var need []string
		for _, k := range kinds {
			var heads []string
			for _, r := range k.Required() {
				heads = append(heads, fmt.Sprintf("%q", k.Column(r).Vi))
			}
			need = append(need, k.Name+": "+strings.Join(heads, ", "))
		}
		sort.Strings(need)
		msg := fmt.Sprintf("no row among the first %d has the headers of a known kind (%s)", headerScanRows, strings.Join(need, "; "))
		if len(near) > 0 {
			msg += "; closest: " + near[0]
		}
		return nil, fmt.Errorf("%w: %s", ErrNoHeader, msg)
	}
	return best.layout, nil
}
