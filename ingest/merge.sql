-- Merge one staged file into its kind's table. Rendered per kind by merge.go with
-- text/template: {{.T}} table, {{.S}} staging table, {{.Cols}} the kind's columns,
-- {{.On "a" "b"}} the key equality, {{.File}} the file id. Runs inside the caller's
-- transaction. A newer row for a key supersedes the older one, which is kept whole in
-- {{.T}}_superseded with the row that replaced it.

-- w: the staged rows with their content hash; _rn = 1 marks the last row of each key.
CREATE OR REPLACE TEMP TABLE merge_w AS
SELECT s.*, hash({{.ColsOf "s"}}) AS _hash,
       row_number() OVER (PARTITION BY {{.KeyOf "s"}} ORDER BY s._row DESC) AS _rn
FROM {{.S}} s;

-- 1. earlier rows of the same key in this file
INSERT INTO {{.T}}_superseded ({{.Cols}}, _file_id, _row, _hash, _by_file_id, _by_row)
SELECT {{.ColsOf "l"}}, {{.File}}, l._row, l._hash, {{.File}}, w._row
FROM merge_w l JOIN merge_w w ON {{.On "l" "w"}} AND w._rn = 1
WHERE l._rn > 1;

-- 2. rows identical to the version already in the store: nothing changes
INSERT INTO {{.T}}_superseded ({{.Cols}}, _file_id, _row, _hash, _by_file_id, _by_row)
SELECT {{.ColsOf "w"}}, {{.File}}, w._row, w._hash, t._file_id, t._row
FROM merge_w w JOIN {{.T}} t ON {{.On "w" "t"}}
WHERE w._rn = 1 AND t._hash = w._hash;

-- 3. the stored versions that this file replaces
INSERT INTO {{.T}}_superseded ({{.Cols}}, _file_id, _row, _hash, _by_file_id, _by_row)
SELECT {{.ColsOf "t"}}, t._file_id, t._row, t._hash, {{.File}}, w._row
FROM {{.T}} t JOIN merge_w w ON {{.On "t" "w"}}
WHERE w._rn = 1 AND t._hash <> w._hash;

DELETE FROM {{.T}} t USING merge_w w
WHERE {{.On "t" "w"}} AND w._rn = 1 AND t._hash <> w._hash;

-- 4. the new versions
INSERT INTO {{.T}} ({{.Cols}}, _file_id, _row, _hash)
SELECT {{.ColsOf "w"}}, {{.File}}, w._row, w._hash
FROM merge_w w
WHERE w._rn = 1 AND NOT EXISTS (SELECT 1 FROM {{.T}} t WHERE {{.On "t" "w"}});

-- 5. the problems
INSERT INTO rejects (file_id, row_number, column_letter, column_header, canonical, raw_value, code, reason_vi, reason_en, raw_row)
SELECT {{.File}}, row_number, column_letter, column_header, canonical, raw_value, code, reason_vi, reason_en, raw_row
FROM {{.R}};

DROP TABLE merge_w;
