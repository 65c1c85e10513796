-- The official period table ("06a" layout of provincial one-stop systems) per group of
-- case_facts. Bound by period.go: $from and $to (DATE, the period's first and last day,
-- $to no later than the as-of date) and $key, the grouping expression from a fixed list.
--
-- Received cases count by their received day, resolved ones by their completion day,
-- pending ones as a snapshot at the period's last day. New and not-accepted cases are
-- outside the table. A withdrawn or refused case ends on its completion day, else on its
-- return day, else on its received day (the log gives no other date for it).
WITH p AS (
    SELECT f.*, ended_on AS end_day
    FROM case_facts f
    WHERE status NOT IN ('new', 'not_accepted') AND received_at::DATE <= $to
),
s AS (
    SELECT p.*,
           received_at::DATE >= $from AS is_new,
           end_day IS NOT NULL AND end_day <= $to AS resolved,
           -- the class the official layout gives a resolved case
           CASE WHEN class IN ('early', 'on_time', 'late') THEN class
                WHEN status = 'withdrawn' OR due_at IS NULL THEN 'on_time'
                WHEN end_day < due_at::DATE THEN 'early'
                WHEN end_day = due_at::DATE THEN 'on_time'
                ELSE 'late' END AS official,
           -- the state of a case still open at the period's end
           CASE WHEN status = 'paused' AND completed_at IS NULL THEN 'paused'
                WHEN due_at IS NULL THEN 'no_deadline'
                WHEN due_at::DATE < $to THEN 'overdue'
                ELSE 'in_time' END AS open_state
    FROM p
    WHERE end_day IS NULL OR end_day >= $from
)
SELECT coalesce(($key)::VARCHAR, '') AS key,
       count(*) AS total,
       count(*) FILTER (is_new) AS new_total,
       count(*) FILTER (is_new AND channel = 'online') AS new_online,
       count(*) FILTER (is_new AND channel = 'direct') AS new_direct,
       count(*) FILTER (is_new AND channel = 'postal') AS new_postal,
       count(*) FILTER (NOT is_new) AS carried,
       count(*) FILTER (resolved) AS resolved,
       count(*) FILTER (resolved AND official = 'early') AS early,
       count(*) FILTER (resolved AND official = 'on_time') AS on_time,
       count(*) FILTER (resolved AND official = 'late') AS late,
       count(*) FILTER (NOT resolved) AS pending,
       count(*) FILTER (NOT resolved AND open_state = 'overdue') AS pending_overdue,
       count(*) FILTER (NOT resolved AND open_state = 'paused') AS paused,
       count(*) FILTER (NOT resolved AND open_state = 'no_deadline') AS pending_no_deadline,
       -- what the official layout reclassifies, and congvu's own basis
       count(*) FILTER (resolved AND status = 'withdrawn') AS withdrawn,
       count(*) FILTER (resolved AND status = 'refused') AS refused,
       count(*) FILTER (resolved AND class = 'no_deadline') AS resolved_no_deadline,
       count(*) FILTER (resolved AND class = 'early') AS own_early,
       count(*) FILTER (resolved AND class = 'on_time') AS own_on_time,
       count(*) FILTER (resolved AND class = 'late') AS own_late
FROM s
GROUP BY ALL
ORDER BY key
