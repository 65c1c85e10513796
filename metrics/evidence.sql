-- The evidence behind one officer's scorecard (issue 6). Placeholders: $from, $to
-- (DATE, both included); $s5, $s3 (lowest satisfied point of the 5- and 3-point
-- scales). The officer is bound as the queries' parameters.

-- name: incidents
-- The officer's incidents of the period: those naming the officer, and those naming only a
-- counter where the roster puts this officer, alone, on that day (as conduct.sql
-- attributes them). The officer is the first two parameters.
WITH inc AS (
    SELECT c.*
    FROM camera c
    WHERE c.occurred_at::DATE BETWEEN $from AND $to
      AND (c.officer_id = ?
           OR (c.officer_id IS NULL AND EXISTS (
               SELECT 1 FROM officers o WHERE o.officer_id = ? AND o.unit_id = c.unit_id AND o.counter_id = c.counter_id)))
), duty AS (
    SELECT i.incident_id, min(o.officer_id) AS officer_id
    FROM inc i
    JOIN officers o ON o.unit_id = i.unit_id AND o.counter_id = i.counter_id
     AND i.occurred_at::DATE >= coalesce(o.start_date, DATE '0001-01-01')
     AND i.occurred_at::DATE <= coalesce(o.end_date, DATE '9999-12-31')
    WHERE i.officer_id IS NULL
    GROUP BY i.incident_id
    HAVING count(DISTINCT o.officer_id) = 1
)
SELECT coalesce(i.incident_id, ''), i.unit_id, coalesce(i.counter_id, ''), i.occurred_at, i.type,
       coalesce(i.severity, 1), coalesce(i.verified, false), i.officer_id IS NULL AS attributed
FROM inc i
LEFT JOIN duty d USING (incident_id)
WHERE coalesce(i.officer_id, d.officer_id) = ?
ORDER BY i.occurred_at, i.incident_id;

-- name: ratings
-- The answers about the officer that are not satisfied, attributed as satisfaction.sql
-- does: the officer named, else the handler of the case, else the one officer on duty
-- at the counter.
WITH a AS (
    SELECT * FROM survey_answers WHERE answered_at::DATE BETWEEN $from AND $to
), duty AS (
    SELECT a.response_id, min(o.officer_id) AS officer_id
    FROM (SELECT DISTINCT response_id, unit_id, counter_id, answered_at FROM a WHERE officer_id IS NULL AND counter_id IS NOT NULL) a
    JOIN officers o ON o.unit_id = a.unit_id AND o.counter_id = a.counter_id
     AND a.answered_at::DATE >= coalesce(o.start_date, DATE '0001-01-01')
     AND a.answered_at::DATE <= coalesce(o.end_date, DATE '9999-12-31')
    GROUP BY a.response_id
    HAVING count(*) = 1
)
SELECT coalesce(a.response_id, ''), a.unit_id, a.answered_at, coalesce(a.channel, ''), coalesce(a.counter_id, ''),
       coalesce(a.case_id, ''), coalesce(a.item, ''), a.score, a.scale
FROM a
LEFT JOIN cases c ON c.case_id = a.case_id
LEFT JOIN duty d ON d.response_id = a.response_id
WHERE coalesce(a.officer_id, c.officer_id, d.officer_id) = ?
  AND a.score IS NOT NULL
  AND NOT (CASE WHEN a.scale = 3 THEN a.score >= $s3 ELSE a.score >= $s5 END)
ORDER BY a.answered_at, a.response_id, a.item;
