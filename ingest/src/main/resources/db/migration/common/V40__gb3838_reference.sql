-- GB 3838-2002 surface water classes as data: the class limits per factor and water body, the
-- evaluation rounding (half-to-even, to metric.decimals) and the class of a single value.
-- The alerting module's GB 3838 preset is tested against these rows (one source of truth).

ALTER TABLE station
    ADD COLUMN water_body text NOT NULL DEFAULT 'river' CHECK (water_body IN ('river', 'lake'));

COMMENT ON COLUMN station.water_body IS 'GB 3838 water body of a river_section station: river, or lake (lakes and reservoirs: own TP limits, TN evaluated).';

CREATE TABLE gb3838_limit (
    factor_code  text     NOT NULL REFERENCES metric (code),
    water_body   text     NOT NULL CHECK (water_body IN ('river', 'lake')),
    class        smallint NOT NULL CHECK (class BETWEEN 1 AND 5),
    direction    text     NOT NULL CHECK (direction IN ('at_most', 'at_least', 'within')),
    lower_limit  numeric,
    upper_limit  numeric,
    PRIMARY KEY (factor_code, water_body, class),
    CHECK ((direction = 'at_most' AND lower_limit IS NULL AND upper_limit IS NOT NULL)
        OR (direction = 'at_least' AND lower_limit IS NOT NULL AND upper_limit IS NULL)
        OR (direction = 'within' AND lower_limit IS NOT NULL AND upper_limit IS NOT NULL))
);

COMMENT ON TABLE gb3838_limit IS 'GB 3838-2002 class limits (mg/L, pH unitless). A factor without rows for a water body is not evaluated there (TN for rivers).';

INSERT INTO gb3838_limit (factor_code, water_body, class, direction, lower_limit, upper_limit)
SELECT f.code, b.body, c.class, f.direction,
       CASE WHEN f.direction = 'at_most' THEN NULL WHEN f.direction = 'within' THEN 6 ELSE f.limits[c.class] END,
       CASE WHEN f.direction = 'at_least' THEN NULL WHEN f.direction = 'within' THEN 9 ELSE f.limits[c.class] END
FROM (VALUES
        ('w01001', 'within',   '{river,lake}'::text[], NULL::numeric[]),
        ('w01009', 'at_least', '{river,lake}',         '{7.5,6,5,3,2}'),
        ('w01019', 'at_most',  '{river,lake}',         '{2,4,6,10,15}'),
        ('w01018', 'at_most',  '{river,lake}',         '{15,15,20,30,40}'),
        ('w01017', 'at_most',  '{river,lake}',         '{3,3,4,6,10}'),
        ('w21003', 'at_most',  '{river,lake}',         '{0.15,0.5,1.0,1.5,2.0}'),
        ('w21011', 'at_most',  '{river}',              '{0.02,0.1,0.2,0.3,0.4}'),
        ('w21011', 'at_most',  '{lake}',               '{0.01,0.025,0.05,0.1,0.2}'),
        ('w21001', 'at_most',  '{lake}',               '{0.2,0.5,1.0,1.5,2.0}')
     ) AS f (code, direction, bodies, limits)
CROSS JOIN LATERAL unnest(f.bodies) AS b (body)
CROSS JOIN generate_series(1, 5) AS c (class);

-- Round half-to-even (banker's rounding), as the evaluation rules require; round() rounds half away from zero.
CREATE FUNCTION round_half_even(v numeric, places integer) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN abs(s - trunc(s)) = 0.5 THEN (trunc(s) + CASE WHEN mod(trunc(s), 2) = 0 THEN 0 ELSE sign(s) END)
                                          / power(10::numeric, places)
        ELSE round(v, places)
    END
    FROM (SELECT v * power(10::numeric, places) AS s) AS scaled
$$;

-- A value rounded half-to-even to the metric's evaluation decimals (metric.decimals); any metric
-- code, so dust and AQI use it for particulates too.
CREATE FUNCTION gb3838_round(p_factor text, p_value numeric) RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT round_half_even(p_value, m.decimals) FROM metric m WHERE m.code = p_factor
$$;

-- Class 1–5 of one value (rounded first), 6 for worse than V (劣V); NULL when the factor is not
-- evaluated for the water body. A value belongs to the first class whose limit it meets.
CREATE FUNCTION gb3838_value_class(p_factor text, p_water_body text, p_value numeric) RETURNS smallint
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN count(*) = 0 THEN NULL
                ELSE coalesce(min(l.class) FILTER (WHERE
                         (l.direction = 'at_most' AND r.v <= l.upper_limit)
                      OR (l.direction = 'at_least' AND r.v >= l.lower_limit)
                      OR (l.direction = 'within' AND r.v BETWEEN l.lower_limit AND l.upper_limit)), 6)
           END::smallint
    FROM gb3838_limit l
    CROSS JOIN (SELECT gb3838_round(p_factor, p_value) AS v) AS r
    WHERE l.factor_code = p_factor AND l.water_body = p_water_body
$$;

-- Exceedance multiple against the target class, as bulletins print it ("NH3-N/1.3"):
-- (value − limit) ÷ limit for "at most" factors, (limit − value) ÷ limit for DO, the distance
-- outside 6–9 in pH units for pH; half-to-even to 2 decimals. NULL when the value meets the target.
CREATE FUNCTION gb3838_exceedance(p_factor text, p_water_body text, p_value numeric, p_target smallint)
RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT round_half_even(CASE l.direction
               WHEN 'at_most'  THEN (r.v - l.upper_limit) / l.upper_limit
               WHEN 'at_least' THEN (l.lower_limit - r.v) / l.lower_limit
               ELSE greatest(l.lower_limit - r.v, r.v - l.upper_limit)
           END, 2)
    FROM gb3838_limit l
    CROSS JOIN (SELECT gb3838_round(p_factor, p_value) AS v) AS r
    WHERE l.factor_code = p_factor AND l.water_body = p_water_body AND l.class = p_target
      AND gb3838_value_class(p_factor, p_water_body, p_value) > p_target
$$;

CREATE FUNCTION gb3838_class_label(p_class smallint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (ARRAY['I', 'II', 'III', 'IV', 'V', '劣V'])[p_class]
$$;

-- Qualitative label (partly unconfirmed in the standard's reading): I–II 优, III 良好, IV 轻度污染, V 中度污染, 劣V 重度污染.
CREATE FUNCTION gb3838_quality_label(p_class smallint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (ARRAY['优', '优', '良好', '轻度污染', '中度污染', '重度污染'])[p_class]
$$;
