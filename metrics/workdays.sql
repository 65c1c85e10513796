-- How many completed cases took each number of working days, per group, for one
-- dimension; aggregate.go joins these rows to aggregate.sql's with UNION ALL, so they have
-- its columns: part = 'days', the number of days in `cases`, the count in `early`. The
-- median and the 90th percentile are computed from these counts in Go: exact, and far
-- cheaper than sorting every group.
SELECT 'days' AS part,
       '$dim' AS dim,
       coalesce(($key)::VARCHAR, '') AS key,
       workdays_taken AS cases,
       count(*) AS early,
       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
FROM $facts
WHERE $scope AND completed AND workdays_taken IS NOT NULL
GROUP BY ALL
