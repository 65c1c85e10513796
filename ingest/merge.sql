{{/*
Merge one staged file into its kind's table, inside the caller's transaction. merge.go
runs the blocks below in order, skipping those with nothing to do; Load, on an empty
table, runs "direct" and "loaded" instead (and "unload" when the file repeats keys).
In them: .T the table, .S the staging table, .R the staged rejects, .Rows the file's
rows straight from the parser, .File the file id, .ColsOf "a" the kind's
columns qualified by alias a, .On "a" "b" the key equality. A newer row for a key
supersedes the older one, which is kept whole in .T_superseded with the row that
replaced it. A row identical to the stored version is superseded by it: nothing changes.
*/}}

{{define "work"}}
-- merge_w: each staged row with its content hash and the stored version of its key.
-- _last marks the last row of each key in the file ({{if .Dups}}the file repeats keys{{else}}no key repeats{{end}}).
CREATE OR REPLACE TEMP TABLE merge_w AS
SELECT s.*, hash({{.ColsOf "s"}}) AS _hash,
       {{if .Dups}}s._row = max(s._row) OVER (PARTITION BY {{.KeyOf "s"}}){{else}}true{{end}} AS _last,
       t._hash AS _old_hash, t._file_id AS _old_file, t._row AS _old_row
FROM {{.S}} s LEFT JOIN {{.T}} t ON {{.On "s" "t"}}
{{end}}

{{define "overlap"}}
SELECT count(*) FROM {{.S}} s JOIN {{.T}} t ON {{.On "s" "t"}}
{{end}}

{{define "fresh"}}
-- the usual first load: no key repeats and none is stored yet
INSERT INTO {{.T}} ({{.ColsOf ""}}, _file_id, _row, _hash)
SELECT {{.ColsOf "s"}}, {{.File}}, s._row, hash({{.ColsOf "s"}})
FROM {{.S}} s
{{end}}

{{define "empty"}}
SELECT count(*) FROM (SELECT 1 FROM {{.T}} LIMIT 1)
{{end}}

{{define "direct"}}
-- Load into an empty table: the file's rows straight from the parser (.Rows)
INSERT INTO {{.T}} ({{.ColsOf ""}}, _file_id, _row, _hash)
SELECT {{.ColsOf "s"}}, {{.File}}, s._row, hash({{.ColsOf "s"}})
FROM {{.Rows}} s
{{end}}

{{define "loaded"}}
-- after "direct": the rows loaded and their distinct keys
SELECT count(*), count(DISTINCT ({{.KeyOf "t"}})) FROM {{.T}} t WHERE t._file_id = {{.File}}
{{end}}

{{define "unload"}}
-- the file repeats keys after all: back into the staging table, to merge from there
INSERT INTO {{.S}} SELECT _row, {{.ColsOf ""}} FROM {{.T}} WHERE _file_id = {{.File}};
DELETE FROM {{.T}} WHERE _file_id = {{.File}}
{{end}}

{{define "counts"}}
SELECT count(*) FILTER (NOT _last),
       count(*) FILTER (_last AND _old_hash = _hash),
       count(*) FILTER (_last AND _old_hash <> _hash)
FROM merge_w
{{end}}

{{define "dups"}}
-- earlier rows of the same key in this file
INSERT INTO {{.T}}_superseded ({{.ColsOf ""}}, _file_id, _row, _hash, _by_file_id, _by_row)
SELECT {{.ColsOf "l"}}, {{.File}}, l._row, l._hash, {{.File}}, w._row
FROM merge_w l JOIN merge_w w ON {{.On "l" "w"}} AND w._last
WHERE NOT l._last
{{end}}

{{define "identical"}}
-- rows identical to the version already in the store
INSERT INTO {{.T}}_superseded ({{.ColsOf ""}}, _file_id, _row, _hash, _by_file_id, _by_row)
SELECT {{.ColsOf "w"}}, {{.File}}, w._row, w._hash, w._old_file, w._old_row
FROM merge_w w
WHERE w._last AND w._old_hash = w._hash
{{end}}

{{define "replaced"}}
-- the stored versions this file replaces, kept whole
INSERT INTO {{.T}}_superseded ({{.ColsOf ""}}, _file_id, _row, _hash, _by_file_id, _by_row)
SELECT {{.ColsOf "t"}}, t._file_id, t._row, t._hash, {{.File}}, w._row
FROM {{.T}} t JOIN merge_w w ON {{.On "t" "w"}}
WHERE w._last AND w._old_hash <> w._hash
{{end}}

{{define "delete"}}
DELETE FROM {{.T}} t USING merge_w w
WHERE {{.On "t" "w"}} AND w._last AND w._old_hash <> w._hash
{{end}}

{{define "insert"}}
-- the new versions
INSERT INTO {{.T}} ({{.ColsOf ""}}, _file_id, _row, _hash)
SELECT {{.ColsOf "w"}}, {{.File}}, w._row, w._hash
FROM merge_w w
WHERE w._last AND (w._old_hash IS NULL OR w._old_hash <> w._hash)
{{end}}

{{define "rejects"}}
INSERT INTO rejects (file_id, row_number, column_letter, column_header, canonical, raw_value, code, reason_vi, reason_en, raw_row)
SELECT {{.File}}, row_number, column_letter, column_header, canonical, raw_value, code, reason_vi, reason_en, raw_row
FROM {{.R}}
{{end}}

{{define "drop"}}
DROP TABLE merge_w
{{end}}
