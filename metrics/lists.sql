-- The cases listed by name for the inspector, in one pass over the case facts ($facts;
-- $scope keeps the period's cases), at most $limit per list, each row with its list's
-- full count:
--   late:  late and pending-overdue cases without an apology letter issued on time;
--   reset: cases completed exactly at their due instant, the trace of an administrator's
--          "reset overdue dossier" (listed only; their class is kept).
WITH f AS MATERIALIZED (
    SELECT * FROM $facts
    WHERE $scope AND (reset_trace OR (class IN ('late', 'pending_overdue') AND apology <> 'apology_on_time'))
),
l AS (
    SELECT 'late' AS list, case_id, coalesce(unit_id, '') AS unit_id, coalesce(officer_id, '') AS officer_id,
           coalesce(procedure_code, '') AS procedure_code, received_at, due_at, completed_at, class,
           coalesce(workdays_late, 0) AS workdays_late, apology, apology_at, apology_new_due_at,
           coalesce(late_again, false) AS late_again,
           count(*) OVER () AS total,
           row_number() OVER (ORDER BY unit_id NULLS FIRST, officer_id NULLS FIRST, due_at, case_id) AS n
    FROM f
    WHERE class IN ('late', 'pending_overdue') AND apology <> 'apology_on_time'
    UNION ALL
    SELECT 'reset', case_id, coalesce(unit_id, ''), coalesce(officer_id, ''), coalesce(procedure_code, ''),
           received_at, due_at, completed_at, class, 0, '', NULL, NULL, false,
           count(*) OVER (),
           row_number() OVER (ORDER BY unit_id NULLS FIRST, officer_id NULLS FIRST, due_at, case_id)
    FROM f
    WHERE reset_trace
)
SELECT list, case_id, unit_id, officer_id, procedure_code, received_at, due_at, completed_at, class,
       workdays_late, apology, apology_at, apology_new_due_at, late_again, total
FROM l
WHERE n <= $limit
ORDER BY list, n
