-- One dimension ($dim, grouped by $key from a fixed list) of the official period table
-- ("06a" layout), from the p_* counts of groups.sql ($groups); period.go joins one copy per
-- dimension with UNION ALL.
SELECT '$dim' AS dim,
       coalesce(($key)::VARCHAR, '') AS key,
       sum(p_total)::BIGINT, sum(p_new)::BIGINT, sum(p_new_online)::BIGINT, sum(p_new_direct)::BIGINT,
       sum(p_new_postal)::BIGINT, sum(p_carried)::BIGINT,
       sum(p_resolved)::BIGINT, sum(p_early)::BIGINT, sum(p_on_time)::BIGINT, sum(p_late)::BIGINT,
       sum(p_pending)::BIGINT, sum(p_pending_overdue)::BIGINT, sum(p_paused)::BIGINT, sum(p_pending_no_deadline)::BIGINT,
       -- what the official layout reclassifies, and congvu's own basis
       sum(p_withdrawn)::BIGINT, sum(p_refused)::BIGINT, sum(p_resolved_no_deadline)::BIGINT,
       sum(p_own_early)::BIGINT, sum(p_own_on_time)::BIGINT, sum(p_own_late)::BIGINT
FROM $groups
GROUP BY ALL
HAVING sum(p_total) > 0
