-- Late and replayed readings land in compressed chunks: the service's idempotent insert (the
-- unnest form of UnnestReadingWriter, parameters inlined) must absorb duplicates there too
-- (timescale/timescaledb#7672). Each statement is run by timescale-check after the schema, and a
-- wrong count fails through a division by zero. No semicolons in comments: they split statements.
INSERT INTO station (code, name, kind) VALUES ('TSCHECK', 'timescale check', 'river_section');
INSERT INTO reading (time, station_id, metric_id, value, flag) SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute', (SELECT id FROM station WHERE code = 'TSCHECK'), 1, 7.0, 'N' FROM generate_series(0, 99) AS g;
SELECT count(compress_chunk(c)) FROM show_chunks('reading') AS c;
SELECT 1 / (SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'reading' AND is_compressed)::int;
INSERT INTO reading (time, station_id, metric_id, value, flag) SELECT timestamptz 'epoch' + u.t * interval '1 microsecond', u.s, u.m, u.v, u.f FROM unnest(ARRAY[1767225600000000, 1767225660000000, 1767232800000000]::int8[], ARRAY[(SELECT id FROM station WHERE code = 'TSCHECK'), (SELECT id FROM station WHERE code = 'TSCHECK'), (SELECT id FROM station WHERE code = 'TSCHECK')]::int4[], ARRAY[1, 1, 1]::int2[], ARRAY[7.5, 7.5, 7.5]::float8[], ARRAY['N', 'N', 'N']::text[]) AS u(t, s, m, v, f) ON CONFLICT DO NOTHING;
SELECT 1 / (CASE WHEN count(*) = 101 THEN 1 ELSE 0 END) FROM reading;
SELECT 1 / (CASE WHEN count(*) = 100 THEN 1 ELSE 0 END) FROM reading WHERE value = 7.0;
SELECT 1 / (CASE WHEN count(*) > 0 THEN 1 ELSE 0 END) FROM reading_hourly;
SELECT 1 / (CASE WHEN count(*) > 0 THEN 1 ELSE 0 END) FROM reading_daily
