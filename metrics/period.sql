-- One dimension ($dim, grouped by $key from a fixed list) of the official period table,
-- over the cases s of period_cases.sql.
SELECT '$dim' AS dim,
       coalesce(($key)::VARCHAR, '') AS key,
       count(*) AS total,
       count(*) FILTER (is_new) AS new_total,
       count(*) FILTER (is_new AND channel = 'online') AS new_online,
       count(*) FILTER (is_new AND channel = 'direct') AS new_direct,
       count(*) FILTER (is_new AND channel = 'postal') AS new_postal,
       count(*) FILTER (NOT is_new) AS carried,
       count(*) FILTER (resolved) AS resolved,
       count(*) FILTER (resolved AND official = 'early') AS early,
       count(*) FILTER (resolved AND official = 'on_time') AS on_time,
       count(*) FILTER (resolved AND official = 'late') AS late,
       count(*) FILTER (NOT resolved) AS pending,
       count(*) FILTER (NOT resolved AND open_state = 'overdue') AS pending_overdue,
       count(*) FILTER (NOT resolved AND open_state = 'paused') AS paused,
       count(*) FILTER (NOT resolved AND open_state = 'no_deadline') AS pending_no_deadline,
       -- what the official layout reclassifies, and congvu's own basis
       count(*) FILTER (resolved AND status = 'withdrawn') AS withdrawn,
       count(*) FILTER (resolved AND status = 'refused') AS refused,
       count(*) FILTER (resolved AND class = 'no_deadline') AS resolved_no_deadline,
       count(*) FILTER (resolved AND class = 'early') AS own_early,
       count(*) FILTER (resolved AND class = 'on_time') AS own_on_time,
       count(*) FILTER (resolved AND class = 'late') AS own_late
FROM s
GROUP BY ALL
