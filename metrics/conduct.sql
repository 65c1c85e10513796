-- Conduct (issue 5): the camera incidents of the period, each with the officer it
-- counts against, then their counts per officer, unit, type, severity and verification.
-- Placeholders: $from, $to (DATE, both included).

-- conduct_incidents: an incident names its officer, or only its counter: then it counts
-- against the officer the roster puts at that counter of that unit on that day when
-- there is exactly one; else it stays at unit level (officer NULL).
CREATE OR REPLACE TEMP VIEW conduct_incidents AS
WITH inc AS (
    SELECT incident_id, unit_id, counter_id, officer_id, occurred_at, type,
           coalesce(severity, 1) AS severity, coalesce(verified, false) AS verified
    FROM camera
    WHERE occurred_at::DATE BETWEEN $from AND $to
), duty AS (
    SELECT i.incident_id, min(o.officer_id) AS officer_id, count(*) AS on_duty
    FROM inc i
    JOIN officers o ON o.unit_id = i.unit_id AND o.counter_id = i.counter_id
     AND i.occurred_at::DATE >= coalesce(o.start_date, DATE '0001-01-01')
     AND i.occurred_at::DATE <= coalesce(o.end_date, DATE '9999-12-31')
    WHERE i.officer_id IS NULL AND i.counter_id IS NOT NULL
    GROUP BY i.incident_id
)
SELECT i.*,
       CASE WHEN i.officer_id IS NOT NULL THEN i.officer_id WHEN d.on_duty = 1 THEN d.officer_id END AS officer,
       i.officer_id IS NULL AND coalesce(d.on_duty, 0) = 1 AS attributed,
       coalesce(d.on_duty, 0) AS on_duty
FROM inc i LEFT JOIN duty d USING (incident_id);

-- name: counts
SELECT coalesce(officer, '') AS officer, unit_id, type, severity, verified, attributed, count(*) AS n
FROM conduct_incidents
GROUP BY ALL
ORDER BY ALL;
