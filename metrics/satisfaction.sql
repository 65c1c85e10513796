-- Satisfaction and the button-press integrity check (issue 5).
-- Placeholders: $from, $to (DATE, both included); $s5, $s3 (lowest satisfied point on
-- the 5- and 3-point scales); $n presses within $m seconds make a burst; $r seconds
-- around a burst are searched for a dossier returned at its counter.

-- sat_press: the button presses of the period, by device (the counter when the device
-- is not named).
CREATE OR REPLACE TEMP VIEW sat_press AS
SELECT response_id, coalesce(device_id, counter_id, unit_id) AS device, unit_id, counter_id,
       answered_at, rating, scale, epoch(answered_at)::BIGINT AS ts
FROM survey
WHERE channel = 'button' AND rating IS NOT NULL AND answered_at::DATE BETWEEN $from AND $to;

-- sat_bursts: every stretch of presses at one device where some $n presses fall within
-- $m seconds (windows that overlap are one burst), with the dossiers returned at its
-- counter (by the counter of the case's receiving officer) within $r seconds of it.
CREATE OR REPLACE TEMP TABLE sat_bursts AS
WITH w AS (
    SELECT device, ts,
           count(*) OVER win AS n,
           max(ts) OVER win AS e
    FROM sat_press
    WINDOW win AS (PARTITION BY device ORDER BY ts RANGE BETWEEN CURRENT ROW AND $m FOLLOWING)
), starts AS (
    SELECT DISTINCT device, ts AS s, e FROM w WHERE n >= $n
), ordered AS (
    SELECT device, s, e,
           max(e) OVER (PARTITION BY device ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_e
    FROM starts
), grp AS (
    SELECT device, s, e, sum(CASE WHEN prev_e IS NULL OR s > prev_e THEN 1 ELSE 0 END) OVER (PARTITION BY device ORDER BY s) AS g
    FROM ordered
), bursts AS (
    SELECT device, g, min(s) AS s, max(e) AS e FROM grp GROUP BY device, g
), members AS (
    SELECT b.device, b.g, p.*
    FROM bursts b JOIN sat_press p ON p.device = b.device AND p.ts BETWEEN b.s AND b.e
), agg AS (
    SELECT device, g, any_value(unit_id) AS unit_id, min(counter_id) AS counter_id, min(answered_at) AS start_at,
           max(answered_at) AS end_at, count(*) AS presses, max(scale) AS scale,
           count(*) FILTER (rating = 1) AS r1, count(*) FILTER (rating = 2) AS r2, count(*) FILTER (rating = 3) AS r3,
           count(*) FILTER (rating = 4) AS r4, count(*) FILTER (rating = 5) AS r5
    FROM members GROUP BY device, g
), returns AS (
    SELECT o.unit_id, o.counter_id, c.returned_at
    FROM cases c JOIN officers o ON o.officer_id = c.receiver_id
    WHERE c.returned_at IS NOT NULL AND o.counter_id IS NOT NULL
)
SELECT a.*,
       (SELECT count(*) FROM returns r
        WHERE r.counter_id = a.counter_id AND r.unit_id = a.unit_id
          AND r.returned_at BETWEEN a.start_at - to_seconds($r) AND a.end_at + to_seconds($r)) AS returns_nearby
FROM agg a;

-- sat_flagged: the presses of the flagged bursts (no dossier returned nearby).
CREATE OR REPLACE TEMP TABLE sat_flagged AS
SELECT p.response_id
FROM sat_bursts b JOIN sat_press p ON p.device = b.device AND p.answered_at BETWEEN b.start_at AND b.end_at
WHERE b.returns_nearby = 0;

-- sat_answers: one row per response × item of the period, with the officer it is about
-- (named, else the handler of its case, else the one officer on duty at its counter),
-- the SIPAS element of its item, whether it is satisfied and whether it was flagged.
CREATE OR REPLACE TEMP VIEW sat_answers AS
WITH a AS (
    SELECT * FROM survey_answers WHERE answered_at::DATE BETWEEN $from AND $to
), duty AS (
    SELECT a.response_id, min(o.officer_id) AS officer_id
    FROM (SELECT DISTINCT response_id, unit_id, counter_id, answered_at FROM a WHERE officer_id IS NULL AND counter_id IS NOT NULL) a
    JOIN officers o ON o.unit_id = a.unit_id AND o.counter_id = a.counter_id
     AND a.answered_at::DATE >= coalesce(o.start_date, DATE '0001-01-01')
     AND a.answered_at::DATE <= coalesce(o.end_date, DATE '9999-12-31')
    GROUP BY a.response_id
    HAVING count(*) = 1
), items AS (
    SELECT lower(item) AS k, any_value(element) AS element FROM survey_items GROUP BY ALL
)
SELECT a.response_id, a.unit_id, coalesce(a.channel, '') AS channel, a.item,
       CASE WHEN a.item IS NOT NULL THEN coalesce(i.element, '') END AS element,
       coalesce(a.officer_id, c.officer_id, d.officer_id) AS officer,
       CASE WHEN a.scale = 3 THEN a.score >= $s3 ELSE a.score >= $s5 END AS satisfied,
       f.response_id IS NOT NULL AS flagged
FROM a
LEFT JOIN cases c ON c.case_id = a.case_id
LEFT JOIN duty d ON d.response_id = a.response_id
LEFT JOIN items i ON i.k = lower(a.item)
LEFT JOIN sat_flagged f ON f.response_id = a.response_id;

-- name: shares
SELECT grouping(channel, unit_id, officer, element, item) AS g, channel, unit_id, officer, element, item,
       count(*) AS n, count(*) FILTER (satisfied) AS k,
       count(*) FILTER (NOT flagged) AS n_clean, count(*) FILTER (satisfied AND NOT flagged) AS k_clean
FROM sat_answers
GROUP BY GROUPING SETS ((), (channel), (unit_id), (officer), (element), (element, item), (unit_id, channel), (unit_id, element))
ORDER BY ALL;

-- name: bursts
SELECT device, unit_id, coalesce(counter_id, ''), start_at, end_at, presses, scale, r1, r2, r3, r4, r5, returns_nearby
FROM sat_bursts ORDER BY device, start_at;
