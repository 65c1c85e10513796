-- Timeliness and apology figures per group, for one dimension, from the counted facts of
-- groups.sql ($groups). aggregate.go joins one copy per dimension with UNION ALL, and
-- workdays rows after them: $dim names the dimension, $key is its grouping expression
-- (from a fixed list). cls and apo are the codes of facts.sql.
SELECT 'count' AS part,
       '$dim' AS dim,
       coalesce(($key)::VARCHAR, '') AS key,
       sum(n)::BIGINT AS cases,
       coalesce(sum(n) FILTER (cls = 1), 0)::BIGINT AS early,
       coalesce(sum(n) FILTER (cls = 2), 0)::BIGINT AS on_time,
       coalesce(sum(n) FILTER (cls = 3), 0)::BIGINT AS late,
       coalesce(sum(n) FILTER (cls = 4), 0)::BIGINT AS pending_in_time,
       coalesce(sum(n) FILTER (cls = 5), 0)::BIGINT AS pending_overdue,
       coalesce(sum(n) FILTER (cls = 6), 0)::BIGINT AS paused,
       coalesce(sum(n) FILTER (cls = 7), 0)::BIGINT AS no_deadline,
       coalesce(sum(n) FILTER (cls >= 8), 0)::BIGINT AS excluded,
       coalesce(sum(n) FILTER (apo = 1), 0)::BIGINT AS apology_on_time,
       coalesce(sum(n) FILTER (apo = 2), 0)::BIGINT AS apology_late,
       coalesce(sum(n) FILTER (apo = 3), 0)::BIGINT AS no_apology,
       coalesce(sum(n) FILTER (late_again), 0)::BIGINT AS late_again,
       coalesce(sum(n) FILTER (padded_due), 0)::BIGINT AS padded_due,
       coalesce(sum(n) FILTER (reset_trace), 0)::BIGINT AS reset_trace
FROM $groups
GROUP BY ALL
HAVING count(*) > 0 -- a constant key (the province) on no rows would give one empty group
UNION ALL
-- How many completed cases took each number of working days (in `cases`; the count in
-- `early`): the median and the 90th percentile are computed from these counts in Go,
-- exactly, instead of sorting every group.
SELECT 'days', '$dim', coalesce(($key)::VARCHAR, ''), workdays, sum(n)::BIGINT,
       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
FROM $groups
WHERE workdays IS NOT NULL
GROUP BY ALL
HAVING count(*) > 0 -- a constant key (the province) on no rows would give one empty group
