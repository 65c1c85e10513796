-- case_facts: one row per case, as of a date: a view kept in the store (exportable like a
-- table, always computed from the current cases). Parameters are bound by facts.go:
-- $as_of (DATE) and $compare ('day' compares calendar days as the official reports do,
-- 'instant' compares timestamps). calendar_days(d, wd) holds, for every day of the
-- range, wd = the number of working days up to and including d.
CREATE OR REPLACE VIEW case_facts AS
WITH letters AS (
    SELECT case_id, min(issued_at) AS apology_at, arg_min(new_due_at, issued_at) AS new_due_at, count(*) AS letters
    FROM (
        SELECT case_id, issued_at, new_due_at FROM apologies
        UNION ALL
        SELECT case_id, apology_at, new_due_at FROM cases WHERE apology_at IS NOT NULL
    )
    -- a letter issued after the as-of date had not been written as of that date
    WHERE issued_at::DATE <= $as_of
    GROUP BY case_id
),
c AS (
    SELECT c.*,
           -- an event after the as-of date has not happened yet as of that date
           CASE WHEN c.completed_at::DATE <= $as_of THEN c.completed_at END AS done_at,
           p.statutory_days,
           coalesce(c.field, p.field) AS field_name,
           coalesce(c.district_id, u.district_id) AS district,
           l.apology_at AS letter_at, l.new_due_at AS letter_new_due, coalesce(l.letters, 0) AS letters
    FROM cases c
    LEFT JOIN procedures p USING (procedure_code)
    LEFT JOIN units u ON u.unit_id = c.unit_id
    LEFT JOIN letters l USING (case_id)
    WHERE c.received_at::DATE <= $as_of
),
k AS (
    SELECT c.*,
        CASE
            WHEN status IN ('new', 'not_accepted', 'withdrawn', 'refused') THEN status
            WHEN done_at IS NOT NULL AND due_at IS NULL THEN 'no_deadline'
            -- a due date without a time of day (midnight) means the end of that day
            WHEN done_at IS NOT NULL AND $compare = 'instant' THEN
                CASE WHEN done_at <= CASE WHEN due_at = due_at::DATE::TIMESTAMP
                                          THEN due_at + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND
                                          ELSE due_at END THEN
                        CASE WHEN done_at::DATE < due_at::DATE THEN 'early' ELSE 'on_time' END
                     ELSE 'late' END
            WHEN done_at IS NOT NULL THEN
                CASE WHEN done_at::DATE < due_at::DATE THEN 'early'
                     WHEN done_at::DATE = due_at::DATE THEN 'on_time'
                     ELSE 'late' END
            WHEN status = 'paused' THEN 'paused'
            WHEN due_at IS NULL THEN 'no_deadline'
            WHEN due_at::DATE < $as_of THEN 'pending_overdue'
            ELSE 'pending_in_time'
        END AS class
    FROM c
)
SELECT k.case_id, k.unit_id, k.officer_id, k.receiver_id, k.district AS district_id, k.procedure_code,
       k.field_name AS field, k.channel, k.status, k.received_at, k.due_at, k.done_at AS completed_at, k.returned_at,
       k.class,
       k.class IN ('early', 'on_time', 'late') AS completed,
       -- working days from the day received to the day completed (or the as-of day)
       wc.wd - wr.wd AS workdays_taken,
       CASE WHEN k.class = 'late' THEN wc.wd - wdue.wd
            WHEN k.class = 'pending_overdue' THEN wa.wd - wdue.wd END AS workdays_late,
       k.statutory_days,
       wdue.wd - wr.wd AS workdays_allowed,
       coalesce(k.due_at IS NOT NULL AND k.statutory_days IS NOT NULL AND wdue.wd - wr.wd > k.statutory_days, false) AS padded_due,
       k.letter_at AS apology_at, k.letter_new_due AS apology_new_due_at, k.letters,
       CASE WHEN k.class IN ('late', 'pending_overdue') THEN
            CASE WHEN k.letter_at IS NULL THEN 'no_apology'
                 WHEN k.letter_at::DATE <= k.due_at::DATE THEN 'apology_on_time'
                 ELSE 'apology_late' END
       END AS apology,
       CASE WHEN k.class IN ('late', 'pending_overdue') AND k.letter_new_due IS NOT NULL THEN
            coalesce(k.done_at::DATE, $as_of) > k.letter_new_due::DATE
       END AS late_again,
       coalesce(k.done_at = k.due_at, false) AS reset_trace,
       -- the day the case left the workload: completion; for cases closed without a
       -- result (withdrawn, refused) or never accepted, the completion day, else the return
       -- day, else (the log gives no date) the received day. A case whose closing date
       -- is after the as-of date had not left it yet (NULL).
       CASE WHEN k.status IN ('new', 'not_accepted', 'withdrawn', 'refused') THEN
                CASE WHEN coalesce(k.completed_at, k.returned_at) IS NULL THEN k.received_at::DATE
                     WHEN coalesce(k.completed_at, k.returned_at)::DATE <= $as_of
                         THEN coalesce(k.completed_at, k.returned_at)::DATE END
            ELSE k.done_at::DATE END AS ended_on
FROM k
LEFT JOIN calendar_days wr ON wr.d = k.received_at::DATE
LEFT JOIN calendar_days wc ON wc.d = coalesce(k.done_at::DATE, $as_of)
LEFT JOIN calendar_days wdue ON wdue.d = k.due_at::DATE
LEFT JOIN calendar_days wa ON wa.d = $as_of
