package engine

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the embedded DuckDB driver
)

// Sentinel errors of the engine.
var (
	// ErrLocked: another process is writing the store.
	ErrLocked = errors.New("engine: store is locked")
	// ErrUnknownTable: an export named a table the store does not have.
	ErrUnknownTable = errors.New("engine: no such table")
)

// MemoryLimit caps DuckDB's memory (a DuckDB size such as "512MB"); past it DuckDB
// spills to a temporary folder beside the store.
var MemoryLimit = "512MB"

//go:embed schema/*.sql
var schemaFS embed.FS

// Store is an open congvu store: one DuckDB file (or memory), its schema migrated, and
// the lock that keeps a second writer out.
type Store struct {
	Path string
	db   *sql.DB
	lock *os.File
}

// Open opens (creating if needed) the store at path, takes its lock and applies the
// schema migrations. An empty path or ":memory:" opens a store in memory (tests).
func Open(ctx context.Context, path string) (s *Store, err error) {
	s = &Store{Path: path}
	mem := path == "" || path == ":memory:"
	if !mem {
		if s.lock, err = lockFile(path); err != nil {
			return nil, err
		}
	}
	dsn := path
	if mem {
		dsn = ""
	}
	db, err := sql.Open("duckdb", dsn)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open store %s: %w", path, err), unlockFile(s.lock))
	}
	s.db = db
	// DuckDB takes 80 % of RAM by default and keeps a file's staging and merge tables in
	// memory; a cap makes it spill to STORE.tmp instead, with little loss of speed.
	if _, err := db.ExecContext(ctx, "SET memory_limit = '"+MemoryLimit+"'"); err != nil {
		return nil, errors.Join(fmt.Errorf("open store %s: %w", path, err), s.Close())
	}
	if err := s.migrate(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("open store %s: %w", path, err), s.Close())
	}
	return s, nil
}

// DB returns the store's database handle (for tests and benchmarks).
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database and releases the lock.
func (s *Store) Close() error {
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	return errors.Join(err, unlockFile(s.lock))
}

// migrate applies the numbered migrations in schema/ not yet recorded, each in a transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, query("create_migrations")); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(schemaFS, "schema/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "schema/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migrate: bad migration name %s", base)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, query("migration_applied"), v).Scan(&n); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if n > 0 {
			continue
		}
		body, err := schemaFS.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return errors.Join(fmt.Errorf("migrate %s: %w", base, err), tx.Rollback())
		}
		if _, err := tx.ExecContext(ctx, query("record_migration"), v, base, time.Now().UTC()); err != nil {
			return errors.Join(fmt.Errorf("migrate %s: %w", base, err), tx.Rollback())
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

// Tables lists the store's tables and views (main schema), sorted.
func (s *Store) Tables(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query("tables"))
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
