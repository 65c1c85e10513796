-- The cases of the official period table ("06a" layout of provincial one-stop systems),
-- each with its place in the table, from the case facts ($facts). $from and $to are the
-- period's first and last day, $to no later than the as-of date. period.go puts this in
-- front of one copy of period.sql per dimension, joined with UNION ALL.
--
-- Received cases count by their received day, resolved ones by their completion day,
-- pending ones as a snapshot at the period's last day. New and not-accepted cases are
-- outside the table. A withdrawn or refused case ends on its completion day, else on its
-- return day, else on its received day (the log gives no other date for it).
WITH p AS (
    SELECT f.*, ended_on AS end_day
    FROM $facts f
    WHERE status NOT IN ('new', 'not_accepted') AND received_at::DATE <= $to
),
s AS MATERIALIZED (
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
