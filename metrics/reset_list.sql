-- Cases whose completion timestamp equals the due timestamp exactly: the trace of an
-- administrator's "reset overdue dossier". Listed for the inspector; their class is kept.
SELECT case_id, coalesce(unit_id, ''), coalesce(officer_id, ''), coalesce(procedure_code, ''),
       received_at, due_at, completed_at, class
FROM case_facts
WHERE reset_trace AND $scope
ORDER BY unit_id NULLS FIRST, officer_id NULLS FIRST, due_at, case_id
LIMIT $limit
