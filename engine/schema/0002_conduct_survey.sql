-- 0002: camera incidents, survey responses, questionnaire items and the unit crosswalk
-- (issue 5), each with its *_superseded twin as in 0001; the survey_answers view that
-- reshapes wide questionnaires to long rows; file_accounting extended to the new tables.

CREATE TABLE camera (
    incident_id        VARCHAR,
    camera_id          VARCHAR,
    unit_id            VARCHAR,
    counter_id         VARCHAR,
    officer_id         VARCHAR,
    occurred_at        TIMESTAMP,
    type               VARCHAR,
    severity           BIGINT,
    duration_s         BIGINT,
    verified           BOOLEAN,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE camera_superseded (
    incident_id        VARCHAR,
    camera_id          VARCHAR,
    unit_id            VARCHAR,
    counter_id         VARCHAR,
    officer_id         VARCHAR,
    occurred_at        TIMESTAMP,
    type               VARCHAR,
    severity           BIGINT,
    duration_s         BIGINT,
    verified           BOOLEAN,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

CREATE TABLE survey (
    response_id        VARCHAR,
    unit_id            VARCHAR,
    answered_at        TIMESTAMP,
    channel            VARCHAR,
    device_id          VARCHAR,
    counter_id         VARCHAR,
    officer_id         VARCHAR,
    case_id            VARCHAR,
    respondent         VARCHAR,
    rating             BIGINT,
    scale              BIGINT,
    answers            VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE survey_superseded (
    response_id        VARCHAR,
    unit_id            VARCHAR,
    answered_at        TIMESTAMP,
    channel            VARCHAR,
    device_id          VARCHAR,
    counter_id         VARCHAR,
    officer_id         VARCHAR,
    case_id            VARCHAR,
    respondent         VARCHAR,
    rating             BIGINT,
    scale              BIGINT,
    answers            VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

CREATE TABLE survey_items (
    item               VARCHAR,
    element            VARCHAR,
    text               VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE survey_items_superseded (
    item               VARCHAR,
    element            VARCHAR,
    text               VARCHAR,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

CREATE TABLE unit_crosswalk (
    old_unit_id        VARCHAR,
    new_unit_id        VARCHAR,
    effective_date     DATE,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL
);

CREATE TABLE unit_crosswalk_superseded (
    old_unit_id        VARCHAR,
    new_unit_id        VARCHAR,
    effective_date     DATE,
    _file_id           BIGINT NOT NULL,
    _row               BIGINT NOT NULL,
    _hash              UBIGINT NOT NULL,
    _by_file_id        BIGINT NOT NULL,
    _by_row            BIGINT NOT NULL
);

-- One row per response × item: a single rating (button, web form, SMS) is one row with
-- item NULL and its own scale; a questionnaire's answers column "C1=4;C2=5" gives one
-- row per answered item, on the 5-point scale.
CREATE VIEW survey_answers AS
SELECT response_id, unit_id, answered_at, channel, device_id, counter_id, officer_id, case_id, respondent,
       NULL::VARCHAR AS item, rating AS score, scale, _file_id, _row
FROM survey
WHERE rating IS NOT NULL
UNION ALL
SELECT response_id, unit_id, answered_at, channel, device_id, counter_id, officer_id, case_id, respondent,
       split_part(a, '=', 1) AS item, TRY_CAST(split_part(a, '=', 2) AS BIGINT) AS score, 5::BIGINT AS scale, _file_id, _row
FROM (SELECT *, unnest(string_split(answers, ';')) AS a FROM survey WHERE answers IS NOT NULL AND answers <> '');

-- The live row accounting of every file, now over the tables of 0001 and 0002.
CREATE OR REPLACE VIEW file_accounting AS
WITH cur AS (
    SELECT _file_id, count(*) AS n FROM cases GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM apologies GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM units GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM officers GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM procedures GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM holidays GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM camera GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM survey GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM survey_items GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM unit_crosswalk GROUP BY _file_id
), sup AS (
    SELECT _file_id, count(*) AS n FROM cases_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM apologies_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM units_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM officers_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM procedures_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM holidays_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM camera_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM survey_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM survey_items_superseded GROUP BY _file_id
    UNION ALL SELECT _file_id, count(*) AS n FROM unit_crosswalk_superseded GROUP BY _file_id
)
SELECT f.file_id, f.run_id, f.path, f.sheet, f.kind, f.format, f.header_row, f.status,
       f.rows_read,
       coalesce((SELECT sum(n) FROM cur WHERE cur._file_id = f.file_id), 0)::BIGINT AS rows_loaded,
       f.rows_rejected,
       coalesce((SELECT sum(n) FROM sup WHERE sup._file_id = f.file_id), 0)::BIGINT AS rows_superseded,
       f.rows_blank, f.rows_summary, f.problems, f.unknown_columns, f.same_as_file_id, f.error, f.ingested_at
FROM files f;
