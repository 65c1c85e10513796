-- The case facts of a period counted per combination of the grouping keys (district, unit,
-- officer, procedure, field, channel, month received) and working days taken: a few hundred
-- thousand rows at most, however many cases there are. Every figure the timeliness tables
-- need is a count in it, so aggregate.sql and period.sql read this table ($groups) and the
-- view case_facts is computed once. A case listed by name (late without an on-time
-- apology, or a reset trace) keeps a row of its own with its details (lists.sql).
--
-- Bound by aggregate.go: $facts (the facts view), $scope (the cases of the period:
-- received in it or still open at its start), $from and $to (the period's first and last
-- day, $to no later than the facts' as-of date), $listed (the condition of a listed case).
--
-- The p_* counts are the official period table ("06a" layout): received cases count by
-- their received day, resolved ones by the day they left the workload (ended_on:
-- completion; for withdrawn and refused cases completion, return or received day),
-- pending ones as a snapshot at the period's last day; new and not-accepted cases are
-- outside it. The official layout counts a resolved case without a due date or withdrawn
-- as on time, and a pending one without a due date or paused as in time.
CREATE OR REPLACE TEMP TABLE $groups AS
WITH f AS (
    SELECT district_id, unit_id, officer_id, procedure_code, field, channel,
           date_trunc('month', received_at)::DATE AS month,
           CASE WHEN completed THEN workdays_taken END AS workdays,
           CASE WHEN $listed THEN case_id END AS l_case_id,
           case_id, received_at, due_at, completed_at, workdays_late, apology_at, apology_new_due_at,
           status, class, apology, coalesce(late_again, false) AS late_again, padded_due, reset_trace,
           class IN ('late', 'pending_overdue') AND apology <> 'apology_on_time' AS late_listed,
           status NOT IN ('new', 'not_accepted') AS in_table,
           received_at::DATE >= $from AS is_new,
           ended_on IS NOT NULL AND ended_on <= $to AS resolved,
           CASE WHEN class IN ('early', 'on_time', 'late') THEN class
                WHEN status = 'withdrawn' OR due_at IS NULL THEN 'on_time'
                WHEN ended_on < due_at::DATE THEN 'early'
                WHEN ended_on = due_at::DATE THEN 'on_time'
                ELSE 'late' END AS official,
           CASE WHEN status = 'paused' AND completed_at IS NULL THEN 'paused'
                WHEN due_at IS NULL THEN 'no_deadline'
                WHEN due_at::DATE < $to THEN 'overdue'
                ELSE 'in_time' END AS open_state
    FROM $facts
    WHERE $scope
)
SELECT district_id, unit_id, officer_id, procedure_code, field, channel, month, workdays, l_case_id,
       count(*) AS cases,
       count(*) FILTER (class = 'early') AS early,
       count(*) FILTER (class = 'on_time') AS on_time,
       count(*) FILTER (class = 'late') AS late,
       count(*) FILTER (class = 'pending_in_time') AS pending_in_time,
       count(*) FILTER (class = 'pending_overdue') AS pending_overdue,
       count(*) FILTER (class = 'paused') AS paused,
       count(*) FILTER (class = 'no_deadline') AS no_deadline,
       count(*) FILTER (class IN ('new', 'not_accepted', 'withdrawn', 'refused')) AS excluded,
       count(*) FILTER (apology = 'apology_on_time') AS apology_on_time,
       count(*) FILTER (apology = 'apology_late') AS apology_late,
       count(*) FILTER (apology = 'no_apology') AS no_apology,
       count(*) FILTER (late_again) AS late_again,
       count(*) FILTER (padded_due) AS padded_due,
       count(*) FILTER (reset_trace) AS reset_trace,
       count(*) FILTER (in_table) AS p_total,
       count(*) FILTER (in_table AND is_new) AS p_new,
       count(*) FILTER (in_table AND is_new AND channel = 'online') AS p_new_online,
       count(*) FILTER (in_table AND is_new AND channel = 'direct') AS p_new_direct,
       count(*) FILTER (in_table AND is_new AND channel = 'postal') AS p_new_postal,
       count(*) FILTER (in_table AND NOT is_new) AS p_carried,
       count(*) FILTER (in_table AND resolved) AS p_resolved,
       count(*) FILTER (in_table AND resolved AND official = 'early') AS p_early,
       count(*) FILTER (in_table AND resolved AND official = 'on_time') AS p_on_time,
       count(*) FILTER (in_table AND resolved AND official = 'late') AS p_late,
       count(*) FILTER (in_table AND NOT resolved) AS p_pending,
       count(*) FILTER (in_table AND NOT resolved AND open_state = 'overdue') AS p_pending_overdue,
       count(*) FILTER (in_table AND NOT resolved AND open_state = 'paused') AS p_paused,
       count(*) FILTER (in_table AND NOT resolved AND open_state = 'no_deadline') AS p_pending_no_deadline,
       count(*) FILTER (in_table AND resolved AND status = 'withdrawn') AS p_withdrawn,
       count(*) FILTER (in_table AND resolved AND status = 'refused') AS p_refused,
       count(*) FILTER (in_table AND resolved AND class = 'no_deadline') AS p_resolved_no_deadline,
       count(*) FILTER (in_table AND resolved AND class = 'early') AS p_own_early,
       count(*) FILTER (in_table AND resolved AND class = 'on_time') AS p_own_on_time,
       count(*) FILTER (in_table AND resolved AND class = 'late') AS p_own_late,
       -- the details of a listed case (its row holds that case alone)
       any_value(received_at) FILTER (l_case_id IS NOT NULL) AS l_received_at,
       any_value(due_at) FILTER (l_case_id IS NOT NULL) AS l_due_at,
       any_value(completed_at) FILTER (l_case_id IS NOT NULL) AS l_completed_at,
       any_value(workdays_late) FILTER (l_case_id IS NOT NULL) AS l_workdays_late,
       any_value(apology_at) FILTER (l_case_id IS NOT NULL) AS l_apology_at,
       any_value(apology_new_due_at) FILTER (l_case_id IS NOT NULL) AS l_new_due_at,
       any_value(class) FILTER (l_case_id IS NOT NULL) AS l_class,
       any_value(apology) FILTER (l_case_id IS NOT NULL) AS l_apology,
       bool_or(late_again) FILTER (l_case_id IS NOT NULL) AS l_late_again,
       bool_or(late_listed) FILTER (l_case_id IS NOT NULL) AS l_late_listed,
       bool_or(reset_trace) FILTER (l_case_id IS NOT NULL) AS l_reset
FROM f
GROUP BY district_id, unit_id, officer_id, procedure_code, field, channel, month, workdays, l_case_id
