-- The case facts of a period, counted per combination of everything the timeliness tables
-- group or filter by: a few hundred thousand rows at most, however many cases there are,
-- plus one row per case listed by name (late without an on-time apology, reset traces).
-- aggregate.sql, period.sql and lists.sql read this table ($groups) instead of the facts,
-- so the facts are computed once. Bound by aggregate.go: $facts (case_facts_coded, or a
-- subquery over it), $scope (the cases of the period: received in it or still open at its
-- start), $from and $to (the period's first and last day, $to no later than the facts'
-- as-of date), $listed (the condition for a case listed by name). cls and apo are the
-- codes of facts.sql.
--
-- The 06a columns (is_new, resolved, official, open_state) follow the official layout:
-- received cases count by their received day, resolved ones by the day they left the
-- workload (ended_on: completion; for withdrawn and refused cases completion, return or
-- received day), pending ones as a snapshot at the period's last day. New, not-accepted
-- and undated cases (cls 8, 9, 12) are outside the table.
CREATE OR REPLACE TEMP TABLE $groups AS
SELECT district_id, unit_id, officer_id, procedure_code, field, channel,
       date_trunc('month', received_on) AS month,
       cls, apo,
       coalesce(late_again, false) AS late_again, padded_due, reset_trace,
       CASE WHEN cls <= 3 THEN workdays_taken END AS workdays,
       received_on >= $from AS is_new,
       coalesce(ended_on <= $to, false) AS resolved,
       -- the class the official layout gives a resolved case (0: not resolved):
       -- 1 early, 2 on time, 3 late
       CASE WHEN NOT coalesce(ended_on <= $to, false) THEN 0
            WHEN cls <= 3 THEN cls
            WHEN cls = 10 OR due_on IS NULL THEN 2
            WHEN ended_on < due_on THEN 1
            WHEN ended_on = due_on THEN 2
            ELSE 3 END::UTINYINT AS official,
       -- the state of a case still open at the period's end (0: resolved):
       -- 1 in time, 2 overdue, 3 paused, 4 no deadline
       CASE WHEN coalesce(ended_on <= $to, false) THEN 0
            WHEN cls = 6 THEN 3
            WHEN due_on IS NULL THEN 4
            WHEN due_on < $to THEN 2
            ELSE 1 END::UTINYINT AS open_state,
       -- the cases listed by name (lists.sql) keep their own row and details
       CASE WHEN $listed THEN case_id END AS l_case_id,
       CASE WHEN $listed THEN received_at END AS l_received_at,
       CASE WHEN $listed THEN due_at END AS l_due_at,
       CASE WHEN $listed THEN completed_at END AS l_completed_at,
       CASE WHEN $listed THEN workdays_late END AS l_workdays_late,
       CASE WHEN $listed THEN apology_at END AS l_apology_at,
       CASE WHEN $listed THEN apology_new_due_at END AS l_new_due_at,
       count(*) AS n
FROM $facts
WHERE $scope
GROUP BY ALL
