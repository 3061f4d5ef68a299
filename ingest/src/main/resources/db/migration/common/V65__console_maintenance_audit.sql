-- Staff console: stations in maintenance, the record of who changed what, and
-- the data transmission rate that the console's reports and the dashboards share.

ALTER TABLE station
    ADD COLUMN maintenance_since timestamptz,
    ADD COLUMN maintenance_by    text,
    ADD COLUMN maintenance_note  text;

COMMENT ON COLUMN station.maintenance_since IS 'Set while staff have the station in maintenance (console); NULL otherwise.';

CREATE TABLE console_audit (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    user_name text        NOT NULL,
    action    text        NOT NULL,
    target    text,
    detail    text
);

COMMENT ON TABLE console_audit IS 'Every change made through the console or the API: who (console user or api-token), what, on what, when.';

CREATE INDEX console_audit_at_idx ON console_audit (at DESC);

-- Data transmission rate (数据传输率) per station over [p_from, p_to): hours with at least one
-- reading ÷ hours expected. Expected are the whole hours from the later of p_from and the hour of
-- the station's registration to the earlier of p_to and now (the hour under way is not expected
-- yet); received counts only hours in that span. A fraction half-to-even to 4 decimals, NULL when
-- no hour is expected.
CREATE FUNCTION transmission_rate(p_from timestamptz, p_to timestamptz, p_stations integer[] DEFAULT NULL)
RETURNS TABLE (station_id integer, expected_hours integer, received_hours integer, rate numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH span AS (
        SELECT s.id,
               greatest(p_from, date_trunc('hour', s.created_at)) AS span_from,
               least(p_to, date_trunc('hour', now())) AS span_to
        FROM station s
        WHERE s.active AND (p_stations IS NULL OR s.id = ANY (p_stations))
    ), expected AS (
        SELECT id, span_from, span_to,
               greatest(0, floor(extract(epoch FROM span_to - span_from) / 3600))::integer AS hours
        FROM span
    ), received AS (
        SELECT e.id AS station_id, count(DISTINCT date_trunc('hour', r.time))::integer AS hours
        FROM expected e
        JOIN reading r ON r.station_id = e.id AND r.time >= e.span_from AND r.time < e.span_to
        WHERE r.time >= p_from AND r.time < p_to
        GROUP BY e.id
    )
    SELECT e.id, e.hours, coalesce(r.hours, 0),
           CASE WHEN e.hours > 0 THEN round_half_even(coalesce(r.hours, 0)::numeric / e.hours, 4) END
    FROM expected e
    LEFT JOIN received r ON r.station_id = e.id
$$;
