-- 0001: the run manifest, rejects, and the tables of the first kinds.
-- Every data table carries its provenance: _file_id (files.file_id), _row (the row in
-- that file as a spreadsheet shows it) and _hash (of the canonical columns). Each has a
-- *_superseded twin that keeps every older version whole, with the row that replaced it.

CREATE SEQUENCE run_seq START 1;
CREATE SEQUENCE file_seq START 1;

CREATE TABLE runs (
    run_id      BIGINT PRIMARY KEY,
    command     VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    as_of       DATE,
    version     VARCHAR,
    status      VARCHAR NOT NULL       -- running | ok | rejects | failed
);

CREATE TABLE files (
    file_id          BIGINT PRIMARY KEY,
    run_id           BIGINT NOT NULL,
    path             VARCHAR NOT NULL,
    sheet            VARCHAR,
    sha256           VARCHAR,
    size_bytes       BIGINT,
    kind             VARCHAR,
    format           VARCHAR,
    header_row       BIGINT,
    rows_read        BIGINT NOT NULL DEFAULT 0,  -- data rows: not banner, header, blank or totals rows
    rows_loaded      BIGINT NOT NULL DEFAULT 0,  -- at ingest; file_accounting gives the live figure
    rows_rejected    BIGINT NOT NULL DEFAULT 0,
    rows_superseded  BIGINT NOT NULL DEFAULT 0,  -- at ingest
    rows_replaced    BIGINT NOT NULL DEFAULT 0,  -- rows of earlier files this file replaced
    rows_blank       BIGINT NOT NULL DEFAULT 0,
    rows_summary     BIGINT NOT NULL DEFAULT 0,
    problems         BIGINT NOT NULL DEFAULT 0,
    unknown_columns  VARCHAR[],
    status           VARCHAR NOT NULL,           -- loaded | unchanged | failed
    same_as_file_id  BIGINT,                     -- for unchanged: the file ingested earlier with the same bytes
    error            VARCHAR,
    ingested_at      TIMESTAMP NOT NULL
);

CREATE TABLE rejects (
    file_id       BIGINT NOT NULL,
    row_number    BIGINT NOT NULL,
    column_letter VARCHAR,
    column_header VARCHAR,
    canonical     VARCHAR,
    raw_value     VARCHAR,
    code          VARCHAR,
    reason_vi     VARCHAR,
    reason_en     VARCHAR,
    raw_row       VARCHAR  -- the whole row as JSON {header: cell}
);

CREATE TABLE cases (
    case_id            VARCHAR,
    unit_id            VARCHAR,
    receiving_unit_id  VARCHAR,
    received_at        TIMESTAMP,
    submitted_at       TIMESTAMP,
    due_at             TIMESTAMP,
    completed_at       TIMESTAMP,
    returned_at        TIMESTAMP,
    officer_id         VARCHAR,
    receiver_id        VARCHAR,
    procedure_code     VARCHAR,
    procedure_name     VARCHAR,
    field              VARCHAR,
    channel            VARCHAR,
    status             VARCHAR,
    apology_at         TIMESTAMP,
    new_due_at         TIMESTAMP,
    supplement_at      TIMESTAMP,
    district_id        VARCHAR,
    applicant          VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE cases_superseded (
    case_id            VARCHAR,
    unit_id            VARCHAR,
    receiving_unit_id  VARCHAR,
    received_at        TIMESTAMP,
    submitted_at       TIMESTAMP,
    due_at             TIMESTAMP,
    completed_at       TIMESTAMP,
    returned_at        TIMESTAMP,
    officer_id         VARCHAR,
    receiver_id        VARCHAR,
    procedure_code     VARCHAR,
    procedure_name     VARCHAR,
    field              VARCHAR,
    channel            VARCHAR,
    status             VARCHAR,
    apology_at         TIMESTAMP,
    new_due_at         TIMESTAMP,
    supplement_at      TIMESTAMP,
    district_id        VARCHAR,
    applicant          VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

CREATE TABLE apologies (
    case_id            VARCHAR,
    issued_at          TIMESTAMP,
    new_due_at         TIMESTAMP,
    reason             VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE apologies_superseded (
    case_id            VARCHAR,
    issued_at          TIMESTAMP,
    new_due_at         TIMESTAMP,
    reason             VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

CREATE TABLE units (
    unit_id            VARCHAR,
    name               VARCHAR,
    kind               VARCHAR,
    district_id        VARCHAR,
    parent_id          VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE units_superseded (
    unit_id            VARCHAR,
    name               VARCHAR,
    kind               VARCHAR,
    district_id        VARCHAR,
    parent_id          VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

CREATE TABLE officers (
    officer_id         VARCHAR,
    full_name          VARCHAR,
    unit_id            VARCHAR,
    position           VARCHAR,
    counter_id         VARCHAR,
    start_date         DATE,
    end_date           DATE,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE officers_superseded (
    officer_id         VARCHAR,
    full_name          VARCHAR,
    unit_id            VARCHAR,
    position           VARCHAR,
    counter_id         VARCHAR,
    start_date         DATE,
    end_date           DATE,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

CREATE TABLE procedures (
    procedure_code     VARCHAR,
    name               VARCHAR,
    field              VARCHAR,
    statutory_days     BIGINT,
    level              VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE procedures_superseded (
    procedure_code     VARCHAR,
    name               VARCHAR,
    field              VARCHAR,
    statutory_days     BIGINT,
    level              VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

CREATE TABLE holidays (
    date               DATE,
    name               VARCHAR,
    kind               VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE holidays_superseded (
    date               DATE,
    name               VARCHAR,
    kind               VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

-- The live row accounting of every file: rows_read = rows_loaded + rows_rejected + rows_superseded
-- holds for each file at every moment, since a row leaves a table only into its *_superseded twin.
CREATE VIEW file_accounting AS
WITH cur AS (
    SELECT _file_id, count(*) AS n FROM cases GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM apologies GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM units GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM officers GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM procedures GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM holidays GROUP BY _file_id
), sup AS (
    SELECT _file_id, count(*) AS n FROM cases_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM apologies_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM units_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM officers_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM procedures_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM holidays_superseded GROUP BY _file_id
)
SELECT f.file_id, f.run_id, f.path, f.sheet, f.kind, f.format, f.header_row, f.status,
       f.rows_read,
       coalesce((SELECT sum(n) FROM cur WHERE cur._file_id = f.file_id), 0)::BIGINT AS rows_loaded,
       f.rows_rejected,
       coalesce((SELECT sum(n) FROM sup WHERE sup._file_id = f.file_id), 0)::BIGINT AS rows_superseded,
       f.rows_blank, f.rows_summary, f.problems, f.unknown_columns, f.same_as_file_id, f.error, f.ingested_at
FROM files f;
