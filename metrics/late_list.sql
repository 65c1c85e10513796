-- Late and pending-overdue cases without an apology letter issued on time: the list an
-- inspector acts on. $scope keeps the period's cases; $limit caps the rows returned.
SELECT case_id, coalesce(unit_id, ''), coalesce(officer_id, ''), coalesce(procedure_code, ''),
       received_at, due_at, completed_at, class, coalesce(workdays_late, 0), apology, apology_at,
       apology_new_due_at, coalesce(late_again, false)
FROM case_facts
WHERE class IN ('late', 'pending_overdue') AND apology <> 'apology_on_time' AND $scope
ORDER BY unit_id NULLS FIRST, officer_id NULLS FIRST, due_at, case_id
LIMIT $limit
