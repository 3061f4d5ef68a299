-- TimescaleDB mode: reading becomes a hypertable with compression, retention and continuous
-- aggregates. Rollups count only N-flagged (normal) data, as the standards require.

SELECT create_hypertable('reading', by_range('time', INTERVAL '${chunkInterval}'), migrate_data => true);

ALTER TABLE reading SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'station_id, metric_id',
    timescaledb.compress_orderby = 'time DESC'
);

SELECT add_compression_policy('reading', compress_after => INTERVAL '${compressAfter}');
SELECT add_retention_policy('reading', drop_after => INTERVAL '${retention}');

CREATE MATERIALIZED VIEW reading_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS bucket,
       station_id,
       metric_id,
       avg(value)  AS value_avg,
       min(value)  AS value_min,
       max(value)  AS value_max,
       count(*)    AS sample_count
FROM reading
WHERE flag = 'N'
GROUP BY bucket, station_id, metric_id
WITH NO DATA;

SELECT add_continuous_aggregate_policy('reading_hourly',
    start_offset => INTERVAL '3 days',
    end_offset => INTERVAL '1 hour',
    schedule_interval => INTERVAL '15 minutes');

CREATE MATERIALIZED VIEW reading_daily
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 day', time, '${timezone}') AS bucket,
       station_id,
       metric_id,
       avg(value)  AS value_avg,
       min(value)  AS value_min,
       max(value)  AS value_max,
       count(*)    AS sample_count
FROM reading
WHERE flag = 'N'
GROUP BY bucket, station_id, metric_id
WITH NO DATA;

SELECT add_continuous_aggregate_policy('reading_daily',
    start_offset => INTERVAL '7 days',
    end_offset => INTERVAL '1 day',
    schedule_interval => INTERVAL '1 hour');
