-- The cases listed by name for the inspector, from the counted facts of groups.sql
-- ($groups), where each of them kept its own row; at most $limit per list, each row with
-- its list's full count:
--   late:  late and pending-overdue cases without an apology letter issued on time;
--   reset: cases completed exactly at their due instant, the trace of an administrator's
--          "reset overdue dossier" (listed only; their class is kept).
WITH l AS (
    SELECT 'late' AS list, l_case_id AS case_id, coalesce(unit_id, '') AS unit_id, coalesce(officer_id, '') AS officer_id,
           coalesce(procedure_code, '') AS procedure_code, l_received_at AS received_at, l_due_at AS due_at,
           l_completed_at AS completed_at, $class AS class, coalesce(l_workdays_late, 0) AS workdays_late, $apology AS apology,
           l_apology_at AS apology_at, l_new_due_at AS apology_new_due_at, late_again,
           count(*) OVER () AS total,
           row_number() OVER (ORDER BY unit_id NULLS FIRST, officer_id NULLS FIRST, l_due_at, l_case_id) AS n
    FROM $groups
    WHERE l_case_id IS NOT NULL AND cls IN (3, 5) AND apo <> 1
    UNION ALL
    SELECT 'reset', l_case_id, coalesce(unit_id, ''), coalesce(officer_id, ''), coalesce(procedure_code, ''),
           l_received_at, l_due_at, l_completed_at, $class, 0, '', NULL, NULL, false,
           count(*) OVER (),
           row_number() OVER (ORDER BY unit_id NULLS FIRST, officer_id NULLS FIRST, l_due_at, l_case_id)
    FROM $groups
    WHERE l_case_id IS NOT NULL AND reset_trace
)
SELECT list, case_id, unit_id, officer_id, procedure_code, received_at, due_at, completed_at, class,
       workdays_late, apology, apology_at, apology_new_due_at, late_again, total
FROM l
WHERE n <= $limit
ORDER BY list, n
