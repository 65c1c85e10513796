-- The engine's own queries on the store (the manifest, the run, the report's inputs),
-- one per "-- name:" section; queries.go looks them up by name. Placeholders written
-- $name are filled by the Go that runs the query; ? are bound parameters.

-- name: create_migrations
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL);

-- name: migration_applied
SELECT count(*) FROM schema_migrations WHERE version = ?;

-- name: record_migration
INSERT INTO schema_migrations VALUES (?, ?, ?);

-- name: tables
SELECT table_name FROM information_schema.tables
WHERE table_schema = 'main' ORDER BY table_name;

-- name: start_run
INSERT INTO runs (run_id, command, started_at, as_of, version, status)
VALUES (nextval('run_seq'), ?, ?, ?, ?, 'running') RETURNING run_id;

-- name: finish_run
UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?;

-- name: same_file
-- A file with the same bytes (and sheet) loaded before.
SELECT file_id, kind FROM files WHERE sha256 = ? AND coalesce(sheet, '') = ? AND status = 'loaded'
ORDER BY file_id LIMIT 1;

-- name: record_file
-- The unknown column names are written into the statement as a list literal.
INSERT INTO files (file_id, run_id, path, sheet, sha256, size_bytes, kind, format, header_row,
        rows_read, rows_rejected, rows_blank, rows_summary, problems, unknown_columns, status, same_as_file_id, error, ingested_at)
VALUES (nextval('file_seq'), ?, ?, nullif(?, ''), nullif(?, ''), ?, nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, $unknown::VARCHAR[], ?, ?, ?, ?)
RETURNING file_id;

-- name: file_counts
-- The counts of a file once it is loaded, before its transaction commits.
UPDATE files SET rows_read = ?, rows_rejected = ?, rows_blank = ?, rows_summary = ?,
    problems = ?, unknown_columns = $unknown::VARCHAR[], rows_loaded = ?, rows_superseded = ?, rows_replaced = ?
WHERE file_id = ?;

-- name: manifest
SELECT file_id, run_id, path, coalesce(sheet, ''), coalesce(kind, ''), coalesce(format, ''),
       coalesce(header_row, 0), rows_read, rows_loaded, rows_rejected, rows_superseded, rows_blank, rows_summary,
       coalesce(array_to_string(unknown_columns, chr(31)), ''), status, coalesce(error, ''), ingested_at
FROM file_accounting WHERE ? = 0 OR run_id = ? ORDER BY file_id;

-- name: count_rejects
SELECT count(*) FROM rejects j JOIN files f USING (file_id) WHERE ? = 0 OR f.run_id = ?;

-- name: rejects
SELECT f.path, coalesce(f.sheet, ''), j.row_number, coalesce(j.column_header, ''), coalesce(j.column_letter, ''),
       coalesce(j.raw_value, ''), coalesce(j.reason_vi, ''), coalesce(j.reason_en, '')
FROM rejects j JOIN files f USING (file_id) WHERE ? = 0 OR f.run_id = ?
ORDER BY j.file_id, j.row_number, j.column_letter LIMIT ?;

-- name: holidays
-- A user's holidays file: overrides of the built-in calendar.
SELECT date, coalesce(kind, 'holiday'), coalesce(name, '') FROM holidays
WHERE date IS NOT NULL ORDER BY date;

-- name: last_event
-- The day of the last event the case log records: the default report date.
SELECT greatest(max(received_at), max(completed_at), max(returned_at), max(apology_at))::DATE FROM cases;

-- name: cases_received
SELECT count(*) FROM cases WHERE received_at::DATE BETWEEN ? AND ?;

-- name: units
SELECT unit_id, coalesce(kind, ''), coalesce(district_id, ''), coalesce(name, '') FROM units WHERE unit_id IS NOT NULL;

-- name: officers
SELECT officer_id, coalesce(unit_id, '') FROM officers WHERE officer_id IS NOT NULL;

-- name: crosswalk
-- Old units mapped to new ones by a reorganisation effective within the bounds given.
SELECT old_unit_id, new_unit_id FROM unit_crosswalk
WHERE old_unit_id IS NOT NULL AND new_unit_id IS NOT NULL
  AND (effective_date IS NULL OR (effective_date > ? AND effective_date <= ?))
ORDER BY old_unit_id, new_unit_id;
