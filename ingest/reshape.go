package ingest

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"
)

// Wide SIPAS-style questionnaires: one row per respondent, one column per item scored
// 1–5. Staging keeps the row as one survey row (so that the file's accounting counts
// input rows) and writes the items into its answers column as "item=score;…"; the
// store's survey_answers view unnests them to long rows, one per response × item.
//
// A column of a survey file is an item when, in this order:
//  1. the mapping file maps its header to "item:CODE" (sources[].columns);
//  2. its header equals, folded, an item code or item text of the survey_items table
//     already in the store;
//  3. its header looks like an item code: C1, Q2.3, Câu 4, 1.2, Tiêu chí 3a.
//
// Other unknown columns stay unknown and are reported. An item cell holds 1–5 or the
// rating words of the 5-point scale; an empty cell, "Không ý kiến" or "Không trả lời"
// is an item not answered; anything else rejects the row, naming the item's column.

// itemPrefix marks a mapping target that is a questionnaire item: "item:C1.1".
const itemPrefix = "item:"

func isItemTarget(canon string) bool {
	return strings.HasPrefix(canon, itemPrefix) && len(canon) > len(itemPrefix)
}

// itemPattern matches folded headers that look like item codes.
var itemPattern = regexp.MustCompile(`^(?:(?:cau hoi|cau|tieu chi|chi tieu|item|q|c)\s*)?\d{1,2}(?:[ ._-]\d{1,2}){0,2}[a-z]?$`)

// itemPlan is where a file's item columns are and what they are called.
type itemPlan struct {
	cells   []int    // cell position of each item column
	codes   []string // its item code
	heads   []string // its header as written
	answers int      // index of the answers column in the kind
}

// planItems finds the item columns of a survey file (nothing for other kinds) and
// takes them off the layout's unknown columns.
func (p *plan) planItems(ctx context.Context, conn *sql.Conn, m *Mapping) error {
	if p.kind.Name != "survey" {
		return nil
	}
	known := map[string]string{}
	if conn != nil {
		var n int
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'survey_items' AND NOT temporary").Scan(&n); err == nil && n > 0 {
			rows, err := conn.QueryContext(ctx, "SELECT item, coalesce(text, '') FROM survey_items")
			if err != nil {
				return err
			}
			for rows.Next() {
				var item, text string
				if err := rows.Scan(&item, &text); err != nil {
					rows.Close()
					return err
				}
				if f := Fold(text); f != "" {
					known[f] = item
				}
				known[Fold(item)] = item
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
	}
	mapped := map[string]string{}
	if src := m.source(p.file); src != nil {
		for h, c := range src.Columns {
			if isItemTarget(c) {
				mapped[Fold(h)] = strings.TrimPrefix(c, itemPrefix)
			}
		}
	}
	ip := &itemPlan{answers: p.colIndex("answers")}
	l := p.layout
	l.Unknown = l.Unknown[:0]
	for cell, t := range l.Targets {
		if t != colUnknown {
			continue
		}
		head := CleanText(l.Headers[cell])
		f := Fold(head)
		code, ok := mapped[f]
		if !ok {
			code, ok = known[f]
		}
		if !ok && itemPattern.MatchString(f) {
			code, ok = head, true
		}
		if !ok {
			l.Unknown = append(l.Unknown, head)
			continue
		}
		ip.cells = append(ip.cells, cell)
		ip.codes = append(ip.codes, itemCode(code))
		ip.heads = append(ip.heads, head)
	}
	if len(ip.cells) > 0 {
		p.items = ip
	}
	return nil
}

// itemCode makes an item code safe inside the answers encoding.
func itemCode(s string) string {
	return strings.NewReplacer(";", "_", "=", "_").Replace(CleanText(s))
}

// reshape reads a row's item cells into the answers column, or returns the problems.
func (ip *itemPlan) reshape(p *plan, cells []string, row int64, vals []value) []RowError {
	var b strings.Builder
	var probs []RowError
	for j, ci := range ip.cells {
		if ci >= len(cells) {
			continue
		}
		s := CleanText(cells[ci])
		if s == "" || s == "-" || noOpinion[Fold(s)] {
			continue
		}
		v, err := ParseRating(s, 5)
		if err != nil {
			probs = append(probs, RowError{File: p.file, Row: row, Column: ip.heads[j], Letter: ColumnLetter(ci),
				Canon: "answers", Value: s, Reason: err.(*ValueError).Reason})
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(';')
		}
		b.WriteString(ip.codes[j])
		b.WriteByte('=')
		b.WriteString(strconv.FormatInt(v, 10))
	}
	if b.Len() > 0 && len(probs) == 0 {
		vals[ip.answers+1] = textValue(b.String())
	}
	return probs
}

// Answer is one questionnaire item's score.
type Answer struct {
	Item  string
	Score int64
}

// ParseAnswers decodes a survey row's answers column ("C1=4;C2=5").
func ParseAnswers(s string) ([]Answer, error) {
	if s == "" {
		return nil, nil
	}
	var out []Answer
	for _, part := range strings.Split(s, ";") {
		item, score, ok := strings.Cut(part, "=")
		n, err := strconv.ParseInt(score, 10, 64)
		if !ok || err != nil || item == "" {
			return nil, &ValueError{Reason{Code: "answers", Vi: "Câu trả lời không đọc được: " + quoteValue(part), En: "unreadable answer " + quoteValue(part)}}
		}
		out = append(out, Answer{item, n})
	}
	return out, nil
}
