-- The floor of the indicator stage: what any implementation must do per report, on data
-- prepared as well as it could be (BenchmarkIndicatorsFloor). Two statements, split at
-- the "-- timed" line: the first (not timed) copies the cases into a table of integers:
-- dense codes for officer, unit, procedure and channel, day numbers, and the working-day
-- number of each date from calendar_days (written by the first report); the second (timed)
-- classifies every case as of 31/12/2025 by integer comparisons, counts the cases per
-- officer, unit, procedure, channel, month, class, apology status and working days taken,
-- and sums those counts per dimension. No period tables, no lists, no names, no text.
CREATE OR REPLACE TABLE floor_cases AS
WITH codes AS (
    SELECT c.*,
           dense_rank() OVER (ORDER BY officer_id) AS officer,
           dense_rank() OVER (ORDER BY unit_id) AS unit,
           dense_rank() OVER (ORDER BY procedure_code) AS proc,
           dense_rank() OVER (ORDER BY channel) AS chan
    FROM cases c
)
SELECT officer::SMALLINT AS officer, unit::SMALLINT AS unit, proc::SMALLINT AS proc, chan::TINYINT AS chan,
       CASE status WHEN 'new' THEN 8 WHEN 'not_accepted' THEN 9 WHEN 'withdrawn' THEN 10
                   WHEN 'refused' THEN 11 WHEN 'paused' THEN 6 ELSE 0 END::TINYINT AS closed,
       (received_at::DATE - DATE '2000-01-01')::INTEGER AS rd,
       (due_at::DATE - DATE '2000-01-01')::INTEGER AS dd,
       (completed_at::DATE - DATE '2000-01-01')::INTEGER AS cd,
       (apology_at::DATE - DATE '2000-01-01')::INTEGER AS ad,
       wr.wd::INTEGER AS rw, wc.wd::INTEGER AS cw
FROM codes k
LEFT JOIN calendar_days wr ON wr.d = k.received_at::DATE
LEFT JOIN calendar_days wc ON wc.d = k.completed_at::DATE;
-- timed
CREATE OR REPLACE TEMP TABLE floor_counts AS
WITH f AS (
    -- 9496 = 31/12/2025, 9131 = 1/1/2025, as day numbers since 1/1/2000
    SELECT officer, unit, proc, chan, rd // 31 AS month,
           CASE WHEN closed >= 8 THEN closed
                WHEN cd <= 9496 THEN CASE WHEN dd IS NULL THEN 7 WHEN cd < dd THEN 1 WHEN cd = dd THEN 2 ELSE 3 END
                WHEN closed = 6 THEN 6
                WHEN dd IS NULL THEN 7
                WHEN dd < 9496 THEN 5
                ELSE 4 END AS cls,
           ad, dd,
           CASE WHEN cd <= 9496 THEN cw - rw END AS workdays
    FROM floor_cases
    WHERE rd <= 9496
)
SELECT officer, unit, proc, chan, month, cls,
       CASE WHEN cls NOT IN (3, 5) THEN 0 WHEN ad IS NULL OR ad > 9496 THEN 3 WHEN ad <= dd THEN 1 ELSE 2 END AS apo,
       workdays, count(*) AS n
FROM f
GROUP BY ALL;
SELECT officer, unit, proc, chan, month, cls, apo, sum(n)
FROM floor_counts
GROUP BY GROUPING SETS ((officer, cls, apo), (unit, cls, apo), (proc, cls, apo), (chan, cls, apo), (month, cls, apo), (cls, apo));
SELECT officer, unit, proc, chan, month, workdays, sum(n)
FROM floor_counts
WHERE workdays IS NOT NULL
GROUP BY GROUPING SETS ((officer, workdays), (unit, workdays), (proc, workdays), (chan, workdays), (month, workdays), (workdays))
