-- The evidence behind one officer's scorecard (issue 6). Placeholders: $from, $to
-- (DATE, both included); $s5, $s3 (lowest satisfied point of the 5- and 3-point
-- scales). The officer is the query's one parameter. conduct_incidents is the view
-- conduct.sql builds for the same period.

-- name: incidents
SELECT coalesce(incident_id, ''), unit_id, coalesce(counter_id, ''), occurred_at, type, severity, verified, attributed
FROM conduct_incidents
WHERE officer = ?
ORDER BY occurred_at, incident_id;

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
