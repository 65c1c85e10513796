-- Timeliness and apology figures per group of case_facts. $key is the grouping
-- expression, chosen by aggregate.go from a fixed list; $scope keeps the cases of a period
-- (received in it, or still open at its start) or is TRUE.
SELECT coalesce(($key)::VARCHAR, '') AS key,
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
       coalesce(quantile_cont(workdays_taken, 0.5) FILTER (completed), 0) AS median_workdays,
       coalesce(quantile_cont(workdays_taken, 0.9) FILTER (completed), 0) AS p90_workdays
FROM case_facts
WHERE $scope
GROUP BY ALL
ORDER BY key
