-- Construction-site dust: window means against a limit and exceedances per site and local day.
-- HJ 633-2012: IAQI/AQI of PM2.5 and PM10 from 24-hour means, and the good-day rate (优良率).
-- Only N-flagged readings count.

CREATE TABLE dust_limit (
    id              serial PRIMARY KEY,
    station_id      integer  UNIQUE REFERENCES station (id),
    metric_code     text     NOT NULL REFERENCES metric (code),
    window_minutes  integer  NOT NULL CHECK (window_minutes > 0 AND 1440 % window_minutes = 0),
    limit_value     numeric  NOT NULL CHECK (limit_value > 0),
    allowed_per_day integer  NOT NULL DEFAULT 0 CHECK (allowed_per_day >= 0),
    note            text
);

COMMENT ON TABLE dust_limit IS 'Dust rule per site (station_id) or the default for every dust_site (station_id NULL). Limits are in the unit the station reports.';

-- At most one default row.
CREATE UNIQUE INDEX dust_limit_default_key ON dust_limit ((station_id IS NULL)) WHERE station_id IS NULL;

-- The DB51/2682-2020 figures are unconfirmed: the default has the shape of Hebei DB13/2934-2019
-- (PM10 80 ug/m3, two exceedances a day allowed) and the alerting dust preset's 15-minute window.
INSERT INTO dust_limit (station_id, metric_code, window_minutes, limit_value, allowed_per_day, note)
VALUES (NULL, 'a34002', 15, 80, 2, 'default: PM10 15-min mean over 80 ug/m3, 2 a day allowed (shape of DB13/2934-2019; DB51/2682-2020 unconfirmed)');

-- Window means of each active dust site's rule metric, windows aligned to local midnight; the mean
-- is rounded half-to-even to the metric's decimals before it is compared with the limit.
CREATE FUNCTION dust_windows(p_from timestamptz, p_to timestamptz, p_stations integer[] DEFAULT NULL,
                             p_timezone text DEFAULT '${timezone}')
RETURNS TABLE (station_id integer, window_start timestamptz, metric_code text, mean_value numeric,
               limit_value numeric, exceeded boolean, samples bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH rules AS (
        SELECT s.id AS station_id, coalesce(own.metric_code, dflt.metric_code) AS metric_code,
               coalesce(own.window_minutes, dflt.window_minutes) AS window_minutes,
               coalesce(own.limit_value, dflt.limit_value) AS limit_value
        FROM station s
        LEFT JOIN dust_limit own ON own.station_id = s.id
        LEFT JOIN dust_limit dflt ON dflt.station_id IS NULL
        WHERE s.kind = 'dust_site' AND s.active
          AND (p_stations IS NULL OR s.id = ANY (p_stations))
          AND coalesce(own.id, dflt.id) IS NOT NULL
    ), windows AS (
        SELECT ru.station_id, ru.metric_code, ru.limit_value,
               date_bin(make_interval(mins => ru.window_minutes), r.time,
                        TIMESTAMP '2000-01-01 00:00' AT TIME ZONE p_timezone) AS window_start,
               gb3838_round(ru.metric_code, avg(r.value::numeric)) AS mean_value,
               count(*) AS samples
        FROM rules ru
        JOIN metric m ON m.code = ru.metric_code
        JOIN reading r ON r.station_id = ru.station_id AND r.metric_id = m.id
        WHERE r.time >= p_from AND r.time < p_to AND r.flag = 'N'
        GROUP BY ru.station_id, ru.metric_code, ru.limit_value, ru.window_minutes, 4
    )
    SELECT station_id, window_start, metric_code, mean_value, limit_value, mean_value > limit_value, samples
    FROM windows
$$;

-- Per site and local day: windows with data, exceedances, the allowance and whether it was used up.
CREATE FUNCTION dust_daily(p_from timestamptz, p_to timestamptz, p_stations integer[] DEFAULT NULL,
                           p_timezone text DEFAULT '${timezone}')
RETURNS TABLE (station_id integer, day date, metric_code text, windows bigint, exceedances bigint,
               allowed_per_day integer, over_allowance boolean, max_window_mean numeric, day_mean numeric,
               limit_value numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT w.station_id, (w.window_start AT TIME ZONE p_timezone)::date, w.metric_code,
           count(*), count(*) FILTER (WHERE w.exceeded),
           coalesce(own.allowed_per_day, dflt.allowed_per_day),
           count(*) FILTER (WHERE w.exceeded) > coalesce(own.allowed_per_day, dflt.allowed_per_day),
           max(w.mean_value), round_half_even(avg(w.mean_value), 1), max(w.limit_value)
    FROM dust_windows(p_from, p_to, p_stations, p_timezone) w
    LEFT JOIN dust_limit own ON own.station_id = w.station_id
    LEFT JOIN dust_limit dflt ON dflt.station_id IS NULL
    GROUP BY w.station_id, 2, w.metric_code, own.allowed_per_day, dflt.allowed_per_day
$$;

CREATE TABLE aqi_breakpoint (
    metric_code text     NOT NULL REFERENCES metric (code),
    iaqi_low    smallint NOT NULL,
    iaqi_high   smallint NOT NULL,
    conc_low    numeric  NOT NULL,
    conc_high   numeric  NOT NULL,
    PRIMARY KEY (metric_code, iaqi_low)
);

COMMENT ON TABLE aqi_breakpoint IS 'HJ 633-2012 IAQI breakpoints for 24-hour means (ug/m3) of PM2.5 (a34004) and PM10 (a34002).';

INSERT INTO aqi_breakpoint (metric_code, iaqi_low, iaqi_high, conc_low, conc_high)
SELECT b.code, i.lo, i.hi, b.conc[i.n], b.conc[i.n + 1]
FROM (VALUES ('a34004', '{0,35,75,115,150,250,350,500}'::numeric[]),
             ('a34002', '{0,50,150,250,350,420,500,600}'::numeric[])) AS b (code, conc)
CROSS JOIN (VALUES (1, 0, 50), (2, 50, 100), (3, 100, 150), (4, 150, 200),
                   (5, 200, 300), (6, 300, 400), (7, 400, 500)) AS i (n, lo, hi);

-- IAQI of one 24-hour mean: linear between breakpoints, rounded up to an integer (HJ 633-2012
-- 进位取整); 500 above the top breakpoint; NULL for a metric without breakpoints or a negative value.
CREATE FUNCTION aqi_iaqi(p_metric text, p_concentration numeric) RETURNS integer
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN p_concentration < 0 THEN NULL
        WHEN p_concentration > max(conc_high) THEN 500
        -- multiply before dividing: 50 × 35 ÷ 35 is exactly 50, while (50 ÷ 35) × 35 rounds up to 51
        ELSE (SELECT ceil((b.iaqi_high - b.iaqi_low) * (p_concentration - b.conc_low) / (b.conc_high - b.conc_low)
                          + b.iaqi_low)::integer
              FROM aqi_breakpoint b
              WHERE b.metric_code = p_metric AND p_concentration <= b.conc_high
              ORDER BY b.conc_high
              LIMIT 1)
    END
    FROM aqi_breakpoint
    WHERE metric_code = p_metric
    HAVING count(*) > 0
$$;

CREATE FUNCTION aqi_category(p_aqi integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN p_aqi <= 50 THEN '优' WHEN p_aqi <= 100 THEN '良' WHEN p_aqi <= 150 THEN '轻度污染'
                WHEN p_aqi <= 200 THEN '中度污染' WHEN p_aqi <= 300 THEN '重度污染' ELSE '严重污染' END
$$;

-- Daily AQI per station with particulate data. A pollutant's day is valid with N data in at least
-- p_min_hours distinct hours (GB 3095: 20); its 24-hour mean is rounded half-to-even to the metric's
-- decimals. AQI = max IAQI of the valid pollutants; the primary pollutant is named when AQI > 50.
CREATE FUNCTION aqi_daily(p_from timestamptz, p_to timestamptz, p_stations integer[] DEFAULT NULL,
                          p_timezone text DEFAULT '${timezone}', p_min_hours integer DEFAULT 20)
RETURNS TABLE (station_id integer, day date, pm25 numeric, pm10 numeric, aqi integer,
               primary_pollutant text, category text, good boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH daily AS (
        SELECT r.station_id, (r.time AT TIME ZONE p_timezone)::date AS day, m.code AS metric_code,
               gb3838_round(m.code, avg(r.value::numeric)) AS mean_value
        FROM reading r
        JOIN metric m ON m.id = r.metric_id
        JOIN station s ON s.id = r.station_id
        WHERE r.time >= p_from AND r.time < p_to AND r.flag = 'N'
          AND m.code IN ('a34004', 'a34002') AND s.active
          AND (p_stations IS NULL OR s.id = ANY (p_stations))
        GROUP BY r.station_id, 2, m.code
        HAVING count(DISTINCT date_trunc('hour', r.time)) >= p_min_hours
    ), indexed AS (
        SELECT d.*, aqi_iaqi(d.metric_code, d.mean_value) AS iaqi FROM daily d
    ), per_day AS (
        SELECT station_id, day,
               max(mean_value) FILTER (WHERE metric_code = 'a34004') AS pm25,
               max(mean_value) FILTER (WHERE metric_code = 'a34002') AS pm10,
               max(iaqi) AS aqi,
               (array_agg(CASE metric_code WHEN 'a34004' THEN 'PM2.5' ELSE 'PM10' END ORDER BY iaqi DESC, metric_code))[1]
                   AS top_pollutant
        FROM indexed
        GROUP BY station_id, day
    )
    SELECT station_id, day, pm25, pm10, aqi,
           CASE WHEN aqi > 50 THEN top_pollutant END,
           aqi_category(aqi), aqi <= 100
    FROM per_day
$$;

-- Good-day rate (优良率) per station: days with AQI ≤ 100 ÷ valid days, half-to-even to 4 decimals.
CREATE FUNCTION aqi_good_day_rate(p_from timestamptz, p_to timestamptz, p_stations integer[] DEFAULT NULL,
                                  p_timezone text DEFAULT '${timezone}', p_min_hours integer DEFAULT 20)
RETURNS TABLE (station_id integer, valid_days bigint, good_days bigint, good_day_rate numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT station_id, count(*), count(*) FILTER (WHERE good),
           round_half_even(count(*) FILTER (WHERE good)::numeric / count(*), 4)
    FROM aqi_daily(p_from, p_to, p_stations, p_timezone, p_min_hours)
    GROUP BY station_id
$$;
