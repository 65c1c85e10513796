-- Conduct (issue 5): the camera incidents of the period counted per officer, unit, type,
-- severity and verification. An incident names its officer, or only its counter: then it
-- counts against the officer the roster puts at that counter of that unit on that day
-- when there is exactly one (duty_segments, duty.sql); else it stays at unit level
-- (officer ''). The incidents are counted per unit, counter (and day, where the counter
-- changes hands in the period) before they meet the roster, so the roster is looked up
-- once per group, not per incident.
-- Placeholders: $from, $to (DATE, both included), $after (the day after $to);
-- $duty_segments (duty.sql); $day (the day an unnamed incident keeps for the roster, an
-- expression of counter_id and d: see dutyLookup; NULL stands for any day of the period,
-- so $from).

-- name: counts
WITH duty_segments AS (
$duty_segments
), inc AS (
    SELECT unit_id, counter_id, officer_id, occurred_at::DATE AS d, type,
           coalesce(severity, 1) AS severity, coalesce(verified, false) AS verified
    FROM camera
    WHERE occurred_at >= $from AND occurred_at < $after
), g AS (
    SELECT unit_id, officer_id,
           CASE WHEN officer_id IS NULL THEN counter_id END AS counter_id,
           CASE WHEN officer_id IS NULL AND counter_id IS NOT NULL THEN coalesce($day, $from) END AS d,
           type, severity, verified, count(*) AS n
    FROM inc
    GROUP BY ALL
)
SELECT coalesce(CASE WHEN g.officer_id IS NOT NULL THEN g.officer_id WHEN s.on_duty = 1 THEN s.officer_id END, '') AS officer,
       g.unit_id, g.type, g.severity, g.verified,
       g.officer_id IS NULL AND coalesce(s.on_duty, 0) = 1 AS attributed,
       sum(g.n)::BIGINT AS n
FROM g
LEFT JOIN duty_segments s ON s.unit_id = g.unit_id AND s.counter_id = g.counter_id
 AND g.d >= s.lo AND g.d <= s.hi
GROUP BY ALL
ORDER BY ALL;
