-- HJ 633-2012 daily AQI from every pollutant a station measures, not only particulates: the
-- 24-hour means of SO2 (a21026), NO2 (a21004), CO (a21005), PM10 (a34002) and PM2.5 (a34004), the
-- day's highest 1-hour O3 (a05024) mean, and its highest 8-hour moving mean.
-- Units are HJ 633's: ug/m3, CO in mg/m3, as ambient stations report them (the flue-gas unit the
-- factor catalogue gives SO2 and NO2 does not apply to an air station).
-- Hourly means first (GB 3095: a 24-hour mean is the mean of the day's hourly means, valid with at
-- least p_min_hours hours); concentrations are rounded half-to-even, CO to one decimal and the
-- others to whole numbers (HJ 633 5.2); O3 8-hour means are valid with at least 6 hours of data,
-- and the day's maximum with at least 14 of its 17 windows (08:00 to 24:00 local); above 800 ug/m3
-- the O3 8-hour mean has no IAQI and the 1-hour one stands for it.

-- Reference data keyed by factor code: the gases need not be in the metric table when this runs
-- (the factor catalogue is synchronised after the versioned migrations).
ALTER TABLE aqi_breakpoint DROP CONSTRAINT IF EXISTS aqi_breakpoint_metric_code_fkey;
ALTER TABLE aqi_breakpoint
    ADD COLUMN averaging text NOT NULL DEFAULT '24h' CHECK (averaging IN ('24h', '8h', '1h'));
ALTER TABLE aqi_breakpoint DROP CONSTRAINT aqi_breakpoint_pkey;
ALTER TABLE aqi_breakpoint ADD PRIMARY KEY (metric_code, averaging, iaqi_low);

COMMENT ON TABLE aqi_breakpoint IS 'HJ 633-2012 IAQI breakpoints: 24-hour means of SO2, NO2, CO (mg/m3), PM10, PM2.5; O3 1-hour and 8-hour means (ug/m3).';

INSERT INTO aqi_breakpoint (metric_code, averaging, iaqi_low, iaqi_high, conc_low, conc_high)
SELECT b.code, b.averaging, i.lo, i.hi, b.conc[i.n], b.conc[i.n + 1]
FROM (VALUES ('a21026', '24h', '{0,50,150,475,800,1600,2100,2620}'::numeric[]),
             ('a21004', '24h', '{0,40,80,180,280,565,750,940}'::numeric[]),
             ('a21005', '24h', '{0,2,4,14,24,36,48,60}'::numeric[]),
             ('a05024', '1h', '{0,160,200,300,400,800,1000,1200}'::numeric[]),
             ('a05024', '8h', '{0,100,160,215,265,800}'::numeric[])) AS b (code, averaging, conc)
CROSS JOIN (VALUES (1, 0, 50), (2, 50, 100), (3, 100, 150), (4, 150, 200),
                   (5, 200, 300), (6, 300, 400), (7, 400, 500)) AS i (n, lo, hi)
WHERE i.n < array_length(b.conc, 1);

DROP FUNCTION aqi_good_day_rate(timestamptz, timestamptz, integer[], text, integer);
DROP FUNCTION aqi_daily(timestamptz, timestamptz, integer[], text, integer);
DROP FUNCTION aqi_iaqi(text, numeric);

-- IAQI of one concentration for an averaging period: linear between breakpoints, rounded up
-- (进位取整); 500 above the top breakpoint; NULL without breakpoints or for a negative value.
CREATE FUNCTION aqi_iaqi(p_metric text, p_concentration numeric, p_averaging text DEFAULT '24h') RETURNS integer
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN p_concentration < 0 THEN NULL
        WHEN p_concentration > max(conc_high) THEN 500
        -- multiply before dividing: 50 × 35 ÷ 35 is exactly 50, while (50 ÷ 35) × 35 rounds up to 51
        ELSE (SELECT ceil((b.iaqi_high - b.iaqi_low) * (p_concentration - b.conc_low) / (b.conc_high - b.conc_low)
                          + b.iaqi_low)::integer
              FROM aqi_breakpoint b
              WHERE b.metric_code = p_metric AND b.averaging = p_averaging AND p_concentration <= b.conc_high
              ORDER BY b.conc_high
              LIMIT 1)
    END
    FROM aqi_breakpoint
    WHERE metric_code = p_metric AND averaging = p_averaging
    HAVING count(*) > 0
$$;

-- Daily AQI per station and local day. A day counts when at least one 24-hour mean or the O3
-- 8-hour maximum is valid; AQI = the highest IAQI; the primary pollutant is named when AQI > 50.
CREATE FUNCTION aqi_daily(p_from timestamptz, p_to timestamptz, p_stations integer[] DEFAULT NULL,
                          p_timezone text DEFAULT '${timezone}', p_min_hours integer DEFAULT 20)
RETURNS TABLE (station_id integer, day date, pm25 numeric, pm10 numeric, aqi integer,
               primary_pollutant text, category text, good boolean,
               so2 numeric, no2 numeric, co numeric, o3_1h numeric, o3_8h numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH hourly AS (
        SELECT r.station_id, m.code AS metric_code, date_trunc('hour', r.time) AS hour, avg(r.value::numeric) AS mean
        FROM reading r
        JOIN metric m ON m.id = r.metric_id
        JOIN station s ON s.id = r.station_id
        WHERE r.time >= p_from AND r.time < p_to AND r.flag = 'N'
          AND m.code IN ('a34004', 'a34002', 'a21026', 'a21004', 'a21005', 'a05024') AND s.active
          AND (p_stations IS NULL OR s.id = ANY (p_stations))
        GROUP BY r.station_id, m.code, 3
    ), daily AS (
        SELECT station_id, (hour AT TIME ZONE p_timezone)::date AS day, metric_code,
               round_half_even(avg(mean), CASE metric_code WHEN 'a21005' THEN 1 ELSE 0 END) AS mean_value
        FROM hourly
        WHERE metric_code <> 'a05024'
        GROUP BY station_id, 2, metric_code
        HAVING count(*) >= p_min_hours
    ), o3_hours AS (
        SELECT station_id, hour, mean FROM hourly WHERE metric_code = 'a05024'
    ), o3_1h AS (
        SELECT station_id, (hour AT TIME ZONE p_timezone)::date AS day, round_half_even(max(mean), 0) AS value
        FROM o3_hours
        GROUP BY station_id, 2
    ), o3_windows AS (
        SELECT d.station_id, d.day,
               (SELECT avg(w.mean) FROM o3_hours w
                WHERE w.station_id = d.station_id AND w.hour >= e.window_end - INTERVAL '8 hours'
                  AND w.hour < e.window_end
                HAVING count(*) >= 6) AS mean
        FROM o3_1h d
        CROSS JOIN LATERAL generate_series((d.day + TIME '08:00') AT TIME ZONE p_timezone,
                                           (d.day + 1 + TIME '00:00') AT TIME ZONE p_timezone,
                                           INTERVAL '1 hour') AS e (window_end)
    ), o3_8h AS (
        SELECT station_id, day, round_half_even(max(mean), 0) AS value
        FROM o3_windows
        GROUP BY station_id, day
        HAVING count(mean) >= 14
    ), indexed AS (
        SELECT station_id, day, metric_code AS pollutant, mean_value AS value,
               aqi_iaqi(metric_code, mean_value, '24h') AS iaqi
        FROM daily
        UNION ALL
        SELECT station_id, day, 'o3_1h', value, aqi_iaqi('a05024', value, '1h') FROM o3_1h
        UNION ALL
        SELECT station_id, day, 'o3_8h', value,
               CASE WHEN value <= 800 THEN aqi_iaqi('a05024', value, '8h') END
        FROM o3_8h
    ), per_day AS (
        SELECT station_id, day,
               max(value) FILTER (WHERE pollutant = 'a34004') AS pm25,
               max(value) FILTER (WHERE pollutant = 'a34002') AS pm10,
               max(value) FILTER (WHERE pollutant = 'a21026') AS so2,
               max(value) FILTER (WHERE pollutant = 'a21004') AS no2,
               max(value) FILTER (WHERE pollutant = 'a21005') AS co,
               max(value) FILTER (WHERE pollutant = 'o3_1h') AS o3_1h,
               max(value) FILTER (WHERE pollutant = 'o3_8h') AS o3_8h,
               max(iaqi) AS aqi,
               (array_agg(CASE pollutant WHEN 'a34004' THEN 'PM2.5' WHEN 'a34002' THEN 'PM10'
                                         WHEN 'a21026' THEN 'SO2' WHEN 'a21004' THEN 'NO2'
                                         WHEN 'a21005' THEN 'CO' WHEN 'o3_1h' THEN 'O3_1h' ELSE 'O3_8h' END
                          ORDER BY iaqi DESC NULLS LAST, pollutant))[1] AS top_pollutant
        FROM indexed
        GROUP BY station_id, day
        HAVING count(*) FILTER (WHERE pollutant <> 'o3_1h') > 0
    )
    SELECT station_id, day, pm25, pm10, aqi,
           CASE WHEN aqi > 50 THEN top_pollutant END,
           aqi_category(aqi), aqi <= 100,
           so2, no2, co, o3_1h, o3_8h
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
