-- The case facts of a period, counted per combination of everything the timeliness tables
-- group or filter by: a few hundred thousand rows at most, however many cases there are,
-- plus one row per case listed by name (late without an on-time apology, reset traces).
-- aggregate.sql and period.sql read this table ($groups) instead of the facts, so the view
-- case_facts is computed once. Bound by aggregate.go: $facts (the facts view), $scope (the
-- cases of the period: received in it or still open at its start), $from and $to (the
-- period's first and last day, $to no later than the facts' as-of date).
--
-- The 06a columns (in_table, is_new, resolved, official, open_state) follow the official
-- layout: received cases count by their received day, resolved ones by the day they left
-- the workload (ended_on: completion; for withdrawn and refused cases completion, return or
-- received day), pending ones as a snapshot at the period's last day. New and not-accepted
-- cases are outside the table.
CREATE OR REPLACE TEMP TABLE $groups AS
SELECT district_id, unit_id, officer_id, procedure_code, field, channel,
       strftime(received_at, '%Y-%m') AS month,
       status, class, apology,
       coalesce(late_again, false) AS late_again, padded_due, reset_trace,
       CASE WHEN completed THEN workdays_taken END AS workdays,
       status NOT IN ('new', 'not_accepted') AS in_table,
       received_at::DATE >= $from AS is_new,
       ended_on IS NOT NULL AND ended_on <= $to AS resolved,
       -- the class the official layout gives a resolved case
       CASE WHEN class IN ('early', 'on_time', 'late') THEN class
            WHEN status = 'withdrawn' OR due_at IS NULL THEN 'on_time'
            WHEN ended_on < due_at::DATE THEN 'early'
            WHEN ended_on = due_at::DATE THEN 'on_time'
            ELSE 'late' END AS official,
       -- the state of a case still open at the period's end
       CASE WHEN status = 'paused' AND completed_at IS NULL THEN 'paused'
            WHEN due_at IS NULL THEN 'no_deadline'
            WHEN due_at::DATE < $to THEN 'overdue'
            ELSE 'in_time' END AS open_state,
       -- the cases listed by name (lists.sql) keep their own row and details
       class IN ('late', 'pending_overdue') AND apology <> 'apology_on_time' AS late_listed,
       CASE WHEN $listed THEN case_id END AS l_case_id,
       any_value(CASE WHEN $listed THEN received_at END) AS l_received_at,
       any_value(CASE WHEN $listed THEN due_at END) AS l_due_at,
       any_value(CASE WHEN $listed THEN completed_at END) AS l_completed_at,
       any_value(CASE WHEN $listed THEN workdays_late END) AS l_workdays_late,
       any_value(CASE WHEN $listed THEN apology_at END) AS l_apology_at,
       any_value(CASE WHEN $listed THEN apology_new_due_at END) AS l_new_due_at,
       count(*) AS n
FROM $facts
WHERE $scope
GROUP BY ALL -- (any_value: the details of a listed case, one case per group)
