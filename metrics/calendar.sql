-- calendar_days(d, workday, wd) for the days $from to $to: Monday to Friday are working
-- days unless calendar_exceptions (written by facts.go from the working-day calendar:
-- holidays, make-up Saturdays, a user's overrides) says otherwise; wd counts the working
-- days from $from up to and including d.
CREATE OR REPLACE TABLE calendar_days AS
WITH days AS (
    SELECT s.d::DATE AS d,
           coalesce(e.workday, isodow(s.d) <= 5) AS workday
    FROM generate_series($from::TIMESTAMP, $to::TIMESTAMP, INTERVAL 1 DAY) AS s(d)
    LEFT JOIN calendar_exceptions e ON e.d = s.d::DATE
)
SELECT d, workday, sum(workday::BIGINT) OVER (ORDER BY d ROWS UNBOUNDED PRECEDING) AS wd
FROM days
ORDER BY d;
