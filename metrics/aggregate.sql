-- Timeliness and apology figures per group of case facts, for one dimension. Bound by
-- aggregate.go, which joins one copy per dimension (and workdays.sql's) with UNION ALL: $dim names the
-- dimension, $key is its grouping expression (from a fixed list), $facts the facts
-- table or view, $scope keeps the cases of a period (received in it, or still open at
-- its start) or is TRUE.
SELECT 'count' AS part,
       '$dim' AS dim,
       coalesce(($key)::VARCHAR, '') AS key,
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
       count(*) FILTER (reset_trace) AS reset_trace
FROM $facts
WHERE $scope
GROUP BY ALL
