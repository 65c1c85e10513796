-- case_facts: one row per case, as of a date: a view kept in the store (exportable like a
-- table, always computed from the current cases), over case_facts_coded, which gives the
-- class and the apology status as small integer codes (the counting pass of groups.sql
-- reads it: integer comparisons cost a fraction of text ones on millions of rows).
-- Parameters are bound by facts.go: $as_of (DATE) and $compare ('day' compares calendar
-- days as the official reports do, 'instant' compares timestamps). calendar_days(d, wd)
-- holds, for every day of the range, wd = the number of working days up to and including d.
--
-- Codes (facts.go names them: $class and $apology give the names): class 1 early, 2 on_time, 3 late, 4 pending_in_time,
-- 5 pending_overdue, 6 paused, 7 no_deadline, 8 new, 9 not_accepted, 10 withdrawn,
-- 11 refused, 12 undated (done or returned by its status, with neither a completion nor a
-- return date); apology (late and pending-overdue cases only, else 0) 1 apology_on_time,
-- 2 apology_late, 3 no_apology.
CREATE OR REPLACE VIEW case_facts_coded AS
WITH letters AS (
    -- the letters of the apologies file; a case's own letter (cases.apology_at) is
    -- taken in c below, without a join
    SELECT case_id, min(issued_at) AS apology_at, arg_min(new_due_at, issued_at) AS new_due_at, count(*) AS letters
    FROM apologies
    -- a letter issued after the as-of date had not been written as of that date
    WHERE issued_at::DATE <= $as_of
    GROUP BY case_id
),
own AS (
    SELECT c.*, CASE WHEN c.apology_at::DATE <= $as_of THEN c.apology_at END AS own_letter_at
    FROM cases c
    WHERE c.received_at::DATE <= $as_of
),
c AS (
    SELECT c.case_id, c.unit_id, c.officer_id, c.receiver_id, c.procedure_code, c.channel, c.status,
           c.received_at, c.due_at, c.completed_at, c.returned_at,
           c.received_at::DATE AS received_on,
           c.due_at::DATE AS due_on,
           -- an event after the as-of date has not happened yet as of that date; a case
           -- returned to the citizen without a completion date had its result by then
           CASE WHEN coalesce(c.completed_at, c.returned_at)::DATE <= $as_of
                THEN coalesce(c.completed_at, c.returned_at) END AS done_at,
           CASE WHEN coalesce(c.completed_at, c.returned_at)::DATE <= $as_of
                THEN coalesce(c.completed_at, c.returned_at)::DATE END AS done_on,
           -- the completion timestamp as the log gives it (reset traces)
           CASE WHEN c.completed_at::DATE <= $as_of THEN c.completed_at END AS logged_done_at,
           CASE c.status WHEN 'new' THEN 8 WHEN 'not_accepted' THEN 9
                         -- withdrawn or refused after the as-of date: still open as of it
                         WHEN 'withdrawn' THEN CASE WHEN coalesce(c.completed_at, c.returned_at)::DATE > $as_of THEN 0 ELSE 10 END
                         WHEN 'refused' THEN CASE WHEN coalesce(c.completed_at, c.returned_at)::DATE > $as_of THEN 0 ELSE 11 END
                         WHEN 'paused' THEN 6
                         -- finished by the log's word, but it gives no date to class it by
                         WHEN 'done' THEN CASE WHEN c.completed_at IS NULL AND c.returned_at IS NULL THEN 12 ELSE 0 END
                         WHEN 'returned' THEN CASE WHEN c.completed_at IS NULL AND c.returned_at IS NULL THEN 12 ELSE 0 END
                         ELSE 0 END::UTINYINT AS closed,
           p.statutory_days,
           coalesce(c.field, p.field) AS field,
           coalesce(c.district_id, u.district_id) AS district_id,
           -- the first letter: the case's own or the apologies file's
           CASE WHEN l.apology_at IS NULL OR c.own_letter_at <= l.apology_at THEN coalesce(c.own_letter_at, l.apology_at)
                ELSE l.apology_at END AS letter_at,
           CASE WHEN l.apology_at IS NULL OR c.own_letter_at <= l.apology_at
                THEN CASE WHEN c.own_letter_at IS NOT NULL THEN c.new_due_at ELSE l.new_due_at END
                ELSE l.new_due_at END AS letter_new_due,
           (c.own_letter_at IS NOT NULL)::INTEGER + coalesce(l.letters, 0) AS letters
    FROM own c
    LEFT JOIN procedures p USING (procedure_code)
    LEFT JOIN units u ON u.unit_id = c.unit_id
    LEFT JOIN letters l USING (case_id)
),
k AS (
    SELECT c.*,
        CASE
            WHEN closed >= 8 THEN closed
            WHEN done_on IS NOT NULL AND due_on IS NULL THEN 7
            -- a due date without a time of day (midnight) means the end of that day
            WHEN done_on IS NOT NULL AND $compare = 'instant' THEN
                CASE WHEN done_at <= CASE WHEN due_at = due_on::TIMESTAMP
                                          THEN due_at + INTERVAL 1 DAY - INTERVAL 1 MICROSECOND
                                          ELSE due_at END THEN
                        CASE WHEN done_on < due_on THEN 1 ELSE 2 END
                     ELSE 3 END
            WHEN done_on IS NOT NULL THEN
                CASE WHEN done_on < due_on THEN 1
                     WHEN done_on = due_on THEN 2
                     ELSE 3 END
            WHEN closed = 6 THEN 6
            WHEN due_on IS NULL THEN 7
            WHEN due_on < $as_of THEN 5
            ELSE 4
        END::UTINYINT AS cls
    FROM c
)
SELECT k.case_id, k.unit_id, k.officer_id, k.receiver_id, k.district_id, k.procedure_code,
       k.field, k.channel, k.status, k.received_at, k.due_at, k.done_at AS completed_at, k.returned_at,
       k.received_on, k.due_on, k.cls,
       -- working days from the day received to the day completed (or the as-of day)
       wc.wd - wr.wd AS workdays_taken,
       CASE WHEN k.cls = 3 THEN wc.wd - wdue.wd
            WHEN k.cls = 5 THEN wc.wd - wdue.wd END AS workdays_late,
       k.statutory_days,
       wdue.wd - wr.wd AS workdays_allowed,
       coalesce(k.due_on IS NOT NULL AND k.statutory_days IS NOT NULL AND wdue.wd - wr.wd > k.statutory_days, false) AS padded_due,
       k.letter_at AS apology_at, k.letter_new_due AS apology_new_due_at, k.letters,
       CASE WHEN k.cls NOT IN (3, 5) THEN 0
            WHEN k.letter_at IS NULL THEN 3
            WHEN k.letter_at::DATE <= k.due_on THEN 1
            ELSE 2 END::UTINYINT AS apo,
       CASE WHEN k.cls IN (3, 5) AND k.letter_new_due IS NOT NULL THEN
            coalesce(k.done_on, $as_of) > k.letter_new_due::DATE
       END AS late_again,
       coalesce(k.logged_done_at = k.due_at, false) AS reset_trace,
       -- the day the case left the workload: completion (else return); for cases closed
       -- without a result (withdrawn, refused), never accepted or undated, the completion
       -- day, else the return day, else (the log gives no date) the received day. A case whose closing date
       -- is after the as-of date had not left it yet (NULL).
       CASE WHEN k.cls >= 8 THEN
                CASE WHEN coalesce(k.completed_at, k.returned_at) IS NULL THEN k.received_on
                     WHEN coalesce(k.completed_at, k.returned_at)::DATE <= $as_of
                         THEN coalesce(k.completed_at, k.returned_at)::DATE END
            ELSE k.done_on END AS ended_on
FROM k
-- the as-of day's working-day number is the completion's for a case not completed
LEFT JOIN calendar_days wr ON wr.d = k.received_on
LEFT JOIN calendar_days wc ON wc.d = coalesce(k.done_on, $as_of)
LEFT JOIN calendar_days wdue ON wdue.d = k.due_on;

CREATE OR REPLACE VIEW case_facts AS
SELECT case_id, unit_id, officer_id, receiver_id, district_id, procedure_code,
       field, channel, status, received_at, due_at, completed_at, returned_at,
       $class AS class,
       cls <= 3 AS completed,
       workdays_taken, workdays_late, statutory_days, workdays_allowed, padded_due,
       apology_at, apology_new_due_at, letters,
       $apology AS apology,
       late_again, reset_trace, ended_on
FROM case_facts_coded;
