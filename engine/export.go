package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Export writes one table or view of the store to out, as CSV (with a header) or
// Parquet, chosen by out's extension. The file is written under a temporary name in
// the same folder and renamed when complete.
func (s *Store) Export(ctx context.Context, table, out string) (err error) {
	tables, err := s.Tables(ctx)
	if err != nil {
		return err
	}
	found := false
	for _, t := range tables {
		found = found || t == table
	}
	if !found {
		return fmt.Errorf("%w: %q (tables: %s)", ErrUnknownTable, table, strings.Join(tables, ", "))
	}
	var format string
	switch strings.ToLower(filepath.Ext(out)) {
	case ".csv":
		format = "FORMAT CSV, HEADER"
	case ".parquet":
		format = "FORMAT PARQUET"
	default:
		return fmt.Errorf("export %s: the output must end in .csv or .parquet", out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return fmt.Errorf("export %s: %w", out, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	defer func() {
		if err != nil {
			err = errors.Join(err, removeIfExists(tmpName))
		}
	}()
	q := fmt.Sprintf("COPY (SELECT * FROM %q) TO '%s' (%s)", table, strings.ReplaceAll(tmpName, "'", "''"), format)
	if _, err := s.db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("export %s: %w", table, err)
	}
	if err := os.Rename(tmpName, out); err != nil {
		return fmt.Errorf("export %s: %w", out, err)
	}
	return nil
}

func removeIfExists(p string) error {
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
