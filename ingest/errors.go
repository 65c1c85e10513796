package ingest

import (
	"errors"
	"fmt"
)

// Sentinel errors of the ingest package.
var (
	// ErrUnknownKind: a kind name that is not registered.
	ErrUnknownKind = errors.New("ingest: unknown kind")
	// ErrNoHeader: no row near the top of the file looks like a header of a known kind.
	ErrNoHeader = errors.New("ingest: no header row found")
	// ErrFormat: the file's format could not be read.
	ErrFormat = errors.New("ingest: unreadable file")
	// ErrRead: a file could not be read to its end (none of its rows are loaded).
	ErrRead = errors.New("ingest: file read failed")
	// ErrMapping: the mapping file is invalid.
	ErrMapping = errors.New("ingest: invalid mapping file")
)

// RowError is a problem with one cell of one input row: the file, the row number as
// a spreadsheet shows it, the column (its header in the file and its letter), the raw
// value and the reason. errors.Is(err, ErrBadValue) holds for it.
type RowError struct {
	File   string
	Row    int64
	Column string // the header as written in the file
	Letter string // the spreadsheet column letter (A, B, …, AA)
	Canon  string // the canonical column it maps to
	Value  string
	Reason Reason
}

// Error returns the English form: file:row: column "X" (D): value "v": reason.
func (e *RowError) Error() string {
	return fmt.Sprintf("%s:%d: column %q (%s): value %q: %s", e.File, e.Row, e.Column, e.Letter, e.Value, e.Reason.En)
}

// Is makes errors.Is(err, ErrBadValue) true.
func (e *RowError) Is(target error) bool { return target == ErrBadValue }

// ColumnLetter returns the spreadsheet letter of a 0-based column index (0 → A, 26 → AA).
func ColumnLetter(i int) string {
	s := ""
	for i >= 0 {
		s = string(rune('A'+i%26)) + s
		i = i/26 - 1
	}
	return s
}
