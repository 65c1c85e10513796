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
), g AS (
    -- grouped on the stored columns (the defaults of severity and verified, and which
    -- rows look up the roster, are applied to the groups below)
    SELECT unit_id, officer_id, counter_id, $day AS d, type, severity, verified, count(*) AS n
    FROM (SELECT unit_id, officer_id, counter_id, occurred_at::DATE AS d, type, severity, verified
          FROM camera
          WHERE occurred_at >= $from AND occurred_at < $after)
    GROUP BY ALL
), k AS (
    SELECT unit_id, officer_id, CASE WHEN officer_id IS NULL THEN counter_id END AS counter_id,
           coalesce(d, $from) AS d, type, coalesce(severity, 1) AS severity, coalesce(verified, false) AS verified, n
    FROM g
)
SELECT coalesce(CASE WHEN k.officer_id IS NOT NULL THEN k.officer_id WHEN s.on_duty = 1 THEN s.officer_id END, '') AS officer,
       k.unit_id, k.type, k.severity, k.verified,
       k.officer_id IS NULL AND coalesce(s.on_duty, 0) = 1 AS attributed,
       sum(k.n)::BIGINT AS n
FROM k
LEFT JOIN duty_segments s ON s.unit_id = k.unit_id AND s.counter_id = k.counter_id
 AND k.d >= s.lo AND k.d <= s.hi
GROUP BY ALL
ORDER BY ALL;
