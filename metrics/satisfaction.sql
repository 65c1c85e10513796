-- Satisfaction and the button-press integrity check (issue 5).
-- Placeholders: $from, $to (DATE, both included), $after (the day after $to); $s5, $s3
-- (lowest satisfied point on the 5- and 3-point scales); $n presses within $m seconds
-- make a burst, $lead = $n − 1 (0 when $n < 1); $r seconds around a burst are searched
-- for a dossier returned at its counter; and, each with a leading $: duty_segments
-- (duty.sql), day (see dutyLookup) and only (a filter on the answers: TRUE, or the
-- flagged presses).

-- sat_press: the button presses of the period, by device (the counter when the device
-- is not named).
CREATE OR REPLACE TEMP VIEW sat_press AS
SELECT response_id, coalesce(device_id, counter_id, unit_id) AS device, unit_id, counter_id,
       answered_at, rating, scale, epoch(answered_at)::BIGINT AS ts
FROM survey
WHERE channel = 'button' AND rating IS NOT NULL AND answered_at >= $from AND answered_at < $after;

-- name: bursts
-- sat_cand: a superset of the bursts, found with one sort of a single integer per press
-- instead of a sort by device (text) and time. The key ($ktype: INTEGER when the period
-- leaves at least 6 bits for the device, else BIGINT) packs a prefix of the device's
-- hash (hash >> $hshift) above the press's second within the period ($tbits bits, with
-- 2^$tbits > the period's seconds + $m, so keys of two prefixes are always more than
-- $m apart), less $koff (2^31 for INTEGER, else 0) to use the sign bit. Sorted, the
-- presses of devices that share a prefix interleave, which can only add presses to a
-- window, so every window of $n presses in $m seconds at a device is one here too (the
-- same lead and grouping as below, over the keys). Each stretch of such windows is kept
-- as (prefix, lo, hi), from its first start to its last + $m; the exact check below
-- then reads only the presses in those stretches, which hold every press of each true
-- burst and every press within $m seconds after each of its starts, and can only make
-- fewer windows elsewhere (a subset of a device's presses): the bursts are the same as
-- over every press. A shared prefix costs only time (more presses to check).
CREATE OR REPLACE TEMP TABLE sat_cand AS
WITH k AS (
    SELECT (((hash(device) >> $hshift) << $tbits)::BIGINT + (ts - $base) - $koff)::$ktype AS k FROM sat_press
), w AS (
    SELECT k, lead(k, $lead) OVER (ORDER BY k) AS later FROM k
), starts AS (
    SELECT DISTINCT k FROM w WHERE later <= k + $m
), numbered AS (
    SELECT k, sum(CASE WHEN prev IS NULL OR k > prev + $m THEN 1 ELSE 0 END) OVER (ORDER BY k) AS g
    FROM (SELECT k, lag(k) OVER (ORDER BY k) AS prev FROM starts)
)
SELECT ((min(k)::BIGINT + $koff) >> $tbits)::UBIGINT AS h, ((min(k)::BIGINT + $koff) & $tmask) + $base AS lo,
       ((max(k)::BIGINT + $koff) & $tmask) + $base + $m AS hi
FROM numbered GROUP BY g;
SELECT count(*) FROM sat_cand;

-- name: exact
-- sat_bursts: every stretch of presses at one device where some $n presses fall within
-- $m seconds (windows that overlap are one burst), with the dossiers returned at its
-- counter (by the counter of the case's receiving officer) within $r seconds of it.
--
-- One sort of the presses by device and time and one lead over it, no self-join: a
-- window of $m seconds from a press holds $n presses when the press $n − 1 places on is
-- at most $m seconds later (the first of presses in the same second has the most after
-- it, so the distinct starts are those of a count over the window). Two starts belong to
-- the same burst when the later is at most $m seconds after the one before it (it is a
-- press of that one's window), so a burst runs from its first start to its last start
-- + $m seconds, and its members are the presses of the device in that span.
CREATE OR REPLACE TEMP TABLE sat_bursts AS
WITH sub AS (
    SELECT p.* FROM sat_press p SEMI JOIN sat_cand c ON (hash(p.device) >> $hshift) = c.h AND p.ts BETWEEN c.lo AND c.hi
), w AS (
    SELECT device, ts, lead(ts, $lead) OVER (PARTITION BY device ORDER BY ts) AS later
    FROM sub
), starts AS (
    SELECT DISTINCT device, ts AS s FROM w WHERE later <= ts + $m
), numbered AS (
    SELECT device, s, sum(CASE WHEN prev IS NULL OR s > prev + $m THEN 1 ELSE 0 END) OVER (PARTITION BY device ORDER BY s) AS g
    FROM (SELECT device, s, lag(s) OVER (PARTITION BY device ORDER BY s) AS prev FROM starts)
), spans AS (
    SELECT device, g, min(s) AS lo, max(s) + $m AS hi FROM numbered GROUP BY device, g
), members AS (
    SELECT b.g, p.* FROM spans b JOIN sub p ON p.device = b.device AND p.ts BETWEEN b.lo AND b.hi
), agg AS (
    -- a device whose presses name several units (a counter id shared by units): the
    -- burst goes to the smallest unit id, the same on every run
    SELECT device, g, min(unit_id) AS unit_id, min(counter_id) AS counter_id, min(answered_at) AS start_at,
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

-- name: list
SELECT device, unit_id, coalesce(counter_id, ''), start_at, end_at, presses, scale, r1, r2, r3, r4, r5, returns_nearby
FROM sat_bursts ORDER BY device, start_at;

-- name: flagged
-- sat_flagged: the presses of the flagged bursts (no dossier returned nearby).
CREATE OR REPLACE TEMP TABLE sat_flagged AS
SELECT p.response_id
FROM sat_bursts b JOIN sat_press p ON p.device = b.device AND p.answered_at BETWEEN b.start_at AND b.end_at
WHERE b.returns_nearby = 0;

-- name: answers
-- The answers of the period (survey_answers: one row per response × item) counted per
-- channel, unit, officer, element, item and satisfied. The officer is the one named,
-- else the handler of its case, else the one officer on duty at its counter that day
-- (duty_segments): answers are counted per counter (and day only where the counter
-- changes hands) before they meet the roster. Satisfaction.go adds the groupings up
-- (every answer, and without the flagged presses: the same counts over the flagged
-- presses' answers, taken away).
WITH duty_segments AS (
$duty_segments
), a AS (
    SELECT unit_id, channel, item, officer_id, case_id, counter_id, answered_at, scale, score
    FROM survey_answers
    WHERE answered_at >= $from AND answered_at < $after AND $only
), x AS (
    -- one scan: an answer that names its officer looks up no case (a NULL key meets none)
    SELECT a.unit_id, a.channel, a.item, coalesce(a.officer_id, c.officer_id) AS officer, a.counter_id, a.answered_at, a.scale, a.score
    FROM a LEFT JOIN cases c ON c.case_id = CASE WHEN a.officer_id IS NULL THEN a.case_id END
), g AS (
    SELECT unit_id, coalesce(channel, '') AS channel, item, officer,
           CASE WHEN officer IS NULL THEN counter_id END AS counter_id,
           CASE WHEN officer IS NULL AND counter_id IS NOT NULL THEN coalesce($day, $from) END AS d,
           CASE WHEN scale = 3 THEN score >= $s3 ELSE score >= $s5 END AS satisfied,
           count(*) AS n
    FROM (SELECT *, answered_at::DATE AS day FROM x)
    GROUP BY ALL
), items AS (
    SELECT lower(item) AS k, any_value(element) AS element FROM survey_items GROUP BY ALL
)
SELECT g.channel, g.unit_id, coalesce(g.officer, CASE WHEN s.on_duty = 1 THEN s.officer_id END) AS officer,
       CASE WHEN g.item IS NOT NULL THEN coalesce(i.element, '') END AS element, g.item, g.satisfied,
       sum(g.n)::BIGINT AS n
FROM g
LEFT JOIN duty_segments s ON s.unit_id = g.unit_id AND s.counter_id = g.counter_id AND g.d >= s.lo AND g.d <= s.hi
LEFT JOIN items i ON i.k = lower(g.item)
GROUP BY ALL;
