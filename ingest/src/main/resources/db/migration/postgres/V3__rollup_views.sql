-- Plain PostgreSQL mode: the rollups TimescaleDB keeps as continuous aggregates, as ordinary views
-- with the same names and columns. Only N-flagged (normal) data counts.

CREATE VIEW reading_hourly AS
SELECT date_trunc('hour', time) AS bucket,
       station_id,
       metric_id,
       avg(value)  AS value_avg,
       min(value)  AS value_min,
       max(value)  AS value_max,
       count(*)    AS sample_count
FROM reading
WHERE flag = 'N'
GROUP BY 1, 2, 3;

CREATE VIEW reading_daily AS
SELECT date_trunc('day', time, '${timezone}') AS bucket,
       station_id,
       metric_id,
       avg(value)  AS value_avg,
       min(value)  AS value_min,
       max(value)  AS value_max,
       count(*)    AS sample_count
FROM reading
WHERE flag = 'N'
GROUP BY 1, 2, 3;
