package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
	"weak"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// A file's good rows reach its staging table through a table function: the parse
// workers fill batches of unboxed values, and DuckDB pulls them, one vector chunk per
// batch, with
//
//	INSERT INTO stage_N SELECT … FROM congvu_stage(N)
//
// Each value is written into its typed vector once; nothing is boxed into a
// driver.Value and no per-row reflection runs, which is what the Appender's AppendRow
// cost. Times and dates travel as BIGINT microseconds (the wall clock read as UTC) and
// the INSERT turns them into TIMESTAMP or DATE with make_timestamp.

// stageFunc is the name of the table function.
const stageFunc = "congvu_stage"

// value is one parsed cell, unboxed: text and enum values in s; whole numbers, booleans
// (0 or 1), times and dates (microseconds of the wall clock read as UTC) in n; numbers
// in f. The zero value is NULL.
type value struct {
	s     string
	n     int64
	f     float64
	valid bool
}

func textValue(s string) value   { return value{s: s, valid: true} }
func intValue(n int64) value     { return value{n: n, valid: true} }
func floatValue(f float64) value { return value{f: f, valid: true} }

// rowBatch is a batch of good rows: width values per row, _row first.
type rowBatch struct {
	vals []value
	n    int
}

// stageSource is one staging pass as the table function sees it: batches come from the
// parse workers on results; rejects are handed back to Stage between rounds.
type stageSource struct {
	cols    []duckdb.ColumnInfo
	types   []Type // per output column; _row is TypeInt
	width   int
	results <-chan stageResult
	pool    *sync.Pool

	threads int // how many DuckDB threads may call FillChunk at once

	// Written by FillChunk under mu, read by Stage between rounds (the INSERT has returned).
	mu        sync.Mutex
	rejects   [][]driver.Value
	rejected  int64
	problems  int64
	done      bool // results is closed: every row has been handed over
	flushWant int  // end a round once this many reject records wait
}

// stageResult is what a parse worker made of one batch of input rows.
type stageResult struct {
	good    *rowBatch
	rejects [][]driver.Value
	bad     int64
}

var (
	stageSources sync.Map // id (int64) → *stageSource
	registered   sync.Map // weak.Pointer[duckdb.Conn] → true: the function is registered there
)

func (s *stageSource) ColumnInfos() []duckdb.ColumnInfo     { return s.cols }
func (s *stageSource) Cardinality() *duckdb.CardinalityInfo { return nil }
func (s *stageSource) NewLocalState() any                   { return new(struct{}) }

// Init lets DuckDB call FillChunk from up to s.threads threads.
func (s *stageSource) Init() duckdb.ParallelTableSourceInfo {
	return duckdb.ParallelTableSourceInfo{MaxThreads: max(s.threads, 1)}
}

// FillChunk writes the next batch of good rows into chunk. A batch without good rows is
// skipped; a chunk of size 0 ends the round, either because every row is in or because
// enough rejects wait to be written.
func (s *stageSource) FillChunk(_ any, chunk duckdb.DataChunk) error {
	for {
		s.mu.Lock()
		stop := s.done || len(s.rejects) >= s.flushWant
		s.mu.Unlock()
		if stop {
			return chunk.SetSize(0)
		}
		res, ok := <-s.results
		s.mu.Lock()
		if !ok {
			s.done = true
		}
		s.rejects = append(s.rejects, res.rejects...)
		s.rejected += res.bad
		s.problems += int64(len(res.rejects))
		s.mu.Unlock()
		if !ok {
			return chunk.SetSize(0)
		}
		if res.good == nil || res.good.n == 0 {
			if res.good != nil {
				s.pool.Put(res.good)
			}
			continue
		}
		err := s.fill(chunk, res.good)
		s.pool.Put(res.good)
		return err
	}
}

func (s *stageSource) fill(chunk duckdb.DataChunk, b *rowBatch) error {
	for c, t := range s.types {
		for r := 0; r < b.n; r++ {
			v := &b.vals[r*s.width+c]
			var err error
			switch {
			case !v.valid:
				err = chunk.SetValue(c, r, nil)
			case t == TypeText || t == TypeEnum:
				err = duckdb.SetChunkValue(chunk, c, r, v.s)
			case t == TypeFloat:
				err = duckdb.SetChunkValue(chunk, c, r, v.f)
			case t == TypeBool:
				err = duckdb.SetChunkValue(chunk, c, r, v.n != 0)
			default: // int, time, date
				err = duckdb.SetChunkValue(chunk, c, r, v.n)
			}
			if err != nil {
				return err
			}
		}
	}
	return chunk.SetSize(b.n)
}

// stageColumns returns the table function's columns for a kind (_row first) and the
// select list that turns them into the staging table's types.
func stageColumns(k *Kind) ([]duckdb.ColumnInfo, []Type, string, error) {
	info := func(t duckdb.Type) (duckdb.TypeInfo, error) { return duckdb.NewTypeInfo(t) }
	bigint, err := info(duckdb.TYPE_BIGINT)
	if err != nil {
		return nil, nil, "", err
	}
	cols := []duckdb.ColumnInfo{{Name: "_row", T: bigint}}
	types := []Type{TypeInt}
	sel := []string{"_row"}
	for _, c := range k.Cols {
		var ti duckdb.TypeInfo
		expr := c.Name
		switch c.Type {
		case TypeTime:
			ti, expr = bigint, fmt.Sprintf("make_timestamp(%s) AS %s", c.Name, c.Name)
		case TypeDate:
			ti, expr = bigint, fmt.Sprintf("make_timestamp(%s)::DATE AS %s", c.Name, c.Name)
		case TypeInt, TypeRating:
			ti = bigint
		case TypeFloat:
			ti, err = info(duckdb.TYPE_DOUBLE)
		case TypeBool:
			ti, err = info(duckdb.TYPE_BOOLEAN)
		default:
			ti, err = info(duckdb.TYPE_VARCHAR)
		}
		if err != nil {
			return nil, nil, "", err
		}
		cols = append(cols, duckdb.ColumnInfo{Name: c.Name, T: ti})
		types = append(types, c.Type)
		sel = append(sel, expr)
	}
	return cols, types, strings.Join(sel, ", "), nil
}

// registerStageFunc registers congvu_stage on the connection's database, once per
// connection.
func registerStageFunc(conn *sql.Conn) error {
	var key weak.Pointer[duckdb.Conn]
	if err := conn.Raw(func(dc any) error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return errors.New("not a DuckDB connection")
		}
		key = weak.Make(c)
		return nil
	}); err != nil {
		return err
	}
	if _, ok := registered.Load(key); ok {
		return nil
	}
	bigint, err := duckdb.NewTypeInfo(duckdb.TYPE_BIGINT)
	if err != nil {
		return err
	}
	f := duckdb.ParallelChunkTableFunction{
		Config: duckdb.TableFunctionConfig{Arguments: []duckdb.TypeInfo{bigint}},
		BindArguments: func(_ map[string]any, args ...any) (duckdb.ParallelChunkTableSource, error) {
			id, ok := args[0].(int64)
			if !ok {
				return nil, errors.New("congvu_stage: the argument is a staging id")
			}
			src, ok := stageSources.Load(id)
			if !ok {
				return nil, fmt.Errorf("congvu_stage: no staging pass %d", id)
			}
			return src.(*stageSource), nil
		},
	}
	if err := duckdb.RegisterTableUDF(conn, stageFunc, f); err != nil {
		return err
	}
	registered.Store(key, true)
	return nil
}

// pull runs q, an INSERT … FROM congvu_stage(id), until every good row is in the staging
// table, writing the waiting rejects with write between rounds.
func (s *stageSource) pull(ctx context.Context, conn *sql.Conn, id int64, q string, write func([][]driver.Value) error) error {
	stageSources.Store(id, s)
	defer stageSources.Delete(id)
	for {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
		if len(s.rejects) > 0 {
			if err := write(s.rejects); err != nil {
				return err
			}
			s.rejects = s.rejects[:0]
		}
		if s.done {
			return nil
		}
	}
}
