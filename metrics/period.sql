-- One dimension ($dim, grouped by $key from a fixed list) of the official period table
-- ("06a" layout), from the counted facts of groups.sql ($groups); period.go joins one copy
-- per dimension with UNION ALL. cls is the class code of facts.sql; official and
-- open_state those of groups.sql.
SELECT '$dim' AS dim,
       coalesce(($key)::VARCHAR, '') AS key,
       sum(n)::BIGINT AS total,
       coalesce(sum(n) FILTER (is_new), 0)::BIGINT AS new_total,
       coalesce(sum(n) FILTER (is_new AND channel = 'online'), 0)::BIGINT AS new_online,
       coalesce(sum(n) FILTER (is_new AND channel = 'direct'), 0)::BIGINT AS new_direct,
       coalesce(sum(n) FILTER (is_new AND channel = 'postal'), 0)::BIGINT AS new_postal,
       coalesce(sum(n) FILTER (NOT is_new), 0)::BIGINT AS carried,
       coalesce(sum(n) FILTER (resolved), 0)::BIGINT AS resolved,
       coalesce(sum(n) FILTER (resolved AND official = 1), 0)::BIGINT AS early,
       coalesce(sum(n) FILTER (resolved AND official = 2), 0)::BIGINT AS on_time,
       coalesce(sum(n) FILTER (resolved AND official = 3), 0)::BIGINT AS late,
       coalesce(sum(n) FILTER (NOT resolved), 0)::BIGINT AS pending,
       coalesce(sum(n) FILTER (NOT resolved AND open_state = 2), 0)::BIGINT AS pending_overdue,
       coalesce(sum(n) FILTER (NOT resolved AND open_state = 3), 0)::BIGINT AS paused,
       coalesce(sum(n) FILTER (NOT resolved AND open_state = 4), 0)::BIGINT AS pending_no_deadline,
       -- what the official layout reclassifies, and congvu's own basis
       coalesce(sum(n) FILTER (resolved AND cls = 10), 0)::BIGINT AS withdrawn,
       coalesce(sum(n) FILTER (resolved AND cls = 11), 0)::BIGINT AS refused,
       coalesce(sum(n) FILTER (resolved AND cls = 7), 0)::BIGINT AS resolved_no_deadline,
       coalesce(sum(n) FILTER (resolved AND cls = 1), 0)::BIGINT AS own_early,
       coalesce(sum(n) FILTER (resolved AND cls = 2), 0)::BIGINT AS own_on_time,
       coalesce(sum(n) FILTER (resolved AND cls = 3), 0)::BIGINT AS own_late
FROM $groups
WHERE cls NOT IN (8, 9, 12) -- new, not-accepted and undated cases are outside the table
GROUP BY ALL
HAVING count(*) > 0 -- a constant key (the province) on no rows would give one empty group
