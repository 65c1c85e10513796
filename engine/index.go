package engine

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"congvu/metrics"
	"congvu/reports"
)

// IndexOptions say what congvu index reads and writes.
type IndexOptions struct {
	In     string // a CSV (or .tsv) table, one row per unit
	Method string // an index method file (YAML)
	// Out is the file to write, .xlsx or .csv; "" writes nothing.
	Out     string
	Reports reports.Options
	// NoMonteCarlo skips the rank intervals even when the method asks for them.
	NoMonteCarlo bool
}

// Index computes the index of opt.Method over the table opt.In and writes it to opt.Out.
func Index(opt IndexOptions) (*metrics.IndexResult, error) {
	m, err := metrics.LoadIndexMethod(opt.Method)
	if err != nil {
		return nil, err
	}
	if opt.NoMonteCarlo {
		m.MonteCarlo = nil
	}
	header, rows, err := readTable(opt.In)
	if err != nil {
		return nil, err
	}
	res, err := metrics.ScoreIndex(m, header, rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opt.In, err)
	}
	switch ext := strings.ToLower(filepath.Ext(opt.Out)); {
	case opt.Out == "":
	case ext == ".xlsx":
		err = reports.WriteIndex(opt.Out, opt.In, res, opt.Reports)
	case ext == ".csv":
		err = reports.WriteIndexCSV(opt.Out, res, opt.Reports)
	default:
		err = fmt.Errorf("index: --out %s: want a .xlsx or .csv file", opt.Out)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// readTable reads a CSV (or, by extension, TSV) file with a header row.
func readTable(path string) ([]string, [][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read table: %w", err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	if strings.EqualFold(filepath.Ext(path), ".tsv") {
		r.Comma = '\t'
	}
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, nil, fmt.Errorf("read %s: empty", path)
	}
	return recs[0], recs[1:], nil
}
