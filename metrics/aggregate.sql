-- Timeliness and apology figures per group, for one dimension, from the counts of
-- groups.sql ($groups). aggregate.go joins one copy per dimension with UNION ALL: $dim
-- names the dimension, $key is its grouping expression (from a fixed list).
SELECT 'count' AS part,
       '$dim' AS dim,
       coalesce(($key)::VARCHAR, '') AS key,
       sum(cases)::BIGINT AS cases,
       sum(early)::BIGINT, sum(on_time)::BIGINT, sum(late)::BIGINT,
       sum(pending_in_time)::BIGINT, sum(pending_overdue)::BIGINT, sum(paused)::BIGINT,
       sum(no_deadline)::BIGINT, sum(excluded)::BIGINT,
       sum(apology_on_time)::BIGINT, sum(apology_late)::BIGINT, sum(no_apology)::BIGINT,
       sum(late_again)::BIGINT, sum(padded_due)::BIGINT, sum(reset_trace)::BIGINT
FROM $groups
GROUP BY ALL
UNION ALL
-- How many completed cases took each number of working days (the number in `cases`, the
-- count in the next column): the median and the 90th percentile are computed from these
-- counts in Go, exactly, instead of sorting every group.
SELECT 'days', '$dim', coalesce(($key)::VARCHAR, ''), workdays, sum(cases)::BIGINT,
       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
FROM $groups
WHERE workdays IS NOT NULL
GROUP BY ALL
