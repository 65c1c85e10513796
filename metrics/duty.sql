-- duty_segments (issue 5): for each counter of each unit on the roster, the stretches
-- of dates [lo, hi] over which the same officers are on duty there, with how many
-- (on_duty) and the first of them (officer_id, the one on duty when on_duty = 1).
-- Only the stretches that meet the period are kept, so a counter whose officers do not
-- change within it has one row, which holds the period's first day. An officer is on
-- duty from start_date (open: always) to end_date (open: 9999-12-31), both included;
-- the set changes only on a start date or the day after an end date, so those days
-- split the dates into the stretches.
-- Placeholders: $from, $to (DATE, both included). The statement is the body of a CTE.
WITH o AS (
    SELECT officer_id, unit_id, counter_id,
           coalesce(start_date, DATE '0001-01-01') AS a, coalesce(end_date, DATE '9999-12-31') AS b
    FROM officers
    WHERE unit_id IS NOT NULL AND counter_id IS NOT NULL
), cut AS (
    SELECT DISTINCT unit_id, counter_id, d FROM (
        SELECT unit_id, counter_id, DATE '0001-01-01' AS d FROM o
        UNION ALL SELECT unit_id, counter_id, a FROM o
        UNION ALL SELECT unit_id, counter_id, b + 1 FROM o WHERE b < DATE '9999-12-31'
    )
), seg AS (
    SELECT unit_id, counter_id, d AS lo,
           coalesce(lead(d) OVER (PARTITION BY unit_id, counter_id ORDER BY d) - 1, DATE '9999-12-31') AS hi
    FROM cut
)
SELECT s.unit_id, s.counter_id, s.lo, s.hi, count(o.officer_id) AS on_duty, min(o.officer_id) AS officer_id
FROM seg s
LEFT JOIN o ON o.unit_id = s.unit_id AND o.counter_id = s.counter_id AND o.a <= s.lo AND o.b >= s.lo
WHERE s.lo <= $to AND s.hi >= $from
GROUP BY ALL

-- name: changing
-- The counters whose officers may change within the period: someone starts after its
-- first day or ends before its last (a superset of the counters with two stretches).
SELECT DISTINCT counter_id FROM officers
WHERE unit_id IS NOT NULL AND counter_id IS NOT NULL AND (start_date > $from OR end_date < $to)
ORDER BY ALL
